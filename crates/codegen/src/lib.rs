//! codegen: the IR → OpenAPI and a Rust SDK; the `codegen` CLI and a build.rs API.

pub mod openapi;
pub mod rust;

/// One generated file: a path relative to the output folder (`/`-separated) and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: String,
}
