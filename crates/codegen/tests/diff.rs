//! `codegen diff` on fixture pairs (`tests/diff/<rule>/{old,new}`, pages written for these
//! tests): one pair per classification rule of the README, each snapshotted in the three
//! output formats; and `--fail-on` exit codes through the binary.

use codegen::diff::render::{self, Report};
use codegen::diff::{self, Severity, Shapes, version};
use std::path::Path;
use std::process::Command;

/// Every pair, with the most severe change it must produce (the rule it pins).
const PAIRS: &[(&str, Option<Severity>)] = &[
    ("client-removed", Some(Severity::Breaking)),
    ("docs-changed", Some(Severity::Patch)),
    ("dto-renamed", Some(Severity::Breaking)),
    ("endpoint-added", Some(Severity::Minor)),
    ("endpoint-removed", Some(Severity::Breaking)),
    // Minor: the generated enums are #[non_exhaustive] (see the README).
    ("enum-value-added", Some(Severity::Minor)),
    ("enum-value-removed", Some(Severity::Breaking)),
    ("field-renamed", Some(Severity::Breaking)),
    ("method-renamed", Some(Severity::Breaking)),
    // Minor: the request structs are #[non_exhaustive].
    ("param-added-optional", Some(Severity::Minor)),
    ("param-added-required", Some(Severity::Breaking)),
    ("param-optional", Some(Severity::Breaking)),
    ("param-removed", Some(Severity::Breaking)),
    ("param-required", Some(Severity::Breaking)),
    ("param-retyped", Some(Severity::Breaking)),
    ("request-added", Some(Severity::Breaking)),
    // Minor: the models are #[non_exhaustive].
    ("response-field-added", Some(Severity::Minor)),
    ("response-field-removed", Some(Severity::Breaking)),
    ("response-field-retyped", Some(Severity::Breaking)),
    ("route-changed", Some(Severity::Patch)),
    ("unchanged", None),
    ("wire-name-changed", Some(Severity::Patch)),
];

fn pair(name: &str) -> (docir::ir::Api, docir::ir::Api) {
    // Relative paths (the test runs in the crate folder): locations do not depend on the checkout.
    let old = diff::cli::load(Path::new(&format!("tests/diff/{name}/old"))).unwrap();
    let new = diff::cli::load(Path::new(&format!("tests/diff/{name}/new"))).unwrap();
    (old, new)
}

fn all_formats(name: &str, shapes: Shapes) -> (String, Option<Severity>) {
    let (old, new) = pair(name);
    let changes = diff::changes(&old, &new, shapes);
    let from = semver::Version::parse("0.3.1").unwrap();
    let (bump, to) = version::suggest(&from, diff::highest(&changes));
    let r = Report { changes: &changes, from, to, bump };
    let text = format!(
        "--- human ---\n{}\n--- markdown ---\n{}\n--- json ---\n{}",
        render::human(&r),
        render::markdown(&r),
        render::json(&r)
    );
    (text, diff::highest(&changes))
}

#[test]
fn every_fixture_pair_is_classified_and_rendered() {
    let shapes = diff::shapes::detect(None);
    let on_disk: Vec<String> = std::fs::read_dir("tests/diff")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(on_disk.len(), PAIRS.len(), "every pair on disk is listed: {on_disk:?}");
    for (name, want) in PAIRS {
        let (text, highest) = all_formats(name, shapes);
        assert_eq!(highest, *want, "{name}:\n{text}");
        insta::assert_snapshot!(format!("diff_{name}"), text);
    }
}

#[test]
fn the_kind_each_pair_is_named_for_is_found() {
    for (name, _) in PAIRS.iter().filter(|(n, _)| *n != "unchanged") {
        let (old, new) = pair(name);
        let kinds: Vec<&str> = diff::changes(&old, &new, Shapes::default()).iter().map(|c| c.kind.as_str()).collect();
        let want = match *name {
            "param-added-optional" | "param-added-required" => "param-added",
            "response-field-added" => "field-added",
            "response-field-removed" => "field-removed",
            "response-field-retyped" => "field-retyped",
            n => n,
        };
        assert!(kinds.contains(&want), "{name}: {kinds:?}");
    }
}

/// With #[non_exhaustive] types, additions of optional members are minor; required ones stay
/// breaking (the constructor takes them).
#[test]
fn non_exhaustive_shapes_make_optional_additions_minor() {
    let open = Shapes { requests: true, models: true, enums: true };
    for (name, want) in [
        ("param-added-optional", Severity::Minor),
        ("param-added-required", Severity::Breaking),
        ("response-field-added", Severity::Minor),
        ("enum-value-added", Severity::Minor),
    ] {
        let (old, new) = pair(name);
        let changes = diff::changes(&old, &new, open);
        let added = changes.iter().find(|c| c.kind.as_str().ends_with("-added")).unwrap();
        assert_eq!(added.severity, want, "{name}: {changes:#?}");
    }
}

#[test]
fn swapping_sides_turns_additions_into_removals() {
    let (old, new) = pair("endpoint-added");
    let back = diff::changes(&new, &old, Shapes::default());
    assert!(back.iter().any(|c| c.kind.as_str() == "endpoint-removed" && c.severity == Severity::Breaking));
    assert!(diff::changes(&old, &old, Shapes::default()).is_empty());
}

fn codegen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("codegen runs")
}

#[test]
fn fail_on_breaking_exits_1_only_when_a_change_is_breaking() {
    let run = |pair: &str, fail_on: &str| {
        let (o, n) = (format!("tests/diff/{pair}/old"), format!("tests/diff/{pair}/new"));
        codegen(&["diff", "--old", &o, "--new", &n, "--fail-on", fail_on]).status.code()
    };
    assert_eq!(run("param-removed", "breaking"), Some(1));
    assert_eq!(run("endpoint-added", "breaking"), Some(0));
    assert_eq!(run("endpoint-added", "minor"), Some(1));
    assert_eq!(run("docs-changed", "minor"), Some(0));
}

#[test]
fn cli_reads_the_version_from_codegen_toml_and_an_ir_json_side() {
    let dir = tempfile::tempdir().unwrap();
    let ir = dir.path().join("ir.json");
    let out = codegen(&["ir", "--input", "tests/diff/param-removed/old", "--out", ir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out =
        codegen(&["diff", "--old", ir.to_str().unwrap(), "--new", "tests/diff/param-removed/new", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["from"], "0.3.1");
    assert_eq!(v["to"], "0.4.0");
    assert_eq!(v["suggested_bump"], "minor");
    assert_eq!(v["changes"][1]["kind"], "param-removed");
    assert_eq!(v["changes"][1]["endpoint"], "management/create-note");
    // A missing side is unreadable input: exit 2, naming it.
    let out = codegen(&["diff", "--old", "tests/diff/nope.json", "--new", "tests/diff/unchanged/new"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.json"));
}

/// An unreadable side is named with its cause once: the chain is not printed twice
/// (`input `x`: No such file ...: No such file ...`).
#[test]
fn diff_names_an_unreadable_side_with_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("old.json");
    std::fs::write(&garbage, "not json").unwrap();
    for old in ["tests/diff/nope.json", garbage.to_str().unwrap()] {
        let out = codegen(&["diff", "--old", old, "--new", "tests/diff/unchanged/new"]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr.lines().find(|l| l.starts_with("error:")).expect("an error line");
        let cause = line.rsplit(": ").next().unwrap();
        assert_eq!(line.matches(cause).count(), 1, "the cause is repeated: {line}");
    }
}

#[test]
fn check_prints_the_api_changes_above_its_file_diff() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sdk");
    let out = out.to_str().unwrap();
    let g = codegen(&["generate", "--input", "tests/diff/param-removed/old", "--out", out]);
    assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
    let c = codegen(&["check", "--input", "tests/diff/param-removed/new", "--out", out]);
    assert_eq!(c.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&c.stdout);
    let summary = stdout.find("breaking[param-removed]").expect("the API change is listed");
    let first_diff = stdout.find("@@").expect("the file diff follows");
    assert!(summary < first_diff, "{stdout}");
    assert!(stdout.contains("suggested version 0.3.1 → 0.4.0"), "{stdout}");
}
