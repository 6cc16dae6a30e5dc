//! One group of copies → one endpoint: module and client (see `module`), method names, slug,
//! tag, texts, parameters, HTTP method and route (see `infer`), and the response type.

use super::MAX_LOCATIONS;
use super::enums::{EnumJob, EnumTarget};
use super::fields::{Table, merge_fields};
use super::group::{PageFacts, Style};
use super::module;
use super::vote::Votes;
use crate::diag::{Code, Diagnostic, Loc};
use crate::infer;
use crate::ir::{self, Endpoint, Limits, Localized, Param, ParamLocation, Property, Sourced};
use crate::lower::{PageEndpoint, compact};
use crate::vocab::Locale;
use heck::{ToLowerCamelCase, ToPascalCase};
use std::collections::BTreeMap;

/// Merges one group of pages into an endpoint. Returns the endpoint and the pages whose facts
/// were used (stale copies excluded); enum values found in its parameters go to `enum_jobs`.
pub(super) fn merge_group(
    facts: &[PageFacts],
    members: &[usize],
    enum_jobs: &mut Vec<EnumJob>,
    diags: &mut Vec<Diagnostic>,
) -> (Endpoint, Vec<usize>) {
    let decided = module::decide(facts, members);
    let current = &decided.current;
    let names = method_names(facts, current);
    let name = names
        .get(&Style::Camel)
        .cloned()
        .or_else(|| names.values().next().map(|n| n.to_lower_camel_case()))
        .unwrap_or_else(|| facts[current[0]].slug.to_lower_camel_case());

    let slug = slug(facts, current, &name);
    // Copies under another spelling of the slug, without a method line, lose every tie.
    let current_copy = |i: usize| facts[i].current() || facts[i].slug == slug;
    let tag_votes: Votes<&str> = current.iter().filter_map(|&i| facts[i].tag.as_deref()).collect();
    let tag = tag_votes.best().map(|(t, _)| (*t).to_owned());
    let key = format!("{}/{slug}", decided.module);
    decided.report(facts, &key, diags);

    // Titles and descriptions, per language.
    let summary = localized(facts, current, |p| p.title.as_ref().map(|t| (t.text.clone(), t.at.clone())));
    let description = localized(facts, current, |p| p.description.as_ref().map(|t| (t.text.clone(), t.at.clone())));

    // Parameters.
    let tables: Vec<Table> = current
        .iter()
        .filter_map(|&i| {
            facts[i].p.request_at.as_ref().map(|at| Table {
                page: i,
                fields: facts[i].p.params.iter().collect(),
                at: at.clone(),
            })
        })
        .collect();
    let request_dto = request_dto(facts, current, &slug);
    let merged = merge_fields(facts, &tables, &format!("parameters of `{key}`"), diags);
    let mut params = Vec::new();
    let mut tells = Vec::new();
    for m in merged {
        if !m.enum_values.is_empty() {
            enum_jobs.push(EnumJob {
                owner: request_dto.value.clone(),
                field: m.name.clone(),
                values: m.enum_values.clone(),
                target: EnumTarget::Param,
            });
        }
        tells.push(m.tell.clone());
        params.push(Param {
            property: Property {
                name: m.name,
                ty: m.ty,
                required: m.required,
                sample: m.sample,
                description: m.description,
                limits: Limits { max_items: m.max_items },
                enum_ref: None,
                from: m.from,
            },
            location: ParamLocation::Body,
            default: m.default,
        });
    }
    let mut http = infer::infer(&name, &slug, &mut params, &tells, &route_facts(facts, current));
    http.unconfirmed =
        crate::route::unconfirmed(current.iter().map(|&i| (facts[i].p.client.is_some(), &facts[i].p.at)));
    let response = response(facts, current, &current_copy, diags);

    let mut sources: Vec<Loc> = members.iter().map(|&i| facts[i].p.at.clone()).collect();
    sources.sort();
    sources.dedup();
    let module::Decided { module, client, current, .. } = decided;
    let endpoint = Endpoint {
        module,
        client,
        name,
        names,
        slug,
        tag,
        http,
        summary,
        description,
        params,
        request_dto,
        response,
        sources,
        client_auth: Vec::new(),
    };
    (endpoint, current)
}

/// The slug most copies' file names give. A tie goes to the spelling the method name gives
/// (`get-email-provider` for `getEmailProvider`, not `get-email-provier`), then to the one
/// more current copies (with a method line) use, then to the first by name.
fn slug(facts: &[PageFacts], current: &[usize], name: &str) -> String {
    let mut votes: Votes<&str, bool> = Votes::new();
    for &i in current.iter().filter(|&&i| facts[i].p.file_slug.is_some()) {
        votes.add(facts[i].slug.as_str(), 1, facts[i].current());
    }
    let spelt = |s: &str| compact(s).ends_with(&compact(name));
    votes
        .ranked_by(|_, _| std::cmp::Ordering::Equal)
        .into_iter()
        .max_by(|(a, x), (b, y)| {
            let currents = |t: &super::vote::Tally<bool>| t.evidence.iter().filter(|c| **c).count();
            x.weight
                .cmp(&y.weight)
                .then_with(|| spelt(a).cmp(&spelt(b)))
                .then_with(|| currents(x).cmp(&currents(y)))
                .then_with(|| b.cmp(a))
        })
        .map(|(s, _)| (*s).to_owned())
        .unwrap_or_else(|| facts[current[0]].slug.clone())
}

/// What the current copies show about the route (see `infer::RouteFacts`).
fn route_facts(facts: &[PageFacts], current: &[usize]) -> infer::RouteFacts {
    let mut f = infer::RouteFacts::default();
    for &i in current {
        let p = facts[i].p;
        f.names.extend(facts[i].name.iter().cloned());
        f.request_dto.extend(p.request_dto.iter().cloned());
        f.printed.extend(p.printed.iter().cloned());
    }
    f
}

/// The method name as each SDK style spells it (`camel`, `pascal`, `snake`): per style, the
/// spelling with the most weight.
fn method_names(facts: &[PageFacts], current: &[usize]) -> BTreeMap<Style, String> {
    let mut by_style: BTreeMap<Style, Votes<&str>> = BTreeMap::new();
    for &i in current {
        if let Some(n) = &facts[i].name {
            by_style.entry(Style::of(n)).or_default().vote(n.as_str(), facts[i].weight);
        }
    }
    by_style.iter().filter_map(|(s, v)| v.best().map(|(n, _)| (*s, (*n).to_owned()))).collect()
}

/// The request DTO the sample code passes (most copies), from every copy that names one;
/// `<PascalSlug>Dto` when none does.
fn request_dto(facts: &[PageFacts], current: &[usize], slug: &str) -> Sourced<String> {
    let mut votes: Votes<&str> = Votes::new();
    let mut from = Vec::new();
    for &i in current {
        if let Some((d, at)) = &facts[i].p.sample_dto {
            votes.vote(d.as_str(), 1);
            from.push(at.clone());
        }
    }
    match votes.best() {
        Some((d, _)) => Sourced::new((*d).to_owned(), from),
        None => Sourced::new(format!("{}Dto", slug.to_pascal_case()), vec![]),
    }
}

/// The response type (by weight), and the type of its `data` field from the best copy that
/// shows it. A copy naming another type is reported.
fn response(
    facts: &[PageFacts],
    current: &[usize],
    current_copy: &dyn Fn(usize) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<ir::Response> {
    let mut votes: Votes<&str, (Loc, bool)> = Votes::new();
    for &i in current {
        if let Some((d, at)) = &facts[i].p.response_dto {
            votes.add(d.as_str(), facts[i].weight, (at.clone(), current_copy(i)));
        }
    }
    // A tie goes to the type more current copies give.
    let currents = |t: &super::vote::Tally<(Loc, bool)>| t.evidence.iter().filter(|(_, c)| *c).count();
    let (&dto, won) = votes.best_by(|a, b| a.weight.cmp(&b.weight).then_with(|| currents(a).cmp(&currents(b))))?;
    let won: Vec<Loc> = won.evidence.iter().map(|(l, _)| l.clone()).collect();
    for (other, t) in votes.iter() {
        if *other != dto {
            diags.push(
                Diagnostic::warning(
                    Code::ResponseConflict,
                    t.evidence[0].0.clone(),
                    format!("response type conflict: this copy says `{other}`, the others `{dto}`; using `{dto}`"),
                )
                .related(won[0].clone(), format!("says `{dto}`")),
            );
        }
    }
    let data = current
        .iter()
        .filter(|&&i| facts[i].p.response_dto.as_ref().is_some_and(|(d, _)| d == dto))
        .flat_map(|&i| facts[i].p.response_fields.iter().map(move |f| (i, f)))
        .filter(|(_, f)| f.name.as_deref() == Some("data"))
        .max_by_key(|(i, f)| (facts[*i].weight, f.resolved_type().map_or(0, |t| t.specificity())))
        .and_then(|(_, f)| f.resolved_type());
    Some(ir::Response { dto: dto.to_owned(), data, from: won })
}

/// Per language, the text with the most weight (structured formats weigh more).
fn localized(
    facts: &[PageFacts],
    members: &[usize],
    get: impl Fn(&PageEndpoint) -> Option<(String, Loc)>,
) -> Localized {
    let mut out = Localized::default();
    for locale in [Locale::Zh, Locale::En] {
        let mut votes: Votes<String, Loc> = Votes::new();
        for &i in members {
            if facts[i].p.locale != Some(locale) {
                continue;
            }
            if let Some((t, at)) = get(facts[i].p) {
                if !t.trim().is_empty() {
                    votes.add(t, facts[i].weight, at);
                }
            }
        }
        let s = votes.into_best().map(|(t, mut tally)| {
            tally.evidence.sort();
            tally.evidence.truncate(MAX_LOCATIONS);
            Sourced::new(t, tally.evidence)
        });
        match locale {
            Locale::Zh => out.zh = s,
            Locale::En => out.en = s,
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::group::page_facts;
    use super::super::testing::{field, page};
    use super::*;
    use crate::blocks::Format;
    use crate::ir::Type;
    use crate::page::Text;

    #[test]
    fn names_per_style() {
        // (method names of the copies, with their formats) → (names map, canonical name)
        let cases: &[(&[(&str, Format)], &[(&str, &str)], &str)] = &[
            (
                &[("bind_email", Format::Markdown), ("bindEmail", Format::Html)],
                &[("camel", "bindEmail"), ("snake", "bind_email")],
                "bindEmail",
            ),
            (&[("BindEmail", Format::Markdown)], &[("pascal", "BindEmail")], "bindEmail"),
            // Within a style, weight decides: one Markdown copy outweighs two text copies.
            (
                &[("bindEmail", Format::Markdown), ("bindEMail", Format::TextFlat), ("bindEMail", Format::TextFlat)],
                &[("camel", "bindEmail")],
                "bindEmail",
            ),
        ];
        for (copies, names, canonical) in cases {
            let pages: Vec<PageEndpoint> = copies
                .iter()
                .enumerate()
                .map(|(k, (n, fmt))| {
                    let mut p = page(&format!("c{k}/bind-email.md"), Some("AuthenticationClient"), Some(n));
                    p.format = *fmt;
                    p
                })
                .collect();
            let facts = page_facts(&pages, &mut Vec::new());
            let members: Vec<usize> = (0..facts.len()).collect();
            let (e, _) = merge_group(&facts, &members, &mut Vec::new(), &mut Vec::new());
            let expected: BTreeMap<Style, String> =
                names.iter().map(|(k, v)| (k.parse().unwrap(), v.to_string())).collect();
            assert_eq!(e.names, expected, "{copies:?}");
            assert_eq!(e.name, *canonical);
            assert_eq!((e.module.as_str(), e.slug.as_str()), ("authentication", "bind-email"));
        }
    }

    #[test]
    fn texts_per_language() {
        let mk = |path: &str, locale, fmt, title: &str| {
            let mut p = page(path, None, Some("x"));
            p.locale = Some(locale);
            p.format = fmt;
            p.title = Some(Text { text: title.into(), at: p.at.clone() });
            p
        };
        let pages = vec![
            mk("a/x.md", Locale::Zh, Format::TextFlat, "甲"),
            mk("b/x.md", Locale::Zh, Format::TextFlat, "甲"),
            mk("c/x.md", Locale::Zh, Format::Markdown, "乙"),
            mk("d/x.md", Locale::En, Format::Html, "  "),
            mk("e/x.md", Locale::En, Format::TextMd, "Bind"),
        ];
        let facts = page_facts(&pages, &mut Vec::new());
        let all: Vec<usize> = (0..facts.len()).collect();
        let l = localized(&facts, &all, |p| p.title.as_ref().map(|t| (t.text.clone(), t.at.clone())));
        // Markdown (weight 4) outweighs two text-flat copies (1 + 1); blank texts do not vote.
        assert_eq!(l.zh.map(|s| s.value).as_deref(), Some("乙"));
        assert_eq!(l.en.as_ref().map(|s| s.value.as_str()), Some("Bind"));
        assert_eq!(l.en.map(|s| s.from.len()), Some(1));
    }

    #[test]
    fn response_type_and_data() {
        let mk = |path: &str, dto: &str, fmt: Format, data: Option<Type>| {
            let mut p = page(path, None, Some("x"));
            p.format = fmt;
            p.response_dto = Some((dto.into(), p.at.clone()));
            if let Some(t) = data {
                let mut f = field("data");
                f.ty = crate::cells::TypeCell::Known(t);
                p.response_fields = vec![f];
            }
            p
        };
        let cases: Vec<(Vec<PageEndpoint>, Option<(&str, Option<Type>)>, usize)> = vec![
            (vec![], None, 0),
            (
                vec![mk("a/x.md", "ARespDto", Format::Markdown, Some(Type::String))],
                Some(("ARespDto", Some(Type::String))),
                0,
            ),
            // Weight decides the type; the other copy is reported.
            (
                vec![
                    mk("a/x.md", "ARespDto", Format::TextFlat, None),
                    mk("b/x.md", "BRespDto", Format::Markdown, Some(Type::reference("UserDto"))),
                ],
                Some(("BRespDto", Some(Type::reference("UserDto")))),
                1,
            ),
        ];
        for (pages, expected, conflicts) in cases {
            let facts = page_facts(&pages, &mut Vec::new());
            let all: Vec<usize> = (0..facts.len()).collect();
            let mut diags = Vec::new();
            let r = response(&facts, &all, &|_| true, &mut diags);
            assert_eq!(r.map(|r| (r.dto, r.data)), expected.map(|(d, t)| (d.to_owned(), t)));
            assert_eq!(diags.len(), conflicts);
        }
    }

    #[test]
    fn request_dto_from_samples_or_slug() {
        let mut a = page("a/bind-email.md", None, Some("bindEmail"));
        a.sample_dto = Some(("BindEmailDto".into(), a.at.clone()));
        let b = page("b/bind-email.md", None, Some("bindEmail"));
        let pages = vec![a, b];
        let facts = page_facts(&pages, &mut Vec::new());
        for (members, dto, from) in [(vec![0, 1], "BindEmailDto", 1), (vec![1], "BindEmailDto", 0)] {
            let d = request_dto(&facts, &members, "bind-email");
            assert_eq!((d.value.as_str(), d.from.len()), (dto, from));
        }
    }
}
