//! Small builders for the unit tests of merge: pages, rows and IR items with only the facts a
//! test sets.

use crate::blocks::Format;
use crate::cells::{Sample, TypeCell};
use crate::diag::Loc;
use crate::ir::{Dto, Endpoint, Field, Http, HttpMethod, Limits, Localized, Param, ParamLocation, Sourced, Type};
use crate::lower::{PageEndpoint, RawField, is_slug};
use std::path::Path;
use std::sync::Arc;

/// A Markdown page at `path` (folders and slug from the path), with a method line naming
/// `client` when given and the method `name` when given.
pub fn page(path: &str, client: Option<&str>, name: Option<&str>) -> PageEndpoint {
    let file: Arc<str> = Arc::from(path);
    let at = Loc::new(&file, 1);
    let p = Path::new(path);
    let folders = p.parent().map(|d| d.iter().map(|c| c.to_string_lossy().into_owned()).collect()).unwrap_or_default();
    let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    PageEndpoint {
        file: file.clone(),
        format: Format::Markdown,
        locale: None,
        at: at.clone(),
        folders,
        file_slug: is_slug(&stem).then_some(stem),
        client: client.map(|c| (c.to_owned(), at.clone())),
        method_name: name.map(|n| (n.to_owned(), at.clone())),
        sample_clients: Vec::new(),
        sample_dto: None,
        title: None,
        description: None,
        request_at: None,
        params: Vec::new(),
        response_dto: None,
        response_fields: Vec::new(),
        response_at: None,
        dtos: Vec::new(),
        code_pairs: Vec::new(),
        fused: None,
        request_dto: None,
        printed: Vec::new(),
    }
}

/// A row naming `name`, with nothing else known.
pub fn field(name: &str) -> RawField {
    RawField {
        name: Some(name.to_owned()),
        ty: TypeCell::Empty,
        ty_text: String::new(),
        required: None,
        default: None,
        desc: Default::default(),
        sample: None,
        at: Loc::new(&Arc::from("t.md"), 1),
        query_style: None,
        index: 0,
    }
}

pub fn sample(text: &str, quoted: bool) -> Sample {
    Sample { text: text.to_owned(), quoted }
}

fn loc() -> Loc {
    Loc::new(&Arc::from("ir.md"), 1)
}

/// An IR string field.
pub fn ir_field(name: &str) -> Field {
    Field {
        name: name.into(),
        ty: Type::String,
        required: false,
        sample: None,
        description: Localized::default(),
        limits: Limits::default(),
        enum_ref: None,
        from: vec![loc()],
    }
}

/// An IR string body parameter.
pub fn ir_param(name: &str) -> Param {
    Param { property: ir_field(name), location: ParamLocation::Body, default: None }
}

pub fn dto(name: &str, fields: Vec<Field>) -> Dto {
    Dto { name: name.into(), fields, has_required_column: true, from: vec![loc()] }
}

/// An endpoint whose request DTO is `request_dto`.
pub fn endpoint(request_dto: &str, params: Vec<Param>) -> Endpoint {
    Endpoint {
        module: "m".into(),
        client: "MClient".into(),
        name: "x".into(),
        names: Default::default(),
        slug: "x".into(),
        tag: None,
        http: Http {
            method: HttpMethod::Post,
            path: "/x".into(),
            confidence: Default::default(),
            evidence: vec![],
            unconfirmed: None,
        },
        summary: Localized::default(),
        description: Localized::default(),
        params,
        request_dto: Sourced::new(request_dto.into(), vec![]),
        response: None,
        sources: vec![loc()],
        client_auth: Vec::new(),
    }
}
