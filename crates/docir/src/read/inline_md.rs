//! Inline spans from Markdown: text, code spans, links, line breaks and the few inline HTML
//! tags, from pulldown-cmark's inline events into an [`Inline`]. Shared by the Markdown reader
//! (headings, paragraphs, cells) and the HTML reader (cells of a broken table, read back from
//! their Markdown form), so both read a cell the same way.

use super::inline_html::{self, Tag as HtmlTag};
use crate::blocks::{Inline, Span};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Joins the lines of a broken table cell; becomes a line break inside the cell. Control
/// characters are removed from input text by `source::decode`, so this cannot collide.
pub const JOIN: char = '\u{1F}';

/// An [`Inline`] being built from inline events, with the links still open.
#[derive(Default)]
pub struct Spans {
    /// The spans so far.
    pub cur: Inline,
    /// Open links: target, and the index of the span where the link's text begins.
    links: Vec<(String, usize)>,
}

impl Spans {
    /// The spans built so far; open links are dropped (their text stays).
    pub fn take(&mut self) -> Inline {
        self.links.clear();
        std::mem::take(&mut self.cur)
    }

    /// Text; a [`JOIN`] in it becomes a line break.
    pub fn text(&mut self, t: &str) {
        // Text right after a link opens must start its own span, or the link would lose it
        // to the text before.
        if self.links.last().is_some_and(|(_, at)| *at == self.cur.spans.len()) && !t.is_empty() {
            self.cur.spans.push(Span::Text(String::new()));
        }
        if t.contains(JOIN) {
            for (k, part) in t.split(JOIN).enumerate() {
                if k > 0 {
                    self.cur.spans.push(Span::Break);
                }
                self.cur.push_text(part);
            }
        } else {
            self.cur.push_text(t);
        }
    }

    /// A code span; a [`JOIN`] in it becomes a newline.
    pub fn code(&mut self, c: &str) {
        self.cur.spans.push(Span::Code(c.replace(JOIN, "\n")));
    }

    /// A line break.
    pub fn line_break(&mut self) {
        self.cur.spans.push(Span::Break);
    }

    /// One inline HTML tag. Returns the id of an anchor (`<a id>`), which belongs to the
    /// heading it precedes, not to the text.
    pub fn html(&mut self, raw: &str) -> Option<String> {
        match inline_html::classify(raw) {
            HtmlTag::Break => self.line_break(),
            HtmlTag::LinkStart { href } => self.open_link(href),
            HtmlTag::Anchor(id) => return Some(id),
            HtmlTag::LinkEnd => self.close_link(),
            HtmlTag::Other => {}
            HtmlTag::Literal => self.cur.push_text(raw),
        }
        None
    }

    /// A link opens: the text that follows, up to [`Spans::close_link`], is its text.
    pub fn open_link(&mut self, href: String) {
        self.links.push((href, self.cur.spans.len()));
    }

    /// The innermost open link closes; its spans become one [`Span::Link`].
    pub fn close_link(&mut self) {
        if let Some((href, at)) = self.links.pop() {
            let at = at.min(self.cur.spans.len());
            let inner = Inline { spans: self.cur.spans.split_off(at) };
            self.cur.spans.push(Span::Link { href, text: inner.flat() });
        }
    }

    /// A line break, unless the spans are empty or already end with one (between blocks).
    pub fn separate(&mut self) {
        if !self.cur.spans.is_empty() && !matches!(self.cur.spans.last(), Some(Span::Break)) {
            self.line_break();
        }
    }
}

/// Parses a Markdown fragment (one table cell) into inline content. Blocks in it (a quote, a
/// list, a code block, several paragraphs) are separated by line breaks; a nested list item
/// keeps its `- `; HTML blocks are dropped, as on a page.
pub fn inline_of(fragment: &str) -> Inline {
    let mut s = Spans::default();
    let mut lists = 0usize;
    let mut code: Option<String> = None;
    for ev in Parser::new_ext(fragment.trim(), Options::empty()) {
        match ev {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::BlockQuote(_)) => s.separate(),
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            Event::Start(Tag::Item) => {
                s.separate();
                if lists > 1 {
                    s.cur.push_text("- ");
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                s.separate();
                code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(c) = code.take() {
                    s.cur.spans.push(Span::Code(c));
                }
            }
            Event::Text(t) => match code.as_mut() {
                Some(c) => c.push_str(&t),
                None => s.text(&t),
            },
            Event::Code(c) => s.code(&c),
            Event::InlineHtml(h) => {
                s.html(&h);
            }
            Event::SoftBreak | Event::HardBreak => s.line_break(),
            Event::InlineMath(m) | Event::DisplayMath(m) => s.cur.push_text(&m),
            Event::Start(Tag::Link { dest_url, .. }) => s.open_link(dest_url.to_string()),
            Event::End(TagEnd::Link) => s.close_link(),
            _ => {}
        }
    }
    s.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(i: &Inline) -> Vec<String> {
        i.spans
            .iter()
            .map(|s| match s {
                Span::Text(t) => format!("t:{t}"),
                Span::Code(c) => format!("c:{c}"),
                Span::Link { href, text } => format!("a:{href}={text}"),
                Span::Break => "br".to_owned(),
            })
            .collect()
    }

    #[test]
    fn cells_read_as_inline_spans() {
        let table: &[(&str, &[&str])] = &[
            ("plain", &["t:plain"]),
            ("a<br>b", &["t:a", "br", "t:b"]),
            ("`x|y` z", &["c:x|y", "t: z"]),
            ("[Dto](#Dto)", &["a:#Dto=Dto"]),
            ("<a href=\"#K\">K</a> and", &["a:#K=K", "t: and"]),
            ("Foo<Bar>", &["t:Foo<Bar>"]),
            ("first\n\nsecond", &["t:first", "br", "t:second"]),
            ("- one\n- two", &["t:one", "br", "t:two"]),
            ("- one\n  - inner", &["t:one", "br", "t:- inner"]),
            ("> quoted", &["t:quoted"]),
            ("```\nlet a = 1;\n```", &["c:let a = 1;\n"]),
            ("  spaced  ", &["t:spaced"]),
        ];
        for (fragment, want) in table {
            assert_eq!(shown(&inline_of(fragment)), *want, "{fragment:?}");
        }
    }

    #[test]
    fn joined_lines_become_breaks_and_anchors_are_returned() {
        let mut s = Spans::default();
        s.text(&format!("a{JOIN}b"));
        assert_eq!(s.html("<a id=\"X\">"), Some("X".to_owned()));
        s.code(&format!("c{JOIN}d"));
        assert_eq!(shown(&s.take()), ["t:a", "br", "t:b", "c:c\nd"]);
    }
}
