//! `codegen diff` on the command line, and the summary `codegen check` prints.

use super::render::{self, Report};
use super::{Severity, Shapes, version};
use crate::config;
use anyhow::Context;
use docir::InputError;
use docir::ir::Api;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Human,
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 when a change is breaking.
    Breaking,
    /// Exit 1 when a change is breaking or minor.
    Minor,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The API before: a folder of pages or an `ir.json` (default: the `ir.json` of the
    /// generated crate, i.e. what was last generated).
    #[arg(long, value_name = "DIR|IR.JSON")]
    pub old: Option<PathBuf>,
    /// The API after: a folder of pages or an `ir.json` (default: docs-input).
    #[arg(long, value_name = "DIR|IR.JSON")]
    pub new: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Exit 1 when a change of this severity (or worse) is found, for CI.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

/// Reads one side: an `ir.json` file, or a folder of pages (with its `codegen.toml` applied).
///
/// # Errors
/// A path that does not exist, a file that cannot be read or is not an IR: an [`InputError`]
/// naming it (exit code 2).
pub fn load(path: &Path) -> anyhow::Result<Api> {
    if path.is_file() && path.extension().is_some_and(|e| e == "json") {
        let io = |source| InputError::Io { path: path.display().to_string(), source };
        let text = std::fs::read_to_string(path).map_err(io)?;
        let api = serde_json::from_str(&text).map_err(|e| {
            io(std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not an ir.json written by codegen: {e}")))
        })?;
        return Ok(api);
    }
    let inputs = [path.to_path_buf()];
    let b = docir::build(&inputs)?;
    let mut api = b.api;
    let mut diags = b.diagnostics;
    let naming = naming(&inputs)?;
    let configs = config::load(&inputs, &naming, &mut diags);
    config::apply(&mut api, &configs, &mut diags);
    Ok(api)
}

/// The version in the `codegen.toml` of the first of `dirs` that names one (else `0.1.0`, what
/// `generate` writes then).
fn version_of(dirs: &[&Path]) -> anyhow::Result<semver::Version> {
    let mut d = Vec::new();
    let dirs: Vec<PathBuf> = dirs.iter().filter(|p| p.is_dir()).map(|p| p.to_path_buf()).collect();
    let found = config::load(&dirs, &naming(&dirs)?, &mut d).iter().find_map(|c| c.crate_settings().version);
    let text = found.unwrap_or_else(|| "0.1.0".to_owned());
    semver::Version::parse(&text)
        .with_context(|| format!("the version `{text}` in {} is not semver", config::FILE_NAME))
}

fn templates(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir()))
}

fn naming(inputs: &[PathBuf]) -> anyhow::Result<docir::Naming> {
    docir::Naming::new(inputs).map_err(|source| {
        InputError::Io { path: inputs.first().map(|p| p.display().to_string()).unwrap_or_default(), source }.into()
    })
}

/// Runs `codegen diff` with the templates the SDK is generated with (`--templates`, else
/// ./templates when it exists; they decide which types are `#[non_exhaustive]`).
/// `default_crate` names the generated crate when `codegen.toml` does not,
/// for the default `--old` (`generated/<crate>/ir.json`).
///
/// # Errors
/// Unreadable inputs (see [`load`]), a version that is not semver.
pub fn run(a: &DiffArgs, templates_flag: Option<&Path>, default_crate: &str) -> anyhow::Result<ExitCode> {
    let new_path = a.new.clone().unwrap_or_else(|| PathBuf::from("docs-input"));
    let old_path = match &a.old {
        Some(p) => p.clone(),
        None => {
            let mut d = Vec::new();
            let name = config::load(std::slice::from_ref(&new_path), &naming(std::slice::from_ref(&new_path))?, &mut d)
                .iter()
                .find_map(|c| c.crate_settings().name)
                .unwrap_or_else(|| default_crate.to_owned());
            crate::builder::default_out_dir(&name).join("ir.json")
        }
    };
    let tpl = templates(templates_flag);
    let ((old, new), shapes) =
        rayon::join(|| rayon::join(|| load(&old_path), || load(&new_path)), || super::shapes::detect(tpl.as_deref()));
    let (old, new) = (old?, new?);
    let changes = super::changes(&old, &new, shapes);
    let from = version_of(&[&new_path, &old_path])?;
    let (bump, to) = version::suggest(&from, super::highest(&changes));
    let report = Report { changes: &changes, from, to, bump };
    let text = match a.format {
        Format::Human => render::human(&report),
        Format::Markdown => render::markdown(&report),
        Format::Json => render::json(&report),
    };
    use std::io::Write;
    std::io::stdout().write_all(text.as_bytes()).context("writing to stdout")?;
    let fail = match a.fail_on {
        Some(FailOn::Breaking) => changes.iter().any(|c| c.severity == Severity::Breaking),
        Some(FailOn::Minor) => changes.iter().any(|c| c.severity >= Severity::Minor),
        None => false,
    };
    Ok(if fail { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// What `codegen check` prints above its file differences: the API changes from the `ir.json`
/// on disk to the one that would be generated (`new_ir`), in the human format. `None` when
/// there is no `ir.json` on disk or it is not an IR (the file differences say it all then).
pub fn check_summary(out_dir: &Path, new_ir: &str, inputs: &[PathBuf], templates: Option<&Path>) -> Option<String> {
    let old: Api = serde_json::from_str(&std::fs::read_to_string(out_dir.join("ir.json")).ok()?).ok()?;
    let new: Api = serde_json::from_str(new_ir).ok()?;
    let shapes: Shapes = super::shapes::detect(self::templates(templates).as_deref());
    let changes = super::changes(&old, &new, shapes);
    let dirs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let from = version_of(&dirs).ok()?;
    let (bump, to) = version::suggest(&from, super::highest(&changes));
    Some(render::human(&Report { changes: &changes, from, to, bump }))
}
