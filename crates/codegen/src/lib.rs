//! codegen: the IR → OpenAPI and a Rust SDK; the `codegen` CLI and a build.rs API.

pub mod openapi;
