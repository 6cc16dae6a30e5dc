//! One field's occurrences across copies → one field: spelling, type, required, default,
//! sample, description per language and enum values, each decided by weighted vote or by the
//! best copy, every disagreement reported.

use super::MAX_LOCATIONS;
use super::enums::collect_values;
use super::group::{PageFacts, Style};
use super::vote::{Tally, Votes};
use crate::blocks::Format;
use crate::diag::{Code, Diagnostic, Loc, Severity};
use crate::infer::RowTell;
use crate::ir::{EnumValue, Localized, Sourced, Type};
use crate::lower::RawField;
use crate::vocab::Locale;

/// One row of one copy that shows the field.
#[derive(Clone, Copy, Debug)]
pub(super) struct Occurrence<'a> {
    /// Index of the page in the page facts.
    pub page: usize,
    pub field: &'a RawField,
    /// The row's name, recovered if the copy lost it.
    pub name: &'a str,
}

/// A field or parameter reconciled across copies.
#[derive(Clone, Debug)]
pub(super) struct Merged {
    pub name: String,
    pub ty: Type,
    pub required: bool,
    pub default: Option<String>,
    pub sample: Option<String>,
    pub description: Localized,
    pub max_items: Option<u64>,
    pub enum_values: Vec<EnumValue>,
    pub from: Vec<Loc>,
    pub tell: RowTell,
}

/// Reconciles one field's occurrences (best copy first). `what` names the table in messages.
pub(super) fn reconcile(facts: &[PageFacts], occ: &[Occurrence], what: &str, diags: &mut Vec<Diagnostic>) -> Merged {
    let name = spelling(facts, occ);
    let ty = field_type(facts, occ, &name, what, diags);
    let required = required(facts, occ, &name, what, diags);
    let default = occ.iter().find_map(|o| o.field.default.clone());
    let sample = occ
        .iter()
        .filter_map(|o| o.field.sample.as_ref().map(|s| (facts[o.page].p.format, s)))
        .max_by_key(|(fmt, s)| (s.quoted, fmt.fidelity()))
        .map(|(_, s)| s.text.clone());
    let max_items = occ.iter().find_map(|o| o.field.desc.max_items);

    // Per language, the best copy's text; a text another copy extends (`事件类型` against
    // `事件类型，用户的一系列操作…`) is an older, shorter version of it and gives way.
    let mut description = Localized::default();
    for locale in [Locale::Zh, Locale::En] {
        let texts: Vec<&Occurrence> =
            occ.iter().filter(|o| facts[o.page].p.locale == Some(locale) && !o.field.desc.text.is_empty()).collect();
        let fidelity = |o: &Occurrence| facts[o.page].p.format.fidelity();
        let extended = |o: &Occurrence| {
            let t = &o.field.desc.text;
            texts.iter().any(|x| {
                fidelity(x) >= fidelity(o)
                    && x.field.desc.text.len() > t.len()
                    && x.field.desc.text.starts_with(t.as_str())
            })
        };
        let pick = texts
            .iter()
            .max_by_key(|o| (fidelity(o), !extended(o), std::cmp::Reverse(o.field.at.clone())))
            .map(|o| Sourced::new(o.field.desc.text.clone(), vec![o.field.at.clone()]));
        match locale {
            Locale::Zh => description.zh = pick,
            Locale::En => description.en = pick,
        }
    }
    let enum_values = collect_values(facts, occ, &ty, &format!("`{name}` in {what}"), diags);

    let mut tell = RowTell::default();
    for o in occ {
        match o.field.query_style {
            Some(true) => tell.query.push(o.field.at.clone()),
            Some(false) => tell.body.push(o.field.at.clone()),
            None => {}
        }
    }
    let mut from: Vec<Loc> = occ.iter().map(|o| o.field.at.clone()).collect();
    from.sort();
    from.dedup();
    from.truncate(MAX_LOCATIONS);
    Merged { name, ty, required, default, sample, description, max_items, enum_values, from, tell }
}

/// The most common spelling, weighted towards copies written in camelCase (the wire names).
fn spelling(facts: &[PageFacts], occ: &[Occurrence]) -> String {
    let mut votes: Votes<&str> = Votes::new();
    for o in occ {
        let style = match facts[o.page].style() {
            Some(Style::Camel) => 3,
            Some(Style::Pascal) => 2,
            _ => 1,
        };
        votes.vote(o.name, style * facts[o.page].weight);
    }
    votes.best().map(|(n, _)| (*n).to_owned()).unwrap_or_default()
}

/// The type: voted by weight (ties to the type more current copies give, then to the more
/// specific type), then refined by every agreeing copy to the most specific type; a
/// disagreeing copy is reported (a warning when it is a structured copy). A copy without a
/// method line (a leftover of an older run) never refines the type current copies give (its
/// link to a DTO, say).
fn field_type(facts: &[PageFacts], occ: &[Occurrence], name: &str, what: &str, diags: &mut Vec<Diagnostic>) -> Type {
    /// Where a type vote came from, the copy's format, and whether the copy is current.
    type Evidence = (Loc, Format, bool);
    let mut votes: Votes<Type, Evidence> = Votes::new();
    for o in occ {
        if let Some(t) = o.field.resolved_type() {
            let f = &facts[o.page];
            votes.add(t, f.weight, (o.field.at.clone(), f.p.format, f.current()));
        }
    }
    let currents = |t: &Tally<Evidence>| t.evidence.iter().filter(|e| e.2).count();
    let mut ranked: Vec<(&Type, &Tally<Evidence>)> = votes.iter().collect();
    ranked.sort_by(|(a, x), (b, y)| {
        y.weight
            .cmp(&x.weight)
            .then_with(|| currents(y).cmp(&currents(x)))
            .then_with(|| b.specificity().cmp(&a.specificity()))
            .then_with(|| a.cmp(b))
    });
    let Some(((first, won), rest)) = ranked.split_first() else {
        return Type::Any;
    };
    let mut ty = (*first).clone();
    let ty_at = &won.evidence[0].0;
    let current_says = currents(won) > 0;
    for (t, tally) in rest {
        let (at, fmt, _) = &tally.evidence[0];
        match unify(&ty, t) {
            Some(u) if u != ty && current_says && currents(tally) == 0 => {
                diags.push(
                    Diagnostic::note(
                        Code::TypeConflict,
                        at.clone(),
                        format!(
                            "`{name}` in {what}: this copy (without a method line, an older run) says {}; the current copies say {}; using {}",
                            t.notation(),
                            ty.notation(),
                            ty.notation()
                        ),
                    )
                    .related(ty_at.clone(), format!("says {}", ty.notation())),
                );
            }
            Some(u) => ty = u,
            None => {
                let structured = fmt.fidelity() >= Format::Html.fidelity();
                let d = Diagnostic::new(
                    if structured { Severity::Warning } else { Severity::Note },
                    Code::TypeConflict,
                    at.clone(),
                    format!(
                        "type conflict for `{name}` in {what}: this copy says {}, most copies {}; using {}",
                        t.notation(),
                        ty.notation(),
                        ty.notation()
                    ),
                );
                diags.push(d.related(ty_at.clone(), format!("says {}", ty.notation())));
            }
        }
    }
    ty
}

/// Required: voted by weight, a tie going to required; a copy in the minority is reported.
fn required(facts: &[PageFacts], occ: &[Occurrence], name: &str, what: &str, diags: &mut Vec<Diagnostic>) -> bool {
    let mut votes: Votes<bool, &Loc> = Votes::new();
    for o in occ {
        if let Some(r) = o.field.required {
            votes.add(r, facts[o.page].weight, &o.field.at);
        }
    }
    let weight = |r: bool| votes.get(&r).map_or(0, |t| t.weight);
    let required = weight(true) >= weight(false) && weight(true) > 0;
    if let (Some(y), Some(n)) = (votes.get(&true), votes.get(&false)) {
        let (minority, majority, says) = if required {
            (n.evidence[0], y.evidence[0], "optional")
        } else {
            (y.evidence[0], n.evidence[0], "required")
        };
        let verdict = if required { "required" } else { "optional" };
        diags.push(
            Diagnostic::note(
                Code::RequiredConflict,
                minority.clone(),
                format!("`{name}` in {what} is {says} in this copy but {verdict} in most; using {verdict}"),
            )
            .related(majority.clone(), "the majority"),
        );
    }
    required
}

/// The more specific of two agreeing types; `None` when they disagree.
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    Some(match (a, b) {
        (x, y) if x == y => x.clone(),
        (Any, x) | (x, Any) => x.clone(),
        (Integer, Number) | (Number, Integer) => Number,
        (Object, Ref { name }) | (Ref { name }, Object) => Ref { name: name.clone() },
        (Ref { name: x }, Ref { name: y }) if x.eq_ignore_ascii_case(y) => Ref { name: x.clone() },
        (Array { items: x }, Array { items: y }) => Type::array(unify(x, y)?),
        _ => return None,
    })
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::group::page_facts;
    use super::super::testing::{field, page, sample};
    use super::*;
    use crate::cells::TypeCell;
    use crate::lower::PageEndpoint;
    use Type::*;

    #[test]
    fn unify_types() {
        let r = Type::reference;
        let a = Type::array;
        let cases: Vec<(Type, Type, Option<Type>)> = vec![
            (String, String, Some(String)),
            (Any, Boolean, Some(Boolean)),
            (Boolean, Any, Some(Boolean)),
            (Integer, Number, Some(Number)),
            (Number, Integer, Some(Number)),
            (Object, r("A"), Some(r("A"))),
            (r("A"), Object, Some(r("A"))),
            (r("UserDto"), r("userDto"), Some(r("UserDto"))),
            (r("A"), r("B"), None),
            (a(Any), a(r("A")), Some(a(r("A")))),
            (a(String), a(Boolean), None),
            (a(String), String, None),
            (String, Boolean, None),
        ];
        for (x, y, expected) in cases {
            assert_eq!(unify(&x, &y), expected, "{x:?} {y:?}");
        }
    }

    /// One field shown by several copies: (format, name, type, required).
    type Row<'a> = (Format, &'a str, Option<Type>, Option<bool>);

    fn reconciled(rows: &[Row]) -> (Merged, Vec<Diagnostic>) {
        let pages: Vec<PageEndpoint> = rows
            .iter()
            .enumerate()
            .map(|(k, (fmt, name, ty, req))| {
                let mut p = page(&format!("c{k}/x.md"), None, Some("x"));
                p.format = *fmt;
                let mut f = field(name);
                f.ty = ty.clone().map_or(TypeCell::Empty, TypeCell::Known);
                f.required = *req;
                p.params = vec![f];
                p
            })
            .collect();
        let facts = page_facts(&pages, &mut Vec::new());
        let occ: Vec<Occurrence> = facts
            .iter()
            .enumerate()
            .map(|(i, f)| Occurrence { page: i, field: &f.p.params[0], name: rows[i].1 })
            .collect();
        let mut diags = Vec::new();
        let m = reconcile(&facts, &occ, "parameters", &mut diags);
        (m, diags)
    }

    #[test]
    fn votes_per_fact() {
        use Format::*;
        // (rows) → (name, type, required, diagnostic codes)
        let cases: Vec<(Vec<Row>, (&str, Type, bool, Vec<Code>))> = vec![
            (vec![(Markdown, "userId", Some(String), Some(true))], ("userId", String, true, vec![])),
            (vec![(Markdown, "userId", None, None)], ("userId", Any, false, vec![])),
            // Agreeing copies refine the type.
            (
                vec![
                    (Markdown, "tags", Some(Type::array(Any)), None),
                    (TextFlat, "tags", Some(Type::array(String)), None),
                ],
                ("tags", Type::array(String), false, vec![]),
            ),
            // Weight decides a conflict; a lossy copy's conflict is a note, a structured one's a warning.
            (
                vec![(Markdown, "n", Some(String), None), (TextFlat, "n", Some(Boolean), None)],
                ("n", String, false, vec![Code::TypeConflict]),
            ),
            // Required: a tie goes to required, and the other copy is reported.
            (
                vec![(Markdown, "a", None, Some(true)), (Markdown, "a", None, Some(false))],
                ("a", Any, true, vec![Code::RequiredConflict]),
            ),
            (
                vec![(Markdown, "a", None, Some(false)), (Html, "a", None, Some(true)), (TextMd, "a", None, None)],
                ("a", Any, false, vec![Code::RequiredConflict]),
            ),
        ];
        for (rows, (name, ty, req, codes)) in cases {
            let (m, diags) = reconciled(&rows);
            assert_eq!((m.name.as_str(), &m.ty, m.required), (name, &ty, req), "{rows:?}");
            assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), codes, "{rows:?}");
        }
        let (_, diags) = reconciled(&[(Markdown, "n", Some(String), None), (TextFlat, "n", Some(Boolean), None)]);
        assert_eq!(diags[0].severity, Severity::Note);
        let (_, diags) = reconciled(&[(Markdown, "n", Some(String), None), (Html, "n", Some(Boolean), None)]);
        assert_eq!(diags[0].severity, Severity::Warning);
    }

    #[test]
    fn spelling_prefers_weighty_copies() {
        use Format::*;
        for (rows, name) in [
            (vec![(Markdown, "user_id", None, None), (Markdown, "userId", None, None)], "userId"),
            (vec![(Markdown, "user_id", None, None), (TextFlat, "userId", None, None)], "user_id"),
        ] {
            assert_eq!(reconciled(&rows).0.name, name);
        }
    }

    #[test]
    fn sample_prefers_quoted_then_structured() {
        let mk = |k: usize, fmt: Format, s: &str, quoted: bool| {
            let mut p = page(&format!("c{k}/x.md"), None, Some("x"));
            p.format = fmt;
            let mut f = field("a");
            f.sample = Some(sample(s, quoted));
            p.params = vec![f];
            p
        };
        let pages = vec![
            mk(0, Format::Markdown, "A", false),
            mk(1, Format::TextFlat, "b", true),
            mk(2, Format::Html, "c", true),
        ];
        let facts = page_facts(&pages, &mut Vec::new());
        let occ: Vec<Occurrence> =
            facts.iter().enumerate().map(|(i, f)| Occurrence { page: i, field: &f.p.params[0], name: "a" }).collect();
        assert_eq!(reconcile(&facts, &occ, "p", &mut Vec::new()).sample.as_deref(), Some("c"));
    }
}
