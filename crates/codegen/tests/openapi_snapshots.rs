//! The OpenAPI emitted for our own pages, pinned: the seeds and our pages in `docs-input/`, and
//! the Markdown fixture pages (one per variant).

use std::path::PathBuf;

fn openapi(dir: &str) -> serde_json::Value {
    let b = docir::build(&[PathBuf::from(dir)]).expect("input folder exists");
    codegen::openapi::openapi(&b.api, "snapshot", "0")
}

#[test]
fn docs_input_openapi() {
    insta::assert_json_snapshot!("docs_input_openapi", openapi("../../docs-input"));
}

#[test]
fn markdown_fixtures_openapi() {
    insta::assert_json_snapshot!("md_fixtures_openapi", openapi("../../tests/fixtures/md"));
}
