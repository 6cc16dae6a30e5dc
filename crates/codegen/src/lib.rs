//! codegen: the IR → OpenAPI and a Rust SDK; the `codegen` CLI and a build.rs API.
//!
//! One path for every caller: [`Builder`] → [`Builder::load`] (pages read, `codegen.toml`
//! applied, everything named: every diagnostic known, nothing written) → [`Loaded`]
//! (`sdk()`, `openapi()`, `ir_json()`) → files. The `codegen` binary (feature `cli`, on by
//! default) is a thin shell over it; a build script depends on the crate with
//! `default-features = false` and gets none of the CLI's dependencies.

pub use builder::{Builder, Error, Generated, Layout, Loaded};

pub mod builder;
pub mod config;
pub mod diff;
pub mod module;
pub mod openapi;
pub mod report;
pub mod rust;
pub mod write;

/// The crate name when neither the caller nor `codegen.toml` gives one.
pub const DEFAULT_CRATE_NAME: &str = "api-sdk";

/// One generated file: a path relative to the output folder (`/`-separated) and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: String,
}
