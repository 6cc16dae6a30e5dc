//! HTTP method, path and parameter locations, inferred from what the pages show.
//!
//! The pages never print the method or path. The strongest evidence is raw factory Markdown,
//! which writes query-parameter rows with a leading space; without it, the page content
//! decides: no parameters, DTO-typed parameters, and the verb the method name starts with.

use crate::diag::Loc;
use crate::ir::{Evidence, Http, HttpMethod, Param, ParamLocation, Type};

/// What the rows of raw Markdown copies say about one parameter.
#[derive(Clone, Debug, Default)]
pub struct RowTell {
    pub query: Vec<Loc>,
    pub body: Vec<Loc>,
}

/// Verbs that read: a method named `getX`, `listX`, ... with only primitive parameters is a GET.
const READ_VERBS: &[&str] =
    &["get", "list", "find", "search", "query", "fetch", "detail", "init", "check", "export", "is", "has"];

pub fn infer(method_name: &str, slug: &str, params: &mut [Param], tells: &[RowTell]) -> Http {
    let path = format!("/api/v3/{slug}");
    let mut evidence = Vec::new();
    let told: Vec<usize> = (0..params.len())
        .filter(|&i| tells.get(i).is_some_and(|t| !t.query.is_empty() || !t.body.is_empty()))
        .collect();

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
            evidence.push(Evidence { rule: "query-style rows (leading space) in raw Markdown".into(), at: q });
        }
        if !b.is_empty() {
            evidence.push(Evidence { rule: "body rows (no leading space) in raw Markdown".into(), at: b });
        }
        let has_body = params.iter().any(|p| p.location == ParamLocation::Body);
        let method = if has_body { HttpMethod::Post } else { HttpMethod::Get };
        return Http { method, path, evidence };
    }

    if params.is_empty() {
        evidence.push(Evidence { rule: "no request parameters".into(), at: vec![] });
        return Http { method: HttpMethod::Get, path, evidence };
    }
    let dto_typed: Vec<Loc> =
        params.iter().filter(|p| is_structured(&p.ty)).filter_map(|p| p.from.first().cloned()).collect();
    let method = if !dto_typed.is_empty() {
        evidence.push(Evidence { rule: "a parameter has a DTO or object type (a JSON body)".into(), at: dto_typed });
        HttpMethod::Post
    } else if starts_with_read_verb(method_name) {
        evidence.push(Evidence {
            rule: format!("method name `{method_name}` starts with a read verb, parameters are primitive"),
            at: vec![],
        });
        HttpMethod::Get
    } else {
        evidence.push(Evidence {
            rule: format!("method name `{method_name}` does not start with a read verb"),
            at: vec![],
        });
        HttpMethod::Post
    };
    let loc = if method == HttpMethod::Get { ParamLocation::Query } else { ParamLocation::Body };
    for p in params.iter_mut() {
        p.location = loc;
    }
    Http { method, path, evidence }
}

fn is_structured(t: &Type) -> bool {
    match t {
        Type::Ref { .. } | Type::Object => true,
        Type::Array { items } => is_structured(items),
        _ => false,
    }
}

/// The first word of a camelCase, snake_case or PascalCase name.
pub fn starts_with_read_verb(name: &str) -> bool {
    let first: String = name
        .chars()
        .enumerate()
        .take_while(|(i, c)| *i == 0 || (c.is_ascii_lowercase() || c.is_ascii_digit()))
        .map(|(_, c)| c.to_ascii_lowercase())
        .collect();
    READ_VERBS.contains(&first.as_str())
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
    }
}
