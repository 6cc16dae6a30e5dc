//! The docs website's rendered HTML (a minified VuePress 1.9 build), through `scraper`
//! (html5ever). Produces the same blocks the Markdown reader gives for the page's source:
//!
//! - the article is found among the site chrome (navbar, sidebar, breadcrumb, footer, ...);
//! - headings lose their `¶` anchor link and keep their `id` as the anchor;
//! - table cells become inline content: `<code>`, links (without the external-link icon and
//!   its screen-reader text), `<br>`; rows the minifier shortened (it removes empty `<td>`)
//!   keep their real cells for `rows::align`;
//! - prism-highlighted code becomes a code block with its fence language;
//! - a table that broke into a paragraph upstream is recovered (`broken_table`);
//! - every block and row gets the line and character column of its start tag (`tags`), since
//!   a minified page is one long line.
//!
//! The page is parsed once, from its content container on (found by the same raw scan that
//! gives the positions); a page without one is parsed whole and read from `<article>`,
//! `<main>` or `<body>`.

mod broken_table;
mod tags;

use crate::blocks::{Block, BlockKind, Doc, Format, Inline, Row, Span, Table};
use crate::diag::{Code, Diagnostic, Loc, SourceSpan};
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};
use std::sync::Arc;
use tags::{Cursor, Pos, Positions};

/// Nesting deeper than this is read as plain text; a recursive walk of a hostile page must
/// not exhaust the stack.
const MAX_DEPTH: usize = 200;

/// Pages nesting deeper than this are not parsed: html5ever's tree building takes time
/// quadratic in the nesting depth (50,000 nested `<div>`s take seconds). Real pages nest a
/// few dozen elements deep.
const MAX_PARSE_DEPTH: usize = 1000;

/// The class of VuePress's content container: the article.
const CONTENT_CLASS: &str = "theme-default-content";

/// Elements that are never article content, wherever they appear.
const CHROME: &[&str] = &[
    "nav", "aside", "script", "style", "noscript", "template", "svg", "math", "button", "form", "input", "select",
    "textarea", "iframe", "object", "embed", "canvas", "audio", "video", "head", "title", "meta", "link",
];

/// Elements that flow inside a line of text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
    "wbr", "br", "label",
];

/// Reads one HTML page into blocks.
pub fn read(file: &Arc<str>, text: &str) -> Doc {
    let scan = tags::scan(text, CONTENT_CLASS);
    if scan.max_depth > MAX_PARSE_DEPTH {
        let message = format!(
            "elements nested {} deep (at most {MAX_PARSE_DEPTH} are read): page not read, its tree would take \
             too long to build",
            scan.max_depth
        );
        let diags = vec![Diagnostic::warning(Code::Unreadable, Loc::new(file, 1), message)];
        return Doc { file: file.clone(), format: Format::Html, blocks: Vec::new(), diags };
    }
    // Parsing is most of the time spent here, and the head, navbar and sidebar before the
    // article are 40% of a page: when the raw text shows where the content container starts,
    // only the text from there on is parsed (behind a doctype, so the parser's mode is the same).
    let from = scan.content_start.unwrap_or(0);
    let dom = if from > 0 {
        Html::parse_document(&format!("<!DOCTYPE html>{}", &text[from..]))
    } else {
        Html::parse_document(text)
    };
    let positions = Positions::new(scan, from, &dom);
    let mut w = Walker::new(file, text, &positions);
    match find_article(&dom) {
        Some(article) => {
            w.container(article, 0);
            w.flush_loose();
        }
        None => w.diags.push(Diagnostic::warning(
            Code::Unreadable,
            Loc::new(file, 1),
            "HTML page without a body: nothing to read",
        )),
    }
    Doc { file: file.clone(), format: Format::Html, blocks: w.blocks, diags: w.diags }
}

/// The element holding the article: VuePress's content container, else the page's `<article>`
/// or `<main>`, else `<body>` (the chrome inside them is skipped by `CHROME`).
fn find_article(dom: &Html) -> Option<ElementRef<'_>> {
    let mut fallback: [Option<ElementRef<'_>>; 3] = [None, None, None];
    for node in dom.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else { continue };
        let e = el.value();
        if e.classes().any(|c| c == CONTENT_CLASS) {
            return Some(el);
        }
        let slot = match e.name() {
            "article" => 0,
            "main" => 1,
            "body" => 2,
            _ => continue,
        };
        fallback[slot].get_or_insert(el);
    }
    fallback.into_iter().flatten().next()
}

/// Walks the article's tree, emitting blocks in document order.
struct Walker<'a> {
    file: &'a Arc<str>,
    src: &'a str,
    positions: &'a Positions,
    blocks: Vec<Block>,
    diags: Vec<Diagnostic>,
    /// Text and inline elements met directly inside a container (not in a `<p>`): they form
    /// a paragraph of their own, like a browser shows them.
    loose: Inline,
    loose_at: Pos,
    /// The latest known position, for elements whose tags were not tracked.
    last: Pos,
    too_deep_reported: bool,
}

impl<'a> Walker<'a> {
    fn new(file: &'a Arc<str>, src: &'a str, positions: &'a Positions) -> Self {
        Walker {
            file,
            src,
            positions,
            blocks: Vec::new(),
            diags: Vec::new(),
            loose: Inline::default(),
            loose_at: Pos::START,
            last: Pos::START,
            too_deep_reported: false,
        }
    }

    fn pos_of(&mut self, el: ElementRef<'_>) -> Pos {
        if let Some(p) = self.positions.of(el.id()) {
            self.last = p;
        }
        self.last
    }

    fn loc(&self, p: Pos) -> Loc {
        Loc { col: Some(p.col), ..Loc::new(self.file, p.line) }.with_span(self.span(p))
    }

    /// The bytes at `p`: the start tag there, else (a row found inside a paragraph's text)
    /// the text up to the next tag.
    fn span(&self, p: Pos) -> SourceSpan {
        let bytes = self.src.as_bytes();
        let start = p.offset.min(bytes.len());
        let end = if bytes.get(start) == Some(&b'<') {
            tags::tag_end(bytes, start)
        } else {
            bytes[start..].iter().position(|&b| b == b'<').map_or(bytes.len(), |i| start + i)
        };
        SourceSpan::from(start..end)
    }

    fn push(&mut self, kind: BlockKind, at: Pos) {
        let span = Some(self.span(at));
        self.blocks.push(Block { kind, line: at.line, col: Some(at.col), span });
    }

    /// Walks the children of a container element (`div`, `section`, `details`, ...).
    fn container(&mut self, el: ElementRef<'_>, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep(el);
            return;
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    if self.loose.spans.is_empty() {
                        self.loose_at = self.last;
                    }
                    push_text(&mut self.loose, t);
                }
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        self.element(c, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, el: ElementRef<'_>, depth: usize) {
        if is_chrome(el) {
            return;
        }
        let name = el.value().name();
        if INLINE.contains(&name) {
            if self.loose.spans.is_empty() {
                self.loose_at = self.last;
            }
            inline_node(*el, &mut self.loose, depth);
            return;
        }
        self.flush_loose();
        let at = self.pos_of(el);
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(el, at, depth),
            "p" => self.paragraph(el, at, depth),
            "table" => self.table(el, at, depth),
            "pre" => self.code(el, None, at),
            "blockquote" => self.push(BlockKind::Quote(inline_of(el, depth)), at),
            "ul" | "ol" => self.list(el, at, depth),
            // A `<details>` label ("click to expand"): the Markdown reader drops it with the
            // raw HTML it sits in, and it is not content of the page.
            "summary" | "hr" => {}
            _ => match code_wrapper(el) {
                Some(pre) => self.code(pre, Some(el), at),
                None => {
                    self.container(el, depth);
                    self.flush_loose();
                }
            },
        }
    }

    fn flush_loose(&mut self) {
        let mut inline = std::mem::take(&mut self.loose);
        tidy(&mut inline);
        if !inline.is_blank() {
            let at = self.loose_at;
            self.push(BlockKind::Paragraph(inline), at);
        }
    }

    fn too_deep(&mut self, el: ElementRef<'_>) {
        let at = self.pos_of(el);
        if !self.too_deep_reported {
            self.too_deep_reported = true;
            self.diags.push(Diagnostic::warning(
                Code::Unreadable,
                self.loc(at),
                format!("elements nested more than {MAX_DEPTH} deep; their content is read as plain text"),
            ));
        }
        let text: String = el.text().collect();
        push_text(&mut self.loose, &text);
    }

    fn heading(&mut self, el: ElementRef<'_>, at: Pos, depth: usize) {
        let level = el.value().name()[1..].parse().unwrap_or(6);
        let anchor = el.value().id().map(str::to_owned);
        self.push(BlockKind::Heading { level, text: inline_of(el, depth), anchor }, at);
    }

    fn paragraph(&mut self, el: ElementRef<'_>, at: Pos, depth: usize) {
        let inline = inline_of(el, depth);
        if inline.is_blank() {
            return;
        }
        if self.recover_broken_table(&inline, at) {
            return;
        }
        let kind = match include_target(&inline.flat()) {
            Some(target) => BlockKind::Include(target),
            None => BlockKind::Paragraph(inline),
        };
        self.push(kind, at);
    }

    fn list(&mut self, el: ElementRef<'_>, at: Pos, depth: usize) {
        let items = el
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|li| li.value().name() == "li")
            .map(|li| inline_of(li, depth))
            .collect();
        self.push(BlockKind::List(items), at);
    }

    /// A code block: the text of `<pre>` (prism's token spans only color it). The language is
    /// the fence's, which VuePress writes on the wrapper (`div.language-C#`, or `language-` for
    /// a fence without one) while `<pre>` gets prism's name (`language-text` for unknown ones).
    fn code(&mut self, pre: ElementRef<'_>, wrapper: Option<ElementRef<'_>>, at: Pos) {
        let lang = match wrapper.and_then(language_class) {
            Some(l) => Some(l),
            None if wrapper.is_none() => language_class(pre).or_else(|| {
                pre.children()
                    .filter_map(ElementRef::wrap)
                    .find(|c| c.value().name() == "code")
                    .and_then(language_class)
            }),
            None => None,
        };
        let lang = lang.filter(|l| !l.is_empty());
        let text: String = pre.text().collect();
        self.push(BlockKind::Code { lang, text }, at);
    }

    fn table(&mut self, el: ElementRef<'_>, at: Pos, depth: usize) {
        let mut header: Option<Vec<Inline>> = None;
        let mut rows = Vec::new();
        for tr in table_rows(el) {
            let cells: Vec<ElementRef<'_>> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let in_head = tr.parent().and_then(ElementRef::wrap).is_some_and(|p| p.value().name() == "thead");
            let all_th = !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th");
            let inlines: Vec<Inline> = cells.iter().map(|c| inline_of(*c, depth)).collect();
            if header.is_none() && rows.is_empty() && (in_head || all_th) {
                header = Some(inlines);
                continue;
            }
            if inlines.is_empty() {
                continue; // a row of nothing (the minifier removes empty ones anyway)
            }
            let row_at = self.pos_of(tr);
            let mut row = Row::new(inlines, row_at.line);
            row.col = Some(row_at.col);
            row.span = Some(self.span(row_at));
            rows.push(row);
        }
        // The minifier removes empty `<td>`s: rows keep their real cells, `rows::align`
        // decides which columns are missing.
        let header = header.unwrap_or_default();
        let table = Table { header, rows, line: at.line, col: Some(at.col), span: Some(self.span(at)) };
        self.push(BlockKind::Table(table), at);
    }

    /// When `para` directly follows a table and has the table's row structure, its rows are
    /// put back into the table (see `broken_table`). Returns whether it did.
    fn recover_broken_table(&mut self, para: &Inline, at: Pos) -> bool {
        let Some(Block { kind: BlockKind::Table(table), .. }) = self.blocks.last() else { return false };
        let Some(found) = broken_table::recover(table, para) else { return false };
        let (table_line, table_col) = (table.line, table.col.unwrap_or(1));
        let broken_name = table.rows.last().and_then(|r| r.cells.first()).map(Inline::flat).unwrap_or_default();
        let locations: Vec<(Pos, SourceSpan)> =
            self.locate_rows(&found.rows, at).into_iter().map(|p| (p, self.span(p))).collect();
        let names: Vec<String> = found.rows.iter().map(|r| r.first().map(Inline::flat).unwrap_or_default()).collect();
        let Some(Block { kind: BlockKind::Table(table), .. }) = self.blocks.last_mut() else { return false };
        if let Some(last) = table.rows.last_mut() {
            if let Some(cell) = last.cells.last_mut() {
                *cell = found.joined_cell;
            }
            last.cells.extend(found.rest_of_row);
        }
        for (cells, (p, span)) in found.rows.into_iter().zip(locations) {
            let mut row = Row::new(cells, p.line);
            row.col = Some(p.col);
            row.span = Some(span);
            table.rows.push(row);
        }
        self.diags.push(Diagnostic::warning(
            Code::BrokenTable,
            self.loc(at),
            format!(
                "the table at {table_line}:{table_col} continues in this paragraph (the `{broken_name}` row has a cell \
                 broken across lines upstream); recovered {} rows into the table: {}",
                names.len(),
                names.join(", ")
            ),
        ));
        for lost in &found.lost {
            self.diags.push(Diagnostic::warning(
                Code::BrokenTable,
                self.loc(at),
                format!(
                    "text in the broken-table paragraph has no row structure and was not recovered: `{}`",
                    excerpt(lost)
                ),
            ));
        }
        true
    }

    /// Where each recovered row's name appears in the paragraph's source (its start tag's
    /// position when it cannot be found). One forward pass over the paragraph.
    fn locate_rows(&self, rows: &[Vec<Inline>], para: Pos) -> Vec<Pos> {
        let end = self.positions.next_start(para.offset, self.src.len());
        let mut cursor = Cursor::new(self.src, para);
        let mut from = para.offset;
        rows.iter()
            .map(|cells| {
                let name = cells.first().map(Inline::flat).unwrap_or_default();
                let hay = self.src.get(from..end).unwrap_or("");
                match hay.find(name.as_str()).filter(|_| !name.is_empty()) {
                    Some(i) => {
                        from += i + name.len();
                        cursor.advance_to(from - name.len())
                    }
                    None => para,
                }
            })
            .collect()
    }
}

/// Site chrome and widgets inside the article: layout elements, the `¶` heading anchors,
/// screen-reader-only text, and Vue components (their elements carry `data-v-*` scope
/// attributes, which Markdown content never has: the last-updated/edit bar).
fn is_chrome(el: ElementRef<'_>) -> bool {
    let e = el.value();
    CHROME.contains(&e.name())
        || is_site_banner(el)
        || e.classes().any(|c| c == "header-anchor" || c == "sr-only")
        || e.attrs().any(|(k, _)| k.starts_with("data-v-"))
}

/// A `<header>` or `<footer>` of the site. Inside an `<article>` or `<main>` they belong to
/// the article (its title, its notes), so they are read.
fn is_site_banner(el: ElementRef<'_>) -> bool {
    matches!(el.value().name(), "header" | "footer")
        && !el.ancestors().filter_map(ElementRef::wrap).any(|a| matches!(a.value().name(), "article" | "main"))
}

/// `div.language-xx` around a `<pre>`: VuePress's code block.
fn code_wrapper(el: ElementRef<'_>) -> Option<ElementRef<'_>> {
    language_class(el)?;
    el.children().filter_map(ElementRef::wrap).find(|c| c.value().name() == "pre")
}

/// `xx` of a `language-xx` class (empty for `language-`).
fn language_class(el: ElementRef<'_>) -> Option<String> {
    el.value().classes().find_map(|c| c.strip_prefix("language-")).map(str::to_owned)
}

/// `tr`s of a table, in order, without those of nested tables.
fn table_rows(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut out = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => {
                out.extend(child.children().filter_map(ElementRef::wrap).filter(|r| r.value().name() == "tr"))
            }
            _ => {}
        }
    }
    out
}

/// The inline content of an element, tidied.
fn inline_of(el: ElementRef<'_>, depth: usize) -> Inline {
    let mut out = Inline::default();
    inline_children(*el, &mut out, depth);
    tidy(&mut out);
    out
}

/// Appends the content of a node's children. Content after a block element (a `<p>` in a
/// list item, a `<div>` in a cell) starts a new line.
fn inline_children(node: NodeRef<'_, Node>, out: &mut Inline, depth: usize) {
    let mut after_block = false;
    for child in node.children() {
        let block = match child.value() {
            Node::Element(e) => !INLINE.contains(&e.name()),
            Node::Text(t) => {
                if t.trim().is_empty() && after_block {
                    continue;
                }
                false
            }
            _ => continue,
        };
        if after_block {
            new_line(out);
        }
        inline_node(child, out, depth + 1);
        after_block = block;
    }
}

/// Appends one node's inline content: `<code>` → code, `<a href>` → link, `<br>` → break.
/// Block elements inside inline content (a `<p>` in a list item, a `<div>` in a header cell)
/// start a new line; a nested list item starts with `- `, as the Markdown reader writes it.
fn inline_node(node: NodeRef<'_, Node>, out: &mut Inline, depth: usize) {
    let el = match node.value() {
        Node::Text(t) => return push_text(out, t),
        Node::Element(_) => ElementRef::wrap(node),
        _ => None,
    };
    let Some(el) = el else { return };
    if is_chrome(el) {
        return;
    }
    if depth > MAX_DEPTH {
        let text: String = el.text().collect();
        return push_text(out, &text);
    }
    match el.value().name() {
        "br" => out.spans.push(Span::Break),
        "code" | "kbd" | "samp" | "tt" => out.spans.push(Span::Code(el.text().collect())),
        "img" | "summary" => {}
        "a" => match el.value().attr("href") {
            Some(href) => {
                let text = inline_of(el, depth).flat();
                out.spans.push(Span::Link { href: href.to_owned(), text });
            }
            None => inline_children(node, out, depth),
        },
        "li" => {
            new_line(out);
            out.push_text("- ");
            inline_children(node, out, depth);
        }
        name if INLINE.contains(&name) => inline_children(node, out, depth),
        _ => {
            new_line(out);
            inline_children(node, out, depth);
        }
    }
}

/// A line break, unless at the start of the content or right after another one.
fn new_line(out: &mut Inline) {
    if !out.spans.is_empty() && !matches!(out.spans.last(), Some(Span::Break)) {
        out.spans.push(Span::Break);
    }
}

/// Text as a browser shows it: runs of whitespace are one space.
fn push_text(out: &mut Inline, text: &str) {
    if text.is_empty() {
        return;
    }
    let mut s = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            space = true;
        } else {
            if space {
                s.push(' ');
            }
            space = false;
            s.push(c);
        }
    }
    if space {
        s.push(' ');
    }
    out.push_text(&s);
}

/// Trims the content's ends and the spaces around line breaks, as the Markdown reader's cells
/// are trimmed.
fn tidy(inline: &mut Inline) {
    let n = inline.spans.len();
    for i in 0..n {
        let after_break = i == 0 || matches!(inline.spans[i - 1], Span::Break);
        let before_break = i + 1 == n || matches!(inline.spans[i + 1], Span::Break);
        if let Span::Text(t) = &mut inline.spans[i] {
            let mut s = t.as_str();
            if after_break {
                s = s.trim_start();
            }
            if before_break {
                s = s.trim_end();
            }
            if s.len() != t.len() {
                *t = s.to_owned();
            }
        }
    }
    inline.spans.retain(|s| !matches!(s, Span::Text(t) if t.is_empty()));
}

fn include_target(flat: &str) -> Option<String> {
    let inner = flat.trim().strip_prefix("!!!include(")?.strip_suffix(")!!!")?;
    Some(inner.trim().to_owned())
}

/// The first 80 characters, for a message.
fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Doc {
        read(&Arc::from("t.html"), &page(body))
    }

    /// A minified VuePress-like page around `content`: navbar, sidebar, breadcrumb, footer,
    /// scripts, and the last-updated widget inside the content.
    fn page(content: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><title>T</title><script>var x='<p>no</p>';</script></head><body>\
             <div id=\"app\"><header class=\"navbar\"><h1>Site</h1><a href=\"/\">Home</a></header>\
             <main class=\"page\"><aside class=\"sidebar\"><ul><li><a href=\"/a\">Widgets</a></li></ul></aside>\
             <div class=\"breadcrumb-content-container\"><div class=\"theme-default-content content__default\">\
             <div class=\"last-updated\"data-v-1a2b><span data-v-1a2b>Updated:</span> 2024-01-01</div>\
             {content}</div><div class=\"page-nav\"data-v-9><a href=\"/b\">Next</a></div></div></main>\
             <footer class=\"footer\"><p>© Widgets Inc.</p></footer></div><script src=\"/app.js\"></script></body></html>"
        )
    }

    fn kinds(d: &Doc) -> Vec<&'static str> {
        d.blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { .. } => "heading",
                BlockKind::Paragraph(_) => "paragraph",
                BlockKind::Quote(_) => "quote",
                BlockKind::List(_) => "list",
                BlockKind::Table(_) => "table",
                BlockKind::Code { .. } => "code",
                BlockKind::Include(_) => "include",
            })
            .collect()
    }

    fn table(d: &Doc) -> &Table {
        d.blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Table(t) => Some(t),
                _ => None,
            })
            .expect("a table")
    }

    #[test]
    fn only_the_article_is_read() {
        let d =
            doc("<h1 id=\"make-a-widget\"><a href=\"#make-a-widget\"class=\"header-anchor\">¶</a> Make a widget</h1>\
                     <p>Creates a widget.</p>");
        assert_eq!(kinds(&d), vec!["heading", "paragraph"]);
        let BlockKind::Paragraph(p) = &d.blocks[1].kind else { panic!() };
        assert_eq!(p.flat(), "Creates a widget.");
    }

    #[test]
    fn pages_without_the_content_container_fall_back_to_main() {
        let src = "<!DOCTYPE html><html><body><nav><p>menu</p></nav><main><aside><p>side</p></aside>\
                   <h1>Widgets</h1><p>All about widgets.</p></main><footer><p>foot</p></footer></body></html>";
        let d = read(&Arc::from("t.html"), src);
        assert_eq!(kinds(&d), vec!["heading", "paragraph"]);
    }

    #[test]
    fn an_article_header_is_content_and_the_site_header_is_not() {
        let src = "<!DOCTYPE html><html><body><header><h1>Site</h1></header><article><header><h1>Widgets</h1>\
                   </header><p>About widgets.</p><footer><p>Written by the widget team.</p></footer></article>\
                   <footer><p>© Site</p></footer></body></html>";
        let d = read(&Arc::from("t.html"), src);
        let texts: Vec<String> = d
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { text, .. } | BlockKind::Paragraph(text) => text.flat(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(texts, vec!["Widgets", "About widgets.", "Written by the widget team."]);
    }

    #[test]
    fn headings_drop_the_anchor_and_keep_the_lowercased_id() {
        let d = doc(
            "<h3 id=\"widgetownerdto\"><a href=\"#widgetownerdto\"class=\"header-anchor\">¶</a> WidgetOwnerDto</h3>",
        );
        let BlockKind::Heading { level, text, anchor } = &d.blocks[0].kind else { panic!() };
        assert_eq!(*level, 3);
        assert_eq!(text.spans, vec![Span::Text("WidgetOwnerDto".into())]);
        assert_eq!(anchor.as_deref(), Some("widgetownerdto"));
    }

    #[test]
    fn cells_keep_code_links_and_breaks_and_drop_the_outbound_icon() {
        let d = doc(
            "<table><thead><tr><th>Name</th><th><div style=\"width:80px;\">Type</div></th><th>Notes</th></tr></thead>\
             <tbody><tr><td>owner</td><td><a href=\"#WidgetOwnerDto\">WidgetOwnerDto</a></td>\
             <td>Kind:<br>- <code>CHART</code>: a chart<br>See <a href=\"https://example.com/w\"target=\"_blank\"rel=\"noopener noreferrer\">the guide<span>\
             <svg class=\"icon outbound\"><path d=\"M0\"></path></svg> <span class=\"sr-only\">(opens new window)</span></span></a>.</td></tr></tbody></table>",
        );
        let t = table(&d);
        assert_eq!(t.header.iter().map(Inline::flat).collect::<Vec<_>>(), vec!["Name", "Type", "Notes"]);
        let row = &t.rows[0];
        assert_eq!(row.cells[1].links().next(), Some(("#WidgetOwnerDto", "WidgetOwnerDto")));
        assert_eq!(
            row.cells[2].spans,
            vec![
                Span::Text("Kind:".into()),
                Span::Break,
                Span::Text("- ".into()),
                Span::Code("CHART".into()),
                Span::Text(": a chart".into()),
                Span::Break,
                Span::Text("See ".into()),
                Span::Link { href: "https://example.com/w".into(), text: "the guide".into() },
                Span::Text(".".into()),
            ]
        );
    }

    #[test]
    fn rows_the_minifier_shortened_keep_their_real_cells() {
        let d = doc("<table><thead><tr><th>Name</th><th>Type</th><th>Description</th><th>Sample</th></tr></thead>\
             <tbody><tr><td>size</td><td>number</td><td>Size</td><td><code>3</code></td></tr>\
             <tr><td>tags</td><td>array</td><td>Tags</td></tr></tbody></table>");
        let t = table(&d);
        assert_eq!(t.rows[0].cells.len(), 4);
        assert_eq!(t.rows[1].cells.len(), 3);
    }

    #[test]
    fn prism_code_keeps_the_fence_language_and_decodes_entities() {
        let d = doc("<div class=\"language-json extra-class\"><pre class=\"language-json\"><code>\
             <span class=\"token punctuation\">{</span><span class=\"token property\">&quot;ok&quot;</span>\
             <span class=\"token operator\">:</span> <span class=\"token boolean\">true</span> &lt;&amp;&gt;}\n</code></pre></div>\
             <div class=\"language-C# extra-class\"><pre class=\"language-text\"><code>var w = 1;</code></pre></div>\
             <div class=\"language- extra-class\"><pre class=\"language-text\"><code>plain</code></pre></div>");
        let codes: Vec<(Option<&str>, &str)> = d
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Code { lang, text } => Some((lang.as_deref(), text.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(codes, vec![(Some("json"), "{\"ok\": true <&>}\n"), (Some("C#"), "var w = 1;"), (None, "plain")]);
    }

    #[test]
    fn quotes_lists_details_and_containers() {
        let d = doc("<blockquote><p>Generated from the widget spec.</p></blockquote>\
             <ul><li>first</li><li><p>second</p><ul><li>nested</li></ul></li></ul>\
             <details><summary>Click to expand</summary><p>Hidden detail.</p></details>\
             <div class=\"custom-block tip\"><p class=\"custom-block-title\">Tip</p><p>Be nice.</p></div>\
             <div>loose <strong>text</strong></div>");
        assert_eq!(kinds(&d), vec!["quote", "list", "paragraph", "paragraph", "paragraph", "paragraph"]);
        let BlockKind::List(items) = &d.blocks[1].kind else { panic!() };
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].plain(), "second\n- nested");
        let texts: Vec<String> = d.blocks[2..]
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Paragraph(p) => Some(p.flat()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec!["Hidden detail.", "Tip", "Be nice.", "loose text"]);
    }

    #[test]
    fn unrendered_includes_become_include_blocks() {
        let d = doc("<p>!!!include(reference/sdk/common/widget_table.md)!!!</p>");
        assert!(matches!(&d.blocks[0].kind, BlockKind::Include(p) if p == "reference/sdk/common/widget_table.md"));
    }

    #[test]
    fn blocks_and_rows_have_lines_and_character_columns() {
        let src = "<!DOCTYPE html><html><body><div class=\"theme-default-content\"><h2 id=\"参数\">参数</h2>\n\
                   <table><thead><tr><th>名称</th><th>类型</th></tr></thead><tbody><tr><td>名字</td><td>string</td></tr>\
                   </tbody></table></div></body></html>";
        let d = read(&Arc::from("t.html"), src);
        assert_eq!((d.blocks[0].line, d.blocks[0].col), (1, Some(63)));
        let t = table(&d);
        assert_eq!((t.line, t.col), (2, Some(1)));
        // `<table><thead><tr><th>名称</th><th>类型</th></tr></thead><tbody>` is 60 characters.
        assert_eq!((t.rows[0].line, t.rows[0].col), (2, Some(61)));
        // Spans: the start tags, in bytes.
        let at = |s: Option<SourceSpan>| s.map(|s| &src[s.offset()..s.offset() + s.len()]);
        assert_eq!(at(d.blocks[0].span), Some("<h2 id=\"参数\">"));
        assert_eq!(at(t.span), Some("<table>"));
        assert_eq!(at(t.rows[0].span), Some("<tr>"));
        assert!(src[..t.rows[0].span.unwrap().offset()].ends_with("<tbody>"));
    }

    #[test]
    fn a_table_broken_into_a_paragraph_is_recovered_and_reported() {
        let d = doc("<h3 id=\"widgetdto\">WidgetDto</h3><table><thead><tr><th>名称</th><th>类型</th><th>是否必填</th>\
             <th>描述</th><th>示例值</th></tr></thead><tbody><tr><td>id</td><td>string</td><td>是</td><td>ID</td>\
             <td><code>w-1</code></td></tr><tr><td>style</td><td>string</td><td>否</td><td>样式</td><td>`h1 {</td></tr>\
             </tbody></table><p>color: red; }<code>| | kind | string | 是 | 类型：&lt;br&gt;-</code>CHART<code>: 图表&lt;br&gt;-</code>TABLE\
             `: 表格<br> | CHART | | size | number | 否 | 大小 | |</p><h3 id=\"next\">Next</h3>");
        assert_eq!(kinds(&d), vec!["heading", "table", "heading"]);
        let t = table(&d);
        let names: Vec<String> = t.rows.iter().map(|r| r.cells[0].flat()).collect();
        assert_eq!(names, vec!["id", "style", "kind", "size"]);
        assert_eq!(t.rows[1].cells[4].codes().next(), Some("h1 { color: red; }"));
        let kind_desc = crate::cells::description(&t.rows[2].cells[3], false);
        assert_eq!(kind_desc.enum_values.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(), vec!["CHART", "TABLE"]);
        let broken: Vec<&Diagnostic> = d.diags.iter().filter(|x| x.code == Code::BrokenTable).collect();
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].at.file.as_ref(), "t.html");
        assert!(broken[0].at.col.is_some());
        assert!(broken[0].message.contains("kind, size"), "{}", broken[0].message);
        // Recovered rows point into the paragraph, after the table.
        assert!(t.rows[2].col > t.rows[1].col && t.rows[3].col > t.rows[2].col);
    }

    #[test]
    fn vue_widgets_in_the_article_are_skipped() {
        let d = doc("<p>Body.</p>");
        assert_eq!(kinds(&d), vec!["paragraph"]);
    }

    #[test]
    fn garbage_never_panics() {
        let inputs = [
            "",
            "<",
            "<<<>>>",
            "<table><tr><td>a<td>b<tr><th>c</table></td>",
            "<p><table><p></table></p></p>",
            "<h2>unterminated <a href=\"x",
            "<html><body><div class=\"theme-default-content\"><table></table><p>| | a | b | | |</p></div>",
            "\u{0}\u{FEFF}<svg><p>x</svg><math><mi>y",
            "<td>cell</td><tr></tr><thead>",
        ];
        for src in inputs {
            let d = read(&Arc::from("g.html"), src);
            assert!(d.blocks.iter().all(|b| b.line >= 1));
        }
    }

    #[test]
    fn deep_nesting_is_read_as_text_and_reported() {
        let deep = "<div>".repeat(300) + "deep text" + &"</div>".repeat(300);
        let d = read(&Arc::from("g.html"), &deep);
        assert!(d.diags.iter().any(|x| x.code == Code::Unreadable && x.message.contains("nested")));
        assert!(d.blocks.iter().any(|b| matches!(&b.kind, BlockKind::Paragraph(p) if p.flat() == "deep text")));
    }

    #[test]
    fn hostile_nesting_is_refused_before_parsing() {
        let hostile = "<div>".repeat(50_000) + "x";
        let d = read(&Arc::from("g.html"), &hostile);
        assert!(d.blocks.is_empty());
        assert_eq!(d.diags[0].code, Code::Unreadable);
        assert!(d.diags[0].message.contains("50000"), "{}", d.diags[0].message);
    }
}
