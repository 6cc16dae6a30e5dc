//! Generates the SDK from the repository's pages into `$OUT_DIR/authing_sdk.rs` on every build
//! where a page, folder or template changed (and only then: cargo reruns this script when one
//! of the `rerun-if-changed` paths changes, and unchanged output is not rewritten).

fn main() {
    let generated = codegen::Builder::new()
        .input("../../docs-input")
        .crate_name("authing_sdk")
        .crate_version(env!("CARGO_PKG_VERSION"))
        .emit_rerun_if_changed(true)
        .write();
    if let Err(e) = generated {
        panic!("{e}");
    }
}
