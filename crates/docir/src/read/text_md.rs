//! Text copies of the web page that keep pipe tables (seed 001, `corpus/text-md/`).
//!
//! The page was rendered to HTML and turned back into text, so most structure is gone:
//! - headings are plain lines: the first line is the title, the standard sections are known by
//!   their names (`vocab::section`), and inside the data-structure section a DTO heading is an
//!   identifier on the line before a table;
//! - code is not fenced: its language tag (`ts`, `json`, ...) stands alone on the line before
//!   it, and its last line is glued to whatever follows (`})();请求响应`, `}数据结构`);
//! - table rows may have lost a cell (the first one, or an empty last one); the cells are given
//!   as they are and `rows::align` realigns them;
//! - `<br>` became a space and bullet lists inside cells are flattened into one line.

use super::json_sample::json_end;
use super::pipe_table::{opens_code_span, rows_from_pipes, split_row};
use crate::blocks::{Block, BlockKind, Doc, Format, Inline, Row, Table};
use crate::cells::is_type_name;
use crate::diag::{Code, Diagnostic, Loc};
use crate::source::{is_cjk, subspan};
use crate::vocab::{self, Section};
use std::sync::Arc;

/// Language tags of code blocks (the fence info strings the docs use, and common others).
const CODE_TAGS: &[&str] = &[
    "json",
    "ts",
    "typescript",
    "js",
    "javascript",
    "jsx",
    "tsx",
    "java",
    "go",
    "golang",
    "csharp",
    "c#",
    "cs",
    "php",
    "python",
    "py",
    "txt",
    "text",
    "plaintext",
    "html",
    "xml",
    "css",
    "bash",
    "sh",
    "shell",
    "http",
    "yaml",
    "yml",
    "sql",
    "kotlin",
    "swift",
    "ruby",
    "rust",
    "dart",
];

/// How far back from a line's end a glued heading is looked for, in characters.
const MAX_GLUED_HEADING_CHARS: usize = 24;

pub fn read(file: &Arc<str>, text: &str) -> Doc {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut r =
        Reader { file, text, lines: &lines, blocks: Vec::new(), diags: Vec::new(), section: None, titled: false };
    r.run();
    Doc { file: file.clone(), format: Format::TextMd, blocks: r.blocks, diags: r.diags }
}

struct Reader<'a> {
    file: &'a Arc<str>,
    /// The page's text; `lines` are slices of it.
    text: &'a str,
    lines: &'a [&'a str],
    blocks: Vec<Block>,
    diags: Vec<Diagnostic>,
    section: Option<Section>,
    titled: bool,
}

/// A code block read from the lines, and where reading goes on.
struct CodeRead<'a> {
    text: String,
    /// Index of the next line to read.
    next: usize,
    /// What followed the code on its last line (a glued heading), with that line's index.
    rest: Option<(usize, &'a str)>,
}

impl<'a> Reader<'a> {
    fn push(&mut self, kind: BlockKind, idx: usize) {
        self.blocks.push(Block { kind, line: line_no(idx), col: None, span: None });
    }

    fn run(&mut self) {
        let lines = self.lines;
        let mut next = 0;
        // The part of a line left after a code block glued to it; read as a line of its own.
        let mut carry: Option<(usize, &'a str)> = None;
        loop {
            let (idx, line, whole) = match carry.take() {
                Some((idx, rest)) => (idx, rest, false),
                None if next < lines.len() => {
                    next += 1;
                    (next - 1, lines[next - 1], true)
                }
                None => break,
            };
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            if !self.titled {
                self.titled = true;
                self.push(BlockKind::Heading { level: 1, text: Inline::text(t), anchor: None }, idx);
                continue;
            }
            if let Some((s, _)) = vocab::section(t) {
                self.section = Some(s);
                self.push(BlockKind::Heading { level: 2, text: Inline::text(t), anchor: None }, idx);
                continue;
            }
            if whole && is_table_start(lines, idx) {
                let (mut table, mut after) = read_table(self.text, lines, idx);
                if let Some(end) = rejoin_broken_rows(lines, after, &mut table) {
                    self.diags.push(Diagnostic::note(
                        Code::BrokenTable,
                        Loc::new(self.file, line_no(after)),
                        format!(
                            "a cell broken across lines ended the table on the web page; its remaining rows were \
                             read back from lines {}-{}",
                            line_no(after),
                            end
                        ),
                    ));
                    after = end;
                }
                self.push(BlockKind::Table(table), idx);
                next = after;
                continue;
            }
            if self.section == Some(Section::DataStructure) && is_type_name(t) && next_is_table(lines, idx + 1) {
                self.push(BlockKind::Heading { level: 3, text: Inline::text(t), anchor: None }, idx);
                continue;
            }
            if let Some(lang) = code_tag(t).filter(|_| starts_code(lines, idx + 1)) {
                let code = read_code(lines, idx + 1, lang);
                self.push(BlockKind::Code { lang: Some(lang.to_owned()), text: code.text }, idx);
                next = code.next;
                carry = code.rest;
                continue;
            }
            let kind = if vocab::is_generated_note(t) {
                BlockKind::Quote(Inline::text(t))
            } else {
                BlockKind::Paragraph(Inline::text(t))
            };
            self.push(kind, idx);
        }
    }
}

fn line_no(idx: usize) -> u32 {
    u32::try_from(idx + 1).unwrap_or(u32::MAX)
}

/// The language of a code-tag line (`ts`, `C#`, ...), spelled as on the page.
fn code_tag(t: &str) -> Option<&str> {
    CODE_TAGS.iter().any(|tag| t.eq_ignore_ascii_case(tag)).then_some(t)
}

/// Whether the line after a code tag can begin code (not blank, not a heading or a table).
fn starts_code(lines: &[&str], idx: usize) -> bool {
    let Some(l) = lines.get(idx) else { return false };
    let t = l.trim();
    !t.is_empty() && vocab::section(t).is_none() && !is_table_start(lines, idx)
}

fn is_table_start(lines: &[&str], idx: usize) -> bool {
    lines[idx].trim_start().starts_with('|') && lines.get(idx + 1).is_some_and(|l| is_separator(l))
}

/// `|---|---|` (also with spaces and alignment colons).
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|')
        && t.contains('-')
        && split_row(t).iter().all(|c| {
            let c = c.trim();
            !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':')
        })
}

fn next_is_table(lines: &[&str], from: usize) -> bool {
    (from..lines.len()).find(|&i| !lines[i].trim().is_empty()).is_some_and(|i| is_table_start(lines, i))
}

/// Reads a pipe table whose header is at `idx`; returns it and the index after it.
fn read_table(text: &str, lines: &[&str], idx: usize) -> (Table, usize) {
    let cells_of = |l: &str| -> Vec<Inline> { split_row(l).into_iter().map(|c| Inline::text(c.trim())).collect() };
    let header = cells_of(lines[idx]);
    let mut rows = Vec::new();
    let mut i = idx + 2;
    while i < lines.len() && lines[i].trim_start().starts_with('|') && !is_separator(lines[i]) {
        let cells = cells_of(lines[i]);
        let mut row = Row::new(cells, line_no(i));
        row.cell_spans = split_row(lines[i]).into_iter().filter_map(|c| subspan(text, c.trim())).collect();
        rows.push(row);
        i += 1;
    }
    (Table { header, rows, line: line_no(idx), col: None, span: None }, i)
}

/// A code span broken across lines (a multi-line sample) ends a table on the web page: the
/// rest of the broken cell and all later rows are run together into the lines after it
/// (`...*/| | guardVersion | string | 否 | ... | Advanced | | customLoadingImage | ...`). When
/// the table's last cell opens a code span it does not close, those lines are split back into
/// rows; returns the index after them.
fn rejoin_broken_rows(lines: &[&str], from: usize, table: &mut Table) -> Option<usize> {
    let last_cell = table.rows.last()?.cells.last()?.plain();
    if !opens_code_span(&last_cell) {
        return None;
    }
    let end = (from..lines.len())
        .find(|&k| {
            let t = lines[k].trim();
            t.is_empty() || !t.contains('|') || vocab::section(t).is_some() || is_table_start(lines, k)
        })
        .unwrap_or(lines.len());
    if end == from {
        return None;
    }
    let (rest_of_cell, rows) = rows_from_pipes(&lines[from..end].join(" "), &table.header)?;
    if let Some(last) = table.rows.last_mut().and_then(|r| r.cells.last_mut()) {
        last.push_text(&format!(" {rest_of_cell}"));
    }
    for cells in rows {
        table.rows.push(Row::new(cells, line_no(from)));
    }
    Some(end)
}

/// Reads code from `start` to where it ends: where a JSON value closes, at a heading or a
/// table, or at a heading glued to its last line.
fn read_code<'a>(lines: &[&'a str], start: usize, lang: &str) -> CodeRead<'a> {
    let first = lines[start].trim_start();
    if lang.eq_ignore_ascii_case("json") || first.starts_with(['{', '[']) {
        // The JSON may not close before the code would end anyway (then that end is taken).
        let stop = |l: &str| {
            vocab::section(l.trim()).is_some() || l.trim_start().starts_with('|') || glued_heading(l).is_some()
        };
        if let Some((k, end)) = json_end(lines, start, &stop) {
            let mut text = lines[start..k].join("\n");
            if k > start {
                text.push('\n');
            }
            text.push_str(&lines[k][..end]);
            let rest = &lines[k][end..];
            return CodeRead { text, next: k + 1, rest: (!rest.trim().is_empty()).then_some((k, rest)) };
        }
    }
    for k in start..lines.len() {
        if k > start && (vocab::section(lines[k].trim()).is_some() || is_table_start(lines, k)) {
            return CodeRead { text: trim_code(&lines[start..k].join("\n")), next: k, rest: None };
        }
        if let Some(p) = glued_heading(lines[k]) {
            let mut text = lines[start..k].join("\n");
            if k > start {
                text.push('\n');
            }
            text.push_str(&lines[k][..p]);
            return CodeRead { text, next: k + 1, rest: Some((k, &lines[k][p..])) };
        }
    }
    CodeRead { text: trim_code(&lines[start..].join("\n")), next: lines.len(), rest: None }
}

fn trim_code(s: &str) -> String {
    s.trim_end().to_owned()
}

/// Where a standard section name glued to the end of a code line begins (`})();请求响应`,
/// `}Data structure`). The code must end right before it: not in a space, and for a Chinese
/// heading not in a Chinese word (so `// 设置请求参数` is not split).
fn glued_heading(line: &str) -> Option<usize> {
    let t = line.trim_end();
    let starts: Vec<usize> =
        t.char_indices().rev().take(MAX_GLUED_HEADING_CHARS).map(|(i, _)| i).filter(|&i| i > 0).collect();
    // Longest suffix first: `Request response`, not `response`.
    for &p in starts.iter().rev() {
        let (code, heading) = t.split_at(p);
        if vocab::section(heading).is_none() || !looks_like_heading(heading) {
            continue;
        }
        let Some(last) = code.chars().next_back() else { continue };
        let joined_word = heading.chars().any(is_cjk) && is_cjk(last);
        if !last.is_whitespace() && !joined_word {
            return Some(p);
        }
    }
    None
}

/// A section name as the page prints it as a heading: four or more CJK characters
/// (`请求响应`), or capitalized words (`Data structure`). Short words like `参数` or `response`
/// are too common at the end of code to be taken for glued headings.
fn looks_like_heading(s: &str) -> bool {
    if s.chars().any(is_cjk) {
        s.chars().count() >= 4
    } else {
        s.starts_with(|c: char| c.is_ascii_uppercase()) && s.contains(' ')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Doc {
        read(&Arc::from("t.txt"), s)
    }

    #[test]
    fn table_cells_have_the_spans_of_their_text() {
        let src = "Bind widget\n\n| Name | Type |\n|---|---|\n| a |  string |\n";
        let d = doc(src);
        let t = d.blocks.iter().find_map(|b| if let BlockKind::Table(t) = &b.kind { Some(t) } else { None }).unwrap();
        let cells: Vec<&str> = t.rows[0].cell_spans.iter().map(|s| &src[s.offset()..s.offset() + s.len()]).collect();
        assert_eq!(cells, ["a", "string"]);
    }

    fn kinds(d: &Doc) -> Vec<String> {
        d.blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, text, .. } => format!("h{level} {}", text.flat()),
                BlockKind::Paragraph(i) => format!("p {}", i.flat()),
                BlockKind::Quote(i) => format!("q {}", i.flat()),
                BlockKind::List(_) => "list".into(),
                BlockKind::Table(t) => format!("table {}x{}", t.header.len(), t.rows.len()),
                BlockKind::Code { lang, text } => format!("code {} {}", lang.as_deref().unwrap_or("-"), text),
                BlockKind::Include(p) => format!("include {p}"),
            })
            .collect()
    }

    const PAGE: &str = "创建小部件\n\
        此文档根据 https://example.com/factory 基于 https://example.com/api V3 API 自动生成。\n\
        创建一个小部件。\n\
        方法名称\n\
        ManagementClient.createWidget\n\
        请求参数\n\
        | 名称 | 类型 | 是否必填 | 默认值 | 描述 | 示例值 |\n\
        |---|---|---|---|---|---|\n\
        | name | string | 是 | - | 名称 | 天气 |\n\
        | string | 是 | - | 类型: - CHART: 图表 - TEXT: 文本 | CHART |\n\
        示例代码\n\
        ts\n\
        const c = new ManagementClient({});\n\
        (async () => {\n\
        const result = await c.createWidget({ name: '天气' });\n\
        })();请求响应\n\
        类型： WidgetRespDto\n\
        | 名称 | 类型 | 描述 |\n\
        |---|---|---|\n\
        | data | WidgetDto | 响应数据 |\n\
        示例结果：\n\
        json\n\
        {\n\
        \"data\": { \"name\": \"}\" }\n\
        }数据结构\n\
        WidgetDto\n\
        | 名称 | 类型 | 是否必填 | 描述 | 示例值 |\n\
        |---|---|---|---|---|\n\
        | name | string | 是 | 名称 |\n";

    #[test]
    fn page_structure() {
        let d = doc(PAGE);
        let k = kinds(&d);
        assert_eq!(k[0], "h1 创建小部件");
        assert!(k[1].starts_with("q 此文档根据"));
        assert_eq!(k[2], "p 创建一个小部件。");
        assert_eq!(k[3], "h2 方法名称");
        assert_eq!(k[5], "h2 请求参数");
        assert_eq!(k[6], "table 6x2");
        assert_eq!(k[7], "h2 示例代码");
        assert!(k[8].starts_with("code ts const c") && k[8].ends_with("})();"), "{}", k[8]);
        assert_eq!(k[9], "h2 请求响应");
        assert_eq!(k[10], "p 类型： WidgetRespDto");
        assert_eq!(k[11], "table 3x1");
        assert_eq!(k[12], "p 示例结果：");
        assert_eq!(k[13], "code json {\n\"data\": { \"name\": \"}\" }\n}");
        assert_eq!(k[14], "h2 数据结构");
        assert_eq!(k[15], "h3 WidgetDto");
        assert_eq!(k[16], "table 5x1");
        assert_eq!(k.len(), 17);
    }

    #[test]
    fn lines_are_one_based_and_glued_headings_keep_their_line() {
        let d = doc(PAGE);
        let line_of = |want: &str| d.blocks.iter().find(|b| kinds_one(b) == want).map(|b| b.line);
        assert_eq!(line_of("h1 创建小部件"), Some(1));
        assert_eq!(line_of("h2 请求参数"), Some(6));
        assert_eq!(line_of("h2 请求响应"), Some(16));
        assert_eq!(line_of("h2 数据结构"), Some(25));
        let tables: Vec<&Table> = d
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables[0].line, 7);
        assert_eq!(tables[0].rows[1].line, 10);
    }

    fn kinds_one(b: &Block) -> String {
        match &b.kind {
            BlockKind::Heading { level, text, .. } => format!("h{level} {}", text.flat()),
            _ => String::new(),
        }
    }

    #[test]
    fn rows_keep_their_real_cells() {
        let d = doc(PAGE);
        let BlockKind::Table(t) = &d.blocks[6].kind else { panic!() };
        assert_eq!(t.rows[0].cells.len(), 6);
        assert_eq!(t.rows[1].cells.len(), 5);
        assert_eq!(t.rows[1].cells[3].flat(), "类型: - CHART: 图表 - TEXT: 文本");
        let BlockKind::Table(dto) = &d.blocks[16].kind else { panic!() };
        assert_eq!(dto.rows[0].cells.len(), 4);
    }

    #[test]
    fn glued_headings_need_a_code_like_end() {
        assert_eq!(glued_heading("})();请求响应"), Some("})();".len()));
        assert_eq!(glued_heading("print(resp)Request response"), Some("print(resp)".len()));
        assert_eq!(glued_heading("var url = client.BuildAuthUrl请求参数"), Some("var url = client.BuildAuthUrl".len()));
        assert_eq!(glued_heading("// 设置请求参数"), None);
        assert_eq!(glued_heading("# see Data structure"), None);
        assert_eq!(glued_heading("x = data.response"), None);
        assert_eq!(glued_heading("请求参数"), None);
    }

    #[test]
    fn english_page_with_method_in_code_and_unbalanced_json() {
        let d = doc("Bind phone\n\
            Method name\n\
            csharp\n\
            AuthenticationClient.BindPhoneRequest parameters\n\
            Request response\n\
            Sample result:\n\
            json\n\
            {\n\
            \"a\": [1, 2\n\
            Data structure\n");
        let k = kinds(&d);
        assert_eq!(k[2], "code csharp AuthenticationClient.BindPhone");
        assert_eq!(k[3], "h2 Request parameters");
        assert_eq!(k[6], "code json {\n\"a\": [1, 2");
        assert_eq!(k[7], "h2 Data structure");
    }

    #[test]
    fn dto_headings_only_in_the_data_structure_section() {
        let d = doc("T\nUserDto\n| a | b |\n|---|---|\nData structure\nUserDto\n| Name | Type |\n|---|---|\n");
        let k = kinds(&d);
        assert_eq!(k[1], "p UserDto");
        assert_eq!(k[4], "h3 UserDto");
    }

    #[test]
    fn json_glued_to_a_paragraph_is_split() {
        let d = doc("T\n请求示例\njson\n{\"a\": 1}第二个示例\njson\n[1]\n");
        let k = kinds(&d);
        assert_eq!(k[2], "code json {\"a\": 1}");
        assert_eq!(k[3], "p 第二个示例");
        assert_eq!(k[4], "code json [1]");
    }

    #[test]
    fn rows_after_a_broken_code_cell_are_read_back() {
        let d = doc("T\n请求参数\n| 名称 | 类型 | 是否必填 | 默认值 | 描述 | 示例值 |\n|---|---|---|---|---|---|\n\
            | script | string | 是 | - | 脚本 | `function f() { |\n\
            return 1; }| | mode | string | 否 | - | 模式：<br>-A: 甲<br> | A | | retries | number | 否 | 3 | 重试次数 | | | quiet | boolean | 否 | - | 安静 |true` |\n\
            请求响应\n");
        let BlockKind::Table(t) = &d.blocks[2].kind else { panic!() };
        let names: Vec<String> = t.rows.iter().map(|r| r.cells[0].flat()).collect();
        assert_eq!(names, vec!["script", "mode", "retries", "quiet"]);
        assert_eq!(t.rows[2].cells.len(), 6);
        assert_eq!(t.rows[3].cells[5].flat(), "true");
        assert!(t.rows[0].cells[5].flat().ends_with("return 1; }"));
        assert_eq!(d.diags[0].code, Code::BrokenTable);
        assert_eq!(kinds(&d)[3], "h2 请求响应");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "\n\n",
            "|",
            "|\n|---|",
            "json",
            "json\n{",
            "x\njson\n}}}}",
            "x\nts\n\u{1F600}请求响应",
            "T\n数据结构\nA\n",
        ] {
            let _ = doc(s);
        }
        let long = "a".repeat(200_000) + "请求参数";
        let _ = doc(&format!("T\nts\n{long}\n"));
    }
}
