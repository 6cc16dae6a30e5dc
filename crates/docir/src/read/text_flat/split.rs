//! Splitting a text-flat row whose cells ran together (`passCodestringYes-Email ...123456`)
//! into one cell per column: by the names and types other copies of the table print when they
//! are known, else by reading an identifier, a type word, a yes/no and a default.

use crate::blocks::Inline;
use crate::cells::is_type_name;
use crate::read::json_sample::json_start;
use crate::rows::Columns;
use crate::source::is_cjk;
use crate::vocab::{self, Role};

/// Longest field name looked for at the start of a fused row, in bytes.
const MAX_NAME_BYTES: usize = 96;

/// Whether a line inside a table begins a new row (a name run into a type, a yes/no, ...)
/// rather than continuing the last one's description (`- VALUE: ...`, a sample on its own line).
pub(super) fn starts_row(t: &str, cols: &Columns) -> bool {
    let Some(lay) = Layout::of(cols) else {
        return t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    };
    heads(t, &lay, &[]).iter().any(|h| {
        h.evidence != Evidence::Dto || lay.required.is_some() || (h.type_end - h.name_end >= 3 && h.end < t.len())
    })
}

/// Where each kind of cell is in a field table: name and type first, then the optional
/// required and default columns, then description and sample in any order.
struct Layout {
    len: usize,
    required: Option<usize>,
    default: Option<usize>,
    description: Option<usize>,
    sample: Option<usize>,
}

impl Layout {
    fn of(cols: &Columns) -> Option<Layout> {
        let r = &cols.roles;
        if r.len() < 2 || r[0] != Role::Name || r[1] != Role::Type {
            return None;
        }
        let mut i = 2;
        let mut take = |role: Role| {
            let at = (r.get(i) == Some(&role)).then_some(i);
            i += usize::from(at.is_some());
            at
        };
        let required = take(Role::Required);
        let default = take(Role::Default);
        let tail = &r[i..];
        let pos = |role: Role| tail.iter().position(|&x| x == role).map(|p| p + i);
        let loose = |x: &Role| matches!(x, Role::Description | Role::Sample | Role::Other);
        let once = |role: Role| tail.iter().filter(|&&x| x == role).count() <= 1;
        (tail.iter().all(loose) && once(Role::Description) && once(Role::Sample)).then(|| Layout {
            len: r.len(),
            required,
            default,
            description: pos(Role::Description),
            sample: pos(Role::Sample),
        })
    }
}

/// How the type after a name was recognized, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// No type: the name runs straight into the yes/no.
    Empty,
    /// A capitalized identifier after a lowercase letter (`dataGroupDto`): where the name ends
    /// is a guess.
    Dto,
    /// A type word (`string`, `number[]`, ...).
    Primitive,
    /// A type other copies of the table print.
    Known,
}

/// A reading of the start of a fused row: name, type, and the yes/no after them (byte offsets).
#[derive(Clone, Copy, Debug)]
struct Head {
    name_end: usize,
    type_end: usize,
    required: Option<(usize, usize)>,
    /// Where the rest of the row (default, description, sample) begins.
    end: usize,
    evidence: Evidence,
    /// What follows is a clear boundary (not a lowercase letter going on).
    strict: bool,
}

/// Type words as the pages print them, longest first where one begins another.
const TYPE_WORDS: &[&str] = &[
    "string", "String", "str", "number", "integer", "int64", "int32", "int", "boolean", "bool", "object", "array",
    "float", "double", "enum", "map", "any",
];

/// Splits a text-flat row whose cells ran together into one cell per column.
///
/// `known` lists (name, printed type) pairs that structured copies of the same table give:
/// with them the split is exact (the longest known name that begins the row, then its type).
/// Without them, the row is read as an identifier, a type word, a yes/no and a default; the
/// printed types in `known` (also given with an empty name: the DTOs the page defines) tell
/// where a DTO type begins. A row that can be read more than one way gives `None` (it is
/// reported, not guessed).
pub fn split_fused(fused: &str, cols: &Columns, known: &[(String, String)]) -> Option<Vec<Inline>> {
    let lay = Layout::of(cols)?;
    let text = fused.trim();
    let head = known_head(text, &lay, known).or_else(|| {
        let mut types: Vec<&str> = known.iter().map(|(_, t)| t.as_str()).filter(|t| !t.is_empty()).collect();
        types.sort_by_key(|t| std::cmp::Reverse(t.len()));
        types.dedup();
        let mut readings = heads(text, &lay, &types);
        // A field typed by a nested DTO prints no type and names the DTO in its description
        // (`嵌套类型：X`), so the capitals in its name are not a type.
        if vocab::find_marker(text, vocab::NESTED_MARKERS).is_some()
            && readings.iter().any(|h| h.evidence == Evidence::Empty)
        {
            readings.retain(|h| h.evidence != Evidence::Dto);
        }
        pick(readings)
    })?;
    Some(cells_of(text, &head, &lay))
}

/// The reading given by the longest known name that begins the row, with the type the other
/// copy prints (or, when this copy prints another, a type word).
fn known_head(text: &str, lay: &Layout, known: &[(String, String)]) -> Option<Head> {
    let mut names: Vec<&(String, String)> =
        known.iter().filter(|(n, _)| !n.is_empty() && text.starts_with(n.as_str())).collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    for (name, ty) in names {
        let k = name.len();
        if text[k..].starts_with(ty.as_str()) {
            if let Some(h) = head_with_type(text, k, k + ty.len(), Evidence::Known, lay) {
                // An empty type proves nothing unless a clear boundary follows.
                if !ty.is_empty() || h.strict {
                    return Some(h);
                }
            }
        }
        let mut alt = Vec::new();
        heads_at(text, k, lay, &[], &mut alt);
        alt.retain(|h| h.evidence == Evidence::Primitive);
        if let Some(h) = pick(alt) {
            return Some(h);
        }
    }
    None
}

/// Every reading of the row's start, for every place the name could end.
fn heads(text: &str, lay: &Layout, types: &[&str]) -> Vec<Head> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    if !bytes.first().is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'$' | b'@')) {
        return out;
    }
    let run = bytes.iter().take(MAX_NAME_BYTES).take_while(|b| is_name_byte(**b)).count();
    for k in 1..=run.min(text.len() - 1) {
        heads_at(text, k, lay, types, &mut out);
    }
    out
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'$' | b'@' | b'[' | b']')
}

/// Readings where the name is `text[..k]`.
fn heads_at(text: &str, k: usize, lay: &Layout, types: &[&str], out: &mut Vec<Head>) {
    if k == 0 || k >= text.len() {
        return;
    }
    let rest = &text[k..];
    // `types` is longest first: `UserDto`, not `User`.
    if let Some(t) = types.iter().find(|t| rest.starts_with(**t)) {
        out.extend(head_with_type(text, k, with_brackets(text, k + t.len()), Evidence::Known, lay));
    }
    if let Some(w) = TYPE_WORDS.iter().find(|w| rest.starts_with(**w)) {
        out.extend(head_with_type(text, k, with_brackets(text, k + w.len()), Evidence::Primitive, lay));
    }
    let bytes = text.as_bytes();
    if (bytes[k - 1].is_ascii_lowercase() || bytes[k - 1].is_ascii_digit()) && bytes[k].is_ascii_uppercase() {
        dto_heads(text, k, lay, out);
    }
    if lay.required.is_some() {
        out.extend(head_with_type(text, k, k, Evidence::Empty, lay));
    }
}

/// A type followed by `[]` is an array of it.
fn with_brackets(text: &str, end: usize) -> usize {
    if text[end..].starts_with("[]") { end + 2 } else { end }
}

/// Readings with a capitalized type name from `k` (`GroupDto`, `UserDto[]`).
fn dto_heads(text: &str, k: usize, lay: &Layout, out: &mut Vec<Head>) {
    let bytes = text.as_bytes();
    let run_end = k + bytes[k..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
    // Without a required column the type ends where the identifier does, or (English
    // descriptions begin with a capital) at a capital inside it.
    let spaced = run_end == text.len() || bytes[run_end] == b' ';
    for e in k + 2..=run_end {
        let at_capital = e < run_end && bytes[e].is_ascii_uppercase();
        if lay.required.is_none() && e != run_end && !(spaced && at_capital) {
            continue;
        }
        if !is_type_name(&text[k..e]) {
            continue;
        }
        out.extend(head_with_type(text, k, with_brackets(text, e), Evidence::Dto, lay));
    }
}

/// The reading with the type ending at `type_end`, if what follows fits the next column.
fn head_with_type(text: &str, name_end: usize, type_end: usize, evidence: Evidence, lay: &Layout) -> Option<Head> {
    let rest = &text[type_end..];
    let (required, end) = if lay.required.is_some() {
        let w = vocab::YES_NO_WORDS.iter().filter(|w| rest.starts_with(**w)).max_by_key(|w| w.len())?;
        (Some((type_end, type_end + w.len())), type_end + w.len())
    } else {
        (None, type_end)
    };
    let strict = !text[end..].starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    Some(Head { name_end, type_end, required, end, evidence, strict })
}

/// The one reading of the strongest kind; `None` when readings of that kind disagree.
fn pick(mut heads: Vec<Head>) -> Option<Head> {
    let best = heads.iter().map(|h| h.evidence).max()?;
    heads.retain(|h| h.evidence == best);
    if heads.iter().any(|h| h.strict) {
        heads.retain(|h| h.strict);
    }
    let first = heads[0];
    heads.iter().all(|h| h.name_end == first.name_end && h.type_end == first.type_end).then_some(first)
}

/// The cells of a row read with `head`: default, description and sample from the rest.
fn cells_of(text: &str, head: &Head, lay: &Layout) -> Vec<Inline> {
    let mut cells = vec![Inline::default(); lay.len];
    cells[0] = Inline::text(&text[..head.name_end]);
    cells[1] = Inline::text(&text[head.name_end..head.type_end]);
    if let (Some(i), Some((a, b))) = (lay.required, head.required) {
        cells[i] = Inline::text(&text[a..b]);
    }
    let mut pos = head.end;
    if let Some(i) = lay.default {
        let len = default_len(&text[pos..]);
        cells[i] = Inline::text(&text[pos..pos + len]);
        pos += len;
    }
    let rest = text[pos..].trim();
    match (lay.description, lay.sample) {
        (Some(d), Some(s)) => {
            let (desc, sample) = split_sample(rest);
            cells[d] = Inline::text(desc.trim());
            cells[s] = Inline::text(sample.trim());
        }
        (Some(i), None) | (None, Some(i)) => cells[i] = Inline::text(rest),
        (None, None) => {}
    }
    cells
}

/// The length of the default cell at the start of `s`: `-`, a number, `true`/`false`, or a
/// token of Latin letters run into a Chinese description. Zero when none can be told apart.
fn default_len(s: &str) -> usize {
    if s.starts_with('-') {
        return 1;
    }
    let digits = s.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    if digits > 0 {
        return digits;
    }
    if let Some(w) = ["true", "false", "null"].iter().find(|w| s.starts_with(**w)) {
        return w.len();
    }
    let token = s.bytes().take_while(|b| b.is_ascii_graphic()).count();
    if token > 0 && s[token..].starts_with(is_cjk) {
        return token;
    }
    0
}

/// Splits the description from the sample after it. The sample is the last line when the
/// description ended with a list; else a JSON value, or a token glued to the end of a
/// sentence (`分组类型static`, `case insensitive.test@example.com`). When nothing tells where
/// the description ends, everything is description.
fn split_sample(rest: &str) -> (&str, &str) {
    if let Some((before, last)) = rest.rsplit_once('\n') {
        let prev = before.rsplit('\n').next().unwrap_or("");
        if prev.trim_start().starts_with("- ") && !last.trim_start().starts_with("- ") {
            return (before, last);
        }
    }
    let line_start = rest.rfind('\n').map_or(0, |i| i + 1);
    match sample_start(&rest[line_start..]) {
        Some(p) => rest.split_at(line_start + p),
        None => (rest, ""),
    }
}

/// Where a sample glued to the end of a description line begins.
fn sample_start(line: &str) -> Option<usize> {
    if line.ends_with(['}', ']']) {
        if let Some(open) = json_start(line) {
            return Some(open);
        }
    }
    // The last token: no spaces and no Chinese.
    let q = line.char_indices().rfind(|(_, c)| c.is_whitespace() || is_cjk(*c)).map_or(0, |(i, c)| i + c.len_utf8());
    let token = &line[q..];
    if token.is_empty() || q == 0 {
        return None;
    }
    if line[..q].ends_with(|c: char| is_cjk(c)) {
        return Some(q);
    }
    // `period.123456`: a sentence's last word, its full stop, then the sample.
    let dot = token.find(['.', ')'])?;
    let word = &token[..dot];
    (dot + 1 < token.len() && !word.is_empty() && word.chars().all(|c| c.is_alphabetic())).then_some(q + dot + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(h: &[&str]) -> Columns {
        Columns::of(&h.iter().map(|s| Inline::text(*s)).collect::<Vec<_>>()).unwrap()
    }

    fn split(fused: &str, c: &Columns, known: &[(&str, &str)]) -> Option<Vec<String>> {
        let known: Vec<(String, String)> = known.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        split_fused(fused, c, &known).map(|cells| cells.iter().map(|c| c.plain()).collect())
    }

    fn request_zh() -> Columns {
        cols(&["名称", "类型", "是否必填", "默认值", "描述", "示例值"])
    }

    fn request_en() -> Columns {
        cols(&["Name", "Type", "Required", "Default value", "Description", "Sample value"])
    }

    #[test]
    fn heuristic_split_of_a_request_row() {
        let c = request_en();
        let cells = split("passCodestringYes-The code sent by email.654321", &c, &[]).unwrap();
        assert_eq!(cells, vec!["passCode", "string", "Yes", "-", "The code sent by email.", "654321"]);
        let cells = split("mailstringYes-Mail address, any case.someone@example.org", &c, &[]).unwrap();
        assert_eq!(cells[4], "Mail address, any case.");
        assert_eq!(cells[5], "someone@example.org");
        let cells = split("tagsstring[]No-Tag list", &c, &[]).unwrap();
        assert_eq!(&cells[..4], &["tags", "string[]", "No", "-"]);
        assert_eq!(cells[4], "Tag list");
    }

    #[test]
    fn heuristic_split_in_chinese_with_default_and_json_sample() {
        let c = request_zh();
        let cells = split("pagenumber否1当前页数1", &c, &[]).unwrap();
        assert_eq!(&cells[..4], &["page", "number", "否", "1"]);
        let cells = split("settingsobject否-自定义设置{\"color\":\"red\"}", &c, &[]).unwrap();
        assert_eq!(cells[4], "自定义设置");
        assert_eq!(cells[5], "{\"color\":\"red\"}");
        let cells = split("kindstring是-部件种类PLAIN", &c, &[]).unwrap();
        assert_eq!(cells[5], "PLAIN");
    }

    #[test]
    fn a_name_that_contains_a_type_word() {
        let c = request_zh();
        let cells = split("substringstring否-子串", &c, &[]).unwrap();
        assert_eq!(&cells[..3], &["substring", "string", "否"]);
        let cells = split("phoneAreaCodestring否-区号", &c, &[]).unwrap();
        assert_eq!(cells[0], "phoneAreaCode");
    }

    #[test]
    fn dto_types_need_what_other_copies_know() {
        let c = cols(&["名称", "类型", "是否必填", "描述", "示例值"]);
        // `ownerWidgetOwnerDto` could be owner + WidgetOwnerDto or ownerWidget + OwnerDto.
        assert_eq!(split("ownerWidgetOwnerDto否所有者", &c, &[]), None);
        let known = [("owner", "WidgetOwnerDto"), ("name", "string")];
        let cells = split("ownerWidgetOwnerDto否所有者", &c, &known).unwrap();
        assert_eq!(&cells[..4], &["owner", "WidgetOwnerDto", "否", "所有者"]);
        // Another field whose type other copies print tells the type apart too.
        let cells = split("holderWidgetOwnerDto否持有者", &c, &known).unwrap();
        assert_eq!(&cells[..2], &["holder", "WidgetOwnerDto"]);
    }

    #[test]
    fn dto_names_the_page_defines_tell_the_type_apart() {
        let c = cols(&["Name", "Type", "Required", "Description", "Sample value"]);
        let page = [("", "WidgetOwnerDto"), ("", "Widget")];
        let cells = split("ownerWidgetOwnerDto[]NoOwners", &c, &page).unwrap();
        assert_eq!(&cells[..3], &["owner", "WidgetOwnerDto[]", "No"]);
        let r = cols(&["名称", "类型", "描述"]);
        assert_eq!(split("dataWidget响应数据", &r, &page).unwrap()[..2], ["data", "Widget"]);
    }

    #[test]
    fn a_nested_type_in_the_description_means_the_type_cell_was_empty() {
        let c = cols(&["名称", "类型", "是否必填", "描述", "示例值"]);
        let cells = split("parsedUserAgent是解析后的 UA 嵌套类型：ParsedUserAgent。", &c, &[]).unwrap();
        assert_eq!(&cells[..3], &["parsedUserAgent", "", "是"]);
        assert_eq!(split("parsedUserAgent是解析后的 UA", &c, &[]), None);
    }

    #[test]
    fn known_names_make_the_split_exact() {
        let c = request_en();
        let known = [("email", "string"), ("emailCode", "string"), ("count", "")];
        let cells = split("emailCodestringYes-Code", &c, &known).unwrap();
        assert_eq!(cells[0], "emailCode");
        // An empty printed type: the name runs into the yes/no.
        let cells = split("countNo-How many", &c, &known).unwrap();
        assert_eq!(&cells[..3], &["count", "", "No"]);
        // A known name that is only the start of this row's name is not taken.
        let cells = split("emailVerifiedbooleanNo-Verified", &c, &known).unwrap();
        assert_eq!(&cells[..2], &["emailVerified", "boolean"]);
    }

    #[test]
    fn a_copy_that_prints_another_type_still_splits_at_the_known_name() {
        let c = request_en();
        let cells = split("limitintegerNo10Page size10", &c, &[("limit", "number")]).unwrap();
        assert_eq!(&cells[..4], &["limit", "integer", "No", "10"]);
    }

    #[test]
    fn response_rows_without_a_required_column() {
        let c = cols(&["Name", "Type", "Description"]);
        let cells = split("statusCodenumberBusiness status code", &c, &[]).unwrap();
        assert_eq!(cells, vec!["statusCode", "number", "Business status code"]);
        let cells = split("dataarrayresponse data", &c, &[]).unwrap();
        assert_eq!(&cells[..2], &["data", "array"]);
        assert_eq!(split("dataWidgetDtoResponse data", &c, &[]), None);
        let cells = split("dataWidgetDtoResponse data", &c, &[("data", "WidgetDto")]).unwrap();
        assert_eq!(cells[2], "Response data");
        let zh = cols(&["名称", "类型", "描述"]);
        assert_eq!(split("messagestring描述信息", &zh, &[]).unwrap(), vec!["message", "string", "描述信息"]);
    }

    #[test]
    fn bullets_continue_the_description_and_the_last_line_is_the_sample() {
        let c = cols(&["名称", "类型", "是否必填", "描述", "示例值"]);
        let cells = split("kindstring是部件种类：\n- CHART: 图表\n- TEXT: 文本\nCHART", &c, &[]).unwrap();
        assert_eq!(cells[3], "部件种类：\n- CHART: 图表\n- TEXT: 文本");
        assert_eq!(cells[4], "CHART");
    }

    #[test]
    fn unsplittable_rows_give_none() {
        let c = request_en();
        assert_eq!(split("", &c, &[]), None);
        assert_eq!(split("- CHART: a chart", &c, &[]), None);
        assert_eq!(split("just words here", &c, &[]), None);
        let odd = cols(&["Description", "Name", "Type"]);
        assert!(Layout::of(&odd).is_none() || split("x", &odd, &[]).is_none());
    }
}
