//! Routes: the path an endpoint is called at, and how sure the IR is of its route.
//!
//! The pages never print the route. The path is `/api/v3/<slug>` for most operations, where
//! the slug (the page's file name) is the path with `/` turned into `-`; the structure of the
//! slug and the method name shows where a `/` was. The method comes from `infer`. Every
//! decision is recorded as [`Evidence`] of a kind, and the route gets the confidence of its
//! weakest half; a route only the fallback rule decided is reported (`route-guessed`).

use crate::diag::{Code, Diagnostic, Loc};
use crate::ir::{Api, Confidence, Evidence, EvidenceKind, HttpMethod};
use crate::lower::compact;
use heck::ToKebabCase;
use std::collections::{BTreeMap, BTreeSet};

/// The API prefix every slug path sits under.
pub const PREFIX: &str = "/api/v3/";

/// The path of a slug, given the method names every copy prints (any casing).
///
/// - A slug that starts with `-` is a path outside [`PREFIX`]: `-oidc-token` → `/oidc/token`.
/// - When every name is a proper suffix (or prefix) of the slug, word for word, the rest of the
///   slug is a path segment: `mydevices-list` + `list` → `/api/v3/mydevices/list`,
///   `list-permission-view-data` + `listPermissionView` → `/api/v3/list-permission-view/data`.
/// - Otherwise `/api/v3/<slug>`.
pub fn slug_path(slug: &str, names: &[String]) -> (String, Evidence) {
    let names: Vec<String> =
        names.iter().map(|n| compact(n)).filter(|n| !n.is_empty()).collect::<BTreeSet<_>>().into_iter().collect();
    if let Some(rest) = slug.strip_prefix('-').filter(|r| !r.is_empty()) {
        let words: Vec<&str> = rest.split('-').collect();
        let path = match split_at_name(&words, &names) {
            Some((k, true)) => format!("/{}/{}", words[..k].join("/"), words[k..].join("-")),
            _ => format!("/{}", words.join("/")),
        };
        let rule = format!("the slug `{slug}` starts with `-`: a path outside {PREFIX}, one segment per word");
        return (path, Evidence { kind: EvidenceKind::LeadingDash, rule, at: vec![] });
    }
    let words: Vec<&str> = slug.split('-').collect();
    match split_at_name(&words, &names) {
        Some((k, suffix)) => {
            let (head, tail) = (words[..k].join("-"), words[k..].join("-"));
            let name_part = if suffix { &tail } else { &head };
            let rule = format!(
                "every copy's method name is `{name_part}`, a proper {} of the slug `{slug}`: the rest is a path segment",
                if suffix { "suffix" } else { "prefix" }
            );
            (format!("{PREFIX}{head}/{tail}"), Evidence { kind: EvidenceKind::SlugStructure, rule, at: vec![] })
        }
        None => (
            format!("{PREFIX}{slug}"),
            Evidence { kind: EvidenceKind::Slug, rule: format!("the path is {PREFIX}<slug>"), at: vec![] },
        ),
    }
}

/// Where the slug's words split into a path segment and the method name: `Some((k, true))`
/// when every name is the last `n-k` words, `Some((k, false))` when every name is the first
/// `k` words. Names are compact (see [`compact`]).
fn split_at_name(words: &[&str], names: &[String]) -> Option<(usize, bool)> {
    if names.is_empty() || words.len() < 2 {
        return None;
    }
    let joined = |ws: &[&str]| ws.iter().map(|w| compact(w)).collect::<String>();
    for k in 1..words.len() {
        if names.iter().all(|n| *n == joined(&words[k..])) {
            return Some((k, true));
        }
        if names.iter().all(|n| *n == joined(&words[..k])) {
            return Some((k, false));
        }
    }
    None
}

/// A verb (and perhaps a path) a page prints: a request line `POST /api/v3/x`, a curl
/// `-X DELETE`, or `method: 'PUT'` in sample code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printed {
    pub method: HttpMethod,
    pub path: Option<String>,
    pub at: Loc,
}

/// The verbs and request lines in a text (sample code, a description); `at` is the line
/// before the text's first line (a fence), as for code samples.
pub fn printed_routes(text: &str, at: &Loc) -> Vec<Printed> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let loc = Loc::new(&at.file, at.line + 1 + i as u32);
        let t = line.trim().trim_start_matches(['`', '>', '$', ' ']);
        // A request line: `POST /api/v3/x` or `POST https://host/api/v3/x`, alone on its line
        // (or followed by `HTTP/1.1`).
        let mut words = t.split_whitespace();
        if let (Some(v), Some(target)) = (words.next(), words.next()) {
            let rest: Vec<&str> = words.collect();
            let tail_ok = rest.is_empty() || (rest.len() == 1 && rest[0].starts_with("HTTP/"));
            if let (Some(m), true) = (strict_verb(v), tail_ok) {
                if let Some(path) = request_target(target.trim_end_matches('`')) {
                    out.push(Printed { method: m, path: Some(path), at: loc });
                    continue;
                }
            }
        }
        // curl -X VERB / --request VERB
        for flag in ["-X ", "--request ", "-X=", "--request="] {
            if let Some(p) = line.find(flag) {
                let v: String = line[p + flag.len()..]
                    .trim_start_matches(['\'', '"'])
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                if let Some(m) = strict_verb(&v) {
                    let path = line.split_whitespace().find_map(|w| request_target(w.trim_matches(['\'', '"'])));
                    out.push(Printed { method: m, path, at: loc.clone() });
                }
            }
        }
        // method: 'POST' / "method": "POST" / method = "POST"
        let lower = line.to_ascii_lowercase();
        if let Some(p) = lower.find("method") {
            let after = line[p + "method".len()..].trim_start_matches(['"', '\'']).trim_start();
            if let Some(after) = after.strip_prefix([':', '=']) {
                let v = after.trim_start().trim_start_matches(['"', '\'']);
                let v: String = v.chars().take_while(char::is_ascii_alphabetic).collect();
                if let Some(m) = strict_verb(&v) {
                    out.push(Printed { method: m, path: None, at: loc });
                }
            }
        }
    }
    out
}

/// An upper-case HTTP verb (`POST`, not `post` or `Post`: prose and code use those otherwise).
fn strict_verb(v: &str) -> Option<HttpMethod> {
    (v.len() >= 3 && v.chars().all(|c| c.is_ascii_uppercase())).then(|| HttpMethod::parse(v)).flatten()
}

/// The path of a request target: `/api/v3/x`, `https://host/api/v3/x?y=1` → `/api/v3/x`.
fn request_target(t: &str) -> Option<String> {
    let path = match t.find("://") {
        Some(p) => &t[p + 3..][t[p + 3..].find('/')?..],
        None => t,
    };
    let path = path.split(['?', '#']).next()?;
    let ok = path.starts_with('/')
        && path.chars().any(|c| c.is_ascii_alphanumeric())
        && !path.starts_with("//")
        && path.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '{' | '}'));
    ok.then(|| path.to_owned())
}

/// When no copy prints a method line (`## 方法名称`), only stale or hand-written copies
/// document the operation: the evidence for marking its route unconfirmed. `copies` gives,
/// per copy, whether it prints a method line and where the page starts.
pub fn unconfirmed<'a>(copies: impl Iterator<Item = (bool, &'a Loc)>) -> Option<Evidence> {
    let mut at = Vec::new();
    for (has_line, loc) in copies {
        if has_line {
            return None;
        }
        if at.len() < 4 {
            at.push(loc.clone());
        }
    }
    (!at.is_empty()).then(|| Evidence {
        kind: EvidenceKind::StaleOnly,
        rule: "copies that print no method line (stale or hand-written pages)".into(),
        at,
    })
}

/// The confidence of a route: the weaker of its method's and its path's best evidence.
pub fn confidence(evidence: &[Evidence]) -> Confidence {
    let best = |method: bool| {
        evidence
            .iter()
            .filter(|e| e.kind.decides_method() == method)
            .map(|e| e.kind.confidence())
            .max()
            .unwrap_or(Confidence::Low)
    };
    best(true).min(best(false))
}

/// Routes decided across endpoints, after merge: slug prefixes that a folder's pages confirm
/// (or that several slugs share and no method name explains) become path segments; then
/// every route's confidence is set, and guessed or unconfirmed routes are reported.
pub fn refine(api: &mut Api, diags: &mut Vec<Diagnostic>) {
    apply_prefixes(api);
    for (key, e) in api.endpoints.iter_mut() {
        e.http.confidence = confidence(&e.http.evidence);
        let at = e.sources.first().cloned();
        let Some(at) = at else { continue };
        if e.http.guessed() {
            let why = e.http.evidence.iter().find(|x| x.kind == EvidenceKind::Fallback).map(|x| x.rule.clone());
            diags.push(Diagnostic::warning(
                Code::RouteGuessed,
                at.clone(),
                format!(
                    "route guessed: `{} {}` for `{key}`; no page shows the method ({}); set it in codegen.toml if it is wrong",
                    e.http.method.as_str(),
                    e.http.path,
                    why.unwrap_or_else(|| "fallback rule".into())
                ),
            ));
        }
        if let Some(u) = &e.http.unconfirmed {
            let mut d = Diagnostic::warning(
                Code::RouteUnconfirmed,
                at,
                format!(
                    "route unconfirmed: `{key}` is documented only by {}; emitted, but its route may be stale",
                    u.rule
                ),
            );
            if let Some(l) = u.at.first() {
                d = d.related(l.clone(), "a stale or hand-written copy");
            }
            diags.push(d);
        }
    }
}

/// Folder consensus and prefix consensus (see [`EvidenceKind`]).
fn apply_prefixes(api: &mut Api) {
    // Prefixes the slug structure confirms, per folder (module + tag): prefix → pages.
    let mut confirmed: BTreeMap<(String, Option<String>, String), Vec<Loc>> = BTreeMap::new();
    for e in api.endpoints.values() {
        if e.http.evidence.iter().any(|x| x.kind == EvidenceKind::SlugStructure) {
            if let Some(seg) = e.http.path.strip_prefix(PREFIX).and_then(|p| p.split_once('/')).map(|(h, _)| h) {
                if e.slug.starts_with(&format!("{seg}-")) {
                    let at = e.sources.first().cloned().into_iter();
                    confirmed.entry((e.module.clone(), e.tag.clone(), seg.to_owned())).or_default().extend(at);
                }
            }
        }
    }
    // First words of every method name: a slug that starts with one of them is a verb phrase.
    let name_starts: BTreeSet<String> =
        api.endpoints.values().flat_map(|e| e.names.values().chain([&e.name])).filter_map(|n| first_word(n)).collect();
    let mut by_first: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (key, e) in &api.endpoints {
        if let Some((w, _)) = e.slug.split_once('-') {
            by_first.entry((e.module.clone(), w.to_owned())).or_default().push(key.clone());
        }
    }
    let mut updates: Vec<(String, String, Evidence)> = Vec::new();
    for (key, e) in &api.endpoints {
        if !e.http.evidence.iter().any(|x| x.kind == EvidenceKind::Slug) || e.http.path != format!("{PREFIX}{}", e.slug)
        {
            continue;
        }
        let Some((w, rest)) = e.slug.split_once('-') else { continue };
        if explains_slug(e, &e.slug) {
            continue;
        }
        if let Some(at) = confirmed.get(&(e.module.clone(), e.tag.clone(), w.to_owned())).filter(|a| a.len() >= 2) {
            let rule = format!(
                "{} pages of this folder have the path segment `{w}` (their method names are the rest of their slugs)",
                at.len()
            );
            updates.push((
                key.clone(),
                format!("{PREFIX}{w}/{rest}"),
                Evidence { kind: EvidenceKind::FolderConsensus, rule, at: at.clone() },
            ));
            continue;
        }
        let sharing = &by_first[&(e.module.clone(), w.to_owned())];
        let slugs: BTreeSet<&str> = sharing.iter().map(|k| api.endpoints[k].slug.as_str()).collect();
        let unexplained = sharing.iter().all(|k| {
            let o = &api.endpoints[k];
            !explains_slug(o, &o.slug)
                && !o.names.values().chain([&o.name]).any(|n| compact(n).starts_with(&compact(w)))
        });
        if slugs.len() >= 2 && unexplained && !name_starts.iter().any(|n| like_word(n, &compact(w))) {
            let at: Vec<Loc> = sharing.iter().filter_map(|k| api.endpoints[k].sources.first().cloned()).collect();
            let rule = format!(
                "{} slugs start with `{w}-`, and no method name starts with `{w}` or spells the slug: `{w}` is a path segment",
                slugs.len()
            );
            updates.push((
                key.clone(),
                format!("{PREFIX}{w}/{rest}"),
                Evidence { kind: EvidenceKind::PrefixConsensus, rule, at },
            ));
        }
    }
    for (key, path, ev) in updates {
        if let Some(e) = api.endpoints.get_mut(&key) {
            e.http.path = path;
            e.http.evidence.retain(|x| x.kind != EvidenceKind::Slug);
            e.http.evidence.push(ev);
        }
    }
}

/// Whether one of the endpoint's method names spells its whole slug (`findIpList` for
/// `ip-list`): then the slug is the method's own name, not a segment and a name.
fn explains_slug(e: &crate::ir::Endpoint, slug: &str) -> bool {
    let s = compact(slug);
    e.names.values().chain([&e.name]).any(|n| compact(n).contains(&s))
}

/// Whether a method name's first word and a slug word are the same word, or two forms of one
/// (`associate` and `association`): they share their first five letters, or one is the other's start.
fn like_word(name_word: &str, slug_word: &str) -> bool {
    let stem: String = slug_word.chars().take(5).collect();
    name_word.starts_with(&stem) || (name_word.len() >= 3 && slug_word.starts_with(name_word))
}

/// The first word of a method name in any casing, compact: `listPermissionView` → `list`.
fn first_word(name: &str) -> Option<String> {
    name.to_kebab_case().split('-').next().map(compact).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn names(ns: &[&str]) -> Vec<String> {
        ns.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn slug_paths() {
        assert_eq!(slug_path("mydevices-list", &names(&["list", "List"])).0, "/api/v3/mydevices/list");
        assert_eq!(
            slug_path("list-permission-view-data", &names(&["listPermissionView", "list_permission_view"])).0,
            "/api/v3/list-permission-view/data"
        );
        assert_eq!(slug_path("bind-email", &names(&["bindEmail", "bind_email"])).0, "/api/v3/bind-email");
        // Copies that disagree on the name: no structure.
        assert_eq!(slug_path("mydevices-list", &names(&["list", "mydevicesList"])).0, "/api/v3/mydevices-list");
        assert_eq!(slug_path("-oidc-token", &names(&["token"])).0, "/oidc/token");
        assert_eq!(slug_path("-api-v2-list-fields", &names(&["listFields"])).0, "/api/v2/list-fields");
        assert_eq!(slug_path("-oidc-me", &[]).0, "/oidc/me");
        assert_eq!(slug_path("system", &names(&["system"])).1.kind, EvidenceKind::Slug);
    }

    #[test]
    fn printed_verbs() {
        let at = Loc::new(&Arc::from("p.md"), 10);
        let p = printed_routes("POST /api/v3/create-thing HTTP/1.1\nHost: x", &at);
        assert_eq!(
            p,
            vec![Printed {
                method: HttpMethod::Post,
                path: Some("/api/v3/create-thing".into()),
                at: Loc::new(&at.file, 11)
            }]
        );
        let p = printed_routes("curl -X DELETE 'https://h.example/api/v3/x?id=1'", &at);
        assert_eq!(p[0].method, HttpMethod::Delete);
        assert_eq!(p[0].path.as_deref(), Some("/api/v3/x"));
        assert_eq!(printed_routes("fetch(url, { method: 'PUT' })", &at)[0].method, HttpMethod::Put);
        // Prose and lower-case words are not verbs.
        assert!(printed_routes("Get the user. post it to /x", &at).is_empty());
        assert!(printed_routes("const m = map.get('x')", &at).is_empty());
        // A comment marker is not a path.
        assert_eq!(
            printed_routes("// curl -X PUT 'https://h.example/api/v3/y'", &at)[0].path.as_deref(),
            Some("/api/v3/y")
        );
    }
}
