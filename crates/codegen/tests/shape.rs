//! The shape of the generated API, on fixture pages written for it (`tests/fixtures/shape/`)
//! with each kind of naming noise: a parameter named `withOwner`, a method ending in `Request`,
//! two pages giving one method name for different routes, numeric enum values (`1`, `-1`,
//! `+1`), values differing only in case, the same enum on fields of the same name in two
//! places, a DTO named like a prelude type (`Option`), a request with more required fields than
//! a constructor takes, and a list endpoint. The crate is committed as `generated/shape-sdk` (a
//! workspace member: the workspace build, clippy and rustdoc check it); here: it is fresh, and
//! the names of its items, with the notes that explain them, are a snapshot.

use std::fmt::Write as _;
use std::path::Path;
use syn::{ImplItem, Item};

mod common;
use common::repo;

const ARGS: &[&str] = &["--input", "tests/fixtures/shape", "--out", "generated/shape-sdk", "--crate-name", "shape-sdk"];

#[test]
fn the_committed_crate_is_what_the_pages_generate() {
    common::assert_committed_crate_is_fresh(ARGS);
}

/// `struct`, `enum` (with variants) and methods of every `impl`, file by file.
fn item_names(file: &syn::File, out: &mut String) {
    for item in &file.items {
        match item {
            Item::Struct(s) => writeln!(out, "  struct {}", s.ident).unwrap(),
            Item::Enum(e) => {
                let vs: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
                writeln!(out, "  enum {} {{ {} }}", e.ident, vs.join(", ")).unwrap();
            }
            Item::Impl(i) if i.trait_.is_none() => {
                let ty = quote::ToTokens::to_token_stream(&i.self_ty).to_string().replace(' ', "");
                let fns: Vec<String> = i
                    .items
                    .iter()
                    .filter_map(|it| match it {
                        ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => Some(f.sig.ident.to_string()),
                        _ => None,
                    })
                    .collect();
                if !fns.is_empty() {
                    writeln!(out, "  impl {ty}: {}", fns.join(", ")).unwrap();
                }
            }
            _ => {}
        }
    }
}

#[test]
fn item_names_have_no_noise() {
    let build = docir::build(&[repo().join("tests/fixtures/shape")]).expect("fixtures read");
    let opts = codegen::rust::RenderOptions { crate_name: "shape-sdk".into(), ..Default::default() };
    let rendered = codegen::rust::render(&build.api, &opts).expect("fixtures render");
    let mut out = String::new();
    for f in rendered.files.iter().filter(|f| f.path.ends_with(".rs")) {
        // The runtime is copied verbatim from templates/runtime: not named from the pages.
        let file_name = Path::new(&f.path).file_name().unwrap();
        if f.path != "src/lib.rs"
            && repo().join("templates/runtime/src").join(file_name).exists()
            && !f.path.contains("/models/")
        {
            continue;
        }
        writeln!(out, "{}", f.path).unwrap();
        item_names(&syn::parse_file(&f.contents).expect("rendered Rust parses"), &mut out);
    }
    writeln!(out, "notes").unwrap();
    for d in &rendered.diagnostics {
        writeln!(out, "  {}: {}", d.code.as_str(), d.message).unwrap();
    }
    // The noise this test exists for, named so that a failure says which came back.
    for noise in ["with_with_", "RequestRequest", "delete_gizmo_2", "N1", "Minus12", "Department2", "Option2", "Dto2"] {
        assert!(!out.contains(noise), "`{noise}` in the item names:\n{out}");
    }
    insta::assert_snapshot!(out);
}
