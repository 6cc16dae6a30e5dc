//! The doc example of each method: the request built from the documented sample values.
//!
//! Examples are token lists: code the generator makes (identifiers from `names`, numbers it
//! printed itself) and literals holding documentation text, which the templates render through
//! the `lit` filter.

use super::context::StructCtx;
use super::types::{self, TypeEnv};
use docir::ir::{Api, Endpoint, Type};
use serde::Serialize;

/// A piece of generated code: `code` made by the generator, or `lit` text to render as a string
/// literal (through the `lit` filter).
#[derive(Debug, Serialize)]
pub struct Tok {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lit: Option<String>,
}

fn code(s: impl Into<String>) -> Tok {
    Tok { code: Some(s.into()), lit: None }
}

fn lit(s: impl Into<String>) -> Tok {
    Tok { code: None, lit: Some(s.into()) }
}

/// `let request = Request::new(required).with_optional(sample);`, one line per setter, with models
/// named through `models::`.
pub fn request(e: &Endpoint, s: &StructCtx, env: &TypeEnv, api: &Api) -> Vec<Vec<Tok>> {
    let required: Vec<_> = e.params.iter().zip(&s.fields).filter(|(_, f)| f.required).collect();
    let value = |p: &docir::ir::Param| {
        let v = sample_value(&p.ty, p.enum_ref.as_deref(), p.sample.as_deref(), env, api, 0);
        v.unwrap_or_else(|| placeholder(&p.ty, p.enum_ref.as_deref(), env, api))
    };
    let mut example = if s.builder.is_some() {
        // One line per required field, in the builder's order.
        let mut lines = vec![vec![code(format!("let request = {}::builder()", s.name))]];
        for (p, f) in &required {
            let mut line = vec![code(format!("    .{}(", f.ident))];
            line.extend(value(p));
            line.push(code(")"));
            lines.push(line);
        }
        lines.push(vec![code("    .build()")]);
        lines
    } else {
        let mut first = vec![code(format!("let request = {}::new(", s.name))];
        for (i, (p, _)) in required.iter().enumerate() {
            if i > 0 {
                first.push(code(", "));
            }
            first.extend(value(p));
        }
        first.push(code(")"));
        vec![first]
    };
    for (p, f) in e.params.iter().zip(&s.fields).filter(|(_, f)| !f.required) {
        let simple = !matches!(p.ty, Type::Ref { .. } | Type::Object | Type::Any) && p.sample.is_some();
        if let Some(v) = sample_value(&p.ty, p.enum_ref.as_deref(), p.sample.as_deref(), env, api, 0).filter(|_| simple)
        {
            let mut line = vec![code(format!("    .{}(", f.setter))];
            line.extend(v);
            line.push(code(")"));
            example.push(line);
        }
    }
    if let Some(last) = example.last_mut() {
        last.push(code(";"));
    }
    example
}

/// Whether an example names models (and needs `use <crate>::models`).
pub fn names_models(example: &[Vec<Tok>]) -> bool {
    example.iter().flatten().any(|t| t.code.as_deref().is_some_and(|c| c.contains("models::")))
}

/// A value of the type built from a documented sample, if the sample fits the type.
fn sample_value(
    ty: &Type,
    enum_ref: Option<&str>,
    sample: Option<&str>,
    env: &TypeEnv,
    api: &Api,
    depth: usize,
) -> Option<Vec<Tok>> {
    let sample = sample.map(|s| s.trim().trim_matches('`').trim());
    if let Some(e) = env.enum_of(ty, enum_ref) {
        let raw = enum_ref?;
        let path = format!("models::{e}");
        let one = |v: &str| -> Vec<Tok> {
            match env.variants.get(&(raw.to_string(), v.to_string())) {
                Some(variant) => vec![code(format!("{path}::{variant}"))],
                None => vec![code(format!("{path}::from(")), lit(v.to_string()), code(")")],
            }
        };
        return match ty {
            Type::Array { .. } => {
                let items: Vec<String> = serde_json::from_str(sample?).ok()?;
                Some(list(items.iter().map(|v| one(v)).collect()))
            }
            _ => Some(one(sample?)),
        };
    }
    match ty {
        Type::String => Some(vec![lit(sample?.to_string())]),
        Type::Integer => sample?.parse::<i64>().ok().map(|n| vec![code(n.to_string())]),
        Type::Number => number_literal(sample?).map(|n| vec![code(n)]),
        Type::Boolean => sample?.parse::<bool>().ok().map(|b| vec![code(b.to_string())]),
        Type::Array { items } if **items == Type::String => {
            let items: Vec<String> = serde_json::from_str(sample?).ok()?;
            Some(list(items.into_iter().map(|s| vec![code("String::from("), lit(s), code(")")]).collect()))
        }
        Type::Ref { name } if env.dtos.contains_key(name) && depth < 4 => {
            let dto = &api.dtos[name];
            let builder = env.builders.contains_key(name);
            let opening = if builder { "builder()" } else { "new(" };
            let mut toks = vec![code(format!("models::{}::{opening}", env.dtos[name]))];
            let required = dto.fields.iter().filter(|f| {
                f.required
                    && !env.loosened.contains(&(name.clone(), types::direct_ref(&f.ty).unwrap_or("").to_string()))
            });
            let idents = env.fields.get(name);
            for (i, f) in required.enumerate() {
                if builder {
                    let ident =
                        idents.and_then(|fs| fs.iter().find(|(w, _, _)| *w == f.name)).map(|(_, i, _)| i.as_str());
                    toks.push(code(format!(".{}(", ident?)));
                } else if i > 0 {
                    toks.push(code(", "));
                }
                let v = sample_value(&f.ty, f.enum_ref.as_deref(), f.sample.as_deref(), env, api, depth + 1);
                toks.extend(v.unwrap_or_else(|| placeholder(&f.ty, f.enum_ref.as_deref(), env, api)));
                if builder {
                    toks.push(code(")"));
                }
            }
            toks.push(code(if builder { ".build()" } else { ")" }));
            Some(toks)
        }
        _ => None,
    }
}

/// A value of the type when the pages give no usable sample.
fn placeholder(ty: &Type, enum_ref: Option<&str>, env: &TypeEnv, api: &Api) -> Vec<Tok> {
    if let (Some(e), Some(raw)) = (env.enum_of(ty, enum_ref), enum_ref) {
        let first = api.enums[raw].values.first().map(|v| env.variants[&(raw.to_string(), v.value.clone())].clone());
        let one = match first {
            Some(variant) => vec![code(format!("models::{e}::{variant}"))],
            None => vec![code(format!("models::{e}::from(")), lit(String::new()), code(")")],
        };
        return if matches!(ty, Type::Array { .. }) { list(vec![one]) } else { one };
    }
    match ty {
        Type::String => vec![lit(String::new())],
        Type::Integer => vec![code("0")],
        Type::Number => vec![code("0")],
        Type::Boolean => vec![code("false")],
        Type::Array { .. } => vec![code("Vec::new()")],
        Type::Object => vec![code("serde_json::Map::new()")],
        Type::Ref { name } if env.dtos.contains_key(name) => {
            sample_value(ty, None, None, env, api, 0).unwrap_or_else(|| vec![code("Default::default()")])
        }
        Type::Ref { name } if env.enums.contains_key(name) => {
            vec![code(format!("models::{}::from(", env.enums[name])), lit(String::new()), code(")")]
        }
        _ => vec![code("serde_json::Value::Null")],
    }
}

/// A sample as a literal an `impl Into<Number>` argument accepts: integers that fit an `i32`
/// unsuffixed (the literal's default type), larger ones suffixed, fractions as `f64`.
fn number_literal(sample: &str) -> Option<String> {
    if let Ok(n) = sample.parse::<i64>() {
        return Some(if i32::try_from(n).is_ok() { n.to_string() } else { format!("{n}_i64") });
    }
    if let Ok(n) = sample.parse::<u64>() {
        return Some(format!("{n}_u64"));
    }
    sample.parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| format!("{n:?}"))
}

fn list(items: Vec<Vec<Tok>>) -> Vec<Tok> {
    let mut out = vec![code("vec![")];
    for (i, it) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(code(", "));
        }
        out.extend(it);
    }
    out.push(code("]"));
    out
}
