//! `codegen diff`: what changed in the API between two IRs, classified by what it does to the
//! generated Rust API (breaking, minor, patch), and the version bump that follows.
//!
//! Data flows one way: each IR is seen as the Rust API it renders to (`view`), the two views are
//! matched and compared (`compare`: endpoints by key, DTOs, enums and fields by wire name, renames
//! found by structure), the result is printed (`render`) with the version `version` suggests.
//! `shapes` finds out from the templates which generated types are `#[non_exhaustive]`, which
//! decides whether an addition breaks callers. The rules are listed in the README ("API diff").

#[cfg(feature = "cli")]
pub mod cli;
mod compare;
pub mod render;
pub mod shapes;
pub mod version;
mod view;

pub use shapes::Shapes;

use docir::diag::Loc;
use docir::ir::Api;
use serde::Serialize;

/// How a change affects code written against the previous SDK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    /// Nothing in the Rust API changes (documentation, or what is sent where).
    Patch,
    /// The Rust API grows; code that compiled still compiles.
    Minor,
    /// Code that compiled may no longer compile.
    Breaking,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What changed. The severity of some kinds depends on the generated shapes (see the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Kind {
    ClientAdded,
    ClientRemoved,
    EndpointAdded,
    EndpointRemoved,
    /// The endpoint's key (`module/slug`) changed but its client and route did not.
    EndpointRekeyed,
    MethodRenamed,
    RouteChanged,
    /// An endpoint without parameters gained some: the method takes a request now.
    RequestAdded,
    RequestRemoved,
    ResponseRetyped,
    ParamAdded,
    ParamRemoved,
    ParamRenamed,
    ParamRetyped,
    ParamRequired,
    ParamOptional,
    ParamMoved,
    DtoAdded,
    DtoRemoved,
    DtoRenamed,
    /// A DTO became a request input: it gains `new` and setters.
    DtoConstructorAdded,
    DtoConstructorRemoved,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldRetyped,
    FieldRequired,
    FieldOptional,
    EnumAdded,
    EnumRemoved,
    EnumRenamed,
    EnumValueAdded,
    EnumValueRemoved,
    /// The wire name changed but the Rust identifier did not (`userId` → `user_id`).
    WireNameChanged,
    DefaultChanged,
    DocsChanged,
}

impl Kind {
    /// The kebab-case spelling used in every output format.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One change between the two IRs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub severity: Severity,
    pub kind: Kind,
    /// The endpoint key (`management/create-widget`) when the change is in an endpoint.
    pub endpoint: Option<String>,
    /// What changed, by documented names: `createWidget`, `owner`, `WidgetDto.owner`,
    /// `WidgetDtoKind::CHART`.
    pub item: String,
    /// One sentence for people, naming the Rust items concerned.
    pub message: String,
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
    /// What calls send changes (a route, a parameter's place, a wire name): flagged even when
    /// the Rust API is the same.
    pub behaviour: bool,
    /// Where the item is documented in the old pages, and in the new ones.
    pub old_at: Option<Loc>,
    pub new_at: Option<Loc>,
    /// For changes that read better together (values added to one enum, fields removed from
    /// one model): the heading they share and this change's member.
    #[serde(skip)]
    pub group: Option<(String, String)>,
}

/// The changes from `old` to `new`, most severe first, in a stable order.
pub fn changes(old: &Api, new: &Api, shapes: Shapes) -> Vec<Change> {
    let (o, n) = (view::ApiView::of(old), view::ApiView::of(new));
    let mut out = compare::compare(&o, &n, shapes);
    out.sort_by(|a, b| (b.severity, &a.endpoint, &a.item, a.kind).cmp(&(a.severity, &b.endpoint, &b.item, b.kind)));
    out
}

/// The most severe change, `None` when nothing changed.
pub fn highest(changes: &[Change]) -> Option<Severity> {
    changes.iter().map(|c| c.severity).max()
}
