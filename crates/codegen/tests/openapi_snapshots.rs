//! The OpenAPI emitted for our own pages, pinned: the Markdown fixture pages (one per variant).
//! The OpenAPI of `docs-input/` has one golden only, `generated/authing-sdk/openapi.json`,
//! which `codegen check` proves.

use std::path::PathBuf;

fn openapi(dir: &str) -> serde_json::Value {
    let b = docir::build(&[PathBuf::from(dir)]).expect("input folder exists");
    codegen::openapi::openapi(&b.api, "snapshot", "0")
}

#[test]
fn markdown_fixtures_openapi() {
    insta::assert_json_snapshot!("md_fixtures_openapi", openapi("../../tests/fixtures/md"));
}
