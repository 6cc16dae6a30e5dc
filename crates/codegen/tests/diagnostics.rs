//! One truth of diagnostics, and output a maintainer can trust, through the `codegen` binary:
//! a fixture folder per reported problem (pages of our own in `tests/fixtures/`), asserting
//! the diagnostic (code, severity, file, line) and the outcome; `lint` and `generate` report
//! the same set on every fixture folder; no endpoint writes and deletes nothing; files codegen
//! did not write are never replaced; output does not depend on where the pages are or how
//! their path was typed; the CLI's exit codes, errors and flags.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn codegen<S: AsRef<std::ffi::OsStr>>(args: &[S], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).current_dir(cwd).output().expect("codegen runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One diagnostic as the tests compare them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Seen {
    file: String,
    line: u32,
    severity: String,
    code: String,
}

/// `codegen lint --format json` over `input`: the exit code, and the diagnostics with their messages.
fn lint(input: &Path) -> (i32, Vec<(Seen, String)>) {
    let o = codegen(
        &["lint".as_ref(), "--format".as_ref(), "json".as_ref(), "--input".as_ref(), input.as_os_str()],
        &repo(),
    );
    let seen = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("every line of --format json is a JSON object");
            let seen = Seen {
                file: v["file"].as_str().unwrap().to_owned(),
                line: v["line"].as_u64().unwrap() as u32,
                severity: v["severity"].as_str().unwrap().to_owned(),
                code: v["code"].as_str().unwrap().to_owned(),
            };
            (seen, v["message"].as_str().unwrap().to_owned())
        })
        .collect();
    (o.status.code().unwrap(), seen)
}

/// The diagnostics `generate -v` prints (`file:line[:col][ (cell n)]: severity[code]: message`).
fn generated_diagnostics(input: &Path, out: &Path) -> (i32, BTreeSet<Seen>) {
    let o = codegen(
        &["-v".as_ref(), "generate".as_ref(), "--input".as_ref(), input.as_os_str(), "--out".as_ref(), out.as_os_str()],
        &repo(),
    );
    let mut seen = BTreeSet::new();
    for l in stderr(&o).lines() {
        let Some((at, rest)) = l.split_once(": ") else { continue };
        let Some((severity, rest)) = rest.split_once('[') else { continue };
        let Some((code, _)) = rest.split_once("]: ") else { continue };
        if !["note", "warning", "error"].contains(&severity) {
            continue;
        }
        let at = at.split(" (cell ").next().unwrap();
        let mut parts = at.split(':');
        let file = parts.next().unwrap().to_owned();
        let line = parts.next().and_then(|l| l.parse().ok()).expect("a line number");
        seen.insert(Seen { file, line, severity: severity.into(), code: code.into() });
    }
    (o.status.code().unwrap(), seen)
}

fn has(diags: &[(Seen, String)], code: &str, severity: &str, file: &str, line: u32) -> bool {
    diags.iter().any(|(s, _)| s.code == code && s.severity == severity && s.file == file && s.line == line)
}

/// Every fixture folder of the repository: ours here, the readers', and `docs-input`.
fn fixture_folders() -> Vec<PathBuf> {
    let mut dirs = vec![repo().join("docs-input")];
    for parent in [Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"), repo().join("tests/fixtures")] {
        let mut found: Vec<PathBuf> =
            std::fs::read_dir(&parent).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
        found.sort();
        dirs.extend(found);
    }
    dirs
}

#[test]
fn lint_and_generate_report_the_same_set_on_every_fixture_folder() {
    let folders = fixture_folders();
    assert!(folders.len() >= 10, "{folders:?}");
    let tmp = tempfile::tempdir().unwrap();
    for (i, dir) in folders.iter().enumerate() {
        let (_, linted) = lint(dir);
        let linted: BTreeSet<Seen> = linted.into_iter().map(|(s, _)| s).collect();
        let (_, generated) = generated_diagnostics(dir, &tmp.path().join(i.to_string()));
        assert_eq!(linted, generated, "lint and generate differ on {}", dir.display());
    }
}

#[test]
fn what_only_the_renderer_finds_is_a_lint_warning() {
    let (code, d) = lint(&fixture("renderer-names"));
    assert_eq!(code, 0);
    assert!(has(&d, "name-collision", "warning", "renderer-names/management/小工具/get-gadget.md", 37), "{d:#?}");
    let o = codegen(&["lint", "--deny-warnings", "--input", fixture("renderer-names").to_str().unwrap()], &repo());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn inputs_without_an_endpoint_are_an_error_and_nothing_is_written_or_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sdk");
    let docs = repo().join("docs-input");
    let o = codegen(
        &["generate".as_ref(), "--input".as_ref(), docs.as_os_str(), "--out".as_ref(), out.as_os_str()],
        &repo(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let before = files(&out);
    assert!(before.len() > 5);
    let empty = fixture("no-endpoint");
    let o = codegen(
        &["generate".as_ref(), "--input".as_ref(), empty.as_os_str(), "--out".as_ref(), out.as_os_str()],
        &repo(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let log = stderr(&o);
    assert!(log.contains("no endpoint found in") && log.contains("no-endpoint"), "{log}");
    assert!(log.contains("3 file(s) read, skipped: 3 not an endpoint page"), "{log}");
    assert_eq!(files(&out), before, "every file is left as it was");
    // An empty folder given by mistake: the same.
    let nothing = tmp.path().join("nothing");
    std::fs::create_dir_all(&nothing).unwrap();
    let o = codegen(
        &["generate".as_ref(), "--input".as_ref(), nothing.as_os_str(), "--out".as_ref(), out.as_os_str()],
        &repo(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(files(&out), before);
    // lint fails the same way; ir and openapi write nothing.
    let (code, d) = lint(&empty);
    assert_eq!(code, 1);
    assert!(has(&d, "page-skipped", "note", "no-endpoint/README.md", 1), "{d:#?}");
    let o = codegen(
        &[
            "openapi".as_ref(),
            "--input".as_ref(),
            empty.as_os_str(),
            "--out".as_ref(),
            tmp.path().join("o.json").as_os_str(),
        ],
        &repo(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!tmp.path().join("o.json").exists());
}

/// Every file below `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    docir::discover(dir)
        .unwrap_or_default()
        .into_iter()
        .chain(std::iter::once(dir.join(".codegen-manifest")).filter(|p| p.is_file()))
        .map(|p| (p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn files_codegen_did_not_write_are_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("crate");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    std::fs::write(out.join("src/lib.rs"), "pub fn mine() {}\n").unwrap();
    std::fs::write(out.join("README.md"), "my notes\n").unwrap();
    let before = files(&out);
    let docs = repo().join("docs-input");
    let args = |force: bool| {
        let mut a: Vec<&std::ffi::OsStr> =
            vec!["generate".as_ref(), "--input".as_ref(), docs.as_os_str(), "--out".as_ref(), out.as_os_str()];
        if force {
            a.push("--force".as_ref());
        }
        a.into_iter().map(|s| s.to_owned()).collect::<Vec<_>>()
    };
    let o = codegen(&args(false), &repo());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let log = stderr(&o);
    assert!(log.contains("`Cargo.toml`") && log.contains("--force"), "{log}");
    assert_eq!(files(&out), before, "nothing was written");
    assert!(!out.join(".codegen-manifest").exists());
    let o = codegen(&args(true), &repo());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(out.join("Cargo.toml")).unwrap().contains("@generated"));
}

/// The same pages under two absolute paths, named absolutely and relatively: the same bytes.
#[test]
fn output_does_not_depend_on_where_the_pages_are_or_how_their_path_is_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a/deeper/docs"), tmp.path().join("b/docs"));
    for dest in [&a, &b] {
        for f in docir::discover(&repo().join("docs-input")).unwrap() {
            let rel = f.strip_prefix(repo().join("docs-input")).unwrap();
            std::fs::create_dir_all(dest.join(rel).parent().unwrap()).unwrap();
            std::fs::copy(&f, dest.join(rel)).unwrap();
        }
        std::fs::copy(repo().join("docs-input/codegen.toml"), dest.join("codegen.toml")).unwrap();
    }
    let templates = repo().join("templates");
    let run = |input: &str, cwd: &Path, out: &Path| {
        let o = codegen(
            &[
                "generate".as_ref(),
                "--input".as_ref(),
                input.as_ref(),
                "--templates".as_ref(),
                templates.as_os_str(),
                "--out".as_ref(),
                out.as_os_str(),
            ],
            cwd,
        );
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let (out_a, out_b, out_c) = (tmp.path().join("out-a"), tmp.path().join("out-b"), tmp.path().join("out-c"));
    run(a.to_str().unwrap(), tmp.path(), &out_a);
    run("docs", &tmp.path().join("b"), &out_b);
    run("./deeper/../deeper/docs/", &tmp.path().join("a"), &out_c);
    let (fa, fb, fc) = (files(&out_a), files(&out_b), files(&out_c));
    assert!(fa.contains_key("ir.json"));
    assert_eq!(fa, fb);
    assert_eq!(fa, fc);
    let ir = String::from_utf8(fa["ir.json"].clone()).unwrap();
    assert!(
        ir.contains("\"docs/seeds/") && !ir.contains(tmp.path().to_str().unwrap()),
        "paths relative to the input root"
    );
}

#[test]
fn endpoints_sharing_a_method_name_get_distinct_operation_ids_and_a_warning_naming_both() {
    let dir = fixture("duplicate-method-name");
    let (code, d) = lint(&dir);
    assert_eq!(code, 0);
    let order = "duplicate-method-name/management/订单/list-order-lines.md";
    let stock = "duplicate-method-name/management/库存/list-stock-lines.md";
    for (page, other, id) in [(order, stock, "listOrderLines"), (stock, order, "listStockLines")] {
        assert!(has(&d, "name-collision", "warning", page, 1), "{d:#?}");
        let msg = &d.iter().find(|(s, m)| s.file == page && m.contains("operationId")).expect("operationId warning").1;
        assert!(msg.contains(id), "{msg}");
        let o = codegen(
            &["lint", "--format", "json", "--code", "name-collision", "--input", dir.to_str().unwrap()],
            &repo(),
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains(other));
    }
    let o = codegen(&["openapi", "--input", dir.to_str().unwrap()], &repo());
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, BTreeSet::from(["listOrderLines".to_owned(), "listStockLines".to_owned()]));
}

#[test]
fn defaults_that_contradict_their_type_are_located_warnings_and_left_out() {
    let dir = fixture("bad-default");
    let (_, d) = lint(&dir);
    let page = "bad-default/management/小工具/list-gadgets.md";
    assert!(has(&d, "default-invalid", "warning", page, 15), "{d:#?}");
    assert!(has(&d, "default-invalid", "warning", page, 17), "{d:#?}");
    assert_eq!(d.iter().filter(|(s, _)| s.code == "default-invalid").count(), 2, "`10` on a number is fine");
    let o = codegen(&["openapi", "--input", dir.to_str().unwrap()], &repo());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let params = doc["paths"].as_object().unwrap().values().next().unwrap()["get"]["parameters"].clone();
    let default = |name: &str| {
        params.as_array().unwrap().iter().find(|p| p["name"] == name).unwrap()["schema"].get("default").cloned()
    };
    assert_eq!(default("page"), None);
    assert_eq!(default("verbose"), None);
    assert_eq!(default("limit"), Some(serde_json::json!(10)));
}

/// `codegen.toml` settles the seed's client conflict, so CI can gate on a clean lint.
#[test]
fn docs_input_passes_lint_with_warnings_denied() {
    let o = codegen(&["lint", "--deny-warnings"], &repo());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (_, d) = lint(&repo().join("docs-input"));
    let settled = d.iter().find(|(s, _)| s.code == "client-conflict").expect("the conflict is still reported");
    assert_eq!(settled.0.severity, "note");
    assert!(settled.1.contains("settled by docs-input/codegen.toml:"), "{}", settled.1);
}

#[test]
fn the_cli_behaves_like_a_rust_tool() {
    let docs = repo().join("docs-input");
    let docs = docs.to_str().unwrap();
    // Global flags before or after the command.
    for args in
        [vec!["-v", "lint", "--input", docs], vec!["lint", "--input", docs, "-v"], vec!["--input", docs, "lint"]]
    {
        let o = codegen(&args, &repo());
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    // Each OS error once; a missing input and a bad templates folder are bad usage (2).
    let o = codegen(&["ir", "--input", "no-such-folder"], &repo());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).matches("os error").count(), 1, "{}", stderr(&o));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    let o = codegen(
        &["generate", "--input", docs, "--templates", "no-such-templates", "--out", out.to_str().unwrap()],
        &repo(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("os error").count(), 1, "{}", stderr(&o));
    assert!(!out.exists());
    // A per-code summary; filters by code and severity.
    let o = codegen(&["lint", "--input", fixture("duplicate-method-name").to_str().unwrap()], &repo());
    assert!(stderr(&o).contains("name-collision") && stderr(&o).contains("warnings"), "{}", stderr(&o));
    let (_, all) = lint(&repo().join("tests/fixtures/md"));
    let o = codegen(&["lint", "--format", "json", "--severity", "warning", "--input", "tests/fixtures/md"], &repo());
    let warnings = String::from_utf8_lossy(&o.stdout).lines().count();
    assert_eq!(warnings, all.iter().filter(|(s, _)| s.severity != "note").count());
    assert!(warnings < all.len());
    let o = codegen(&["lint", "--code", "no-such-code"], &repo());
    assert_eq!(o.status.code(), Some(2));
    // generate prints warnings and errors in full and counts the notes.
    let o = codegen(&["generate", "--input", "tests/fixtures/md", "--out", out.to_str().unwrap()], &repo());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("notes (run `codegen lint` for the notes)"), "{}", stderr(&o));
}

/// `codegen ir --input DIR`: the IR as JSON.
fn ir(input: &Path) -> serde_json::Value {
    let o = codegen(&["ir".as_ref(), "--input".as_ref(), input.as_os_str()], &repo());
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("ir prints JSON")
}

/// The one endpoint of a fixture's IR.
fn only_endpoint(ir: &serde_json::Value) -> (String, serde_json::Value) {
    let eps = ir["endpoints"].as_object().unwrap();
    assert_eq!(eps.len(), 1, "{eps:#?}");
    let (k, e) = eps.iter().next().unwrap();
    (k.clone(), e.clone())
}

fn param_names(e: &serde_json::Value) -> Vec<String> {
    e["params"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect()
}

/// A method line and nothing else: the endpoint takes and gives nothing, and the page says so.
#[test]
fn a_method_line_without_request_or_response_is_a_warning_at_the_method_line() {
    let dir = fixture("method-line-only");
    let (code, d) = lint(&dir);
    assert_eq!(code, 0);
    let page = "method-line-only/management/小工具/archive-gadget.md";
    assert!(has(&d, "page-incomplete", "warning", page, 9), "{d:#?}");
    let (key, e) = only_endpoint(&ir(&dir));
    assert_eq!(key, "management/archive-gadget");
    assert!(param_names(&e).is_empty() && e.get("response").is_none_or(serde_json::Value::is_null), "{e:#?}");
    let o = codegen(&["lint", "--deny-warnings", "--input", dir.to_str().unwrap()], &repo());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// Rows with missing or extra cells in Markdown, and a row the file cuts off: warnings at their
/// lines; a row missing only trailing cells (what GFM pads) stays a note.
#[test]
fn ragged_and_truncated_markdown_rows_are_warnings_at_their_lines() {
    let dir = fixture("ragged-rows");
    let (_, d) = lint(&dir);
    let page = "ragged-rows/management/小工具/update-gadget.md";
    assert!(has(&d, "row-repaired", "warning", page, 25), "a missing middle cell: {d:#?}");
    assert!(has(&d, "row-repaired", "warning", page, 26), "an extra cell: {d:#?}");
    assert!(has(&d, "table-truncated", "warning", page, 27), "{d:#?}");
    assert!(has(&d, "row-repaired", "note", page, 27), "trailing cells missing: {d:#?}");
    let (_, e) = only_endpoint(&ir(&dir));
    assert_eq!(param_names(&e), ["gadgetId", "name", "color", "size"]);
    let size = &e["params"][3];
    assert_eq!(size["type"]["kind"], "number");
    assert!(size.get("sample").is_none_or(serde_json::Value::is_null), "{size}");
}

/// A second request section on a page with a method line: the endpoint is kept (not skipped as
/// a hand-written page), read with its first section, and the second is a located warning.
#[test]
fn a_second_request_section_keeps_the_endpoint_and_is_a_warning() {
    let dir = fixture("second-request-section");
    let (code, d) = lint(&dir);
    assert_eq!(code, 0, "the endpoint is not lost: {d:#?}");
    let page = "second-request-section/management/小工具/move-gadget.md";
    assert!(has(&d, "page-incomplete", "warning", page, 17), "{d:#?}");
    assert!(!d.iter().any(|(s, _)| s.code == "page-skipped"), "{d:#?}");
    let (key, e) = only_endpoint(&ir(&dir));
    assert_eq!(key, "management/move-gadget");
    assert_eq!(param_names(&e), ["gadgetId"]);
    assert_eq!(e["response"]["dto"], "IsSuccessRespDto");
}

/// An unclosed backtick in an enum list: the published page swallows `ARCHIVED` and the sample
/// cell; the row is read with the backtick as a literal, every value kept, and a warning says so.
#[test]
fn an_unclosed_backtick_in_an_enum_list_is_repaired_and_reported() {
    let dir = fixture("unclosed-backtick");
    let (_, d) = lint(&dir);
    let page = "unclosed-backtick/management/小工具/list-gadget-kinds.md";
    assert!(has(&d, "unclosed-code", "warning", page, 15), "{d:#?}");
    let api = ir(&dir);
    let (_, e) = only_endpoint(&api);
    let status = &e["params"][0];
    assert_eq!(status["sample"], "ACTIVE", "the sample cell is its own cell again");
    let values: Vec<&str> = api["enums"][status["enum_ref"].as_str().expect("an enum")]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["ACTIVE", "ARCHIVED", "DRAFT"]);
}

/// No method section, no sample code, no known folder: the endpoint lands on an invented
/// `DefaultClient`, and that is a warning at the page.
#[test]
fn an_invented_default_client_is_a_warning_at_the_page() {
    let dir = fixture("no-method-section");
    let (_, d) = lint(&dir);
    let page = "no-method-section/management/小工具/count-gadgets.md";
    assert!(has(&d, "client-invented", "warning", page, 1), "{d:#?}");
    let msg = &d.iter().find(|(s, _)| s.code == "client-invented").unwrap().1;
    assert!(msg.contains("DefaultClient") && msg.contains("codegen.toml"), "{msg}");
    let (key, e) = only_endpoint(&ir(&dir));
    assert_eq!((key.as_str(), e["client"].as_str()), ("default/count-gadgets", Some("DefaultClient")));
    assert_eq!(param_names(&e), ["groupId"]);
}

/// Code in a page's description (a fenced block, an indented line) stays code: a ```text block
/// in rustdoc (never run as a doctest), a fenced block in the OpenAPI description, each right
/// after the sentence that leads into it.
#[test]
fn code_in_descriptions_survives_in_rustdoc_and_the_openapi() {
    let dir = fixture("code-in-description");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sdk");
    let o = codegen(
        &["generate".as_ref(), "--input".as_ref(), dir.as_os_str(), "--out".as_ref(), out.as_os_str()],
        &repo(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rust: String =
        docir::discover(&out.join("src")).unwrap().iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let fenced = "/// 按模板渲染一个小工具。模板示例：\n    ///\n    /// ````text\n    /// <div class=\"gadget\">{{ name }}</div>\n    /// <!-- ``` 不是结束 -->\n    /// ````\n";
    assert!(
        rust.contains(fenced),
        "{}",
        rust.lines().filter(|l| l.contains("///")).take(40).collect::<Vec<_>>().join("\n")
    );
    let indented =
        "/// 也可以传入一行表达式，例如：\n    ///\n    /// ```text\n    /// gadget.render(name) * 2\n    /// ```\n";
    assert!(rust.contains(indented), "the indented line is code after its lead-in");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("openapi.json")).unwrap()).unwrap();
    let item = doc["paths"].as_object().unwrap().values().next().unwrap().as_object().unwrap();
    let op = item.values().next().unwrap().clone();
    let description = op["description"].as_str().unwrap();
    assert!(
        description.contains("模板示例：\n````\n<div class=\"gadget\">{{ name }}</div>\n<!-- ``` 不是结束 -->\n````"),
        "{description}"
    );
    assert!(description.contains("例如：\n```\ngadget.render(name) * 2\n```"), "{description}");
}
