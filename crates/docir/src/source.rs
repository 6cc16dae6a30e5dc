//! Finding input files and turning their bytes into normalized text.
//!
//! Text is normalized once here so every reader sees the same thing: UTF-8 (a BOM is dropped,
//! GB18030 is decoded when the bytes say so), `\n` line ends, and no control characters.

use crate::diag::{Code, Diagnostic, Loc, SourceSpan};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One input file, decoded.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as shown in diagnostics (relative to the input folder's parent when possible).
    pub name: Arc<str>,
    /// The path on disk.
    pub path: PathBuf,
    /// The decoded text (UTF-8, from a legacy encoding where needed, control bytes removed).
    pub text: String,
}

/// The index of a file in a build's [`Files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

/// One file of a build, as the readers saw it.
#[derive(Clone, Debug)]
pub struct FileEntry {
    /// The name locations use ([`Loc::file`]): relative to the input roots' common folder
    /// (see [`Naming`]).
    pub name: Arc<str>,
    /// The path relative to the input root the file was found under, `/`-separated (for a
    /// file given as a root, its file name; for a page given in memory, the path it was given).
    /// Never absolute, so a build is the same wherever its inputs live.
    pub path: String,
    /// The decoded text (UTF-8, `\n` line ends, control characters removed): the text every
    /// span ([`Loc::span`]) indexes. `None` when the file could not be read or decoded.
    pub text: Option<Arc<str>>,
}

/// The file table of a build: every input file (pages, include files, configuration) by
/// [`FileId`], with its text, so a diagnostic can be shown without reading the file again.
#[derive(Clone, Debug, Default)]
pub struct Files {
    entries: Vec<FileEntry>,
    by_name: HashMap<Arc<str>, FileId>,
}

impl Files {
    /// Adds a file (or replaces the entry of the same name) and returns its id.
    pub fn add(&mut self, name: Arc<str>, path: impl Into<String>, text: Option<Arc<str>>) -> FileId {
        let entry = FileEntry { name: name.clone(), path: path.into(), text };
        if let Some(&id) = self.by_name.get(&name) {
            self.entries[id.0 as usize] = entry;
            return id;
        }
        let id = FileId(u32::try_from(self.entries.len()).unwrap_or(u32::MAX));
        self.entries.push(entry);
        self.by_name.insert(name, id);
        id
    }

    /// The id of the file locations name `name` ([`Loc::file`]).
    pub fn id(&self, name: &str) -> Option<FileId> {
        self.by_name.get(name).copied()
    }

    /// The entry of `id`.
    ///
    /// # Panics
    /// When `id` comes from another table.
    pub fn get(&self, id: FileId) -> &FileEntry {
        &self.entries[id.0 as usize]
    }

    /// The entry of the file `at` is in, if the table has it.
    pub fn of(&self, at: &Loc) -> Option<&FileEntry> {
        self.id(&at.file).map(|id| self.get(id))
    }

    /// Every file, in the order added (for pages: sorted by name).
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &FileEntry)> {
        self.entries.iter().enumerate().map(|(i, e)| (FileId(i as u32), e))
    }

    /// How many files the table holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table holds no file.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The bytes `at` covers: its span, else its line from its column (1-based characters) or
    /// from its first non-blank character, to its last. `None` when the file has no text here
    /// or the line is past its end.
    pub fn span_of(&self, at: &Loc) -> Option<SourceSpan> {
        let text = self.of(at)?.text.as_deref()?;
        if let Some(s) = at.span.filter(|s| s.offset() + s.len() <= text.len()) {
            return Some(s);
        }
        let line = line_span(text, at.line)?;
        let Some(col) = at.col.and_then(|c| (c as usize).checked_sub(1)) else { return Some(line) };
        let (start, end) = line_range(text, at.line)?;
        let from = text[start..end].char_indices().nth(col).map_or(end, |(i, _)| start + i);
        let to = (line.offset() + line.len()).max(from);
        Some(SourceSpan::from(from..to))
    }

    /// Gives every location of `diags` (and of their related locations) without a span the
    /// span of its line, so each one names the bytes it is about.
    pub fn locate(&self, diags: &mut [Diagnostic]) {
        for d in diags {
            for at in std::iter::once(&mut d.at).chain(d.related.iter_mut().map(|r| &mut r.at)) {
                if at.span.is_none() {
                    at.span = self.span_of(at);
                }
            }
        }
    }
}

/// The bytes `part`, a slice of `text`, covers in it; `None` when `part` is not part of `text`.
pub fn subspan(text: &str, part: &str) -> Option<SourceSpan> {
    // Both are views of the same buffer: the difference of their addresses is the offset.
    let offset = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset + part.len() <= text.len()).then(|| SourceSpan::from((offset, part.len())))
}

/// The 1-based `line` of `text` without its indentation and trailing blanks, as a span.
pub fn line_span(text: &str, line: u32) -> Option<SourceSpan> {
    let (start, end) = line_range(text, line)?;
    let l = &text[start..end];
    Some(SourceSpan::from((start + (l.len() - l.trim_start().len()), l.trim().len())))
}

/// The byte range of the 1-based `line` of `text`, without its `\n`.
pub fn line_range(text: &str, line: u32) -> Option<(usize, usize)> {
    let skip = (line as usize).checked_sub(1)?;
    let start = if skip == 0 { 0 } else { memchr::memchr_iter(b'\n', text.as_bytes()).nth(skip - 1)? + 1 };
    let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
    Some((start, end))
}

/// How input files are named in diagnostics and in the IR: relative to the folder that holds the
/// input roots (for one folder `docs-input`, its parent: `docs-input/seeds/000.md`), so that no
/// output depends on where the checkout lives or on how a path was typed (`docs-input`,
/// `./docs-input` and `$PWD/docs-input` give the same names).
#[derive(Clone, Debug)]
pub struct Naming {
    /// The common ancestor of the roots' parent folders, absolute and canonical.
    base: PathBuf,
    /// Each root as given, with its canonical form.
    roots: Vec<(PathBuf, PathBuf)>,
}

impl Naming {
    /// The naming for a set of input roots (folders or files).
    ///
    /// # Errors
    /// A root that does not exist (or cannot be resolved) is an I/O error naming nothing; the
    /// caller names the root.
    pub fn new(roots: &[PathBuf]) -> std::io::Result<Naming> {
        let mut resolved = Vec::with_capacity(roots.len());
        let mut base: Option<PathBuf> = None;
        for r in roots {
            let canon = absolute(r)?;
            let parent = canon.parent().map(Path::to_path_buf).unwrap_or_else(|| canon.clone());
            base = Some(match base {
                None => parent,
                Some(b) => common_ancestor(&b, &parent),
            });
            resolved.push((r.clone(), canon));
        }
        Ok(Naming { base: base.unwrap_or_default(), roots: resolved })
    }

    /// The name of `path`, a file found under `root` (one of the roots given to [`Naming::new`]):
    /// `/`-separated, relative to the roots' common folder.
    pub fn name(&self, root: &Path, path: &Path) -> String {
        let canon_root = self.roots.iter().find(|(r, _)| r == root).map(|(_, c)| c.clone());
        let full = match (canon_root, path.strip_prefix(root)) {
            (Some(c), Ok(rel)) if !rel.as_os_str().is_empty() => c.join(rel),
            (Some(c), _) if path == root => c,
            _ => absolute(path).unwrap_or_else(|_| path.to_path_buf()),
        };
        let rel = full.strip_prefix(&self.base).unwrap_or(&full);
        let s = rel.to_string_lossy().replace('\\', "/");
        s.trim_start_matches('/').to_owned()
    }
}

/// The canonical absolute form of an existing path (symbolic links resolved, `..` removed).
fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    std::fs::canonicalize(p)
}

fn common_ancestor(a: &Path, b: &Path) -> PathBuf {
    a.components().zip(b.components()).take_while(|(x, y)| x == y).map(|(x, _)| x).collect()
}

/// Lists every regular file below `root` (or `root` itself when it is a file), sorted by path
/// so the result does not depend on the order the file system lists entries.
/// Hidden files and folders (a leading `.`) and `codegen.toml` are skipped.
///
/// # Errors
/// When `root` or a folder below it cannot be listed. Entries that cannot be read (a broken
/// link) and links that lead back into a folder being walked are skipped.
pub fn discover(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let skipped = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        e.depth() > 0 && (name.starts_with('.') || name == "codegen.toml")
    };
    let mut out = Vec::new();
    // Links are followed; walkdir detects loops, and the depth bound keeps deep trees finite.
    let walk = walkdir::WalkDir::new(root).follow_links(true).max_depth(MAX_DEPTH).into_iter();
    for entry in walk.filter_entry(|e| !skipped(e)) {
        match entry {
            Ok(e) if e.file_type().is_file() => out.push(e.into_path()),
            Ok(_) => {}
            Err(e) if e.depth() == 0 => return Err(into_io(e)),
            Err(e) if e.loop_ancestor().is_some() || is_link(e.path()) => {}
            Err(e) => return Err(into_io(e)),
        }
    }
    out.sort();
    Ok(out)
}

/// Folders deeper than this below an input folder are not read.
const MAX_DEPTH: usize = 65;

fn is_link(path: Option<&Path>) -> bool {
    path.and_then(|p| std::fs::symlink_metadata(p).ok()).is_some_and(|m| m.file_type().is_symlink())
}

fn into_io(e: walkdir::Error) -> std::io::Error {
    let msg = e.to_string();
    e.into_io_error().unwrap_or_else(|| std::io::Error::other(msg))
}

/// The outcome of decoding one file.
pub enum Decoded {
    Text(String, Vec<Diagnostic>),
    /// Not a text page (binary); skipped with a warning.
    Skip(Diagnostic),
    /// A text page that cannot be decoded.
    Error(Diagnostic),
}

/// Decodes bytes into normalized text.
pub fn decode(bytes: &[u8], name: &Arc<str>) -> Decoded {
    decode_owned(bytes.to_vec(), name)
}

/// [`decode`] taking the bytes by value, so valid UTF-8 becomes the text without a copy.
pub fn decode_owned(bytes: Vec<u8>, name: &Arc<str>) -> Decoded {
    let plain_utf8 =
        !bytes.starts_with(b"\xEF\xBB\xBF") && !bytes.starts_with(b"\xFF\xFE") && !bytes.starts_with(b"\xFE\xFF");
    if plain_utf8 {
        match String::from_utf8(bytes) {
            Ok(text) => return finish(text, Vec::new(), name),
            Err(e) => return decode_slow(e.as_bytes(), name),
        }
    }
    decode_slow(&bytes, name)
}

fn decode_slow(bytes: &[u8], name: &Arc<str>) -> Decoded {
    let at = Loc::new(name, 1);
    let mut notes = Vec::new();
    let text: String = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match std::str::from_utf8(rest) {
            Ok(s) => s.to_owned(),
            Err(e) => return Decoded::Error(utf8_error(rest, &e, name)),
        }
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        match enc.decode_without_bom_handling_and_without_replacement(&bytes[2..]) {
            Some(s) => {
                notes.push(Diagnostic::note(Code::Encoding, at.clone(), format!("decoded from {}", enc.name())));
                s.into_owned()
            }
            None => {
                return Decoded::Error(Diagnostic::error(
                    Code::Unreadable,
                    at,
                    format!("the file starts with a {} byte-order mark but is not valid {}", enc.name(), enc.name()),
                ));
            }
        }
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                if looks_binary(bytes) {
                    return Decoded::Skip(Diagnostic::warning(
                        Code::PageSkipped,
                        at,
                        "skipped: not a text page (binary content); expected UTF-8 Markdown, HTML or text",
                    ));
                }
                match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                    Some(s) if s.chars().any(is_cjk) => {
                        notes.push(Diagnostic::warning(
                            Code::Encoding,
                            at.clone(),
                            "the file is not UTF-8; decoded as GB18030 (Chinese) because its bytes are valid GB18030",
                        ));
                        s.into_owned()
                    }
                    _ => return Decoded::Error(utf8_error(bytes, &e, name)),
                }
            }
        }
    };
    finish(text, notes, name)
}

/// The checks every decoded text gets: not binary, line ends and control characters normalized.
fn finish(text: String, mut notes: Vec<Diagnostic>, name: &Arc<str>) -> Decoded {
    if looks_binary(text.as_bytes()) {
        return Decoded::Skip(Diagnostic::warning(
            Code::PageSkipped,
            Loc::new(name, 1),
            "skipped: not a text page (binary content); expected UTF-8 Markdown, HTML or text",
        ));
    }
    let (text, removed) = normalize_text(text);
    if let Some((line, count)) = removed {
        notes.push(Diagnostic::warning(
            Code::Encoding,
            Loc::new(name, line),
            format!("removed {count} control character(s) (first on this line)"),
        ));
    }
    Decoded::Text(text, notes)
}

fn utf8_error(bytes: &[u8], e: &std::str::Utf8Error, name: &Arc<str>) -> Diagnostic {
    let valid = &bytes[..e.valid_up_to()];
    let line = 1 + valid.iter().filter(|&&b| b == b'\n').count() as u32;
    Diagnostic::error(
        Code::Unreadable,
        Loc::new(name, line),
        format!("invalid UTF-8 at byte {} and not decodable as GB18030; expected a UTF-8 text page", e.valid_up_to()),
    )
}

/// Binary content: NUL bytes make up more than a small share of the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    nuls > 0 && nuls * 100 >= head.len().max(1)
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// CRLF and lone CR become LF; control characters other than tab and newline are removed.
/// Returns the first line with a removed character and the count.
fn normalize_text(s: String) -> (String, Option<(u32, usize)>) {
    // No early exit, so the check compiles to vector instructions: a few per 16 bytes.
    let needs = s.bytes().fold(false, |acc, b| acc | (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7F));
    if !needs {
        return (s, None);
    }
    let mut out = String::with_capacity(s.len());
    let mut line = 1u32;
    let mut first: Option<u32> = None;
    let mut count = 0usize;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                    line += 1;
                }
            }
            '\n' => {
                out.push('\n');
                line += 1;
            }
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 || c as u32 == 0x7F => {
                count += 1;
                first.get_or_insert(line);
            }
            c => out.push(c),
        }
    }
    (out, first.map(|l| (l, count)))
}

/// Reads and decodes one file. I/O failures become an `Unreadable` error naming the file.
pub fn read(path: &Path, name: Arc<str>) -> (Option<SourceFile>, Vec<Diagnostic>) {
    let at = Loc::new(&name, 1);
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return (
                None,
                vec![Diagnostic::error(
                    Code::Unreadable,
                    at,
                    format!("file is {} bytes; pages larger than {} bytes are refused", m.len(), MAX_FILE_BYTES),
                )],
            );
        }
        Err(e) => {
            return (None, vec![Diagnostic::error(Code::Unreadable, at, format!("cannot read: {e}"))]);
        }
        _ => {}
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (None, vec![Diagnostic::error(Code::Unreadable, at, format!("cannot read: {e}"))]);
        }
    };
    match decode_owned(bytes, &name) {
        Decoded::Text(text, notes) => (Some(SourceFile { name, path: path.to_path_buf(), text }), notes),
        Decoded::Skip(d) | Decoded::Error(d) => (None, vec![d]),
    }
}

/// Decodes a page already in memory.
pub fn from_bytes(bytes: &[u8], name: Arc<str>, path: &Path) -> (Option<SourceFile>, Vec<Diagnostic>) {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let msg = format!("file is {} bytes; pages larger than {} bytes are refused", bytes.len(), MAX_FILE_BYTES);
        return (None, vec![Diagnostic::error(Code::Unreadable, Loc::new(&name, 1), msg)]);
    }
    match decode(bytes, &name) {
        Decoded::Text(text, notes) => (Some(SourceFile { name, path: path.to_path_buf(), text }), notes),
        Decoded::Skip(d) | Decoded::Error(d) => (None, vec![d]),
    }
}

/// 1-based line numbers from byte offsets.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex { starts }
    }
    pub fn line_of(&self, offset: usize) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }
    /// [`line_span`] of `text` (the text the index was built from), without scanning it.
    pub fn line_span(&self, text: &str, line: u32) -> Option<SourceSpan> {
        let i = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).map_or(text.len(), |&next| next - 1);
        let l = text.get(start..end)?;
        Some(SourceSpan::from((start + (l.len() - l.trim_start().len()), l.trim().len())))
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name() -> Arc<str> {
        Arc::from("x.md")
    }

    #[cfg(unix)]
    #[test]
    fn discover_sorts_skips_hidden_files_and_broken_links_and_stops_at_link_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/inner")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in ["b/inner/z.md", "a.md", ".hidden.md", ".git/x.md", "codegen.toml"] {
            std::fs::write(root.join(f), "# x\n").unwrap();
        }
        std::os::unix::fs::symlink(root.join("b"), root.join("b/inner/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.md"), root.join("broken.md")).unwrap();
        let found: Vec<PathBuf> =
            discover(root).unwrap().iter().map(|p| p.strip_prefix(root).unwrap().into()).collect();
        assert_eq!(found, [PathBuf::from("a.md"), PathBuf::from("b/inner/z.md")]);
        assert_eq!(discover(&root.join("a.md")).unwrap(), [root.join("a.md")]);
        assert!(discover(&root.join("missing")).is_err());
    }

    #[test]
    fn bom_and_crlf_give_the_same_text() {
        let plain = "# T\n\n| a | b |\n";
        let Decoded::Text(a, _) = decode(plain.as_bytes(), &name()) else { panic!() };
        let Decoded::Text(b, _) = decode(b"\xEF\xBB\xBF# T\r\n\r\n| a | b |\r\n", &name()) else { panic!() };
        assert_eq!(a, b);
    }

    #[test]
    fn gb18030_is_decoded_with_a_warning() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("# 创建分组\n\n## 请求参数\n");
        let Decoded::Text(t, notes) = decode(&bytes, &name()) else { panic!("not decoded") };
        assert!(t.contains("请求参数"));
        assert_eq!(notes[0].code, Code::Encoding);
    }

    #[test]
    fn invalid_utf8_is_a_located_error() {
        let Decoded::Error(d) = decode(b"# ok\nline two \xFF\xFE\xFD\x80\n", &name()) else { panic!() };
        assert_eq!(d.at.line, 2);
        assert!(d.message.contains("UTF-8"));
    }

    #[test]
    fn binary_is_skipped() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i % 7) as u8).collect();
        assert!(matches!(decode(&bytes, &name()), Decoded::Skip(_)));
    }

    #[test]
    fn control_characters_are_removed_and_reported() {
        let Decoded::Text(t, notes) = decode(b"a\nb\x01c\x1f\n", &name()) else { panic!() };
        assert_eq!(t, "a\nbc\n");
        assert_eq!(notes[0].at.line, 2);
    }

    #[test]
    fn names_do_not_depend_on_how_the_root_was_typed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("pages");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.md"), "x").unwrap();
        let absolute = Naming::new(std::slice::from_ref(&root)).unwrap();
        assert_eq!(absolute.name(&root, &root.join("sub/a.md")), "pages/sub/a.md");
        let dotted = dir.path().join("pages/sub/..");
        let n = Naming::new(std::slice::from_ref(&dotted)).unwrap();
        assert_eq!(n.name(&dotted, &dotted.join("sub/a.md")), "pages/sub/a.md");
        // Two roots: named from their common folder.
        let (a, b) = (root.join("sub"), dir.path().join("pages"));
        let n = Naming::new(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(n.name(&a, &a.join("a.md")), "pages/sub/a.md");
        // A file given as a root is named from its folder's parent.
        let f = root.join("sub/a.md");
        let n = Naming::new(std::slice::from_ref(&f)).unwrap();
        assert_eq!(n.name(&f, &f), "a.md");
    }

    #[test]
    fn the_file_table_names_paths_from_their_input_root_however_the_root_was_typed() {
        let cwd = std::env::current_dir().unwrap();
        let dir = tempfile::tempdir_in(&cwd).unwrap();
        let root = dir.path().join("pages");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        let text = "# T\n\nHello.\n";
        std::fs::write(root.join("sub/a.md"), text).unwrap();
        let rel = dir.path().strip_prefix(&cwd).unwrap().join("pages");
        // Absolute, `./x` and `x/../x`.
        for typed in [root.clone(), Path::new(".").join(&rel), rel.join("..").join("pages")] {
            let b = crate::build(std::slice::from_ref(&typed)).unwrap();
            let (id, e) = b.sources.iter().next().unwrap();
            assert_eq!(b.sources.len(), 1);
            assert_eq!(
                (e.name.as_ref(), e.path.as_str(), e.text.as_deref()),
                ("pages/sub/a.md", "sub/a.md", Some(text))
            );
            assert_eq!(b.sources.id("pages/sub/a.md"), Some(id), "{typed:?}");
        }
        // A file given as a root is its own file name; a page in memory keeps the path it was given.
        let b = crate::build(&[root.join("sub/a.md")]).unwrap();
        assert_eq!(b.sources.iter().next().map(|(_, e)| e.path.as_str()), Some("a.md"));
        let b = crate::build_in_memory(vec![("x/y.md".into(), text.as_bytes().to_vec())]);
        let (_, e) = b.sources.iter().next().unwrap();
        assert_eq!((e.name.as_ref(), e.path.as_str(), e.text.as_deref()), ("x/y.md", "x/y.md", Some(text)));
    }

    #[test]
    fn spans_fall_back_to_the_line_or_the_column() {
        let mut files = Files::default();
        let name: Arc<str> = Arc::from("p.md");
        files.add(name.clone(), "p.md", Some(Arc::from("a\n  bé cd  \n")));
        let shown = |at: &Loc| files.span_of(at).map(|s| (s.offset(), s.len()));
        assert_eq!(shown(&Loc::new(&name, 2)), Some((4, 6)));
        assert_eq!(shown(&Loc { col: Some(5), ..Loc::new(&name, 2) }), Some((7, 3)));
        assert_eq!(shown(&Loc::new(&name, 2).with_span(SourceSpan::from(0..1))), Some((0, 1)));
        assert_eq!(shown(&Loc::new(&name, 9)), None);
        assert_eq!(shown(&Loc::new(&Arc::from("other.md"), 1)), None);
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new("a\nbb\nc");
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 2);
        assert_eq!(idx.line_of(5), 3);
        let text = "a\n  bb \nc";
        let idx = LineIndex::new(text);
        for line in 0..5 {
            assert_eq!(idx.line_span(text, line), line_span(text, line), "line {line}");
        }
    }
}
