//! The IR and diagnostics of our own pages, pinned. Each fixture folder (`tests/fixtures/`) is
//! built whole, since its pages are copies of each other that merge; then every page gets an
//! insta snapshot of its share: the endpoints it documents, the DTOs, enums and SDK-side
//! operations with a fact from it, and the diagnostics located in it. The IR of `docs-input/`
//! has one golden only, `generated/authing-sdk/ir.json` (`codegen check` proves it); its
//! diagnostics are pinned here.

use docir::Build;
use docir::diag::Loc;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn build(dir: &str) -> Build {
    docir::build(&[PathBuf::from(dir)]).expect("input folder exists")
}

fn diagnostics(b: &Build) -> Vec<String> {
    b.diagnostics.iter().map(|d| d.to_string()).collect()
}

/// The fixture folders, each built once.
const FOLDERS: [&str; 5] = ["md", "html", "text-md", "text-flat", "routes"];

fn folder(name: &str) -> &'static Build {
    static BUILDS: [OnceLock<Build>; 5] = [const { OnceLock::new() }; 5];
    let k = FOLDERS.iter().position(|f| *f == name).expect("a fixture folder");
    BUILDS[k].get_or_init(|| build(&format!("../../tests/fixtures/{name}")))
}

/// The name the build gives a fixture page: its folder, then its path below it.
fn page_name(folder: &str, path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(folder);
    let root = root.canonicalize().unwrap();
    let rel = path.canonicalize().unwrap();
    let rel = rel.strip_prefix(&root).expect("a page of the folder");
    let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    format!("{folder}/{}", parts.join("/"))
}

/// What the folder's IR and diagnostics hold from page `file`.
fn page_share(b: &Build, file: &str) -> Value {
    let from = |locs: &[Loc]| locs.iter().any(|l| &*l.file == file);
    let api = &b.api;
    let endpoints: BTreeMap<_, _> = api.endpoints.iter().filter(|(_, e)| from(&e.sources)).collect();
    let dtos: BTreeMap<_, _> =
        api.dtos.iter().filter(|(_, d)| from(&d.from) || d.fields.iter().any(|f| from(&f.from))).collect();
    let enums: BTreeMap<_, _> = api.enums.iter().filter(|(_, e)| e.values.iter().any(|v| from(&v.from))).collect();
    let sdk_operations: BTreeMap<_, _> = api.sdk_operations.iter().filter(|(_, o)| from(&o.from)).collect();
    let diags: Vec<String> = b.diagnostics.iter().filter(|d| &*d.at.file == file).map(|d| d.to_string()).collect();
    json!({ "endpoints": endpoints, "dtos": dtos, "enums": enums, "sdk_operations": sdk_operations, "diagnostics": diags })
}

/// Snapshots the share of every file of `folder` (a page or not: a skipped file has its note).
macro_rules! page_snapshots {
    ($test:ident, $folder:literal) => {
        #[test]
        fn $test() {
            insta::glob!(concat!("../../../tests/fixtures/", $folder), "**/*", |path| {
                if path.is_dir() {
                    return;
                }
                insta::assert_json_snapshot!(page_share(folder($folder), &page_name($folder, path)));
            });
        }
    };
}

page_snapshots!(md_page, "md");
page_snapshots!(html_page, "html");
page_snapshots!(text_md_page, "text-md");
page_snapshots!(text_flat_page, "text-flat");
page_snapshots!(routes_page, "routes");

/// Nothing the folders' IR and diagnostics hold escapes the page snapshots: every endpoint,
/// DTO, enum, SDK-side operation and diagnostic is located in a page of its folder.
#[test]
fn every_fact_of_a_fixture_folder_is_in_a_page_snapshot() {
    for name in FOLDERS {
        let b = folder(name);
        let root = PathBuf::from(format!("../../tests/fixtures/{name}"));
        let pages: Vec<String> = docir::discover(&root).unwrap().iter().map(|p| page_name(name, p)).collect();
        let on_page = |locs: &[Loc]| locs.iter().any(|l| pages.iter().any(|p| *p == *l.file));
        let api = &b.api;
        let mut missing: Vec<String> = Vec::new();
        missing.extend(api.endpoints.iter().filter(|(_, e)| !on_page(&e.sources)).map(|(k, _)| k.clone()));
        missing.extend(
            api.dtos
                .iter()
                .filter(|(_, d)| !on_page(&d.from) && !d.fields.iter().any(|f| on_page(&f.from)))
                .map(|(k, _)| k.clone()),
        );
        missing.extend(
            api.enums.iter().filter(|(_, e)| !e.values.iter().any(|v| on_page(&v.from))).map(|(k, _)| k.clone()),
        );
        missing.extend(api.sdk_operations.iter().filter(|(_, o)| !on_page(&o.from)).map(|(k, _)| k.clone()));
        missing.extend(b.diagnostics.iter().filter(|d| !pages.iter().any(|p| *p == *d.at.file)).map(|d| d.to_string()));
        assert!(missing.is_empty(), "{name}: not located in any page: {missing:#?}");
        assert!(!api.endpoints.is_empty(), "{name}: no endpoint at all");
    }
}

#[test]
fn docs_input_diagnostics() {
    let b = build("../../docs-input");
    insta::assert_yaml_snapshot!("docs_input_diagnostics", diagnostics(&b));
}

#[test]
fn the_same_pages_read_in_any_order_give_the_same_ir() {
    // Listing the files one by one, reversed, must not change anything.
    let mut files = docir::discover(std::path::Path::new("../../tests/fixtures/md")).unwrap();
    files.reverse();
    let reversed = docir::build(&files).unwrap();
    let mut sorted = files.clone();
    sorted.sort();
    let forward = docir::build(&sorted).unwrap();
    assert_eq!(serde_json::to_string(&reversed.api).unwrap(), serde_json::to_string(&forward.api).unwrap());
    assert_eq!(diagnostics(&reversed), diagnostics(&forward));
}
