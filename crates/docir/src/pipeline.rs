//! The whole read: input folders → files → blocks → pages → endpoint facts → merged IR.

use crate::blocks::{Doc, Format, Inline};
use crate::diag::{self, Code, Diagnostic, Loc};
use crate::ir::Api;
use crate::lower::{self, PageEndpoint, RowSplitter, TableKind, compact};
use crate::page::{self, Includes, Page};
use crate::rows::Columns;
use crate::source;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An input folder that cannot be used at all (bad usage, not a bad page).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("input `{path}`: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("no input folders given")]
    NoInputs,
}

/// Counts for the one-line summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub files: usize,
    pub pages_read: usize,
    pub pages_skipped: usize,
    pub endpoints: usize,
    pub dtos: usize,
    pub enums: usize,
}

pub struct Build {
    pub api: Api,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    /// Every file read, for `cargo:rerun-if-changed`.
    pub files: Vec<PathBuf>,
}

impl Build {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == diag::Severity::Error)
    }
}

struct Input {
    name: Arc<str>,
    path: PathBuf,
    rel: PathBuf,
    /// The content, when the page is given in memory rather than on disk.
    bytes: Option<Vec<u8>>,
}

/// Reads pages given in memory (`(relative path, bytes)`), as `build` reads folders: for fuzzing,
/// tests and callers that do not keep pages on disk.
pub fn build_in_memory(pages: Vec<(String, Vec<u8>)>) -> Build {
    let mut files: Vec<Input> = pages
        .into_iter()
        .map(|(rel, bytes)| Input {
            name: Arc::from(rel.as_str()),
            path: PathBuf::from(&rel),
            rel: PathBuf::from(&rel),
            bytes: Some(bytes),
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files.dedup_by(|a, b| a.name == b.name);
    build_files(files)
}

/// Reads every page below the input folders and merges them into one IR.
pub fn build(inputs: &[PathBuf]) -> Result<Build, InputError> {
    if inputs.is_empty() {
        return Err(InputError::NoInputs);
    }
    let mut files: Vec<Input> = Vec::new();
    for root in inputs {
        let found =
            source::discover(root).map_err(|e| InputError::Io { path: root.display().to_string(), source: e })?;
        let is_file = root.is_file();
        for path in found {
            let rel = if is_file {
                PathBuf::from(path.file_name().unwrap_or_default())
            } else {
                path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.clone())
            };
            let name = display_name(&path);
            files.push(Input { name: Arc::from(name.as_str()), path, rel, bytes: None });
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files.dedup_by(|a, b| a.name == b.name);
    Ok(build_files(files))
}

fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

fn build_files(files: Vec<Input>) -> Build {
    let mut diagnostics = Vec::new();
    let read: Vec<(Option<Doc>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|f| {
            let (src, mut notes) = match &f.bytes {
                Some(b) => source::from_bytes(b, f.name.clone(), &f.path),
                None => source::read(&f.path, f.name.clone()),
            };
            let doc = src.map(|s| {
                let mut d = crate::read::read(&s);
                notes.append(&mut d.diags);
                d
            });
            (doc, notes)
        })
        .collect();
    let mut docs: Vec<(usize, Doc)> = Vec::new();
    for (i, (doc, mut notes)) in read.into_iter().enumerate() {
        diagnostics.append(&mut notes);
        if let Some(d) = doc {
            docs.push((i, d));
        }
    }

    // Include targets are not pages of their own.
    let resolver = Resolver::new(&files, &docs);
    let mut included: HashMap<usize, Arc<str>> = HashMap::new();
    for (_, d) in &docs {
        for b in &d.blocks {
            if let crate::blocks::BlockKind::Include(t) = &b.kind {
                if let Some(k) = resolver.resolve_index(&d.file, t) {
                    included.entry(k).or_insert_with(|| d.file.clone());
                }
            }
        }
    }

    let structured: Vec<(usize, Page, Vec<Diagnostic>)> = docs
        .par_iter()
        .enumerate()
        .filter(|(k, _)| !included.contains_key(k))
        .map(|(_, (i, d))| {
            let mut notes = Vec::new();
            let p = page::structure(d, &resolver, &mut notes);
            (*i, p, notes)
        })
        .collect();
    for (k, by) in &included {
        diagnostics.push(Diagnostic::note(
            Code::PageSkipped,
            Loc::new(&docs[*k].1.file, 1),
            format!("skipped: include file (its content is part of {by})"),
        ));
    }

    let mut stats = Stats { files: files.len(), ..Stats::default() };
    let mut pages: Vec<(usize, Page)> = Vec::new();
    for (i, p, mut notes) in structured {
        diagnostics.append(&mut notes);
        if p.skipped.is_some() {
            stats.pages_skipped += 1;
        } else {
            pages.push((i, p));
        }
    }
    stats.pages_skipped += included.len();

    // Structured copies first; the text-flat copies are split with what they say.
    let (flat, other): (Vec<_>, Vec<_>) = pages.into_iter().partition(|(_, p)| p.format == Format::TextFlat);
    let lowered: Vec<(PageEndpoint, Vec<Diagnostic>)> = other
        .par_iter()
        .map(|(i, p)| {
            let mut notes = Vec::new();
            let e = lower::lower(p, &files[*i].rel, &Known::none(), &mut notes);
            (e, notes)
        })
        .collect();
    let mut endpoints = Vec::new();
    for (e, mut notes) in lowered {
        diagnostics.append(&mut notes);
        endpoints.push(e);
    }
    let index = KnownIndex::new(&endpoints);
    let lowered: Vec<(PageEndpoint, Vec<Diagnostic>)> = flat
        .par_iter()
        .map(|(i, p)| {
            let mut notes = Vec::new();
            let known = index.find(p, &files[*i].rel);
            let e = lower::lower(p, &files[*i].rel, &known, &mut notes);
            (e, notes)
        })
        .collect();
    for (e, mut notes) in lowered {
        diagnostics.append(&mut notes);
        endpoints.push(e);
    }
    stats.pages_read = endpoints.len();

    let api = crate::merge::merge(&endpoints, &mut diagnostics);
    stats.endpoints = api.endpoints.len();
    stats.dtos = api.dtos.len();
    stats.enums = api.enums.len();
    diag::normalize(&mut diagnostics);
    Build { api, diagnostics, stats, files: files.into_iter().map(|f| f.path).collect() }
}

/// Resolves `!!!include(reference/sdk/common/x.md)!!!` to the input file whose path ends with
/// the longest part of the target, preferring the one nearest the including file.
struct Resolver<'a> {
    docs: &'a [(usize, Doc)],
    rels: Vec<String>,
    by_file: HashMap<Arc<str>, usize>,
    /// File name → documents with that name, so a lookup does not scan every file.
    by_name: HashMap<String, Vec<usize>>,
}

impl<'a> Resolver<'a> {
    fn new(files: &[Input], docs: &'a [(usize, Doc)]) -> Self {
        let rels = docs.iter().map(|(i, _)| files[*i].rel.to_string_lossy().replace('\\', "/")).collect();
        let by_file = docs.iter().enumerate().map(|(k, (_, d))| (d.file.clone(), k)).collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, (i, _)) in docs.iter().enumerate() {
            let name = files[*i].rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            by_name.entry(name).or_default().push(k);
        }
        Resolver { docs, rels, by_file, by_name }
    }

    fn resolve_index(&self, from: &Arc<str>, target: &str) -> Option<usize> {
        let parts: Vec<&str> = target.split(['/', '\\']).filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
        let from_rel = self.by_file.get(from).map(|&k| self.rels[k].as_str()).unwrap_or("");
        let candidates = self.by_name.get(*parts.last()?)?;
        for take in (1..=parts.len()).rev() {
            let suffix = parts[parts.len() - take..].join("/");
            let slash_suffix = format!("/{suffix}");
            let mut best: Option<(usize, usize)> = None;
            for &k in candidates {
                let rel = &self.rels[k];
                if (rel == &suffix || rel.ends_with(&slash_suffix)) && self.docs[k].1.file != *from {
                    let common = from_rel.split('/').zip(rel.split('/')).take_while(|(a, b)| a == b).count();
                    if best.is_none_or(|(c, _)| common > c) {
                        best = Some((common, k));
                    }
                }
            }
            if let Some((_, k)) = best {
                return Some(k);
            }
        }
        None
    }
}

impl Includes for Resolver<'_> {
    fn resolve(&self, from: &Arc<str>, target: &str) -> Option<&Doc> {
        self.resolve_index(from, target).map(|k| &self.docs[k].1)
    }
}

/// Field names and printed types that structured copies give, for splitting text-flat rows.
#[derive(Clone, Debug, Default)]
pub struct KnownFields {
    pub request: Vec<(String, String)>,
    pub response: Vec<(String, String)>,
    pub dtos: HashMap<String, Vec<(String, String)>>,
}

/// What is known about one text-flat page's endpoint from its other copies.
pub struct Known<'a> {
    fields: Option<&'a KnownFields>,
    /// The DTOs the page itself defines, as ("", name): printed types that tell a name run
    /// into a DTO type apart (`dataUserDto`).
    page_types: Vec<(String, String)>,
}

impl Known<'_> {
    fn none() -> Self {
        Known { fields: None, page_types: Vec::new() }
    }
}

impl RowSplitter for Known<'_> {
    fn split(&self, fused: &str, cols: &Columns, table: TableKind) -> Option<Vec<Inline>> {
        let known: &[(String, String)] = match (self.fields, &table) {
            (Some(k), TableKind::Request) => &k.request,
            (Some(k), TableKind::Response) => &k.response,
            (Some(k), TableKind::Dto(n)) => k.dtos.get(n).map(Vec::as_slice).unwrap_or(&[]),
            (None, _) => &[],
        };
        if self.page_types.is_empty() {
            return crate::read::split_fused(fused, cols, known);
        }
        let with_page: Vec<(String, String)> = known.iter().chain(&self.page_types).cloned().collect();
        crate::read::split_fused(fused, cols, &with_page)
    }
}

struct KnownIndex {
    entries: Vec<KnownFields>,
    by_key: HashMap<String, usize>,
}

impl KnownIndex {
    fn new(endpoints: &[PageEndpoint]) -> Self {
        let mut entries: Vec<KnownFields> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let names = |fs: &[lower::RawField]| -> Vec<(String, String)> {
            fs.iter().filter_map(|f| f.name.clone().map(|n| (n, f.ty_text.clone()))).collect()
        };
        for e in endpoints {
            let mut keys = Vec::new();
            if let Some(s) = &e.file_slug {
                keys.push(compact(s));
            }
            if let Some((n, _)) = &e.method_name {
                keys.push(compact(n));
            }
            let Some(first) = keys.first() else { continue };
            let k = match by_key.get(first) {
                Some(&k) => k,
                None => {
                    entries.push(KnownFields::default());
                    entries.len() - 1
                }
            };
            for key in keys {
                by_key.entry(key).or_insert(k);
            }
            let entry = &mut entries[k];
            if entry.request.is_empty() {
                entry.request = names(&e.params);
            }
            if entry.response.is_empty() {
                entry.response = names(&e.response_fields);
            }
            for d in &e.dtos {
                entry.dtos.entry(d.name.clone()).or_insert_with(|| names(&d.fields));
            }
        }
        KnownIndex { entries, by_key }
    }

    fn find(&self, page: &Page, rel: &Path) -> Known<'_> {
        let stem = rel.file_stem().map(|s| compact(&s.to_string_lossy())).unwrap_or_default();
        let by_method = page.method.as_ref().map(|m| compact(&m.name));
        let k = self.by_key.get(&stem).or_else(|| by_method.as_ref().and_then(|m| self.by_key.get(m)));
        let page_types = page.dtos.iter().map(|d| (String::new(), d.name.clone())).collect();
        Known { fields: k.map(|&k| &self.entries[k]), page_types }
    }
}
