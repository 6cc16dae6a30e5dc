//! Identical enums become one type: the pages name an enum after the DTO and field that hold it
//! (`CreateWidgetDtoKind`, `WidgetDtoKind`), so one concept documented on many DTOs would be as
//! many types. Enums with the same set of values on fields of the same name are merged into one,
//! named after the field (`Kind`), and each merge is reported.

use super::names;
use docir::diag::{Code, Diagnostic, Loc};
use docir::ir::{Api, Enum, EnumValue, Localized, Type};
use std::collections::{BTreeMap, BTreeSet};

/// The API with identical enums merged: members are removed, the shared enum is added and every
/// `enum_ref` points to it. `taken` holds type names the generated code uses itself.
pub fn merge(api: &Api, taken: &[&str], diags: &mut Vec<Diagnostic>) -> Api {
    // The field names each enum is used on.
    let mut fields_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in api.endpoints.values() {
        for p in &e.params {
            if let Some(r) = &p.enum_ref {
                fields_of.entry(r).or_default().insert(&p.name);
            }
        }
    }
    for d in api.dtos.values() {
        for f in &d.fields {
            if let Some(r) = &f.enum_ref {
                fields_of.entry(r).or_default().insert(&f.name);
            }
        }
    }
    // (field name, value set) → enums. An enum used on several field names goes by the first.
    let mut groups: BTreeMap<(&str, BTreeSet<&str>), Vec<&str>> = BTreeMap::new();
    for (name, fields) in &fields_of {
        let Some(en) = api.enums.get(*name) else { continue };
        let values: BTreeSet<&str> = en.values.iter().map(|v| v.value.as_str()).collect();
        if values.is_empty() {
            continue;
        }
        let field = fields.iter().next().copied().unwrap_or_default();
        groups.entry((field, values)).or_default().push(name);
    }
    groups.retain(|_, members| members.len() > 1);
    if groups.is_empty() {
        return api.clone();
    }

    // The shared name: the field's name as a type, unless another type or another group has it.
    let mut wanted: BTreeMap<String, usize> = BTreeMap::new();
    for (field, _) in groups.keys() {
        *wanted.entry(names::pascal(field, "Value").ident).or_default() += 1;
    }
    let merged: BTreeSet<&str> = groups.values().flatten().copied().collect();
    let exists =
        |n: &str| taken.contains(&n) || api.dtos.contains_key(n) || (api.enums.contains_key(n) && !merged.contains(n));
    let mut out = api.clone();
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    for ((field, values), members) in &groups {
        let plain = names::pascal(field, "Value").ident;
        let name = if wanted[&plain] == 1 && !exists(&plain) && names::is_ident(&plain) {
            plain
        } else {
            members[0].to_string()
        };
        // Values in the first member's order; each keeps the first description any member gives.
        let first = &api.enums[members[0]];
        let shared = Enum {
            name: name.clone(),
            values: first
                .values
                .iter()
                .map(|v| EnumValue {
                    value: v.value.clone(),
                    description: members
                        .iter()
                        .filter_map(|m| api.enums[*m].values.iter().find(|x| x.value == v.value))
                        .map(|x| x.description.clone())
                        .find(|d| !d.is_empty())
                        .unwrap_or_else(Localized::default),
                    from: members
                        .iter()
                        .filter_map(|m| api.enums[*m].values.iter().find(|x| x.value == v.value))
                        .flat_map(|x| x.from.iter().cloned())
                        .collect(),
                })
                .collect(),
        };
        let at =
            first.values.iter().find_map(|v| v.from.first().cloned()).unwrap_or_else(|| Loc::new(&"<ir>".into(), 0));
        diags.push(Diagnostic::note(
            Code::EnumMerged,
            at,
            format!(
                "{} enums have the values {} on fields named `{field}`: one type `{name}` ({})",
                members.len(),
                values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "),
                members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
            ),
        ));
        for m in members {
            out.enums.remove(*m);
            rename.insert(m.to_string(), name.clone());
        }
        out.enums.insert(name, shared);
    }
    let re = |r: &mut Option<String>| {
        if let Some(n) = r.as_ref().and_then(|n| rename.get(n)) {
            *r = Some(n.clone());
        }
    };
    for e in out.endpoints.values_mut() {
        for p in &mut e.params {
            re(&mut p.enum_ref);
            retype(&mut p.ty, &rename);
        }
        if let Some(t) = e.response.as_mut().and_then(|r| r.data.as_mut()) {
            retype(t, &rename);
        }
    }
    for d in out.dtos.values_mut() {
        for f in &mut d.fields {
            re(&mut f.enum_ref);
            retype(&mut f.ty, &rename);
        }
    }
    out
}

/// Points references to merged enums at the shared one.
fn retype(ty: &mut Type, rename: &BTreeMap<String, String>) {
    match ty {
        Type::Ref { name } => {
            if let Some(n) = rename.get(name) {
                *name = n.clone();
            }
        }
        Type::Array { items } => retype(items, rename),
        _ => {}
    }
}
