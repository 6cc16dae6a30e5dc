//! The Tera filters through which documentation text reaches generated code, and nothing else.
//!
//! - `doc`: text → `///` lines. Text can never leave the comment (each line is its own comment,
//!   and only `\n` ends a line comment), and rustdoc-Markdown that would warn or run is escaped:
//!   no code blocks (lines are trimmed, fences escaped), no links or HTML (`[`, `]`, `<`, `>`
//!   escaped), bare URLs wrapped in `<...>`, unbalanced backticks escaped.
//! - `lit`: text → a Rust string literal (`proc_macro2::Literal::string`), every control and
//!   invisible character escaped.
//! - `ident` / `ty`: check that a value made by `names` is an identifier / a type (defence in
//!   depth: they do not escape, they refuse).
//!
//! The escaping is written here by hand: no crate escapes Markdown for rustdoc's lints.

use super::names::is_ident;
use std::collections::HashMap;
use tera::{Result, Tera, Value};

pub fn register(tera: &mut Tera) {
    tera.register_filter("doc", doc_filter);
    tera.register_filter("lit", lit_filter);
    tera.register_filter("md", md_filter);
    tera.register_filter("ident", ident_filter);
    tera.register_filter("ty", ty_filter);
}

/// `{{ paragraphs | doc }}` or `{{ text | doc(inner=true) }}`: a string or an array of strings
/// (paragraphs; nulls skipped) → `///` (or `//!`) lines; nothing when there is no text.
fn doc_filter(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let inner = args.get("inner").and_then(Value::as_bool).unwrap_or(false);
    let paragraphs: Vec<&str> = match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        Value::Null => Vec::new(),
        other => return Err(format!("doc: expected text, got {other}").into()),
    };
    Ok(Value::String(doc_comment(&paragraphs, inner)))
}

fn lit_filter(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match value {
        Value::String(s) => Ok(Value::String(string_literal(s))),
        other => Err(format!("lit: expected text, got {other}").into()),
    }
}

/// `{{ text | md }}`: one line of text → Markdown that rustdoc shows as that text (no links,
/// headings or HTML), for untrusted text placed inside a doc line the template writes.
fn md_filter(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match value.as_str() {
        Some(s) if !s.contains(['\n', '\r']) => Ok(Value::String(escape_line(s))),
        _ => Err(format!("md: expected one line of text, got {value}").into()),
    }
}

fn ident_filter(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match value.as_str() {
        Some(s) if is_ident(s) => Ok(value.clone()),
        _ => Err(format!("ident: {value} is not an identifier").into()),
    }
}

fn ty_filter(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match value.as_str() {
        Some(s) if syn::parse_str::<syn::Type>(s).is_ok() => Ok(value.clone()),
        _ => Err(format!("ty: {value} is not a Rust type").into()),
    }
}

/// Paragraphs → doc-comment lines (each ending in `\n`), paragraphs separated by an empty line.
pub fn doc_comment(paragraphs: &[&str], inner: bool) -> String {
    let marker = if inner { "//!" } else { "///" };
    let mut blocks: Vec<Vec<String>> = paragraphs.iter().map(|p| doc_lines(p)).filter(|l| !l.is_empty()).collect();
    blocks.dedup();
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push_str(marker);
            out.push('\n');
        }
        for line in block {
            if line.is_empty() {
                out.push_str(marker);
            } else {
                out.push_str(marker);
                out.push(' ');
                out.push_str(line);
            }
            out.push('\n');
        }
    }
    out
}

/// Untrusted text → safe Markdown lines (no line breaks inside; empty strings are paragraph
/// breaks).
pub fn doc_lines(text: &str) -> Vec<String> {
    // Table cells of the pages mark line breaks with `<br>`.
    let clean = visible(&breaks(text));
    let untrimmed: Vec<&str> = clean.split('\n').collect();
    let raw: Vec<&str> = untrimmed.iter().map(|l| l.trim()).collect();
    let mut lines: Vec<String> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let (at, line) = (i, raw[i]);
        i += 1;
        // A fenced code block of the documentation stays code: a ```text block that rustdoc
        // shows as written and never runs as a doctest.
        if let Some(end) = fence_end(&raw, at) {
            let code: Vec<&str> = untrimmed[at + 1..end].iter().map(|l| l.trim_end()).collect();
            let ticks = code.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0).max(2) + 1;
            let fence = "`".repeat(ticks);
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(String::new());
            }
            lines.push(format!("{fence}text"));
            lines.extend(code.iter().map(|l| l.to_string()));
            lines.push(fence);
            lines.push(String::new());
            i = end + 1;
            continue;
        }
        if line.is_empty() {
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(String::new());
            }
            continue;
        }
        lines.push(escape_line(line));
        // A list item followed by a plain line would make that line a "lazy continuation",
        // which clippy warns about: end the list with an empty line instead.
        let next = raw.get(at + 1).copied().unwrap_or("");
        if is_list_item(line) && !next.is_empty() && !is_list_item(next) {
            lines.push(String::new());
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The index of the line that closes a fenced code block opened at `raw[open]` (a run of at
/// least three backticks or tildes, then an info string), if one does.
fn fence_end(raw: &[&str], open: usize) -> Option<usize> {
    let line = raw[open];
    let c = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = longest_prefix(line, c);
    if n < 3 || (c == '`' && line[n..].contains('`')) {
        return None;
    }
    (open + 1..raw.len()).find(|&k| longest_prefix(raw[k], c) >= n && raw[k].chars().all(|x| x == c))
}

fn longest_prefix(line: &str, c: char) -> usize {
    line.chars().take_while(|&x| x == c).count()
}

fn longest_run(line: &str, c: char) -> usize {
    line.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// `<br>`, `<br/>`, `<br />` (any case) → `\n`.
fn breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i..];
        let len = tag
            .get(..3)
            .filter(|t| t.eq_ignore_ascii_case("<br"))
            .and_then(|_| tag[3..].trim_start().strip_prefix('/').unwrap_or(tag[3..].trim_start()).strip_prefix('>'))
            .map(|after| tag.len() - after.len());
        match len {
            Some(n) => {
                out.push('\n');
                rest = &tag[n..];
            }
            None => {
                out.push('<');
                rest = &tag[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Drops what must not or cannot be seen: bidi controls, zero-width characters, control
/// characters (tabs become spaces, every line separator becomes `\n`).
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            c if is_invisible(c) || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Characters that change how text is displayed without being seen (Trojan-source hazards).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}'
        | '\u{061c}' | '\u{feff}' | '\u{00ad}' | '\u{180e}')
}

fn is_list_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    if digits > 0 {
        return rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")";
    }
    matches!(line.as_bytes(), [b'-' | b'*' | b'+'] | [b'-' | b'*' | b'+', b' ', ..])
}

/// One trimmed line → Markdown that renders as the same text: balanced single-backtick code
/// spans are kept (their content is literal), bare URLs become autolinks, and everything else
/// that Markdown or rustdoc would interpret is backslash-escaped.
fn escape_line(line: &str) -> String {
    let ticks = line.matches('`').count();
    let spans_ok = ticks % 2 == 0 && !line.contains("``");
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    let mut at_start = true;
    while let Some(c) = rest.chars().next() {
        if c == '`' && spans_ok {
            in_code = !in_code;
            out.push('`');
            rest = &rest[1..];
            at_start = false;
            continue;
        }
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some(len) = url_len(rest) {
            out.push('<');
            out.push_str(&rest[..len]);
            out.push('>');
            rest = &rest[len..];
            at_start = false;
            continue;
        }
        match c {
            // Emphasis (`*`, `_`) and tables (`|`) are left alone: the pages use them as Markdown,
            // and they neither warn nor run.
            '\\' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '=' | '+' | '-' | '~' if at_start => {
                // Headings, setext underlines and thematic breaks; `- ` list items stay lists.
                if !(matches!(c, '-' | '+') && (rest.len() == 1 || rest[1..].starts_with(' '))) {
                    out.push('\\');
                }
                out.push(c);
            }
            '&' if looks_like_entity(&rest[1..]) => out.push_str("\\&"),
            c => out.push(c),
        }
        at_start = false;
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of an `http(s)://` URL at the start of `s`, without trailing punctuation.
fn url_len(s: &str) -> Option<usize> {
    let scheme =
        ["https://", "http://"].into_iter().find(|p| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))?;
    let len = s
        .bytes()
        .take_while(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"' | b'\'' | b'`' | b'\\' | b'|'))
        .count();
    // Trailing punctuation ends the sentence, not the URL; a `)` only when it closes nothing.
    let mut url = &s[..len];
    loop {
        let unbalanced = url.ends_with(')') && url.matches(')').count() > url.matches('(').count();
        match url.chars().last() {
            Some('.' | ',' | ';' | ':' | '!' | '?' | ']' | '}' | '*' | '_') => url = &url[..url.len() - 1],
            Some(')') if unbalanced => url = &url[..url.len() - 1],
            _ => break,
        }
    }
    let trimmed = url.len();
    (trimmed > scheme.len()).then_some(trimmed)
}

fn looks_like_entity(s: &str) -> bool {
    let name = s.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
    name > 0 && s[name..].starts_with(';')
}

/// Text → a Rust string literal (`"..."`), as `proc_macro2` writes one: quotes, backslashes,
/// control characters and every character that does not print (bidi controls, zero-width
/// characters, line separators) escaped; printable text (CJK included) kept as it is.
pub fn string_literal(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn md_shows_untrusted_text_as_text() {
        let v = md_filter(&Value::String("\"\\n[dependencies]\"".into()), &HashMap::new()).unwrap();
        assert_eq!(v.as_str(), Some("\"\\\\n\\[dependencies\\]\""));
        assert!(md_filter(&Value::String("two\nlines".into()), &HashMap::new()).is_err());
    }

    use super::*;

    const HOSTILE: &[&str] = &[
        "*/ fn evil() {} /*",
        "/* open",
        "say \"hi\" \"# r#\"x\"#",
        "back\\slash \\",
        "{{ tera }} {% if x %}{% endif %}",
        "#[derive(Evil)] #![no_std]",
        "odd ` tick",
        "``double`` and ```fence```",
        "</code> <a href=\"x\">link</a> <br>",
        "\n} fn x() {\n",
        "rtl \u{202e}gnp.exe \u{2066}x\u{2069}",
        "zero\u{200b}width\u{feff}",
        "[x] [`Foo`] [link](http://a.b) ![img](x.png) [^1]",
        "see https://example.com/a_b?c=d. and http://x.y/",
        "```rust\npanic!()\n```",
        "    indented code",
        "~~~\nfenced\n~~~",
        "> quote\n# heading\n---\n===",
        "- item\nlazy continuation",
        "1. one\n2) two\nafter",
        "&lt; &#x202E; a & b",
        "cr\rlf\r\nnel\u{85}ls\u{2028}end",
        "tab\there\u{0}nul\u{7}bell",
    ];

    #[test]
    fn doc_text_never_leaves_the_comment() {
        for text in HOSTILE {
            let out = doc_comment(&[text], false);
            for line in out.lines() {
                assert!(line == "///" || line.starts_with("/// "), "{text:?} gave line {line:?}");
                assert!(!line.contains('\r'));
                assert!(!line.chars().any(|c| is_invisible(c) || c.is_control()), "{line:?}");
            }
            let src = format!("{out}pub struct S;");
            let file = syn::parse_file(&src).unwrap_or_else(|e| panic!("{text:?}: {e}\n{src}"));
            assert_eq!(file.items.len(), 1, "{text:?} injected an item: {src}");
        }
    }

    #[test]
    fn markdown_hazards_are_escaped() {
        let one = |s: &str| doc_lines(s).join("\n");
        assert_eq!(one("[x] and [y](z)"), "\\[x\\] and \\[y\\](z)");
        assert_eq!(one("see https://example.com/a_b."), "see <https://example.com/a_b>.");
        assert_eq!(one("(https://x.y/(a))."), "(<https://x.y/(a)>).");
        assert_eq!(one("</code> <a>"), "\\</code\\> \\<a\\>");
        assert_eq!(one("odd ` tick"), "odd \\` tick");
        assert_eq!(one("ok `a[0]` span"), "ok `a[0]` span");
        assert_eq!(one("```rust"), "\\`\\`\\`rust");
        assert_eq!(one("    code"), "code");
        assert_eq!(one("~~~"), "\\~~~");
        assert_eq!(one("# h"), "\\# h");
        assert_eq!(one("- a\nb"), "- a\n\nb");
        assert_eq!(one("- a\n- b"), "- a\n- b");
        assert_eq!(one("a\u{202e}b\u{200b}c"), "abc");
        assert_eq!(one("a\n\n\n\nb"), "a\n\nb");
        assert_eq!(one("&lt;"), "\\&lt;");
        assert_eq!(one("a<br>b<BR/>c<br />d"), "a\nb\nc\nd");
        assert_eq!(one("snake_case **bold**"), "snake_case **bold**");
    }

    #[test]
    fn empty_text_gives_no_comment() {
        assert_eq!(doc_comment(&["", "  \n \u{200b} "], false), "");
        assert_eq!(doc_comment(&["a", "a"], false), "/// a\n");
        assert_eq!(doc_comment(&["a", "b"], true), "//! a\n//!\n//! b\n");
    }

    #[test]
    fn string_literals_round_trip() {
        for text in HOSTILE {
            let lit = string_literal(text);
            let parsed: syn::LitStr = syn::parse_str(&lit).unwrap_or_else(|e| panic!("{text:?}: {e}: {lit}"));
            assert_eq!(parsed.value(), *text);
            assert!(!lit.contains('\n') && !lit.chars().any(is_invisible));
        }
        assert_eq!(string_literal("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }

    #[test]
    fn filters_refuse_what_is_not_code() {
        let none = HashMap::new();
        assert!(ident_filter(&Value::from("user_id"), &none).is_ok());
        assert!(ident_filter(&Value::from("r#type"), &none).is_ok());
        for bad in ["type", "a b", "x}", "self", "", "1a", "a::b"] {
            assert!(ident_filter(&Value::from(bad), &none).is_err(), "{bad}");
        }
        assert!(ty_filter(&Value::from("Option<Vec<crate::models::X>>"), &none).is_ok());
        assert!(ty_filter(&Value::from("X; fn y() {}"), &none).is_err());
    }
}
