//! docir: documentation pages in every shape → one normalized endpoint IR.
//!
//! Data flows one way: files (`source`) → blocks (`read::*`) → page sections (`page`) →
//! per-page endpoint facts (`lower`) → merged IR (`merge`), with diagnostics at every step.
//!
//! The API is small: [`build`] (a set of input folders or files) and [`build_in_memory`]
//! (pages already read) return a [`Build`]: the merged [`ir::Api`] and the [`diag::Diagnostic`]s
//! of every step. [`discover`] lists the pages of a folder as [`build`] finds them, [`Naming`]
//! names files relative to their input roots, and [`route_confidence`] re-rates a route whose
//! evidence was edited (by configuration).
#![deny(missing_docs)]

mod blocks;
mod cells;
mod client_auth;
pub mod diag;
mod infer;
pub mod ir;
mod lower;
mod merge;
mod page;
mod pipeline;
mod read;
mod route;
mod rows;
mod sdk_ops;
mod source;
mod vocab;

pub use blocks::Format;
pub use pipeline::{Build, InputError, Stats, build, build_in_memory};
pub use read::detect;
pub use route::confidence as route_confidence;
pub use source::{FileId, Files, Naming, discover};

/// The readers' building blocks, for this workspace's benchmarks and examples only: not part
/// of the API, may change with any release.
#[doc(hidden)]
pub mod internals {
    pub use crate::blocks::BlockKind;
    pub use crate::read::{html, read};
    pub use crate::source::{SourceFile, from_bytes};
}
