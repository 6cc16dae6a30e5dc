//! codegen: the IR → OpenAPI and a Rust SDK; the `codegen` CLI and a build.rs API.

pub use builder::{Builder, Error, Generated, Layout};

pub mod builder;
pub mod config;
pub mod diff;
pub mod module;
pub mod openapi;
pub mod report;
pub mod rust;
pub mod write;

/// One generated file: a path relative to the output folder (`/`-separated) and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: String,
}
