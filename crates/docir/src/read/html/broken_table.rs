//! Tables that broke into a paragraph upstream.
//!
//! A Markdown cell broken across lines (a multi-line example string) ends the table at the
//! first continuation line without a `|`. Everything up to the next blank line, including the
//! following rows, becomes one paragraph: rows separated by `| |` (the newline between them
//! collapsed), backticks paired across cell boundaries (so `<code>` spans straddle cells), and
//! `<br>` inside those accidental code spans shown literally.
//!
//! The paragraph is turned back into the Markdown it came from (code spans get their backticks
//! back, links and breaks their tags), split at its pipes, and read as rows of the table's
//! width where the structure says so: a blank boundary cell, then a name cell and a type cell
//! in the table's name and type columns. Each recovered cell is parsed like a Markdown cell, so
//! the rows read exactly as the Markdown copy's do.

use crate::blocks::{Inline, Span, Table};
use crate::cells::{self, TypeCell};
use crate::read::inline_md::inline_of;
use crate::rows::Columns;
use crate::vocab::Role;

/// Wider tables are not parameter tables; the search below is bounded by the width.
const MAX_COLUMNS: usize = 32;

/// What a broken-table paragraph gives back to its table.
#[derive(Debug, PartialEq)]
pub struct Recovery {
    /// The table's last row's last cell, joined with the start of the paragraph.
    pub joined_cell: Inline,
    /// Cells of the table's last row that come after the broken cell.
    pub rest_of_row: Vec<Inline>,
    /// Complete rows, in order.
    pub rows: Vec<Vec<Inline>>,
    /// Text between or after the rows that does not have the table's structure.
    pub lost: Vec<String>,
}

/// Reads `para` as the continuation of `table`, when its structure says it is one.
pub fn recover(table: &Table, para: &Inline) -> Option<Recovery> {
    let n = table.header.len();
    let cols = Columns::of(&table.header)?;
    let last = table.rows.last()?;
    if !(2..=MAX_COLUMNS).contains(&n) {
        return None;
    }
    let name_col = cols.roles.iter().position(|&r| r == Role::Name)?;
    let type_col = cols.roles.iter().position(|&r| r == Role::Type)?;
    let source = to_markdown(para);
    let tokens = split_pipes(&source);
    if tokens.len() < n + 2 {
        return None;
    }
    let shape = Shape { n, name_col, type_col };
    // How many cells the broken row still owes: the table's width minus the cells it has,
    // unless the minifier dropped empty ones, so every count is tried; the expected one wins ties.
    let expected = n.saturating_sub(last.cells.len());
    let mut best: Option<(usize, Parsed)> = None;
    for owed in std::iter::once(expected).chain((0..n).filter(|&o| o != expected)) {
        if owed + 1 >= tokens.len() {
            continue;
        }
        let parsed = shape.rows(&tokens, 1 + owed);
        if parsed.rows.len() > best.as_ref().map_or(0, |(_, b)| b.rows.len()) {
            best = Some((owed, parsed));
        }
    }
    let (owed, parsed) = best?;
    let broken = last.cells.last().map(to_markdown).unwrap_or_default();
    Some(Recovery {
        joined_cell: inline_of(&format!("{broken}\n{}", tokens[0].trim())),
        rest_of_row: tokens[1..=owed].iter().map(|t| inline_of(t)).collect(),
        rows: parsed.rows.iter().map(|r| r.iter().map(|t| inline_of(t)).collect()).collect(),
        lost: parsed.lost,
    })
}

struct Shape {
    n: usize,
    name_col: usize,
    type_col: usize,
}

struct Parsed<'a> {
    rows: Vec<&'a [&'a str]>,
    lost: Vec<String>,
}

impl Shape {
    /// Reads rows from `tokens[start..]`, where `start` is a row boundary. Text that does not
    /// have the row structure is skipped up to the next place that does, and kept as lost.
    fn rows<'a>(&self, tokens: &'a [&'a str], start: usize) -> Parsed<'a> {
        let mut rows = Vec::new();
        let mut lost = Vec::new();
        let mut p = start;
        while p < tokens.len() {
            if self.row_at(tokens, p) {
                rows.push(&tokens[p + 1..=p + self.n]);
                p += self.n + 1;
                continue;
            }
            let next = (p + 1..tokens.len()).find(|&q| self.row_at(tokens, q)).unwrap_or(tokens.len());
            let skipped = tokens[p..next].join("|");
            let skipped = skipped.trim().trim_matches('|').trim();
            if !skipped.is_empty() {
                lost.push(skipped.to_owned());
            }
            p = next;
        }
        Parsed { rows, lost }
    }

    /// Whether a row starts after boundary `p`: the boundary is blank, and the row's name and
    /// type cells read as a field name and a type.
    fn row_at(&self, tokens: &[&str], p: usize) -> bool {
        if p + self.n >= tokens.len() || !tokens[p].trim().is_empty() {
            return false;
        }
        let name = tokens[p + 1 + self.name_col].trim();
        // A cheap test first: most positions fail here without a Markdown parse.
        if name.is_empty() || !name.trim_matches('`').chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        if !cells::is_field_name(&inline_of(name).flat()) {
            return false;
        }
        !matches!(cells::type_cell(&inline_of(tokens[p + 1 + self.type_col])), TypeCell::Unknown(_))
    }
}

/// The Markdown an inline was rendered from, as near as the spans tell: code spans get their
/// backticks back, links and line breaks their HTML tags.
pub fn to_markdown(inline: &Inline) -> String {
    let mut out = String::new();
    for span in &inline.spans {
        match span {
            Span::Text(t) => out.push_str(t),
            Span::Code(c) => {
                // An accidental span ends where a real one began, usually after a space that
                // separates it from the text before (`<br>- \`X\``). The minifier trimmed that
                // space off the end of the `<code>`; put it back, or the bullet is lost.
                let fence = "`".repeat(longest_backtick_run(c) + 1);
                out.push_str(&format!("{fence}{c} {fence}"));
            }
            Span::Link { href, text } => {
                out.push_str(&format!("<a href=\"{}\">{text}</a>", href.replace('"', "&quot;")))
            }
            Span::Break => out.push_str("<br>"),
        }
    }
    out
}

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Splits at every `|` that is not escaped with a backslash (GFM splits inside code spans too).
fn split_pipes(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' => escaped = !escaped,
            '|' if !escaped => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => escaped = false,
        }
    }
    out.push(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::Row;

    fn table(header: &[&str], rows: &[&[Inline]]) -> Table {
        Table {
            header: header.iter().map(|h| Inline::text(*h)).collect(),
            rows: rows.iter().map(|r| Row::new(r.to_vec(), 1)).collect(),
            line: 1,
            col: None,
            span: None,
        }
    }

    fn code(s: &str) -> Span {
        Span::Code(s.into())
    }

    fn text(s: &str) -> Span {
        Span::Text(s.into())
    }

    /// A widget table whose `style` sample was a two-line string. Rendered, the rest of the
    /// table is one paragraph: its backticks pair across cells, the last one is left literal.
    fn broken() -> (Table, Inline) {
        let t = table(
            &["Name", "Type", "Required", "Description", "Sample"],
            &[&[
                Inline::text("style"),
                Inline::text("string"),
                Inline::text("No"),
                Inline::text("Widget style"),
                Inline::text("`h1 {"),
            ]],
        );
        let para = Inline {
            spans: vec![
                text("color: red; }"),
                code("| | size | number | No | Size in px:<br>-"),
                text("S`: small"),
                Span::Break,
                text(" | 10 | | label | string | Yes | Label | |"),
            ],
        };
        (t, para)
    }

    #[test]
    fn rows_are_recovered_from_the_paragraph() {
        let (t, para) = broken();
        let r = recover(&t, &para).expect("recognized");
        let joined = r.joined_cell.codes().next().expect("the sample is code again");
        assert!(joined.starts_with("h1 {") && joined.ends_with("color: red; }"), "{joined}");
        assert!(r.rest_of_row.is_empty());
        let names: Vec<String> = r.rows.iter().map(|row| row[0].flat()).collect();
        assert_eq!(names, vec!["size", "label"]);
        // The accidental code span is undone: `S` is code again, `<br>` a break.
        let desc = &r.rows[0][3];
        assert_eq!(desc.codes().collect::<Vec<_>>(), vec!["S"]);
        assert_eq!(desc.lines().len(), 3);
        // The bullet's space, trimmed by the minifier at the end of the accidental span, is back.
        assert_eq!(desc.lines()[1].plain(), "- S: small");
        assert_eq!(r.rows[0][4].flat(), "10");
        assert!(r.lost.is_empty());
    }

    #[test]
    fn text_without_the_row_structure_is_reported_as_lost() {
        let (t, mut para) = broken();
        para.spans.push(text(" stray | words | here"));
        let r = recover(&t, &para).expect("recognized");
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.lost, vec!["stray | words | here".to_owned()]);
    }

    #[test]
    fn prose_with_pipes_is_not_a_broken_table() {
        let (t, _) = broken();
        let para = Inline::text("Pick a | b | c or d | e | f or g | h | i or j | k or l | m | n.");
        assert_eq!(recover(&t, &para), None);
    }

    #[test]
    fn owed_cells_complete_the_broken_row() {
        // The description cell broke: the sample cell follows in the paragraph.
        let t = table(
            &["Name", "Type", "Description", "Sample"],
            &[&[Inline::text("a"), Inline::text("string"), Inline::text("first line")]],
        );
        let para = Inline::text("second line | `x` | | b | number | B | `1` |");
        let r = recover(&t, &para).expect("recognized");
        assert_eq!(r.joined_cell.lines().len(), 2);
        assert_eq!(r.rest_of_row.len(), 1);
        assert_eq!(r.rest_of_row[0].codes().next(), Some("x"));
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0][0].flat(), "b");
    }

    #[test]
    fn markdown_round_trip_of_spans() {
        let i = Inline {
            spans: vec![text("a "), code("x`y"), Span::Break, Span::Link { href: "#Dto".into(), text: "Dto".into() }],
        };
        assert_eq!(to_markdown(&i), "a ``x`y ``<br><a href=\"#Dto\">Dto</a>");
        assert_eq!(split_pipes("a | b \\| c |"), vec!["a ", " b \\| c ", ""]);
    }
}
