//! Enums: values gathered from every copy of a field (listed values, bullets, the unquoted
//! sample structured copies print), turned into named enums linked from their fields and
//! parameters, and shared with fields of the same name that print only one value.

use super::MAX_LOCATIONS;
use super::group::PageFacts;
use super::reconcile::Occurrence;
use crate::blocks::Format;
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
/// prose names around that sample. Only string fields (and arrays of them) have values.
pub(super) fn collect_values(facts: &[PageFacts], occ: &[Occurrence], ty: &Type) -> Vec<EnumValue> {
    let mut values: Vec<EnumValue> = Vec::new();
    let enumerable = matches!(ty, Type::String)
        || matches!(ty, Type::Array { items } if **items == Type::String || **items == Type::Any);
    if !enumerable {
        return values;
    }
    for o in occ {
        let locale = facts[o.page].p.locale;
        for (v, d) in &o.field.desc.enum_values {
            add_value(&mut values, v, d, locale, &o.field.at);
        }
    }
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
    // No bullets: the prose may list the values around the one the sample shows.
    if !listed {
        let mut seeds: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
        seeds.extend(
            occ.iter().filter_map(|o| o.field.sample.as_ref()).map(|s| s.text.clone()).filter(|s| is_enum_sample(s)),
        );
        let seeds: Vec<&str> = seeds.iter().map(String::as_str).collect();
        if !seeds.is_empty() {
            for o in occ {
                for v in crate::cells::listed_values(&o.field.desc.text, &seeds) {
                    add_value(&mut values, &v, "", facts[o.page].p.locale, &o.field.at);
                }
            }
        }
    }
    values
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
    }
    let mut by_field: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    for d in api.dtos.values() {
        for f in &d.fields {
            if let Some(e) = f.enum_ref.as_ref().and_then(|n| api.enums.get(n)).filter(|e| e.values.len() >= 2) {
                by_field.entry(f.name.clone()).or_default().push(Source {
                    enum_name: e.name.clone(),
                    owner: format!("{}.{}", d.name, f.name),
                    values: e.values.iter().map(|v| v.value.clone()).collect(),
                });
            }
        }
    }
    // The largest source containing every known value (ties: the first by name).
    let pick = |name: &str, own: Option<&String>, known: &[String]| -> Option<&Source> {
        by_field
            .get(name)?
            .iter()
            .filter(|s| Some(&s.enum_name) != own && !known.is_empty())
            .filter(|s| known.iter().all(|k| s.values.contains(k)) && s.values.len() > known.len())
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
            if let Some(src) = pick(&p.name, p.enum_ref.as_ref(), &known_of(&p.enum_ref, &p.sample)) {
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
            if let Some(src) = pick(&f.name, f.enum_ref.as_ref(), &known_of(&f.enum_ref, &f.sample)) {
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
                    "`{}` takes the values of `{}` (same field name, its documented value is one of them): added {}",
                    j.field,
                    j.source_owner,
                    added.join(", ")
                ),
            ));
        }
    }
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
        collect_values(&facts, &occ, &ty)
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
    fn shares_enums_by_field_name() {
        let mut api = Api::default();
        let value = |s: &str| EnumValue { value: s.into(), description: Localized::default(), from: vec![] };
        let mut full = ir_field("channel");
        full.enum_ref = Some("ADtoChannel".into());
        api.enums.insert(
            "ADtoChannel".into(),
            Enum { name: "ADtoChannel".into(), values: vec![value("SMS"), value("EMAIL")] },
        );
        api.dtos.insert("ADto".into(), dto("ADto", vec![full]));
        let mut one = ir_param("channel");
        one.sample = Some("EMAIL".into());
        let mut other = ir_param("channel");
        other.sample = Some("FAX".into());
        api.endpoints.insert("m/one".into(), endpoint("OneDto", vec![one]));
        api.endpoints.insert("m/other".into(), endpoint("OtherDto", vec![other]));
        let mut diags = Vec::new();
        share_enums(&mut api, &mut diags);
        // The sample is one of the documented values: shared. A value outside it: not.
        assert_eq!(api.endpoints["m/one"].params[0].enum_ref.as_deref(), Some("OneDtoChannel"));
        assert_eq!(api.endpoints["m/other"].params[0].enum_ref, None);
        assert_eq!(api.enums["OneDtoChannel"].values.len(), 2);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::EnumShared);
    }
}
