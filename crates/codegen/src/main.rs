//! The `codegen` command line.

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "codegen", version, about = "Generate a typed Rust SDK from API documentation pages")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Write the merged IR as JSON.
    Ir {
        /// Folder (searched recursively) or file of pages; repeat for more.
        #[arg(long = "input", required = true)]
        inputs: Vec<PathBuf>,
        /// Output file (stdout when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Generate the Rust SDK crate.
    Generate {
        #[arg(long = "input", default_value = "docs-input")]
        inputs: Vec<PathBuf>,
        /// Output folder of the crate.
        #[arg(long, default_value = "generated/authing-sdk")]
        out: PathBuf,
        #[arg(long)]
        templates: Option<PathBuf>,
        #[arg(long, default_value = "authing-sdk")]
        crate_name: String,
    },
    /// Write OpenAPI 3.0 JSON.
    Openapi {
        #[arg(long = "input", required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Ir { inputs, out }) => {
            let b = docir::build(&inputs)?;
            let json = serde_json::to_string_pretty(&b.api)? + "\n";
            emit(out, &json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Openapi { inputs, out }) => {
            let b = docir::build(&inputs)?;
            let doc = codegen::openapi::openapi(&b.api, "GenAuth V3 API", "0.1.0");
            let json = serde_json::to_string_pretty(&doc)? + "\n";
            emit(out, &json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Generate { inputs, out, templates, crate_name }) => {
            let b = docir::build(&inputs)?;
            let opts = codegen::rust::RenderOptions { crate_name, templates, ..Default::default() };
            let r = codegen::rust::render(&b.api, &opts)?;
            for f in &r.files {
                let p = out.join(&f.path);
                if let Some(d) = p.parent() {
                    std::fs::create_dir_all(d)?;
                }
                std::fs::write(&p, &f.contents).with_context(|| format!("writing {}", p.display()))?;
            }
            eprintln!("wrote {} files to {}", r.files.len(), out.display());
            Ok(ExitCode::SUCCESS)
        }
        None => Ok(ExitCode::SUCCESS),
    }
}

fn emit(out: Option<PathBuf>, text: &str) -> anyhow::Result<()> {
    match out {
        Some(p) => std::fs::write(&p, text).with_context(|| format!("writing {}", p.display())),
        None => {
            use std::io::Write;
            std::io::stdout().write_all(text.as_bytes()).context("writing to stdout")
        }
    }
}
