//! Ties between copies that disagree, on fixture pages of our own (`tests/fixtures/ties/`): an
//! endpoint documented by a current page and by an older copy under a misspelt slug (no method
//! line, another response type, a link where the current page prints `object`). The IR of the
//! folder is pinned by an insta snapshot too.

use docir::diag::Code;
use docir::ir::Type;
use std::path::PathBuf;
use std::sync::OnceLock;

fn build() -> &'static docir::Build {
    static B: OnceLock<docir::Build> = OnceLock::new();
    B.get_or_init(|| docir::build(&[PathBuf::from("../../tests/fixtures/ties")]).expect("fixture folder"))
}

#[test]
fn ties_ir() {
    let b = build();
    insta::assert_json_snapshot!("ties_ir", b.api);
    let diags: Vec<String> = b.diagnostics.iter().map(|d| d.to_string()).collect();
    insta::assert_yaml_snapshot!("ties_diagnostics", diags);
}

#[test]
fn the_slug_the_method_name_spells_beats_a_misspelt_one() {
    let keys: Vec<&String> = build().api.endpoints.keys().collect();
    assert_eq!(keys, ["management/get-toy-vendor"]);
    assert_eq!(build().api.endpoints["management/get-toy-vendor"].http.path, "/api/v3/get-toy-vendor");
    assert!(build().diagnostics.iter().any(|d| d.code == Code::SlugsJoined), "{:#?}", build().diagnostics);
}

#[test]
fn a_current_copy_beats_an_older_one_in_a_tie() {
    let e = &build().api.endpoints["management/get-toy-vendor"];
    assert_eq!(e.response.as_ref().map(|r| r.dto.as_str()), Some("ToyVendorRespDto"));
}

#[test]
fn a_link_from_an_older_copy_never_overrides_the_type_current_copies_give() {
    let dto = &build().api.dtos["ToyVendorDto"];
    let address = dto.fields.iter().find(|f| f.name == "address").expect("address");
    assert_eq!(address.ty, Type::Object);
    assert!(
        build().diagnostics.iter().any(|d| d.code == Code::TypeConflict && d.message.contains("older run")),
        "{:#?}",
        build().diagnostics
    );
}
