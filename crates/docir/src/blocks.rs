//! The first page model: a flat list of blocks (headings, paragraphs, tables, code) with their
//! lines. Every reader (Markdown, HTML, text copies) produces this, so everything after it is
//! shared: `page` turns blocks into sections, `lower` turns sections into endpoint facts.

use crate::diag::{Diagnostic, SourceSpan};
use serde::Serialize;
use std::sync::Arc;

/// The shape of an input file, recognized from its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Format {
    /// Factory Markdown (raw, or prettier-formatted in English).
    Markdown,
    /// The website's rendered HTML.
    Html,
    /// A text copy of the web page with pipe tables (seed 001).
    TextMd,
    /// The visible text of the web page, table cells run together (seed 002).
    TextFlat,
}

impl Format {
    /// Higher is more trustworthy; merge prefers structured sources over lossy ones.
    pub fn fidelity(self) -> u8 {
        match self {
            Format::Markdown => 3,
            Format::Html => 2,
            Format::TextMd => 1,
            Format::TextFlat => 0,
        }
    }
    /// The format's name in kebab case (`text-md`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A piece of inline content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Span {
    Text(String),
    /// Inline code (backticks in Markdown, `<code>` in HTML).
    Code(String),
    Link {
        href: String,
        text: String,
    },
    /// A line break (`<br>`, a soft break, a joined line).
    Break,
}

/// Inline content: a table cell, a paragraph, a heading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Inline {
    pub spans: Vec<Span>,
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() { Inline::default() } else { Inline { spans: vec![Span::Text(s)] } }
    }

    pub fn push_text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Span::Text(t)) = self.spans.last_mut() {
            t.push_str(s);
        } else {
            self.spans.push(Span::Text(s.to_owned()));
        }
    }

    /// The visible text: code without backticks, links as their text, breaks as `\n`.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for s in &self.spans {
            match s {
                Span::Text(t) | Span::Code(t) => out.push_str(t),
                Span::Link { text, .. } => out.push_str(text),
                Span::Break => out.push('\n'),
            }
        }
        out
    }

    /// The visible text on one line, whitespace collapsed and trimmed.
    pub fn flat(&self) -> String {
        collapse_ws(&self.plain())
    }

    pub fn is_blank(&self) -> bool {
        self.spans.iter().all(|s| match s {
            Span::Text(t) => t.trim().is_empty(),
            Span::Code(_) | Span::Link { .. } => false,
            Span::Break => true,
        })
    }

    /// Splits at breaks (and newlines inside text) into lines.
    pub fn lines(&self) -> Vec<Inline> {
        let mut lines = vec![Inline::default()];
        for s in &self.spans {
            match s {
                Span::Break => lines.push(Inline::default()),
                Span::Text(t) => {
                    let mut parts = t.split('\n');
                    if let Some(first) = parts.next() {
                        lines.last_mut().unwrap().push_text(first);
                    }
                    for p in parts {
                        lines.push(Inline::default());
                        lines.last_mut().unwrap().push_text(p);
                    }
                }
                other => lines.last_mut().unwrap().spans.push(other.clone()),
            }
        }
        lines
    }

    pub fn links(&self) -> impl Iterator<Item = (&str, &str)> {
        self.spans.iter().filter_map(|s| match s {
            Span::Link { href, text } => Some((href.as_str(), text.as_str())),
            _ => None,
        })
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().filter_map(|s| match s {
            Span::Code(c) => Some(c.as_str()),
            _ => None,
        })
    }

    /// Text spans only (no code, no links), joined.
    pub fn bare_text(&self) -> String {
        let mut out = String::new();
        for s in &self.spans {
            if let Span::Text(t) = s {
                out.push_str(t);
            }
        }
        out
    }
}

pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A table row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub cells: Vec<Inline>,
    pub line: u32,
    /// 1-based column, for formats whose lines are long (minified HTML).
    pub col: Option<u32>,
    /// Raw factory Markdown writes query-parameter rows with a leading space. `Some` only where
    /// the table is raw factory output (not re-aligned), so the tell is meaningful.
    pub query_style: Option<bool>,
    /// Text-flat rows: the cells ran together; `cells` is empty until split.
    pub fused: Option<String>,
    /// The bytes of the row in the file's text (the line, or the `<tr>` tag in HTML).
    #[serde(skip)]
    pub span: Option<SourceSpan>,
    /// The bytes of each cell as published (between its pipes, trimmed), where the reader
    /// knows them: the n-th is the n-th cell of the source row, which is `cells[n]` unless the
    /// row is repaired later.
    #[serde(skip)]
    pub cell_spans: Vec<SourceSpan>,
}

impl Row {
    pub fn new(cells: Vec<Inline>, line: u32) -> Self {
        Row { cells, line, col: None, query_style: None, fused: None, span: None, cell_spans: Vec::new() }
    }

    /// The bytes of the 0-based source cell `cell`, else of the row.
    pub fn cell_span(&self, cell: usize) -> Option<SourceSpan> {
        self.cell_spans.get(cell).copied().or(self.span)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Table {
    pub header: Vec<Inline>,
    pub rows: Vec<Row>,
    pub line: u32,
    pub col: Option<u32>,
    /// The bytes of the table's first line (its header row, or its start tag in HTML).
    #[serde(skip)]
    pub span: Option<SourceSpan>,
}

/// What a block of a page is, in any format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum BlockKind {
    /// A heading (`##`, `<h2>`, a `¶` line).
    Heading {
        /// 1 for `#`/`<h1>`, and so on.
        level: u8,
        /// The heading's text.
        text: Inline,
        /// The anchor a link reaches it by (`#UserDto`), when the page gives one.
        anchor: Option<String>,
    },
    /// A paragraph.
    Paragraph(Inline),
    /// A block quote (the "generated from ..." note).
    Quote(Inline),
    /// A list, one inline per item.
    List(Vec<Inline>),
    /// A table.
    Table(Table),
    /// A code block.
    Code {
        /// The info string's language (`json`), when given.
        lang: Option<String>,
        /// The code, as printed.
        text: String,
    },
    /// `!!!include(path)!!!`: the content of another file goes here.
    Include(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub line: u32,
    /// 1-based column, for formats whose lines are long (minified HTML).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    /// The bytes the block starts with in the file's text: its first line (a heading's text,
    /// a paragraph's first line), or its start tag in HTML.
    #[serde(skip)]
    pub span: Option<SourceSpan>,
}

/// One file read into blocks.
#[derive(Clone, Debug, Serialize)]
pub struct Doc {
    pub file: Arc<str>,
    pub format: Format,
    pub blocks: Vec<Block>,
    #[serde(skip)]
    pub diags: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_breaks_and_newlines() {
        let i = Inline {
            spans: vec![
                Span::Text("a".into()),
                Span::Break,
                Span::Text("- ".into()),
                Span::Code("X".into()),
                Span::Text(": x\nnext".into()),
            ],
        };
        let l = i.lines();
        assert_eq!(l.len(), 3);
        assert_eq!(l[1].plain(), "- X: x");
        assert_eq!(l[2].plain(), "next");
    }
}
