//! The library API, for the CLI and for build scripts, in the style of `prost_build::Config`.
//!
//! A crate that regenerates the SDK from its own copy of the pages on every build that
//! changes them (see `examples/buildrs-sdk` in the repository for the complete crate):
//!
//! ```toml
//! # Cargo.toml
//! [build-dependencies]
//! codegen = { path = "../crates/codegen" }
//!
//! [dependencies]   # what the generated code uses
//! reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "json"] }
//! serde = { version = "1", features = ["derive"] }
//! serde_json = "1"
//! thiserror = "2"
//! tokio = { version = "1", features = ["sync", "time"] }
//! ```
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     let generated = codegen::Builder::new()
//!         .input("docs")                 // folders of pages, searched recursively
//!         .crate_name("authing_sdk")     // the name of the generated module file
//!         .emit_rerun_if_changed(true)   // cargo:rerun-if-changed per input file, folder, template
//!         .write();                      // into $OUT_DIR, only if changed; warnings → cargo:warning=
//!     if let Err(e) = generated {
//!         // Errors name the page and line; the build fails with them.
//!         panic!("{e}");
//!     }
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/authing_sdk.rs"));
//! ```
//!
//! With [`Layout::Crate`] (what `cargo run -p codegen` uses) the output is a standalone crate
//! (`Cargo.toml`, `src/...`, `openapi.json`, `ir.json`); with [`Layout::Module`] (the default
//! for build scripts) it is one `<name>.rs` file to `include!`.

// The example above is a build script, whose `main` is the point.
#![allow(clippy::needless_doctest_main)]

use crate::config::{self, CrateSettings};
use crate::rust::{RenderError, RenderOptions};
use crate::write::{self, WriteError, WriteReport};
use crate::{OutputFile, openapi};
use docir::diag::{Diagnostic, Severity};
use docir::{InputError, Stats};
use heck::ToSnakeCase;
use std::path::{Path, PathBuf};

/// What shape the output has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A standalone crate: `Cargo.toml`, `src/lib.rs`, ...
    Crate,
    /// One Rust file holding the SDK as modules, for `include!` from a build script.
    Module,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("the pages have {} error(s):\n{}", .0.len(), .0.iter().map(crate::report::short).collect::<Vec<_>>().join("\n"))]
    Documents(Vec<Diagnostic>),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("no output folder: set `out_dir` (or run from a build script, where OUT_DIR is set)")]
    NoOutDir,
    #[error("cannot make one module file: {0}")]
    Module(String),
}

impl Error {
    /// Whether the error is about the input itself (missing folder, unreadable file), which the
    /// CLI reports with exit code 2.
    pub fn is_unreadable_input(&self) -> bool {
        match self {
            Error::Input(_) => true,
            Error::Documents(d) => d.iter().any(|d| d.code == docir::diag::Code::Unreadable),
            _ => false,
        }
    }
}

/// The result of a generation: files in memory and everything reported.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<OutputFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    /// Every input file, folder and template read (what `rerun-if-changed` lists).
    pub dependencies: Vec<PathBuf>,
    pub crate_name: String,
}

/// Configures and runs a generation.
#[derive(Clone, Debug)]
pub struct Builder {
    inputs: Vec<PathBuf>,
    templates: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    crate_name: Option<String>,
    crate_version: Option<String>,
    layout: Layout,
    emit_rerun_if_changed: bool,
    openapi: bool,
    ir: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// A builder for build scripts: module layout into `$OUT_DIR`, no OpenAPI or IR files.
    pub fn new() -> Self {
        Builder {
            inputs: Vec::new(),
            templates: None,
            out_dir: None,
            crate_name: None,
            crate_version: None,
            layout: Layout::Module,
            emit_rerun_if_changed: false,
            openapi: false,
            ir: false,
        }
    }

    /// Adds a folder (searched recursively) or file of pages.
    pub fn input(mut self, path: impl Into<PathBuf>) -> Self {
        self.inputs.push(path.into());
        self
    }
    /// A folder of templates replacing the built-in ones (same file names).
    pub fn templates(mut self, dir: impl Into<PathBuf>) -> Self {
        self.templates = Some(dir.into());
        self
    }
    /// Where to write; defaults to `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }
    /// The crate (and module file) name; defaults to `codegen.toml`'s, else `api-sdk`.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = Some(version.into());
        self
    }
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }
    /// Print `cargo:rerun-if-changed` for every input file, input folder and template.
    pub fn emit_rerun_if_changed(mut self, on: bool) -> Self {
        self.emit_rerun_if_changed = on;
        self
    }
    /// Also write `openapi.json` (crate layout).
    pub fn openapi(mut self, on: bool) -> Self {
        self.openapi = on;
        self
    }
    /// Also write `ir.json` (crate layout).
    pub fn ir(mut self, on: bool) -> Self {
        self.ir = on;
        self
    }

    /// Reads the pages and renders the output in memory. Fails when the pages have errors.
    pub fn generate(&self) -> Result<Generated, Error> {
        let mut timings = docir::pipeline::Timings::default();
        let build = docir::build(&self.inputs)?;
        timings.lap("read");
        let mut diagnostics = build.diagnostics;
        let mut api = build.api;
        let configs = config::load(&self.inputs, &mut diagnostics);
        let settings: CrateSettings = config::apply(&mut api, &configs, &mut diagnostics);
        let crate_name = self.crate_name.clone().or(settings.name.clone()).unwrap_or_else(|| "api-sdk".to_owned());
        // Included into another crate, the SDK's paths (doc examples, the version header) are
        // that crate's: in a build script cargo names it in CARGO_PKG_NAME.
        let package = match self.layout {
            Layout::Module => std::env::var("CARGO_PKG_NAME").ok().filter(|_| std::env::var_os("OUT_DIR").is_some()),
            Layout::Crate => None,
        };
        let opts = RenderOptions {
            crate_name: package.unwrap_or_else(|| crate_name.clone()),
            crate_version: self
                .crate_version
                .clone()
                .or(settings.version.clone())
                .unwrap_or_else(|| "0.1.0".to_owned()),
            templates: self.templates.clone(),
            hosts: settings.hosts.clone(),
        };
        // The JSON outputs do not depend on the SDK: made while it renders.
        let crate_layout = self.layout == Layout::Crate;
        let (rendered, json) = rayon::join(
            || crate::rust::render(&api, &opts),
            || {
                let mut out = Vec::new();
                if crate_layout && self.openapi {
                    let doc = openapi::openapi(&api, &crate_name, &opts.crate_version);
                    out.push(OutputFile { path: "openapi.json".into(), contents: pretty(&doc) });
                }
                if crate_layout && self.ir {
                    out.push(OutputFile { path: "ir.json".into(), contents: pretty(&api) });
                }
                out
            },
        );
        let rendered = rendered?;
        timings.lap("render+json");
        diagnostics.extend(rendered.diagnostics);
        docir::diag::normalize(&mut diagnostics);
        let errors: Vec<Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
        if !errors.is_empty() {
            return Err(Error::Documents(errors));
        }
        let mut files = match self.layout {
            Layout::Crate => rendered.files,
            Layout::Module => {
                vec![crate::module::flatten(&rendered.files, &crate_name.to_snake_case()).map_err(Error::Module)?]
            }
        };
        files.extend(json);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut dependencies = build.files;
        dependencies.extend(self.inputs.iter().cloned());
        dependencies.extend(configs_paths(&self.inputs));
        if let Some(t) = &self.templates {
            dependencies.push(t.clone());
            if let Ok(rd) = std::fs::read_dir(t) {
                let mut ts: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
                ts.sort();
                dependencies.extend(ts);
            }
        }
        Ok(Generated { files, diagnostics, stats: build.stats, dependencies, crate_name })
    }

    fn resolve_out_dir(&self) -> Result<PathBuf, Error> {
        self.out_dir.clone().or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from)).ok_or(Error::NoOutDir)
    }

    /// Generates and writes the output (only files that changed; see [`crate::write`]).
    /// In a build script, diagnostics are printed as `cargo:warning=` lines.
    pub fn write(&self) -> Result<(Generated, WriteReport), Error> {
        let in_build_script = self.out_dir.is_none() && std::env::var_os("OUT_DIR").is_some();
        let generated = match self.generate() {
            Ok(g) => g,
            Err(e) => {
                if self.emit_rerun_if_changed {
                    // Still rerun when the pages are fixed.
                    for p in &self.inputs {
                        println!("cargo:rerun-if-changed={}", p.display());
                    }
                }
                return Err(e);
            }
        };
        let out = self.resolve_out_dir()?;
        let mut timings = docir::pipeline::Timings::default();
        let report = write::write(&out, &generated.files)?;
        timings.lap("write");
        if self.emit_rerun_if_changed {
            for p in &generated.dependencies {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
        if in_build_script || self.emit_rerun_if_changed {
            for d in generated.diagnostics.iter().filter(|d| d.severity >= Severity::Warning) {
                println!("cargo:warning={}", crate::report::short(d).replace('\n', " "));
            }
        }
        Ok((generated, report))
    }

    /// Compares what would be generated with `out_dir` (nothing is written).
    pub fn check(&self) -> Result<(Generated, Vec<write::Difference>), Error> {
        let generated = self.generate()?;
        let out = self.resolve_out_dir()?;
        let diffs = write::check(&out, &generated.files)?;
        Ok((generated, diffs))
    }
}

fn configs_paths(inputs: &[PathBuf]) -> Vec<PathBuf> {
    inputs.iter().map(|d| d.join(config::FILE_NAME)).filter(|p| p.is_file()).collect()
}

fn pretty<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The default output folder of the CLI: `generated/<crate name>`.
pub fn default_out_dir(crate_name: &str) -> PathBuf {
    Path::new("generated").join(crate_name)
}
