//! Writing generated files: only what changed, atomically, and only files the generator owns.
//!
//! - Write-if-changed: a file whose bytes are already right is not touched (its mtime is kept,
//!   so cargo does not rebuild).
//! - Atomic: every new content is first written to a temporary file beside its target; only
//!   when all of them are written are they renamed into place. A failure before that removes
//!   the temporaries and leaves the previous output as it was.
//! - Ownership: the output folder keeps a manifest of the files the generator wrote. Stale
//!   files are deleted only when the previous manifest lists them; nothing else is touched.
//!   The generator writes only into an empty (or missing) folder or one that holds its
//!   manifest, and never replaces a file the manifest does not list (unless forced).

use crate::OutputFile;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The manifest of generated files, in the output folder.
pub const MANIFEST: &str = ".codegen-manifest";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "refusing to write `{0}`: generated paths must be relative, inside the output folder, and not a reserved name"
    )]
    UnsafePath(String),
    #[error("two generated files have the same path `{0}`")]
    Duplicate(String),
    #[error(
        "refusing to write into `{dir}`: it holds {} that codegen did not write ({}); \
         use an empty folder, delete {}, or pass --force",
        if .files.len() == 1 { "a file" } else { "files" },
        .files.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "),
        if .files.len() == 1 { "it" } else { "them" }
    )]
    NotOwned { dir: String, files: Vec<String> },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.display().to_string(), source }
}

/// What a write did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// Checks that a generated path stays inside the output folder on every platform: relative,
/// no `..`, no drive or root, no Windows-reserved names or characters.
pub fn check_path(p: &str) -> Result<(), WriteError> {
    let bad = || WriteError::UnsafePath(p.to_owned());
    if p.is_empty() || p.contains('\\') || p.contains('\0') || p.starts_with('/') {
        return Err(bad());
    }
    for c in Path::new(p).components() {
        match c {
            Component::Normal(s) => {
                let s = s.to_str().ok_or_else(bad)?;
                if !safe_component(s) {
                    return Err(bad());
                }
            }
            _ => return Err(bad()),
        }
    }
    Ok(())
}

fn safe_component(s: &str) -> bool {
    const RESERVED: &[&str] = &[
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
        "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    let stem = s.split('.').next().unwrap_or("").to_ascii_lowercase();
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.ends_with('.')
        && !s.ends_with(' ')
        && !RESERVED.contains(&stem.as_str())
        && !s.chars().any(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') || c.is_control())
}

/// The manifest's content for a set of files.
fn manifest_text(files: &[OutputFile]) -> String {
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    let mut s = String::from("# Files written by codegen; it deletes only files listed here. @generated\n");
    for p in paths {
        s.push_str(p);
        s.push('\n');
    }
    s
}

/// Files listed by the manifest in `out_dir` (empty when there is none).
pub fn previous_manifest(out_dir: &Path) -> BTreeSet<String> {
    let Ok(text) = std::fs::read_to_string(out_dir.join(MANIFEST)) else {
        return BTreeSet::new();
    };
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter(|l| check_path(l).is_ok())
        .map(str::to_owned)
        .collect()
}

/// The complete set of files for `out_dir`: the generated ones plus the manifest.
/// The manifest for `files`, after checking their paths. With it, `files` is the complete set
/// for the output folder.
pub fn manifest(files: &[OutputFile]) -> Result<OutputFile, WriteError> {
    let mut seen = BTreeSet::new();
    for f in files {
        check_path(&f.path)?;
        if f.path == MANIFEST || !seen.insert(f.path.as_str()) {
            return Err(WriteError::Duplicate(f.path.clone()));
        }
    }
    Ok(OutputFile { path: MANIFEST.to_owned(), contents: manifest_text(files) })
}

/// The files and their manifest, by path (borrowed: outputs can be large).
fn with_manifest<'a>(files: &'a [OutputFile], manifest: &'a OutputFile) -> Vec<&'a OutputFile> {
    let mut all: Vec<&OutputFile> = files.iter().chain(std::iter::once(manifest)).collect();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    all
}

/// Files in `out_dir` that writing `all` would replace although the generator did not write
/// them: with no manifest, any entry of a non-empty folder (shown: the first few); with one,
/// the files to be written that exist with other bytes and are not listed.
fn not_owned(out_dir: &Path, all: &[&OutputFile], previous: &BTreeSet<String>) -> Vec<String> {
    const SHOWN: usize = 5;
    if !out_dir.join(MANIFEST).is_file() {
        let Ok(rd) = std::fs::read_dir(out_dir) else { return Vec::new() };
        let mut names: Vec<String> =
            rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names.truncate(SHOWN);
        return names;
    }
    all.iter()
        .filter(|f| !previous.contains(&f.path) && f.path != MANIFEST)
        .filter(|f| {
            let target = out_dir.join(&f.path);
            std::fs::symlink_metadata(&target).is_ok() && !same_content(&target, f.contents.as_bytes())
        })
        .map(|f| f.path.clone())
        .take(SHOWN)
        .collect()
}

/// Writes `files` into `out_dir` (see the module docs for the guarantees).
///
/// # Errors
/// An unsafe or duplicate path; [`WriteError::NotOwned`] when the folder holds files the
/// generator did not write and `force` is off (nothing is written then); an I/O failure (the
/// previous output is left as it was, see the module docs).
pub fn write(out_dir: &Path, files: &[OutputFile], force: bool) -> Result<WriteReport, WriteError> {
    let _stage = tracing::info_span!("write").entered();
    let manifest = manifest(files)?;
    let all = with_manifest(files, &manifest);
    let previous = previous_manifest(out_dir);
    if !force {
        let foreign = not_owned(out_dir, &all, &previous);
        if !foreign.is_empty() {
            return Err(WriteError::NotOwned { dir: out_dir.display().to_string(), files: foreign });
        }
    }
    let mut report = WriteReport::default();

    // Stage: write every changed file to a temporary beside its target.
    let mut staged: Vec<(PathBuf, PathBuf, &str)> = Vec::new();
    let result = (|| {
        for f in &all {
            let target = out_dir.join(&f.path);
            if same_content(&target, f.contents.as_bytes()) {
                report.unchanged.push(f.path.clone());
                continue;
            }
            let dir = target.parent().unwrap_or(out_dir);
            std::fs::create_dir_all(dir).map_err(io(dir))?;
            let mut tmp =
                tempfile::Builder::new().prefix(".codegen-").suffix(".tmp").tempfile_in(dir).map_err(io(dir))?;
            tmp.write_all(f.contents.as_bytes()).map_err(io(&target))?;
            set_mode(tmp.as_file(), &target).map_err(io(&target))?;
            tmp.as_file().sync_all().map_err(io(&target))?;
            let (_, tmp_path) =
                tmp.keep().map_err(|e| WriteError::Io { path: target.display().to_string(), source: e.error })?;
            staged.push((tmp_path, target, f.path.as_str()));
        }
        Ok::<(), WriteError>(())
    })();
    if let Err(e) = result {
        for (tmp, _, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(e);
    }
    // Commit: rename each staged file into place (atomic per file).
    for (i, (tmp, target, path)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, target) {
            for (t, _, _) in &staged[i..] {
                let _ = std::fs::remove_file(t);
            }
            return Err(WriteError::Io { path: target.display().to_string(), source: e });
        }
        report.written.push((*path).to_owned());
    }
    // Remove stale files the previous run wrote and this one does not.
    let now: BTreeSet<&str> = all.iter().map(|f| f.path.as_str()).collect();
    for old in &previous {
        if !now.contains(old.as_str()) {
            let p = out_dir.join(old);
            match std::fs::remove_file(&p) {
                Ok(()) => {
                    report.removed.push(old.clone());
                    remove_empty_parents(out_dir, &p);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(WriteError::Io { path: p.display().to_string(), source: e }),
            }
        }
    }
    Ok(report)
}

/// Writes one file atomically (temporary + rename) unless it already has these bytes. No
/// manifest: for single outputs such as `codegen openapi --out FILE`.
pub fn write_one(dir: &Path, name: &str, contents: &str) -> Result<bool, WriteError> {
    let target = dir.join(name);
    if same_content(&target, contents.as_bytes()) {
        return Ok(false);
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut tmp = tempfile::Builder::new().prefix(".codegen-").suffix(".tmp").tempfile_in(dir).map_err(io(dir))?;
    tmp.write_all(contents.as_bytes()).map_err(io(&target))?;
    set_mode(tmp.as_file(), &target).map_err(io(&target))?;
    tmp.persist(&target).map_err(|e| WriteError::Io { path: target.display().to_string(), source: e.error })?;
    Ok(true)
}

/// Whether the file at `path` holds exactly `bytes`: the length first, then chunk by chunk, so
/// comparing a large output does not read the old copy into memory at once.
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if meta.len() != bytes.len() as u64 {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let mut buf = vec![0u8; 64 * 1024];
    let mut offset = 0;
    while offset < bytes.len() {
        let want = buf.len().min(bytes.len() - offset);
        if file.read_exact(&mut buf[..want]).is_err() || buf[..want] != bytes[offset..offset + want] {
            return false;
        }
        offset += want;
    }
    true
}

/// Temporary files are created private (0600); the output gets the target's existing mode, or
/// an ordinary file's 0644.
fn set_mode(file: &std::fs::File, target: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(target).map(|m| m.permissions().mode() & 0o777).unwrap_or(0o644);
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (file, target);
    Ok(())
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// How the output on disk differs from what would be generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// Would be created.
    Added(String),
    /// Listed by the manifest, would be deleted.
    Removed(String),
    /// Would change; a unified diff.
    Changed { path: String, diff: String },
}

/// Compares `files` with `out_dir` without writing anything.
pub fn check(out_dir: &Path, files: &[OutputFile]) -> Result<Vec<Difference>, WriteError> {
    let manifest = manifest(files)?;
    let all = with_manifest(files, &manifest);
    let mut diffs = Vec::new();
    for f in &all {
        let target = out_dir.join(&f.path);
        match std::fs::read(&target) {
            Ok(old) if old == f.contents.as_bytes() => {}
            Ok(old) => {
                let old = String::from_utf8_lossy(&old);
                let diff = similar::TextDiff::from_lines(old.as_ref(), f.contents.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{}", f.path), &format!("b/{}", f.path))
                    .to_string();
                diffs.push(Difference::Changed { path: f.path.clone(), diff });
            }
            Err(_) => diffs.push(Difference::Added(f.path.clone())),
        }
    }
    let now: BTreeSet<&str> = all.iter().map(|f| f.path.as_str()).collect();
    for old in previous_manifest(out_dir) {
        if !now.contains(old.as_str()) && out_dir.join(&old).exists() {
            diffs.push(Difference::Removed(old));
        }
    }
    Ok(diffs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str, c: &str) -> OutputFile {
        OutputFile { path: p.into(), contents: c.into() }
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for p in ["../x", "/etc/x", "a/../../x", "CON", "src/nul.rs", "a\\b", "a:b", "", "x/./y/.."] {
            assert!(check_path(p).is_err(), "{p}");
        }
        for p in ["Cargo.toml", "src/models/user_dto.rs", ".codegen-manifest"] {
            assert!(check_path(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn writes_only_changes_and_removes_only_owned_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let r = write(dir.path(), &[file("a.rs", "1"), file("sub/b.rs", "2")], false).unwrap();
        assert_eq!(r.written.len(), 3);
        std::fs::write(dir.path().join("README.md"), "mine").unwrap();
        // A file of the user's where a generated file would go is never replaced.
        std::fs::write(dir.path().join("d.rs"), "the user's").unwrap();
        let e = write(dir.path(), &[file("a.rs", "1"), file("d.rs", "4")], false).unwrap_err();
        assert!(e.to_string().contains("`d.rs`"), "{e}");
        assert_eq!(std::fs::read_to_string(dir.path().join("d.rs")).unwrap(), "the user's");
        std::fs::remove_file(dir.path().join("d.rs")).unwrap();
        let r = write(dir.path(), &[file("a.rs", "1"), file("c.rs", "3")], false).unwrap();
        assert_eq!(r.unchanged, vec!["a.rs".to_string()]);
        assert_eq!(r.removed, vec!["sub/b.rs".to_string()]);
        assert!(!dir.path().join("sub").exists());
        assert_eq!(std::fs::read_to_string(dir.path().join("README.md")).unwrap(), "mine");
        assert!(check(dir.path(), &[file("a.rs", "1"), file("c.rs", "3")]).unwrap().is_empty());
        let d = check(dir.path(), &[file("a.rs", "9")]).unwrap();
        assert!(d.iter().any(|x| matches!(x, Difference::Changed { path, diff } if path == "a.rs" && diff.contains("-1") && diff.contains("+9"))));
        assert!(d.iter().any(|x| matches!(x, Difference::Removed(p) if p == "c.rs")));
    }

    #[test]
    fn a_failed_write_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[file("a.rs", "old")], false).unwrap();
        // `a.rs/x` cannot be created because `a.rs` is a file: staging fails.
        let err = write(dir.path(), &[file("b.rs", "new"), file("a.rs/x", "y")], false);
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(dir.path().join("a.rs")).unwrap(), "old");
        assert!(!dir.path().join("b.rs").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_folder_without_a_manifest_is_written_only_when_empty_or_forced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
        let e = write(dir.path(), &[file("Cargo.toml", "generated")], false).unwrap_err();
        assert!(matches!(&e, WriteError::NotOwned { files, .. } if files == &["Cargo.toml"]), "{e}");
        assert!(e.to_string().contains("--force"), "{e}");
        assert_eq!(std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap(), "[package]\nname = \"mine\"\n");
        assert!(!dir.path().join(MANIFEST).exists());
        write(dir.path(), &[file("Cargo.toml", "generated")], true).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap(), "generated");
        // A missing folder is created.
        write(&dir.path().join("new/sub"), &[file("a.rs", "1")], false).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_ordinary_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[file("a.rs", "1")], false).unwrap();
        let mode = std::fs::metadata(dir.path().join("a.rs")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
}
