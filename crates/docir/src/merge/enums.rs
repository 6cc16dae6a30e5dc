//! Enums: values gathered from every copy of a field (listed values, bullets, the unquoted
//! sample structured copies print), turned into named enums linked from their fields and
//! parameters, and shared with fields of the same name that print only one value.

use super::MAX_LOCATIONS;
use super::group::PageFacts;
use super::reconcile::Occurrence;
use crate::blocks::Format;
use crate::cells::Listed;
use crate::diag::{Code, Diagnostic, Loc};
use crate::ir::{Api, Enum, EnumValue, Localized, Sourced, Type};
use crate::vocab::Locale;
use heck::ToPascalCase;
use std::collections::BTreeMap;

/// What an enum's values belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EnumTarget {
    /// A parameter of every endpoint whose request DTO is the owner.
    Param,
    /// A field of the owner DTO.
    Field,
}

/// Enum values found for one parameter or field, to be named and linked once the IR is built.
pub(super) struct EnumJob {
    /// The request DTO (for parameters) or the DTO that has the field.
    pub owner: String,
    pub field: String,
    pub values: Vec<EnumValue>,
    pub target: EnumTarget,
}

/// A field's enum values from every occurrence (best copy first): the values its description
/// lists, the unquoted sample structured copies print, and, when nothing is listed, values the
/// prose of the best copies names around that sample. Only string fields (and arrays of them)
/// have values. A list that is no set of values (examples, an open list, the parts of a
/// multi-value string, values the type contradicts, values only a minority of copies list) is
/// set aside and reported; values whose case the samples contradict take the samples' case.
/// `what` names the field in messages.
pub(super) fn collect_values(
    facts: &[PageFacts],
    occ: &[Occurrence],
    ty: &Type,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<EnumValue> {
    let mut values: Vec<EnumValue> = Vec::new();
    let enumerable = matches!(ty, Type::String)
        || matches!(ty, Type::Array { items } if **items == Type::String || **items == Type::Any);
    // Lossy copies fuse cells (`Websitehttps://…`): when a structured copy shows the field,
    // only structured copies list its values.
    let structured = |o: &&Occurrence| facts[o.page].p.format.fidelity() >= Format::Html.fidelity();
    let any_structured = occ.iter().any(|o| structured(&o));
    let listing: Vec<&Occurrence> =
        occ.iter().filter(|o| !o.field.desc.enum_values.is_empty() && (structured(o) || !any_structured)).collect();
    if !enumerable {
        if let Some(o) = listing.iter().find(|o| o.field.desc.listed == Listed::Values) {
            let listed: Vec<&str> = o.field.desc.enum_values.iter().map(|(v, _)| v.as_str()).collect();
            if !listed.iter().all(|v| fits(ty, v)) {
                diags.push(Diagnostic::warning(
                    Code::EnumRejected,
                    o.field.at.clone(),
                    format!(
                        "{what} lists values ({}) that its type {} contradicts; not an enum",
                        listed.join(", "),
                        ty.notation()
                    ),
                ));
            }
        }
        return values;
    }
    // Lists that are no set of values are reported once, by the best copy that prints them.
    for kind in [Listed::Examples, Listed::Open] {
        if let Some(o) = listing.iter().find(|o| o.field.desc.listed == kind) {
            let why = match kind {
                Listed::Examples => "introduces its values as examples",
                _ => "says the list goes on",
            };
            diags.push(Diagnostic::note(
                Code::EnumRejected,
                o.field.at.clone(),
                format!("{what}: the description {why}; the values listed are not an enum"),
            ));
        }
    }
    if listing.iter().any(|o| o.field.desc.listed != Listed::Values) {
        return values;
    }
    // A value only a minority of the copies that list values prints (an older copy, say).
    let total: usize = listing.iter().map(|o| facts[o.page].weight).sum();
    let support = |v: &str| -> usize {
        listing
            .iter()
            .filter(|o| o.field.desc.enum_values.iter().any(|(x, _)| x == v))
            .map(|o| facts[o.page].weight)
            .sum()
    };
    let mut minority: Vec<(&str, &crate::diag::Loc)> = Vec::new();
    for o in &listing {
        let locale = facts[o.page].p.locale;
        for (v, d) in &o.field.desc.enum_values {
            if support(v) * 2 < total {
                if !minority.iter().any(|(x, _)| x == v) {
                    minority.push((v, &o.field.at));
                }
                continue;
            }
            add_value(&mut values, v, d, locale, &o.field.at);
        }
    }
    if let Some((_, at)) = minority.first() {
        let names: Vec<&str> = minority.iter().map(|(v, _)| *v).collect();
        diags.push(Diagnostic::note(
            Code::EnumRejected,
            (*at).clone(),
            format!("{what}: {} listed by fewer than half of the copies that list values; left out", names.join(", ")),
        ));
    }
    follow_sample_case(occ, &mut values);
    let listed = !values.is_empty();
    for o in occ {
        let fmt = facts[o.page].p.format;
        if let Some(s) = &o.field.sample {
            if !s.quoted
                && fmt.fidelity() >= Format::Html.fidelity()
                && is_enum_sample(&s.text)
                && (listed || matches!(ty, Type::String))
            {
                add_value(&mut values, &s.text, "", facts[o.page].p.locale, &o.field.at);
            }
        }
    }
    // No bullets: the prose may list the values around the one the sample shows. Only the
    // best copies that list any are read (a lossy copy fuses or mistranslates words).
    if !listed {
        let mut seeds: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
        seeds.extend(
            occ.iter()
                .filter(|o| structured(o) || !any_structured)
                .filter_map(|o| o.field.sample.as_ref())
                .map(|s| s.text.clone())
                .filter(|s| is_enum_sample(s)),
        );
        let seeds: Vec<&str> = seeds.iter().map(String::as_str).collect();
        if !seeds.is_empty() {
            let found: Vec<(&Occurrence, Vec<String>)> = occ
                .iter()
                .filter(|o| (structured(o) || !any_structured) && o.field.desc.listed == Listed::Values)
                .map(|o| (o, crate::cells::listed_values(&o.field.desc.text, &seeds)))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            let best = found.iter().map(|(o, _)| facts[o.page].p.format.fidelity()).max();
            for (o, vs) in found.iter().filter(|(o, _)| Some(facts[o.page].p.format.fidelity()) == best) {
                for v in vs {
                    add_value(&mut values, v, "", facts[o.page].p.locale, &o.field.at);
                }
            }
        }
    }
    if let Some(o) = multi_value_sample(occ, &values) {
        diags.push(Diagnostic::note(
            Code::EnumRejected,
            o.field.at.clone(),
            format!(
                "{what}: the sample `{}` combines several listed values, so the field holds a list of them; not an enum",
                o.field.sample.as_ref().map_or("", |s| s.text.as_str())
            ),
        ));
        return Vec::new();
    }
    values
}

/// Whether a listed value can be a value of a non-string type.
fn fits(ty: &Type, v: &str) -> bool {
    match ty {
        Type::Integer => v.parse::<i64>().is_ok(),
        Type::Number => v.parse::<f64>().is_ok(),
        Type::Boolean => matches!(v, "true" | "false"),
        _ => true,
    }
}

/// A copy whose sample is several of the values separated by spaces (`openid profile`): the
/// field is a string of values, not one of them.
fn multi_value_sample<'a, 'b>(occ: &'b [Occurrence<'a>], values: &[EnumValue]) -> Option<&'b Occurrence<'a>> {
    occ.iter().find(|o| {
        o.field.sample.as_ref().is_some_and(|s| {
            let parts: Vec<&str> = s.text.split_whitespace().collect();
            parts.len() >= 2 && parts.iter().all(|p| values.iter().any(|v| v.value == *p))
        })
    })
}

/// The sample is the value as the service spells it: when a sample equals a listed value but
/// for case (`DEPARTMENT` for `department`), every listed value of that case takes the
/// sample's (all upper or all lower).
fn follow_sample_case(occ: &[Occurrence], values: &mut Vec<EnumValue>) {
    let tokens: Vec<String> = occ
        .iter()
        .filter_map(|o| o.field.sample.as_ref())
        .flat_map(|s| {
            s.text
                .trim_matches(['[', ']'])
                .split(',')
                .map(|t| t.trim().trim_matches('"').to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|t| is_enum_sample(t))
        .collect();
    let upper = |s: &str| s.chars().all(|c| !c.is_ascii_lowercase());
    let lower = |s: &str| s.chars().all(|c| !c.is_ascii_uppercase());
    for t in &tokens {
        if values.iter().any(|v| v.value == *t) {
            continue;
        }
        let Some(v) = values.iter().find(|v| v.value.eq_ignore_ascii_case(t)) else {
            continue;
        };
        let to_upper = if upper(t) && lower(&v.value) {
            true
        } else if lower(t) && upper(&v.value) {
            false
        } else {
            continue;
        };
        let mut renamed: Vec<EnumValue> = Vec::new();
        for mut v in std::mem::take(values) {
            if (to_upper && lower(&v.value)) || (!to_upper && upper(&v.value)) {
                v.value = if to_upper { v.value.to_ascii_uppercase() } else { v.value.to_ascii_lowercase() };
            }
            match renamed.iter_mut().find(|x| x.value == v.value) {
                Some(x) => x.from.extend(v.from),
                None => renamed.push(v),
            }
        }
        *values = renamed;
        return;
    }
}

/// Adds a value (or another location and description of a value already there). The first
/// description per language wins.
fn add_value(values: &mut Vec<EnumValue>, v: &str, d: &str, locale: Option<Locale>, at: &Loc) {
    let entry = match values.iter().position(|x| x.value == v) {
        Some(p) => &mut values[p],
        None => {
            values.push(EnumValue { value: v.to_owned(), description: Localized::default(), from: Vec::new() });
            values.last_mut().expect("just pushed")
        }
    };
    if !entry.from.contains(at) && entry.from.len() < MAX_LOCATIONS {
        entry.from.push(at.clone());
    }
    if !d.is_empty() {
        let slot = match locale {
            Some(Locale::En) => &mut entry.description.en,
            _ => &mut entry.description.zh,
        };
        if slot.is_none() {
            *slot = Some(Sourced::new(d.to_owned(), vec![at.clone()]));
        }
    }
}

/// An unquoted sample that can be an enum value: one token, not a number, not a boolean.
pub(super) fn is_enum_sample(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && !matches!(s, "true" | "false" | "null")
}

/// Turns collected enum values into named enums (`<Owner><Field>`) and links them from fields
/// and parameters.
pub(super) fn build_enums(api: &mut Api, jobs: Vec<EnumJob>) {
    for job in jobs {
        let name = format!("{}{}", job.owner.to_pascal_case(), job.field.to_pascal_case());
        match job.target {
            EnumTarget::Field => {
                if let Some(f) =
                    api.dtos.get_mut(&job.owner).and_then(|d| d.fields.iter_mut().find(|f| f.name == job.field))
                {
                    f.enum_ref = Some(name.clone());
                }
            }
            EnumTarget::Param => {
                for e in api.endpoints.values_mut().filter(|e| e.request_dto.value == job.owner) {
                    if let Some(p) = e.params.iter_mut().find(|p| p.name == job.field) {
                        p.enum_ref = Some(name.clone());
                    }
                }
            }
        }
        let entry = api.enums.entry(name.clone()).or_insert_with(|| Enum { name, values: Vec::new() });
        for v in job.values {
            if !entry.values.iter().any(|x| x.value == v.value) {
                entry.values.push(v);
            }
        }
    }
}

/// A field or parameter whose sample (or known values) belong to an enum documented for a
/// field of the same name elsewhere takes that enum's values: pages print only the first value
/// of an enum, the bullets appear where the field is described in full. Reported as a note.
pub(super) fn share_enums(api: &mut Api, diags: &mut Vec<Diagnostic>) {
    /// An enum documented with at least two values: its name, `Dto.field`, and its values.
    struct Source {
        enum_name: String,
        owner: String,
        values: Vec<String>,
        description: Localized,
    }
    let mut by_field: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    for d in api.dtos.values() {
        for f in &d.fields {
            if let Some(e) = f.enum_ref.as_ref().and_then(|n| api.enums.get(n)).filter(|e| e.values.len() >= 2) {
                by_field.entry(f.name.clone()).or_default().push(Source {
                    enum_name: e.name.clone(),
                    owner: format!("{}.{}", d.name, f.name),
                    values: e.values.iter().map(|v| v.value.clone()).collect(),
                    description: f.description.clone(),
                });
            }
        }
    }
    // The largest source containing every known value and described alike (ties: the first
    // by name): one name alone is no evidence that two fields are the same.
    let pick = |name: &str, own: Option<&String>, known: &[String], description: &Localized| -> Option<&Source> {
        by_field
            .get(name)?
            .iter()
            .filter(|s| Some(&s.enum_name) != own && !known.is_empty())
            .filter(|s| known.iter().all(|k| s.values.contains(k)) && s.values.len() > known.len())
            .filter(|s| same_description(&s.description, description))
            .max_by(|a, b| a.values.len().cmp(&b.values.len()).then_with(|| b.enum_name.cmp(&a.enum_name)))
    };
    let known_of = |enum_ref: &Option<String>, sample: &Option<String>| -> Vec<String> {
        match enum_ref.as_ref().and_then(|n| api.enums.get(n)) {
            Some(e) => e.values.iter().map(|v| v.value.clone()).collect(),
            None => sample.iter().filter(|s| is_enum_sample(s)).cloned().collect(),
        }
    };
    let enumerable =
        |t: &Type| matches!(t, Type::String) || matches!(t, Type::Array { items } if **items == Type::String);

    /// Where the values go: a parameter (endpoint key) or a DTO field, and the enum to fill.
    struct Job {
        target: EnumTarget,
        owner: String,
        field: String,
        enum_name: String,
        source_enum: String,
        source_owner: String,
        at: Option<Loc>,
    }
    let mut jobs = Vec::new();
    for (key, e) in &api.endpoints {
        for p in e.params.iter().filter(|p| enumerable(&p.ty)) {
            if let Some(src) = pick(&p.name, p.enum_ref.as_ref(), &known_of(&p.enum_ref, &p.sample), &p.description) {
                let default = format!("{}{}", e.request_dto.value.to_pascal_case(), p.name.to_pascal_case());
                jobs.push(Job {
                    target: EnumTarget::Param,
                    owner: key.clone(),
                    field: p.name.clone(),
                    enum_name: p.enum_ref.clone().unwrap_or(default),
                    source_enum: src.enum_name.clone(),
                    source_owner: src.owner.clone(),
                    at: p.from.first().cloned(),
                });
            }
        }
    }
    for (dname, d) in &api.dtos {
        for f in d.fields.iter().filter(|f| enumerable(&f.ty)) {
            if let Some(src) = pick(&f.name, f.enum_ref.as_ref(), &known_of(&f.enum_ref, &f.sample), &f.description) {
                let default = format!("{}{}", dname.to_pascal_case(), f.name.to_pascal_case());
                jobs.push(Job {
                    target: EnumTarget::Field,
                    owner: dname.clone(),
                    field: f.name.clone(),
                    enum_name: f.enum_ref.clone().unwrap_or(default),
                    source_enum: src.enum_name.clone(),
                    source_owner: src.owner.clone(),
                    at: f.from.first().cloned(),
                });
            }
        }
    }
    for j in jobs {
        // The source's values keep their descriptions and locations.
        let source: Vec<EnumValue> = api.enums.get(&j.source_enum).map(|e| e.values.clone()).unwrap_or_default();
        let entry = api
            .enums
            .entry(j.enum_name.clone())
            .or_insert_with(|| Enum { name: j.enum_name.clone(), values: Vec::new() });
        let mut added = Vec::new();
        for v in source {
            if !entry.values.iter().any(|x| x.value == v.value) {
                added.push(v.value.clone());
                entry.values.push(v);
            }
        }
        match j.target {
            EnumTarget::Param => {
                if let Some(p) =
                    api.endpoints.get_mut(&j.owner).and_then(|e| e.params.iter_mut().find(|p| p.name == j.field))
                {
                    p.enum_ref = Some(j.enum_name.clone());
                }
            }
            EnumTarget::Field => {
                if let Some(f) =
                    api.dtos.get_mut(&j.owner).and_then(|d| d.fields.iter_mut().find(|f| f.name == j.field))
                {
                    f.enum_ref = Some(j.enum_name.clone());
                }
            }
        }
        if let Some(at) = j.at {
            diags.push(Diagnostic::note(
                Code::EnumShared,
                at,
                format!(
                    "`{}` takes the values of `{}` (same field name and description, its documented value is one of them): added {}",
                    j.field,
                    j.source_owner,
                    added.join(", ")
                ),
            ));
        }
    }
}

/// Two fields described alike: the same text in some language before any list of values
/// (spacing and trailing punctuation aside).
fn same_description(a: &Localized, b: &Localized) -> bool {
    let norm = |s: &Option<Sourced<String>>| {
        s.as_ref().map(|s| {
            s.value
                .lines()
                .take_while(|l| !l.trim_start().starts_with(['-', '*']))
                .flat_map(str::split_whitespace)
                .collect::<Vec<_>>()
                .join(" ")
                .trim_end_matches(['。', '.', '，', ',', '：', ':'])
                .to_owned()
        })
    };
    let same = |x: Option<String>, y: Option<String>| matches!((x, y), (Some(x), Some(y)) if !x.is_empty() && x == y);
    same(norm(&a.zh), norm(&b.zh)) || same(norm(&a.en), norm(&b.en))
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::group::page_facts;
    use super::super::testing::{dto, endpoint, field, ir_field, ir_param, page, sample};
    use super::*;
    use crate::lower::PageEndpoint;

    #[test]
    fn enum_samples() {
        for (s, ok) in [
            ("EMAIL_PASSCODE", true),
            ("zh-CN", true),
            ("a.b:c", true),
            ("", false),
            ("123", false),
            ("true", false),
            ("null", false),
            ("two words", false),
            ("引号", false),
        ] {
            assert_eq!(is_enum_sample(s), ok, "{s}");
        }
        assert!(!is_enum_sample(&"a".repeat(65)));
    }

    /// One copy of a field: (format, locale, listed values, sample, description text).
    type Copy<'a> = (Format, Locale, &'a [(&'a str, &'a str)], Option<(&'a str, bool)>, &'a str);

    fn values(ty: Type, copies: &[Copy]) -> Vec<(String, Option<String>, Option<String>)> {
        let pages: Vec<PageEndpoint> = copies
            .iter()
            .enumerate()
            .map(|(k, (fmt, locale, listed, s, text))| {
                let mut p = page(&format!("c{k}/x.md"), None, Some("x"));
                p.format = *fmt;
                p.locale = Some(*locale);
                let mut f = field("kind");
                f.desc.enum_values = listed.iter().map(|(v, d)| (v.to_string(), d.to_string())).collect();
                f.desc.text = text.to_string();
                f.sample = s.map(|(t, q)| sample(t, q));
                p.params = vec![f];
                p
            })
            .collect();
        let facts = page_facts(&pages, &mut Vec::new());
        let occ: Vec<Occurrence> = facts
            .iter()
            .enumerate()
            .map(|(i, f)| Occurrence { page: i, field: &f.p.params[0], name: "kind" })
            .collect();
        collect_values(&facts, &occ, &ty, "`kind`", &mut Vec::new())
            .into_iter()
            .map(|v| {
                let d = |s: Option<Sourced<String>>| s.map(|s| s.value);
                (v.value, d(v.description.zh), d(v.description.en))
            })
            .collect()
    }

    #[test]
    fn values_from_every_copy() {
        use Format::*;
        let v =
            |s: &str, zh: Option<&str>, en: Option<&str>| (s.to_owned(), zh.map(str::to_owned), en.map(str::to_owned));
        let cases: Vec<(Type, Vec<Copy>, Vec<(String, Option<String>, Option<String>)>)> = vec![
            // Listed values, described per language by the first copy that describes them.
            (
                Type::String,
                vec![
                    (Markdown, Locale::Zh, &[("A", "甲"), ("B", "")], None, ""),
                    (Markdown, Locale::En, &[("B", "bee"), ("A", "a")], None, ""),
                ],
                vec![v("A", Some("甲"), Some("a")), v("B", None, Some("bee"))],
            ),
            // Not a string: no values.
            (Type::Integer, vec![(Markdown, Locale::Zh, &[("A", "")], None, "")], vec![]),
            // The unquoted sample of a structured copy is a value; a text copy's is not.
            (Type::String, vec![(Html, Locale::En, &[], Some(("EMAIL", false)), "")], vec![v("EMAIL", None, None)]),
            (Type::String, vec![(TextFlat, Locale::En, &[], Some(("EMAIL", false)), "")], vec![]),
            (Type::String, vec![(Markdown, Locale::En, &[], Some(("EMAIL", true)), "")], vec![]),
            // No list: the prose names the values around the sample.
            (
                Type::String,
                vec![(Markdown, Locale::En, &[], Some(("EMAIL", false)), "可选：EMAIL、PHONE")],
                vec![v("EMAIL", None, None), v("PHONE", None, None)],
            ),
        ];
        for (ty, copies, expected) in cases {
            assert_eq!(values(ty.clone(), &copies), expected, "{ty:?} {copies:?}");
        }
    }

    /// Values and diagnostic codes for a field whose copies print these description cells
    /// (Markdown) and samples.
    fn from_cells(ty: Type, copies: &[(Format, &str, Option<(&str, bool)>)]) -> (Vec<String>, Vec<Code>) {
        let pages: Vec<PageEndpoint> = copies
            .iter()
            .enumerate()
            .map(|(k, (fmt, cell, s))| {
                let mut p = page(&format!("c{k}/x.md"), None, Some("x"));
                p.format = *fmt;
                p.locale = Some(Locale::Zh);
                let mut f = field("kind");
                f.desc = crate::cells::description(&crate::read::inline_md::inline_of(cell), false);
                f.sample = s.map(|(t, q)| sample(t, q));
                p.params = vec![f];
                p
            })
            .collect();
        let facts = page_facts(&pages, &mut Vec::new());
        let occ: Vec<Occurrence> = facts
            .iter()
            .enumerate()
            .map(|(i, f)| Occurrence { page: i, field: &f.p.params[0], name: "kind" })
            .collect();
        let mut diags = Vec::new();
        let values = collect_values(&facts, &occ, &ty, "`kind`", &mut diags);
        (values.into_iter().map(|v| v.value).collect(), diags.into_iter().map(|d| d.code).collect())
    }

    #[test]
    fn lists_that_are_no_enum() {
        use Format::*;
        let bullets = "类型：<br>- `A`: 甲<br>- `B`: 乙";
        let cases: Vec<(Type, Vec<(Format, &str, Option<(&str, bool)>)>, (&[&str], &[Code]))> = vec![
            (Type::String, vec![(Markdown, bullets, None)], (&["A", "B"], &[])),
            // Examples: introduced as such, or ending in 等.
            (
                Type::String,
                vec![(Markdown, "类型，如：<br>- `A`: 甲<br>- `B`: 乙", None)],
                (&[], &[Code::EnumRejected]),
            ),
            (
                Type::String,
                vec![(Markdown, "Kind, such as:<br>- `A`: a<br>- `B`: b", None)],
                (&[], &[Code::EnumRejected]),
            ),
            (Type::String, vec![(Markdown, "类型，比如 A、B 等", Some(("A", false)))], (&["A"], &[])),
            // An open list.
            (
                Type::String,
                vec![(Markdown, "字段：<br>- `a`: 甲<br>- `b`: 乙<br>- ... 其他字段", None)],
                (&[], &[Code::EnumRejected]),
            ),
            // The sample combines values: a space-separated string of them.
            (
                Type::String,
                vec![(Markdown, "权限：<br>- `openid`: 必须<br>- `profile`: 资料", Some(("openid profile", true)))],
                (&[], &[Code::EnumRejected]),
            ),
            // The type contradicts the values: a warning, no enum.
            (Type::Integer, vec![(Markdown, bullets, None)], (&[], &[Code::EnumRejected])),
            (Type::Integer, vec![(Markdown, "状态：<br>- `0`: 关<br>- `1`: 开", None)], (&[], &[])),
            // The sample spells the values in upper case.
            (
                Type::String,
                vec![(Markdown, "对象：<br>- `department`: 部门<br>- `user`: 用户", Some(("DEPARTMENT", false)))],
                (&["DEPARTMENT", "USER"], &[]),
            ),
            // A value only a minority of the copies list (an older copy) is left out.
            (
                Type::String,
                vec![
                    (Markdown, bullets, None),
                    (Markdown, bullets, None),
                    (Markdown, "类型：<br>- `A`: 甲<br>- `C`: 丙", None),
                ],
                (&["A", "B"], &[Code::EnumRejected]),
            ),
            // A lossy copy lists nothing when a structured copy shows the field.
            (
                Type::String,
                vec![(Markdown, "网站", None), (TextFlat, "网站<br>- Websitehttps://example.com", None)],
                (&[], &[]),
            ),
            // A gloss is no value.
            (
                Type::String,
                vec![(Markdown, "状态：PUSHED (pushed)、EXPIRED (expired)", Some(("PUSHED", false)))],
                (&["PUSHED", "EXPIRED"], &[]),
            ),
        ];
        for (ty, copies, (values, codes)) in cases {
            let got = from_cells(ty.clone(), &copies);
            assert_eq!(
                (got.0.as_slice(), got.1.as_slice()),
                (values.iter().map(|s| s.to_string()).collect::<Vec<_>>().as_slice(), codes),
                "{ty:?} {copies:?}"
            );
        }
    }

    #[test]
    fn builds_and_links_enums() {
        let mut api = Api::default();
        api.dtos.insert("UserDto".into(), dto("UserDto", vec![ir_field("gender")]));
        api.endpoints.insert("a/x".into(), endpoint("XDto", vec![ir_param("kind")]));
        let value = |s: &str| EnumValue { value: s.into(), description: Localized::default(), from: vec![] };
        let jobs = vec![
            EnumJob {
                owner: "UserDto".into(),
                field: "gender".into(),
                values: vec![value("M"), value("F")],
                target: EnumTarget::Field,
            },
            EnumJob { owner: "XDto".into(), field: "kind".into(), values: vec![value("A")], target: EnumTarget::Param },
            // A second job for the same enum adds only new values.
            EnumJob {
                owner: "XDto".into(),
                field: "kind".into(),
                values: vec![value("A"), value("B")],
                target: EnumTarget::Param,
            },
        ];
        build_enums(&mut api, jobs);
        let names: Vec<(&str, Vec<&str>)> = api
            .enums
            .values()
            .map(|e| (e.name.as_str(), e.values.iter().map(|v| v.value.as_str()).collect()))
            .collect();
        assert_eq!(names, [("UserDtoGender", vec!["M", "F"]), ("XDtoKind", vec!["A", "B"])]);
        assert_eq!(api.dtos["UserDto"].fields[0].enum_ref.as_deref(), Some("UserDtoGender"));
        assert_eq!(api.endpoints["a/x"].params[0].enum_ref.as_deref(), Some("XDtoKind"));
    }

    #[test]
    fn shares_enums_by_field_name_and_description() {
        let mut api = Api::default();
        let value = |s: &str| EnumValue { value: s.into(), description: Localized::default(), from: vec![] };
        let zh = |s: &str| Localized { zh: Some(Sourced::new(s.to_owned(), vec![])), en: None };
        let mut full = ir_field("channel");
        full.enum_ref = Some("ADtoChannel".into());
        full.description = zh("发送渠道：\n- SMS: 短信\n- EMAIL: 邮件");
        api.enums.insert(
            "ADtoChannel".into(),
            Enum { name: "ADtoChannel".into(), values: vec![value("SMS"), value("EMAIL")] },
        );
        api.dtos.insert("ADto".into(), dto("ADto", vec![full]));
        // (key, sample, description) → shared?
        let cases = [
            ("m/one", "EMAIL", "发送渠道", true),
            ("m/other", "FAX", "发送渠道", false),
            ("m/prose", "EMAIL", "渠道，比如 EMAIL 等", false),
        ];
        for (key, sample, desc, _) in cases {
            let mut p = ir_param("channel");
            p.sample = Some(sample.into());
            p.description = zh(desc);
            api.endpoints.insert(key.into(), endpoint(&format!("{}Dto", &key[2..]), vec![p]));
        }
        let mut diags = Vec::new();
        share_enums(&mut api, &mut diags);
        // The sample is one of the documented values and the field is described alike: shared.
        for (key, _, _, shared) in cases {
            assert_eq!(api.endpoints[key].params[0].enum_ref.is_some(), shared, "{key}");
        }
        assert_eq!(api.enums["OneDtoChannel"].values.len(), 2);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::EnumShared);
    }
}
