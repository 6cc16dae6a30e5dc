//! Hostile documentation pages (`tests/fixtures/hostile/`): text that tries to break out of
//! comments and string literals, names that are keywords, start with digits, hold `-` `.` `$`
//! `@`, are Chinese-only or collide after case conversion, hostile enum values, a link to a
//! path, a client whose module is a reserved file name. The SDK generated from them is
//! committed as `generated/hostile-pages-sdk` (a workspace member: the workspace build, clippy
//! and rustdoc check that it compiles cleanly); here: it is fresh, no planted item exists in its
//! syntax, wire names are kept exactly, and every renaming is reported with its page and line.

use std::process::Command;

mod common;
use common::repo;

const ARGS: &[&str] =
    &["--input", "tests/fixtures/hostile", "--out", "generated/hostile-pages-sdk", "--crate-name", "hostile-pages-sdk"];

#[test]
fn the_committed_crate_is_what_the_pages_generate() {
    common::assert_committed_crate_is_fresh(ARGS);
}

/// Every identifier in the generated Rust, outside doc attributes and string literals.
fn idents(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    for t in tokens {
        match t {
            proc_macro2::TokenTree::Ident(i) => out.push(i.to_string()),
            proc_macro2::TokenTree::Group(g) => idents(g.stream(), out),
            proc_macro2::TokenTree::Punct(_) | proc_macro2::TokenTree::Literal(_) => {}
        }
    }
}

#[test]
fn no_planted_item_and_wire_names_kept() {
    let sources: Vec<String> = docir::discover(&repo().join("generated/hostile-pages-sdk/src"))
        .unwrap()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut all = Vec::new();
    for s in &sources {
        let file = syn::parse_file(s).expect("generated code parses");
        // Doc comments become `#[doc = "..."]` string literals; identifiers are what code is.
        let tokens: proc_macro2::TokenStream = quote_file(&file);
        idents(tokens, &mut all);
    }
    assert!(!all.is_empty());
    let planted: Vec<&String> = all.iter().filter(|i| i.contains("planted")).collect();
    // The hostile enum value is a variant named from its text, its wire value a string literal.
    assert!(planted.iter().all(|i| i.as_str() == "FnPlantedEnum"), "planted identifiers: {planted:?}");
    let text = sources.join("\n");
    for wire in ["\"1st\"", "\"user-id\"", "\"a.b\"", "\"$ref\"", "\"@at\"", "\"用户名\"", "\"userId\"", "\"UserID\""]
    {
        assert!(text.contains(wire), "wire name {wire} kept");
    }
    // `user_id` needs no rename: its field is its wire name.
    assert!(text.contains("pub user_id: Option<String>"));
    assert!(!text.contains('\u{202E}') && !text.contains('\u{200B}'), "bidi and zero-width characters removed");
}

fn quote_file(file: &syn::File) -> proc_macro2::TokenStream {
    use quote::ToTokens;
    let mut ts = proc_macro2::TokenStream::new();
    for item in &file.items {
        item.to_token_stream().into_iter().for_each(|t| ts.extend(std::iter::once(t)));
    }
    ts
}

#[test]
fn every_renaming_is_reported_with_its_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("sdk");
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["generate", "--input", "tests/fixtures/hostile", "--crate-name", "hostile-pages-sdk", "--out"])
        .arg(&out_dir)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "planted-names.md:23: warning[name-collision]: `userId` and `user_id` both become `user_id`",
        "planted-names.md:25: warning[name-collision]: `UserID` and `user_id` both become `user_id`",
        "planted-names.md:22 (cell 1): warning[name-changed]: field name `用户名`",
        "get-aux.md:1: warning[name-collision]: `con` and the generated code both become `con`",
        "planted-names.md:27 (cell 2): warning[unknown-type]: unknown type `../../etc/passwd`",
    ] {
        assert!(log.contains(expected), "missing `{expected}` in:\n{log}");
    }
    // The reserved module name became another file; nothing was written outside the folder.
    assert!(out_dir.join("src/con_2.rs").is_file());
    assert!(!out_dir.join("src/con.rs").exists());
}
