//! IR → a Rust client crate, through the Tera templates in `templates/`.
//!
//! Data flows one way: `context` turns the IR into template data (naming everything through
//! `names`, typing through `types`), `templates` renders it (document text only through the
//! escaping `filters`), `format` parses and pretty-prints each Rust file.

mod context;
mod examples;
mod filters;
mod format;
pub(crate) mod names;
mod secrets;
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
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            crate_name: "api-sdk".into(),
            crate_version: "0.1.0".into(),
            templates: None,
            hosts: BTreeMap::new(),
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

/// Renders the IR into the files of a crate, sorted by path. The output depends only on the IR
/// and the options: rendering twice gives the same bytes.
pub fn render(api: &Api, opts: &RenderOptions) -> Result<Rendered, RenderError> {
    let valid_name = opts.crate_name.starts_with(|c: char| c.is_ascii_alphabetic())
        && opts.crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        return Err(RenderError::CrateName(opts.crate_name.clone()));
    }
    let mut diagnostics = Vec::new();
    let ctx = context::build(api, opts, &mut diagnostics);
    let templates = templates::load(opts.templates.as_deref())?;
    let mut files = templates::render_all(&templates.tera, &ctx)?
        .into_par_iter()
        .map(|(path, contents)| {
            let contents = if path.ends_with(".rs") { format::rust(&path, &contents)? } else { contents };
            Ok(OutputFile { path, contents })
        })
        .collect::<Result<Vec<_>, RenderError>>()?;
    // The runtime is hand-written Rust: copied as it is (and checked to parse).
    for (name, contents) in templates.verbatim {
        let path = format!("src/{name}");
        syn::parse_file(&contents).map_err(|e| RenderError::Syntax { file: path.clone(), message: e.to_string() })?;
        // Doc examples name the harness crate; here they name the generated one.
        let contents = contents.replace("sdk_runtime::", &format!("{}::", ctx.crate_ident));
        files.push(OutputFile { path, contents: format!("{}{contents}", format::HEADER) });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    docir::diag::normalize(&mut diagnostics);
    Ok(Rendered { files, diagnostics })
}
