//! The words the pages use for their structure, in Chinese and English: section headings,
//! column headers, yes/no, and the markers inside description cells. Matching is by meaning
//! (normalized, case-insensitive, several spellings), never by page.

/// A standard section of an endpoint page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    MethodName,
    Request,
    SampleCode,
    Response,
    DataStructure,
}

/// The language of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Locale {
    /// Chinese.
    Zh,
    /// English.
    En,
}

/// Lowercased, whitespace collapsed, trailing punctuation and `¶` removed.
pub fn norm(s: &str) -> String {
    // One pass: words lowercased and joined by single spaces, `¶` dropped.
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '¶').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    let end = out.trim_end_matches([':', '：', '?', '？', '.', '。']).trim_end().len();
    out.truncate(end);
    out
}

/// Which standard section a heading names, and in which language.
pub fn section(heading: &str) -> Option<(Section, Locale)> {
    // Section names are short; long text (most lines the text readers ask about) is not one.
    if heading.trim().len() > 64 {
        return None;
    }
    let h = norm(heading);
    use Locale::*;
    use Section::*;
    Some(match h.as_str() {
        "方法名称" | "方法名" => (MethodName, Zh),
        "method name" | "method" => (MethodName, En),
        "请求参数" | "参数" => (Request, Zh),
        "request parameters" | "request parameter" | "parameters" => (Request, En),
        "示例代码" | "代码示例" => (SampleCode, Zh),
        "sample code" | "example code" | "code example" | "code sample" | "examples" => (SampleCode, En),
        "请求响应" | "返回值" | "响应" => (Response, Zh),
        "request response" | "response" | "responses" | "return value" => (Response, En),
        "数据结构" => (DataStructure, Zh),
        "data structure" | "data structures" => (DataStructure, En),
        _ => return None,
    })
}

/// The meaning of a table column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Name,
    Type,
    Required,
    Default,
    Description,
    Sample,
    Other,
}

/// Recognizes a column header by meaning. Header cells may be wrapped in `<div>`s (already
/// stripped by the readers) and vary in wording and case.
pub fn role(header: &str) -> Role {
    // Tables repeat the same few headers thousands of times: remember the answers.
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, Role>> = Default::default();
    }
    if let Some(r) = SEEN.with(|s| s.borrow().get(header).copied()) {
        return r;
    }
    let r = role_uncached(header);
    SEEN.with(|s| {
        let mut s = s.borrow_mut();
        if s.len() < 4096 {
            s.insert(header.to_owned(), r);
        }
    });
    r
}

fn role_uncached(header: &str) -> Role {
    let h = norm(header);
    let has = |w: &[&str]| w.iter().any(|x| h.contains(x));
    if has(&["必填", "必含", "必选", "requir", "mandatory"]) {
        Role::Required
    } else if has(&["默认", "default"]) {
        Role::Default
    } else if has(&["示例", "sample", "example"]) {
        Role::Sample
    } else if has(&["描述", "说明", "desc"]) {
        Role::Description
    } else if has(&["类型", "type"]) {
        Role::Type
    } else if has(&["名称", "参数名", "字段", "name", "field", "parameter", "property"]) {
        Role::Name
    } else {
        Role::Other
    }
}

/// `是` / `Yes` / `true` ... → `Some(true)`.
pub fn yes_no(cell: &str) -> Option<bool> {
    // Most cells are plain words: answer without allocating when there is nothing to normalize.
    let t = cell.trim().trim_end_matches([':', '：', '?', '？', '.', '。']).trim_end();
    if t.len() <= 12
        && !t.contains(char::is_whitespace)
        && !t.contains('¶')
        && !t.bytes().any(|b| b.is_ascii_uppercase())
    {
        return yes_no_word(t);
    }
    yes_no_word(&norm(cell))
}

fn yes_no_word(w: &str) -> Option<bool> {
    match w {
        "是" | "yes" | "y" | "true" | "required" | "必填" | "必须" => Some(true),
        "否" | "no" | "n" | "false" | "optional" | "可选" | "非必填" => Some(false),
        _ => None,
    }
}

/// `类型： X` / `Type: X` → `X`.
pub fn type_line(text: &str) -> Option<&str> {
    let t = text.trim();
    let rest = strip_prefix_ci(t, "类型").or_else(|| strip_prefix_ci(t, "type"))?;
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    let rest = rest.trim().trim_matches('`').trim();
    (!rest.is_empty()).then_some(rest)
}

/// `示例结果：` / `Sample result:` / `Example results:`: the next code block is the response example.
pub fn is_example_label(text: &str) -> bool {
    let h = norm(text);
    matches!(
        h.as_str(),
        "示例结果"
            | "返回示例"
            | "sample result"
            | "sample results"
            | "example result"
            | "example results"
            | "response example"
    )
}

/// The words a required column prints, as they appear in text copies whose cells ran
/// together (each one is accepted by [`yes_no`]).
pub const YES_NO_WORDS: &[&str] = &["是", "否", "Yes", "No", "yes", "no", "YES", "NO"];

/// The "generated from the factory" note that opens authentication pages (a block quote in
/// Markdown, a plain line in the text copies).
pub fn is_generated_note(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.starts_with("此文档根据")
        || (t.contains("文档") && t.contains("自动生成"))
        || (t.contains("document") && t.contains("automatically generated"))
}

/// The previous/next-article line of the website, where a page's article ends in a copy of
/// the whole web page.
pub fn is_page_nav(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    ["上一篇", "下一篇", "previous article", "next article", "previous page", "next page"]
        .iter()
        .any(|w| t.starts_with(w) && t[w.len()..].trim_start().starts_with([':', '：']))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Markers inside description cells, in every spelling seen.
pub const NESTED_MARKERS: &[&str] = &["嵌套类型", "nested types", "nested type", "nesting type"];
pub const ARRAY_LIMIT_MARKERS: &[&str] = &["数组长度限制", "array length limit"];
pub const ENUM_MARKERS: &[&str] = &["枚举值", "enum values", "enumeration values", "enumerated values"];

/// Words that end the text introducing a list of examples, not the set of values
/// (`外部身份源类型，如：`), lowercase.
pub const EXAMPLE_INTROS: &[&str] =
    &["如", "例如", "比如", "譬如", "such as", "e.g.", "e.g", "for example", "for instance"];
/// Words that make a clause introducing a list speak of examples (`示例如下所示`), lowercase.
pub const EXAMPLE_WORDS: &[&str] = &["示例", "举例", "example"];

/// Where each kind of marker first occurs in a description: `(byte offset, length)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Markers {
    pub nested: Option<(usize, usize)>,
    pub array_limit: Option<(usize, usize)>,
    pub enum_values: Option<(usize, usize)>,
}

/// Finds every marker kind in one pass over an already folded text (one automaton for all
/// spellings, built once; descriptions are the most common cell, so this is a hot path).
pub fn markers(folded: &str) -> Markers {
    static FINDER: std::sync::LazyLock<(aho_corasick::AhoCorasick, Vec<u8>)> = std::sync::LazyLock::new(|| {
        let mut patterns = Vec::new();
        let mut kinds = Vec::new();
        for (kind, list) in [NESTED_MARKERS, ARRAY_LIMIT_MARKERS, ENUM_MARKERS].iter().enumerate() {
            for p in *list {
                patterns.push(*p);
                kinds.push(kind as u8);
            }
        }
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("the marker patterns are valid");
        (ac, kinds)
    });
    let (ac, kinds) = &*FINDER;
    let mut m = Markers::default();
    for hit in ac.find_iter(folded) {
        let at = Some((hit.start(), hit.len()));
        let slot = match kinds[hit.pattern().as_usize()] {
            0 => &mut m.nested,
            1 => &mut m.array_limit,
            _ => &mut m.enum_values,
        };
        if slot.is_none() {
            *slot = at;
        }
    }
    m
}

/// Byte position of the first marker (case-insensitive) and the marker's length.
/// Markers are lowercase ASCII or CJK, so an ASCII-only case fold (which keeps byte offsets)
/// is enough; it is skipped when the text has no ASCII uppercase letter.
pub fn find_marker(text: &str, markers: &[&str]) -> Option<(usize, usize)> {
    marker_in(&fold(text), markers)
}

/// `text` with ASCII letters lowercased (byte offsets unchanged); borrowed when already so.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(text.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The first marker in an already folded text, and its length.
pub fn marker_in(folded: &str, markers: &[&str]) -> Option<(usize, usize)> {
    markers.iter().filter_map(|m| folded.find(m).map(|i| (i, m.len()))).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_in_both_languages_and_cases() {
        assert_eq!(section("请求参数"), Some((Section::Request, Locale::Zh)));
        assert_eq!(section("Request Parameters"), Some((Section::Request, Locale::En)));
        assert_eq!(section("¶ Data structure"), Some((Section::DataStructure, Locale::En)));
        assert_eq!(section("Example code"), Some((Section::SampleCode, Locale::En)));
        assert_eq!(section("场景举例"), None);
    }

    #[test]
    fn header_roles() {
        assert_eq!(role("是否必填"), Role::Required);
        assert_eq!(role("是否必含"), Role::Required);
        assert_eq!(role("Is this field required?"), Role::Required);
        assert_eq!(role("Is it required"), Role::Required);
        assert_eq!(role("Default Value"), Role::Default);
        assert_eq!(role("Example value"), Role::Sample);
        assert_eq!(role("示例值"), Role::Sample);
        assert_eq!(role("name"), Role::Name);
        assert_eq!(role("类型"), Role::Type);
        assert_eq!(role("描述"), Role::Description);
        assert_eq!(role("优势"), Role::Other);
    }

    #[test]
    fn yes_no_words_are_yes_no() {
        assert!(YES_NO_WORDS.iter().all(|w| yes_no(w).is_some()));
    }

    #[test]
    fn notes_and_navigation() {
        assert!(is_generated_note("此文档根据 https://x 基于 https://y V3 API 自动生成"));
        assert!(is_generated_note("This document is automatically generated based on https://x"));
        assert!(!is_generated_note("创建一个小部件。"));
        assert!(!is_generated_note("The widget ID is automatically generated."));
        assert!(is_page_nav("上一篇: 创建小部件 下一篇: 删除小部件"));
        assert!(is_page_nav("Next article: Delete widget"));
        assert!(!is_page_nav("Previous articles are kept"));
    }

    #[test]
    fn markers_of_every_kind_in_one_pass() {
        let m = markers(&fold("List Nested Types: <a>X</a>. Array length limit: 50. 枚举值：`A`"));
        assert_eq!(m.nested, Some((5, "nested types".len())));
        assert!(m.array_limit.is_some() && m.enum_values.is_some());
        assert_eq!(markers("plain text, 普通的描述"), Markers::default());
    }

    #[test]
    fn type_lines() {
        assert_eq!(type_line("类型： `GroupSingleRespDto`"), Some("GroupSingleRespDto"));
        assert_eq!(type_line("Type: CommonResponseDto"), Some("CommonResponseDto"));
        assert_eq!(type_line("Types of things"), None);
    }
}
