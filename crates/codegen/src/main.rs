//! The `codegen` command line. With no arguments it is `generate`: `docs-input/` and
//! `templates/` → `generated/<crate>/`.
//!
//! Exit codes: 0 ok; 1 `check` found differences, `lint` found errors (or warnings with
//! `--deny-warnings`), or the pages have errors; 2 bad usage or unreadable input.

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use codegen::report::{self, Sources};
use codegen::write::Difference;
use codegen::{Builder, Layout};
use docir::diag::{Diagnostic, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "codegen", version, about = "Generate a typed Rust SDK (and OpenAPI) from API documentation pages")]
#[command(after_help = "With no command, runs `generate` with its defaults: docs-input/ → generated/<crate>/.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the SDK crate (plus openapi.json and ir.json) into --out, writing only what changed.
    Generate(GenArgs),
    /// Exit 0 when `generate` would write exactly what is on disk; else print the differences, exit 1.
    Check(GenArgs),
    /// Write the merged IR as JSON.
    Ir(OutArgs),
    /// Write OpenAPI 3.0 JSON.
    Openapi(OutArgs),
    /// Report every diagnostic (repairs, conflicts, skipped pages) with its location.
    Lint(LintArgs),
    /// What changed in the API between two snapshots of the pages (or ir.json), and the version bump.
    Diff(codegen::diff::cli::DiffArgs),
}

#[derive(Args)]
struct Inputs {
    /// Folder (searched recursively) or file of pages; repeat for more.
    #[arg(long = "input", value_name = "DIR", default_value = "docs-input")]
    inputs: Vec<PathBuf>,
}

#[derive(Args)]
struct GenArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Templates replacing the built-in ones (default: ./templates when it exists).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Output folder of the crate (default: generated/<crate name>).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Crate name (default: codegen.toml's [package] name, else authing-sdk).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Also print notes (repairs, skipped pages), not only warnings and errors.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
struct OutArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Output file (stdout when absent).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Args)]
struct LintArgs {
    #[command(flatten)]
    inputs: Inputs,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Leave out notes (repairs and skipped pages that need no action).
    #[arg(long)]
    no_notes: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or_else(|| Command::Generate(default_gen_args()));
    match run(command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            let unreadable = e.downcast_ref::<codegen::Error>().is_some_and(codegen::Error::is_unreadable_input)
                || e.downcast_ref::<docir::InputError>().is_some();
            ExitCode::from(if unreadable { 2 } else { 1 })
        }
    }
}

fn default_gen_args() -> GenArgs {
    GenArgs {
        inputs: Inputs { inputs: vec![PathBuf::from("docs-input")] },
        templates: None,
        out: None,
        crate_name: None,
        verbose: false,
    }
}

const DEFAULT_CRATE: &str = "authing-sdk";

fn builder(a: &GenArgs) -> Builder {
    let mut b = Builder::new().layout(Layout::Crate).openapi(true).ir(true);
    for i in &a.inputs.inputs {
        b = b.input(i);
    }
    let templates = a.templates.clone().or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir()));
    if let Some(t) = templates {
        b = b.templates(t);
    }
    b
}

/// The crate name: the flag, else codegen.toml's, else the default. The output folder follows it.
fn resolve(a: &GenArgs) -> anyhow::Result<(Builder, String, PathBuf)> {
    let probe = builder(a);
    let name = match &a.crate_name {
        Some(n) => n.clone(),
        None => {
            let mut d = Vec::new();
            let configs = codegen::config::load(&a.inputs.inputs, &mut d);
            configs.iter().find_map(|c| c.crate_settings().name).unwrap_or_else(|| DEFAULT_CRATE.to_owned())
        }
    };
    let out = a.out.clone().unwrap_or_else(|| codegen::builder::default_out_dir(&name));
    Ok((probe.crate_name(name.clone()).out_dir(out.clone()), name, out))
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Generate(a) => {
            let (b, _, out) = resolve(&a)?;
            let (g, w) = b.write()?;
            print_diagnostics(&g.diagnostics, a.verbose);
            let s = &g.stats;
            eprintln!(
                "codegen: {} pages read ({} skipped) → {} endpoints, {} DTOs, {} enums; {} files written, {} unchanged, {} removed in {}; {}",
                s.pages_read,
                s.pages_skipped,
                s.endpoints,
                s.dtos,
                s.enums,
                w.written.len(),
                w.unchanged.len(),
                w.removed.len(),
                out.display(),
                counts(&g.diagnostics),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(a) => {
            let (b, _, out) = resolve(&a)?;
            let (g, diffs) = b.check()?;
            if diffs.is_empty() {
                eprintln!("codegen check: {} is up to date ({} files)", out.display(), g.files.len() + 1);
                return Ok(ExitCode::SUCCESS);
            }
            let ir = g.files.iter().find(|f| f.path == "ir.json").map(|f| f.contents.as_str());
            if let Some(s) =
                ir.and_then(|ir| codegen::diff::cli::check_summary(&out, ir, &a.inputs.inputs, a.templates.as_deref()))
            {
                println!("{s}");
            }
            for d in &diffs {
                match d {
                    Difference::Added(p) => println!("added:   {}", out.join(p).display()),
                    Difference::Removed(p) => println!("removed: {}", out.join(p).display()),
                    Difference::Changed { diff, .. } => print!("{diff}"),
                }
            }
            eprintln!(
                "codegen check: {} file(s) in {} differ from what the pages and templates generate; run `{}` to update them",
                diffs.len(),
                out.display(),
                fix_command(&a),
            );
            Ok(ExitCode::from(1))
        }
        Command::Ir(a) => {
            let (api, diags) = read(&a.inputs.inputs)?;
            print_diagnostics(&diags, false);
            emit(a.out.as_deref(), &(serde_json::to_string_pretty(&api)? + "\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Openapi(a) => {
            let (api, diags) = read(&a.inputs.inputs)?;
            print_diagnostics(&diags, false);
            let doc = codegen::openapi::openapi(&api, "GenAuth V3 API", "0.1.0");
            emit(a.out.as_deref(), &(serde_json::to_string_pretty(&doc)? + "\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff(a) => codegen::diff::cli::run(&a, DEFAULT_CRATE),
        Command::Lint(a) => {
            let (_, mut diags) = read(&a.inputs.inputs)?;
            if a.no_notes {
                diags.retain(|d| d.severity > Severity::Note);
            }
            match a.format {
                Format::Human => {
                    let text = report::human(&diags, &mut Sources::default());
                    print!("{text}");
                    eprintln!("codegen lint: {}", counts(&diags));
                }
                Format::Json => print!("{}", report::json(&diags)),
            }
            let unreadable = diags.iter().any(|d| d.code == docir::diag::Code::Unreadable);
            let fail = diags
                .iter()
                .any(|d| d.severity == Severity::Error || (a.deny_warnings && d.severity == Severity::Warning));
            Ok(ExitCode::from(if unreadable {
                2
            } else if fail {
                1
            } else {
                0
            }))
        }
    }
}

/// Reads the pages and applies codegen.toml, for the commands that do not render.
fn read(inputs: &[PathBuf]) -> anyhow::Result<(docir::ir::Api, Vec<Diagnostic>)> {
    let b = docir::build(inputs)?;
    let mut api = b.api;
    let mut diags = b.diagnostics;
    let configs = codegen::config::load(inputs, &mut diags);
    codegen::config::apply(&mut api, &configs, &mut diags);
    docir::diag::normalize(&mut diags);
    Ok((api, diags))
}

fn fix_command(a: &GenArgs) -> String {
    let default_inputs = a.inputs.inputs == [PathBuf::from("docs-input")];
    if default_inputs && a.out.is_none() && a.templates.is_none() && a.crate_name.is_none() {
        return "cargo run -p codegen".into();
    }
    let mut s = String::from("cargo run -p codegen -- generate");
    for i in &a.inputs.inputs {
        s.push_str(&format!(" --input {}", i.display()));
    }
    if let Some(t) = &a.templates {
        s.push_str(&format!(" --templates {}", t.display()));
    }
    if let Some(o) = &a.out {
        s.push_str(&format!(" --out {}", o.display()));
    }
    if let Some(n) = &a.crate_name {
        s.push_str(&format!(" --crate-name {n}"));
    }
    s
}

/// At most this many diagnostics are printed by `generate`; `lint` shows them all.
const PRINT_LIMIT: usize = 50;

fn print_diagnostics(diags: &[Diagnostic], verbose: bool) {
    let shown: Vec<&Diagnostic> = diags.iter().filter(|d| verbose || d.severity > Severity::Note).collect();
    for d in shown.iter().take(PRINT_LIMIT) {
        eprintln!("{}", report::short(d));
    }
    if shown.len() > PRINT_LIMIT {
        eprintln!("... and {} more (run `cargo run -p codegen -- lint` to see them all)", shown.len() - PRINT_LIMIT);
    }
}

fn counts(diags: &[Diagnostic]) -> String {
    let n = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    format!("{} errors, {} warnings, {} notes", n(Severity::Error), n(Severity::Warning), n(Severity::Note))
}

fn emit(out: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match out {
        Some(p) => {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name = p.file_name().context("--out must name a file")?.to_string_lossy().into_owned();
            codegen::write::write_one(dir, &name, text).with_context(|| format!("writing {}", p.display()))?;
            Ok(())
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(text.as_bytes()).context("writing to stdout")
        }
    }
}
