//! SDK-side operations (IR `sdk_operations`) tied to the runtime items that implement them.
//!
//! A runtime file marks an item with a line `// sdk-operation: <keys>`. A key is an operation
//! as `docir::sdk_ops` keys it, its page and its name in snake case (`cas/build_authorize_url`:
//! that page's operation only), or a bare name (`revoke_token`: the operation of that name on
//! every page). Rendering replaces the line with the pages' documentation of those operations
//! (titles and descriptions in both languages, parameters, the official names as
//! `#[doc(alias)]`); [`check`] reports documented operations that no item implements and marked
//! items that no page documents.

use super::filters::{doc_comment, string_literal};
use docir::diag::{Code, Diagnostic, Loc};
use docir::ir::{Api, SdkOperation};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

const MARKER: &str = "// sdk-operation:";

/// Whether the marker key `key` names `op` (see the module's documentation).
fn names_op(key: &str, op: &SdkOperation) -> bool {
    if key.contains('/') { op.key == key } else { op.key.rsplit('/').next() == Some(key) }
}

/// The operations a marker line's keys name, in key order.
fn named<'a>(api: &'a Api, keys: &[&str]) -> Vec<&'a SdkOperation> {
    api.sdk_operations.values().filter(|op| keys.iter().any(|k| names_op(k, op))).collect()
}

/// `(line number, keys)` of each marker line of `text`.
fn markers(text: &str) -> Vec<(u32, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| l.trim().strip_prefix(MARKER).map(|k| (i as u32 + 1, k.split_whitespace().collect())))
        .collect()
}

/// Warnings for documented operations without an implementation and implementations no page
/// documents (the latter only when the pages document SDK-side operations at all), a note per
/// implemented operation naming its Rust item (`events::EventsClient::publish`), and a note
/// with the count. `runtime` is `(file name, text)` of the runtime files.
pub fn check<'a>(api: &Api, runtime: impl IntoIterator<Item = (&'a str, &'a str)>, diags: &mut Vec<Diagnostic>) {
    if api.sdk_operations.is_empty() {
        return;
    }
    // Operation key → the items implementing it, with where their markers are.
    let mut implemented: BTreeMap<&str, Vec<(String, Loc)>> = BTreeMap::new();
    for (name, text) in runtime {
        let file: Arc<str> = Arc::from(format!("templates/runtime/src/{name}"));
        let lines: Vec<&str> = text.lines().collect();
        for (line, keys) in markers(text) {
            let ops = named(api, &keys);
            if ops.is_empty() {
                diags.push(Diagnostic::warning(
                    Code::SdkOperation,
                    Loc::new(&file, line),
                    format!("runtime item implements `{}`, which no page documents", keys.join("`, `")),
                ));
            }
            let item = item_path(name, &lines, line as usize).unwrap_or_else(|| format!("{name}:{line}"));
            for op in ops {
                implemented.entry(op.key.as_str()).or_default().push((item.clone(), Loc::new(&file, line)));
            }
        }
    }
    let mut missing = 0;
    for (key, op) in &api.sdk_operations {
        if let Some(items) = implemented.get(key.as_str()) {
            let at = op.from.first().cloned().unwrap_or_else(|| Loc::new(&Arc::from("<pages>"), 0));
            let paths: Vec<String> = items.iter().map(|(path, _)| format!("`{path}`")).collect();
            let mut note = Diagnostic::note(
                Code::SdkOperation,
                at,
                format!("documented SDK-side operation `{key}` ({}) is implemented by {}", names(op), paths.join(", ")),
            );
            for (path, marker) in items {
                note = note.related(marker.clone(), format!("`{path}`"));
            }
            diags.push(note);
            continue;
        }
        missing += 1;
        let at = op.from.first().cloned().unwrap_or_else(|| Loc::new(&Arc::from("<pages>"), 0));
        diags.push(Diagnostic::warning(
            Code::SdkOperation,
            at,
            format!("documented SDK-side operation `{key}` ({}) has no implementation in the runtime", names(op)),
        ));
    }
    let n = api.sdk_operations.len();
    let first = api.sdk_operations.values().next().and_then(|o| o.from.first().cloned());
    if let Some(at) = first {
        diags.push(Diagnostic::note(
            Code::SdkOperation,
            at,
            format!("{n} SDK-side operations read from hand-written pages: {} implemented, {missing} without implementation", n - missing),
        ));
    }
}

/// The Rust path (`events::EventsClient::publish`) of the item declared after the marker on
/// line `marker` (1-based) of the runtime file `file`: the next `fn`, `struct`, `enum`, ...,
/// inside the `impl` block above the marker when the item is indented.
fn item_path(file: &str, lines: &[&str], marker: usize) -> Option<String> {
    let module = file.strip_suffix(".rs").unwrap_or(file);
    let (decl, name) = lines.get(marker..)?.iter().find_map(|l| declared(l).map(|n| (*l, n)))?;
    let owner = if decl.starts_with(char::is_whitespace) {
        lines[..marker - 1].iter().rev().find(|l| l.starts_with("impl")).and_then(|l| impl_type(l))
    } else {
        None
    };
    Some(match owner {
        Some(ty) => format!("{module}::{ty}::{name}"),
        None => format!("{module}::{name}"),
    })
}

/// The name an item declaration line declares (`pub async fn publish(` → `publish`).
fn declared(line: &str) -> Option<&str> {
    const QUALIFIERS: &[&str] = &["pub", "pub(crate)", "pub(super)", "async", "unsafe", "extern", "default"];
    const KINDS: &[&str] = &["fn", "struct", "enum", "union", "type", "trait", "const", "static", "mod"];
    let mut words = line.split_whitespace().skip_while(|w| QUALIFIERS.contains(w)).peekable();
    let mut kind = words.next()?;
    // `const fn`, `const unsafe fn`: a function.
    while kind == "const" && matches!(words.peek(), Some(&"fn" | &"unsafe" | &"async")) {
        kind = words.next()?;
        if kind == "unsafe" || kind == "async" {
            kind = words.next()?;
        }
    }
    if !KINDS.contains(&kind) {
        return None;
    }
    let name = words.next()?;
    let end = name.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

/// The type an `impl` line is for: `impl<T> Trait for Foo<T> {` → `Foo`.
fn impl_type(line: &str) -> Option<&str> {
    let mut rest = line.strip_prefix("impl")?.trim_start();
    if rest.starts_with('<') {
        let mut depth = 0;
        let end = rest.char_indices().find_map(|(i, c)| {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(i + 1)
        })?;
        rest = rest[end..].trim_start();
    }
    if let Some((_, ty)) = rest.rsplit_once(" for ") {
        rest = ty.trim_start();
    }
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// `buildAuthorizeUrl` (node), `build_authorize_url` (python), ...
fn names(op: &SdkOperation) -> String {
    let all: Vec<String> =
        op.names.iter().flat_map(|(lang, ns)| ns.iter().map(move |n| format!("`{n}` ({lang})"))).collect();
    all.join(", ")
}

/// `text` with each marker line replaced by the documentation of the operations it names
/// (nothing when no page documents them). Aliases already written in `text` are not repeated.
pub fn inject(text: &str, api: &Api) -> String {
    if !text.contains(MARKER) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let Some(keys) = line.trim().strip_prefix(MARKER) else {
            out.push_str(line);
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        let ops = named(api, &keys.split_whitespace().collect::<Vec<_>>());
        if ops.is_empty() {
            continue;
        }
        let mut paragraphs = Vec::new();
        let mut aliases = BTreeSet::new();
        for op in &ops {
            let titles: Vec<&str> =
                [&op.title_zh, &op.title_en].into_iter().flatten().map(|t| t.value.as_str()).collect();
            paragraphs.push(format!("{}: {}.", titles.join(" / "), names(op)));
            paragraphs.extend([&op.description_zh, &op.description_en].into_iter().flatten().cloned());
            let params: Vec<String> = op
                .params
                .iter()
                .map(|p| {
                    let mut s = format!("- `{}`", p.name.replace('`', ""));
                    let mut facts: Vec<&str> = p.ty.as_deref().into_iter().collect();
                    match p.required {
                        Some(true) => facts.push("required"),
                        Some(false) => facts.push("optional"),
                        None => {}
                    }
                    if !facts.is_empty() {
                        s.push_str(&format!(" ({})", facts.join(", ")));
                    }
                    if !p.description.is_empty() {
                        s.push_str(&format!(": {}", p.description.replace('\n', " ")));
                    }
                    s
                })
                .collect();
            if !params.is_empty() {
                paragraphs.push(format!("Parameters there:\n{}", params.join("\n")));
            }
            for n in op.names.values().flatten() {
                if !text.contains(&format!("\"{n}\"")) {
                    aliases.insert(n.clone());
                }
            }
        }
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        // The heading is ours; the pages' text goes through the doc-comment escaping.
        out.push_str(&format!("{indent}///\n{indent}/// # In the official SDKs\n{indent}///\n"));
        for doc in doc_comment(&refs, false).lines() {
            out.push_str(indent);
            out.push_str(doc);
            out.push('\n');
        }
        for a in aliases {
            out.push_str(&format!("{indent}#[doc(alias = {})]\n", string_literal(&a)));
        }
    }
    out
}
