//! SDK-side operations: what hand-written pages (login flows, token helpers) document.
//!
//! Such a page is not an endpoint page: it documents several methods of the official SDK, each
//! under its own heading, with the call shown in code (`AuthenticationClient().buildAuthorizeUrl(options)`,
//! `authentication_client.get_access_token_by_code(...)`, `$client->revokeToken(...)`), its
//! parameters as a `参数` / `请求参数` / `Parameters` table or as a bullet list
//! (`` - `code` <string> 授权码 ``, or name first: `` - boxName `<String>` 信箱名 ``), and
//! sample results. Each section with such a call becomes
//! one [`PageOp`]; [`merge`] joins the copies (languages, locales, formats) of a page by the
//! call's name in snake case, the way the endpoints' copies are merged by slug. The page (its
//! file name) is part of the operation's identity: `buildAuthorizeUrl` on the CAS page and on
//! the OIDC page are two protocols, implemented apart.
//!
//! The section's name is its signature when it shows one (a block before the first
//! sub-heading that is only a call, such as `` `authenticationClient.sub_event(code, receiver)` ``);
//! only without one is it the first call on a client in the section's code, since a sample may
//! first sign in or set up with other calls.
//!
//! Only pages the endpoint reader skipped are read here, so an endpoint page never also yields
//! an SDK-side operation.

use crate::blocks::{BlockKind, Doc, Inline, Span, Table};
use crate::diag::{Code, Diagnostic, Loc};
use crate::ir::{SdkLanguage, SdkOperation, SdkParam, Sourced};
use crate::vocab::{self, Locale, Role, Section};
use heck::ToSnakeCase;
use std::collections::BTreeMap;

/// At most this many locations are kept per fact (as the merge does).
const MAX_LOCATIONS: usize = 8;
/// Sample results are kept short: they illustrate, the protocol is in the runtime.
const MAX_SAMPLE: usize = 2000;

/// One section of one page documenting one SDK call.
#[derive(Clone, Debug, PartialEq)]
pub struct PageOp {
    /// The page's name in snake case (its file name without extension: `oidc`, `cas`).
    pub page: String,
    /// The call's name as the page's language writes it (`buildAuthorizeUrl`).
    pub name: String,
    /// The SDK language, from the code block's language tag (`node`, `python`, ...).
    pub lang: Option<SdkLanguage>,
    /// The page's language (Chinese or English).
    pub locale: Locale,
    /// The section's heading text.
    pub title: String,
    /// The text under the heading, before the parameters.
    pub description: Option<String>,
    /// The parameters the section lists.
    pub params: Vec<SdkParam>,
    /// The first sample result, shortened.
    pub sample: Option<String>,
    /// The section's heading.
    pub at: Loc,
}

/// The SDK-side operations of a page the endpoint reader skipped.
pub fn read(doc: &Doc) -> Vec<PageOp> {
    let mut ops = Vec::new();
    let stem = doc.file.rsplit('/').next().unwrap_or_default();
    let page = stem.rsplit_once('.').map_or(stem, |(s, _)| s).to_snake_case();
    let blocks = &doc.blocks;
    // Sections start at headings of level 1 or 2 that are not standard section names: the
    // standard ones (`## 请求参数` right under an operation's title) belong to the operation.
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| match &b.kind {
            BlockKind::Heading { level, text, .. } => *level <= 2 && vocab::section(&text.flat()).is_none(),
            _ => false,
        })
        .map(|(i, _)| i)
        .collect();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(blocks.len());
        if let Some(op) = section(doc, &page, start, end) {
            ops.push(op);
        }
    }
    // A page title over a single operation's section: the first section holds no call, the
    // second does; nothing to do. Two sections calling the same method stay two copies.
    ops
}

fn section(doc: &Doc, page: &str, start: usize, end: usize) -> Option<PageOp> {
    let blocks = &doc.blocks[start..end];
    let BlockKind::Heading { text: heading, .. } = &blocks[0].kind else { return None };
    let title = heading.flat();
    let first_call = blocks.iter().enumerate().find_map(|(i, b)| match &b.kind {
        BlockKind::Code { lang, text } => call(text).map(|n| (i, n, lang.as_deref().and_then(SdkLanguage::of_tag))),
        _ => None,
    });
    // The signature, when the section shows one before its sub-headings.
    let signed = blocks[1..].iter().take_while(|b| !matches!(b.kind, BlockKind::Heading { .. })).find_map(|b| match &b
        .kind
    {
        BlockKind::Code { lang, text } => signature(text).map(|n| (n, lang.as_deref().and_then(SdkLanguage::of_tag))),
        BlockKind::Paragraph(t) | BlockKind::Quote(t) => signature(&t.plain()).map(|n| (n, None)),
        BlockKind::List(items) if items.len() == 1 => signature(&items[0].plain()).map(|n| (n, None)),
        _ => None,
    });
    let code_lang = || {
        blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Code { lang, .. } => lang.as_deref().and_then(SdkLanguage::of_tag),
            _ => None,
        })
    };
    let call_at = first_call.as_ref().map_or(0, |c| c.0);
    let (name, lang) = match (signed, first_call) {
        (Some((name, lang)), _) => (name, lang.or_else(code_lang)),
        (None, Some((_, name, lang))) => (name, lang),
        (None, None) => return None,
    };
    let at = Loc { col: blocks[0].col, ..Loc::new(&doc.file, blocks[0].line) }.with_span(blocks[0].span);
    let locale = if title.chars().any(crate::source::is_cjk) { Locale::Zh } else { Locale::En };

    let mut description = None;
    let mut params = Vec::new();
    let mut in_params = false;
    let mut sample = None;
    for (i, b) in blocks.iter().enumerate().skip(1) {
        match &b.kind {
            BlockKind::Heading { text, .. } => {
                in_params = matches!(vocab::section(&text.flat()), Some((Section::Request, _)));
            }
            BlockKind::Quote(t) | BlockKind::Paragraph(t) if description.is_none() && !in_params => {
                let t = t.plain().trim().to_owned();
                // A copy whose signature lost its list marker shows it as a paragraph: a call,
                // not a description.
                if !t.is_empty() && !vocab::is_example_label(&t) && signature(&t).is_none() {
                    description = Some(t);
                }
            }
            BlockKind::List(items) if in_params => {
                for item in items {
                    if let Some(p) = list_param(item, Loc::new(&doc.file, b.line)) {
                        params.push(p);
                    }
                }
            }
            BlockKind::Table(t) if in_params => params.extend(table_params(t, &doc.file)),
            BlockKind::Code { text, .. } if i > call_at && sample.is_none() && call(text).is_none() => {
                let t = text.trim();
                if t.starts_with(['{', '[']) || !t.contains('\n') {
                    sample = Some(t.chars().take(MAX_SAMPLE).collect());
                }
            }
            _ => {}
        }
    }
    Some(PageOp { page: page.to_owned(), name, lang, locale, title, description, params, sample, at })
}

/// The method of a block that is only a call on a client (`client.sub_event(code, receiver)`,
/// `AuthenticationClient().buildAuthorizeUrl(options);`): one line, nothing assigned or declared
/// before the call, ending with its closing parenthesis.
pub fn signature(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches(';').trim_end();
    if t.contains('\n') || !t.ends_with(')') {
        return None;
    }
    let head = &t[..t.find('(')?];
    if head.contains(|c: char| c.is_whitespace() || c == '=') {
        return None;
    }
    call(t)
}

/// The first method called on a client in `code`: `x.name(` / `x->name(` where the receiver's
/// last identifier ends in `client` (any case: `AuthenticationClient()`, `authentication_client`,
/// `$client`), not on options or other objects.
pub fn call(code: &str) -> Option<String> {
    let bytes = code.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let sep = if bytes[i] == b'.' {
            1
        } else if bytes[i..].starts_with(b"->") {
            2
        } else {
            i += 1;
            continue;
        };
        let name_start = i + sep;
        let mut name_end = name_start;
        while name_end < bytes.len() && is_ident(bytes[name_end]) {
            name_end += 1;
        }
        let mut recv_end = i;
        if code[..recv_end].ends_with("()") {
            recv_end -= 2;
        }
        let mut recv_start = recv_end;
        while recv_start > 0 && is_ident(bytes[recv_start - 1]) {
            recv_start -= 1;
        }
        let receiver = code[recv_start..recv_end].to_ascii_lowercase();
        let called = bytes.get(name_end) == Some(&b'(');
        let name = &code[name_start..name_end];
        if called && receiver.ends_with("client") && crate::cells::is_type_name(name) {
            return Some(name.to_owned());
        }
        i = name_end.max(i + 1);
    }
    None
}

/// A bullet documenting one parameter: `` `name` <type> description `` or
/// `` `name`，description `` (the name in code), or `name <type> description` (the name as
/// text first, as some SDKs' pages write it; its type in angle brackets, in code or not, is
/// what tells such a bullet from a sentence, and the name must be an identifier path).
fn list_param(item: &Inline, at: Loc) -> Option<SdkParam> {
    let first = item.spans.iter().find(|s| !matches!(s, Span::Text(t) if t.trim().is_empty()))?;
    let plain = item.plain();
    let (name, rest) = match first {
        Span::Code(name) => {
            let name = name.trim();
            if name.is_empty() || name.contains(char::is_whitespace) {
                return None;
            }
            let rest = plain.trim_start().strip_prefix(name).unwrap_or(&plain).trim_start();
            (name.to_owned(), rest.trim_start_matches([',', '，', ':', '：']).trim_start())
        }
        Span::Text(_) => {
            let text = plain.trim_start();
            let (name, rest) = text.split_once(char::is_whitespace)?;
            let rest = rest.trim_start();
            if !is_param_name(name) || angled(rest).is_none() {
                return None;
            }
            (name.to_owned(), rest)
        }
        Span::Link { .. } | Span::Break => return None,
    };
    let (ty, description) = match angled(rest) {
        Some((ty, d)) => (Some(ty.to_owned()), d),
        None => (None, rest),
    };
    let required = required_words(description);
    Some(SdkParam { name, ty, required, description: description.to_owned(), from: vec![at] })
}

/// `<Map<String, Object>> rest` → (`Map<String, Object>`, `rest`): a type in angle brackets at
/// the start of `text`, brackets nested in it included, both parts trimmed.
fn angled(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('<')?;
    let mut depth = 1;
    for (i, c) in inner.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    let ty = inner[..i].trim();
                    return (!ty.is_empty()).then(|| (ty, inner[i + 1..].trim()));
                }
            }
            _ => {}
        }
    }
    None
}

/// A parameter's name as SDK pages write it: an identifier, or a path of them
/// (`options.codeVerifier`, `EventRequestDto.EventType`).
fn is_param_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        })
}

/// `必填` / `required` → required; `选填` / `可选` / `optional` → not.
fn required_words(text: &str) -> Option<bool> {
    let t = text.to_lowercase();
    if ["选填", "可选", "optional", "非必填"].iter().any(|w| t.contains(w)) {
        Some(false)
    } else if ["必填", "required"].iter().any(|w| t.contains(w)) {
        Some(true)
    } else {
        None
    }
}

fn table_params(table: &Table, file: &std::sync::Arc<str>) -> Vec<SdkParam> {
    let roles: Vec<Role> = table.header.iter().map(|h| vocab::role(&h.flat())).collect();
    let col = |r: Role| roles.iter().position(|x| *x == r);
    let Some(name_col) = col(Role::Name) else { return Vec::new() };
    let cell = |row: &[Inline], c: Option<usize>| c.and_then(|c| row.get(c)).map(Inline::flat).unwrap_or_default();
    table
        .rows
        .iter()
        .filter_map(|row| {
            let name = cell(&row.cells, Some(name_col));
            if name.is_empty() || name.contains(char::is_whitespace) {
                return None;
            }
            let ty = Some(cell(&row.cells, col(Role::Type))).filter(|t| !t.is_empty());
            let required = vocab::yes_no(&cell(&row.cells, col(Role::Required)));
            let description = cell(&row.cells, col(Role::Description));
            Some(SdkParam { name, ty, required, description, from: vec![Loc::new(file, row.line)] })
        })
        .collect()
}

/// A title and the headings that give it.
type Seen = (String, Vec<Loc>);

/// Joins the copies of each operation (by its page and its name in snake case:
/// `cas/build_authorize_url`): names per SDK language, title and description per locale (the
/// title most copies give; the others become notes), parameters by name (first copy's type;
/// required when a copy says so), one sample.
pub fn merge(ops: Vec<PageOp>, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, SdkOperation> {
    let mut out: BTreeMap<String, SdkOperation> = BTreeMap::new();
    // (key, locale) → each title with where it was seen, in reading order.
    let mut titles: BTreeMap<(String, bool), Vec<Seen>> = BTreeMap::new();
    for op in ops {
        let name = op.name.to_snake_case();
        let key = format!("{}/{name}", op.page);
        let entry = out.entry(key.clone()).or_insert_with(|| SdkOperation { key: key.clone(), ..Default::default() });
        let lang = op.lang.unwrap_or(SdkLanguage::Unknown);
        let names = entry.names.entry(lang).or_default();
        if !names.contains(&op.name) {
            names.push(op.name.clone());
        }
        let seen = titles.entry((key.clone(), op.locale == Locale::Zh)).or_default();
        match seen.iter_mut().find(|(t, _)| *t == op.title) {
            Some((_, at)) => at.push(op.at.clone()),
            None => seen.push((op.title.clone(), vec![op.at.clone()])),
        }
        let description = match op.locale {
            Locale::Zh => &mut entry.description_zh,
            Locale::En => &mut entry.description_en,
        };
        if description.is_none() {
            *description = op.description.clone();
        }
        for p in op.params {
            let pkey = p.name.to_snake_case();
            match entry.params.iter_mut().find(|q| q.name.to_snake_case() == pkey) {
                Some(q) => {
                    if q.ty.is_none() {
                        q.ty = p.ty;
                    }
                    if p.required == Some(true) {
                        q.required = Some(true);
                    } else if q.required.is_none() {
                        q.required = p.required;
                    }
                    if q.from.len() < MAX_LOCATIONS {
                        q.from.extend(p.from);
                    }
                }
                None => entry.params.push(p),
            }
        }
        if entry.sample.is_none() {
            entry.sample = op.sample;
        }
        if entry.from.len() < MAX_LOCATIONS {
            entry.from.push(op.at);
        }
    }
    for ((key, zh), mut seen) in titles {
        // Most copies first; the first read among equals (a stable sort keeps reading order).
        seen.sort_by_key(|(_, at)| std::cmp::Reverse(at.len()));
        let mut seen = seen.into_iter();
        let Some((title, mut at)) = seen.next() else { continue };
        for (other, others) in seen {
            for o in others {
                diags.push(Diagnostic::note(
                    Code::SdkOperation,
                    o,
                    format!("SDK-side operation `{key}`: this copy's title `{other}` differs from `{title}` (most copies); kept the latter"),
                ));
            }
        }
        at.truncate(MAX_LOCATIONS);
        if let Some(entry) = out.get_mut(&key) {
            let slot = if zh { &mut entry.title_zh } else { &mut entry.title_en };
            *slot = Some(Sourced::new(title, at));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_methods_of_a_client_only() {
        assert_eq!(call("AuthenticationClient().buildAuthorizeUrl(options)").as_deref(), Some("buildAuthorizeUrl"));
        assert_eq!(call("$authenticationClient->revokeToken($t);").as_deref(), Some("revokeToken"));
        assert_eq!(call("res = authentication_client.get_user_info(x)").as_deref(), Some("get_user_info"));
        assert_eq!(call("clientOptions.setAppId(\"x\"); client.Sub(a)").as_deref(), Some("Sub"));
        assert_eq!(call("new AuthenticationClient({ appId })"), None);
        assert_eq!(call("console.log(client.name)"), None);
    }

    #[test]
    fn signatures_are_lone_calls_on_a_client() {
        assert_eq!(signature("authenticationClient.sub_event(code,receiver)").as_deref(), Some("sub_event"));
        assert_eq!(
            signature("AuthenticationClient().buildAuthorizeUrl(options);").as_deref(),
            Some("buildAuthorizeUrl")
        );
        assert_eq!(signature("res = client.get_user(x)"), None);
        assert_eq!(signature("func (c *Client) BuildLogoutUrl(redirectUri *string) string"), None);
        assert_eq!(signature("client.a(x)\nclient.b(y)"), None);
    }

    #[test]
    fn the_title_most_copies_give_is_kept() {
        let page = |title: &str, line: u32| PageOp {
            page: "p".into(),
            name: "doIt".into(),
            lang: Some(SdkLanguage::Node),
            locale: Locale::En,
            title: title.into(),
            description: None,
            params: Vec::new(),
            sample: None,
            at: Loc::new(&std::sync::Arc::from("p.md"), line),
        };
        let mut diags = Vec::new();
        let ops = merge(vec![page("Wrong copy", 1), page("Do it", 2), page("Do it", 3)], &mut diags);
        assert_eq!(ops["p/do_it"].title_en.as_ref().unwrap().value, "Do it");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("`Wrong copy`") && diags[0].at.line == 1);
    }
}
