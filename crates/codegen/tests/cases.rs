//! The small pages of `../shared/cases` that failed, as kinds of page of our own: each kind
//! rendered to Rust with the value a user expects. (Duplicate method names are covered in
//! `diagnostics.rs`, 64-bit numbers in `tests/tests/numbers.rs`, the IR of both kinds below in
//! `crates/docir/tests/routes.rs`.)

use codegen::rust::{RenderOptions, Rendered, render};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Rust crate rendered from the routes fixture folder (it holds a `Dto[][]` field and a DTO
/// whose name is not ASCII).
fn routes_crate() -> Rendered {
    let build = docir::build(&[repo().join("tests/fixtures/routes")]).expect("fixture folder reads");
    let opts = RenderOptions { crate_name: "routes-sdk".into(), ..Default::default() };
    render(&build.api, &opts).expect("fixture folder renders")
}

fn all_code(r: &Rendered) -> String {
    r.files.iter().filter(|f| f.path.ends_with(".rs")).map(|f| f.contents.as_str()).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_linked_array_of_arrays_is_a_vec_of_vecs_in_rust() {
    let code = all_code(&routes_crate());
    assert!(code.contains("Vec<Vec<FrameSlotDto>>"), "no Vec<Vec<FrameSlotDto>> in the rendered crate");
}

#[test]
fn a_dto_whose_name_is_not_ascii_gets_an_ascii_rust_name_and_keeps_its_wire_names() {
    let code = all_code(&routes_crate());
    // Every struct name is an ASCII identifier; the non-ASCII field names stay on the wire.
    for line in code.lines().filter(|l| l.trim_start().starts_with("pub struct ")) {
        let name = line.trim_start()["pub struct ".len()..].split([' ', '{', '<', '(', ';']).next().unwrap();
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{line}");
    }
    for wire in ["作者", "größe"] {
        assert!(code.contains(&format!("rename = \"{wire}\"")), "the wire name {wire} is lost");
    }
    // `größe` and `grosse` stay two fields.
    assert!(code.contains("pub grosse:"));
    assert_eq!(code.matches("pub gr").count(), 2);
}
