//! The few inline HTML tags factory Markdown puts in cells and headings: `<br>`, `<a href>`,
//! `<a id>`, and `<div>` wrappers (ignored). Hand-written because these are single tags seen
//! one at a time in pulldown-cmark's `InlineHtml` events; an HTML parser would need the whole
//! fragment, which the event stream splits.

/// What one inline HTML tag means for the text around it.
#[derive(Debug, PartialEq, Eq)]
pub enum Tag {
    Break,
    LinkStart {
        href: String,
    },
    /// `<a id="X">` / `<a name="X">`: an anchor, not a link.
    Anchor(String),
    LinkEnd,
    /// A formatting tag (`<div>`, `<span>`, ...): dropped, its text is kept.
    Other,
    /// Not an HTML tag this format uses (`<Bar>` in `Foo<Bar>`): kept as literal text.
    Literal,
}

/// Tags that only format text; everything else in angle brackets is text that looks like a tag.
const FORMATTING: &[&str] = &[
    "div",
    "span",
    "p",
    "b",
    "i",
    "u",
    "s",
    "em",
    "strong",
    "code",
    "sup",
    "sub",
    "small",
    "big",
    "font",
    "img",
    "center",
    "details",
    "summary",
    "mark",
    "del",
    "ins",
    "kbd",
    "pre",
    "hr",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "lastupdated",
    "svg",
    "path",
];

pub fn classify(raw: &str) -> Tag {
    let t = raw.trim();
    let Some(inner) = t.strip_prefix('<') else {
        return Tag::Other;
    };
    let inner = inner.trim_end_matches('>').trim_end_matches('/').trim();
    let (name, attrs) = match inner.find(|c: char| c.is_whitespace()) {
        Some(i) => (&inner[..i], &inner[i..]),
        None => (inner, ""),
    };
    match name.to_ascii_lowercase().as_str() {
        "br" => Tag::Break,
        "/a" => Tag::LinkEnd,
        "a" => {
            if let Some(href) = attr(attrs, "href") {
                Tag::LinkStart { href }
            } else if let Some(id) = attr(attrs, "id").or_else(|| attr(attrs, "name")) {
                Tag::Anchor(id)
            } else {
                Tag::Other
            }
        }
        n => {
            let n = n.trim_start_matches('/');
            if n.starts_with('!') || n.starts_with('?') || FORMATTING.contains(&n) { Tag::Other } else { Tag::Literal }
        }
    }
}

/// The value of attribute `name` in `attrs` (quoted with `"` or `'`, or bare).
pub fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let start = from + pos;
        from = start + name.len();
        let before_ok =
            start == 0 || !lower.as_bytes()[start - 1].is_ascii_alphanumeric() && lower.as_bytes()[start - 1] != b'-';
        let rest = attrs[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            Some(_) => rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
            None => "",
        };
        return Some(decode_entities(value));
    }
    None
}

/// Character references in an attribute value, decoded (named and numeric).
fn decode_entities(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_decode_character_references() {
        assert_eq!(attr(" href=\"#a&amp;b&#x41;&#66;&lt;&quot;\"", "href").as_deref(), Some("#a&bAB<\""));
    }

    #[test]
    fn tags() {
        assert_eq!(classify("<br>"), Tag::Break);
        assert_eq!(classify("<br/>"), Tag::Break);
        assert_eq!(classify("<BR />"), Tag::Break);
        assert_eq!(classify("<a href=\"#UserDto\">"), Tag::LinkStart { href: "#UserDto".into() });
        assert_eq!(classify("<a id=\"GroupDto\">"), Tag::Anchor("GroupDto".into()));
        assert_eq!(classify("</a>"), Tag::LinkEnd);
        assert_eq!(classify("<div style=\"width:80px\">"), Tag::Other);
        assert_eq!(classify("</div>"), Tag::Other);
        assert_eq!(classify("<Bar>"), Tag::Literal);
        assert_eq!(classify("<a data-href=\"x\" href='#Y'>"), Tag::LinkStart { href: "#Y".into() });
    }
}
