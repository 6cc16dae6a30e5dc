//! Pipe tables as text: a row line split into cells (GFM, or as the docs site renders it), and
//! rows that ran together with their pipes read back. Shared by the Markdown and text readers.

use crate::blocks::Inline;
use crate::cells::{self, TypeCell};
use crate::vocab;

/// A row line that ends with an unescaped `|`.
pub fn ends_with_pipe(t: &str) -> bool {
    t.ends_with('|') && !t.ends_with("\\|")
}

/// Splits a table row's source line into raw cell texts (GFM rules: unescaped pipes split,
/// even inside code spans; the outer pipes are optional).
pub fn split_row(line: &str) -> Vec<&str> {
    split_cells(line, false)
}

/// Splits like the docs site's renderer (markdown-it): a `|` inside a code span does not end
/// the cell. The factory writes such pipes (`a|b` samples), so this is how readers saw the page.
pub fn split_row_as_published(line: &str) -> Vec<&str> {
    split_cells(line, true)
}

fn split_cells(line: &str, code_spans: bool) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if ends_with_pipe(t) { &t[..t.len() - 1] } else { t };
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' if code_spans => {
                // A run of n backticks opens a code span closed by the next run of exactly n.
                let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let mut j = i + n;
                let mut close = None;
                while j < bytes.len() {
                    if bytes[j] == b'`' {
                        let m = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                        if m == n {
                            close = Some(j + m);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                i = close.unwrap_or(i + n);
            }
            b'|' => {
                cells.push(&t[start..i]);
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    cells.push(&t[start.min(t.len())..]);
    cells
}

/// An odd number of backticks: a code span opened and not closed (on the web page it broke
/// the table).
pub fn opens_code_span(s: &str) -> bool {
    s.matches('`').count() % 2 == 1
}

/// Rows run together with pipes (`...*/| | mode | string | 否 | ... | A | | retries | ...`)
/// read back into rows for a table with `header`: the text before the first pipe (the rest of
/// the broken cell), and the rows, each starting at a field name followed by a type (and a
/// yes/no where the required column is). `None` when no row is found.
pub fn rows_from_pipes(text: &str, header: &[Inline]) -> Option<(String, Vec<Vec<Inline>>)> {
    let mut pieces = text.split('|');
    let rest_of_cell = pieces.next().unwrap_or("").trim().to_owned();
    let cells: Vec<&str> = pieces.map(|c| c.trim().trim_matches('`').trim()).collect();
    let required_at = header.iter().position(|h| vocab::role(&h.flat()) == vocab::Role::Required);
    let starts: Vec<usize> = (0..cells.len()).filter(|&j| starts_field_row(&cells[j..], required_at)).collect();
    if starts.is_empty() {
        return None;
    }
    let rows = starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let stop = starts.get(k + 1).copied().unwrap_or(cells.len()).min(s + header.len());
            cells[s..stop].iter().map(|c| Inline::text(c.replace("<br>", " "))).collect()
        })
        .collect();
    Some((rest_of_cell, rows))
}

/// A field name, then a type, then (when the table has one) a yes/no where the required
/// column is.
fn starts_field_row(cells: &[&str], required_at: Option<usize>) -> bool {
    cells.len() >= 2
        && cells::is_field_name(cells[0])
        && matches!(cells::type_text(cells[1]), TypeCell::Known(_))
        && required_at.is_none_or(|r| cells.get(r).is_some_and(|c| vocab::yes_no(c).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_row_handles_escapes_and_outer_pipes() {
        assert_eq!(split_row(" | a | b \\| c |"), vec![" a ", " b \\| c "]);
        assert_eq!(split_row("| a | b"), vec![" a ", " b"]);
    }
}
