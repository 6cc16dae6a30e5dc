//! Operations that moved to another slug: a leftover page of an older run keeps documenting
//! an operation under its former slug while the current run documents it under a new one.
//!
//! The structure that shows it: an endpoint documented only by copies without a method line
//! (stale, see [`crate::route::unconfirmed`]) sits in the same module folder and tag as an
//! endpoint that current copies document, with the same title, the same parameters (name,
//! location, type) and the same response DTO. It is the older rendering of that operation,
//! not a second one: it is set aside (not emitted) and reported as a stale copy, so the SDK
//! calls the route the current pages confirm. A stale-only endpoint that no current one
//! matches this way is kept (emitted with its route marked unconfirmed).

use crate::diag::{Code, Diagnostic};
use crate::ir::{Endpoint, Localized, ParamLocation, Type};

/// What two endpoints must share to be one operation under two slugs.
#[derive(PartialEq)]
struct Shape<'a> {
    module: &'a str,
    tag: Option<&'a str>,
    params: Vec<(&'a str, ParamLocation, &'a Type)>,
    response: Option<&'a str>,
}

fn shape(e: &Endpoint) -> Shape<'_> {
    let mut params: Vec<_> = e.params.iter().map(|p| (p.name.as_str(), p.location, &p.ty)).collect();
    params.sort();
    Shape { module: &e.module, tag: e.tag.as_deref(), params, response: e.response.as_ref().map(|r| r.dto.as_str()) }
}

/// Whether two titles are the same text in some language both give.
fn same_title(a: &Localized, b: &Localized) -> bool {
    let eq = |x: Option<&str>, y: Option<&str>| matches!((x, y), (Some(x), Some(y)) if !x.trim().is_empty() && x.trim() == y.trim());
    eq(a.zh.as_ref().map(|s| s.value.as_str()), b.zh.as_ref().map(|s| s.value.as_str()))
        || eq(a.en.as_ref().map(|s| s.value.as_str()), b.en.as_ref().map(|s| s.value.as_str()))
}

/// The indices of `endpoints` that are stale-only renderings of an operation a current
/// endpoint documents under another slug (see the module docs); each is reported.
pub(super) fn superseded(endpoints: &[&Endpoint], diags: &mut Vec<Diagnostic>) -> Vec<usize> {
    let current: Vec<(usize, Shape)> = endpoints
        .iter()
        .enumerate()
        .filter(|(_, e)| e.http.unconfirmed.is_none() && e.tag.is_some())
        .map(|(i, e)| (i, shape(e)))
        .collect();
    let mut out = Vec::new();
    for (i, e) in endpoints.iter().enumerate() {
        if e.http.unconfirmed.is_none() || e.tag.is_none() {
            continue;
        }
        let s = shape(e);
        let mut matches = current.iter().filter(|(j, cs)| {
            *cs == s && endpoints[*j].slug != e.slug && same_title(&endpoints[*j].summary, &e.summary)
        });
        // Exactly one current operation must match; two would leave the choice to a guess.
        let (Some((j, _)), None) = (matches.next(), matches.next()) else { continue };
        let c = endpoints[*j];
        let (Some(at), Some(cur)) = (e.sources.first(), c.sources.first()) else { continue };
        diags.push(
            Diagnostic::warning(
                Code::StaleCopy,
                at.clone(),
                format!(
                    "stale copy: `{}/{}` is documented only by pages without a method line, and current pages of the same folder document `{}/{}` with the same title, parameters and response; the older slug is not emitted",
                    e.module, e.slug, c.module, c.slug
                ),
            )
            .related(cur.clone(), "current copy"),
        );
        out.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{endpoint, ir_param};
    use super::*;
    use crate::ir::{Evidence, EvidenceKind, Sourced};

    /// An endpoint of tag `t` titled `title`, stale-only when `stale`, with body parameters `params`.
    fn ep(slug: &str, title: &str, stale: bool, params: &[&str]) -> Endpoint {
        let mut e = endpoint("XDto", params.iter().map(|p| ir_param(p)).collect());
        e.slug = slug.into();
        e.tag = Some("t".into());
        e.summary.zh = Some(Sourced::new(title.into(), vec![]));
        if stale {
            e.http.unconfirmed = Some(Evidence { kind: EvidenceKind::StaleOnly, rule: String::new(), at: vec![] });
        }
        e
    }

    #[test]
    fn only_a_stale_only_endpoint_one_current_endpoint_matches_is_set_aside() {
        // (endpoints, indices set aside)
        let cases: Vec<(Vec<Endpoint>, Vec<usize>)> = vec![
            (vec![ep("new", "列出", false, &["a"]), ep("old", "列出", true, &["a"])], vec![1]),
            // Another title, another parameter, or no current endpoint: kept.
            (vec![ep("new", "列出", false, &["a"]), ep("old", "删除", true, &["a"])], vec![]),
            (vec![ep("new", "列出", false, &["a"]), ep("old", "列出", true, &["a", "b"])], vec![]),
            (vec![ep("new", "列出", true, &["a"]), ep("old", "列出", true, &["a"])], vec![]),
            // Two current endpoints match: which one it was is a guess, so it is kept.
            (
                vec![ep("n1", "列出", false, &["a"]), ep("n2", "列出", false, &["a"]), ep("old", "列出", true, &["a"])],
                vec![],
            ),
        ];
        for (endpoints, expected) in cases {
            let refs: Vec<&Endpoint> = endpoints.iter().collect();
            let mut diags = Vec::new();
            let got = superseded(&refs, &mut diags);
            assert_eq!(got, expected, "{:?}", endpoints.iter().map(|e| &e.slug).collect::<Vec<_>>());
            assert_eq!(diags.len(), expected.len());
            assert!(diags.iter().all(|d| d.code == Code::StaleCopy));
        }
    }
}
