//! The Rust renderer end to end: the crate rendered from docs-input is the committed
//! `generated/authing-sdk` (its one golden, checked by `codegen check`), stable output, and hostile documentation that must neither
//! break nor inject code.

use codegen::rust::{RenderOptions, Rendered, render};
use docir::ir::Api;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn docs_input_crate() -> Rendered {
    let build = docir::build(&[repo().join("docs-input")]).expect("docs-input reads");
    let opts = RenderOptions { crate_name: "authing-sdk".into(), ..Default::default() };
    render(&build.api, &opts).expect("docs-input renders")
}

/// `generated/authing-sdk` is exactly what `cargo run -p codegen` writes now: this runs
/// `codegen check` from the repository root (regenerate with `cargo run -p codegen`).
#[test]
fn committed_crate_is_up_to_date() {
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_codegen")).arg("check").current_dir(repo()).output().unwrap();
    assert!(
        out.status.success(),
        "generated/authing-sdk is stale; run `cargo run -p codegen`\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Writes the rendered files over `dir` when `UPDATE_GENERATED=1`, then checks they are the same.
fn same_as_committed(rendered: &Rendered, dir: &str) {
    let dir = repo().join(dir);
    if std::env::var("UPDATE_GENERATED").is_ok_and(|v| v == "1") {
        for f in &rendered.files {
            let p = dir.join(&f.path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, &f.contents).unwrap();
        }
    }
    for f in &rendered.files {
        let on_disk = std::fs::read_to_string(dir.join(&f.path)).unwrap_or_default();
        assert!(on_disk == f.contents, "{} is stale in {}", f.path, dir.display());
    }
    let mut on_disk = Vec::new();
    collect(&dir, &dir, &mut on_disk);
    let expected: Vec<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(on_disk, expected, "files in {} that the generator does not write", dir.display());
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
    out.sort();
}

#[test]
fn rendering_is_byte_identical() {
    let a = docs_input_crate();
    let b = docs_input_crate();
    assert_eq!(a.files, b.files);
    assert!(a.files.iter().all(|f| !f.path.ends_with(".rs") || f.contents.starts_with("// @generated")));
}

/// Doc examples never print a response (a token response would print its tokens), and the
/// runtime files are copied from `templates/runtime` as they are.
#[test]
fn examples_print_no_response_and_the_runtime_is_verbatim() {
    let files = docs_input_crate().files;
    for f in files.iter().filter(|f| f.path.ends_with(".rs")) {
        let examples = f.contents.lines().filter(|l| l.trim_start().starts_with("///"));
        assert!(examples.clone().all(|l| !l.contains("println!") && !l.contains("dbg!")), "{}", f.path);
    }
    for name in ["error.rs", "number.rs", "runtime.rs"] {
        let source = std::fs::read_to_string(repo().join("templates/runtime/src").join(name)).unwrap();
        let out = files.iter().find(|f| f.path == format!("src/{name}")).unwrap();
        assert!(out.contents.ends_with(&source), "src/{name} differs from templates/runtime/src/{name}");
    }
}

#[test]
fn templates_can_be_replaced_by_file_name() {
    let dir = std::env::temp_dir().join(format!("codegen-templates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("README.md.tera"), "custom readme for {{ crate_name }}\n").unwrap();
    std::fs::write(dir.join("number.rs"), "//! A replaced runtime file.\n").unwrap();
    let build = docir::build(&[repo().join("docs-input")]).unwrap();
    let opts = RenderOptions { crate_name: "x-sdk".into(), templates: Some(dir.clone()), ..Default::default() };
    let out = render(&build.api, &opts).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let readme = out.files.iter().find(|f| f.path == "README.md").unwrap();
    assert_eq!(readme.contents, "custom readme for x-sdk\n");
    let number = out.files.iter().find(|f| f.path == "src/number.rs").unwrap();
    assert!(number.contents.ends_with("\n\n//! A replaced runtime file.\n"), "runtime files too: {}", number.contents);
    assert!(out.files.iter().any(|f| f.path == "src/management.rs"), "other templates stay built in");
}

// ---------------------------------------------------------------------------------------------
// Hostile documentation.

const TEXTS: &[&str] = &[
    "*/ fn evil() {} /*",
    "/* open comment",
    "quote \" and \"# r#\"raw\"#",
    "back\\slash at end \\",
    "{{ tera }} {% if x %}{% endif %} {# c #}",
    "#[derive(Evil)] #![no_std]",
    "odd ` backtick",
    "``` rust\npanic!()\n```",
    "</code> <a href=\"x\">link</a> <script>",
    "\n} fn x() {\n",
    "rtl \u{202e}gnp.exe zero\u{200b}width",
    "[x] [`Foo`] [link](http://a.b) see https://example.com/a_b.",
    "    indented code\n~~~\nfence\n~~~",
    "- item\nlazy continuation\n1. one\nafter",
    "\r\n\u{0}\u{7}\t\u{2028}",
    "www.example.com, <http://already.linked>, mail@example.com, http:// and https://x.y/(a)",
    "| a | b |\n|---|---|\n| 1 | 2 |\n** not bold ** <!-- comment --> &amp; &#x202E;",
    "[^1]: footnote\n[ref]: http://ref.example\n* * *\n===",
];

fn loc() -> Value {
    json!([{"file": "hostile.md", "line": 1}])
}

fn text(i: usize) -> Value {
    json!({"zh": {"value": TEXTS[i % TEXTS.len()]}, "en": {"value": TEXTS[(i + 7) % TEXTS.len()]}})
}

/// Field names that are keywords, collide after case conversion, start with digits, have no
/// ASCII at all, or carry code.
const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "userId",
    "user_id",
    "UserID",
    "2fa",
    "名称",
    "a-b",
    "a.b",
    "$ref",
    "@type",
    "",
    "*/ fn x() {} /*",
    "new",
    "r#x",
    "\"",
    "Unknown",
];

/// The endpoints' tags: they name cargo features, and their text is quoted in `Cargo.toml` and
/// the crate docs.
const TAGS: &[Option<&str>] = &[
    Some("*/ fn evil() {} /*"),
    Some("\n} fn x() {\n"),
    Some("\n[dependencies]\nevil = \"1\""),
    Some("quote \" \\"),
    None,
];

fn hostile_api() -> Api {
    let fields: Vec<Value> = NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| {
            json!({"name": n, "type": {"kind": "string"}, "required": i % 2 == 0, "sample": TEXTS[i % TEXTS.len()],
                   "description": text(i), "from": loc()})
        })
        .chain([
            json!({"name": "me", "type": {"kind": "ref", "name": "Self"}, "required": true, "from": loc()}),
            json!({"name": "kind", "type": {"kind": "string"}, "required": true, "enum_ref": "Kind\"Enum", "from": loc()}),
            json!({"name": "gone", "type": {"kind": "ref", "name": "NoSuchDto"}, "required": false, "from": loc()}),
        ])
        .collect();
    let params: Vec<Value> = NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| {
            json!({"name": n, "location": if i % 3 == 0 { "query" } else { "body" }, "type": {"kind": "string"},
                   "required": i % 2 == 1, "sample": TEXTS[i % TEXTS.len()], "default": TEXTS[(i + 3) % TEXTS.len()],
                   "description": text(i + 1), "from": loc()})
        })
        .chain([json!({"name": "dto", "location": "body", "type": {"kind": "ref", "name": "Self"}, "required": true, "from": loc()})])
        .collect();
    let endpoint = |name: &str, method: &str, path: &str, i: usize| {
        json!({
            "module": "management", "client": "ManagementClient", "name": name, "names": {}, "slug": name,
            "tag": TAGS[i],
            "http": {"method": method, "path": path, "evidence": []},
            "summary": text(i), "description": text(i + 1), "params": params,
            "request_dto": {"value": TEXTS[i]},
            "response": {"dto": "Self", "data": {"kind": "ref", "name": "Self"}, "from": loc()},
            "sources": loc(),
        })
    };
    let values: Vec<Value> = ["\"", "\"#", "Unknown", "", "a b", "A_B", "\u{202e}", "*/", "CHART", "chart", "CHART"]
        .iter()
        .enumerate()
        .map(|(i, v)| json!({"value": v, "description": text(i), "from": loc()}))
        .collect();
    let api = json!({
        "clients": {"ManagementClient": {"name": "ManagementClient", "module": "management",
                     "endpoints": ["management/a", "management/b", "management/c", "management/d", "management/e"]}},
        "endpoints": {
            "management/a": endpoint("self", "GET", "/api/v3/a\"b/{type}", 0),
            "management/b": endpoint("builder", "POST", "/api/v3/*/", 1),
            "management/c": endpoint("fn", "POST", "/api/v3/c", 2),
            "management/d": endpoint("Self", "GET", "/api/v3/\n}", 3),
            "management/e": endpoint("call", "POST", "/api/v3/e", 4),
        },
        "dtos": {"Self": {"name": "Self", "fields": fields, "has_required_column": true, "from": loc()}},
        "enums": {"Kind\"Enum": {"name": "Kind\"Enum", "values": values}},
    });
    serde_json::from_value(api).expect("a valid IR")
}

#[test]
fn hostile_documentation_renders_into_safe_code() {
    let api = hostile_api();
    let opts = RenderOptions { crate_name: "hostile-sdk".into(), ..Default::default() };
    let out = render(&api, &opts).expect("hostile text renders");
    // Committed as a workspace member, so the workspace's clippy, rustdoc and doctest runs prove
    // that hostile documentation yields warning-free code.
    same_as_committed(&out, "generated/hostile-sdk");
    let code = |path: &str| syn::parse_file(&out.files.iter().find(|f| f.path == path).unwrap().contents).unwrap();

    // Nothing was injected: exactly the items the IR asks for.
    let models = code("src/models/management.rs");
    let structs = models.items.iter().filter(|i| matches!(i, syn::Item::Struct(_))).count();
    let enums = models.items.iter().filter(|i| matches!(i, syn::Item::Enum(_))).count();
    // The model and its builder (it has more required fields than a constructor takes).
    assert_eq!((structs, enums), (2, 1));
    let client = code("src/management.rs");
    let methods: Vec<String> = client
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Impl(imp) if imp.trait_.is_none() && quote_ty(&imp.self_ty) == "ManagementClient" => Some(imp),
            _ => None,
        })
        .flat_map(|imp| imp.items.iter())
        .filter_map(|i| match i {
            syn::ImplItem::Fn(f) if f.sig.asyncness.is_some() && matches!(f.vis, syn::Visibility::Public(_)) => {
                Some(f.sig.ident.to_string())
            }
            _ => None,
        })
        .collect();
    assert_eq!(methods.len(), 5, "{methods:?}");
    for own in ["builder", "call", "token"] {
        assert!(methods.iter().all(|m| m != own), "an endpoint must not take the client's `{own}`: {methods:?}");
    }

    // Every wire name survives exactly, through `rename` or the identifier itself.
    let dto = models.items.iter().find_map(|i| if let syn::Item::Struct(s) = i { Some(s) } else { None }).unwrap();
    let wire: Vec<String> = dto.fields.iter().map(wire_name).collect();
    for n in NAMES {
        assert!(wire.iter().any(|w| w == n), "wire name {n:?} lost: {wire:?}");
    }
    let idents: std::collections::BTreeSet<String> =
        dto.fields.iter().map(|f| f.ident.as_ref().unwrap().to_string()).collect();
    assert_eq!(idents.len(), dto.fields.len(), "field names are distinct");

    // Hostile tags become plain feature names, and their text stays inside TOML comments.
    let toml_file = out.files.iter().find(|f| f.path == "Cargo.toml").unwrap();
    let manifest: toml::Table = toml_file.contents.parse().expect("Cargo.toml parses");
    let features: Vec<&String> = manifest["features"].as_table().unwrap().keys().collect();
    // `default`, the client's, `oidc` and `events`, and one per tag.
    assert_eq!(features.len(), 4 + TAGS.len(), "{features:?}");
    for f in &features {
        assert!(f.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{f}");
    }
    assert!(!manifest["dependencies"].as_table().unwrap().contains_key("evil"));

    // Collisions and repairs are reported.
    use docir::diag::Code;
    assert!(out.diagnostics.iter().any(|d| d.code == Code::NameCollision));
    assert!(out.diagnostics.iter().any(|d| d.code == Code::NameChanged));
}

fn quote_ty(t: &syn::Type) -> String {
    match t {
        syn::Type::Path(p) => p.path.segments.last().unwrap().ident.to_string(),
        _ => String::new(),
    }
}

/// The name serde uses for a field: its `rename`, else the identifier without `r#`.
fn wire_name(f: &syn::Field) -> String {
    let mut name = f.ident.as_ref().unwrap().to_string().trim_start_matches("r#").to_string();
    for a in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        a.parse_nested_meta(|m| {
            if m.path.is_ident("rename") {
                name = m.value()?.parse::<syn::LitStr>()?.value();
            } else if m.input.peek(syn::Token![=]) {
                m.value()?.parse::<syn::LitStr>()?;
            }
            Ok(())
        })
        .unwrap();
    }
    name
}

/// `codegen.toml` hosts become the clients' defaults; without one, an app client requires
/// `app_host` and the management client uses the service's public host.
#[test]
fn configured_hosts_become_defaults() {
    let build = docir::build(&[repo().join("docs-input")]).expect("docs-input reads");
    let mut opts = RenderOptions { crate_name: "authing-sdk".into(), ..Default::default() };
    let plain = render(&build.api, &opts).unwrap();
    let file = |r: &Rendered, p: &str| r.files.iter().find(|f| f.path == p).unwrap().contents.clone();
    assert!(file(&plain, "src/management.rs").contains("pub const DEFAULT_HOST: &str = \"https://api.authing.cn\";"));
    assert!(file(&plain, "src/authentication.rs").contains("missing(\"app_host\")"));
    opts.hosts.insert("ManagementClient".into(), "https://core.example.com".into());
    opts.hosts.insert("AuthenticationClient".into(), "https://app.example.com".into());
    let configured = render(&build.api, &opts).unwrap();
    assert!(
        file(&configured, "src/management.rs").contains("pub const DEFAULT_HOST: &str = \"https://core.example.com\";")
    );
    assert!(file(&configured, "src/authentication.rs").contains("\"https://app.example.com\".to_owned()"));
}
