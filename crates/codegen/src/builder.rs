//! The library API, for the CLI and for build scripts, in the style of `prost_build::Config`.
//!
//! A crate that regenerates the SDK from its own copy of the pages on every build that
//! changes them (see `examples/buildrs-sdk` in the repository for the complete crate):
//!
//! ```toml
//! # Cargo.toml
//! [build-dependencies]
//! codegen = { path = "../crates/codegen", default-features = false }   # no CLI dependencies
//!
//! [dependencies]   # what the generated code uses
//! backon = { version = "1", default-features = false, features = ["std", "tokio-sleep"] }
//! reqwest = { version = "0.13", default-features = false, features = ["rustls", "system-proxy", "json", "query", "form"] }
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

use crate::config::{self, Applied};
use crate::rust::{Prepared, RenderError, RenderOptions};
use crate::write::{self, WriteError, WriteReport};
use crate::{DEFAULT_CRATE_NAME, OutputFile, openapi};
use docir::diag::{Code, Diagnostic, Severity};
use docir::ir::Api;
use docir::{InputError, Stats};
use heck::ToSnakeCase;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What shape the output has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A standalone crate: `Cargo.toml`, `src/lib.rs`, ...
    Crate,
    /// One Rust file holding the SDK as modules, for `include!` from a build script.
    Module,
}

/// Why a generation failed. [`Error::exit_code`] is the CLI's exit code for it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("the pages have {} error(s):\n{}", .0.len(), .0.iter().map(crate::report::short).collect::<Vec<_>>().join("\n"))]
    Documents(Vec<Diagnostic>),
    /// The inputs yield no endpoint: nothing is written or deleted.
    #[error(
        "no endpoint found in {}: {files} file(s) read, {}; nothing was written",
        .inputs.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", "),
        skipped_summary(.skipped)
    )]
    NoEndpoints {
        inputs: Vec<PathBuf>,
        files: usize,
        /// Why files were not endpoint pages: reason → count.
        skipped: BTreeMap<String, usize>,
    },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("no output folder: set `out_dir` (or run from a build script, where OUT_DIR is set)")]
    NoOutDir,
    #[error("cannot make one module file: {0}")]
    Module(String),
}

fn skipped_summary(skipped: &BTreeMap<String, usize>) -> String {
    if skipped.is_empty() {
        return "none of them a page".into();
    }
    let parts: Vec<String> = skipped.iter().map(|(why, n)| format!("{n} {why}")).collect();
    format!("skipped: {}", parts.join(", "))
}

impl Error {
    /// The documented exit code: 2 for bad usage or input that cannot be read at all (a missing
    /// folder, an undecodable page, a templates folder that does not load, an invalid crate
    /// name, no output folder); 1 for everything else (errors in the pages, no endpoint, a
    /// file the generator would overwrite without owning it, a failed write).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::NoOutDir => 2,
            Error::Documents(d) if d.iter().any(|d| d.code == Code::Unreadable) => 2,
            Error::Render(RenderError::TemplateDir { .. } | RenderError::CrateName(_)) => 2,
            _ => 1,
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

/// What the process environment says, read once at the edge (see [`Builder::write`]): in a
/// build script cargo sets `OUT_DIR`, and names the including crate in `CARGO_PKG_NAME`.
#[derive(Clone, Debug, Default)]
struct BuildEnv {
    out_dir: Option<PathBuf>,
    package: Option<String>,
}

impl BuildEnv {
    fn read() -> Self {
        let out_dir = std::env::var_os("OUT_DIR").map(PathBuf::from);
        let package = std::env::var("CARGO_PKG_NAME").ok().filter(|_| out_dir.is_some());
        BuildEnv { out_dir, package }
    }
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
    force: bool,
    /// `None`: on for the crate layout, off for a module.
    tag_features: Option<bool>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// The pages read, `codegen.toml` applied and everything named: every diagnostic of the run is
/// known, nothing is written. `lint`, `generate`, `check` and build scripts all report
/// [`Loaded::diagnostics`], so they report the same set.
pub struct Loaded {
    pub api: Api,
    /// Every diagnostic, from reading to naming, sorted.
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    /// The crate (and module file) name: the caller's, else `codegen.toml`'s, else
    /// [`DEFAULT_CRATE_NAME`].
    pub crate_name: String,
    pub crate_version: String,
    /// Every input file, folder, configuration and template read.
    pub dependencies: Vec<PathBuf>,
    /// The file table: every page and configuration file read, with its text, by the name
    /// diagnostics and the IR use (for showing snippets; see [`crate::report`]).
    pub sources: docir::Files,
    inputs: Vec<PathBuf>,
    prepared: Prepared,
    layout: Layout,
    openapi: bool,
    ir: bool,
}

impl Loaded {
    /// The errors among the diagnostics.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect()
    }

    /// Fails when the output would be wrong or empty: the pages have errors, or no endpoint.
    ///
    /// # Errors
    /// [`Error::Documents`] with the errors; [`Error::NoEndpoints`] naming the inputs and why
    /// their files were skipped.
    pub fn ensure_output(&self) -> Result<(), Error> {
        let errors = self.errors();
        if !errors.is_empty() {
            return Err(Error::Documents(errors));
        }
        if self.api.endpoints.is_empty() {
            return Err(self.no_endpoints());
        }
        Ok(())
    }

    fn no_endpoints(&self) -> Error {
        let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
        for d in &self.diagnostics {
            if matches!(d.code, Code::PageSkipped | Code::Unreadable) {
                *skipped.entry(skip_reason(d)).or_default() += 1;
            }
        }
        Error::NoEndpoints { inputs: self.inputs.clone(), files: self.stats.files, skipped }
    }

    /// The OpenAPI 3.0 document, titled with the crate name.
    pub fn openapi(&self) -> serde_json::Value {
        openapi::openapi(&self.api, &self.crate_name, &self.crate_version)
    }

    /// The IR as pretty JSON, ending with a newline.
    pub fn ir_json(&self) -> String {
        pretty(&self.api)
    }

    /// Renders every output file in memory (the crate or module file, plus `openapi.json` and
    /// `ir.json` when asked), sorted by path. Does not check [`Loaded::ensure_output`].
    ///
    /// # Errors
    /// A template that fails or produces invalid Rust; a crate that cannot be made one module.
    pub fn sdk(&self) -> Result<Vec<OutputFile>, Error> {
        let crate_layout = self.layout == Layout::Crate;
        // The JSON outputs do not depend on the SDK: made while it renders.
        let (rendered, json) = rayon::join(
            || self.prepared.render(),
            || {
                let mut out = Vec::new();
                if crate_layout && self.openapi {
                    out.push(OutputFile { path: "openapi.json".into(), contents: pretty(&self.openapi()) });
                }
                if crate_layout && self.ir {
                    out.push(OutputFile { path: "ir.json".into(), contents: self.ir_json() });
                }
                out
            },
        );
        let rendered = rendered?;
        let mut files = match self.layout {
            Layout::Crate => rendered,
            Layout::Module => {
                vec![crate::module::flatten(&rendered, &self.crate_name.to_snake_case()).map_err(Error::Module)?]
            }
        };
        files.extend(json);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// [`Loaded::ensure_output`], then [`Loaded::sdk`].
    ///
    /// # Errors
    /// As those two.
    pub fn generate(self) -> Result<Generated, Error> {
        self.ensure_output()?;
        let files = tracing::info_span!("render").in_scope(|| self.sdk())?;
        Ok(Generated {
            files,
            diagnostics: self.diagnostics,
            stats: self.stats,
            dependencies: self.dependencies,
            crate_name: self.crate_name,
        })
    }
}

/// The kind of reason a file was skipped (`not an endpoint page`), from its diagnostic.
fn skip_reason(d: &Diagnostic) -> String {
    if d.code == Code::Unreadable {
        return "unreadable".into();
    }
    let m = d.message.strip_prefix("skipped: ").unwrap_or(&d.message);
    let end = m.find([':', '(', ';']).unwrap_or(m.len());
    m[..end].trim().to_owned()
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
            force: false,
            tag_features: None,
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
    /// The crate (and module file) name; defaults to `codegen.toml`'s, else
    /// [`DEFAULT_CRATE_NAME`].
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }
    /// The crate version; defaults to `codegen.toml`'s, else `0.1.0`.
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = Some(version.into());
        self
    }
    /// The output's shape (default: [`Layout::Module`]).
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
    /// One cargo feature per tag besides one per client, so that an application compiles only
    /// the methods it uses. Default: on for [`Layout::Crate`] (its `Cargo.toml` declares them);
    /// off for [`Layout::Module`], whose code is then gated on the client features only
    /// (`authentication`, `management`), which the including crate declares. When on with a
    /// module, the including crate must declare every tag feature the generated code names.
    pub fn tag_features(mut self, on: bool) -> Self {
        self.tag_features = Some(on);
        self
    }
    /// Write even over files the generator did not write (see [`crate::write::write`]).
    pub fn force(mut self, on: bool) -> Self {
        self.force = on;
        self
    }

    /// The output folder: the one set, else `$OUT_DIR`.
    pub fn out_dir_or_env(&self) -> Option<PathBuf> {
        self.out_dir.clone().or_else(|| BuildEnv::read().out_dir)
    }

    /// Reads the pages and `codegen.toml` and names everything, collecting every diagnostic;
    /// writes nothing. Errors in the pages are diagnostics here, not failures.
    ///
    /// # Errors
    /// An input that cannot be read at all; a templates folder that does not load; an invalid
    /// crate name.
    pub fn load(&self) -> Result<Loaded, Error> {
        self.load_in(&BuildEnv::read())
    }

    fn load_in(&self, env: &BuildEnv) -> Result<Loaded, Error> {
        // Stage spans (`tracing`): the CLI prints their times under `CODEGEN_TIMINGS=1`.
        let build = tracing::info_span!("read").in_scope(|| docir::build(&self.inputs))?;
        let stage = tracing::info_span!("prepare").entered();
        let mut diagnostics = build.diagnostics;
        let mut api = build.api;
        let naming = docir::Naming::new(&self.inputs)
            .map_err(|e| InputError::Io { path: self.inputs[0].display().to_string(), source: e })?;
        let mut sources = build.sources;
        let configs = config::load_into(&self.inputs, &naming, &mut diagnostics, &mut sources);
        let applied: Applied = config::apply(&mut api, &configs, &mut diagnostics);
        let settings = &applied.settings;
        let crate_name =
            self.crate_name.clone().or(settings.name.clone()).unwrap_or_else(|| DEFAULT_CRATE_NAME.to_owned());
        let crate_version =
            self.crate_version.clone().or(settings.version.clone()).unwrap_or_else(|| "0.1.0".to_owned());
        // Included into another crate, the SDK's paths (doc examples, the version header) are
        // that crate's.
        let package = match self.layout {
            Layout::Module => env.package.clone(),
            Layout::Crate => None,
        };
        let opts = RenderOptions {
            crate_name: package.unwrap_or_else(|| crate_name.clone()),
            crate_version: crate_version.clone(),
            templates: self.templates.clone(),
            hosts: settings.hosts.clone(),
            tag_features: self.tag_features.unwrap_or(self.layout == Layout::Crate),
        };
        let prepared = crate::rust::prepare(&api, &opts)?;
        diagnostics.extend(prepared.diagnostics.iter().cloned());
        diagnostics.extend(openapi::diagnostics(&api));
        let extra = config::acknowledge(&configs, &applied, &mut diagnostics);
        diagnostics.extend(extra);
        docir::diag::normalize(&mut diagnostics);
        sources.locate(&mut diagnostics);
        drop(stage);

        let mut dependencies = build.files;
        dependencies.extend(self.inputs.iter().cloned());
        dependencies.extend(config::paths(&self.inputs));
        if let Some(t) = &self.templates {
            dependencies.push(t.clone());
            if let Ok(rd) = std::fs::read_dir(t) {
                let mut ts: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
                ts.sort();
                dependencies.extend(ts);
            }
        }
        Ok(Loaded {
            api,
            diagnostics,
            stats: build.stats,
            crate_name,
            crate_version,
            dependencies,
            sources,
            inputs: self.inputs.clone(),
            prepared,
            layout: self.layout,
            openapi: self.openapi,
            ir: self.ir,
        })
    }

    /// Reads the pages and renders the output in memory.
    ///
    /// # Errors
    /// As [`Builder::load`], and when the pages have errors or no endpoint
    /// ([`Loaded::ensure_output`]).
    pub fn generate(&self) -> Result<Generated, Error> {
        self.load()?.generate()
    }

    /// Generates and writes the output (only files that changed, never over a file the
    /// generator did not write; see [`crate::write`]). In a build script (or with
    /// [`Builder::emit_rerun_if_changed`]) warnings are printed as `cargo:warning=` lines.
    ///
    /// # Errors
    /// As [`Builder::generate`]; no output folder; a write that fails or would replace a file
    /// the generator does not own. Nothing is written or deleted then.
    pub fn write(&self) -> Result<(Generated, WriteReport), Error> {
        let env = BuildEnv::read();
        let in_build_script = self.out_dir.is_none() && env.out_dir.is_some();
        let loaded = self.load_in(&env);
        if self.emit_rerun_if_changed {
            // Also when the pages fail: the build reruns once they are fixed.
            let deps = loaded.as_ref().map(|l| l.dependencies.clone()).unwrap_or_else(|_| self.inputs.clone());
            for p in deps {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
        let loaded = loaded?;
        if in_build_script || self.emit_rerun_if_changed {
            for d in loaded.diagnostics.iter().filter(|d| d.severity >= Severity::Warning) {
                println!("cargo:warning={}", crate::report::short(d).replace('\n', " "));
            }
        }
        let out = self.out_dir.clone().or(env.out_dir).ok_or(Error::NoOutDir)?;
        let generated = loaded.generate()?;
        let report = write::write(&out, &generated.files, self.force)?;
        Ok((generated, report))
    }

    /// Compares what would be generated with `out_dir` (nothing is written).
    ///
    /// # Errors
    /// As [`Builder::generate`]; no output folder.
    pub fn check(&self) -> Result<(Generated, Vec<write::Difference>), Error> {
        let env = BuildEnv::read();
        let out = self.out_dir.clone().or(env.out_dir.clone()).ok_or(Error::NoOutDir)?;
        let generated = self.load_in(&env)?.generate()?;
        let diffs = write::check(&out, &generated.files)?;
        Ok((generated, diffs))
    }
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
