//! Matching two API views and classifying every difference (the rules of the README's
//! "API diff" section, one function per kind of item).
//!
//! Matching is by identity first (endpoint key, DTO and enum name, wire name), then, among what
//! is left on each side, by structure: a DTO whose fields are the same under a new name is a
//! rename, not a removal and an addition. A structural match is taken only when it is unique.

use super::view::{ApiView, DtoView, EndpointView, EnumView, Member, Ty};
use super::{Change, Kind, Severity, Shapes};
use docir::diag::Loc;
use docir::ir::ParamLocation;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

struct Ctx {
    shapes: Shapes,
    /// Old DTO or enum name → new name, for the renamed ones.
    renames: BTreeMap<String, String>,
    out: Vec<Change>,
}

/// Where a change is.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Endpoint(&'a EndpointView),
    Dto(&'a DtoView),
}

impl Ctx {
    fn rename(&self, t: &Ty) -> Ty {
        t.renamed(&|n| self.renames.get(n).cloned().unwrap_or_else(|| n.to_owned()))
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        severity: Severity,
        kind: Kind,
        endpoint: Option<&str>,
        item: String,
        message: String,
        old: Option<Value>,
        new: Option<Value>,
        at: (Option<&Loc>, Option<&Loc>),
    ) {
        let behaviour = matches!(kind, Kind::RouteChanged | Kind::ParamMoved | Kind::WireNameChanged);
        self.out.push(Change {
            severity,
            kind,
            endpoint: endpoint.map(str::to_owned),
            item,
            message,
            old,
            new,
            behaviour,
            old_at: at.0.cloned(),
            new_at: at.1.cloned(),
            group: None,
        });
    }

    /// Puts the last change in a group (see [`Change::group`]).
    fn grouped(&mut self, heading: String, member: &str) {
        if let Some(c) = self.out.last_mut() {
            c.group = Some((heading, member.to_owned()));
        }
    }
}

pub fn compare(old: &ApiView, new: &ApiView, shapes: Shapes) -> Vec<Change> {
    let mut cx = Ctx { shapes, renames: BTreeMap::new(), out: Vec::new() };
    let dtos = match_types(&old.dtos, &new.dtos, dto_signature);
    let enums = match_types(&old.enums, &new.enums, enum_signature);
    for (o, n) in dtos.pairs.iter().chain(&enums.pairs) {
        if o != n {
            cx.renames.insert(o.clone(), n.clone());
        }
    }
    clients(&mut cx, old, new);
    endpoints(&mut cx, old, new);
    for (o, n) in &dtos.pairs {
        dto(&mut cx, &old.dtos[o], &new.dtos[n]);
    }
    for o in &dtos.removed {
        let d = &old.dtos[o];
        let msg = format!("model `{}` removed", d.ident);
        cx.push(Severity::Breaking, Kind::DtoRemoved, None, o.clone(), msg, None, None, (d.at.as_ref(), None));
    }
    for n in &dtos.added {
        let d = &new.dtos[n];
        let msg = format!("model `{}` added", d.ident);
        cx.push(Severity::Minor, Kind::DtoAdded, None, n.clone(), msg, None, None, (None, d.at.as_ref()));
    }
    for (o, n) in &enums.pairs {
        enumeration(&mut cx, &old.enums[o], &new.enums[n]);
    }
    for o in &enums.removed {
        let e = &old.enums[o];
        let msg = format!("enum `{}` removed", e.ident);
        cx.push(Severity::Breaking, Kind::EnumRemoved, None, o.clone(), msg, None, None, (e.at.as_ref(), None));
    }
    for n in &enums.added {
        let e = &new.enums[n];
        let msg = format!("enum `{}` added", e.ident);
        cx.push(Severity::Minor, Kind::EnumAdded, None, n.clone(), msg, None, None, (None, e.at.as_ref()));
    }
    cx.out
}

struct Matched {
    pairs: Vec<(String, String)>,
    removed: Vec<String>,
    added: Vec<String>,
}

/// Matches by name, then the rest by a structural signature that is unique on both sides.
fn match_types<T>(old: &BTreeMap<String, T>, new: &BTreeMap<String, T>, sig: fn(&T) -> String) -> Matched {
    let mut pairs: Vec<(String, String)> =
        old.keys().filter(|k| new.contains_key(*k)).map(|k| (k.clone(), k.clone())).collect();
    let left_old: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
    let left_new: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
    let by_sig = |keys: &[&String], map: &BTreeMap<String, T>| {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for k in keys {
            m.entry(sig(&map[*k])).or_default().push((*k).clone());
        }
        m
    };
    let (so, sn) = (by_sig(&left_old, old), by_sig(&left_new, new));
    let mut taken = BTreeSet::new();
    for (s, o) in &so {
        if let (1, Some(n)) = (o.len(), sn.get(s).filter(|n| n.len() == 1)) {
            pairs.push((o[0].clone(), n[0].clone()));
            taken.insert(o[0].clone());
            taken.insert(n[0].clone());
        }
    }
    Matched {
        pairs,
        removed: left_old.into_iter().filter(|k| !taken.contains(*k)).cloned().collect(),
        added: left_new.into_iter().filter(|k| !taken.contains(*k)).cloned().collect(),
    }
}

/// A DTO's structure without names of other types: its fields' wire names, types and
/// requiredness. An empty DTO has no structure to recognise.
fn dto_signature(d: &DtoView) -> String {
    if d.fields.is_empty() {
        return format!("empty {}", d.name);
    }
    let mut f: Vec<String> =
        d.fields.iter().map(|m| format!("{}:{}:{}", m.wire, m.ty.erased().notation(), m.required)).collect();
    f.sort();
    f.join(",")
}

fn enum_signature(e: &EnumView) -> String {
    if e.values.is_empty() {
        return format!("empty {}", e.name);
    }
    e.values.keys().cloned().collect::<Vec<_>>().join(",")
}

fn clients(cx: &mut Ctx, old: &ApiView, new: &ApiView) {
    for (name, at) in &old.clients {
        if !new.clients.contains_key(name) {
            let msg = format!("client `{name}` removed");
            cx.push(Severity::Breaking, Kind::ClientRemoved, None, name.clone(), msg, None, None, (at.as_ref(), None));
        }
    }
    for (name, at) in &new.clients {
        if !old.clients.contains_key(name) {
            let msg = format!("client `{name}` added");
            cx.push(Severity::Minor, Kind::ClientAdded, None, name.clone(), msg, None, None, (None, at.as_ref()));
        }
    }
}

fn endpoints(cx: &mut Ctx, old: &ApiView, new: &ApiView) {
    let removed: Vec<&EndpointView> = old.endpoints.values().filter(|e| !new.endpoints.contains_key(&e.key)).collect();
    let added: Vec<&EndpointView> = new.endpoints.values().filter(|e| !old.endpoints.contains_key(&e.key)).collect();
    // A page renamed (new slug) still documents the same method: same client and route.
    let unique = |list: &[&EndpointView], e: &EndpointView| {
        let same: Vec<usize> =
            (0..list.len()).filter(|&i| list[i].client == e.client && list[i].route == e.route).collect();
        (same.len() == 1).then(|| same[0])
    };
    let mut rekeyed = BTreeSet::new();
    for o in &removed {
        if let Some(i) = unique(&added, o).filter(|&i| unique(&removed, added[i]).is_some()) {
            let n = added[i];
            rekeyed.insert(o.key.clone());
            rekeyed.insert(n.key.clone());
            let msg = format!("`{}` is documented under `{}` now (was `{}`)", n.name, n.key, o.key);
            cx.push(
                Severity::Patch,
                Kind::EndpointRekeyed,
                Some(&n.key),
                n.name.clone(),
                msg,
                Some(json!(o.key)),
                Some(json!(n.key)),
                (o.at.as_ref(), n.at.as_ref()),
            );
            endpoint(cx, o, n);
        }
    }
    for o in removed.iter().filter(|e| !rekeyed.contains(&e.key)) {
        let msg = format!("method `{}::{}` removed (`{}`)", o.client, o.method, o.route);
        cx.push(
            Severity::Breaking,
            Kind::EndpointRemoved,
            Some(&o.key),
            o.name.clone(),
            msg,
            Some(json!(o.route)),
            None,
            (o.at.as_ref(), None),
        );
    }
    for n in added.iter().filter(|e| !rekeyed.contains(&e.key)) {
        let msg = format!("method `{}::{}` added (`{}`)", n.client, n.method, n.route);
        cx.push(
            Severity::Minor,
            Kind::EndpointAdded,
            Some(&n.key),
            n.name.clone(),
            msg,
            None,
            Some(json!(n.route)),
            (None, n.at.as_ref()),
        );
    }
    for (k, o) in &old.endpoints {
        if let Some(n) = new.endpoints.get(k) {
            endpoint(cx, o, n);
        }
    }
}

fn endpoint(cx: &mut Ctx, o: &EndpointView, n: &EndpointView) {
    let key = Some(n.key.as_str());
    let at = (o.at.as_ref(), n.at.as_ref());
    if o.method != n.method {
        let msg = format!("method `{}::{}` renamed to `{}` (and its request struct)", n.client, o.method, n.method);
        let (old, new) = (Some(json!(o.method)), Some(json!(n.method)));
        cx.push(Severity::Breaking, Kind::MethodRenamed, key, n.name.clone(), msg, old, new, at);
    }
    if o.route != n.route {
        let msg = format!("`{}::{}` calls `{}` now (was `{}`)", n.client, n.method, n.route, o.route);
        let (old, new) = (Some(json!(o.route)), Some(json!(n.route)));
        cx.push(Severity::Patch, Kind::RouteChanged, key, n.name.clone(), msg, old, new, at);
    }
    if o.docs != n.docs {
        let msg = format!("documentation of `{}::{}` changed", n.client, n.method);
        cx.push(Severity::Patch, Kind::DocsChanged, key, n.name.clone(), msg, None, None, at);
    }
    let (old_ret, new_ret) = (o.returns.as_ref().map(|t| cx.rename(t)), n.returns.clone());
    if old_ret != new_ret {
        let show = |t: &Option<Ty>| t.as_ref().map_or("()".to_owned(), Ty::notation);
        let msg = format!("`{}::{}` returns `{}` now (was `{}`)", n.client, n.method, show(&new_ret), show(&o.returns));
        let (old, new) = (Some(json!(show(&o.returns))), Some(json!(show(&new_ret))));
        cx.push(Severity::Breaking, Kind::ResponseRetyped, key, n.name.clone(), msg, old, new, at);
    }
    let wires = |ms: &[Member]| ms.iter().map(|m| m.wire.clone()).collect::<Vec<_>>();
    match (o.params.is_empty(), n.params.is_empty()) {
        (true, false) => {
            let msg = format!("`{}::{}` takes a request argument now (new parameters)", n.client, n.method);
            let new = Some(json!(wires(&n.params)));
            cx.push(Severity::Breaking, Kind::RequestAdded, key, n.name.clone(), msg, None, new, at);
        }
        (false, true) => {
            let msg =
                format!("`{}::{}` takes no request argument any more (all parameters removed)", n.client, n.method);
            let old = Some(json!(wires(&o.params)));
            cx.push(Severity::Breaking, Kind::RequestRemoved, key, n.name.clone(), msg, old, None, at);
        }
        _ => members(cx, Owner::Endpoint(n), &o.params, &n.params),
    }
}

fn dto(cx: &mut Ctx, o: &DtoView, n: &DtoView) {
    let at = (o.at.as_ref(), n.at.as_ref());
    if o.ident != n.ident {
        let msg = format!("model `{}` renamed to `{}` (same fields)", o.ident, n.ident);
        let (old, new) = (Some(json!(o.name)), Some(json!(n.name)));
        cx.push(Severity::Breaking, Kind::DtoRenamed, None, n.name.clone(), msg, old, new, at);
    }
    match (o.input, n.input) {
        (true, false) => {
            let msg = format!("model `{}` is no longer a request input: `new` and its setters are gone", n.ident);
            cx.push(Severity::Breaking, Kind::DtoConstructorRemoved, None, n.name.clone(), msg, None, None, at);
        }
        (false, true) => {
            let msg = format!("model `{}` is a request input now: it gains `new` and setters", n.ident);
            cx.push(Severity::Minor, Kind::DtoConstructorAdded, None, n.name.clone(), msg, None, None, at);
        }
        _ => {}
    }
    members(cx, Owner::Dto(n), &o.fields, &n.fields);
}

fn enumeration(cx: &mut Ctx, o: &EnumView, n: &EnumView) {
    if o.ident != n.ident {
        let msg = format!("enum `{}` renamed to `{}` (same values)", o.ident, n.ident);
        let (old, new) = (Some(json!(o.name)), Some(json!(n.name)));
        cx.push(
            Severity::Breaking,
            Kind::EnumRenamed,
            None,
            n.name.clone(),
            msg,
            old,
            new,
            (o.at.as_ref(), n.at.as_ref()),
        );
    }
    for (v, (_, at)) in &o.values {
        if !n.values.contains_key(v) {
            let msg = format!("value `{v}` removed from enum `{}`", n.ident);
            let item = format!("{}::{v}", n.name);
            cx.push(
                Severity::Breaking,
                Kind::EnumValueRemoved,
                None,
                item,
                msg,
                Some(json!(v)),
                None,
                (at.as_ref(), None),
            );
            cx.grouped(format!("values removed from enum `{}`", n.ident), v);
        }
    }
    for (v, (doc, at)) in &n.values {
        let item = format!("{}::{v}", n.name);
        match o.values.get(v) {
            None => {
                let (sev, why) = if cx.shapes.enums {
                    (Severity::Minor, "")
                } else {
                    (Severity::Breaking, " (the enum is not `#[non_exhaustive]`: exhaustive matches stop compiling)")
                };
                let msg = format!("value `{v}` added to enum `{}`{why}", n.ident);
                cx.push(sev, Kind::EnumValueAdded, None, item, msg, None, Some(json!(v)), (None, at.as_ref()));
                cx.grouped(format!("values added to enum `{}`{why}", n.ident), v);
            }
            Some((old_doc, old_at)) if old_doc != doc => {
                let msg = format!("documentation of `{}` value `{v}` changed", n.ident);
                cx.push(
                    Severity::Patch,
                    Kind::DocsChanged,
                    None,
                    item,
                    msg,
                    None,
                    None,
                    (old_at.as_ref(), at.as_ref()),
                );
            }
            Some(_) => {}
        }
    }
}

/// Compares the fields of one struct: a request (the parameters of `owner`) or a model.
fn members(cx: &mut Ctx, owner: Owner<'_>, old: &[Member], new: &[Member]) {
    let old_by: BTreeMap<&str, &Member> = old.iter().map(|m| (m.wire.as_str(), m)).collect();
    let new_by: BTreeMap<&str, &Member> = new.iter().map(|m| (m.wire.as_str(), m)).collect();
    let removed: Vec<&Member> = old.iter().filter(|m| !new_by.contains_key(m.wire.as_str())).collect();
    let added: Vec<&Member> = new.iter().filter(|m| !old_by.contains_key(m.wire.as_str())).collect();

    // A wire name that changed: one removed and one added member of the same type and
    // requiredness, with the same description or the same identifier, each the only candidate.
    let alike = |cx: &Ctx, a: &Member, b: &Member| {
        cx.rename(&a.ty) == b.ty
            && a.required == b.required
            && (a.ident == b.ident || (!a.docs.trim().is_empty() && a.docs == b.docs))
    };
    let mut renamed: Vec<(&Member, &Member)> = Vec::new();
    for r in &removed {
        let cands: Vec<&&Member> = added.iter().filter(|a| alike(cx, r, a)).collect();
        if let [a] = cands.as_slice() {
            if removed.iter().filter(|r2| alike(cx, r2, a)).count() == 1 {
                renamed.push((r, a));
            }
        }
    }
    let is_renamed_old = |m: &Member| renamed.iter().any(|(o, _)| o.wire == m.wire);
    let is_renamed_new = |m: &Member| renamed.iter().any(|(_, n)| n.wire == m.wire);

    // Items are `method.param` and `Dto.field`.
    let (endpoint, prefix, what, rust) = match owner {
        Owner::Endpoint(e) => (Some(e.key.clone()), &e.name, "parameter", format!("`{}::{}`", e.client, e.method)),
        Owner::Dto(d) => (None, &d.name, "field", format!("model `{}`", d.ident)),
    };
    let item_of = |w: &str| format!("{prefix}.{w}");
    let is_param = matches!(owner, Owner::Endpoint(_));
    let kinds = |p: Kind, f: Kind| if is_param { p } else { f };
    let ep = endpoint.as_deref();

    for (o, n) in &renamed {
        let at = (o.at.as_ref(), n.at.as_ref());
        let (old, new) = (Some(json!(o.wire)), Some(json!(n.wire)));
        if o.ident == n.ident {
            let msg = format!("{what} `{}` of {rust} is sent as `{}` now (was `{}`)", n.ident, n.wire, o.wire);
            cx.push(Severity::Patch, Kind::WireNameChanged, ep, item_of(&n.wire), msg, old, new, at);
        } else {
            let msg = format!("{what} `{}` of {rust} renamed to `{}` (`{}` → `{}`)", o.ident, n.ident, o.wire, n.wire);
            let kind = kinds(Kind::ParamRenamed, Kind::FieldRenamed);
            cx.push(Severity::Breaking, kind, ep, item_of(&n.wire), msg, old, new, at);
        }
    }
    for o in removed.iter().filter(|m| !is_renamed_old(m)) {
        let msg = format!("{what} `{}` removed from {rust}", o.wire);
        let kind = kinds(Kind::ParamRemoved, Kind::FieldRemoved);
        let old = Some(json!(o.ty.notation()));
        cx.push(Severity::Breaking, kind, ep, item_of(&o.wire), msg, old, None, (o.at.as_ref(), None));
        cx.grouped(format!("{what}s removed from {rust}"), &o.wire);
    }
    for n in added.iter().filter(|m| !is_renamed_new(m)) {
        let input = match owner {
            Owner::Endpoint(_) => true,
            Owner::Dto(d) => d.input,
        };
        let non_exhaustive = if is_param { cx.shapes.requests } else { cx.shapes.models };
        let (sev, why) = if n.required && input {
            (Severity::Breaking, " (required: `new` takes one more argument)")
        } else if !non_exhaustive {
            (Severity::Breaking, " (the struct is not `#[non_exhaustive]`: struct literals stop compiling)")
        } else {
            (Severity::Minor, "")
        };
        let req = if n.required { "required" } else { "optional" };
        let msg = format!("{req} {what} `{}` added to {rust}{why}", n.wire);
        let kind = kinds(Kind::ParamAdded, Kind::FieldAdded);
        let new = Some(json!(n.ty.notation()));
        cx.push(sev, kind, ep, item_of(&n.wire), msg, None, new, (None, n.at.as_ref()));
        cx.grouped(format!("{req} {what}s added to {rust}{why}"), &n.wire);
    }
    for o in old.iter().filter(|m| !is_renamed_old(m)) {
        let Some(n) = new_by.get(o.wire.as_str()) else { continue };
        let item = item_of(&n.wire);
        let at = (o.at.as_ref(), n.at.as_ref());
        let old_ty = cx.rename(&o.ty);
        if old_ty != n.ty {
            let msg = format!("{what} `{}` of {rust} is `{}` now (was `{}`)", n.wire, n.ty.notation(), o.ty.notation());
            let kind = kinds(Kind::ParamRetyped, Kind::FieldRetyped);
            let (old, new) = (Some(json!(o.ty.notation())), Some(json!(n.ty.notation())));
            cx.push(Severity::Breaking, kind, ep, item.clone(), msg, old, new, at);
        }
        if o.required != n.required {
            let (kind, msg) = if n.required {
                (
                    kinds(Kind::ParamRequired, Kind::FieldRequired),
                    format!("{what} `{}` of {rust} is required now (`Option` removed)", n.wire),
                )
            } else {
                (
                    kinds(Kind::ParamOptional, Kind::FieldOptional),
                    format!("{what} `{}` of {rust} is optional now (an `Option`)", n.wire),
                )
            };
            let (old, new) = (Some(json!(o.required)), Some(json!(n.required)));
            cx.push(Severity::Breaking, kind, ep, item.clone(), msg, old, new, at);
        }
        if o.location != n.location {
            let msg = format!(
                "{what} `{}` of {rust} is sent in the {} now (was the {})",
                n.wire,
                n.location.map_or("-", ParamLocation::as_str),
                o.location.map_or("-", ParamLocation::as_str)
            );
            let (old, new) = (Some(json!(o.location)), Some(json!(n.location)));
            cx.push(Severity::Patch, Kind::ParamMoved, ep, item.clone(), msg, old, new, at);
        }
        if o.default != n.default {
            let msg = format!("documented default of {what} `{}` of {rust} changed", n.wire);
            let (old, new) = (Some(json!(o.default)), Some(json!(n.default)));
            cx.push(Severity::Patch, Kind::DefaultChanged, ep, item.clone(), msg, old, new, at);
        }
        if o.docs != n.docs {
            let msg = format!("documentation of {what} `{}` of {rust} changed", n.wire);
            cx.push(Severity::Patch, Kind::DocsChanged, ep, item, msg, None, None, at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dto(name: &str, fields: &[&str]) -> (String, DtoView) {
        let fields = fields
            .iter()
            .map(|w| Member {
                wire: (*w).to_owned(),
                ident: (*w).to_owned(),
                ty: Ty::Plain("String"),
                required: true,
                location: None,
                default: None,
                docs: String::new(),
                at: None,
            })
            .collect();
        let v = DtoView { name: name.into(), ident: name.into(), fields, input: false, at: None };
        (name.to_owned(), v)
    }

    #[test]
    fn a_rename_is_found_only_when_the_structure_is_unique() {
        let old: BTreeMap<_, _> = [dto("A", &["x", "y"]), dto("B", &["z"])].into_iter().collect();
        let new: BTreeMap<_, _> = [dto("A2", &["x", "y"]), dto("B", &["z"])].into_iter().collect();
        let m = match_types(&old, &new, dto_signature);
        assert!(m.pairs.contains(&("A".into(), "A2".into())));
        assert!(m.removed.is_empty() && m.added.is_empty());

        // Two new DTOs with A's fields: which one A became is a guess, so none is taken.
        let new: BTreeMap<_, _> = [dto("A2", &["x", "y"]), dto("A3", &["x", "y"])].into_iter().collect();
        let m = match_types(&old, &new, dto_signature);
        assert_eq!(m.removed, ["A", "B"]);
        assert_eq!(m.added, ["A2", "A3"]);

        // Empty DTOs have no structure to recognise.
        let old: BTreeMap<_, _> = [dto("E", &[])].into_iter().collect();
        let new: BTreeMap<_, _> = [dto("F", &[])].into_iter().collect();
        assert!(match_types(&old, &new, dto_signature).pairs.is_empty());
    }
}
