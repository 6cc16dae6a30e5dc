//! Factory Markdown, through pulldown-cmark (tables extension).
//!
//! Two things the event stream cannot give are taken from the source text, by line:
//! - a table cell broken across lines (the row does not end with `|`) is joined back before
//!   parsing, with a marker that becomes a line break in the cell;
//! - raw factory output writes query-parameter rows with a leading space (` | name |`), and
//!   pulldown-cmark pads or truncates rows to the header's width, so the real cell count and
//!   the leading space are read from the row's source line.

use super::inline_html::{self, Tag as HtmlTag};
use super::inline_md::{JOIN, Spans, inline_of};
use super::pipe_table::{ends_with_pipe, split_row, split_row_as_published};
use crate::blocks::{Block, BlockKind, Doc, Format, Inline, Row, Table};
use crate::diag::{Code, Diagnostic, Loc, SourceSpan};
use crate::source::{LineIndex, subspan};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::Arc;

/// Longest run of continuation lines joined into one row.
const MAX_JOIN_LINES: usize = 200;

pub fn read(file: &Arc<str>, text: &str) -> Doc {
    let mut diags = Vec::new();
    let repaired = repair_delimiter_rows(text, file, &mut diags);
    let pre = join_broken_rows(repaired.as_ref().map_or(text, |r| r.text.as_str()), file, &mut diags);
    let mut w = Walker::new(&pre.text, &pre.line_map);
    let opts = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    for (ev, range) in Parser::new_ext(&pre.text, opts).into_offset_iter() {
        w.event(ev, range);
    }
    if let Some(r) = &repaired {
        r.restore_spans(&mut w);
    }
    diags.append(&mut w.diags);
    for (line, cell, shown, span) in w.unclosed {
        diags.push(Diagnostic::warning(
            Code::UnclosedCode,
            Loc::new(file, line).with_cell(cell).with_span(span),
            format!(
                "unclosed backtick before `{shown}`: on the published page its code span runs past the line break \
                 and swallows the text (and any cell separators) up to the next backtick; read as a literal backtick"
            ),
        ));
    }
    Doc { file: file.clone(), format: Format::Markdown, blocks: w.blocks, diags }
}

struct Prepared {
    text: String,
    /// Original 1-based line of each prepared line.
    line_map: Vec<u32>,
}

fn join_broken_rows(text: &str, file: &Arc<str>, diags: &mut Vec<Diagnostic>) -> Prepared {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut line_map = Vec::with_capacity(lines.len());
    let mut prev_table = false;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        let is_row = t.starts_with('|');
        if is_row && prev_table && !ends_with_pipe(t) {
            let mut end = None;
            let mut j = i + 1;
            while j < lines.len() && j - i <= MAX_JOIN_LINES {
                let tj = lines[j].trim();
                if tj.is_empty() || tj.starts_with('|') {
                    break;
                }
                if ends_with_pipe(tj) {
                    end = Some(j);
                    break;
                }
                j += 1;
            }
            if end.is_none() && lines[i + 1..].iter().all(|l| l.trim().is_empty()) {
                truncated(&lines[..=i], file, diags);
            }
            if let Some(j) = end {
                for (k, l) in lines[i..=j].iter().enumerate() {
                    if k > 0 {
                        out.push(JOIN);
                    }
                    out.push_str(l);
                }
                out.push('\n');
                line_map.push(i as u32 + 1);
                diags.push(Diagnostic::note(
                    Code::CellJoined,
                    Loc::new(file, i as u32 + 1),
                    format!("table row broken across lines {}-{}; joined into one row", i + 1, j + 1),
                ));
                i = j + 1;
                prev_table = true;
                continue;
            }
        }
        prev_table = is_row;
        out.push_str(lines[i]);
        if i + 1 < lines.len() {
            out.push('\n');
        }
        line_map.push(i as u32 + 1);
        i += 1;
    }
    Prepared { text: out, line_map }
}

/// A table whose delimiter row (`| --- | --- |`) has another number of cells than its header is
/// no table in Markdown: its rows would be read as a paragraph and every parameter in them lost
/// without a word. The delimiter row is rewritten to the header's width (same dashes, so the
/// table's layout evidence is kept) with a warning. `None`: nothing to repair. Lines keep their
/// number; spans are moved back onto the original's bytes ([`Repaired::restore_spans`]).
fn repair_delimiter_rows(text: &str, file: &Arc<str>, diags: &mut Vec<Diagnostic>) -> Option<Repaired> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_row = |l: &str| l.trim().starts_with('|');
    let is_delimiter = |l: &str| {
        is_row(l)
            && split_row(l).iter().all(|c| {
                let c = c.trim();
                let dashes = c.strip_prefix(':').unwrap_or(c);
                let dashes = dashes.strip_suffix(':').unwrap_or(dashes);
                !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
            })
    };
    let mut out = String::with_capacity(text.len());
    let mut moved = Vec::new();
    let mut original_end = 0;
    for (i, line) in lines.iter().enumerate() {
        original_end += line.len();
        let header = i.checked_sub(1).map(|h| lines[h]).filter(|h| is_row(h) && !is_delimiter(h));
        let first_row = i < 2 || !is_row(lines[i - 2]);
        let repair = match header {
            Some(h) if first_row && is_delimiter(line) => {
                let (want, have) = (split_row(h).len(), split_row(line).len());
                (want != have).then_some((want, have))
            }
            _ => None,
        };
        let Some((want, have)) = repair else {
            out.push_str(line);
            continue;
        };
        let dash = split_row(line).first().map_or("---", |c| c.trim());
        let eol = &line[line.trim_end().len()..];
        let start = out.len();
        out.push('|');
        for _ in 0..want {
            out.push_str(&format!(" {dash} |"));
        }
        out.push_str(eol);
        moved.push(Moved { start, end: out.len(), original_end });
        diags.push(Diagnostic::warning(
            Code::BrokenTable,
            Loc::new(file, i as u32 + 1),
            format!(
                "the table's delimiter row has {have} cell(s) but its header (line {i}) has {want}: Markdown reads \
                 no table here; read as a table of {want} columns (expected one `---` cell per header cell)"
            ),
        ));
    }
    (!moved.is_empty()).then_some(Repaired { text: out, moved })
}

/// A text whose delimiter rows were rewritten, and how its bytes moved against the original.
struct Repaired {
    text: String,
    /// Each rewritten row, in order.
    moved: Vec<Moved>,
}

/// A rewritten row: where it starts and ends in the repaired text, and where it ends in the
/// original.
struct Moved {
    start: usize,
    end: usize,
    original_end: usize,
}

impl Repaired {
    /// A repaired-text offset → the original's: past a rewritten row, shifted by what the
    /// rewrites so far added; inside one, kept within the original row.
    fn original(&self, at: usize) -> usize {
        let mut shift = 0isize;
        for m in &self.moved {
            if at < m.start {
                break;
            }
            if at < m.end {
                return ((at as isize - shift) as usize).min(m.original_end);
            }
            shift = m.end as isize - m.original_end as isize;
        }
        (at as isize - shift).max(0) as usize
    }

    fn span(&self, s: SourceSpan) -> SourceSpan {
        let start = self.original(s.offset());
        SourceSpan::from((start, self.original(s.offset() + s.len()).saturating_sub(start)))
    }

    /// Every span the walker made, moved from the repaired text onto the original's bytes.
    fn restore_spans(&self, w: &mut Walker) {
        for b in &mut w.blocks {
            b.span = b.span.map(|s| self.span(s));
            if let BlockKind::Table(t) = &mut b.kind {
                t.span = t.span.map(|s| self.span(s));
                for r in &mut t.rows {
                    r.span = r.span.map(|s| self.span(s));
                    for c in &mut r.cell_spans {
                        *c = self.span(*c);
                    }
                }
            }
        }
        for u in &mut w.unclosed {
            u.3 = self.span(u.3);
        }
    }
}

/// The last row of a file (`rows`' last line) ends without its closing `|`: when it has fewer
/// cells than the table's header, the file was cut off inside the row.
fn truncated(rows: &[&str], file: &Arc<str>, diags: &mut Vec<Diagnostic>) {
    let start = rows.iter().rposition(|l| !l.trim().starts_with('|')).map_or(0, |k| k + 1);
    let (Some(header), Some(last)) = (rows.get(start), rows.last()) else { return };
    let (have, want) = (split_row(last).len(), split_row(header).len());
    if have < want && start + 1 < rows.len() {
        diags.push(Diagnostic::warning(
            Code::TableTruncated,
            Loc::new(file, rows.len() as u32),
            format!(
                "the file ends inside this table row: it has {have} of the header's {want} cells and no closing `|`; \
                 the cells after `{}` are missing",
                split_row(last).last().map(|c| c.trim()).unwrap_or_default()
            ),
        ));
    }
}

/// A table row whose code spans run past a line break (`<br>`) in a cell:
/// `- \`ACTIVE: on<br>- \`ARCHIVED\`: ...` pairs the first backtick with the second, so the
/// published page swallows the values (and cell separators) in between. Returns the row with
/// each such unclosed backtick escaped, and where (byte offsets in `line`) they were.
fn close_code_spans(line: &str) -> Option<(String, Vec<usize>)> {
    // Line breaks in a cell. A cell broken across source lines (joined with `JOIN`) may hold
    // a multi-line code sample: only `<br>` breaks a line inside a cell's text.
    let breaks: Vec<usize> = line
        .char_indices()
        .filter(|&(i, c)| c == '<' && line[i..].get(..3).is_some_and(|t| t.eq_ignore_ascii_case("<br")))
        .map(|(i, _)| i)
        .collect();
    if breaks.is_empty() || !line.contains('`') {
        return None;
    }
    let mut escaped: Vec<usize> = Vec::new();
    // Each pass escapes the first span that crosses a break, then pairs again.
    for _ in 0..line.matches('`').count() {
        let runs = backtick_runs(line, &escaped);
        let mut crossing = None;
        let mut k = 0;
        while k < runs.len() {
            let (open, n) = runs[k];
            match runs[k + 1..].iter().position(|&(_, m)| m == n) {
                Some(d) => {
                    let close = runs[k + 1 + d].0;
                    // A span that is only a tag (`<br>` in a span) is code about the tag.
                    let inner = line[open + n..close].trim();
                    let only_tag = inner.starts_with('<') && inner.ends_with('>') && !inner[1..].contains('<');
                    if !only_tag && breaks.iter().any(|&b| b > open && b < close) {
                        crossing = Some(open);
                        break;
                    }
                    k += d + 2;
                }
                None => k += 1,
            }
        }
        match crossing {
            Some(open) => escaped.push(open),
            None => break,
        }
    }
    if escaped.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len() + escaped.len() * 2);
    for (i, c) in line.char_indices() {
        if c == '`' && escaped.iter().any(|&e| i >= e && line[e..=i].bytes().all(|b| b == b'`')) {
            out.push('\\');
        }
        out.push(c);
    }
    escaped.sort_unstable();
    Some((out, escaped))
}

/// Runs of backticks (start, length), skipping backslash-escaped ones and the runs already
/// escaped (`skip`).
fn backtick_runs(line: &str, skip: &[usize]) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                if !skip.contains(&i) {
                    runs.push((i, n));
                }
                i += n;
            }
            _ => i += 1,
        }
    }
    runs
}

struct TableBuilder {
    table: Table,
    in_head: bool,
    row_cells: Vec<Inline>,
    row_start: usize,
    /// Raw factory output (not re-aligned by a formatter): the leading-space tell is meaningful.
    raw: bool,
}

enum Sink {
    None,
    Paragraph(u32),
    Heading(u8, u32),
    Cell,
}

struct Walker<'a> {
    src: &'a str,
    idx: LineIndex,
    line_map: &'a [u32],
    blocks: Vec<Block>,
    diags: Vec<Diagnostic>,
    /// Table rows with an unclosed backtick: (line, cell, the text after it, the backtick's bytes).
    unclosed: Vec<(u32, usize, String, SourceSpan)>,
    spans: Spans,
    sink: Sink,
    anchor: Option<String>,
    quote_depth: usize,
    quote_line: u32,
    /// Where the current top-level paragraph, heading, quote or list starts (byte offset).
    sink_start: usize,
    quote_start: usize,
    list_start: usize,
    list_depth: usize,
    list_line: u32,
    list_items: Vec<Inline>,
    in_item: bool,
    table: Option<TableBuilder>,
    code: Option<(Option<String>, String, u32, usize)>,
    skip_depth: usize,
}

impl<'a> Walker<'a> {
    fn new(src: &'a str, line_map: &'a [u32]) -> Self {
        Walker {
            src,
            idx: LineIndex::new(src),
            line_map,
            blocks: Vec::new(),
            diags: Vec::new(),
            unclosed: Vec::new(),
            spans: Spans::default(),
            sink: Sink::None,
            anchor: None,
            quote_depth: 0,
            quote_line: 0,
            sink_start: 0,
            quote_start: 0,
            list_start: 0,
            list_depth: 0,
            list_line: 0,
            list_items: Vec::new(),
            in_item: false,
            table: None,
            code: None,
            skip_depth: 0,
        }
    }

    fn line(&self, offset: usize) -> u32 {
        let l = self.idx.line_of(offset) as usize;
        self.line_map.get(l.saturating_sub(1)).copied().unwrap_or(l as u32)
    }

    /// The full source line containing `offset`.
    fn source_line(&self, offset: usize) -> &'a str {
        let start = self.src[..offset.min(self.src.len())].rfind('\n').map_or(0, |i| i + 1);
        let end = self.src[start..].find('\n').map_or(self.src.len(), |i| start + i);
        &self.src[start..end]
    }

    /// The start of the full source line containing `offset`.
    fn line_start(&self, offset: usize) -> usize {
        self.src[..offset.min(self.src.len())].rfind('\n').map_or(0, |i| i + 1)
    }

    /// The source line containing `offset`, without its indentation and trailing blanks. (The
    /// prepared text has the original's bytes: a joined row keeps its line ends as `JOIN`.)
    fn line_span(&self, offset: usize) -> SourceSpan {
        let start = self.line_start(offset);
        let line = self.source_line(offset);
        SourceSpan::from((start + (line.len() - line.trim_start().len()), line.trim().len()))
    }

    fn push(&mut self, kind: BlockKind, line: u32, start: usize) {
        let span = Some(self.line_span(start));
        self.blocks.push(Block { kind, line, col: None, span });
    }

    fn take_inline(&mut self) -> Inline {
        self.spans.take()
    }

    fn in_container(&self) -> bool {
        self.quote_depth > 0 || self.in_item || self.table.is_some()
    }

    fn event(&mut self, ev: Event<'_>, range: Range<usize>) {
        if self.skip_depth > 0 {
            match ev {
                Event::Start(Tag::MetadataBlock(_)) => self.skip_depth += 1,
                Event::End(TagEnd::MetadataBlock(_)) => self.skip_depth -= 1,
                _ => {}
            }
            return;
        }
        match ev {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => {
                if let Some((_, text, _, _)) = self.code.as_mut() {
                    text.push_str(&t);
                } else {
                    self.spans.text(&t);
                }
            }
            Event::Code(c) => self.spans.code(&c),
            Event::InlineHtml(h) => {
                if let Some(id) = self.spans.html(&h) {
                    self.anchor = Some(id);
                }
            }
            Event::Html(h) => {
                // Block HTML: only anchors matter (an `<a id>` line before a heading).
                if let HtmlTag::Anchor(id) = inline_html::classify(h.trim()) {
                    self.anchor = Some(id);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.spans.line_break(),
            Event::InlineMath(m) | Event::DisplayMath(m) => self.spans.cur.push_text(&m),
            Event::FootnoteReference(_) | Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::MetadataBlock(_) => self.skip_depth = 1,
            Tag::Paragraph => {
                if !self.in_container() {
                    self.spans.cur = Inline::default();
                    self.sink = Sink::Paragraph(self.line(range.start));
                    self.sink_start = range.start;
                } else {
                    self.spans.separate();
                }
            }
            Tag::Heading { level, .. } => {
                self.spans.cur = Inline::default();
                self.sink = Sink::Heading(level as u8, self.line(range.start));
                self.sink_start = range.start;
            }
            Tag::BlockQuote(_) => {
                if self.quote_depth == 0 && !self.in_item && self.table.is_none() {
                    self.spans.cur = Inline::default();
                    self.quote_line = self.line(range.start);
                    self.quote_start = range.start;
                }
                self.quote_depth += 1;
            }
            Tag::List(_) => {
                if self.list_depth == 0 && self.quote_depth == 0 {
                    self.list_items.clear();
                    self.list_line = self.line(range.start);
                    self.list_start = range.start;
                }
                self.list_depth += 1;
            }
            Tag::Item => {
                if self.list_depth == 1 && self.quote_depth == 0 {
                    self.spans.cur = Inline::default();
                    self.in_item = true;
                } else {
                    self.spans.line_break();
                    self.spans.cur.push_text("- ");
                }
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == '{')
                        .next()
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new(), self.line(range.start), range.start));
            }
            Tag::Table(_) => {
                let line_no = self.line(range.start);
                let header_line = self.source_line(range.start);
                let after = range.start + header_line.len() + 1;
                let delim = if after < self.src.len() { self.source_line(after) } else { "" };
                self.table = Some(TableBuilder {
                    table: Table {
                        header: Vec::new(),
                        rows: Vec::new(),
                        line: line_no,
                        col: None,
                        span: Some(self.line_span(range.start)),
                    },
                    in_head: false,
                    row_cells: Vec::new(),
                    row_start: range.start,
                    raw: is_raw_delimiter(delim),
                });
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = true;
                    t.row_cells.clear();
                    t.row_start = range.start;
                }
            }
            Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.row_cells.clear();
                    t.row_start = range.start;
                }
            }
            Tag::TableCell => {
                self.spans.take();
                self.sink = Sink::Cell;
            }
            Tag::Link { dest_url, .. } => self.spans.open_link(dest_url.to_string()),
            Tag::HtmlBlock
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Image { .. }
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd, _range: Range<usize>) {
        match tag {
            TagEnd::Paragraph => {
                if let Sink::Paragraph(line) = self.sink {
                    if !self.in_container() {
                        self.sink = Sink::None;
                        let inline = self.take_inline();
                        let flat = inline.flat();
                        let kind = match include_target(&flat) {
                            Some(p) => BlockKind::Include(p),
                            None => BlockKind::Paragraph(inline),
                        };
                        self.push(kind, line, self.sink_start);
                    }
                }
            }
            TagEnd::Heading(_) => {
                if let Sink::Heading(level, line) = self.sink {
                    self.sink = Sink::None;
                    let text = self.take_inline();
                    let anchor = self.anchor.take();
                    self.push(BlockKind::Heading { level, text, anchor }, line, self.sink_start);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.quote_depth = self.quote_depth.saturating_sub(1);
                if self.quote_depth == 0 && !self.in_item && self.table.is_none() {
                    let q = self.take_inline();
                    let line = self.quote_line;
                    self.push(BlockKind::Quote(q), line, self.quote_start);
                }
            }
            TagEnd::Item if self.list_depth == 1 && self.in_item => {
                self.in_item = false;
                let item = self.take_inline();
                self.list_items.push(item);
            }
            TagEnd::List(_) => {
                self.list_depth = self.list_depth.saturating_sub(1);
                if self.list_depth == 0 && self.quote_depth == 0 {
                    let items = std::mem::take(&mut self.list_items);
                    let line = self.list_line;
                    self.push(BlockKind::List(items), line, self.list_start);
                }
            }
            TagEnd::CodeBlock => {
                if let Some((lang, text, line, start)) = self.code.take() {
                    self.push(BlockKind::Code { lang, text }, line, start);
                }
            }
            TagEnd::Link => self.spans.close_link(),
            TagEnd::TableCell => {
                let cell = self.take_inline();
                self.sink = Sink::None;
                if let Some(t) = self.table.as_mut() {
                    t.row_cells.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(mut t) = self.table.take() {
                    t.in_head = false;
                    t.table.header = std::mem::take(&mut t.row_cells);
                    self.table = Some(t);
                }
            }
            TagEnd::TableRow => {
                if let Some(mut t) = self.table.take() {
                    let row = self.finish_row(&mut t);
                    t.table.rows.push(row);
                    self.table = Some(t);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    let (line, span) = (t.table.line, t.table.span);
                    self.blocks.push(Block { kind: BlockKind::Table(t.table), line, col: None, span });
                }
            }
            _ => {}
        }
    }

    /// Builds a row, checking pulldown-cmark's cells against the source line: when the real
    /// cell count differs from the header's, the row is re-split from the source so the
    /// repair step sees what is really there.
    fn finish_row(&mut self, t: &mut TableBuilder) -> Row {
        let published = self.source_line(t.row_start);
        let line = self.line(t.row_start);
        let line_start = self.line_start(t.row_start);
        let closed = close_code_spans(published);
        if let Some((_, at)) = &closed {
            for &b in at {
                let cell = split_row_as_published(&published[..b]).len();
                let shown: String = published[b..].chars().skip(1).take_while(|&c| c != '`' && c != '<').collect();
                let run = published[b..].bytes().take_while(|&c| c == b'`').count();
                let span = SourceSpan::from((line_start + b, run));
                self.unclosed.push((line, cell.saturating_sub(1), shown.trim().to_owned(), span));
            }
        }
        let source = closed.as_ref().map_or(published, |(s, _)| s.as_str());
        let raw = split_row_as_published(source);
        let mut cells = std::mem::take(&mut t.row_cells);
        let header_len = t.table.header.len();
        // pulldown-cmark pads and truncates rows to the header's width and splits at pipes
        // inside code spans; when the row as published differs, read its cells from the source.
        let code_pipes = source.contains('`') && split_row(source).len() != raw.len();
        if raw.len() != header_len || code_pipes || closed.is_some() {
            cells = raw.iter().map(|c| inline_of(&c.replace(JOIN, "<br>"))).collect();
        }
        let mut row = Row::new(cells, line);
        row.span = Some(self.line_span(t.row_start));
        // Cells as published; a row whose code spans were closed splits differently, so its
        // diagnostics point at the row.
        if closed.is_none() {
            // `raw` holds slices of the published line: where each starts is its offset.
            let at =
                |c: &str| subspan(published, c.trim()).map(|s| SourceSpan::from((line_start + s.offset(), s.len())));
            row.cell_spans = raw.iter().filter_map(|c| at(c)).collect();
        }
        if t.raw {
            row.query_style = Some(source.starts_with([' ', '\t']));
        }
        row
    }
}

/// `| ---- | ---- |`: every column's dashes the same short length, as the factory writes them.
/// A formatter (prettier) pads dashes to the column width.
fn is_raw_delimiter(line: &str) -> bool {
    let cells = split_row(line);
    let lens: Vec<usize> = cells.iter().map(|c| c.trim().trim_matches(':').len()).collect();
    !lens.is_empty() && lens.iter().all(|&l| l > 0 && l <= 4 && l == lens[0])
}

/// The `!!!include(...)!!!` targets of a page, from its lines (before parsing, so include files
/// can be read once before the pages that use them).
pub fn includes(text: &str) -> Vec<String> {
    if !text.contains("!!!include(") {
        return Vec::new();
    }
    text.lines().filter_map(include_target).collect()
}

fn include_target(flat: &str) -> Option<String> {
    let inner = flat.trim().strip_prefix("!!!include(")?.strip_suffix(")!!!")?;
    Some(inner.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Doc {
        read(&Arc::from("t.md"), s)
    }

    fn tables(d: &Doc) -> Vec<&Table> {
        d.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn broken_cell_is_joined_with_line_breaks() {
        let d = doc("| a | b |\n| ---- | ---- |\n| x | first\n- `E1`: one\n  end `E1` |\n| y | z |\n");
        let t = tables(&d)[0];
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1].lines().len(), 3);
        assert_eq!(t.rows[1].line, 6);
        assert_eq!(d.diags[0].code, Code::CellJoined);
    }

    /// The text a span covers.
    fn spanned(src: &str, s: Option<SourceSpan>) -> &str {
        let s = s.expect("a span");
        &src[s.offset()..s.offset() + s.len()]
    }

    #[test]
    fn blocks_rows_and_cells_have_the_spans_of_their_source() {
        let src = "# Title\n\n| a | b | c |\n| ---- | ---- | ---- |\n| one | `p|q` | three\n  more |\n\n## Next\n";
        let d = doc(src);
        assert_eq!(spanned(src, d.blocks[0].span), "# Title");
        let t = tables(&d)[0];
        assert_eq!(spanned(src, t.span), "| a | b | c |");
        let r = &t.rows[0];
        // A row joined from two lines spans both; its cells are read as published (a `|` in a
        // code span stays in its cell).
        assert_eq!(spanned(src, r.span), "| one | `p|q` | three\n  more |");
        let cells: Vec<&str> = r.cell_spans.iter().map(|&s| spanned(src, Some(s))).collect();
        assert_eq!(cells, ["one", "`p|q`", "three\n  more"]);
        assert_eq!(spanned(src, d.blocks[2].span), "## Next");
    }

    #[test]
    fn an_unclosed_backtick_is_located_in_its_cell() {
        let src = "| a | b |\n| ---- | ---- |\n| s | - `A: on<br>- `B`: off<br> |\n";
        let d = doc(src);
        let w = d.diags.iter().find(|d| d.code == Code::UnclosedCode).expect("a warning");
        assert_eq!((w.at.line, w.at.cell), (3, Some(2)));
        assert_eq!(w.at.span.map(|s| s.offset()), Some(src.find('`').unwrap()));
    }

    #[test]
    fn query_rows_keep_their_leading_space() {
        let d = doc("| a | b |\n| ---- | ---- |\n | q | boolean  |\n| b | string |\n");
        let t = tables(&d)[0];
        assert_eq!(t.rows[0].query_style, Some(true));
        assert_eq!(t.rows[1].query_style, Some(false));
    }

    #[test]
    fn aligned_tables_give_no_query_evidence() {
        let d = doc("| Name | Type   |\n| ---- | ------ |\n| q    | string |\n");
        assert_eq!(tables(&d)[0].rows[0].query_style, None);
    }

    #[test]
    fn a_delimiter_row_narrower_than_its_header_is_repaired_with_a_warning() {
        let d = doc("# T\n\n| a | b | c |\n| --- |\n| x | y | z |\n| u | v | w |\n");
        let t = tables(&d);
        assert_eq!(t.len(), 1, "{:?}", d.blocks);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[1].line, 6);
        let broken: Vec<_> = d.diags.iter().filter(|x| x.code == Code::BrokenTable).collect();
        assert_eq!(broken.len(), 1, "{:?}", d.diags);
        assert_eq!(broken[0].at.line, 4);
        assert!(broken[0].message.contains("1 cell(s) but its header (line 3) has 3"), "{}", broken[0].message);
        // A well-formed table is left alone.
        assert!(doc("| a | b |\n| --- | --- |\n| x | y |\n").diags.is_empty());
    }

    #[test]
    fn spans_after_a_repaired_delimiter_row_point_into_the_original_text() {
        let src = "| a | b | c |\n| --- |\n| x | y | z |\n\n| d | e |\n| - |\n| u | v |\n\nEnd.\n";
        let d = read(&Arc::from("t.md"), src);
        let t = tables(&d);
        assert_eq!(t.len(), 2, "{:?}", d.blocks);
        assert_eq!(spanned(src, t[0].rows[0].span), "| x | y | z |");
        assert_eq!(spanned(src, t[1].rows[0].span), "| u | v |");
        assert_eq!(spanned(src, t[1].rows[0].cell_spans.get(1).copied()), "v");
        assert_eq!(spanned(src, d.blocks.last().unwrap().span), "End.");
    }

    #[test]
    fn short_rows_are_not_padded() {
        let d = doc("| a | b | c |\n| ---- | ---- | ---- |\n| x | y |\n");
        let r = &tables(&d)[0].rows[0];
        assert_eq!(r.cells.len(), 2);
    }

    #[test]
    fn links_and_anchors() {
        let d = doc(
            "### <a id=\"UserDto\"></a> UserDto\n\n| a | b |\n| ---- | ---- |\n| x | <a href=\"#UserDto\">UserDto[]</a> |\n",
        );
        let BlockKind::Heading { anchor, text, .. } = &d.blocks[0].kind else { panic!() };
        assert_eq!(anchor.as_deref(), Some("UserDto"));
        assert_eq!(text.flat(), "UserDto");
        let cell = &tables(&d)[0].rows[0].cells[1];
        assert_eq!(cell.links().next(), Some(("#UserDto", "UserDto[]")));
    }

    #[test]
    fn include_lines_become_include_blocks() {
        let d = doc("示例结果：\n\n!!!include(reference/sdk/common/x.md)!!!\n");
        assert!(matches!(&d.blocks[1].kind, BlockKind::Include(p) if p == "reference/sdk/common/x.md"));
    }

    #[test]
    fn pipes_inside_code_spans_stay_in_their_cell() {
        let d = doc("| a | b | c |\n| ---- | ---- | ---- |\n| x | `p|q` and ``r|`s`` | z |\n");
        let r = &tables(&d)[0].rows[0];
        assert_eq!(r.cells.len(), 3);
        assert_eq!(r.cells[1].codes().collect::<Vec<_>>(), vec!["p|q", "r|`s"]);
        assert_eq!(r.cells[2].flat(), "z");
    }

    #[test]
    fn text_before_a_link_keeps_the_link_text() {
        let d = doc("| a | b |\n| ---- | ---- |\n| x | list Nested type: <a href=\"#KindDto\">KindDto</a>. |\n");
        let c = &tables(&d)[0].rows[0].cells[1];
        assert_eq!(c.links().next(), Some(("#KindDto", "KindDto")));
        assert!(c.flat().starts_with("list Nested type: KindDto"));
    }
    #[test]
    fn code_spans_that_run_past_a_cell_line_break_are_closed() {
        let row = "| s | string | - `A: on<br>- `B`: off<br> | `A` |";
        let (fixed, at) = close_code_spans(row).unwrap();
        assert_eq!(fixed, "| s | string | - \\`A: on<br>- `B`: off<br> | `A` |");
        assert_eq!(at, vec![row.find('`').unwrap()]);
        assert_eq!(split_row_as_published(&fixed).len(), 4);
        // Balanced spans, a span about the tag itself, and a joined multi-line sample are left alone.
        assert!(close_code_spans("| s | - `A`: on<br>- `B`: off | `x` |").is_none());
        assert!(close_code_spans("| `<br>` in cells | 3 |").is_none());
        assert!(close_code_spans(&format!("| s | `fn a() {{{JOIN}}}` |")).is_none());
    }

    #[test]
    fn a_row_the_file_cuts_off_is_a_warning() {
        let d = doc("# T\n\n| a | b | c |\n| - | - | - |\n| x | y | z |\n| u | v");
        let w: Vec<_> = d.diags.iter().filter(|d| d.code == Code::TableTruncated).collect();
        assert_eq!(w.len(), 1, "{:?}", d.diags);
        assert_eq!((w[0].severity, w[0].at.line), (crate::diag::Severity::Warning, 6));
        // A last row without its closing pipe but with every cell is fine (GFM allows it).
        let d = doc("# T\n\n| a | b |\n| - | - |\n| x | y\n");
        assert!(!d.diags.iter().any(|d| d.code == Code::TableTruncated), "{:?}", d.diags);
    }
}
