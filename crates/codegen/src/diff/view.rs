//! The IR as the generated Rust API sees it: the one place `diff` reads IR fields.
//!
//! Each endpoint becomes a method of its client with a request struct (its parameters, when it
//! has any) and a return type (the response's `data`); each DTO and enum reachable from an
//! endpoint becomes a model. Types are spelled as the renderer types them (`String`, `i64`,
//! `Number`, an enum, a DTO name), so that two IRs that render the same Rust type compare equal.

use crate::rust::names;
use docir::diag::Loc;
use docir::ir::{Api, HttpMethod, Localized, ParamLocation, Type};
use std::collections::{BTreeMap, BTreeSet};

/// A parameter or a DTO field: a field of a generated struct.
#[derive(Clone, Debug)]
pub struct Member {
    /// The wire name, as documented.
    pub wire: String,
    /// The Rust field identifier.
    pub ident: String,
    pub ty: Ty,
    pub required: bool,
    /// `query`, `body` or `path` for a parameter; `None` for a DTO field.
    pub location: Option<ParamLocation>,
    pub default: Option<String>,
    /// Description (both languages), sample and limits: text that changes no Rust type.
    pub docs: String,
    pub at: Option<Loc>,
}

/// A Rust-level type: what the renderer makes of an IR type and its enum reference.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    /// `String`, `i64`, `Number`, `bool`, a JSON object (`Map<String, Value>`) or any JSON
    /// value (`Value`), as the renderer spells them (without paths).
    Plain(&'static str),
    Vec(Box<Ty>),
    /// A DTO or enum, by documented name.
    Named(String),
}

impl Ty {
    fn of(api: &Api, ty: &Type, enum_ref: Option<&str>) -> Ty {
        let en = enum_ref.filter(|e| api.enums.contains_key(*e));
        match (ty, en) {
            (Type::String, Some(e)) => Ty::Named(e.to_owned()),
            (Type::Array { items }, Some(e)) if matches!(**items, Type::String | Type::Any) => {
                Ty::Vec(Box::new(Ty::Named(e.to_owned())))
            }
            (Type::String, None) => Ty::Plain("String"),
            (Type::Integer, _) => Ty::Plain("i64"),
            (Type::Number, _) => Ty::Plain("Number"),
            (Type::Boolean, _) => Ty::Plain("bool"),
            (Type::Object, _) => Ty::Plain("Map<String, Value>"),
            (Type::Any, _) => Ty::Plain("Value"),
            (Type::Array { items }, _) => Ty::Vec(Box::new(Ty::of(api, items, None))),
            (Type::Ref { name }, _) if api.dtos.contains_key(name) || api.enums.contains_key(name) => {
                Ty::Named(name.clone())
            }
            // A DTO no page defines renders as any JSON value.
            (Type::Ref { .. }, _) => Ty::Plain("Value"),
        }
    }

    /// The type with DTO and enum names mapped (old names to new, after renames).
    pub fn renamed(&self, map: &dyn Fn(&str) -> String) -> Ty {
        match self {
            Ty::Plain(p) => Ty::Plain(p),
            Ty::Vec(t) => Ty::Vec(Box::new(t.renamed(map))),
            Ty::Named(n) => Ty::Named(map(n)),
        }
    }

    /// The type with every name erased: the shape rename detection compares.
    pub fn erased(&self) -> Ty {
        self.renamed(&|_| String::new())
    }

    pub fn names(&self) -> Vec<&str> {
        match self {
            Ty::Plain(_) => Vec::new(),
            Ty::Vec(t) => t.names(),
            Ty::Named(n) => vec![n.as_str()],
        }
    }

    /// `string`, `Vec<WidgetDto>`.
    pub fn notation(&self) -> String {
        match self {
            Ty::Plain(p) => (*p).to_owned(),
            Ty::Vec(t) => format!("Vec<{}>", t.notation()),
            Ty::Named(n) => n.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct EndpointView {
    pub key: String,
    pub client: String,
    /// The documented method name (`createWidget`) and its Rust identifier (`create_widget`).
    pub name: String,
    pub method: String,
    /// `POST /api/v3/create-widget`.
    pub route: String,
    pub docs: String,
    pub params: Vec<Member>,
    /// The return type (`None`: `()`).
    pub returns: Option<Ty>,
    pub at: Option<Loc>,
}

#[derive(Clone, Debug)]
pub struct DtoView {
    pub name: String,
    /// The Rust type name.
    pub ident: String,
    pub fields: Vec<Member>,
    /// Built by the caller (reachable from a parameter): it has `new` and setters.
    pub input: bool,
    pub at: Option<Loc>,
}

#[derive(Clone, Debug)]
pub struct EnumView {
    pub name: String,
    pub ident: String,
    /// Wire value → (description, location).
    pub values: BTreeMap<String, (String, Option<Loc>)>,
    pub at: Option<Loc>,
}

/// The parts of an IR that make the generated Rust API.
#[derive(Clone, Debug, Default)]
pub struct ApiView {
    /// Client name → where its first endpoint is documented.
    pub clients: BTreeMap<String, Option<Loc>>,
    pub endpoints: BTreeMap<String, EndpointView>,
    pub dtos: BTreeMap<String, DtoView>,
    pub enums: BTreeMap<String, EnumView>,
}

fn text(l: &Localized) -> String {
    [&l.en, &l.zh].into_iter().flatten().map(|s| s.value.trim()).collect::<Vec<_>>().join("\n")
}

fn docs(description: &Localized, sample: Option<&str>, max_items: Option<u64>) -> String {
    let mut s = text(description);
    if let Some(x) = sample {
        s.push_str("\nsample: ");
        s.push_str(x.trim());
    }
    if let Some(m) = max_items {
        s.push_str(&format!("\nmax items: {m}"));
    }
    s
}

impl ApiView {
    pub fn of(api: &Api) -> ApiView {
        let mut view = ApiView::default();
        let mut inputs = Vec::new();
        let mut outputs = Vec::new();
        for (key, e) in &api.endpoints {
            let get = e.http.method == HttpMethod::Get;
            let params: Vec<Member> = e
                .params
                .iter()
                .map(|p| Member {
                    wire: p.name.clone(),
                    ident: names::snake(&p.name, "field").ident,
                    ty: Ty::of(api, &p.ty, p.enum_ref.as_deref()),
                    // The renderer makes path parameters required whatever the table says.
                    required: p.required || p.location == ParamLocation::Path,
                    // Where the renderer sends it: a GET sends every non-path parameter in the query.
                    location: Some(if get && p.location != ParamLocation::Path {
                        ParamLocation::Query
                    } else {
                        p.location
                    }),
                    default: p.default.clone(),
                    docs: docs(&p.description, p.sample.as_deref(), p.limits.max_items),
                    at: p.from.first().cloned(),
                })
                .collect();
            inputs.extend(params.iter().flat_map(|m| m.ty.names()).map(str::to_owned));
            let returns = e.response.as_ref().and_then(|r| r.data.as_ref()).map(|t| Ty::of(api, t, None));
            outputs.extend(returns.iter().flat_map(|t| t.names()).map(str::to_owned));
            let at = e.sources.first().cloned();
            view.clients.entry(e.client.clone()).or_insert_with(|| at.clone());
            view.endpoints.insert(
                key.clone(),
                EndpointView {
                    key: key.clone(),
                    client: e.client.clone(),
                    name: e.name.clone(),
                    method: names::snake(&e.name, "call").ident,
                    route: format!("{} {}", e.http.method.as_str(), e.http.path),
                    docs: [text(&e.summary), text(&e.description)].join("\n"),
                    params,
                    returns,
                    at,
                },
            );
        }
        let input_set = reachable(api, inputs.clone());
        for name in reachable(api, inputs.into_iter().chain(outputs).collect()) {
            if let Some(d) = api.dtos.get(&name) {
                let fields = d
                    .fields
                    .iter()
                    .map(|f| Member {
                        wire: f.name.clone(),
                        ident: names::snake(&f.name, "field").ident,
                        ty: Ty::of(api, &f.ty, f.enum_ref.as_deref()),
                        required: f.required,
                        location: None,
                        default: None,
                        docs: docs(&f.description, f.sample.as_deref(), f.limits.max_items),
                        at: f.from.first().cloned(),
                    })
                    .collect();
                let ident = names::type_name(&name).ident;
                let input = input_set.contains(&name);
                view.dtos.insert(name.clone(), DtoView { name, ident, fields, input, at: d.from.first().cloned() });
            } else if let Some(en) = api.enums.get(&name) {
                let values: BTreeMap<String, (String, Option<Loc>)> = en
                    .values
                    .iter()
                    .rev() // the first of repeated values wins, as in the renderer
                    .map(|v| (v.value.clone(), (text(&v.description), v.from.first().cloned())))
                    .collect();
                let at = en.values.first().and_then(|v| v.from.first().cloned());
                let ident = names::type_name(&name).ident;
                view.enums.insert(name.clone(), EnumView { name, ident, values, at });
            }
        }
        view
    }
}

/// The DTOs and enums reachable from `roots` through DTO fields (what the renderer emits).
fn reachable(api: &Api, roots: Vec<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(n) = stack.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        for f in api.dtos.get(&n).map(|d| d.fields.as_slice()).unwrap_or_default() {
            stack.extend(Ty::of(api, &f.ty, f.enum_ref.as_deref()).names().into_iter().map(str::to_owned));
        }
    }
    seen
}
