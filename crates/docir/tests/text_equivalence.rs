//! The text copies of a page (text-md, text-flat) must say what its Markdown says.
//!
//! The fixtures under `tests/fixtures/text-md/` and `tests/fixtures/text-flat/` are hand-written
//! text renderings of our own pages (`docs-input/...` and `tests/fixtures/text-sources/...`), in
//! the shapes of seeds 001 and 002: site chrome, code glued to the next heading, a lost first
//! cell, dropped empty last cells, flattened bullets.

use docir::Format;
use docir::diag::Code;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    crate_dir().join("../../tests/fixtures")
}

fn docs_input() -> PathBuf {
    crate_dir().join("../../docs-input")
}

/// Every text fixture of one format, with the Markdown page it renders.
fn pairs(format: &str) -> Vec<(PathBuf, PathBuf)> {
    let root = fixtures().join(format);
    let mut out = Vec::new();
    for text in docir::discover(&root).expect("fixture folder") {
        let rel = text.strip_prefix(&root).unwrap().with_extension("md");
        let md = [docs_input().join(&rel), fixtures().join("text-sources").join(&rel)]
            .into_iter()
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no Markdown source for {}", text.display()));
        out.push((text, md));
    }
    assert!(out.len() >= 4, "expected the widget pages and a small page for {format}");
    out
}

/// The IR without provenance (file names and lines differ between copies by nature).
fn facts(inputs: &[&Path]) -> Value {
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| p.to_path_buf()).collect();
    let b = docir::build(&inputs).expect("build");
    let mut v = serde_json::to_value(&b.api).unwrap();
    strip_provenance(&mut v);
    v
}

fn strip_provenance(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for key in ["from", "sources", "at"] {
                m.remove(key);
            }
            m.values_mut().for_each(strip_provenance);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_provenance),
        _ => {}
    }
}

/// Endpoint → (method name, client, title, description).
fn texts(api: &Value) -> BTreeMap<String, [Value; 4]> {
    let api = api["endpoints"].as_object().unwrap();
    api.iter()
        .map(|(k, e)| {
            (k.clone(), [e["name"].clone(), e["client"].clone(), e["summary"].clone(), e["description"].clone()])
        })
        .collect()
}

/// (table, field) → (type, required) for every parameter and DTO field.
fn fields(api: &Value) -> BTreeMap<(String, String), (Value, Value)> {
    let mut out = BTreeMap::new();
    for (key, e) in api["endpoints"].as_object().unwrap() {
        for p in e["params"].as_array().unwrap() {
            let name = p["name"].as_str().unwrap().to_owned();
            out.insert((key.clone(), name), (p["type"].clone(), p["required"].clone()));
        }
    }
    for (key, d) in api["dtos"].as_object().unwrap() {
        for f in d["fields"].as_array().unwrap() {
            let name = f["name"].as_str().unwrap().to_owned();
            out.insert((key.clone(), name), (f["type"].clone(), f["required"].clone()));
        }
    }
    out
}

fn check_equivalence(format: &str) {
    for (text, md) in pairs(format) {
        let alone = facts(&[&md]);
        let both = facts(&[&md, &text]);
        assert_eq!(both, alone, "{} read with its Markdown changes the merged IR", text.display());
    }
}

#[test]
fn text_md_copies_merge_into_the_markdown_endpoint() {
    check_equivalence("text-md");
}

#[test]
fn text_flat_copies_merge_into_the_markdown_endpoint() {
    check_equivalence("text-flat");
}

/// Alone, a text copy gives the same method, title, description, names, types and required
/// flags as the Markdown, except the rows whose name cell it lost (text-md), which are reported.
fn check_alone(format: &str, lost: &[(&str, &str)]) {
    for (text, md) in pairs(format) {
        let (md_facts, text_facts) = (facts(&[&md]), facts(&[&text]));
        assert_eq!(texts(&text_facts), texts(&md_facts), "{}: method, title or description", text.display());
        let from_md = fields(&md_facts);
        let from_text = fields(&text_facts);
        let lost_here: Vec<(String, String)> = from_md
            .keys()
            .filter(|(table, name)| lost.iter().any(|(t, n)| table.ends_with(t) && name == n))
            .cloned()
            .collect();
        for (k, v) in &from_md {
            if lost_here.contains(k) {
                assert!(!from_text.contains_key(k), "{}: {k:?} should have lost its name", text.display());
            } else {
                assert_eq!(from_text.get(k), Some(v), "{}: {k:?}", text.display());
            }
        }
        assert_eq!(from_text.len(), from_md.len() - lost_here.len(), "{}: extra fields", text.display());
        if !lost_here.is_empty() {
            let b = docir::build(std::slice::from_ref(&text)).unwrap();
            let dropped = b.diagnostics.iter().filter(|d| d.code == Code::RowDropped).count();
            assert_eq!(dropped, lost_here.len(), "{}: lost rows are reported", text.display());
        }
    }
}

#[test]
fn text_md_alone_gives_the_names_and_types_it_carries() {
    // `create-widget` lost the name cell of `name` too, but its sample code and example
    // response print `name` with the row's sample value: one key, so the name is recovered.
    check_alone("text-md", &[("list-widgets", "limit")]);
    let page = fixtures().join("text-md/management/管理小部件/create-widget.txt");
    let b = docir::build(std::slice::from_ref(&page)).unwrap();
    let recovered: Vec<String> =
        b.diagnostics.iter().filter(|d| d.code == Code::RowRecovered).map(|d| d.to_string()).collect();
    assert!(recovered.len() == 1 && recovered[0].contains("recovered `name`"), "{recovered:#?}");
}

#[test]
fn text_flat_alone_gives_the_names_and_types_it_carries() {
    check_alone("text-flat", &[]);
}

#[test]
fn fixtures_are_detected_by_content() {
    for (format, want) in [("text-md", Format::TextMd), ("text-flat", Format::TextFlat)] {
        for (text, md) in pairs(format) {
            let t = std::fs::read_to_string(&text).unwrap();
            assert_eq!(docir::detect(&t), want, "{}", text.display());
            let m = std::fs::read_to_string(&md).unwrap();
            assert_eq!(docir::detect(&m), Format::Markdown, "{}", md.display());
        }
    }
}

#[test]
fn the_three_bind_email_seeds_are_one_endpoint() {
    let b = docir::build(&[docs_input()]).expect("build docs-input");
    let bind: Vec<&String> = b.api.endpoints.iter().filter(|(_, e)| e.slug == "bind-email").map(|(k, _)| k).collect();
    assert_eq!(bind, vec!["authentication/bind-email"]);
    let e = &b.api.endpoints["authentication/bind-email"];
    for name in ["passCode", "email"] {
        let p = e.params.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no `{name}`"));
        assert!(p.required, "`{name}` is required");
    }
    assert_eq!(e.params.len(), 2);
    let seeds: Vec<&str> = e.sources.iter().map(|l| &*l.file).filter(|f| f.contains("/seeds/")).collect();
    for seed in ["000_", "001_", "002_"] {
        assert!(seeds.iter().any(|f| f.contains(seed)), "seed {seed} is a source of bind-email: {seeds:?}");
    }
    let names = |d: &docir::diag::Diagnostic| -> Vec<String> {
        std::iter::once(d.at.file.to_string()).chain(d.related.iter().map(|r| r.at.file.to_string())).collect()
    };
    assert!(
        b.diagnostics.iter().any(|d| d.code == Code::ClientConflict && names(d).iter().any(|f| f.contains("000_"))),
        "a client-conflict names seed 000"
    );
    assert!(
        b.diagnostics.iter().any(|d| d.code == Code::RowRecovered && d.at.file.contains("001_")),
        "a row-recovered names seed 001"
    );
}
