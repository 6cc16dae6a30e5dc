//! Harness of the SDK runtime: `error.rs`, `number.rs`, `runtime.rs`, `oidc.rs`, `cas.rs`, `saml.rs`, `events.rs` and `paging.rs` are copied verbatim
//! into every generated crate (as progenitor keeps `progenitor-client`), and compiled and
//! unit-tested here on their own, at the same paths (`crate::Error`, `crate::Number`).
//!
//! The generated crate's `lib.rs` declares the same modules and re-exports; this file is not
//! copied.

// The clients of a generated crate use every item; here nothing calls some of them.
#![allow(dead_code)]

pub mod cas;
mod error;
pub mod events;
mod number;
pub mod oidc;
pub mod paging;
mod runtime;
pub mod saml;

pub use error::{ApiError, Error};
pub use number::Number;
pub use runtime::{Lang, RetryPolicy};
