//! The IR and diagnostics of our own pages, pinned: the seeds and our pages in `docs-input/`,
//! and one fixture page per Markdown variant in `tests/fixtures/md/`.

use std::path::PathBuf;

fn build(dir: &str) -> docir::Build {
    docir::build(&[PathBuf::from(dir)]).expect("input folder exists")
}

fn diagnostics(b: &docir::Build) -> Vec<String> {
    b.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn docs_input_ir() {
    let b = build("../../docs-input");
    insta::assert_json_snapshot!("docs_input_ir", b.api);
    insta::assert_yaml_snapshot!("docs_input_diagnostics", diagnostics(&b));
}

#[test]
fn markdown_fixtures_ir() {
    let b = build("../../tests/fixtures/md");
    insta::assert_json_snapshot!("md_fixtures_ir", b.api);
    insta::assert_yaml_snapshot!("md_fixtures_diagnostics", diagnostics(&b));
}

#[test]
fn the_same_pages_read_in_any_order_give_the_same_ir() {
    // Listing the files one by one, reversed, must not change anything.
    let mut files = docir::source::discover(std::path::Path::new("../../tests/fixtures/md")).unwrap();
    files.reverse();
    let reversed = docir::build(&files).unwrap();
    let mut sorted = files.clone();
    sorted.sort();
    let forward = docir::build(&sorted).unwrap();
    assert_eq!(serde_json::to_string(&reversed.api).unwrap(), serde_json::to_string(&forward.api).unwrap());
    assert_eq!(diagnostics(&reversed), diagnostics(&forward));
}

#[test]
fn html_fixtures_ir() {
    let b = build("../../tests/fixtures/html");
    insta::assert_json_snapshot!("html_fixtures_ir", b.api);
    insta::assert_yaml_snapshot!("html_fixtures_diagnostics", diagnostics(&b));
}

#[test]
fn text_md_fixtures_ir() {
    let b = build("../../tests/fixtures/text-md");
    insta::assert_json_snapshot!("text_md_fixtures_ir", b.api);
    insta::assert_yaml_snapshot!("text_md_fixtures_diagnostics", diagnostics(&b));
}

#[test]
fn text_flat_fixtures_ir() {
    let b = build("../../tests/fixtures/text-flat");
    insta::assert_json_snapshot!("text_flat_fixtures_ir", b.api);
    insta::assert_yaml_snapshot!("text_flat_fixtures_diagnostics", diagnostics(&b));
}
