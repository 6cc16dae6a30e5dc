//! The whole read: input folders → files → blocks → pages → endpoint facts → merged IR.

use crate::blocks::{Doc, Format};
use crate::diag::{self, Code, Diagnostic, Loc};
use crate::ir::Api;
use crate::lower::{self, PageEndpoint};
use crate::page::{self, Includes};
use crate::source;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An input folder that cannot be used at all (bad usage, not a bad page).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A folder or file that cannot be read or resolved: its path as given, and why.
    #[error("input `{path}`: {source}")]
    Io {
        /// The input as given.
        path: String,
        /// Why it cannot be used.
        source: std::io::Error,
    },
    /// [`crate::build`] was given no input at all.
    #[error("no input folders given")]
    NoInputs,
}

/// Counts for the one-line summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Files found below the inputs (pages, includes and skipped files alike).
    pub files: usize,
    /// Files read as pages of an endpoint.
    pub pages_read: usize,
    /// Files that are no endpoint page (an include, a hand-written page), each with a `page-skipped` note.
    pub pages_skipped: usize,
    /// Endpoints in the merged IR.
    pub endpoints: usize,
    /// DTOs in the merged IR.
    pub dtos: usize,
    /// Enums in the merged IR.
    pub enums: usize,
}

/// What a read of the inputs gives: the merged IR, every diagnostic, counts and the files read.
pub struct Build {
    /// The merged IR.
    pub api: Api,
    /// Every diagnostic of every stage, sorted ([`crate::diag::normalize`]).
    pub diagnostics: Vec<Diagnostic>,
    /// Counts for the one-line summary.
    pub stats: Stats,
    /// Every file read, for `cargo:rerun-if-changed`.
    pub files: Vec<PathBuf>,
    /// The name each of `files` has in diagnostics and the IR (same order): relative to the
    /// input roots' common folder (see [`source::Naming`]).
    pub names: Vec<Arc<str>>,
    /// The file table: every file read, with its text, by the name locations use; what spans
    /// index and what diagnostics are shown from.
    pub sources: source::Files,
}

impl Build {
    /// Whether a diagnostic is an error (the CLI exits non-zero).
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
///
/// `inputs` are folders (walked as [`crate::discover`] does) or single files; files are named
/// relative to the inputs' common folder ([`crate::Naming`]). A page that cannot be used is a
/// diagnostic in the [`Build`], never an error.
///
/// # Errors
/// [`InputError::NoInputs`] when `inputs` is empty; [`InputError::Io`] when an input does not
/// exist or its folder cannot be listed.
pub fn build(inputs: &[PathBuf]) -> Result<Build, InputError> {
    if inputs.is_empty() {
        return Err(InputError::NoInputs);
    }
    let naming = source::Naming::new(inputs).map_err(|e| {
        let bad = inputs.iter().find(|r| std::fs::metadata(r).is_err()).unwrap_or(&inputs[0]);
        InputError::Io { path: bad.display().to_string(), source: e }
    })?;
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
            let name = naming.name(root, &path);
            files.push(Input { name: Arc::from(name.as_str()), path, rel, bytes: None });
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files.dedup_by(|a, b| a.name == b.name);
    Ok(build_files(files))
}

/// A file decoded, with what the first pass learnt about it.
struct Decoded {
    /// Shared with the file table, which keeps it after the page is read.
    text: Arc<str>,
    format: Format,
    /// `!!!include(...)!!!` targets the file asks for.
    includes: Vec<String>,
}

/// Pages are read in one pass, each decoded, read, structured and lowered by one task and then
/// dropped, so memory holds the per-page facts, not every page's text and blocks at once.
/// Include targets are found first (a line scan) and parsed once. Text-flat rows that ran
/// together stay unsplit in the page facts; merge splits them with the other copies.
fn build_files(files: Vec<Input>) -> Build {
    // Each stage is a `tracing` span: the CLI prints their times under `CODEGEN_TIMINGS=1`.
    let stage = tracing::info_span!("decode").entered();
    let mut diagnostics = Vec::new();
    let decoded: Vec<(Option<Decoded>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|f| {
            let (src, notes) = match &f.bytes {
                Some(b) => source::from_bytes(b, f.name.clone(), &f.path),
                None => source::read(&f.path, f.name.clone()),
            };
            let decoded = src.map(|s| {
                let format = crate::read::detect(&s.text);
                let includes =
                    if format == Format::Markdown { crate::read::markdown::includes(&s.text) } else { Vec::new() };
                Decoded { text: Arc::from(s.text), format, includes }
            });
            (decoded, notes)
        })
        .collect();
    let mut sources = source::Files::default();
    for (f, (d, _)) in files.iter().zip(&decoded) {
        let path = f.rel.to_string_lossy().replace('\\', "/");
        sources.add(f.name.clone(), path, d.as_ref().map(|d| d.text.clone()));
    }
    drop(stage);
    let stage = tracing::info_span!("includes").entered();

    // Include targets: resolved by path, parsed once, not pages of their own.
    let paths = PathIndex::new(&files);
    let mut included_by: HashMap<usize, Arc<str>> = HashMap::new();
    for (i, (d, _)) in decoded.iter().enumerate() {
        for t in d.iter().flat_map(|d| &d.includes) {
            if let Some(k) = paths.resolve(i, t) {
                included_by.entry(k).or_insert_with(|| files[i].name.clone());
            }
        }
    }
    let include_docs: HashMap<usize, Doc> = included_by
        .keys()
        .filter_map(|&k| decoded[k].0.as_ref().map(|d| (k, crate::read::read_as(&files[k].name, &d.text, d.format))))
        .collect();
    let resolver = Resolver { paths: &paths, docs: &include_docs };
    drop(stage);
    let stage = tracing::info_span!("pages").entered();

    let outcomes: Vec<PageOutcome> = decoded
        .into_par_iter()
        .enumerate()
        .map(|(i, (d, mut notes))| {
            let Some(d) = d else { return (None, notes, Vec::new(), Vec::new()) };
            if let Some(by) = included_by.get(&i) {
                let msg = format!("skipped: include file (its content is part of {by})");
                notes.push(Diagnostic::note(Code::PageSkipped, Loc::new(&files[i].name, 1), msg));
                return (None, notes, Vec::new(), Vec::new());
            }
            let mut doc = crate::read::read_as(&files[i].name, &d.text, d.format);
            drop(d);
            notes.append(&mut doc.diags);
            let auth = crate::client_auth::scan(&doc);
            let page = page::structure(&doc, &resolver, &mut notes);
            let lowered = page.skipped.is_none().then(|| lower::lower(&page, &files[i].rel, &mut notes));
            if page.skipped.is_some() {
                // What is broken on a page that is no endpoint page reaches no SDK: notes.
                for d in notes.iter_mut().filter(|d| d.severity == diag::Severity::Warning) {
                    d.severity = diag::Severity::Note;
                }
            }
            // A page skipped as an endpoint page may document SDK-side operations instead.
            let ops = if lowered.is_none() { crate::sdk_ops::read(&doc) } else { Vec::new() };
            (lowered, notes, auth, ops)
        })
        .collect();
    drop(stage);
    let stage = tracing::info_span!("merge").entered();

    let mut stats = Stats { files: files.len(), ..Stats::default() };
    let mut endpoints = Vec::new();
    let mut client_auth = HashMap::new();
    let mut sdk_ops = Vec::new();
    for (i, (lowered, mut notes, auth, ops)) in outcomes.into_iter().enumerate() {
        sdk_ops.extend(ops);
        diagnostics.append(&mut notes);
        if !auth.is_empty() {
            client_auth.insert(files[i].name.clone(), auth);
        }
        match lowered {
            Some(e) => endpoints.push(e),
            None => stats.pages_skipped += 1,
        }
    }
    // Unreadable files are not pages at all.
    stats.pages_skipped -= diagnostics.iter().filter(|d| d.code == Code::Unreadable).count().min(stats.pages_skipped);
    stats.pages_read = endpoints.len();

    let mut api = crate::merge::merge(endpoints, &mut diagnostics);
    crate::client_auth::apply(&mut api, &client_auth);
    api.sdk_operations = crate::sdk_ops::merge(sdk_ops, &mut diagnostics);
    stats.endpoints = api.endpoints.len();
    stats.dtos = api.dtos.len();
    stats.enums = api.enums.len();
    diag::normalize(&mut diagnostics);
    drop(stage);
    let names = files.iter().map(|f| f.name.clone()).collect();
    sources.locate(&mut diagnostics);
    Build { api, diagnostics, stats, files: files.into_iter().map(|f| f.path).collect(), names, sources }
}

/// One page's endpoint facts, notes, client authentication sections and SDK-side operations.
type PageOutcome = (Option<PageEndpoint>, Vec<Diagnostic>, ClientAuthFacts, Vec<crate::sdk_ops::PageOp>);

/// The client authentication sections of one page, with where they are.
type ClientAuthFacts = Vec<(crate::ir::ClientAuth, Loc)>;

/// Input files by path, to resolve `!!!include(reference/sdk/common/x.md)!!!`: the file whose
/// path ends with the longest part of the target, preferring the one nearest the includer.
struct PathIndex {
    rels: Vec<String>,
    /// File name → files with that name, so a lookup does not scan every file.
    by_name: HashMap<String, Vec<usize>>,
    by_file: HashMap<Arc<str>, usize>,
}

impl PathIndex {
    fn new(files: &[Input]) -> Self {
        let rels: Vec<String> = files.iter().map(|f| f.rel.to_string_lossy().replace('\\', "/")).collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, f) in files.iter().enumerate() {
            let name = f.rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            by_name.entry(name).or_default().push(k);
        }
        let by_file = files.iter().enumerate().map(|(k, f)| (f.name.clone(), k)).collect();
        PathIndex { rels, by_name, by_file }
    }

    fn resolve(&self, from: usize, target: &str) -> Option<usize> {
        let parts: Vec<&str> = target.split(['/', '\\']).filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
        let from_rel = self.rels[from].as_str();
        let candidates = self.by_name.get(*parts.last()?)?;
        for take in (1..=parts.len()).rev() {
            let suffix = parts[parts.len() - take..].join("/");
            let slash_suffix = format!("/{suffix}");
            let mut best: Option<(usize, usize)> = None;
            for &k in candidates {
                let rel = &self.rels[k];
                if k != from && (rel == &suffix || rel.ends_with(&slash_suffix)) {
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

/// The parsed include targets, looked up by the includer's file and the target path.
struct Resolver<'a> {
    paths: &'a PathIndex,
    docs: &'a HashMap<usize, Doc>,
}

impl Includes for Resolver<'_> {
    fn resolve(&self, from: &Arc<str>, target: &str) -> Option<&Doc> {
        let from = *self.paths.by_file.get(from)?;
        self.paths.resolve(from, target).and_then(|k| self.docs.get(&k))
    }
}
