//! The `codegen` command line: a thin shell over [`codegen::Builder`]. With no command it is
//! `generate`: `docs-input/` and `templates/` → `generated/<crate>/`.
//!
//! Exit codes: 0 ok; 1 `check` found differences, `lint` found errors (or warnings with
//! `--deny-warnings`), the pages have errors or no endpoint, or the output folder holds files
//! codegen did not write; 2 bad usage or input that cannot be read at all.

use clap::{Args, Parser, Subcommand, ValueEnum};
use codegen::report;
use codegen::write::{self, Difference};
use codegen::{Builder, Error, Layout, Loaded};
use docir::diag::{Code, Diagnostic, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "codegen", version, about = "Generate a typed Rust SDK (and OpenAPI) from API documentation pages")]
#[command(after_help = "With no command, runs `generate` with its defaults: docs-input/ → generated/<crate>/.\n\
Options marked global can be given before or after the command.\n\n\
Exit codes: 0 ok; 1 `check` found differences, `lint` found errors (or warnings with --deny-warnings), \
the pages have errors or no endpoint, or --out holds files codegen did not write; \
2 bad usage or input that cannot be read at all.")]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Options every command takes, before or after the command's name.
#[derive(Args, Clone)]
struct Global {
    /// Folder (searched recursively) or file of pages; repeat for more [default: docs-input].
    #[arg(long = "input", value_name = "DIR", global = true)]
    inputs: Vec<PathBuf>,
    /// Templates replacing the built-in ones [default: ./templates when it exists].
    #[arg(long, value_name = "DIR", global = true)]
    templates: Option<PathBuf>,
    /// Crate name [default: codegen.toml's [package] name, else api-sdk].
    #[arg(long, value_name = "NAME", global = true)]
    crate_name: Option<String>,
    /// Also print notes (repairs and skipped pages that need no action) in full.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the SDK crate (plus openapi.json and ir.json) into --out, writing only what changed.
    Generate(GenArgs),
    /// Exit 0 when `generate` would write exactly what is on disk; else print the differences, exit 1.
    Check(CheckArgs),
    /// Write the merged IR as JSON.
    Ir(OutArgs),
    /// Write OpenAPI 3.0 JSON.
    Openapi(OutArgs),
    /// Report every diagnostic (repairs, conflicts, skipped pages) with its location, then a
    /// summary per code.
    Lint(LintArgs),
    /// What changed in the API between two snapshots of the pages (or ir.json), and the version bump.
    Diff(codegen::diff::cli::DiffArgs),
}

#[derive(Args, Default)]
struct GenArgs {
    /// Output folder of the crate [default: generated/<crate name>].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write even when --out holds files codegen did not write (they are replaced).
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Output folder of the crate [default: generated/<crate name>].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct OutArgs {
    /// Output file [default: stdout].
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Like rustc: each diagnostic with its snippet, then a summary per code (stderr).
    Human,
    /// JSON Lines: one object per diagnostic and line ({severity, code, message, file, line,
    /// col?, cell?, related: [{file, line, note}]}); nothing else on stdout.
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
enum Level {
    Note,
    Warning,
    Error,
}

#[derive(Args)]
struct LintArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 on warnings too (of those shown).
    #[arg(long)]
    deny_warnings: bool,
    /// Show only diagnostics of this code (`client-conflict`); repeat for more.
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    code: Vec<Code>,
    /// Show only diagnostics of at least this severity.
    #[arg(long, value_enum, value_name = "LEVEL", default_value = "note")]
    severity: Level,
    /// Leave out notes (the same as --severity warning).
    #[arg(long)]
    no_notes: bool,
}

fn parse_code(s: &str) -> Result<Code, String> {
    s.parse().map_err(|_| {
        format!("unknown diagnostic code `{s}` (codes are printed in brackets, e.g. `warning[client-conflict]`)")
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let g = cli.global;
    let command = cli.command.unwrap_or_else(|| Command::Generate(GenArgs::default()));
    let timings = std::env::var_os("CODEGEN_TIMINGS").is_some();
    if timings {
        print_stage_timings();
    }
    let code = match run(&g, command) {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            ExitCode::from(e.exit_code())
        }
    };
    if timings {
        print_peak_memory();
    }
    code
}

/// The library's stages are `tracing` spans; this prints each one's time to stderr as it closes
/// (`read:pages: close time.busy=…`). For profiling only: the benches are the figures of record.
fn print_stage_timings() {
    use tracing_subscriber::fmt::format::FmtSpan;
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_span_events(FmtSpan::CLOSE)
        .with_target(false)
        .with_timer(tracing_subscriber::fmt::time::Uptime::default())
        .with_ansi(false)
        .init();
}

/// The process's peak resident memory, where the system tells it (Linux `/proc`).
fn print_peak_memory() {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(peak) = status.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
        eprintln!("peak memory: {}", peak.trim());
    }
}

/// Prints an error and its causes, each once: a cause whose text the message already holds
/// (an OS error wrapped with the path) is not repeated.
fn print_error(e: &(dyn std::error::Error + 'static)) {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let s = c.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cause = c.source();
    }
    eprintln!("error: {text}");
}

/// Failures of the CLI: the library's, and writing a single output file.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Codegen(#[from] Error),
    #[error("{path}: {source}")]
    Output { path: String, source: std::io::Error },
    #[error("--out must name a file: `{0}`")]
    OutNotAFile(String),
    /// Shown through `print_error`, which walks the causes and prints each once.
    #[error(transparent)]
    Diff(anyhow::Error),
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::Codegen(e) => e.exit_code(),
            CliError::OutNotAFile(_) => 2,
            CliError::Output { .. } => 1,
            // `diff` names an input it cannot read with an InputError (bad usage, as elsewhere).
            CliError::Diff(e) => {
                if e.downcast_ref::<docir::InputError>().is_some() {
                    2
                } else {
                    1
                }
            }
        }
    }
}

fn inputs(g: &Global) -> Vec<PathBuf> {
    if g.inputs.is_empty() { vec![PathBuf::from("docs-input")] } else { g.inputs.clone() }
}

fn builder(g: &Global) -> Builder {
    let mut b = Builder::new().layout(Layout::Crate).openapi(true).ir(true);
    for i in inputs(g) {
        b = b.input(i);
    }
    let templates = g.templates.clone().or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir()));
    if let Some(t) = templates {
        b = b.templates(t);
    }
    if let Some(n) = &g.crate_name {
        b = b.crate_name(n.clone());
    }
    b
}

fn run(g: &Global, command: Command) -> Result<ExitCode, CliError> {
    match command {
        Command::Generate(a) => {
            let loaded = builder(g).force(a.force).load()?;
            print_diagnostics(&loaded, g.verbose);
            let out = a.out.clone().unwrap_or_else(|| codegen::builder::default_out_dir(&loaded.crate_name));
            let s = loaded.stats.clone();
            let diags = loaded.diagnostics.clone();
            let generated = loaded.generate()?;
            let w = write::write(&out, &generated.files, a.force).map_err(Error::from)?;
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
                report::counts(&diags),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(a) => {
            let loaded = builder(g).load()?;
            print_diagnostics(&loaded, g.verbose);
            let out = a.out.clone().unwrap_or_else(|| codegen::builder::default_out_dir(&loaded.crate_name));
            let generated = loaded.generate()?;
            let diffs = write::check(&out, &generated.files).map_err(Error::from)?;
            if diffs.is_empty() {
                eprintln!("codegen check: {} is up to date ({} files)", out.display(), generated.files.len() + 1);
                return Ok(ExitCode::SUCCESS);
            }
            let ir = generated.files.iter().find(|f| f.path == "ir.json").map(|f| f.contents.as_str());
            if let Some(s) =
                ir.and_then(|ir| codegen::diff::cli::check_summary(&out, ir, &inputs(g), g.templates.as_deref()))
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
                fix_command(g, a.out.as_deref()),
            );
            Ok(ExitCode::from(1))
        }
        Command::Ir(a) => {
            let loaded = builder(g).load()?;
            print_diagnostics(&loaded, g.verbose);
            loaded.ensure_output()?;
            emit(a.out.as_deref(), &loaded.ir_json())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Openapi(a) => {
            let loaded = builder(g).load()?;
            print_diagnostics(&loaded, g.verbose);
            loaded.ensure_output()?;
            emit(a.out.as_deref(), &(serde_json::to_string_pretty(&loaded.openapi()).unwrap_or_default() + "\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint(a) => lint(g, &a),
        Command::Diff(a) => {
            codegen::diff::cli::run(&a, g.templates.as_deref(), codegen::DEFAULT_CRATE_NAME).map_err(CliError::Diff)
        }
    }
}

fn lint(g: &Global, a: &LintArgs) -> Result<ExitCode, CliError> {
    let loaded = builder(g).load()?;
    let min = if a.no_notes { a.severity.max(Level::Warning) } else { a.severity };
    let min = match min {
        Level::Note => Severity::Note,
        Level::Warning => Severity::Warning,
        Level::Error => Severity::Error,
    };
    let shown: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity >= min && (a.code.is_empty() || a.code.contains(&d.code)))
        .cloned()
        .collect();
    match a.format {
        Format::Human => {
            let text = report::human(&shown, &loaded.sources);
            print!("{text}");
            if !shown.is_empty() {
                eprint!("{}", report::summary(&shown));
            }
            let hidden = loaded.diagnostics.len() - shown.len();
            let hidden = if hidden > 0 { format!(" ({hidden} more not shown)") } else { String::new() };
            eprintln!("codegen lint: {}{hidden}", report::counts(&shown));
        }
        Format::Json => print!("{}", report::json(&shown)),
    }
    let unreadable = shown.iter().any(|d| d.code == Code::Unreadable);
    let fail =
        shown.iter().any(|d| d.severity == Severity::Error || (a.deny_warnings && d.severity == Severity::Warning));
    if unreadable {
        return Ok(ExitCode::from(2));
    }
    if loaded.api.endpoints.is_empty() && loaded.errors().is_empty() {
        // The same failure `generate` has.
        let e = loaded.ensure_output().unwrap_err();
        print_error(&e);
        return Ok(ExitCode::from(e.exit_code()));
    }
    Ok(ExitCode::from(u8::from(fail)))
}

/// What every command prints before its output: every error and warning, one line each (the
/// set `lint` shows with snippets), then how many notes there are (each one with --verbose).
fn print_diagnostics(loaded: &Loaded, verbose: bool) {
    let mut notes = 0;
    for d in &loaded.diagnostics {
        if d.severity > Severity::Note || verbose {
            eprintln!("{}", report::short(d));
        } else {
            notes += 1;
        }
    }
    if notes > 0 {
        eprintln!("codegen: {notes} notes (run `codegen lint` for the notes)");
    }
}

fn fix_command(g: &Global, out: Option<&Path>) -> String {
    let default_inputs = g.inputs.is_empty() || g.inputs == [PathBuf::from("docs-input")];
    if default_inputs && out.is_none() && g.templates.is_none() && g.crate_name.is_none() {
        return "cargo run -p codegen".into();
    }
    let mut s = String::from("cargo run -p codegen -- generate");
    for i in inputs(g) {
        s.push_str(&format!(" --input {}", i.display()));
    }
    if let Some(t) = &g.templates {
        s.push_str(&format!(" --templates {}", t.display()));
    }
    if let Some(o) = out {
        s.push_str(&format!(" --out {}", o.display()));
    }
    if let Some(n) = &g.crate_name {
        s.push_str(&format!(" --crate-name {n}"));
    }
    s
}

fn emit(out: Option<&Path>, text: &str) -> Result<(), CliError> {
    match out {
        Some(p) if p.is_dir() => Err(CliError::OutNotAFile(p.display().to_string())),
        Some(p) => {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name = p.file_name().ok_or_else(|| CliError::OutNotAFile(p.display().to_string()))?;
            write::write_one(dir, &name.to_string_lossy(), text).map_err(Error::from)?;
            Ok(())
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|source| CliError::Output { path: "stdout".into(), source })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// `--help` explains every option of every command.
    #[test]
    fn every_option_has_help() {
        fn walk(c: &clap::Command) {
            for a in c.get_arguments().filter(|a| !matches!(a.get_id().as_str(), "help" | "version")) {
                assert!(a.get_help().is_some(), "`{}` of `{}` has no help", a.get_id(), c.get_name());
            }
            c.get_subcommands().for_each(walk);
        }
        Cli::command().debug_assert();
        walk(&Cli::command());
    }
}
