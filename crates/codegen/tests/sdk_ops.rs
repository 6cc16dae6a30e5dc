//! The SDK-side operations of our hand-written fixture pages (`tests/fixtures/sdk-ops/`) tied
//! to the runtime's `oidc` module: rustdoc from the pages at the implementing item, lint
//! warnings for an operation without implementation and implementations no page documents.

use codegen::rust::{RenderOptions, check_sdk_operations, render};
use docir::diag::{Code, Severity};
use std::path::Path;

fn api() -> docir::ir::Api {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/sdk-ops");
    docir::build(&[root]).expect("fixtures").api
}

#[test]
fn the_pages_document_the_implementing_item() {
    let api = api();
    let out = render(&api, &RenderOptions::default()).expect("renders");
    let oidc = &out.files.iter().find(|f| f.path == "src/oidc.rs").expect("oidc.rs").contents;
    assert!(!oidc.lines().any(|l| l.trim().starts_with("// sdk-operation:")), "markers are replaced");
    let at = oidc.find("pub async fn exchange_code").expect("exchange_code");
    let before = &oidc[..at];
    let docs = &before[before.rfind("# Errors").unwrap()..];
    assert!(docs.contains("/// # In the official SDKs"), "{docs}");
    assert!(docs.contains("换取令牌 / Exchange a code"), "{docs}");
    assert!(docs.contains("`getAccessTokenByCode` (node), `get_access_token_by_code` (python)"), "{docs}");
    assert!(docs.contains("用一次性的授权码换取令牌。") && docs.contains("Trade the one-time code for tokens."));
    assert!(docs.contains("- `code` (str, required): The one-time code"), "{docs}");
    // Names the runtime already lists are not repeated as aliases.
    assert_eq!(oidc.matches("alias = \"getAccessTokenByCode\"").count(), 1);
    // Undocumented items get nothing from the pages.
    let revoke = &oidc[..oidc.find("pub async fn revoke").unwrap()];
    assert!(!revoke[revoke.rfind("pub async fn").unwrap()..].contains("In the official SDKs"));
    syn::parse_file(oidc).expect("still Rust");
}

#[test]
fn lint_warns_both_ways_and_counts() {
    let api = api();
    let mut diags = Vec::new();
    check_sdk_operations(&api, &mut diags);
    let warnings: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == Code::SdkOperation && d.severity == Severity::Warning)
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        warnings.iter().any(|m| m.contains("`login/say_hello`") && m.contains("no implementation")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|m| m.contains("`revoke_token`") && m.contains("no page documents")), "{warnings:?}");
    assert!(!warnings.iter().any(|m| m.contains("get_access_token_by_code`")), "{warnings:?}");
    // A key with a page names that page's operation only: the fixtures have no `cas` page.
    assert!(warnings.iter().any(|m| m.contains("`cas/build_authorize_url`") && m.contains("no page documents")));
    assert!(
        diags.iter().any(|d| d.message.starts_with("3 SDK-side operations read") && d.message.contains("2 without"))
    );

    // Pages without SDK-side operations: nothing to say.
    let mut none = Vec::new();
    check_sdk_operations(&docir::ir::Api::default(), &mut none);
    assert!(none.is_empty());
}

#[test]
fn the_front_door_reports_them_for_every_command() {
    // `lint`, `generate`, `check` and build scripts all report `Loaded::diagnostics`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/sdk-ops");
    let loaded = codegen::Builder::new().input(root).load().expect("loads");
    let ours: Vec<&str> =
        loaded.diagnostics.iter().filter(|d| d.code == Code::SdkOperation).map(|d| d.message.as_str()).collect();
    assert!(ours.iter().any(|m| m.starts_with("3 SDK-side operations read")), "{ours:?}");
    assert!(ours.iter().any(|m| m.contains("`login/say_hello`") && m.contains("no implementation")), "{ours:?}");
}

#[test]
fn lint_names_the_rust_item_of_each_implemented_operation() {
    let api = api();
    let mut diags = Vec::new();
    check_sdk_operations(&api, &mut diags);
    let notes: Vec<&docir::diag::Diagnostic> =
        diags.iter().filter(|d| d.severity == Severity::Note && d.message.contains("is implemented by")).collect();
    assert_eq!(notes.len(), 1, "one of the fixtures' three operations is implemented: {notes:?}");
    let note = notes[0];
    assert!(note.message.contains("`login/get_access_token_by_code`"), "{}", note.message);
    assert!(note.message.ends_with("is implemented by `oidc::OidcClient::exchange_code`"), "{}", note.message);
    assert!(note.at.file.ends_with("login.md"), "located at the page: {:?}", note.at);
    // The marker in the runtime is the related location.
    assert!(note.related.iter().any(|r| r.at.file.ends_with("templates/runtime/src/oidc.rs") && r.at.line > 0));
}
