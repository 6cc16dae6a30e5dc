//! Links between types: every `Ref` must name a DTO; a link whose case differs is fixed, a
//! missing one reported (the SDK makes it a free-form JSON value).

use crate::diag::{Code, Diagnostic, Loc};
use crate::ir::{Api, Type};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Fixes or reports every `Ref` in parameters, response data and DTO fields.
pub(super) fn check_refs(api: &mut Api, diags: &mut Vec<Diagnostic>) {
    let by_lower: HashMap<String, String> = api.dtos.keys().map(|k| (k.to_ascii_lowercase(), k.clone())).collect();
    let known: BTreeSet<String> = api.dtos.keys().cloned().collect();
    let mut missing: BTreeMap<String, Loc> = BTreeMap::new();
    let mut fix = |t: &mut Type, at: Option<&Loc>| {
        fix_type(t, &known, &by_lower, &mut |name| {
            if let Some(at) = at {
                missing.entry(name.to_owned()).or_insert_with(|| at.clone());
            }
        })
    };
    for e in api.endpoints.values_mut() {
        for p in &mut e.params {
            let at = p.from.first().cloned();
            fix(&mut p.ty, at.as_ref());
        }
        if let Some(r) = &mut e.response {
            let at = r.from.first().cloned();
            if let Some(d) = &mut r.data {
                fix(d, at.as_ref());
            }
        }
    }
    for d in api.dtos.values_mut() {
        for f in &mut d.fields {
            let at = f.from.first().cloned();
            fix(&mut f.ty, at.as_ref());
        }
    }
    for (name, at) in missing {
        diags.push(Diagnostic::warning(
            Code::MissingDto,
            at,
            format!("type `{name}` links to a DTO that no page defines; it is generated as a free-form JSON value"),
        ));
    }
}

/// Points `t`'s `Ref`s at the DTO of that name, matching case-insensitively; calls `missing`
/// with the name of each `Ref` no DTO has.
fn fix_type(t: &mut Type, known: &BTreeSet<String>, by_lower: &HashMap<String, String>, missing: &mut dyn FnMut(&str)) {
    match t {
        Type::Ref { name } if !known.contains(name.as_str()) => match by_lower.get(&name.to_ascii_lowercase()) {
            Some(real) => *name = real.clone(),
            None => missing(name),
        },
        Type::Array { items } => fix_type(items, known, by_lower, missing),
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::testing::dto;
    use super::*;

    #[test]
    fn fixes_case_and_reports_missing() {
        let r = Type::reference;
        let a = Type::array;
        let known: BTreeSet<String> = ["UserDto".to_owned()].into();
        let by_lower: HashMap<String, String> = [("userdto".to_owned(), "UserDto".to_owned())].into();
        // (type, fixed type, missing names)
        let cases: Vec<(Type, Type, Vec<&str>)> = vec![
            (r("UserDto"), r("UserDto"), vec![]),
            (r("userDTO"), r("UserDto"), vec![]),
            (a(a(r("userdto"))), a(a(r("UserDto"))), vec![]),
            (r("RoleDto"), r("RoleDto"), vec!["RoleDto"]),
            (a(r("RoleDto")), a(r("RoleDto")), vec!["RoleDto"]),
            (Type::String, Type::String, vec![]),
        ];
        for (mut t, fixed, missing) in cases {
            let mut seen = Vec::new();
            fix_type(&mut t, &known, &by_lower, &mut |n| seen.push(n.to_owned()));
            assert_eq!((t, seen), (fixed, missing.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
        }
    }

    #[test]
    fn one_warning_per_missing_dto() {
        let mut api = Api::default();
        let mut d = dto("ADto", vec![]);
        for (name, ty) in
            [("a", Type::reference("BDto")), ("b", Type::reference("bdto")), ("c", Type::reference("Gone"))]
        {
            let mut f = super::super::testing::ir_field(name);
            f.ty = ty;
            d.fields.push(f);
        }
        api.dtos.insert("ADto".into(), d);
        api.dtos.insert("BDto".into(), dto("BDto", vec![]));
        let mut diags = Vec::new();
        check_refs(&mut api, &mut diags);
        let tys: Vec<Type> = api.dtos["ADto"].fields.iter().map(|f| f.ty.clone()).collect();
        assert_eq!(tys, [Type::reference("BDto"), Type::reference("BDto"), Type::reference("Gone")]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::MissingDto);
    }
}
