//! HTTP method, path and parameter locations, inferred from what the pages show.
//!
//! The pages never print the method or path. The strongest evidence is raw factory Markdown,
//! which writes query-parameter rows with a leading space; without it, the page content
//! decides: no parameters, DTO-typed parameters, and the verb the method name starts with.

use crate::diag::Loc;
use crate::ir::{Evidence, EvidenceKind, Http, HttpMethod, Param, ParamLocation, Type};
use std::collections::BTreeMap;

/// What the rows of raw Markdown copies say about one parameter.
#[derive(Clone, Debug, Default)]
pub struct RowTell {
    pub query: Vec<Loc>,
    pub body: Vec<Loc>,
}

/// Verbs that read: a method named `getX`, `listX`, ... with only primitive parameters is a GET.
const READ_VERBS: &[&str] =
    &["get", "list", "find", "search", "query", "fetch", "detail", "init", "check", "export", "is", "has"];

/// What the copies of one endpoint show about its route, besides the rows' tell.
#[derive(Clone, Debug, Default)]
pub struct RouteFacts {
    /// Method names the copies print (any casing), for the slug's structure.
    pub names: Vec<String>,
    /// Request DTO lines (`类型： XxxDto` under the request section).
    pub request_dto: Vec<(String, Loc)>,
    /// Verbs and request lines the copies print.
    pub printed: Vec<crate::route::Printed>,
}

/// The endpoint's method and path, and where each parameter goes. Evidence, strongest first:
/// a printed verb; raw Markdown's query-row tell; a printed request DTO; a DTO-typed
/// parameter; no parameters; and last the fallback rule on the method name's first word.
pub fn infer(method_name: &str, slug: &str, params: &mut [Param], tells: &[RowTell], facts: &RouteFacts) -> Http {
    let (mut path, path_evidence) = crate::route::slug_path(slug, &facts.names);
    let mut evidence = Vec::new();
    let told: Vec<usize> = (0..params.len())
        .filter(|&i| tells.get(i).is_some_and(|t| !t.query.is_empty() || !t.body.is_empty()))
        .collect();

    // Where each parameter goes by the rows' tell (when any raw copy shows it).
    let mut method = None;
    if !told.is_empty() {
        let mut q = Vec::new();
        let mut b = Vec::new();
        for (i, p) in params.iter_mut().enumerate() {
            let t = tells.get(i).cloned().unwrap_or_default();
            if t.query.len() > t.body.len() {
                p.location = ParamLocation::Query;
                q.extend(t.query.into_iter().take(1));
            } else if !t.body.is_empty() {
                p.location = ParamLocation::Body;
                b.extend(t.body.into_iter().take(1));
            } else {
                // A row no raw copy shows: follow the rows that were told.
                p.location = if q.is_empty() && !b.is_empty() { ParamLocation::Body } else { ParamLocation::Query };
            }
        }
        if !q.is_empty() {
            evidence.push(Evidence {
                kind: EvidenceKind::RowTell,
                rule: "query-style rows (leading space) in raw Markdown".into(),
                at: q,
            });
        }
        if !b.is_empty() {
            evidence.push(Evidence {
                kind: EvidenceKind::RowTell,
                rule: "body rows (no leading space) in raw Markdown".into(),
                at: b,
            });
        }
        let has_body = params.iter().any(|p| p.location == ParamLocation::Body);
        method = Some(if has_body {
            HttpMethod::Post
        } else if starts_with_delete_verb(method_name) {
            evidence.push(Evidence {
                kind: EvidenceKind::DeleteVerb,
                rule: format!("query parameters only, and the method name `{method_name}` deletes"),
                at: vec![],
            });
            HttpMethod::Delete
        } else {
            HttpMethod::Get
        });
    }

    // A verb the pages print beats any rule (copies that disagree: the most printed).
    let mut votes: BTreeMap<HttpMethod, Vec<Loc>> = BTreeMap::new();
    for p in &facts.printed {
        votes.entry(p.method).or_default().push(p.at.clone());
    }
    if let Some((m, at)) = votes.into_iter().max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(&a.0))) {
        evidence
            .insert(0, Evidence { kind: EvidenceKind::PrintedVerb, rule: format!("a page prints {}", m.as_str()), at });
        if method.is_none() {
            let loc = if matches!(m, HttpMethod::Get | HttpMethod::Delete) {
                ParamLocation::Query
            } else {
                ParamLocation::Body
            };
            for p in params.iter_mut() {
                p.location = loc;
            }
        }
        method = Some(m);
    }
    // A path printed on a request line.
    if let Some(p) = facts.printed.iter().find(|p| p.path.is_some()) {
        path = p.path.clone().unwrap_or(path);
        evidence.push(Evidence {
            kind: EvidenceKind::PrintedPath,
            rule: format!("a page prints the request line `{} {path}`", p.method.as_str()),
            at: vec![p.at.clone()],
        });
    } else {
        evidence.push(path_evidence);
    }
    if let Some(method) = method {
        return Http { method, path, confidence: Default::default(), evidence, unconfirmed: None };
    }

    let mut push = |kind, rule: String, at| evidence.insert(evidence.len() - 1, Evidence { kind, rule, at });
    let dto_typed: Vec<Loc> =
        params.iter().filter(|p| is_structured(&p.ty)).filter_map(|p| p.from.first().cloned()).collect();
    let method = if let Some((dto, at)) = facts.request_dto.first() {
        push(
            EvidenceKind::RequestDto,
            format!("the request section names the DTO `{dto}`: a JSON body"),
            facts.request_dto.iter().map(|(_, l)| l.clone()).take(4).collect(),
        );
        let _ = at;
        HttpMethod::Post
    } else if params.is_empty() {
        push(EvidenceKind::NoParams, "no request parameters".into(), vec![]);
        HttpMethod::Get
    } else if !dto_typed.is_empty() {
        push(EvidenceKind::StructuredParam, "a parameter has a DTO or object type (a JSON body)".into(), dto_typed);
        HttpMethod::Post
    } else if starts_with_read_verb(method_name) {
        push(
            EvidenceKind::Fallback,
            format!("method name `{method_name}` starts with a read verb, parameters are primitive"),
            vec![],
        );
        HttpMethod::Get
    } else {
        push(EvidenceKind::Fallback, format!("method name `{method_name}` does not start with a read verb"), vec![]);
        HttpMethod::Post
    };
    let loc = if method == HttpMethod::Get { ParamLocation::Query } else { ParamLocation::Body };
    for p in params.iter_mut() {
        p.location = loc;
    }
    Http { method, path, confidence: Default::default(), evidence, unconfirmed: None }
}

fn is_structured(t: &Type) -> bool {
    match t {
        Type::Ref { .. } | Type::Object => true,
        Type::Array { items } => is_structured(items),
        _ => false,
    }
}

/// Verbs that delete: with query parameters only, such a method is a DELETE.
const DELETE_VERBS: &[&str] = &["delete", "remove"];

/// Whether the name's first word deletes (`deleteAuth`, `remove_user`).
pub fn starts_with_delete_verb(name: &str) -> bool {
    DELETE_VERBS.contains(&first_word(name).as_str())
}

/// The first word of a camelCase, snake_case or PascalCase name.
pub fn starts_with_read_verb(name: &str) -> bool {
    READ_VERBS.contains(&first_word(name).as_str())
}

fn first_word(name: &str) -> String {
    name.chars()
        .enumerate()
        .take_while(|(i, c)| *i == 0 || (c.is_ascii_lowercase() || c.is_ascii_digit()))
        .map(|(_, c)| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_verbs() {
        assert!(starts_with_read_verb("getUser"));
        assert!(starts_with_read_verb("get_user"));
        assert!(starts_with_read_verb("ListGroups"));
        assert!(!starts_with_read_verb("getter"));
        assert!(!starts_with_read_verb("createGroup"));
        assert!(starts_with_delete_verb("deleteAuth"));
        assert!(starts_with_delete_verb("Remove"));
        assert!(!starts_with_delete_verb("deleted"));
    }
}
