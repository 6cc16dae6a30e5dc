//! What the fixture-crate tests share: where the repository is, and the check that a committed
//! crate under `generated/` is exactly what its fixture pages generate.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the fixture folders and `generated/` are relative to it).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `codegen check ARGS` at the repository root and fails, naming the command that
/// regenerates it, when the committed crate differs from what the pages generate.
pub fn assert_committed_crate_is_fresh(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_codegen")).arg("check").args(args).current_dir(repo()).output().unwrap();
    assert!(
        out.status.success(),
        "stale; run `cargo run -p codegen -- generate {}`\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout)
    );
}
