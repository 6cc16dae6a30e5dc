//! Diagnostics: every repair, disagreement and skipped page is reported with its location,
//! never silently guessed.

pub use miette::SourceSpan;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Where a fact came from: a file and a 1-based line, plus the 1-based table cell when it helps,
/// and the bytes it was read from when the reader knows them.
///
/// `file` is the file's name in the build's file table ([`crate::Files`]): relative to
/// the input roots' common folder, the same wherever the checkout lives.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Loc {
    /// The file's name relative to its input root (`seeds/000.md`), as [`crate::Naming`] gives it.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters), where a line alone does not locate the fact (minified HTML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    /// 1-based table cell, where the fact is one cell of a row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<u16>,
    /// Byte range in the file's decoded text (see [`crate::Files`]: UTF-8, `\n` line ends) that
    /// the fact was read from: a cell, a row, a heading, a tag; at least the line. `None` where
    /// no reader saw the text (a merged fact, a configuration entry).
    ///
    /// A detail for showing the place, not part of its identity: two locations at the same
    /// file, line, column and cell are equal whatever their spans, and the IR leaves spans out
    /// (it names places by line, as it always has).
    #[serde(skip)]
    pub span: Option<SourceSpan>,
}

impl Loc {
    /// A location at a 1-based `line` of `file`, without column, cell or span.
    pub fn new(file: &Arc<str>, line: u32) -> Self {
        Loc { file: file.clone(), line, col: None, cell: None, span: None }
    }
    /// The same place, in the 0-based table cell `cell` (shown 1-based).
    pub fn with_cell(mut self, cell: usize) -> Self {
        self.cell = Some(u16::try_from(cell + 1).unwrap_or(u16::MAX));
        self
    }
    /// The same place, with the byte range it covers (kept as is when `span` is `None`).
    pub fn with_span(mut self, span: impl Into<Option<SourceSpan>>) -> Self {
        if let Some(s) = span.into() {
            self.span = Some(s);
        }
        self
    }
    /// What makes two locations the same place (everything but the span).
    fn key(&self) -> (&str, u32, Option<u32>, Option<u16>) {
        (&self.file, self.line, self.col, self.cell)
    }
}

impl PartialEq for Loc {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Loc {}

impl PartialOrd for Loc {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Loc {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl std::hash::Hash for Loc {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(c) = self.col {
            write!(f, ":{c}")?;
        }
        if let Some(c) = self.cell {
            write!(f, " (cell {c})")?;
        }
        Ok(())
    }
}

/// How serious a diagnostic is. Serialized and printed in lower case (`warning`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    /// A repair or decision worth knowing (a joined cell, a merged slug).
    Note,
    /// A guess or disagreement the output may get wrong.
    Warning,
    /// Input that could not be used (an unreadable file, an invalid configuration entry); `lint`
    /// exits non-zero.
    Error,
}

/// Stable diagnostic codes; the JSON output and tests rely on their spelling.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    /// The file could not be decoded or read.
    Unreadable,
    /// The file was decoded from a legacy encoding or had control bytes removed.
    Encoding,
    /// The file is not an endpoint page (include file, hand-written page, ...).
    PageSkipped,
    /// A table cell that was broken across lines was joined back.
    CellJoined,
    /// A table row with missing or extra cells was realigned.
    RowRepaired,
    /// A table row could not be used.
    RowDropped,
    /// A table that broke into a paragraph upstream.
    BrokenTable,
    /// A parameter name lost in a lossy copy was recovered from another copy.
    RowRecovered,
    /// An `!!!include(...)!!!` target could not be found.
    IncludeMissing,
    /// Copies disagree on the client (module) of an endpoint.
    ClientConflict,
    /// A copy is stale (left over upstream) and was not emitted.
    StaleCopy,
    /// Copies disagree on a type.
    TypeConflict,
    /// Copies disagree on whether a parameter or field is required.
    RequiredConflict,
    /// Copies disagree on the set of parameters.
    ParamSetDiffers,
    /// Copies disagree on the response type.
    ResponseConflict,
    /// A type the generator does not know was mapped to a general type.
    UnknownType,
    /// A link to a DTO that no page defines.
    MissingDto,
    /// Two names collide after case conversion.
    NameCollision,
    /// A name had to be changed to become a valid identifier.
    NameChanged,
    /// No page shows the route's method: the fallback rule alone decided it.
    RouteGuessed,
    /// Only stale or hand-written copies document the operation: its route is unconfirmed.
    RouteUnconfirmed,
    /// A method the SDK runs locally (it builds a URL, say): not an API endpoint, left out.
    SdkSideMethod,
    /// A configuration entry (codegen.toml) that matched nothing, or was invalid.
    Config,
    /// The page has no usable method line; the name was derived.
    NameDerived,
    /// Enum values taken from a field of the same name documented elsewhere.
    EnumShared,
    /// Two slugs document the same method; their pages were merged.
    SlugsJoined,
    /// A default value that contradicts its type (`first` on a number); it is left out.
    DefaultInvalid,
    /// Enums with the same values on fields of the same name were rendered as one type.
    EnumMerged,
    /// A value list that is no enum: examples, an open list, the parts of a multi-value
    /// string, values the field's type contradicts, values only a minority of copies list.
    EnumRejected,
    /// A list endpoint got a helper that walks its pages.
    Paginated,
    /// SDK-side operations (hand-written pages): read, merged, or not tied to the runtime.
    SdkOperation,
    /// A page that claims to document an endpoint (a method line, a request or response
    /// section) but lacks the sections or tables that would say what the endpoint takes or gives.
    PageIncomplete,
    /// A table cut off: the file ends inside one of its rows.
    TableTruncated,
    /// A code span left open (an unclosed backtick) that would swallow the text after it.
    UnclosedCode,
    /// No page evidence names the endpoint's client: it was put in an invented default one.
    ClientInvented,
}

impl Code {
    /// The code as printed in brackets and JSON (`client-conflict`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Another location involved in a diagnostic (the other copy in a conflict, say).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Related {
    /// The other location.
    pub at: Loc,
    /// What it is (`the other copy says string`).
    pub note: String,
}

/// A repair, disagreement, guess or skipped page, with where it happened.
///
/// Printed as `severity[code]: message at file:line` ([`std::fmt::Display`]); serialized as
/// this struct in `lint --format json`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The stable code (`type-conflict`): what kind of finding it is.
    pub code: Code,
    /// What happened, in one sentence that names the fact.
    pub message: String,
    /// Where it happened.
    pub at: Loc,
    /// Other locations involved (the other copies in a conflict).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A diagnostic of `severity`.
    pub fn new(severity: Severity, code: Code, at: Loc, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, message: message.into(), at, related: Vec::new() }
    }
    /// A note.
    pub fn note(code: Code, at: Loc, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, at, message)
    }
    /// A warning.
    pub fn warning(code: Code, at: Loc, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, at, message)
    }
    /// An error.
    pub fn error(code: Code, at: Loc, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, at, message)
    }
    /// Adds another location involved, and what it is.
    pub fn related(mut self, at: Loc, note: impl Into<String>) -> Self {
        self.related.push(Related { at, note: note.into() });
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {} at {}", self.severity, self.code.as_str(), self.message, self.at)?;
        for r in &self.related {
            write!(f, "; {} at {}", r.note, r.at)?;
        }
        Ok(())
    }
}

/// Sorts and de-duplicates so that output does not depend on the order pages were read.
pub fn normalize(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.at.file, a.at.line, a.at.cell, a.code, &a.message, a.severity, &a.related)
            .cmp(&(&b.at.file, b.at.line, b.at.cell, b.code, &b.message, b.severity, &b.related))
    });
    diags.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn codes_print_parse_and_serialize_by_one_name() {
        for c in Code::iter() {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
            assert_eq!(c.as_str().parse::<Code>(), Ok(c));
        }
        assert_eq!(Code::ParamSetDiffers.as_str(), "param-set-differs");
        assert!("no-such-code".parse::<Code>().is_err());
        for s in [Severity::Note, Severity::Warning, Severity::Error] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.to_string());
        }
    }
}
