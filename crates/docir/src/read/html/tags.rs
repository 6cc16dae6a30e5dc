//! Source positions of HTML elements.
//!
//! `scraper`/html5ever build a tree without source positions (html5ever reports line numbers
//! at most, and a minified page is one or two very long lines), so the positions come from a
//! light scan of the raw text: every start tag of a few block-level names, in document order,
//! with its line and character column. The k-th `<tr` in the text is the k-th `tr` element of
//! the tree in document order, as long as the parser neither invents nor drops elements of that
//! name, which holds for a well-formed build. Queues are kept per tag name so that a mismatch in
//! one name (a stray `</p>` makes html5ever add an empty `p`) cannot shift the others.
//!
//! This is hand-written tokenizing, kept to what finding start tags needs: comments, doctype,
//! quoted attribute values and raw-text elements (`<script>`, `<style>`, ...) are skipped so a
//! `<p` inside them is not counted. One pass, linear in the text.

use crate::read::inline_html;
use ego_tree::NodeId;
use scraper::{Html, Node};
use std::collections::HashMap;

/// Where an element's start tag is: byte offset, 1-based line and 1-based character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub offset: usize,
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const START: Pos = Pos { offset: 0, line: 1, col: 1 };
}

/// The element names whose positions are recorded: the ones that become blocks or rows.
const TRACKED: &[&str] =
    &["h1", "h2", "h3", "h4", "h5", "h6", "p", "table", "tr", "pre", "blockquote", "ul", "ol", "li", "div", "details"];

/// Elements whose content is raw text: html5ever does not parse tags inside them, so neither
/// does the scan. (`noscript` is raw text because html5ever parses with scripting enabled.)
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

/// What the scan of a page's raw text found.
pub struct Scan {
    /// Every tracked start tag, in order: (index into `TRACKED`, position).
    tags: Vec<(usize, Pos)>,
    /// How deep elements nest, counting only elements that must be closed explicitly (so
    /// unclosed `<p>`, `<li>`, `<td>` and void elements do not count).
    pub max_depth: usize,
    /// Offset of the first element with the class `content_class` (see `scan`), if any.
    pub content_start: Option<usize>,
}

/// Positions of the tracked elements of one parsed page.
pub struct Positions {
    by_node: HashMap<NodeId, Pos>,
    /// Offsets of every recorded start tag, ascending.
    starts: Vec<usize>,
}

impl Positions {
    /// Pairs the start tags found by `scan` from offset `from` on with the elements of `dom`,
    /// parsed from that part of the scanned text.
    pub fn new(scan: Scan, from: usize, dom: &Html) -> Self {
        let starts: Vec<usize> = scan.tags.iter().map(|(_, p)| p.offset).collect();
        let mut queues: Vec<Vec<Pos>> = vec![Vec::new(); TRACKED.len()];
        for (k, p) in scan.tags.into_iter().filter(|(_, p)| p.offset >= from) {
            queues[k].push(p);
        }
        let mut next = vec![0usize; TRACKED.len()];
        let mut by_node = HashMap::new();
        for node in dom.tree.root().descendants() {
            let Node::Element(e) = node.value() else { continue };
            let Some(k) = tracked(e.name()) else { continue };
            if let Some(p) = queues[k].get(next[k]) {
                by_node.insert(node.id(), *p);
                next[k] += 1;
            }
        }
        Positions { by_node, starts }
    }

    pub fn of(&self, id: NodeId) -> Option<Pos> {
        self.by_node.get(&id).copied()
    }

    /// The offset of the first recorded start tag after `offset` (the end of the text if none):
    /// an element's own text cannot reach past the next block's start tag.
    pub fn next_start(&self, offset: usize, text_len: usize) -> usize {
        let i = self.starts.partition_point(|&s| s <= offset);
        self.starts.get(i).copied().unwrap_or(text_len)
    }
}

fn tracked(name: &str) -> Option<usize> {
    TRACKED.iter().position(|t| *t == name)
}

/// Moves forward through a text, keeping the line and character column of its position.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: Pos,
}

impl<'a> Cursor<'a> {
    pub fn new(src: &'a str, at: Pos) -> Self {
        Cursor { bytes: src.as_bytes(), pos: at }
    }

    /// Advances to `offset` (never backwards), counting lines and characters on the way.
    pub fn advance_to(&mut self, offset: usize) -> Pos {
        let end = offset.min(self.bytes.len());
        for &b in &self.bytes[self.pos.offset.min(end)..end] {
            if b == b'\n' {
                self.pos.line += 1;
                self.pos.col = 1;
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character.
                self.pos.col += 1;
            }
        }
        self.pos.offset = self.pos.offset.max(end);
        self.pos
    }
}

/// Elements without content, and elements whose end tag may be left out (the parser closes
/// them itself): neither makes the nesting deeper.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
    "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb", "rt",
    "rp", "colgroup", "caption", "html", "head", "body",
];

/// Scans `src` for the tracked start tags, the nesting depth, and the first element whose
/// classes include `content_class`.
pub fn scan(src: &str, content_class: &str) -> Scan {
    let bytes = src.as_bytes();
    let mut tags = Vec::new();
    let mut content_start = None;
    let (mut depth, mut max_depth) = (0usize, 0usize);
    let mut cursor = Cursor::new(src, Pos::START);
    let mut i = 0;
    while let Some(rel) = memchr::memchr(b'<', &bytes[i..]) {
        let lt = i + rel;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
        } else if rest.first() == Some(&b'/') {
            let name = tag_name(src, lt + 2);
            if !NOT_NESTING.contains(&name.as_ref()) {
                depth = depth.saturating_sub(1);
            }
            i = find(bytes, lt + 1, b">").map_or(bytes.len(), |e| e + 1);
        } else if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
            i = find(bytes, lt + 1, b">").map_or(bytes.len(), |e| e + 1);
        } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
            let name = tag_name(src, lt + 1);
            let end = tag_end(bytes, lt + 1 + name.len());
            if let Some(k) = tracked(&name) {
                tags.push((k, cursor.advance_to(lt)));
            }
            let attrs = &src[lt + 1 + name.len()..end];
            if content_start.is_none() && attrs.contains(content_class) {
                let class = inline_html::attr(attrs, "class").unwrap_or_default();
                if class.split_ascii_whitespace().any(|c| c == content_class) {
                    content_start = Some(lt);
                }
            }
            let self_closing = end >= 2 && bytes[end - 2] == b'/';
            if !self_closing && !NOT_NESTING.contains(&name.as_ref()) {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            i = if RAW_TEXT.contains(&name.as_ref()) { raw_text_end(bytes, end, &name) } else { end };
        } else {
            i = lt + 1;
        }
        if i >= bytes.len() {
            break;
        }
    }
    Scan { tags, max_depth, content_start }
}

/// The lowercased tag name starting at `at`.
fn tag_name(src: &str, at: usize) -> std::borrow::Cow<'_, str> {
    let at = at.min(src.len());
    let len = src.as_bytes()[at..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    let name = &src[at..at + len];
    // Built pages write tag names in lowercase; only others need a folded copy.
    if name.bytes().any(|b| b.is_ascii_uppercase()) { name.to_ascii_lowercase().into() } else { name.into() }
}

/// The offset just after the `>` that closes a start tag, skipping quoted attribute values.
pub(super) fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return i + 1,
            b'=' => {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if let Some(&q @ (b'"' | b'\'')) = bytes.get(i) {
                    i = bytes[i + 1..].iter().position(|&b| b == q).map_or(bytes.len(), |e| i + 1 + e + 1);
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The offset of the `</name` that ends a raw-text element (case-insensitive), or the end.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(p) = find(bytes, i, b"</") {
        let after = &bytes[p + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return p;
        }
        i = p + 2;
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    memchr::memmem::find(&bytes[from..], needle).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_and_cols(src: &str) -> Vec<(&'static str, u32, u32)> {
        scan(src, "c").tags.into_iter().map(|(k, p)| (TRACKED[k], p.line, p.col)).collect()
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let found = names_and_cols("<h1>创建</h1><p>x</p>\n<table><tr>");
        assert_eq!(found, vec![("h1", 1, 1), ("p", 1, 12), ("table", 2, 1), ("tr", 2, 8)]);
    }

    #[test]
    fn comments_scripts_and_attribute_values_hide_tags() {
        let src = "<!-- <p> --><script>if (a<p) {}</script><div title=\"<p>\"class=x><pre>";
        let found = names_and_cols(src);
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), vec!["div", "pre"]);
    }

    #[test]
    fn similar_names_are_not_confused() {
        let found = names_and_cols("<path><param><pre><p>");
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), vec!["pre", "p"]);
    }

    #[test]
    fn elements_get_the_positions_of_their_tags() {
        let src = "<!DOCTYPE html><html><body>\n<table><tr><td>a</td></tr><tr><td>b</td></tr></table>";
        let dom = Html::parse_document(src);
        let pos = Positions::new(scan(src, "c"), 0, &dom);
        let cols: Vec<u32> = dom
            .tree
            .root()
            .descendants()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "tr"))
            .filter_map(|n| pos.of(n.id()).map(|p| p.col))
            .collect();
        assert_eq!(cols, vec![8, 27]);
    }

    #[test]
    fn depth_counts_only_elements_that_must_be_closed() {
        assert_eq!(scan("<div><div><span>a</span></div><div><p>b<p>c<br><img src=x></div></div>", "c").max_depth, 3);
        assert_eq!(scan(&"<li>".repeat(500), "c").max_depth, 0);
        assert_eq!(scan(&"<div>".repeat(500), "c").max_depth, 500);
    }

    #[test]
    fn the_content_container_is_found_by_its_class() {
        let src = "<div class=\"nav\"><!-- <div class=\"main x\"> --><section id=a class=\"x main\"><p>";
        assert_eq!(scan(src, "main").content_start, Some(46));
        assert_eq!(scan(src, "mai").content_start, None);
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for src in ["<", "<p", "<p class=\"", "<!--", "<script>", "<a href='x", "</", "<!"] {
            let _ = scan(src, "c");
        }
    }
}
