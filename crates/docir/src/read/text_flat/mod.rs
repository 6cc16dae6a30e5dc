//! Text copies of the whole web page (seed 002, `corpus/text-flat/`): its visible text,
//! navigation and footer included.
//!
//! - The article runs from the first `¶ Title` line to the previous/next-article line (or the
//!   page's table of contents); the rest is site chrome.
//! - Headings are the lines that start with `¶ `.
//! - Tables lost their cell boundaries. The header is the column names run together, with the
//!   `<div>`-wrapped ones on lines of their own (`NameType` / `Required` / `Default value` /
//!   ...); they are told apart by the column vocabulary. Each row is one line of cells run
//!   together (`passCodestringYes-Email ...123456`), continued on the next lines when its
//!   description had line breaks or bullets. Rows are given fused (`Row::fused`) and split
//!   by [`split_fused`] (module `split`) once the names and types other copies print are known.
//! - Code has no language tag: a sample-code section is all code, and a response example is
//!   the JSON value after the example label.

mod split;

use super::json_sample::json_end;
use super::pipe_table::{opens_code_span, rows_from_pipes};
use crate::blocks::{Block, BlockKind, Doc, Format, Inline, Row, Table};
use crate::cells::is_type_name;
use crate::diag::{Code, Diagnostic, Loc};
use crate::rows::Columns;
use crate::source::is_cjk;
use crate::vocab::{self, Role, Section};
pub use split::split_fused;
use split::starts_row;
use std::collections::HashSet;
use std::sync::Arc;

/// The text the website adds after an external link.
const OUTBOUND_LINK_TEXT: &str = "(opens new window)";

/// Longest header line split into column names, in characters (they are short).
const MAX_HEADER_CHARS: usize = 64;
/// Longest column name in a run-together header, in characters.
const MAX_HEADER_CELL_CHARS: usize = 24;

pub fn read(file: &Arc<str>, text: &str) -> Doc {
    let lines: Vec<String> = text.split('\n').map(clean_line).collect();
    let mut r =
        Reader { file, lines: &[], blocks: Vec::new(), diags: Vec::new(), section: None, expect_example: false };
    if let Some(start) = lines.iter().position(|l| heading_text(l).is_some()) {
        r.lines = &lines[..article_end(&lines, start)];
        r.run(start);
    }
    Doc { file: file.clone(), format: Format::TextFlat, blocks: r.blocks, diags: r.diags }
}

/// Drops the external-link marker the website prints after links.
fn clean_line(line: &str) -> String {
    if line.contains(OUTBOUND_LINK_TEXT) {
        line.replace(&format!(" {OUTBOUND_LINK_TEXT}"), "").replace(OUTBOUND_LINK_TEXT, "")
    } else {
        line.to_owned()
    }
}

/// `¶ Title` → `Title`.
fn heading_text(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix('¶')?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

/// Where the article that starts at `start` ends: at the previous/next-article line, or at
/// the page's table of contents (an indented `• ` item naming one of the article's headings;
/// lists inside the article are indented `•` items too).
fn article_end(lines: &[String], start: usize) -> usize {
    let mut headings: HashSet<&str> = HashSet::new();
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if vocab::is_page_nav(line) {
            return i;
        }
        if let Some(h) = heading_text(line) {
            headings.insert(h);
        } else if let Some(item) = line.strip_prefix(char::is_whitespace).map(str::trim_start) {
            if item.strip_prefix('•').is_some_and(|t| headings.contains(&t.trim())) {
                return i;
            }
        }
    }
    lines.len()
}

struct Reader<'a> {
    file: &'a Arc<str>,
    lines: &'a [String],
    blocks: Vec<Block>,
    diags: Vec<Diagnostic>,
    section: Option<Section>,
    /// After `示例结果：`: the next lines are the example.
    expect_example: bool,
}

impl Reader<'_> {
    /// `idx` is 0-based; blocks carry 1-based lines.
    fn push(&mut self, kind: BlockKind, idx: usize) {
        self.blocks.push(Block { kind, line: line_no(idx), col: None, span: None });
    }

    fn run(&mut self, start: usize) {
        let lines = self.lines;
        let title = heading_text(&lines[start]).unwrap_or_default();
        self.push(BlockKind::Heading { level: 1, text: Inline::text(title), anchor: None }, start);
        let mut i = self.skip_update_stamp(start + 1);
        while i < lines.len() {
            let line = &lines[i];
            let t = line.trim();
            if let Some(h) = heading_text(line) {
                self.heading(h, i);
                i += 1;
            } else if t.is_empty() {
                i += 1;
            } else if self.section == Some(Section::SampleCode) {
                i = self.code_section(i);
            } else if self.section == Some(Section::Response) && (self.expect_example || t.starts_with(['{', '['])) {
                i = self.example(i);
            } else if let Some(header) = header_start(t) {
                i = self.table(i, header);
            } else if bullet_item(line).is_some() {
                i = self.list(i);
            } else {
                self.paragraph(t, i);
                i += 1;
            }
        }
    }

    /// The `<LastUpdated />` stamp (`更新时间: 2023-11-17 03:01:26`) and the edit link after it.
    fn skip_update_stamp(&self, from: usize) -> usize {
        let next_text = |i: usize| (i..self.lines.len()).find(|&k| !self.lines[k].trim().is_empty());
        let Some(s) = next_text(from).filter(|&s| is_update_stamp(&self.lines[s])) else { return from };
        match next_text(s + 1) {
            Some(e) if is_edit_link(&self.lines[e]) => e + 1,
            _ => s + 1,
        }
    }

    fn heading(&mut self, h: &str, i: usize) {
        let std = vocab::section(h).map(|(s, _)| s);
        let dto = std.is_none() && self.section == Some(Section::DataStructure) && is_type_name(h);
        if !dto {
            self.section = std;
        }
        self.expect_example = false;
        let level = if dto { 3 } else { 2 };
        self.push(BlockKind::Heading { level, text: Inline::text(h), anchor: None }, i);
    }

    fn paragraph(&mut self, t: &str, i: usize) {
        if self.section == Some(Section::Response) && vocab::is_example_label(t) {
            self.expect_example = true;
        }
        let kind = if vocab::is_generated_note(t) {
            BlockKind::Quote(Inline::text(t))
        } else {
            BlockKind::Paragraph(Inline::text(t))
        };
        self.push(kind, i);
    }

    /// A sample-code section is code up to the next heading. Like a Markdown fence, the
    /// block's line is the one before its first line of code.
    fn code_section(&mut self, from: usize) -> usize {
        let end =
            (from..self.lines.len()).find(|&k| heading_text(&self.lines[k]).is_some()).unwrap_or(self.lines.len());
        let text = self.lines[from..end].join("\n").trim_end().to_owned();
        self.push(BlockKind::Code { lang: None, text }, from.saturating_sub(1));
        end
    }

    /// The response example: a JSON value (to where its brackets close), else the lines up
    /// to the next blank line.
    fn example(&mut self, from: usize) -> usize {
        self.expect_example = false;
        let is_heading = |l: &str| heading_text(l).is_some();
        // Pretty-printed JSON has no blank lines.
        let stop = |l: &str| l.trim().is_empty() || is_heading(l);
        let (text, next) = match json_end(self.lines, from, &stop) {
            Some((k, end)) => {
                let mut text = self.lines[from..k].join("\n");
                if k > from {
                    text.push('\n');
                }
                text.push_str(&self.lines[k][..end]);
                (text, k + 1)
            }
            None => {
                let end = (from..self.lines.len())
                    .find(|&k| self.lines[k].trim().is_empty() || is_heading(&self.lines[k]))
                    .unwrap_or(self.lines.len());
                (self.lines[from..end].join("\n"), end)
            }
        };
        self.push(BlockKind::Code { lang: None, text }, from.saturating_sub(1));
        next
    }

    /// A table: its header lines, then rows up to a blank line or a heading.
    fn table(&mut self, from: usize, mut header: Vec<String>) -> usize {
        let mut roles: Vec<Role> = header.iter().map(|h| vocab::role(h)).collect();
        let mut i = from + 1;
        while let Some(more) = self.lines.get(i).and_then(|l| header_more(l.trim(), &roles)) {
            roles.extend(more.iter().map(|h| vocab::role(h)));
            header.extend(more);
            i += 1;
        }
        let header: Vec<Inline> = header.into_iter().map(Inline::text).collect();
        let cols = Columns::of(&header);
        let mut rows: Vec<Row> = Vec::new();
        while let Some(line) = self.lines.get(i) {
            let t = line.trim();
            if t.is_empty() || heading_text(line).is_some() {
                break;
            }
            match rows.last_mut().and_then(|r| r.fused.as_mut()) {
                Some(fused) if !cols.as_ref().is_some_and(|c| starts_row(t, c)) => {
                    fused.push('\n');
                    fused.push_str(t);
                }
                _ => rows.push(Row { fused: Some(t.to_owned()), ..Row::new(Vec::new(), line_no(i)) }),
            }
            i += 1;
        }
        let i = self.rejoin_broken_rows(&mut rows, &header, i);
        self.push(BlockKind::Table(Table { header, rows, line: line_no(from), col: None, span: None }), from);
        i
    }

    /// A code span broken across lines (a multi-line sample) ends a table on the web page: the
    /// rest of the broken cell and the later rows follow, after a blank line, run together with
    /// pipes (`...*/| | guardVersion | string | 否 | ...`). They are read back into rows; returns
    /// the index after them.
    fn rejoin_broken_rows(&mut self, rows: &mut Vec<Row>, header: &[Inline], at: usize) -> usize {
        let lines = self.lines;
        let broken = rows
            .last()
            .and_then(|r| r.fused.as_deref())
            .is_some_and(|f| opens_code_span(f.split('\n').next().unwrap_or("")));
        if !broken || !lines.get(at).is_some_and(|l| l.trim().is_empty()) {
            return at;
        }
        let from = at + 1;
        let end = (from..lines.len())
            .find(|&k| lines[k].trim().is_empty() || heading_text(&lines[k]).is_some())
            .unwrap_or(lines.len());
        let text = lines[from..end].iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        let Some((rest_of_cell, recovered)) = rows_from_pipes(&text, header) else { return at };
        if let Some(fused) = rows.last_mut().and_then(|r| r.fused.as_mut()) {
            fused.push(' ');
            fused.push_str(&rest_of_cell);
        }
        let count = recovered.len();
        for cells in recovered {
            rows.push(Row::new(cells, line_no(from)));
        }
        self.diags.push(Diagnostic::note(
            Code::BrokenTable,
            Loc::new(self.file, line_no(from)),
            format!(
                "a cell broken across lines ended the table on the web page; {count} more rows read back \
                 from the lines after it"
            ),
        ));
        end
    }

    /// Indented `•` items: a list.
    fn list(&mut self, from: usize) -> usize {
        let lines = self.lines;
        let end = (from..lines.len()).find(|&k| bullet_item(&lines[k]).is_none()).unwrap_or(lines.len());
        let items = lines[from..end].iter().filter_map(|l| bullet_item(l)).map(Inline::text).collect();
        self.push(BlockKind::List(items), from);
        end
    }
}

/// `  • item` → `item`.
fn bullet_item(line: &str) -> Option<&str> {
    let item = line.strip_prefix(char::is_whitespace)?.trim_start().strip_prefix('•')?;
    Some(item.trim())
}

fn line_no(idx: usize) -> u32 {
    u32::try_from(idx + 1).unwrap_or(u32::MAX)
}

/// `更新时间: 2023-11-17 03:01:26` / `Update time: 2025-07-23 07:34:21`: a short label, a
/// colon, a date.
fn is_update_stamp(line: &str) -> bool {
    let t = line.trim();
    let Some(colon) = t.find([':', '：']) else { return false };
    let label = &t[..colon];
    let value = t[colon..].trim_start_matches([':', '：']).trim_start();
    let date: Vec<char> = value.chars().take(10).collect();
    label.chars().count() <= 24
        && date.len() == 10
        && date
            .iter()
            .enumerate()
            .all(|(i, c)| if i == 4 || i == 7 { *c == '-' || *c == '/' } else { c.is_ascii_digit() })
}

/// The edit link under the stamp: one short word (`编辑`, `Edit`).
fn is_edit_link(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().count() <= 12 && t.chars().all(char::is_alphabetic) && vocab::section(t).is_none()
}

/// Text that can be column names run together: letters only (no digits or punctuation
/// besides `?`), one script, and no word longer than a column name's.
fn headerish(t: &str) -> bool {
    if t.is_empty() || t.chars().count() > MAX_HEADER_CHARS {
        return false;
    }
    if !t.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '?' || c == '？') {
        return false;
    }
    let ascii = t.chars().any(|c| c.is_ascii_alphabetic());
    let cjk = t.chars().any(is_cjk);
    if ascii && cjk {
        return false;
    }
    // `NameTypeDescription` is three words; `requiredbooleanyes` is one too long to be a name.
    let mut word = 0usize;
    let mut prev_lower = false;
    for c in t.chars() {
        if c == ' ' || (prev_lower && c.is_ascii_uppercase()) {
            word = 0;
        }
        if c != ' ' {
            word += 1;
        }
        if c.is_ascii() && word > 12 {
            return false;
        }
        prev_lower = c.is_ascii_lowercase();
    }
    true
}

/// The first line of a table header: column names run together, starting with the name
/// column and including the type column (`名称类型`, `NameTypeDescription`).
fn header_start(t: &str) -> Option<Vec<String>> {
    if !headerish(t) {
        return None;
    }
    let cells = segment(t, &[])?;
    let roles: Vec<Role> = cells.iter().map(|c| vocab::role(c)).collect();
    (roles.len() >= 2 && roles[0] == Role::Name && roles.contains(&Role::Type)).then_some(cells)
}

/// A further header line (a `<div>`-wrapped column name): names of columns not seen yet.
fn header_more(t: &str, have: &[Role]) -> Option<Vec<String>> {
    if !headerish(t) {
        return None;
    }
    segment(t, have)
}

fn role_bit(r: Role) -> Option<u8> {
    Some(match r {
        Role::Name => 1,
        Role::Type => 2,
        Role::Required => 4,
        Role::Default => 8,
        Role::Description => 16,
        Role::Sample => 32,
        Role::Other => return None,
    })
}

/// Splits run-together column names into the most column names of distinct known roles,
/// none of them a role in `have`. `None` when the text is not made of column names.
fn segment(t: &str, have: &[Role]) -> Option<Vec<String>> {
    let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
    let n = bounds.len() - 1;
    let taken: u8 = have.iter().filter_map(|r| role_bit(*r)).fold(0, |a, b| a | b);
    // reach[pos][mask]: how position `pos` was reached with the roles in `mask` used.
    let mut reach: Vec<Vec<Option<(usize, u8)>>> = vec![vec![None; 64]; n + 1];
    reach[0][taken as usize] = Some((0, taken));
    for pos in 0..n {
        for mask in 0..64u8 {
            if reach[pos][mask as usize].is_none() {
                continue;
            }
            for end in pos + 1..=n.min(pos + MAX_HEADER_CELL_CHARS) {
                let piece = t[bounds[pos]..bounds[end]].trim();
                if piece.is_empty() || has_hump(piece) {
                    continue;
                }
                let Some(bit) = role_bit(vocab::role(piece)) else { continue };
                if mask & bit == 0 && reach[end][(mask | bit) as usize].is_none() {
                    reach[end][(mask | bit) as usize] = Some((pos, mask));
                }
            }
        }
    }
    let best = (0..64u8).filter(|&m| m != taken && reach[n][m as usize].is_some()).max_by_key(|m| m.count_ones())?;
    let mut cells = Vec::new();
    let (mut pos, mut mask) = (n, best);
    while pos > 0 {
        let (prev, prev_mask) = reach[pos][mask as usize]?;
        cells.push(t[bounds[prev]..bounds[pos]].trim().to_owned());
        (pos, mask) = (prev, prev_mask);
    }
    cells.reverse();
    Some(cells)
}

/// A lowercase letter followed by a capital: two words run together (`NameType`). A column
/// name is words separated by spaces, so it has none.
fn has_hump(s: &str) -> bool {
    s.as_bytes().windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(h: &[&str]) -> Columns {
        Columns::of(&h.iter().map(|s| Inline::text(*s)).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn header_lines_are_split_by_column_vocabulary() {
        assert_eq!(header_start("NameType").unwrap(), vec!["Name", "Type"]);
        assert_eq!(header_start("名称类型描述").unwrap(), vec!["名称", "类型", "描述"]);
        assert_eq!(header_start("NameTypeDescription").unwrap(), vec!["Name", "Type", "Description"]);
        let have = [Role::Name, Role::Type];
        assert_eq!(header_more("Is it required?", &have).unwrap(), vec!["Is it required?"]);
        assert_eq!(header_more("默认值", &have).unwrap(), vec!["默认值"]);
        assert_eq!(header_more("Type", &have), None);
        assert_eq!(header_start("typestring是-类型名称"), None);
        assert_eq!(header_more("defaultValuestringNoDefault value", &have), None);
        assert_eq!(header_start("校验方式优势劣势"), None);
    }

    #[test]
    fn row_starts() {
        let c = cols(&["名称", "类型", "是否必填", "描述", "示例值"]);
        assert!(starts_row("kindstring是部件种类：", &c));
        assert!(starts_row("labelLangObject否标签", &c));
        assert!(starts_row("label是标签", &c));
        assert!(!starts_row("- CHART: 图表", &c));
        assert!(!starts_row("CHART", &c));
        assert!(!starts_row("{\"a\":1}", &c));
        let r = cols(&["Name", "Type", "Description"]);
        assert!(starts_row("dataWidgetDtoResponse data", &r));
        assert!(!starts_row("Suspended", &r));
        assert!(!starts_row("iOS", &r));
    }

    const PAGE: &str = "Docs\n  • SDK\n    • Widgets\n  1. SDK\n  2. /\n\n¶ Create widget\n\n\
        Update time: 2024-01-02 03:04:05\nEdit\n\n\
        This document is automatically generated based on https://example.com/factory.\n\n\
        Creates a widget.\n\n\
        ¶ Method name\n\nManagementClient.createWidget\n\n\
        ¶ Request parameters\n\nNameType\nRequired\nDefault value\nDescription\nSample value\n\
        namestringYes-Widget name.Clock\n\
        kindstringYes-Widget kind:\n- CHART: a chart\n- TEXT: some text\nCHART\n\
        ownerWidgetOwnerDtoNo-Owner (see the Guide)\n\n\
        ¶ Sample code\n\nconst c = new ManagementClient({});\n\n  c.createWidget({});\n\n\
        ¶ Request response\n\nType: WidgetRespDto\n\nNameTypeDescription\ndataWidgetDtoResponse data\n\n\
        Sample result:\n\n{\n  \"data\": { \"name\": \"Clock\" }\n}\n\n\
        ¶ Data structure\n\n¶ WidgetDto\n\nNameType\nRequired\nDescription\nSample value\nnamestringYesWidget name\n\n\
        Previous article: List widgets Next article: Delete widget\n  • Method name\n\nCompany\n";

    fn doc() -> Doc {
        read(&Arc::from("f.txt"), PAGE)
    }

    #[test]
    fn the_article_and_its_blocks() {
        let d = doc();
        let k: Vec<String> = d
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, text, .. } => format!("{}:h{level} {}", b.line, text.flat()),
                BlockKind::Paragraph(i) => format!("{}:p {}", b.line, i.flat()),
                BlockKind::Quote(_) => format!("{}:q", b.line),
                BlockKind::Table(t) => format!("{}:table {}x{}", b.line, t.header.len(), t.rows.len()),
                BlockKind::Code { text, .. } => format!("{}:code {}", b.line, text.lines().count()),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(
            k,
            vec![
                "7:h1 Create widget",
                "12:q",
                "14:p Creates a widget.",
                "16:h2 Method name",
                "18:p ManagementClient.createWidget",
                "20:h2 Request parameters",
                "22:table 6x3",
                "34:h2 Sample code",
                "35:code 3",
                "40:h2 Request response",
                "42:p Type: WidgetRespDto",
                "44:table 3x1",
                "47:p Sample result:",
                "48:code 3",
                "53:h2 Data structure",
                "55:h3 WidgetDto",
                "57:table 5x1",
            ]
        );
    }

    #[test]
    fn rows_are_fused_with_their_continuation_lines() {
        let d = doc();
        let BlockKind::Table(t) = &d.blocks[6].kind else { panic!() };
        let header: Vec<String> = t.header.iter().map(Inline::flat).collect();
        assert_eq!(header, vec!["Name", "Type", "Required", "Default value", "Description", "Sample value"]);
        assert!(t.rows.iter().all(|r| r.cells.is_empty()));
        assert_eq!(
            t.rows[1].fused.as_deref(),
            Some("kindstringYes-Widget kind:\n- CHART: a chart\n- TEXT: some text\nCHART")
        );
        assert_eq!(t.rows[1].line, 28);
        assert_eq!(t.rows[2].line, 32);
    }

    #[test]
    fn rows_after_a_broken_code_cell_are_read_back() {
        let page = "¶ T\n\n¶ 请求参数\n\n名称类型\n是否必填\n默认值\n描述\n示例值\n\
            scriptstring是-脚本`function f() {\n\nreturn 1; }| | mode | string | 否 | - | 模式 | A | | quiet | boolean | 否 | - | 安静 |true`\n\n\
            ¶ 请求响应\n";
        let d = read(&Arc::from("f.txt"), page);
        let BlockKind::Table(t) = &d.blocks[2].kind else { panic!("{:?}", d.blocks) };
        assert_eq!(t.rows.len(), 3);
        assert!(t.rows[0].fused.as_deref().unwrap().ends_with("return 1; }"));
        assert_eq!(t.rows[1].cells[0].flat(), "mode");
        assert_eq!(t.rows[2].cells[5].flat(), "true");
        assert_eq!(d.diags[0].code, Code::BrokenTable);
        assert!(matches!(&d.blocks[3].kind, BlockKind::Heading { level: 2, .. }));
    }

    #[test]
    fn lists_in_the_article_and_the_table_of_contents_after_it() {
        let page = "Nav\n  • Widgets\n¶ T\n\n¶ 注意\n\n  • 第一点\n  • 第二点\n\n¶ 方法名称\n\nClient.m\n\n  • 注意\n  • 方法名称\n\nFooter\n";
        let d = read(&Arc::from("f.txt"), page);
        assert!(matches!(&d.blocks[2].kind, BlockKind::List(items) if items.len() == 2 && items[1].flat() == "第二点"));
        assert_eq!(d.blocks.len(), 5);
    }

    #[test]
    fn outbound_link_text_is_dropped() {
        assert_eq!(clean_line("see API Code List (opens new window)"), "see API Code List");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let c = cols(&["名称", "类型", "是否必填", "默认值", "描述", "示例值"]);
        for s in
            ["", "¶", "¶ ", "¶ T\n名称类型\n", "¶ T\n¶ 请求响应\n{", "¶ T\n¶ 请求响应\n示例结果：\n", "x\u{1F600}y"]
        {
            let _ = read(&Arc::from("f.txt"), s);
            let _ = split_fused(s, &c, &[]);
            let _ = split_fused(s, &c, &[(s.to_owned(), s.to_owned())]);
        }
        let long = "a".repeat(100_000) + "string是-";
        let _ = split_fused(&long, &c, &[]);
        let _ = read(&Arc::from("f.txt"), &format!("¶ T\n¶ 请求参数\n名称类型\n{long}\n"));
    }
}
