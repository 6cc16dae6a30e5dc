//! IR → a Rust client crate, through the Tera templates in `templates/`.
//!
//! The renderer only prepares a context; the Rust shape lives in the templates. Text from the
//! documents reaches the output only through the escaping filters.

use crate::OutputFile;
use docir::diag::Diagnostic;
use docir::ir::Api;
use std::path::PathBuf;

/// What the caller decides about the generated crate.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Cargo package name of the generated crate (`authing-sdk`).
    pub crate_name: String,
    pub crate_version: String,
    /// A folder of templates replacing the built-in ones (same file names).
    pub templates: Option<PathBuf>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { crate_name: "api-sdk".into(), crate_version: "0.1.0".into(), templates: None }
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
}

/// Renders the IR into the files of a crate.
pub fn render(_api: &Api, _opts: &RenderOptions) -> Result<Rendered, RenderError> {
    Ok(Rendered::default())
}
