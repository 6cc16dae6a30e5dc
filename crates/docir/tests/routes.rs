//! Routes and the facts behind them, on fixture pages of our own (`tests/fixtures/routes/`):
//! one page (or folder) per rule, each with the route it must get and the evidence kind that
//! decides it. Each page's share of the folder's IR is pinned in `snapshots.rs`.

use docir::diag::Code;
use docir::ir::{Confidence, EvidenceKind, HttpMethod, Type};
use std::path::PathBuf;
use std::sync::OnceLock;

fn build() -> &'static docir::Build {
    static B: OnceLock<docir::Build> = OnceLock::new();
    B.get_or_init(|| docir::build(&[PathBuf::from("../../tests/fixtures/routes")]).expect("fixture folder"))
}

/// Asserts an endpoint's method, path, and that `kind` is among its evidence.
fn route(key: &str, method: HttpMethod, path: &str, kind: EvidenceKind) -> &'static docir::ir::Http {
    let e = build().api.endpoints.get(key).unwrap_or_else(|| panic!("no endpoint {key}"));
    assert_eq!((e.http.method, e.http.path.as_str()), (method, path), "{key}: {:#?}", e.http.evidence);
    assert!(e.http.evidence.iter().any(|x| x.kind == kind), "{key}: no {kind:?} evidence in {:#?}", e.http.evidence);
    &e.http
}

fn diagnostics(code: Code) -> Vec<String> {
    build().diagnostics.iter().filter(|d| d.code == code).map(|d| d.to_string()).collect()
}

#[test]
fn a_method_name_that_ends_the_slug_leaves_a_path_segment() {
    let h = route("authentication/gizmos-list", HttpMethod::Get, "/api/v3/gizmos/list", EvidenceKind::SlugStructure);
    assert_eq!(h.confidence, Confidence::High);
    route("authentication/gizmos-unbind", HttpMethod::Post, "/api/v3/gizmos/unbind", EvidenceKind::SlugStructure);
}

#[test]
fn a_method_name_that_starts_the_slug_leaves_a_trailing_segment() {
    route(
        "management/list-gizmo-view-data",
        HttpMethod::Post,
        "/api/v3/list-gizmo-view/data",
        EvidenceKind::SlugStructure,
    );
}

#[test]
fn a_prefix_two_pages_of_the_folder_confirm_applies_to_the_folder() {
    let h = route(
        "authentication/gizmos-revoke-session",
        HttpMethod::Post,
        "/api/v3/gizmos/revoke-session",
        EvidenceKind::FolderConsensus,
    );
    assert_eq!(h.confidence, Confidence::Medium);
}

#[test]
fn a_first_word_several_slugs_share_and_no_method_name_explains_is_a_segment() {
    route(
        "authentication/passkey-registration",
        HttpMethod::Get,
        "/api/v3/passkey/registration",
        EvidenceKind::PrefixConsensus,
    );
    route("authentication/passkey-login", HttpMethod::Get, "/api/v3/passkey/login", EvidenceKind::PrefixConsensus);
}

#[test]
fn a_slug_that_starts_with_a_dash_is_a_path_of_its_own() {
    let e = &build().api.endpoints["authentication/-gizmo-hub-ping"];
    assert_eq!(e.slug, "-gizmo-hub-ping");
    route("authentication/-gizmo-hub-ping", HttpMethod::Get, "/gizmo/hub/ping", EvidenceKind::LeadingDash);
}

#[test]
fn a_printed_verb_and_request_line_beat_every_rule() {
    let h = route("management/update-gizmo-color", HttpMethod::Put, "/api/v3/gizmos/color", EvidenceKind::PrintedVerb);
    assert!(h.evidence.iter().any(|x| x.kind == EvidenceKind::PrintedPath));
    assert_eq!(h.confidence, Confidence::High);
}

#[test]
fn a_request_dto_printed_under_the_request_section_means_a_json_body() {
    // `getGizmoStats` starts with a read verb; the printed DTO decides.
    let h = route("management/get-gizmo-stats", HttpMethod::Post, "/api/v3/get-gizmo-stats", EvidenceKind::RequestDto);
    assert!(!h.guessed());
    let e = &build().api.endpoints["management/get-gizmo-stats"];
    assert!(e.params.iter().all(|p| p.location == docir::ir::ParamLocation::Body));
}

#[test]
fn query_rows_and_a_deleting_name_make_a_delete() {
    route(
        "management/delete-gizmos-batch",
        HttpMethod::Delete,
        "/api/v3/delete-gizmos-batch",
        EvidenceKind::DeleteVerb,
    );
}

#[test]
fn a_route_only_the_fallback_decides_is_reported_as_guessed() {
    let h = route("management/polish-gizmo", HttpMethod::Post, "/api/v3/polish-gizmo", EvidenceKind::Fallback);
    assert!(h.guessed());
    assert_eq!(h.confidence, Confidence::Low);
    let guessed = diagnostics(Code::RouteGuessed);
    assert_eq!(guessed.len(), 1, "{guessed:#?}");
    assert!(guessed[0].contains("management/polish-gizmo") && guessed[0].contains("polish-gizmo.md:1"), "{guessed:#?}");
}

#[test]
fn an_sdk_side_method_is_reported_and_left_out() {
    assert!(!build().api.endpoints.keys().any(|k| k.contains("build-gizmo-url")));
    let d = diagnostics(Code::SdkSideMethod);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].contains("build-gizmo-url.md"), "{d:#?}");
}

#[test]
fn an_operation_only_copies_without_a_method_line_document_is_emitted_unconfirmed() {
    let e = &build().api.endpoints["management/archive-gizmo"];
    let u = e.http.unconfirmed.as_ref().expect("marked unconfirmed");
    assert_eq!(u.kind, EvidenceKind::StaleOnly);
    assert!(u.at[0].file.ends_with("archive-gizmo.md"));
    let d: Vec<String> =
        diagnostics(Code::RouteUnconfirmed).into_iter().filter(|d| d.contains("archive-gizmo.md")).collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(build().api.endpoints["management/polish-gizmo"].http.unconfirmed.is_none());
}

#[test]
fn a_stale_only_slug_whose_operation_current_pages_document_under_another_slug_is_set_aside() {
    // `put-away-gizmo` has no method line; `stow-gizmo` (same folder) has one, and both give
    // the same title, parameters and response: the older slug is not emitted.
    let api = &build().api;
    route("management/stow-gizmo", HttpMethod::Post, "/api/v3/stow-gizmo", EvidenceKind::RowTell);
    assert!(api.endpoints["management/stow-gizmo"].http.unconfirmed.is_none());
    assert!(!api.endpoints.contains_key("management/put-away-gizmo"));
    assert!(!api.clients["ManagementClient"].endpoints.iter().any(|k| k.ends_with("put-away-gizmo")));
    let d: Vec<String> = diagnostics(Code::StaleCopy).into_iter().filter(|d| d.contains("put-away-gizmo")).collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].contains("put-away-gizmo.md:1") && d[0].contains("management/stow-gizmo"), "{d:#?}");
    // Same title, another parameter: another operation, emitted with its route unconfirmed.
    let kept = &api.endpoints["management/shelve-gizmo"];
    assert_eq!(kept.http.path, "/api/v3/shelve-gizmo");
    assert!(kept.http.unconfirmed.is_some());
}

#[test]
fn a_linked_array_of_arrays_keeps_both_levels() {
    let dto = &build().api.dtos["FrameLayoutDto"];
    let rows = dto.fields.iter().find(|f| f.name == "rows").expect("rows");
    assert_eq!(rows.ty, Type::array(Type::array(Type::reference("FrameSlotDto"))));
}

#[test]
fn a_dto_whose_name_is_not_ascii_is_a_dto_like_any_other() {
    let api = &build().api;
    let dto = api.dtos.get("相框备注").expect("the DTO is kept under its documented name");
    let names: Vec<&str> = dto.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["作者", "größe", "grosse"]);
    let link = api.dtos["FrameLayoutDto"].fields.iter().find(|f| f.name == "备注信息").expect("field");
    assert_eq!(link.ty, Type::reference("相框备注"));
    assert!(diagnostics(Code::MissingDto).is_empty(), "{:#?}", diagnostics(Code::MissingDto));
    assert!(diagnostics(Code::UnknownType).is_empty(), "{:#?}", diagnostics(Code::UnknownType));
}
