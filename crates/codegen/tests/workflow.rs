//! The maintainer workflow, end to end through the `codegen` binary, in temporary folders:
//! check passes on fresh output and fails with a diff after a hand edit; a second run rewrites
//! nothing; stale generated files go, foreign files stay; a failing run leaves the old output;
//! input order does not change a byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn codegen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).current_dir(cwd).output().expect("codegen runs")
}

fn docs_input() -> String {
    repo().join("docs-input").to_string_lossy().into_owned()
}

fn templates() -> String {
    repo().join("templates").to_string_lossy().into_owned()
}

/// Every file below `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let m = std::fs::metadata(&p).unwrap().modified().unwrap();
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), (std::fs::read(&p).unwrap(), m));
            }
        }
    }
    out
}

fn generate(out: &Path, cwd: &Path, inputs: &[String]) -> Output {
    let mut args: Vec<String> =
        vec!["generate".into(), "--out".into(), out.to_string_lossy().into(), "--templates".into(), templates()];
    for i in inputs {
        args.push("--input".into());
        args.push(i.clone());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    codegen(&args, cwd)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_passes_on_fresh_output_and_fails_with_a_diff_after_a_hand_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sdk");
    let o = generate(&out, tmp.path(), &[docs_input()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let check = |cwd: &Path| {
        codegen(&["check", "--input", &docs_input(), "--templates", &templates(), "--out", out.to_str().unwrap()], cwd)
    };
    let o = check(tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let edited = out.join("openapi.json");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replacen("\"openapi\"", "\"openapi_edited\"", 1)).unwrap();
    let o = check(tmp.path());
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("-  \"openapi_edited\"") && stdout.contains("+  \"openapi\""), "{stdout}");
    assert!(stderr(&o).contains("cargo run -p codegen -- generate"), "{}", stderr(&o));

    std::fs::remove_file(out.join("ir.json")).unwrap();
    let o = check(tmp.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("added:"), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn a_second_run_rewrites_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sdk");
    assert!(generate(&out, tmp.path(), &[docs_input()]).status.success());
    let before = snapshot(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = generate(&out, tmp.path(), &[docs_input()]);
    assert!(o.status.success());
    assert!(stderr(&o).contains(" 0 files written"), "{}", stderr(&o));
    assert_eq!(before, snapshot(&out), "bytes and modification times are kept");
}

#[test]
fn stale_generated_files_are_removed_and_foreign_files_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sdk");
    assert!(generate(&out, tmp.path(), &[docs_input()]).status.success());
    // A file an earlier run generated (listed in the manifest) but this one does not.
    let manifest = out.join(".codegen-manifest");
    let mut m = std::fs::read_to_string(&manifest).unwrap();
    m.push_str("src/old_module.rs\n");
    std::fs::write(&manifest, m).unwrap();
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/old_module.rs"), "// stale").unwrap();
    std::fs::write(out.join("NOTES.md"), "the maintainer's own notes").unwrap();
    let o = generate(&out, tmp.path(), &[docs_input()]);
    assert!(o.status.success());
    assert!(!out.join("src/old_module.rs").exists());
    assert_eq!(std::fs::read_to_string(out.join("NOTES.md")).unwrap(), "the maintainer's own notes");
    assert!(stderr(&o).contains("1 removed"), "{}", stderr(&o));
}

#[test]
fn a_failing_run_leaves_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sdk");
    assert!(generate(&out, tmp.path(), &[docs_input()]).status.success());
    let before = snapshot(&out);
    // A page that cannot be decoded is an error: nothing may be written.
    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("page.md"), b"# \xff\xfe broken \x80\x81\n").unwrap();
    let o = generate(&out, tmp.path(), &[docs_input(), bad.to_string_lossy().into()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("page.md:1"), "{}", stderr(&o));
    assert_eq!(before, snapshot(&out));
}

#[test]
fn input_order_does_not_change_a_byte() {
    let tmp = tempfile::tempdir().unwrap();
    // Every page given as a file of its own (codegen.toml is not a page).
    let mut files: Vec<String> =
        docir::discover(&repo().join("docs-input")).unwrap().iter().map(|p| p.to_string_lossy().into_owned()).collect();
    files.sort();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert!(generate(&a, tmp.path(), &files).status.success());
    files.reverse();
    assert!(generate(&b, tmp.path(), &files).status.success());
    let strip =
        |m: BTreeMap<PathBuf, (Vec<u8>, SystemTime)>| m.into_iter().map(|(k, v)| (k, v.0)).collect::<BTreeMap<_, _>>();
    assert_eq!(strip(snapshot(&a)), strip(snapshot(&b)));
}

#[test]
fn missing_input_is_bad_usage() {
    let tmp = tempfile::tempdir().unwrap();
    let o = codegen(&["ir", "--input", "no-such-folder"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-folder"));
    let o = codegen(&["generate", "--no-such-flag"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
}

/// `ir --out` / `openapi --out` naming a folder is bad usage (exit 2, saying a file is
/// expected), like every other flag given the wrong kind of path, and the folder is untouched.
#[test]
fn out_naming_a_folder_is_bad_usage() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("some-folder");
    std::fs::create_dir(&dir).unwrap();
    for cmd in ["ir", "openapi"] {
        let o = codegen(&[cmd, "--input", &docs_input(), "--out", dir.to_str().unwrap()], tmp.path());
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        assert!(stderr(&o).contains("--out must name a file"), "{cmd}: {}", stderr(&o));
        assert!(dir.is_dir() && std::fs::read_dir(&dir).unwrap().next().is_none());
    }
}

/// The build.rs example crate compiles, and building it again with nothing changed does not
/// rerun its build script (so nothing is generated or written).
#[test]
fn the_build_script_example_compiles_and_a_no_op_rebuild_does_not_regenerate() {
    // A target folder of its own (the outer cargo holds the workspace's lock), inside the one
    // the caller chose.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
        .join("buildrs-example-check");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = || {
        Command::new(&cargo)
            .args(["build", "-v", "-p", "buildrs-sdk", "--lib", "--message-format=json"])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(repo())
            .output()
            .expect("cargo runs")
    };
    // The build script's OUT_DIR, as cargo reports it.
    let generated = |o: &Output| {
        let out_dir = String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|m| {
                m["reason"] == "build-script-executed"
                    && m["package_id"].as_str().is_some_and(|p| p.contains("buildrs-sdk"))
            })
            .and_then(|m| m["out_dir"].as_str().map(PathBuf::from))
            .expect("cargo reports the build script's OUT_DIR");
        let file = out_dir.join("authing_sdk.rs");
        (std::fs::read(&file).unwrap(), std::fs::metadata(&file).unwrap().modified().unwrap())
    };
    let first = build();
    assert!(first.status.success(), "{}", stderr(&first));
    let before = generated(&first);
    assert!(String::from_utf8_lossy(&before.0).contains("pub mod management"));
    let second = build();
    assert!(second.status.success(), "{}", stderr(&second));
    let log = stderr(&second);
    assert!(log.contains("Fresh buildrs-sdk"), "{log}");
    assert!(!log.contains("build-script-build`"), "the build script ran again:\n{log}");
    assert_eq!(generated(&second), before, "the generated file was not rewritten");
}

/// The README's build-script recipe is what `examples/buildrs-sdk` needs: a maintainer who
/// copies it gets a crate that compiles (every dependency the generated module uses, every
/// feature it gates a client on).
#[test]
fn the_readme_build_script_recipe_has_the_examples_dependencies_and_features() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let block = readme
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .find(|b| b.starts_with("# Cargo.toml"))
        .expect("the README has a `# Cargo.toml` block");
    let recipe: toml::Table = toml::from_str(block).expect("the README's Cargo.toml block parses");
    let example: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo().join("examples/buildrs-sdk/Cargo.toml")).unwrap()).unwrap();
    let keys = |t: &toml::Table, section: &str| -> Vec<String> {
        t.get(section).and_then(|v| v.as_table()).map(|s| s.keys().cloned().collect()).unwrap_or_default()
    };
    let have = keys(&recipe, "dependencies");
    let missing: Vec<_> = keys(&example, "dependencies").into_iter().filter(|d| !have.contains(d)).collect();
    assert!(missing.is_empty(), "the README's [dependencies] lack {missing:?}");
    let features = keys(&recipe, "features");
    let missing: Vec<_> = keys(&example, "features").into_iter().filter(|f| !features.contains(f)).collect();
    assert!(missing.is_empty(), "the README's [features] lack {missing:?}");
}
