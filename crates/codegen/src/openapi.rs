//! IR → OpenAPI 3.0 JSON: one operation per endpoint at its inferred method and path, the body
//! as a request DTO schema, responses referencing the response DTO, every DTO a schema.
//!
//! What would make the document invalid is decided here, and reported by [`diagnostics`]
//! before any output: `operationId`s are unique (endpoints that share a method name are told
//! apart by their slug), and a default that contradicts its type is left out.

use docir::diag::{Code, Diagnostic, Loc};
use docir::ir::{Api, Endpoint, Localized, Param, ParamLocation, Property, Type};
use heck::ToLowerCamelCase;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Everything the OpenAPI document reports, without making it: `operationId` collisions and
/// defaults that contradict their type.
pub fn diagnostics(api: &Api) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    operation_ids(api, &mut diags);
    for e in api.endpoints.values() {
        for p in &e.params {
            checked_default(p, &enum_values(api, p), &mut diags);
        }
    }
    diags
}

/// The `operationId` of each endpoint (by key): its method name, unless several endpoints share
/// it; then each of them is named by its slug (`listOrderItems`), and the collision is reported
/// at each page with the others as related locations. Stable: it depends only on the set of
/// endpoints.
fn operation_ids(api: &Api, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, String> {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, e) in &api.endpoints {
        by_name.entry(e.name.as_str()).or_default().push(key.as_str());
    }
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> =
        by_name.iter().filter(|(_, ks)| ks.len() == 1).map(|(n, _)| n.to_string()).collect();
    for (name, keys) in &by_name {
        if keys.len() == 1 {
            ids.insert(keys[0].to_owned(), name.to_string());
            continue;
        }
        for key in keys {
            let e = &api.endpoints[*key];
            let mut id = e.slug.to_lower_camel_case();
            if id.is_empty() || taken.contains(&id) {
                id = format!("{}/{}", e.module, e.slug);
            }
            while taken.contains(&id) {
                id.push('_');
            }
            taken.insert(id.clone());
            let at = e.sources.first().cloned().unwrap_or_else(|| Loc::new(&std::sync::Arc::from(key.to_string()), 1));
            let mut d = Diagnostic::warning(
                Code::NameCollision,
                at,
                format!(
                    "{} endpoints have the method name `{name}`; this one ({key}) has the operationId `{id}`",
                    keys.len()
                ),
            );
            for other in keys.iter().filter(|k| *k != key) {
                if let Some(l) = api.endpoints[*other].sources.first() {
                    d = d.related(l.clone(), format!("{other} is also `{name}`"));
                }
            }
            diags.push(d);
            ids.insert(key.to_string(), id);
        }
    }
    ids
}

/// The enum values a property's schema lists (empty when it has none).
fn enum_values(api: &Api, p: &Property) -> Vec<String> {
    p.enum_ref
        .as_ref()
        .and_then(|n| api.enums.get(n))
        .map(|en| en.values.iter().map(|v| v.value.clone()).collect())
        .unwrap_or_default()
}

/// The parameter's default as a JSON value of its type, or `None` (reported) when it
/// contradicts the type or is not one of the enum values the schema lists (`values`; a
/// validator checks a default against its schema).
fn checked_default(p: &Param, values: &[String], diags: &mut Vec<Diagnostic>) -> Option<Value> {
    let d = p.default.as_deref()?;
    let listed = |v: &str| values.is_empty() || matches!(p.ty, Type::Array { .. }) || values.iter().any(|x| x == v);
    if !listed(d.trim()) {
        if let Some(at) = p.from.first() {
            diags.push(Diagnostic::warning(
                Code::DefaultInvalid,
                at.clone(),
                format!(
                    "the default `{d}` of `{}` is not one of its enum values ({}); it is left out of the OpenAPI document",
                    p.name,
                    values.join(", ")
                ),
            ));
        }
        return None;
    }
    let parsed: Option<Value> = serde_json::from_str(d.trim()).ok();
    let ok = match &p.ty {
        Type::String => return Some(json!(d)),
        Type::Any => return Some(parsed.unwrap_or_else(|| json!(d))),
        Type::Integer => parsed.as_ref().is_some_and(|v| v.is_i64() || v.is_u64()),
        Type::Number => parsed.as_ref().is_some_and(Value::is_number),
        Type::Boolean => parsed.as_ref().is_some_and(Value::is_boolean),
        Type::Array { .. } => parsed.as_ref().is_some_and(Value::is_array),
        Type::Object | Type::Ref { .. } => parsed.as_ref().is_some_and(Value::is_object),
    };
    if ok {
        return parsed;
    }
    if let Some(at) = p.from.first() {
        diags.push(Diagnostic::warning(
            Code::DefaultInvalid,
            at.clone(),
            format!(
                "the default `{d}` of `{}` is not a {}; it is left out of the OpenAPI document",
                p.name,
                p.ty.notation()
            ),
        ));
    }
    None
}

/// The OpenAPI 3.0 document of the API. Valid by construction (see the module docs); what it
/// had to leave out or rename is what [`diagnostics`] reports.
pub fn openapi(api: &Api, title: &str, version: &str) -> Value {
    let ids = operation_ids(api, &mut Vec::new());
    let mut paths = Map::new();
    let mut schemas = Map::new();
    let mut referenced: BTreeSet<String> = BTreeSet::new();

    let mut items: Vec<(&String, &Endpoint)> = api.endpoints.iter().collect();
    items.sort_by(|a, b| (&a.1.http.path, a.1.http.method, a.0).cmp(&(&b.1.http.path, b.1.http.method, b.0)));
    for (key, e) in items {
        let mut op = Map::new();
        op.insert("operationId".into(), json!(ids.get(key.as_str()).unwrap_or(&e.name)));
        op.insert("x-slug".into(), json!(e.slug));
        op.insert("x-module".into(), json!(e.module));
        op.insert("x-endpoint".into(), json!(key));
        op.insert("tags".into(), json!([e.tag.clone().unwrap_or_else(|| e.module.clone())]));
        if let Some(s) = e.summary.any() {
            op.insert("summary".into(), json!(s));
        }
        if let Some(d) = text(&e.description) {
            op.insert("description".into(), json!(d));
        }
        let mut params = Vec::new();
        let mut props = Map::new();
        let mut required = Vec::new();
        for p in &e.params {
            let default = checked_default(p, &enum_values(api, p), &mut Vec::new());
            let described = if p.location == ParamLocation::Body { Described::Last } else { Described::Outside };
            let schema = property_schema(api, p, default, described, &mut referenced);
            match p.location {
                ParamLocation::Query | ParamLocation::Path => {
                    let mut o = Map::new();
                    o.insert("name".into(), json!(p.name));
                    o.insert("in".into(), json!(if p.location == ParamLocation::Path { "path" } else { "query" }));
                    o.insert("required".into(), json!(p.required || p.location == ParamLocation::Path));
                    if let Some(d) = text(&p.description) {
                        o.insert("description".into(), json!(d));
                    }
                    o.insert("schema".into(), Value::Object(schema));
                    params.push(Value::Object(o));
                }
                ParamLocation::Body => {
                    props.insert(p.name.clone(), Value::Object(schema));
                    if p.required {
                        required.push(json!(p.name));
                    }
                }
            }
        }
        if !params.is_empty() {
            op.insert("parameters".into(), Value::Array(params));
        }
        if !props.is_empty() {
            // The body schema must not take a documented DTO's name, nor another body's.
            let mut name = e.request_dto.value.clone();
            while api.dtos.contains_key(&name) || schemas.contains_key(&name) {
                name.push_str("Body");
            }
            let mut s = Map::new();
            s.insert("type".into(), json!("object"));
            s.insert("properties".into(), Value::Object(props));
            if !required.is_empty() {
                s.insert("required".into(), Value::Array(required));
            }
            schemas.insert(name.clone(), Value::Object(s));
            op.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}}),
            );
        }
        let response = match &e.response {
            Some(r) => {
                referenced.insert(r.dto.clone());
                json!({"description": "OK", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{}", component_key(&r.dto))}}}})
            }
            None => json!({"description": "OK"}),
        };
        op.insert("responses".into(), json!({"200": response}));
        let item = paths.entry(e.http.path.clone()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(item) = item {
            item.insert(e.http.method.as_str().to_ascii_lowercase(), Value::Object(op));
        }
    }

    for (name, dto) in &api.dtos {
        let mut props = Map::new();
        let mut required = Vec::new();
        for f in &dto.fields {
            let schema = property_schema(api, f, None, Described::BeforeExample, &mut referenced);
            props.insert(f.name.clone(), Value::Object(schema));
            if f.required {
                required.push(json!(f.name));
            }
        }
        let mut s = Map::new();
        s.insert("type".into(), json!("object"));
        s.insert("properties".into(), Value::Object(props));
        if !required.is_empty() {
            s.insert("required".into(), Value::Array(required));
        }
        if component_key(name) != *name {
            s.insert("title".into(), json!(name));
        }
        schemas.insert(component_key(name), Value::Object(s));
    }
    // Linked but never documented (reported by docir as missing-dto): a free-form object.
    for m in referenced {
        schemas
            .entry(component_key(&m))
            .or_insert_with(|| json!({"type": "object", "description": "Linked from the pages but never documented.", "x-undocumented": true}));
    }
    let mut sorted = Map::new();
    let mut keys: Vec<String> = schemas.keys().cloned().collect();
    keys.sort();
    for k in keys {
        let v = schemas.remove(&k).unwrap_or(Value::Null);
        sorted.insert(k, v);
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": title, "version": version},
        "paths": Value::Object(paths),
        "components": {"schemas": Value::Object(sorted)},
    })
}

/// Where a property's description goes. A DTO field's schema has it before the example, a body
/// parameter's after the example and default (the key order the document has always had); a
/// query or path parameter carries it on the parameter object, outside its schema.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Described {
    BeforeExample,
    Last,
    Outside,
}

/// The schema of a DTO field or parameter: its type (a `$ref` is recorded in `referenced`),
/// enum values and `maxItems` (`decorate`), description (see [`Described`]), example, and
/// `default` (parameters only, already checked against the type by [`checked_default`]).
fn property_schema(
    api: &Api,
    p: &Property,
    default: Option<Value>,
    described: Described,
    referenced: &mut BTreeSet<String>,
) -> Map<String, Value> {
    let mut schema = schema_of(&p.ty, referenced);
    decorate(&mut schema, &enum_values(api, p), p.limits.max_items);
    let mut description = text(&p.description).filter(|_| described != Described::Outside).map(Value::String);
    if described == Described::BeforeExample {
        if let Some(d) = description.take() {
            schema.insert("description".into(), d);
        }
    }
    if let Some(s) = &p.sample {
        schema.insert("example".into(), example(s, &p.ty));
    }
    if let Some(d) = default {
        schema.insert("default".into(), d);
    }
    if let Some(d) = description {
        schema.insert("description".into(), d);
    }
    schema
}

fn text(l: &Localized) -> Option<String> {
    match (&l.zh, &l.en) {
        (Some(zh), Some(en)) if zh.value != en.value => Some(format!("{}\n\n{}", en.value, zh.value)),
        _ => l.any().map(str::to_owned),
    }
}

fn schema_of(t: &Type, referenced: &mut BTreeSet<String>) -> Map<String, Value> {
    let mut m = Map::new();
    match t {
        Type::String => {
            m.insert("type".into(), json!("string"));
        }
        Type::Integer => {
            m.insert("type".into(), json!("integer"));
        }
        Type::Number => {
            m.insert("type".into(), json!("number"));
        }
        Type::Boolean => {
            m.insert("type".into(), json!("boolean"));
        }
        Type::Object => {
            m.insert("type".into(), json!("object"));
        }
        Type::Any => {}
        Type::Array { items } => {
            m.insert("type".into(), json!("array"));
            m.insert("items".into(), Value::Object(schema_of(items, referenced)));
        }
        Type::Ref { name } => {
            referenced.insert(name.clone());
            m.insert("$ref".into(), json!(format!("#/components/schemas/{}", component_key(name))));
        }
    }
    m
}

/// The key of a DTO's schema: OpenAPI allows only `A-Z a-z 0-9 . - _` in component names, so
/// other characters (a DTO named `附加信息`) are spelled as `_u<hex>`; the schema's `title`
/// keeps the documented name.
fn component_key(name: &str) -> String {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    name.chars().map(|c| if ok(c) { c.to_string() } else { format!("_u{:x}", c as u32) }).collect()
}

fn decorate(schema: &mut Map<String, Value>, values: &[String], max_items: Option<u64>) {
    let is_array = schema.get("type") == Some(&json!("array"));
    if let (Some(m), true) = (max_items, is_array) {
        schema.insert("maxItems".into(), json!(m));
    }
    if values.is_empty() {
        return;
    }
    let target = if is_array {
        schema.get_mut("items").and_then(Value::as_object_mut)
    } else if schema.contains_key("$ref") {
        None
    } else {
        Some(schema)
    };
    if let Some(t) = target {
        // Values in the schema's own type (`1`, not `"1"`, on an integer), as a validator reads them.
        let ty = t.get("type").and_then(Value::as_str).unwrap_or("string").to_owned();
        let typed: Vec<Value> = values
            .iter()
            .map(|v| match serde_json::from_str::<Value>(v) {
                Ok(n)
                    if (ty == "integer" && (n.is_i64() || n.is_u64()))
                        || (ty == "number" && n.is_number())
                        || (ty == "boolean" && n.is_boolean()) =>
                {
                    n
                }
                _ => json!(v),
            })
            .collect();
        t.insert("enum".into(), Value::Array(typed));
    }
}

/// A sample as a JSON value of the field's type when it parses as one.
fn example(s: &str, t: &Type) -> Value {
    match t {
        Type::String => json!(s),
        _ => serde_json::from_str(s).unwrap_or_else(|_| json!(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body schema never takes the name of a documented DTO, even one named `<Request>Body`.
    #[test]
    fn component_keys_are_ascii() {
        assert_eq!(component_key("UserDto"), "UserDto");
        assert_eq!(component_key("附加信息"), "_u9644_u52a0_u4fe1_u606f");
        assert_ne!(component_key("schön"), component_key("schon"));
    }

    #[test]
    fn body_schemas_do_not_overwrite_documented_dtos() {
        let dto = |name: &str, field: &str| {
            json!({"name": name, "has_required_column": true, "from": [],
                   "fields": [{"name": field, "type": {"kind": "string"}, "required": true, "from": []}]})
        };
        let api: Api = serde_json::from_value(json!({
            "clients": {},
            "endpoints": {"m/make-x": {"module": "m", "client": "MClient", "name": "makeX", "names": {}, "slug": "make-x",
                "http": {"method": "POST", "path": "/api/v3/make-x", "evidence": []}, "summary": {}, "description": {},
                "params": [{"name": "p", "location": "body", "type": {"kind": "string"}, "required": true, "from": []}],
                "request_dto": {"value": "XDto"}, "sources": []}},
            "dtos": {"XDto": dto("XDto", "a"), "XDtoBody": dto("XDtoBody", "b")},
            "enums": {}
        }))
        .unwrap();
        let doc = openapi(&api, "t", "0");
        let schemas = &doc["components"]["schemas"];
        assert!(schemas["XDto"]["properties"]["a"].is_object());
        assert!(schemas["XDtoBody"]["properties"]["b"].is_object(), "the documented DTO is kept");
        assert!(schemas["XDtoBodyBody"]["properties"]["p"].is_object());
        let body = &doc["paths"]["/api/v3/make-x"]["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(body["$ref"], "#/components/schemas/XDtoBodyBody");
    }

    /// One schema for fields and parameters; only where the description goes differs.
    #[test]
    fn a_property_schema_lists_type_enum_limits_description_example_and_default() {
        let api: Api = serde_json::from_value(json!({"clients": {}, "dtos": {}, "endpoints": {},
            "enums": {"Kind": {"name": "Kind", "values": [{"value": "1", "from": []}, {"value": "2", "from": []}]}}}))
        .unwrap();
        let p: Property =
            serde_json::from_value(json!({"name": "kinds", "type": {"kind": "array", "items": {"kind": "integer"}},
            "required": true, "sample": "[1]", "description": {"en": {"value": "Kinds."}}, "limits": {"max_items": 2},
            "enum_ref": "Kind", "from": []}))
            .unwrap();
        let schema = |described, default| {
            let mut referenced = BTreeSet::new();
            Value::Object(property_schema(&api, &p, default, described, &mut referenced))
        };
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        let field = schema(Described::BeforeExample, None);
        assert_eq!(keys(&field), ["type", "items", "maxItems", "description", "example"]);
        assert_eq!((&field["items"]["enum"], &field["example"]), (&json!([1, 2]), &json!([1])));
        let body = schema(Described::Last, Some(json!([2])));
        assert_eq!(keys(&body), ["type", "items", "maxItems", "example", "default", "description"]);
        assert_eq!(body["description"], "Kinds.");
        let query = schema(Described::Outside, None);
        assert_eq!(keys(&query), ["type", "items", "maxItems", "example"]);
        let mut referenced = BTreeSet::new();
        let linked = Property { ty: Type::reference("ADto"), ..p.clone() };
        property_schema(&api, &linked, None, Described::Outside, &mut referenced);
        assert_eq!(referenced, BTreeSet::from(["ADto".to_string()]));
    }

    fn endpoint(name: &str, slug: &str, default: Option<(&str, &str)>) -> Value {
        let params = match default {
            Some((ty, d)) => json!([{"name": "p", "location": "query", "type": {"kind": ty}, "required": false,
                "default": d, "from": [{"file": format!("{slug}.md"), "line": 9}]}]),
            None => json!([]),
        };
        json!({"module": "m", "client": "MClient", "name": name, "names": {}, "slug": slug,
            "http": {"method": "GET", "path": format!("/api/v3/{slug}"), "evidence": []}, "summary": {}, "description": {},
            "params": params, "request_dto": {"value": "XDto"}, "sources": [{"file": format!("{slug}.md"), "line": 1}]})
    }

    #[test]
    fn shared_method_names_get_distinct_operation_ids_and_a_warning_naming_both_pages() {
        let api: Api = serde_json::from_value(json!({"clients": {}, "dtos": {}, "enums": {}, "endpoints": {
            "m/list-order-items": endpoint("listItems", "list-order-items", None),
            "m/list-stock-items": endpoint("listItems", "list-stock-items", None),
            "m/get-x": endpoint("getX", "get-x", None)}}))
        .unwrap();
        let doc = openapi(&api, "t", "0");
        let id = |p: &str| doc["paths"][p]["get"]["operationId"].clone();
        assert_eq!(id("/api/v3/list-order-items"), "listOrderItems");
        assert_eq!(id("/api/v3/list-stock-items"), "listStockItems");
        assert_eq!(id("/api/v3/get-x"), "getX");
        let d = diagnostics(&api);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().all(|d| d.code == Code::NameCollision));
        assert_eq!(&*d[0].at.file, "list-order-items.md");
        assert_eq!(&*d[0].related[0].at.file, "list-stock-items.md");
    }

    #[test]
    fn defaults_that_contradict_their_type_are_left_out_and_reported() {
        for (ty, good, bad) in [("integer", "10", "first"), ("number", "1.5", "fast"), ("boolean", "false", "1")] {
            let api = |d: &str| -> Api {
                serde_json::from_value(
                    json!({"clients": {}, "dtos": {}, "enums": {}, "endpoints": {"m/a": endpoint("a", "a", Some((ty, d)))}}),
                )
                .unwrap()
            };
            let schema = |a: &Api| openapi(a, "t", "0")["paths"]["/api/v3/a"]["get"]["parameters"][0]["schema"].clone();
            assert_eq!(schema(&api(good))["default"], serde_json::from_str::<Value>(good).unwrap());
            assert!(diagnostics(&api(good)).is_empty());
            assert!(schema(&api(bad)).get("default").is_none(), "{ty} {bad}");
            let d = diagnostics(&api(bad));
            assert_eq!((d[0].code, d[0].at.line), (Code::DefaultInvalid, 9), "{d:?}");
        }
    }

    /// What openapi-spec-validator found on the corpus: a default outside its enum, a response
    /// DTO no page documents, enum values of the wrong JSON type.
    #[test]
    fn what_a_validator_checks_holds() {
        let mut ep = endpoint("a", "a", Some(("string", "openid profile")));
        ep["params"][0]["enum_ref"] = json!("Scope");
        ep["response"] = json!({"dto": "NeverDocumentedDto", "from": []});
        let mut num = endpoint("b", "b", Some(("integer", "2")));
        num["params"][0]["enum_ref"] = json!("Level");
        let values = |vs: &[&str]| json!({"name": "E", "values": vs.iter().map(|v| json!({"value": v, "from": []})).collect::<Vec<_>>()});
        let api: Api = serde_json::from_value(json!({"clients": {}, "dtos": {}, "endpoints": {"m/a": ep, "m/b": num},
            "enums": {"Scope": values(&["openid", "profile"]), "Level": values(&["1", "2"])}}))
        .unwrap();
        let doc = openapi(&api, "t", "0");
        let a = &doc["paths"]["/api/v3/a"]["get"];
        assert!(a["parameters"][0]["schema"].get("default").is_none(), "{a}");
        let d = diagnostics(&api);
        assert!(d.iter().any(|d| d.code == Code::DefaultInvalid && d.message.contains("enum values")), "{d:?}");
        let r = &a["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(r, "#/components/schemas/NeverDocumentedDto");
        assert!(doc["components"]["schemas"]["NeverDocumentedDto"].is_object(), "every $ref resolves");
        let b = &doc["paths"]["/api/v3/b"]["get"]["parameters"][0]["schema"];
        assert_eq!((&b["enum"], &b["default"]), (&json!([1, 2]), &json!(2)));
    }
}
