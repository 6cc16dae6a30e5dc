//! Several copies of one table (a request table, or a DTO) → one list of fields: names lost in
//! lossy copies are recovered (see `recover`), rows are matched across copies by name, the
//! fields most copies have are kept (the differences reported), and each kept field is
//! reconciled from its occurrences (see `reconcile`).

use super::group::PageFacts;
use super::reconcile::{Merged, Occurrence, reconcile};
use super::recover::recover_names;
use crate::diag::{Code, Diagnostic, Loc};
use crate::lower::{RawField, compact};
use std::collections::{BTreeSet, HashMap};

/// One copy of a table: the page it is on, its rows, and where it starts.
pub(super) struct Table<'a> {
    /// Index of the page in the page facts.
    pub page: usize,
    pub fields: Vec<&'a RawField>,
    pub at: Loc,
}

/// How rows of different copies are recognised as one field.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum FieldKey {
    /// The compacted name: `pass_code`, `passCode` and `PassCode` are one field.
    Compact(String),
    /// The exact name, where one table has two spellings of one compacted name (they are then
    /// two fields), or the name compacts to nothing.
    Exact(String),
}

impl FieldKey {
    /// The keys of one table's names (`None` for a row whose name was lost for good).
    pub fn of_table(names: &[Option<String>]) -> Vec<Option<FieldKey>> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for n in names.iter().flatten() {
            *seen.entry(compact(n)).or_default() += 1;
        }
        names
            .iter()
            .map(|n| {
                n.as_ref().map(|n| {
                    let c = compact(n);
                    if c.is_empty() || seen.get(&c).copied().unwrap_or(0) > 1 {
                        FieldKey::Exact(n.clone())
                    } else {
                        FieldKey::Compact(c)
                    }
                })
            })
            .collect()
    }
}

/// Reconciles the rows of several copies of one table. `what` names the table in messages
/// (`parameters of \`authentication/bind-email\``).
pub(super) fn merge_fields(
    facts: &[PageFacts],
    tables: &[Table],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Merged> {
    if tables.is_empty() {
        return Vec::new();
    }
    // Tables ordered best-first: structured formats, then file name.
    let mut order: Vec<usize> = (0..tables.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (facts[tables[a].page].p.format.fidelity(), facts[tables[b].page].p.format.fidelity());
        fb.cmp(&fa).then_with(|| tables[a].at.cmp(&tables[b].at))
    });

    let names = recover_names(facts, tables, &order, what, diags);
    let key_of: Vec<Vec<Option<FieldKey>>> = names.iter().map(|n| FieldKey::of_table(n)).collect();

    // Fields in the order the best copies give them, with the copies that have each.
    let mut keys_in_order: Vec<&FieldKey> = Vec::new();
    let mut presence: HashMap<&FieldKey, BTreeSet<usize>> = HashMap::new();
    for &t in &order {
        for k in key_of[t].iter().flatten() {
            let copies = presence.entry(k).or_default();
            if copies.is_empty() {
                keys_in_order.push(k);
            }
            copies.insert(t);
        }
    }
    // A field is kept when at least half the copies have it; the others are reported below.
    let n_tables = tables.len();
    let kept: Vec<&FieldKey> = keys_in_order.into_iter().filter(|k| presence[k].len() * 2 >= n_tables).collect();
    if n_tables > 1 {
        report_set_differences(tables, &order, &names, &key_of, &kept, what, diags);
    }

    // Every field's occurrences, best copy first, gathered in one pass over the tables.
    let mut occurrences: HashMap<&FieldKey, Vec<Occurrence>> = kept.iter().map(|k| (*k, Vec::new())).collect();
    for &t in &order {
        for (fi, f) in tables[t].fields.iter().enumerate() {
            if let Some(list) = key_of[t][fi].as_ref().and_then(|k| occurrences.get_mut(k)) {
                list.push(Occurrence { page: tables[t].page, field: f, name: names[t][fi].as_deref().unwrap_or("") });
            }
        }
    }
    kept.iter().map(|k| reconcile(facts, &occurrences[k], what, diags)).collect()
}

/// Parameter-set differences: one diagnostic per copy that has fields most copies lack, or
/// lacks fields most copies have.
fn report_set_differences(
    tables: &[Table],
    order: &[usize],
    names: &[Vec<Option<String>>],
    key_of: &[Vec<Option<FieldKey>>],
    kept: &[&FieldKey],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let kept_set: BTreeSet<&FieldKey> = kept.iter().copied().collect();
    let reference = order.iter().copied().find(|&t| {
        let ks: BTreeSet<&FieldKey> = key_of[t].iter().flatten().collect();
        ks == kept_set
    });
    for &t in order {
        let ks: BTreeSet<&FieldKey> = key_of[t].iter().flatten().collect();
        let extra: Vec<&str> = names[t]
            .iter()
            .zip(&key_of[t])
            .filter(|(_, k)| k.as_ref().is_some_and(|k| !kept_set.contains(k)))
            .filter_map(|(n, _)| n.as_deref())
            .collect();
        let missing: Vec<&FieldKey> = kept.iter().copied().filter(|k| !ks.contains(k)).collect();
        if extra.is_empty() && missing.is_empty() {
            continue;
        }
        let mut msg = format!("{what} differ between copies:");
        if !extra.is_empty() {
            msg.push_str(&format!(
                " this copy also has {} (most copies do not; left out)",
                extra.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        if !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().map(|k| display_name(k, names, key_of)).collect();
            msg.push_str(&format!(
                " this copy lacks {}",
                shown.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        let mut d = Diagnostic::warning(Code::ParamSetDiffers, tables[t].at.clone(), msg);
        if let Some(r) = reference {
            d = d.related(tables[r].at.clone(), "a copy with the merged set");
        }
        diags.push(d);
    }
}

/// A field's name as the first copy that has it spells it.
fn display_name<'a>(key: &'a FieldKey, names: &'a [Vec<Option<String>>], key_of: &[Vec<Option<FieldKey>>]) -> &'a str {
    for (t, ks) in key_of.iter().enumerate() {
        for (i, k) in ks.iter().enumerate() {
            if k.as_ref() == Some(key) {
                if let Some(n) = &names[t][i] {
                    return n;
                }
            }
        }
    }
    match key {
        FieldKey::Compact(n) | FieldKey::Exact(n) => n,
    }
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::group::page_facts;
    use super::super::testing::{field, page};
    use super::*;
    use crate::blocks::Format;
    use crate::lower::PageEndpoint;

    #[test]
    fn field_keys() {
        use FieldKey::*;
        let k = |s: &str| Some(Compact(s.to_owned()));
        let e = |s: &str| Some(Exact(s.to_owned()));
        let cases: &[(&[Option<&str>], Vec<Option<FieldKey>>)] = &[
            (&[Some("passCode"), Some("user_id")], vec![k("passcode"), k("userid")]),
            // Two spellings of one name in one table: two fields, kept apart by exact name.
            (&[Some("userId"), Some("user_id"), Some("x")], vec![e("userId"), e("user_id"), k("x")]),
            // Nothing left after compacting.
            (&[Some("名称"), None], vec![e("名称"), None]),
        ];
        for (names, expected) in cases {
            let names: Vec<Option<String>> = names.iter().map(|n| n.map(str::to_owned)).collect();
            assert_eq!(&FieldKey::of_table(&names), expected, "{names:?}");
        }
    }

    /// Each copy: (format, field names) → (merged names in order, set-difference warnings).
    fn merged(copies: &[(Format, &[&str])]) -> (Vec<String>, Vec<String>) {
        let pages: Vec<PageEndpoint> = copies
            .iter()
            .enumerate()
            .map(|(k, (fmt, names))| {
                let mut p = page(&format!("c{k}/x.md"), None, Some("x"));
                p.format = *fmt;
                p.params = names.iter().map(|n| field(n)).collect();
                p
            })
            .collect();
        let facts = page_facts(&pages, &mut Vec::new());
        let tables: Vec<Table> = facts
            .iter()
            .enumerate()
            .map(|(i, f)| Table { page: i, fields: f.p.params.iter().collect(), at: f.p.at.clone() })
            .collect();
        let mut diags = Vec::new();
        let m = merge_fields(&facts, &tables, "parameters", &mut diags);
        let warnings = diags.iter().filter(|d| d.code == Code::ParamSetDiffers).map(|d| d.message.clone()).collect();
        (m.into_iter().map(|m| m.name).collect(), warnings)
    }

    #[test]
    fn fields_most_copies_have() {
        use Format::*;
        let cases: &[(&[(Format, &[&str])], &[&str], &[&str])] = &[
            (&[], &[], &[]),
            (&[(Markdown, &["a", "b"])], &["a", "b"], &[]),
            // Order from the best copy; spellings matched across copies by compacted name.
            (&[(TextFlat, &["b", "a_b"]), (Markdown, &["aB", "b"])], &["aB", "b"], &[]),
            // Kept when at least half the copies have it.
            (
                &[(Markdown, &["a", "b"]), (Html, &["a"]), (TextMd, &["a", "c"])],
                &["a"],
                &[
                    "parameters differ between copies: this copy also has `b` (most copies do not; left out)",
                    "parameters differ between copies: this copy also has `c` (most copies do not; left out)",
                ],
            ),
            (
                &[(Markdown, &["a", "b"]), (Html, &["a", "b"]), (TextMd, &["a"])],
                &["a", "b"],
                &["parameters differ between copies: this copy lacks `b`"],
            ),
        ];
        for (copies, names, warnings) in cases {
            let (got, diags) = merged(copies);
            assert_eq!(got, *names, "{copies:?}");
            assert_eq!(diags, *warnings, "{copies:?}");
        }
    }
}
