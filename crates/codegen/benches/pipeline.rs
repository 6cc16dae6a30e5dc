//! Per-stage figures on the real corpus (`../shared/corpus`, or `$CORPUS`):
//! `cargo bench -p codegen --bench pipeline`. Without the corpus there is nothing to measure;
//! the bench says so and exits. Whole-process figures and the peer comparison are in
//! BENCHMARKS.md (hyperfine, /usr/bin/time).

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

fn corpus_dir() -> Option<PathBuf> {
    let p = std::env::var_os("CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    p.is_dir().then_some(p)
}

/// Every corpus file, as (name, bytes), read once.
static FILES: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let Some(dir) = corpus_dir() else { return Vec::new() };
    docir::discover(&dir)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(&dir).ok()?.to_string_lossy().into_owned();
            Some((rel, std::fs::read(&p).ok()?))
        })
        .collect()
});

/// Decoded sources per format.
static SOURCES: LazyLock<Vec<(docir::Format, docir::internals::SourceFile)>> = LazyLock::new(|| {
    FILES
        .iter()
        .filter_map(|(name, bytes)| {
            let (src, _) = docir::internals::from_bytes(bytes, Arc::from(name.as_str()), name.as_ref());
            src.map(|s| (docir::detect(&s.text), s))
        })
        .collect()
});

static BUILD: LazyLock<docir::Build> = LazyLock::new(|| docir::build_in_memory(FILES.clone()));

fn main() {
    if corpus_dir().is_none() {
        eprintln!("no corpus at ../shared/corpus (set CORPUS=DIR): nothing to measure");
        return;
    }
    eprintln!(
        "corpus: {} files, {:.1} MiB",
        FILES.len(),
        FILES.iter().map(|f| f.1.len()).sum::<usize>() as f64 / 1048576.0
    );
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn decode() -> usize {
    FILES
        .iter()
        .filter_map(|(n, b)| docir::internals::from_bytes(b, Arc::from(n.as_str()), n.as_ref()).0)
        .map(|s| s.text.len())
        .sum()
}

fn read(format: docir::Format) -> usize {
    SOURCES.iter().filter(|(f, _)| *f == format).map(|(_, s)| docir::internals::read(s).blocks.len()).sum()
}

#[divan::bench(sample_count = 10)]
fn read_markdown() -> usize {
    read(docir::Format::Markdown)
}

#[divan::bench(sample_count = 10)]
fn read_html() -> usize {
    read(docir::Format::Html)
}

#[divan::bench(sample_count = 10)]
fn read_text_md() -> usize {
    read(docir::Format::TextMd)
}

#[divan::bench(sample_count = 10)]
fn read_text_flat() -> usize {
    read(docir::Format::TextFlat)
}

/// Everything docir does: decode, read, structure, lower, merge.
#[divan::bench(sample_count = 10)]
fn build_ir() -> usize {
    docir::build_in_memory(FILES.clone()).api.endpoints.len()
}

#[divan::bench(sample_count = 10)]
fn openapi() -> usize {
    codegen::openapi::openapi(&BUILD.api, "bench", "0").to_string().len()
}

#[divan::bench(sample_count = 10)]
fn render_sdk() -> usize {
    let opts = codegen::rust::RenderOptions::default();
    codegen::rust::render(&BUILD.api, &opts).map(|r| r.files.len()).unwrap_or(0)
}

#[divan::bench(sample_count = 10)]
fn write_fresh(bencher: divan::Bencher) {
    let files = codegen::rust::render(&BUILD.api, &codegen::rust::RenderOptions::default())
        .map(|r| r.files)
        .unwrap_or_default();
    bencher.with_inputs(|| tempfile::tempdir().unwrap()).bench_values(|dir| {
        codegen::write::write(dir.path(), &files, false).unwrap();
        dir
    });
}

#[divan::bench(sample_count = 10)]
fn write_unchanged(bencher: divan::Bencher) {
    let files = codegen::rust::render(&BUILD.api, &codegen::rust::RenderOptions::default())
        .map(|r| r.files)
        .unwrap_or_default();
    let dir = tempfile::tempdir().unwrap();
    codegen::write::write(dir.path(), &files, false).unwrap();
    bencher.bench(|| codegen::write::write(dir.path(), &files, false).unwrap().unchanged.len());
}

/// A build script run again with nothing changed: read `docs-input/`, render, compare with
/// what is on disk, write nothing. (Cargo itself does not even rerun the script then; this is
/// the cost when something it watches was touched but not changed.)
#[divan::bench(sample_count = 20)]
fn build_rs_noop(bencher: divan::Bencher) {
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs-input");
    let dir = tempfile::tempdir().unwrap();
    let builder = codegen::Builder::new().input(&docs).crate_name("authing_sdk").out_dir(dir.path());
    builder.write().unwrap();
    bencher.bench(|| {
        let (_, report) = builder.write().unwrap();
        assert!(report.written.is_empty(), "a no-op run writes nothing");
    });
}
