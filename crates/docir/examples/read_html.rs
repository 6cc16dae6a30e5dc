//! Reads every HTML page below the given folders (or the given files) with the HTML reader and
//! prints counts, the time taken and the reader's diagnostics: a check that real builds read
//! without a panic, and how fast. `--json FILE` also writes the blocks read.
//!
//!     cargo run --release -p docir --example read_html -- ../shared/corpus/html-zh ../shared/corpus/html-en

use docir::internals::BlockKind;
use docir::internals::html;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut json_out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--json" {
            json_out = args.next();
            continue;
        }
        let root = PathBuf::from(arg);
        files.extend(docir::discover(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display())));
    }
    let texts: Vec<(Arc<str>, String)> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok().map(|t| (Arc::from(p.to_string_lossy().as_ref()), t)))
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let start = Instant::now();
    let docs: Vec<_> = texts.iter().map(|(name, text)| html::read(name, text)).collect();
    let elapsed = start.elapsed();
    let (mut tables, mut rows) = (0, 0);
    for d in &docs {
        for b in &d.blocks {
            if let BlockKind::Table(t) = &b.kind {
                tables += 1;
                rows += t.rows.len();
            }
        }
        for diag in &d.diags {
            println!("{diag}");
        }
    }
    if let Some(out) = json_out {
        let json = serde_json::to_string_pretty(&docs).expect("blocks serialize");
        std::fs::write(&out, json).unwrap_or_else(|e| panic!("{out}: {e}"));
    }
    println!(
        "{} files, {:.1} MB, {} tables, {} rows, read in {:.0} ms on one thread",
        docs.len(),
        bytes as f64 / 1e6,
        tables,
        rows,
        elapsed.as_secs_f64() * 1000.0
    );
}
