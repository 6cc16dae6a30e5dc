//! One reader per input format (`markdown`, `html`, `text_md`, `text_flat`). Each turns a
//! decoded file into a [`Doc`] of blocks. Readers never import each other: what two of them
//! share is a leaf here (`pipe_table`, `inline_md`, `inline_html`, `json_sample`), and the
//! leaves import no reader.

pub mod html;
pub mod inline_html;
pub mod inline_md;
pub mod json_sample;
pub mod markdown;
pub mod pipe_table;
pub mod text_flat;
pub mod text_md;

use crate::blocks::{BlockKind, Doc, Format};
use crate::source::{LineIndex, SourceFile};

/// Recognizes the format of a page from its content, whatever the file extension.
pub fn detect(text: &str) -> Format {
    let head: String = past_comments(text).chars().take(512).collect::<String>().to_ascii_lowercase();
    if ["<!doctype html", "<html", "<head", "<body"].iter().any(|t| head.starts_with(t)) {
        return Format::Html;
    }
    let mut md_signals = 0usize;
    // Text-md evidence: fences are never left, inline markup rarely, and separators are
    // written without spaces (`|---|---|`).
    let (mut fences, mut markup, mut compact_separators) = (0usize, 0usize, 0usize);
    for line in text.lines().take(4000) {
        let t = line.trim_start();
        if t.starts_with("¶ ") || t == "¶" {
            return Format::TextFlat;
        }
        if t.starts_with("```") || t.starts_with("~~~") || t.starts_with("!!!include(") || t.starts_with("<!--") {
            md_signals += 1;
            fences += 1;
        }
        if t.contains('`') || t.contains("<br") || t.contains("<a href") || t.contains("<div") || t.contains("](") {
            markup += 1;
        }
        if t.len() > 4 && t.starts_with("|-") && t.trim_end().chars().all(|c| matches!(c, '|' | '-' | ':')) {
            compact_separators += 1;
        }
        if let Some(rest) = t.strip_prefix('#') {
            let rest = rest.trim_start_matches('#');
            if rest.starts_with(' ') {
                md_signals += 1;
            }
        }
        if t.starts_with('|') && (t.contains('`') || t.contains("<br") || t.contains("<a href") || t.contains("<div")) {
            md_signals += 1;
        }
    }
    // A text copy begins with the bare title, and its code keeps `# comment` lines that look
    // like Markdown headings.
    if fences == 0 && starts_plain(text) && (compact_separators > 0 || markup == 0) {
        Format::TextMd
    } else if md_signals > 0 || markup > 0 {
        Format::Markdown
    } else if head.starts_with('<') && (head.contains("<table") || head.contains("<h1") || head.contains("<p")) {
        Format::Html
    } else {
        Format::TextMd
    }
}

/// The text past leading whitespace and HTML comments (a saved web page may start with one).
fn past_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        match text.strip_prefix("<!--").and_then(|r| r.find("-->").map(|i| &r[i + 3..])) {
            Some(rest) => text = rest,
            None => return text,
        }
    }
}

/// The first line of text is plain prose (a Markdown page starts with a heading, front
/// matter, a table, a fence or HTML).
fn starts_plain(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| !l.starts_with(['#', '|', '`', '<', '>', '!', '-', '~', '*', '[', '{', ':']))
}

/// Reads a decoded file with the reader for its format.
pub fn read(file: &SourceFile) -> Doc {
    read_as(&file.name, &file.text, detect(&file.text))
}

/// Reads text with the reader for `format` (already recognized by [`detect`]).
pub fn read_as(name: &std::sync::Arc<str>, text: &str, format: Format) -> Doc {
    let mut doc = match format {
        Format::Markdown => markdown::read(name, text),
        Format::Html => html::read(name, text),
        Format::TextMd => text_md::read(name, text),
        Format::TextFlat => text_flat::read(name, text),
    };
    line_spans(&mut doc, text);
    doc
}

/// Blocks, tables and rows whose reader knew no finer span get their line's.
fn line_spans(doc: &mut Doc, text: &str) {
    // Most readers span every block: the index is built only when one did not.
    let lines = std::cell::OnceCell::new();
    let line_span = |line| lines.get_or_init(|| LineIndex::new(text)).line_span(text, line);
    for b in &mut doc.blocks {
        b.span = b.span.or_else(|| line_span(b.line));
        if let BlockKind::Table(t) = &mut b.kind {
            t.span = t.span.or_else(|| line_span(t.line));
            for r in &mut t.rows {
                r.span = r.span.or_else(|| line_span(r.line));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_copies_are_told_from_markdown() {
        let text_md = "Bind widget\nMethod name\nClient.bindWidget\nSample code\npython\n# set the token first\nc.bind_widget()Request response\n| Name | Type |\n|---|---|\n| a | string |\n";
        assert_eq!(detect(text_md), Format::TextMd);
        assert_eq!(detect("# Bind widget\n\n| Name | Type |\n| ---- | ---- |\n| a | `x` |\n"), Format::Markdown);
        assert_eq!(detect("Intro with `code` and a [link](x).\n\n## Part\n"), Format::Markdown);
        assert_eq!(detect("Site\n¶ Bind widget\nNameType\n"), Format::TextFlat);
    }

    /// Each reader's files and the family of files it may import; leaves import no reader.
    const SOURCES: &[(&str, &str, &str)] = &[
        ("markdown.rs", "markdown", include_str!("markdown.rs")),
        ("html.rs", "html", include_str!("html.rs")),
        ("html/broken_table.rs", "html", include_str!("html/broken_table.rs")),
        ("html/tags.rs", "html", include_str!("html/tags.rs")),
        ("text_md.rs", "text_md", include_str!("text_md.rs")),
        ("text_flat/mod.rs", "text_flat", include_str!("text_flat/mod.rs")),
        ("text_flat/split.rs", "text_flat", include_str!("text_flat/split.rs")),
        ("pipe_table.rs", "", include_str!("pipe_table.rs")),
        ("json_sample.rs", "", include_str!("json_sample.rs")),
        ("inline_md.rs", "", include_str!("inline_md.rs")),
        ("inline_html.rs", "", include_str!("inline_html.rs")),
    ];

    #[test]
    fn readers_import_no_other_reader() {
        let readers = ["markdown", "html", "text_md", "text_flat"];
        for (file, family, source) in SOURCES {
            for line in source.lines().map(str::trim).filter(|l| l.starts_with("use ")) {
                let segments: Vec<&str> = line.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
                for r in readers.iter().filter(|r| *r != family) {
                    assert!(!segments.contains(r), "{file} imports the {r} reader: `{line}`");
                }
            }
        }
    }

    #[test]
    fn html_is_recognized_past_leading_comments() {
        assert_eq!(detect("<!-- saved from a browser -->\n<!DOCTYPE html><html><body><p>x</p>"), Format::Html);
        assert_eq!(detect("<!--\n  a note\n-->\n# Title\n\n## 请求参数\n"), Format::Markdown);
    }
}
