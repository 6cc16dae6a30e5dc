//! Which generated types are `#[non_exhaustive]`, read from what the templates really render.
//!
//! Whether an addition breaks callers depends on it: a field added to a struct that callers can
//! build with a struct literal, or a variant added to an enum they can match exhaustively, stops
//! their code compiling. Rather than assume, `detect` renders a one-endpoint probe API with the
//! templates in use and looks at the attributes of the request struct, the model and the enum.

use crate::rust::{RenderOptions, render};
use docir::ir::Api;
use std::path::Path;

/// `true` where the generated type is `#[non_exhaustive]` (an addition is then minor).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shapes {
    /// The request structs (`CreateWidgetRequest`).
    pub requests: bool,
    /// The models (DTO structs).
    pub models: bool,
    /// The enums.
    pub enums: bool,
}

/// The probe: one endpoint with an optional enum parameter that returns a model.
const PROBE: &str = r#"{"clients":{"ProbeClient":{"name":"ProbeClient","module":"probe","endpoints":["probe/probe-call"]}},
  "endpoints":{"probe/probe-call":{"module":"probe","client":"ProbeClient","name":"probeCall","names":{},"slug":"probe-call",
    "http":{"method":"POST","path":"/probe-call","evidence":[]},"summary":{},"description":{},
    "params":[{"name":"probeParam","location":"body","type":{"kind":"string"},"required":false,"enum_ref":"ProbeEnum","from":[]}],
    "request_dto":{"value":"ProbeCallDto"},
    "response":{"dto":"ProbeRespDto","data":{"kind":"ref","name":"ProbeModel"},"from":[]},"sources":[]}},
  "dtos":{"ProbeModel":{"name":"ProbeModel","fields":[{"name":"probeField","type":{"kind":"string"},"required":false,"from":[]}],
    "has_required_column":false,"from":[]}},
  "enums":{"ProbeEnum":{"name":"ProbeEnum","values":[{"value":"PROBE_VALUE","from":[]}]}}}"#;

/// Renders the probe with `templates` (the built-in ones when `None`) and reads the shapes.
/// A type the probe cannot find (templates that name things otherwise) counts as exhaustive,
/// the safe assumption: additions to it are then breaking.
pub fn detect(templates: Option<&Path>) -> Shapes {
    let Ok(api) = serde_json::from_str::<Api>(PROBE) else { return Shapes::default() };
    let opts = RenderOptions { templates: templates.map(Path::to_path_buf), ..RenderOptions::default() };
    let Ok(rendered) = render(&api, &opts) else { return Shapes::default() };
    let mut shapes = Shapes::default();
    for f in rendered.files.iter().filter(|f| f.path.ends_with(".rs")) {
        let Ok(file) = syn::parse_file(&f.contents) else { continue };
        for item in &file.items {
            let (name, attrs) = match item {
                syn::Item::Struct(s) => (s.ident.to_string(), &s.attrs),
                syn::Item::Enum(e) => (e.ident.to_string(), &e.attrs),
                _ => continue,
            };
            let open = attrs.iter().any(|a| a.path().is_ident("non_exhaustive"));
            match name.as_str() {
                "ProbeCallRequest" => shapes.requests = open,
                "ProbeModel" => shapes.models = open,
                "ProbeEnum" => shapes.enums = open,
                _ => {}
            }
        }
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in templates today: requests, models and enums are `#[non_exhaustive]`, so
    /// additions do not break. When the templates change, this test (and the README's rules)
    /// must follow.
    #[test]
    fn built_in_templates_render_non_exhaustive_types() {
        assert_eq!(detect(None), Shapes { requests: true, models: true, enums: true });
    }

    #[test]
    fn a_template_with_exhaustive_structs_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates");
        for e in std::fs::read_dir(&src).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                continue; // templates/runtime: the runtime crate, not templates
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let text = if p.file_name().unwrap() == "macros.tera" {
                // Every struct the macros render becomes exhaustive.
                text.replace("#[non_exhaustive]\npub struct", "pub struct")
            } else {
                text
            };
            std::fs::write(dir.path().join(p.file_name().unwrap()), text).unwrap();
        }
        let s = detect(Some(dir.path()));
        assert!(!s.models && !s.requests, "{s:?}");
        assert!(s.enums, "{s:?}");
    }
}
