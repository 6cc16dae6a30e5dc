//! Cargo features per tag, on fixture pages written for it (`tests/fixtures/features/`): two tags
//! (`小工具`, `gears`) whose methods share a model (`PartDto`) and, through it, a nested model
//! and an enum (`MaterialDto`, `MaterialDtoFinish`), a list endpoint with paging helpers, and a
//! page in no tag folder. The crate is committed as `generated/features-sdk` (a workspace
//! member). Here: it is fresh, each feature alone compiles what its methods need and nothing of
//! the other tags, and the crate checks warning-free with each tag feature alone, with no
//! feature, and with all of them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use syn::{Attribute, ImplItem, Item, Meta};

mod common;
use common::repo;

const ARGS: &[&str] =
    &["--input", "tests/fixtures/features", "--out", "generated/features-sdk", "--crate-name", "features-sdk"];

const TAGS: &[&str] = &["management-gears", "management-xiao-gong-ju", "management-other"];

#[test]
fn the_committed_crate_is_what_the_pages_generate() {
    common::assert_committed_crate_is_fresh(ARGS);
}

#[test]
fn each_tag_is_a_feature_and_the_client_feature_turns_on_all_of_them() {
    let toml: toml::Table =
        std::fs::read_to_string(repo().join("generated/features-sdk/Cargo.toml")).unwrap().parse().unwrap();
    let features = toml["features"].as_table().unwrap();
    let list =
        |name: &str| -> Vec<&str> { features[name].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect() };
    assert_eq!(list("management"), TAGS.iter().copied().collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>());
    for tag in TAGS {
        assert!(list(tag).is_empty(), "{tag}");
    }
    assert_eq!(list("default"), ["management", "oidc", "events"]);
}

/// Whether a `cfg` predicate of the generated code holds with `on` features: `feature = "x"`,
/// `any(...)` and `all(...)`, which is all the generator writes.
fn holds(meta: &Meta, on: &BTreeSet<&str>) -> bool {
    match meta {
        Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => on.contains(s.value().as_str()),
            other => panic!("unexpected cfg value {}", quote::quote!(#other)),
        },
        Meta::List(l) if l.path.is_ident("any") || l.path.is_ident("all") || l.path.is_ident("not") => {
            let inner =
                l.parse_args_with(syn::punctuated::Punctuated::<Meta, syn::Token![,]>::parse_terminated).unwrap();
            if l.path.is_ident("any") {
                inner.iter().any(|m| holds(m, on))
            } else if l.path.is_ident("all") {
                inner.iter().all(|m| holds(m, on))
            } else {
                !holds(&inner[0], on)
            }
        }
        other => panic!("unexpected cfg {}", quote::quote!(#other)),
    }
}

fn enabled(attrs: &[Attribute], on: &BTreeSet<&str>) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("cfg")).all(|a| holds(&a.parse_args::<Meta>().unwrap(), on))
}

/// The public structs, enums and client methods compiled with `on` features, following the
/// `cfg`s of `lib.rs`, `models/mod.rs` and the items.
fn compiled(on: &[&str]) -> BTreeSet<String> {
    let on: BTreeSet<&str> = on.iter().copied().collect();
    let src = repo().join("generated/features-sdk/src");
    let parse = |p: &Path| syn::parse_file(&std::fs::read_to_string(p).unwrap()).unwrap();
    let mods = |file: &syn::File| -> Vec<String> {
        file.items
            .iter()
            .filter_map(|i| match i {
                Item::Mod(m) if enabled(&m.attrs, &on) => Some(m.ident.to_string()),
                _ => None,
            })
            .collect()
    };
    let mut files: Vec<PathBuf> =
        mods(&parse(&src.join("models/mod.rs"))).iter().map(|m| src.join(format!("models/{m}.rs"))).collect();
    if mods(&parse(&src.join("lib.rs"))).contains(&"management".to_string()) {
        files.push(src.join("management.rs"));
    }
    let mut out = BTreeSet::new();
    for f in files {
        for item in parse(&f).items {
            match item {
                Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) && enabled(&s.attrs, &on) => {
                    out.insert(s.ident.to_string());
                }
                Item::Enum(e) if enabled(&e.attrs, &on) => {
                    out.insert(e.ident.to_string());
                }
                Item::Impl(i) if i.trait_.is_none() && enabled(&i.attrs, &on) => {
                    let ty = &i.self_ty;
                    if quote::quote!(#ty).to_string() != "ManagementClient" {
                        continue;
                    }
                    for it in &i.items {
                        if let ImplItem::Fn(m) = it
                            && matches!(m.vis, syn::Visibility::Public(_))
                            && enabled(&m.attrs, &on)
                        {
                            out.insert(format!("fn {}", m.sig.ident));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_tag_compiles_its_methods_and_the_models_they_reach_shared_and_nested_ones_too() {
    let client = [
        "ManagementClient",
        "ManagementClientBuilder",
        "fn builder",
        "fn from_env",
        "fn http_client",
        "fn with_timeout",
    ];
    let shared = ["PartDto", "MaterialDto", "MaterialDtoFinish"];
    let mut gears = set(&["CreateGearRequest", "DeleteGearRequest", "GearDto", "fn create_gear", "fn delete_gear"]);
    gears.extend(set(&client).into_iter().chain(set(&shared)));
    assert_eq!(compiled(&["management-gears"]), gears);

    let mut gadgets = set(&[
        "GetGadgetRequest",
        "ListGadgetsRequest",
        "GadgetDto",
        "GadgetPagingDto",
        "GadgetSummaryDto",
        "fn get_gadget",
        "fn list_gadgets",
        "fn list_gadgets_pages",
        "fn list_gadgets_items",
    ]);
    gadgets.extend(set(&client).into_iter().chain(set(&shared)));
    assert_eq!(compiled(&["management-xiao-gong-ju"]), gadgets);

    let mut other = set(&["PingRequest", "PongDto", "fn ping"]);
    other.extend(set(&client));
    assert_eq!(compiled(&["management-other"]), other);

    assert_eq!(compiled(&[]), BTreeSet::new());
    let all: BTreeSet<String> = gears.union(&gadgets).chain(other.iter()).cloned().collect();
    assert_eq!(compiled(TAGS), all);
}

/// `cargo check` of the committed crate with `features` (and no default ones): it compiles and
/// rustc warns about nothing in it.
fn check(features: &[&str]) {
    // A target folder of its own (the outer cargo holds the workspace's lock), inside the one
    // the caller chose; shared with the build.rs example's check, whose dependencies are these.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
        .join("buildrs-example-check");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let joined = features.join(",");
    let out = Command::new(cargo)
        .args(["check", "-p", "features-sdk", "--lib", "--no-default-features", "--message-format=json"])
        .args(["--features", &joined])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(repo())
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "[{joined}]: {}", String::from_utf8_lossy(&out.stderr));
    let warnings: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| {
            m["reason"] == "compiler-message"
                && m["package_id"].as_str().is_some_and(|p| p.contains("features-sdk"))
                && m["message"]["level"] == "warning"
        })
        .map(|m| m["message"]["rendered"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(warnings.is_empty(), "[{joined}]:\n{}", warnings.join("\n"));
}

#[test]
fn the_crate_checks_warning_free_with_each_tag_alone_none_and_all() {
    for tag in TAGS {
        check(&[tag]);
    }
    check(&[]);
    let mut all = TAGS.to_vec();
    all.push("oidc");
    check(&all);
}
