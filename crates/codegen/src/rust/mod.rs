//! IR → a Rust client crate, through the Tera templates in `templates/`.
//!
//! Data flows one way: `context` turns the IR into template data (naming everything through
//! `names`, typing through `types`), `templates` renders it (document text only through the
//! escaping `filters`), `format` parses and pretty-prints each Rust file.

mod context;
mod examples;
mod features;
mod filters;
mod format;
pub(crate) mod names;
mod paging;
mod sdk_ops;
mod secrets;
mod shared_enums;
mod templates;
mod types;

use crate::OutputFile;
use docir::diag::Diagnostic;
use docir::ir::Api;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the caller decides about the generated crate.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Cargo package name of the generated crate (`authing-sdk`).
    pub crate_name: String,
    pub crate_version: String,
    /// A folder of templates replacing the built-in ones (same file names).
    pub templates: Option<PathBuf>,
    /// Default host per client name (`codegen.toml` `[clients.X] host`); the management client
    /// otherwise defaults to the service's public host, an app client has none.
    pub hosts: BTreeMap<String, String>,
    /// One cargo feature per tag besides one per client (default); without, the code is
    /// gated on the client features only (what a build script's crate declares).
    pub tag_features: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            crate_name: crate::DEFAULT_CRATE_NAME.into(),
            crate_version: "0.1.0".into(),
            templates: None,
            hosts: BTreeMap::new(),
            tag_features: true,
        }
    }
}

/// The rendered crate: files relative to the crate root, and what was reported on the way.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template error: {0}")]
    Template(String),
    #[error("templates folder {path}: {message}")]
    TemplateDir { path: PathBuf, message: String },
    /// A template produced Rust that does not parse (a template bug, never document text).
    #[error("{file} is not valid Rust: {message}")]
    Syntax { file: String, message: String },
    #[error("invalid crate name `{0}`: use letters, digits, `-` and `_`, starting with a letter")]
    CrateName(String),
}

/// Lint of the SDK-side operations (`Api::sdk_operations`) against the built-in runtime's items
/// that implement them: warnings for either side without the other, and a note with the count.
/// [`prepare`] does the same with the runtime files it loads (built in or replaced).
pub fn check_sdk_operations(api: &Api, diagnostics: &mut Vec<Diagnostic>) {
    sdk_ops::check(api, templates::VERBATIM.iter().copied(), diagnostics);
}

/// The crate named and typed, ready to render: every diagnostic the renderer has (name
/// collisions, renamings) is known here, before any output is made.
pub struct Prepared {
    ctx: context::CrateCtx,
    templates: templates::Templates,
    /// What naming and typing reported, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Names and types everything of the crate and loads the templates, without rendering.
///
/// # Errors
/// An invalid crate name, or a templates folder that cannot be read or does not parse.
pub fn prepare(api: &Api, opts: &RenderOptions) -> Result<Prepared, RenderError> {
    let valid_name = opts.crate_name.starts_with(|c: char| c.is_ascii_alphabetic())
        && opts.crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        return Err(RenderError::CrateName(opts.crate_name.clone()));
    }
    let mut diagnostics = Vec::new();
    let ctx = context::build(api, opts, &mut diagnostics);
    let mut templates = templates::load(opts.templates.as_deref())?;
    // The runtime's items that implement documented SDK-side operations: checked against the
    // pages (lint), then given the pages' documentation in place of their marker lines.
    sdk_ops::check(api, templates.verbatim.iter().map(|(n, t)| (n.as_str(), t.as_str())), &mut diagnostics);
    for (_, text) in &mut templates.verbatim {
        *text = sdk_ops::inject(text, api);
    }
    docir::diag::normalize(&mut diagnostics);
    Ok(Prepared { ctx, templates, diagnostics })
}

impl Prepared {
    /// Renders the files of the crate, sorted by path.
    ///
    /// # Errors
    /// A template that fails, or produces Rust that does not parse (a template bug).
    pub fn render(&self) -> Result<Vec<OutputFile>, RenderError> {
        let mut files = templates::render_all(&self.templates.tera, &self.ctx)?
            .into_par_iter()
            .map(|(path, contents)| {
                let contents = if path.ends_with(".rs") { format::rust(&path, &contents)? } else { contents };
                Ok(OutputFile { path, contents })
            })
            .collect::<Result<Vec<_>, RenderError>>()?;
        // The runtime is hand-written Rust: copied as it is (and checked to parse).
        for (name, contents) in &self.templates.verbatim {
            let path = format!("src/{name}");
            syn::parse_file(contents)
                .map_err(|e| RenderError::Syntax { file: path.clone(), message: e.to_string() })?;
            // Doc examples name the harness crate; here they name the generated one.
            let contents = contents.replace("sdk_runtime::", &format!("{}::", self.ctx.crate_ident));
            files.push(OutputFile { path, contents: format!("{}{contents}", format::HEADER) });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

/// Renders the IR into the files of a crate, sorted by path. The output depends only on the IR
/// and the options: rendering twice gives the same bytes.
///
/// # Errors
/// As [`prepare`] and [`Prepared::render`].
pub fn render(api: &Api, opts: &RenderOptions) -> Result<Rendered, RenderError> {
    let prepared = prepare(api, opts)?;
    let files = prepared.render()?;
    Ok(Rendered { files, diagnostics: prepared.diagnostics })
}
