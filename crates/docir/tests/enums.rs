//! Enums on fixture pages of our own (`tests/fixtures/enums/`): which value lists are enums,
//! which are examples, open lists, multi-value strings or lists the type contradicts, and which
//! fields share a value set. The IR of the whole folder is pinned by an insta snapshot too.

use docir::diag::Code;
use std::path::PathBuf;
use std::sync::OnceLock;

fn build() -> &'static docir::Build {
    static B: OnceLock<docir::Build> = OnceLock::new();
    B.get_or_init(|| docir::build(&[PathBuf::from("../../tests/fixtures/enums")]).expect("fixture folder"))
}

/// The values of the enum a parameter of `endpoint` links to (empty when none).
fn param_values(endpoint: &str, param: &str) -> Vec<String> {
    let api = &build().api;
    let p = api.endpoints[endpoint].params.iter().find(|p| p.name == param).unwrap_or_else(|| panic!("no {param}"));
    p.enum_ref.as_ref().map(|n| api.enums[n].values.iter().map(|v| v.value.clone()).collect()).unwrap_or_default()
}

/// The values of the enum a DTO field links to (empty when none).
fn field_values(dto: &str, field: &str) -> Vec<String> {
    let api = &build().api;
    let f = api.dtos[dto].fields.iter().find(|f| f.name == field).unwrap_or_else(|| panic!("no {dto}.{field}"));
    f.enum_ref.as_ref().map(|n| api.enums[n].values.iter().map(|v| v.value.clone()).collect()).unwrap_or_default()
}

fn rejected(what: &str) -> Vec<String> {
    build()
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::EnumRejected && d.message.contains(what))
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn enums_ir() {
    let b = build();
    insta::assert_json_snapshot!("enums_ir", b.api);
    let diags: Vec<String> = b.diagnostics.iter().map(|d| d.to_string()).collect();
    insta::assert_yaml_snapshot!("enums_diagnostics", diags);
}

#[test]
fn a_bullet_list_in_the_row_is_an_enum() {
    assert_eq!(param_values("management/create-toy", "color"), ["RED", "GREEN"]);
}

#[test]
fn examples_are_no_enum() {
    // `如：` before the bullets, `… 等` after a prose list.
    assert_eq!(param_values("management/create-toy", "vendor"), Vec::<String>::new());
    assert_eq!(param_values("management/create-toy", "action"), Vec::<String>::new());
    assert_eq!(rejected("`vendor`").len(), 1, "{:?}", build().diagnostics);
}

#[test]
fn an_open_list_is_no_enum() {
    assert_eq!(param_values("management/create-toy", "sortField"), Vec::<String>::new());
    assert_eq!(rejected("`sortField`").len(), 1);
}

#[test]
fn a_sample_that_combines_values_makes_a_multi_value_string() {
    assert_eq!(param_values("management/create-toy", "scope"), Vec::<String>::new());
    assert!(rejected("`scope`")[0].contains("read write"));
}

#[test]
fn values_the_type_contradicts_are_a_warning() {
    assert_eq!(param_values("management/create-toy", "size"), Vec::<String>::new());
    let d = rejected("`size`");
    assert!(d.len() == 1 && d[0].starts_with("warning"), "{d:?}");
}

#[test]
fn prose_lists_around_the_sample_and_the_sample_case() {
    // `PENDING(待上架)、ON_SALE(在售)以及 SOLD_OUT(售罄)` around the unquoted sample.
    assert_eq!(field_values("ToyDto", "state"), ["PENDING", "ON_SALE", "SOLD_OUT"]);
    // Bullets in lower case, the sample (the wire value) in upper case.
    assert_eq!(field_values("ToyDto", "ownerKind"), ["PERSON", "COMPANY"]);
    // `固定值, toy-label`: a prose word is no value; the unquoted sample is.
    assert_eq!(field_values("ToyDto", "label"), ["toy-label"]);
}

#[test]
fn a_value_only_a_minority_of_copies_lists_is_left_out() {
    assert_eq!(field_values("ToyDto", "grade"), ["A", "B"]);
    assert!(rejected("`grade`")[0].contains("C listed by fewer than half"));
}

#[test]
fn value_sets_are_shared_only_between_fields_described_alike() {
    // `shape` is described as ToyDto.shape is (before its list): shared, and reported.
    assert_eq!(param_values("management/create-toy", "shape"), ["ROUND", "SQUARE"]);
    assert_eq!(param_values("management/list-toys", "shape"), ["ROUND", "SQUARE"]);
    // `grade` of list-toys is described otherwise: no evidence it is the same field.
    assert_eq!(param_values("management/list-toys", "grade"), Vec::<String>::new());
    let shared: Vec<String> =
        build().diagnostics.iter().filter(|d| d.code == Code::EnumShared).map(|d| d.to_string()).collect();
    assert_eq!(shared.len(), 2, "{shared:?}");
}
