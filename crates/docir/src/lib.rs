//! docir: documentation pages in every shape → one normalized endpoint IR.
//!
//! Data flows one way: files (`source`) → blocks (`read::*`) → page sections (`page`) →
//! per-page endpoint facts (`lower`) → merged IR (`merge`), with diagnostics at every step.

pub mod blocks;
pub mod cells;
pub mod client_auth;
pub mod diag;
pub mod infer;
pub mod ir;
pub mod lower;
pub mod merge;
pub mod page;
pub mod pipeline;
pub mod read;
pub mod route;
pub mod rows;
pub mod sdk_ops;
pub mod source;
pub mod vocab;

pub use pipeline::{Build, InputError, Stats, build, build_in_memory};
