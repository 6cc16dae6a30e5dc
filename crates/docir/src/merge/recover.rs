//! Names lost in lossy copies (a text copy whose name cell vanished) recovered from the other
//! copies of the table, else from the page's own sample code; a row no source names is dropped.

use super::fields::Table;
use super::group::PageFacts;
use crate::diag::{Code, Diagnostic, Loc};
use crate::lower::{PageEndpoint, RawField, compact};
use heck::ToLowerCamelCase;
use std::collections::BTreeSet;

/// Every table's field names, with lost names recovered where another source gives them.
/// `order` lists the tables best-first (donors are taken in that order).
pub(super) fn recover_names(
    facts: &[PageFacts],
    tables: &[Table],
    order: &[usize],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<Option<String>>> {
    let mut names: Vec<Vec<Option<String>>> =
        tables.iter().map(|t| t.fields.iter().map(|f| f.name.clone()).collect()).collect();
    for ti in 0..tables.len() {
        for fi in 0..tables[ti].fields.len() {
            if names[ti][fi].is_some() {
                continue;
            }
            let lost = tables[ti].fields[fi];
            let present: BTreeSet<String> = names[ti].iter().flatten().map(|n| compact(n)).collect();
            let mut best_donor: Option<(i32, &RawField)> = None;
            for &tj in order {
                if tj == ti {
                    continue;
                }
                for donor in &tables[tj].fields {
                    let Some(dn) = &donor.name else { continue };
                    if present.contains(&compact(dn)) {
                        continue;
                    }
                    let score = donor_score(lost, donor);
                    if score >= 3 && best_donor.is_none_or(|(s, _)| score > s) {
                        best_donor = Some((score, donor));
                    }
                }
            }
            match best_donor {
                Some((_, donor)) => {
                    let dn = donor.name.clone().unwrap_or_default();
                    diags.push(
                        Diagnostic::note(
                            Code::RowRecovered,
                            lost.at.clone().with_cell(0),
                            format!("the name cell of this row of {what} was lost in this copy; recovered `{dn}` from another copy"),
                        )
                        .related(donor.at.clone(), format!("`{dn}` here")),
                    );
                    names[ti][fi] = Some(dn);
                }
                None => match own_code_name(facts[tables[ti].page].p, lost, &present, &names[ti]) {
                    Some((name, at)) => {
                        diags.push(
                            Diagnostic::note(
                                Code::RowRecovered,
                                lost.at.clone().with_cell(0),
                                format!(
                                    "the name cell of this row of {what} was lost in this copy; recovered `{name}` from the page's own code, where it has this row's sample value"
                                ),
                            )
                            .related(at, format!("`{name}` here")),
                        );
                        names[ti][fi] = Some(name);
                    }
                    None => diags.push(Diagnostic::warning(
                        Code::RowDropped,
                        lost.at.clone().with_cell(0),
                        format!(
                            "the name cell of this row of {what} is missing and no other copy gives it; row dropped"
                        ),
                    )),
                },
            }
        }
    }
    names
}

/// A lost name from the page's own sample code or example JSON: the one key whose value is
/// this row's sample, not already a name in the table. Spelled like the table's other names
/// (a python `pass_code` becomes `passCode` in a camelCase table).
fn own_code_name(
    p: &PageEndpoint,
    lost: &RawField,
    present: &BTreeSet<String>,
    table: &[Option<String>],
) -> Option<(String, Loc)> {
    let sample = lost.sample.as_ref()?.text.trim().trim_matches(['"', '\'']);
    if sample.is_empty() {
        return None;
    }
    // One key, however often the code repeats it (a request sample and the example response
    // both print `name: 开发者`): the first place it is written.
    let mut candidates: Vec<&(String, String, Loc)> = Vec::new();
    for pair in p.code_pairs.iter().filter(|(k, v, _)| v == sample && !present.contains(&compact(k))) {
        if !candidates.iter().any(|(k, _, _)| *k == pair.0) {
            candidates.push(pair);
        }
    }
    let [(key, _, at)] = candidates.as_slice() else { return None };
    let camel_table = table.iter().flatten().any(|n| n.chars().any(|c| c.is_ascii_uppercase()))
        && !table.iter().flatten().any(|n| n.contains('_'));
    let name = if camel_table { key.to_lower_camel_case() } else { key.clone() };
    Some((name, at.clone()))
}

/// How well a row that lost its name matches a row of another copy: 3 for the same sample,
/// 3 for the same description, 1 each for the same type, position and required flag. A donor
/// needs at least 3.
fn donor_score(lost: &RawField, donor: &RawField) -> i32 {
    let mut s = 0;
    if let (Some(a), Some(b)) = (&lost.sample, &donor.sample) {
        if a.text == b.text {
            s += 3;
        }
    }
    if !lost.desc.text.is_empty() && lost.desc.text == donor.desc.text {
        s += 3;
    }
    if lost.resolved_type() == donor.resolved_type() && lost.resolved_type().is_some() {
        s += 1;
    }
    if lost.index == donor.index {
        s += 1;
    }
    if lost.required.is_some() && lost.required == donor.required {
        s += 1;
    }
    s
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::group::page_facts;
    use super::super::testing::{field, page, sample};
    use super::*;
    use crate::blocks::Format;
    use crate::cells::TypeCell;
    use crate::ir::Type;

    #[test]
    fn donor_scores() {
        let base = || {
            let mut f = field("x");
            f.index = 1;
            f
        };
        let with = |edit: &dyn Fn(&mut RawField)| {
            let mut f = base();
            edit(&mut f);
            f
        };
        let lost = with(&|f| {
            f.name = None;
            f.sample = Some(sample("abc", true));
            f.desc.text = "用户 ID".into();
            f.ty = TypeCell::Known(Type::String);
            f.required = Some(true);
        });
        let cases: Vec<(RawField, i32)> = vec![
            // Same position only.
            (base(), 1),
            (with(&|f| f.index = 2), 0),
            (with(&|f| f.sample = Some(sample("abc", false))), 4),
            (with(&|f| f.desc.text = "用户 ID".into()), 4),
            (with(&|f| f.ty = TypeCell::Known(Type::String)), 2),
            (with(&|f| f.required = Some(true)), 2),
            (
                with(&|f| {
                    f.sample = Some(sample("abc", true));
                    f.desc.text = "用户 ID".into();
                    f.ty = TypeCell::Known(Type::String);
                    f.required = Some(true);
                }),
                9,
            ),
        ];
        for (donor, score) in cases {
            assert_eq!(donor_score(&lost, &donor), score, "{donor:?}");
        }
        // An empty description matches nothing; an unknown type neither.
        let (mut a, mut b) = (field("a"), field("b"));
        a.index = 0;
        b.index = 5;
        assert_eq!(donor_score(&a, &b), 0);
    }

    #[test]
    fn names_from_own_code() {
        let lost = {
            let mut f = field("x");
            f.name = None;
            f.sample = Some(sample("\"13800000000\"", true));
            f
        };
        let mut p = page("a/x.md", None, Some("x"));
        // (code pairs, other names in the table) → recovered name
        let cases: &[(&[(&str, &str)], &[&str], Option<&str>)] = &[
            (&[("phone_number", "13800000000")], &["email"], Some("phone_number")),
            // A camelCase table spells it in camelCase.
            (&[("phone_number", "13800000000")], &["userId"], Some("phoneNumber")),
            // Already a name of the table, or two candidates: nothing.
            (&[("phone_number", "13800000000")], &["phoneNumber"], None),
            (&[("a", "13800000000"), ("b", "13800000000")], &[], None),
            // One key printed twice (request sample and example response): that key.
            (&[("mobile", "13800000000"), ("mobile", "13800000000")], &[], Some("mobile")),
            (&[("a", "1")], &[], None),
        ];
        for (pairs, others, expected) in cases {
            p.code_pairs = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string(), p.at.clone())).collect();
            let table: Vec<Option<String>> = others.iter().map(|n| Some(n.to_string())).collect();
            let present: BTreeSet<String> = others.iter().map(|n| compact(n)).collect();
            let got = own_code_name(&p, &lost, &present, &table).map(|(n, _)| n);
            assert_eq!(got.as_deref(), *expected, "{pairs:?} {others:?}");
        }
    }

    #[test]
    fn recovers_from_other_copies_or_drops() {
        let row = |name: Option<&str>, sample_text: &str, index| {
            let mut f = field(name.unwrap_or(""));
            f.name = name.map(str::to_owned);
            f.sample = Some(sample(sample_text, true));
            f.index = index;
            f
        };
        let mut good = page("a/x.md", None, Some("x"));
        good.format = Format::Markdown;
        good.params = vec![row(Some("email"), "a@b.c", 0), row(Some("code"), "1234", 1)];
        let mut lossy = page("b/x.md", None, Some("x"));
        lossy.format = Format::TextMd;
        lossy.params = vec![row(Some("email"), "a@b.c", 0), row(None, "1234", 1), row(None, "zzz", 2)];
        let pages = vec![good, lossy];
        let facts = page_facts(&pages, &mut Vec::new());
        let tables: Vec<Table> = facts
            .iter()
            .enumerate()
            .map(|(i, f)| Table { page: i, fields: f.p.params.iter().collect(), at: f.p.at.clone() })
            .collect();
        let mut diags = Vec::new();
        let names = recover_names(&facts, &tables, &[0, 1], "parameters", &mut diags);
        assert_eq!(names[1], [Some("email".to_owned()), Some("code".to_owned()), None]);
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::RowRecovered, Code::RowDropped]);
    }
}
