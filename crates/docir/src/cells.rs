//! What a table cell says: a type, a description with its structured trailers (nested type,
//! array limit, enum values), a sample, a default, a yes/no.

use crate::blocks::{Inline, Span, collapse_ws};
use crate::ir::Type;
use crate::vocab;

/// A type cell, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeCell {
    Known(Type),
    Empty,
    /// Text that is not a type this reader knows; kept for the diagnostic.
    Unknown(String),
}

/// Reads a type cell: `string`, `number[]`, `<a href="#Dto">Dto[]</a>`, `array`, a bare DTO
/// name (text copies lose the link), `int64`, `map<string, any>`, ...
pub fn type_cell(cell: &Inline) -> TypeCell {
    if let Some((href, text)) = cell.links().next() {
        // Every `[]` of the link text is one array level (`Dto[][]` is an array of arrays).
        let mut base = text.trim();
        let mut depth = 0;
        while let Some(b) = base.strip_suffix("[]").filter(|_| depth < MAX_TYPE_DEPTH) {
            base = b.trim_end();
            depth += 1;
        }
        let name = if is_dto_name(base) { base.to_owned() } else { href.trim_start_matches('#').to_owned() };
        if is_dto_name(&name) {
            let mut t = match primitive(&name) {
                Some(p) => p,
                None => Type::reference(name),
            };
            for _ in 0..depth {
                t = Type::array(t);
            }
            return TypeCell::Known(t);
        }
    }
    type_text(&cell.flat())
}

/// Array and generic nesting deeper than this is not a type anyone documents; it is reported
/// instead of being followed (which would also risk the stack on hostile input).
pub const MAX_TYPE_DEPTH: usize = 8;

/// Reads a type from plain text.
pub fn type_text(text: &str) -> TypeCell {
    type_text_at(text, 0)
}

fn type_text_at(text: &str, depth: usize) -> TypeCell {
    let t = text.trim().trim_matches('`').trim();
    if depth > MAX_TYPE_DEPTH || t.len() > 400 {
        return TypeCell::Unknown(t.chars().take(80).collect());
    }
    if t.is_empty() || t == "-" {
        return TypeCell::Empty;
    }
    if let Some(inner) = t.strip_suffix("[]") {
        return match type_text_at(inner, depth + 1) {
            TypeCell::Known(i) => TypeCell::Known(Type::array(i)),
            TypeCell::Empty => TypeCell::Known(Type::array(Type::Any)),
            TypeCell::Unknown(_) => TypeCell::Unknown(t.to_owned()),
        };
    }
    if let Some(p) = primitive(t) {
        return TypeCell::Known(p);
    }
    // Generic notations: `array<X>`, `List<X>`, `map<K, V>`, `Foo<Bar>`.
    if let (Some(open), true) = (t.find('<'), t.ends_with('>')) {
        let outer = t[..open].trim().to_ascii_lowercase();
        let inner = &t[open + 1..t.len() - 1];
        return match outer.as_str() {
            "array" | "list" | "vec" | "set" => match type_text_at(inner, depth + 1) {
                TypeCell::Known(i) => TypeCell::Known(Type::array(i)),
                _ => TypeCell::Known(Type::array(Type::Any)),
            },
            "map" | "record" | "dict" | "hashmap" | "object" => TypeCell::Known(Type::Object),
            _ => TypeCell::Unknown(t.to_owned()),
        };
    }
    if is_type_name(t) && t.starts_with(|c: char| c.is_ascii_uppercase()) {
        return TypeCell::Known(Type::reference(t));
    }
    TypeCell::Unknown(t.to_owned())
}

fn primitive(t: &str) -> Option<Type> {
    Some(match t.to_ascii_lowercase().as_str() {
        "string" | "str" | "date" | "datetime" | "date-time" | "uuid" | "email" | "uri" | "url" | "text" => {
            Type::String
        }
        "number" | "float" | "double" | "decimal" | "float64" | "float32" => Type::Number,
        "integer" | "int" | "int32" | "int64" | "long" | "short" | "uint" | "uint32" | "uint64" => Type::Integer,
        "boolean" | "bool" => Type::Boolean,
        "object" | "map" | "dict" | "json" | "record" => Type::Object,
        "array" | "list" => Type::array(Type::Any),
        "any" | "mixed" | "unknown" => Type::Any,
        _ => return None,
    })
}

/// An identifier a DTO could be called: ASCII letters, digits and `_`, starting with a letter.
pub fn is_type_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.len() <= 200
}

/// A name a DTO heading or a link to a DTO may give: a type name, or a word in any script
/// (`附加信息`): letters and digits of any alphabet and `_`, starting with a letter. Such a DTO
/// is a DTO like any other; codegen chooses an ASCII identifier for it and keeps the wire name.
pub fn is_dto_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic())
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && s.len() <= 200
}

/// A field or parameter name as documented: ASCII word characters plus `.`, `-`, `$`, `@`, `[]`.
pub fn is_field_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '$' | '@' | '[' | ']'))
}

/// The structured facts in a description cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Description {
    /// The prose, with the nested-type and array-limit trailers removed.
    pub text: String,
    /// `嵌套类型：<a href="#Dto">Dto</a>`: the item or object type of an `array`/`object` field.
    pub nested: Option<String>,
    /// `数组长度限制：50`.
    pub max_items: Option<u64>,
    /// Enum values with their descriptions, from `枚举值：` lists and `- \`VALUE\`: ...` bullets.
    pub enum_values: Vec<(String, String)>,
    /// How the description presents the values it lists: a closed set, or examples of an open
    /// one (the values are kept so that merge can report them, but they are no enum).
    pub listed: Listed,
}

/// How a description presents a list of values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Listed {
    /// The values a field takes (`可选值：`, `枚举值：`, a bare bullet list).
    #[default]
    Values,
    /// Examples: the list is introduced as such (`如：`, `such as`, `示例`) or ends in `等` /
    /// `etc.`.
    Examples,
    /// An open list: a bullet says there is more (`- ... 其他自定义字段`).
    Open,
}

/// Reads a description cell. `flattened` is set for text copies that turned bullet lists into
/// one line (`... - A: x - B: y`).
pub fn description(cell: &Inline, flattened: bool) -> Description {
    let mut d = Description::default();
    let plain = cell.plain();
    // Markers are found on a case-folded copy made once (ASCII folding keeps byte offsets).
    let folded = vocab::fold(&plain);
    let vocab::Markers { nested: nested_at, array_limit: limit_at, enum_values: enum_at } = vocab::markers(&folded);

    if let Some((pos, len)) = nested_at {
        d.nested = cell
            .links()
            .map(|(href, text)| {
                let t = text.trim().trim_end_matches("[]");
                if is_dto_name(t) { t.to_owned() } else { href.trim_start_matches('#').to_owned() }
            })
            .find(|n| is_dto_name(n))
            .or_else(|| first_word_after(&plain[pos + len..]).filter(|w| is_type_name(w)));
    }
    if let Some((pos, len)) = limit_at {
        let digits: String = plain[pos + len..]
            .trim_start_matches(|c: char| c == ':' || c == '：' || c.is_whitespace())
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        d.max_items = digits.parse().ok();
    }
    // `枚举值：\`A\`, \`B\``: code spans after the marker, or words in text copies.
    if let Some((pos, len)) = enum_at {
        let mut seen_marker = false;
        let mut offset = 0;
        for s in &cell.spans {
            let piece_len = match s {
                Span::Text(t) | Span::Code(t) => t.len(),
                Span::Link { text, .. } => text.len(),
                Span::Break => 1,
            };
            if offset + piece_len > pos {
                seen_marker = true;
            }
            if seen_marker && offset >= pos {
                if let Span::Code(c) = s {
                    push_value(&mut d.enum_values, c.trim(), "");
                }
            }
            offset += piece_len;
        }
        let after = plain[pos + len..].trim_start();
        if d.enum_values.is_empty() && after.starts_with([':', '：']) {
            for w in after.split([',', '，', '、', '|', ' ', ':', '：', '`', '\n']) {
                let w = w.trim().trim_end_matches(['。', '.']);
                if is_enum_token(w) {
                    push_value(&mut d.enum_values, w, "");
                }
            }
        }
    }
    // Bullets: `- \`VALUE\`: description` or `- VALUE: description`, one per line.
    if plain.contains("- ") || plain.contains("* ") {
        let mut intro = String::new();
        let mut in_list = false;
        for line in cell.lines() {
            let text = line.plain();
            match bullet_text(&text) {
                Some(item) => {
                    if !in_list && is_example_intro(&intro) {
                        d.listed = Listed::Examples;
                    }
                    in_list = true;
                    if is_more_marker(item) && d.listed == Listed::Values {
                        d.listed = Listed::Open;
                    }
                    bullet(&line, &mut d.enum_values);
                }
                None if !in_list => intro.push_str(&text),
                None => {}
            }
        }
    }
    if flattened {
        let mut parts = plain.split(" - ");
        if parts.clone().count() > 1 && parts.next().is_some_and(is_example_intro) {
            d.listed = Listed::Examples;
        }
        for part in parts {
            if is_more_marker(part) && d.listed == Listed::Values {
                d.listed = Listed::Open;
            }
            if let Some((v, rest)) = split_value(part) {
                push_value(&mut d.enum_values, v, rest);
            }
        }
    }

    let cut = [nested_at, limit_at, enum_at].into_iter().flatten().map(|(p, _)| p).min().unwrap_or(plain.len());
    let text = plain[..cut].trim_end().trim_end_matches(['。', '.', '，', ',']);
    d.text = tidy(text);
    d
}

/// The text of a bullet line (`- item`, `* item`), without the bullet.
fn bullet_text(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).or_else(|| (t == "-" || t == "*").then_some(""))
}

/// A bullet or a list tail that says the list goes on: `...`, `…`, `等`, `etc.`.
fn is_more_marker(item: &str) -> bool {
    let t = item.trim();
    t.starts_with("...") || t.starts_with('…') || t.starts_with('等') || vocab::fold(t).starts_with("etc")
}

/// Text that introduces examples rather than the set of values: it ends (before its colon)
/// with `如` / `例如` / `比如` / `such as` / `e.g.` / `for example`, or its last clause speaks
/// of an example (`示例如下所示`).
pub fn is_example_intro(intro: &str) -> bool {
    let t = intro.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | ',' | '，'));
    let folded = vocab::fold(t);
    if vocab::EXAMPLE_INTROS.iter().any(|w| folded.ends_with(w)) {
        return true;
    }
    let clause = folded.rsplit(['。', '，', ',', '；', ';', '.']).next().unwrap_or("");
    vocab::EXAMPLE_WORDS.iter().any(|w| clause.contains(w))
}

fn bullet(line: &Inline, out: &mut Vec<(String, String)>) {
    let mut spans = line.spans.iter().skip_while(|s| matches!(s, Span::Text(t) if t.trim().is_empty()));
    if let Some(Span::Text(t)) = spans.next() {
        let t = t.trim_start();
        let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) else {
            return;
        };
        if rest.trim().is_empty() {
            // `- ` then a code span: `- \`VALUE\`: ...`
            if let Some(Span::Code(c)) = spans.next() {
                let after: String = spans
                    .map(|s| match s {
                        Span::Text(t) | Span::Code(t) => t.clone(),
                        Span::Link { text, .. } => text.clone(),
                        Span::Break => String::new(),
                    })
                    .collect();
                let after = after.trim_start();
                if after.is_empty() || after.starts_with([':', '：']) {
                    push_value(out, c.trim(), after.trim_start_matches([':', '：']).trim());
                }
            }
        } else {
            let rest_all = format!("{rest}{}", Inline { spans: spans.cloned().collect() }.plain());
            if let Some((v, d)) = split_value(&rest_all) {
                push_value(out, v, d);
            }
        }
    }
}

/// `VALUE: description` where VALUE looks like an enum token.
fn split_value(s: &str) -> Option<(&str, &str)> {
    let i = s.find([':', '：'])?;
    let v = s[..i].trim().trim_matches('`');
    is_enum_token(v).then(|| (v, s[i..].trim_start_matches([':', '：']).trim()))
}

/// An enum value written without backticks: one token of ASCII letters, digits, `_ - . /`.
fn is_enum_token(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 64
        && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && v.chars().any(|c| c.is_ascii_alphanumeric())
}

fn push_value(out: &mut Vec<(String, String)>, v: &str, desc: &str) {
    if v.is_empty() || v.len() > 200 {
        return;
    }
    if let Some(e) = out.iter_mut().find(|(x, _)| x == v) {
        if e.1.is_empty() {
            e.1 = tidy(desc);
        }
        return;
    }
    out.push((v.to_owned(), tidy(desc)));
}

fn first_word_after(s: &str) -> Option<String> {
    let s = s.trim_start_matches(|c: char| c == ':' || c == '：' || c.is_whitespace());
    let w: String = s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    (!w.is_empty()).then_some(w)
}

/// Values a description lists in prose around a value already known (`共分为 PENDING(未扫码)、
/// SCANNED(已扫码)…`, `PC/Mobile`, `树结构（TREE）、字符串（STRING）`): the run of value-like
/// tokens containing `seed`, where the text between two tokens is only separators, a short
/// word, or a parenthetical. Empty unless the run has at least two tokens, and empty when the
/// run is a list of examples (`如 a、b`, `a、b 等`, `such as a, b`). A word that ends an
/// English phrase (`Fixed value, public-key`) does not start a run.
pub fn listed_values(text: &str, seeds: &[&str]) -> Vec<String> {
    for line in text.lines() {
        let tokens = ascii_tokens(line);
        let mut run: Vec<(usize, usize)> = Vec::new();
        let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut prev_end: Option<usize> = None;
        for &(start, end) in &tokens {
            if let Some(prev) = prev_end {
                let gap = &line[prev..start];
                if run.is_empty() || !is_list_gap(gap) {
                    runs.push(std::mem::take(&mut run));
                    if gap.trim().is_empty() && !is_example_intro(&line[..start]) {
                        // `Fixed value, ...`: this word belongs to the phrase before it.
                        runs.push(vec![(start, end)]);
                        prev_end = Some(end);
                        continue;
                    }
                }
            }
            run.push((start, end));
            prev_end = Some(end);
        }
        runs.push(run);
        for r in runs {
            let (Some(&(first, _)), Some(&(_, last))) = (r.first(), r.last()) else {
                continue;
            };
            let before = &line[..first];
            let after = &line[last..];
            let words: Vec<&str> = r.iter().map(|&(s, e)| &line[s..e]).collect();
            if words.len() >= 2 && words.iter().any(|w| seeds.contains(w)) && words.iter().all(|w| is_enum_token(w)) {
                if is_example_intro(before) || is_more_marker(after) {
                    return Vec::new();
                }
                return words.into_iter().map(str::to_owned).collect();
            }
        }
    }
    Vec::new()
}

/// Byte ranges of runs of ASCII letters, digits, `_` and `-`, outside parentheses (a
/// parenthetical that holds only one token, `树结构（TREE）`, counts as that token); the
/// connectors `and` / `or` are not tokens.
fn ascii_tokens(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut depth = 0usize;
    let mut paren_start = 0usize;
    let keep = |st: usize, end: usize| !matches!(&s[st..end], "and" | "or");
    for (i, c) in s.char_indices() {
        let word = c.is_ascii_alphanumeric() || c == '_' || (c == '-' && start.is_some());
        if depth == 0 {
            if let (false, Some(st)) = (word, start) {
                if keep(st, i) {
                    out.push((st, i));
                }
                start = None;
            }
        }
        match c {
            '(' | '（' => {
                depth += 1;
                if depth == 1 {
                    paren_start = i + c.len_utf8();
                }
            }
            ')' | '）' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let inner = &s[paren_start..i];
                    let t = inner.trim();
                    // `PUSHED (pushed)`: a parenthetical right after a value glosses it.
                    let open = paren_start - if s[..paren_start].ends_with('（') { '（'.len_utf8() } else { 1 };
                    let gloss =
                        out.last().is_some_and(|&(_, e): &(usize, usize)| e <= open && s[e..open].trim().is_empty());
                    if is_enum_token(t) && t.chars().any(|c| c.is_ascii_alphabetic()) && !gloss {
                        let st = paren_start + (inner.len() - inner.trim_start().len());
                        out.push((st, st + t.len()));
                    }
                }
            }
            _ if depth == 0 && word && start.is_none() => start = Some(i),
            _ => {}
        }
    }
    if let (Some(st), 0) = (start, depth) {
        if keep(st, s.len()) {
            out.push((st, s.len()));
        }
    }
    out
}

/// Text that may stand between two listed values: a list separator (`、` `/` `,` `|`, a
/// parenthetical, a connector), and otherwise only a short word.
fn is_list_gap(gap: &str) -> bool {
    if gap.contains(['。', '；', ';', '.', '!', '?', '？', '！', ':', '：']) || is_example_intro(gap) {
        return false;
    }
    let mut depth = 0usize;
    let mut rest = 0usize;
    let mut separated = false;
    let mut words = 0usize;
    for c in gap.chars() {
        match c {
            '(' | '（' => {
                depth += 1;
                separated = true;
            }
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '、' | '/' | ',' | '，' | '|' => {
                separated = true;
                rest += 1;
            }
            c => {
                rest += 1;
                words += usize::from(!c.is_whitespace());
            }
        }
    }
    let connector = ["以及", "和", "或", " and ", " or "].iter().any(|w| gap.contains(w));
    // Other words may only gloss the next value (`、字符串（STRING）`): a gap ending in `(`.
    let glossed = gap.trim_end().ends_with(['(', '（']);
    (separated || connector) && rest <= 8 && (connector || glossed || words == 0)
}

/// Trims each line and drops empty ones; descriptions keep their line structure.
pub fn tidy(s: &str) -> String {
    // Most descriptions are one clean line already.
    let clean = !s.is_empty()
        && !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s.contains("  ")
        && !s.contains(['\n', '\t', '\r', '\u{a0}', '\u{3000}']);
    if clean {
        return s.to_owned();
    }
    s.lines().map(collapse_ws).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// A sample cell: the value and whether it was quoted (backticks). The factory prints the
/// first enum value of a field unquoted, so an unquoted sample in a structured copy is a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    pub text: String,
    pub quoted: bool,
}

pub fn sample(cell: &Inline) -> Option<Sample> {
    let codes: Vec<&str> = cell.codes().collect();
    let bare = cell.bare_text();
    if !codes.is_empty() && bare.trim().is_empty() && codes.len() == 1 {
        return Some(Sample { text: codes[0].trim().to_owned(), quoted: true });
    }
    let text = cell.plain();
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(Sample { text: text.to_owned(), quoted: !codes.is_empty() })
}

/// A default cell: `-` and empty mean none.
pub fn default_value(cell: &Inline) -> Option<String> {
    let t = cell.plain();
    let t = t.trim().trim_matches('`').trim();
    (!t.is_empty() && t != "-").then(|| t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::inline_md::inline_of;

    #[test]
    fn types() {
        assert_eq!(type_cell(&inline_of("string")), TypeCell::Known(Type::String));
        assert_eq!(type_cell(&inline_of("String")), TypeCell::Known(Type::String));
        assert_eq!(type_cell(&inline_of("string[]")), TypeCell::Known(Type::array(Type::String)));
        assert_eq!(type_cell(&inline_of("array")), TypeCell::Known(Type::array(Type::Any)));
        assert_eq!(
            type_cell(&inline_of("<a href=\"#UserDto\">UserDto[]</a>")),
            TypeCell::Known(Type::array(Type::reference("UserDto")))
        );
        assert_eq!(
            type_cell(&inline_of("<a href=\"#userdto\">UserDto</a>")),
            TypeCell::Known(Type::reference("UserDto"))
        );
        assert_eq!(
            type_cell(&inline_of("TreeStructs[]")),
            TypeCell::Known(Type::array(Type::reference("TreeStructs")))
        );
        assert_eq!(type_cell(&inline_of("int64")), TypeCell::Known(Type::Integer));
        // Both array levels of a linked `Dto[][]` are kept.
        assert_eq!(
            type_cell(&inline_of("<a href=\"#PhotoDto\">PhotoDto[][]</a>")),
            TypeCell::Known(Type::array(Type::array(Type::reference("PhotoDto"))))
        );
        assert_eq!(type_cell(&inline_of("map<string, any>")), TypeCell::Known(Type::Object));
        assert_eq!(type_cell(&inline_of("")), TypeCell::Empty);
        assert!(matches!(type_cell(&inline_of("Foo<Bar>")), TypeCell::Unknown(_)));
        assert!(matches!(type_text("Foo<Bar>"), TypeCell::Unknown(_)));
        assert!(matches!(type_text(&format!("string{}", "[]".repeat(100_000))), TypeCell::Unknown(_)));
        // Deep generic nesting is cut at a bounded depth.
        let deep = type_text(&format!("{}string{}", "array<".repeat(50), ">".repeat(50)));
        let depth = |t: &Type| {
            let (mut d, mut t) = (0, t);
            while let Type::Array { items } = t {
                d += 1;
                t = items;
            }
            d
        };
        assert!(matches!(&deep, TypeCell::Known(t) if depth(t) <= MAX_TYPE_DEPTH + 1));
        assert!(matches!(type_cell(&inline_of("数字")), TypeCell::Unknown(_)));
    }

    #[test]
    fn nested_type_and_array_limit() {
        let d =
            description(&inline_of("成员列表 嵌套类型：<a href=\"#UserDto\">UserDto</a>。数组长度限制：50。"), false);
        assert_eq!(d.nested.as_deref(), Some("UserDto"));
        assert_eq!(d.max_items, Some(50));
        assert_eq!(d.text, "成员列表");
        let d = description(&inline_of("Group code list Array length limit: 50."), false);
        assert_eq!(d.max_items, Some(50));
        assert_eq!(d.text, "Group code list");
        let d = description(&inline_of("外部身份源 嵌套类型：IdentityDto。"), false);
        assert_eq!(d.nested.as_deref(), Some("IdentityDto"));
    }

    #[test]
    fn enum_bullets_and_lists() {
        let d = description(&inline_of("性别:<br>- `M`: 男性，`male`<br>- `F`: 女性<br>"), false);
        assert_eq!(d.enum_values, vec![("M".into(), "男性，male".into()), ("F".into(), "女性".into())]);
        let d = description(&inline_of("状态：<br>- Activated: 正常状态<br>- Suspended: 已停用"), false);
        assert_eq!(d.enum_values.len(), 2);
        let d = description(
            &inline_of("手段：<br>- `EMAIL_PASSCODE`: 邮箱<br>。  枚举值：`EMAIL_PASSCODE`, `PHONE`"),
            false,
        );
        let values: Vec<_> = d.enum_values.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(values, vec!["EMAIL_PASSCODE", "PHONE"]);
        let d = description(&inline_of("来源: - excel: 导入 - register: 注册"), true);
        assert_eq!(d.enum_values.len(), 2);
        let d = description(&inline_of("背景：<br>- 图片背景：`url(x)`"), false);
        assert!(d.enum_values.is_empty());
    }

    #[test]
    fn values_listed_in_prose() {
        let d = "二维码状态。共分为 PENDING(未扫码)、SCANNED(已扫码等待用户确认)、EXPIRED(二维码过期)以及 ERROR(未知错误)六种状态。";
        assert_eq!(listed_values(d, &["PENDING"]), vec!["PENDING", "SCANNED", "EXPIRED", "ERROR"]);
        assert_eq!(listed_values("设备类型：PC/Mobile", &["PC"]), vec!["PC", "Mobile"]);
        assert_eq!(
            listed_values("数据资源类型，目前支持树结构（TREE）、字符串（STRING）、数组（ARRAY）", &["TREE"]).len(),
            3
        );
        assert!(listed_values("设备类型：PC/Mobile", &["Linux"]).is_empty());
        let en = "QR code status. There are six states: PENDING (not scanned), SCANNED (scanned and waiting), and ERROR (unknown error)";
        assert_eq!(listed_values(en, &["PENDING"]), vec!["PENDING", "SCANNED", "ERROR"]);
        assert!(listed_values("the user id and the PENDING state", &["PENDING"]).is_empty());
        // Examples are no set of values; a gloss is no value; a phrase's last word starts no list.
        assert!(listed_values("Identity type, such as unionid, openid, primary", &["openid"]).is_empty());
        assert!(listed_values("Identity 类型，如 unionid, openid, primary", &["openid"]).is_empty());
        assert!(listed_values("数据资源权限操作, read、get、write 等动作", &["get"]).is_empty());
        assert!(listed_values("Fixed value, public-key", &["public-key"]).is_empty());
        assert_eq!(
            listed_values("单位。Second/Minute，仅仅做显示，timeInterval的单位", &["Second"]),
            vec!["Second", "Minute"]
        );
        assert_eq!(
            listed_values("five states: PUSHED (pushed), EXPIRED (expired)", &["PUSHED"]),
            vec!["PUSHED", "EXPIRED"]
        );
        assert!(
            listed_values("用户 ID。可以是 userId 或者一段很长很长的中文说明文字 externalId", &["userId"]).is_empty()
        );
    }

    #[test]
    fn samples() {
        assert_eq!(sample(&inline_of("`123456`")), Some(Sample { text: "123456".into(), quoted: true }));
        assert_eq!(sample(&inline_of("Suspended")), Some(Sample { text: "Suspended".into(), quoted: false }));
        assert_eq!(sample(&inline_of("`{\"a\":1}`")).unwrap().text, "{\"a\":1}");
        assert_eq!(sample(&inline_of("  ")), None);
    }
}
