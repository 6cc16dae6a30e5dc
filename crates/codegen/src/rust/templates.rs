//! The templates: built into the library from the repository's `templates/` folder (so the
//! generator works from any directory), optionally replaced file by file from a folder.

use super::RenderError;
use super::context::{ClientCtx, ClientKind, CrateCtx, EndpointCtx, FeatureCtx, ModelFileCtx};
use super::filters;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use tera::{Context, Tera};

/// Built-in templates, by file name.
const BUILT_IN: &[(&str, &str)] = &[
    ("Cargo.toml.tera", include_str!("../../../../templates/Cargo.toml.tera")),
    ("README.md.tera", include_str!("../../../../templates/README.md.tera")),
    ("rustfmt.toml.tera", include_str!("../../../../templates/rustfmt.toml.tera")),
    ("lib.rs.tera", include_str!("../../../../templates/lib.rs.tera")),
    ("models_mod.rs.tera", include_str!("../../../../templates/models_mod.rs.tera")),
    ("models.rs.tera", include_str!("../../../../templates/models.rs.tera")),
    ("client_management.rs.tera", include_str!("../../../../templates/client_management.rs.tera")),
    ("client_app.rs.tera", include_str!("../../../../templates/client_app.rs.tera")),
    ("client_methods.tera", include_str!("../../../../templates/client_methods.tera")),
    ("macros.tera", include_str!("../../../../templates/macros.tera")),
];

/// The runtime: Rust files copied as they are into `src/` (compiled and unit-tested on their own
/// as the `sdk-runtime` package in `templates/runtime/`).
pub const VERBATIM: &[(&str, &str)] = &[
    ("error.rs", include_str!("../../../../templates/runtime/src/error.rs")),
    ("number.rs", include_str!("../../../../templates/runtime/src/number.rs")),
    ("runtime.rs", include_str!("../../../../templates/runtime/src/runtime.rs")),
    ("oidc.rs", include_str!("../../../../templates/runtime/src/oidc.rs")),
    ("cas.rs", include_str!("../../../../templates/runtime/src/cas.rs")),
    ("saml.rs", include_str!("../../../../templates/runtime/src/saml.rs")),
    ("events.rs", include_str!("../../../../templates/runtime/src/events.rs")),
    ("paging.rs", include_str!("../../../../templates/runtime/src/paging.rs")),
];

/// The templates and the runtime files, each replaceable from a folder.
pub struct Templates {
    pub tera: Tera,
    /// `(file name, text)` of the runtime files, copied to `src/`.
    pub verbatim: Vec<(String, String)>,
}

/// The built-in templates and runtime files, with each file of `dir` (`*.tera`, or a runtime
/// file's name such as `runtime.rs`) replacing the one of that name.
pub fn load(dir: Option<&Path>) -> Result<Templates, RenderError> {
    let mut sources: Vec<(String, String)> = BUILT_IN.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    let mut verbatim: Vec<(String, String)> = VERBATIM.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    if let Some(dir) = dir {
        let err = |message: String| RenderError::TemplateDir { path: dir.to_path_buf(), message };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| err(e.to_string()))?
            .collect::<Result<_, _>>()
            .map_err(|e| err(e.to_string()))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let runtime_file = verbatim.iter().position(|(n, _)| *n == name);
            if !name.ends_with(".tera") && runtime_file.is_none() {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).map_err(|e| err(format!("{name}: {e}")))?;
            if let Some(i) = runtime_file {
                verbatim[i].1 = text;
                continue;
            }
            match sources.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name, text)),
            }
        }
    }
    let mut tera = Tera::default();
    // Generated code is not HTML: nothing may be HTML-escaped; the filters escape for Rust.
    tera.autoescape_on(Vec::new());
    filters::register(&mut tera);
    tera.add_raw_templates(sources).map_err(|e| RenderError::Template(chain(&e)))?;
    Ok(Templates { tera, verbatim })
}

/// What every template sees: the crate, and its clients and model files in summary (a
/// client's `endpoints` carry their method names only); the file's own template also gets
/// `file` (a models file) or `client` (a client), in full.
#[derive(Serialize)]
struct Summary<'a> {
    crate_name: &'a str,
    crate_ident: &'a str,
    version: &'a str,
    clients: Vec<ClientSummary<'a>>,
    model_files: Vec<FileSummary<'a>>,
    /// One feature per tag besides one per client.
    tag_features: bool,
}

#[derive(Serialize)]
struct ClientSummary<'a> {
    name: &'a str,
    builder: &'a str,
    module: &'a str,
    /// How it authenticates (`management` or `app`).
    kind: ClientKind,
    /// Crate-doc lines on how this client authenticates.
    protocol: &'static [&'static str],
    /// Builder calls of its examples.
    example_builder: &'static [&'static str],
    endpoints: Vec<EndpointSummary<'a>>,
    /// Its tag features, and the `cfg` predicate of its module (any of them).
    features: &'a [FeatureCtx],
    cfg: &'a str,
    /// The endpoint the quick start calls, in full (`ClientCtx::quick_start`).
    quick_start: Option<&'a EndpointCtx>,
}

#[derive(Serialize)]
struct EndpointSummary<'a> {
    method: &'a str,
}

#[derive(Serialize)]
struct FileSummary<'a> {
    module: &'a str,
    feature: Option<&'a str>,
    cfg: &'a str,
}

#[derive(Serialize)]
struct Job<'a> {
    #[serde(flatten)]
    summary: &'a Summary<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a ModelFileCtx>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client: Option<&'a ClientCtx>,
}

/// Renders every file of the crate: `(path, text)`. Each file is rendered on its own, in
/// parallel (the model and client files are large), from a context holding only what it needs.
pub fn render_all(tera: &Tera, ctx: &CrateCtx) -> Result<Vec<(String, String)>, RenderError> {
    let summary = Summary {
        crate_name: &ctx.crate_name,
        crate_ident: &ctx.crate_ident,
        version: &ctx.version,
        clients: ctx
            .clients
            .iter()
            .map(|c| ClientSummary {
                name: &c.name,
                builder: &c.builder,
                module: &c.module,
                kind: c.kind,
                protocol: c.kind.protocol(),
                example_builder: c.example_builder,
                endpoints: c.endpoints.iter().map(|e| EndpointSummary { method: &e.method }).collect(),
                features: &c.features,
                cfg: &c.cfg,
                quick_start: c.quick_start(),
            })
            .collect(),
        model_files: ctx
            .model_files
            .iter()
            .map(|f| FileSummary { module: &f.module, feature: f.feature.as_deref(), cfg: &f.cfg })
            .collect(),
        tag_features: ctx.tag_features,
    };
    let mut jobs: Vec<(String, &str, Job)> = [
        ("Cargo.toml", "Cargo.toml.tera"),
        ("README.md", "README.md.tera"),
        ("rustfmt.toml", "rustfmt.toml.tera"),
        ("src/lib.rs", "lib.rs.tera"),
        ("src/models/mod.rs", "models_mod.rs.tera"),
    ]
    .into_iter()
    .map(|(path, template)| (path.to_string(), template, Job { summary: &summary, file: None, client: None }))
    .collect();
    for f in &ctx.model_files {
        jobs.push((
            format!("src/models/{}.rs", f.module),
            "models.rs.tera",
            Job { summary: &summary, file: Some(f), client: None },
        ));
    }
    for c in &ctx.clients {
        jobs.push((
            format!("src/{}.rs", c.module),
            c.kind.template(),
            Job { summary: &summary, file: None, client: Some(c) },
        ));
    }
    jobs.into_par_iter()
        .map(|(path, template, job)| {
            let c = Context::from_serialize(&job).map_err(|e| RenderError::Template(chain(&e)))?;
            let text =
                tera.render(template, &c).map_err(|e| RenderError::Template(format!("{template}: {}", chain(&e))))?;
            Ok((path, text))
        })
        .collect()
}

/// Tera errors keep the useful part (which variable, which line) in their sources.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
