//! The three output formats of `codegen diff`: for a terminal (one line per change with its
//! location, grouped by severity), a changelog section in Markdown, and JSON for tools.

use super::version::Bump;
use super::{Change, Kind, Severity};
use docir::diag::Loc;
use semver::Version;
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The changes with the version they lead to.
pub struct Report<'a> {
    pub changes: &'a [Change],
    /// The version in `codegen.toml` (the last release) and the one suggested.
    pub from: Version,
    pub to: Version,
    pub bump: Bump,
}

impl Report<'_> {
    fn count(&self, s: Severity) -> usize {
        self.changes.iter().filter(|c| c.severity == s).count()
    }

    /// `2 breaking, 1 minor, 3 patch (1 behaviour); suggested version 0.1.0 → 0.2.0 (minor bump)`.
    pub fn summary(&self) -> String {
        let behaviour = self.changes.iter().filter(|c| c.behaviour).count();
        let mut s = format!(
            "{} breaking, {} minor, {} patch ({behaviour} changing what is sent)",
            self.count(Severity::Breaking),
            self.count(Severity::Minor),
            self.count(Severity::Patch),
        );
        match self.bump {
            Bump::None => write!(s, "; no change: version stays {}", self.from),
            b => write!(s, "; suggested version {} → {} ({} bump{})", self.from, self.to, b.as_str(), zero_note(self)),
        }
        .ok();
        s
    }
}

fn zero_note(r: &Report<'_>) -> &'static str {
    match (r.from.major, r.from.minor, super::highest(r.changes)) {
        (0, 0, Some(_)) => ": on 0.0.x every release is breaking",
        (0, _, Some(Severity::Breaking)) => ": on 0.x the minor number is the breaking one",
        (0, _, Some(Severity::Minor)) => ": on 0.x additions bump the patch number",
        _ => "",
    }
}

/// `new.md:12: breaking[kind]: message (was old.md:14)`: where the item is now, else where it was.
fn line(c: &Change) -> String {
    let at = c.new_at.as_ref().or(c.old_at.as_ref()).map_or("<ir>".to_owned(), Loc::to_string);
    let was = match (&c.old_at, &c.new_at) {
        (Some(o), Some(n)) if o != n => format!(" (was {o})"),
        _ => String::new(),
    };
    let flag = if c.behaviour { " (behaviour)" } else { "" };
    format!("{at}: {}[{}]{flag}: {}{was}", c.severity.as_str(), c.kind.as_str(), c.message)
}

const GROUPS: [(Severity, &str); 3] =
    [(Severity::Breaking, "Breaking changes"), (Severity::Minor, "Minor changes"), (Severity::Patch, "Patch changes")];

/// For a terminal: a heading per severity, then one line per change, located like rustc
/// (`file:line: breaking[kind]: message (was file:line)`), then the summary.
pub fn human(r: &Report<'_>) -> String {
    let mut out = String::new();
    for (sev, title) in GROUPS {
        let group: Vec<&Change> = r.changes.iter().filter(|c| c.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title} ({}):", group.len());
        for c in group {
            let _ = writeln!(out, "  {}", line(c));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "codegen diff: {}", r.summary());
    out
}

/// Text from the pages inside Markdown: one line, no HTML.
fn md(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ").replace('<', "&lt;").replace('>', "&gt;");
    // A changelog line starts with a capital.
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A changelog section ready to paste: `## [0.2.0]` then Breaking, Added, Changed (what calls
/// send) and Fixed (documentation, one line per endpoint or model).
pub fn markdown(r: &Report<'_>) -> String {
    let mut out = format!("## [{}]\n", r.to);
    let section = |out: &mut String, title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = write!(out, "\n### {title}\n\n");
            for l in lines {
                let _ = writeln!(out, "- {l}");
            }
        }
    };
    // Changes of one group (values added to one enum, ...) make one line.
    let of = |f: &dyn Fn(&Change) -> bool| -> Vec<String> {
        let mut lines: Vec<(Option<&str>, Vec<&Change>)> = Vec::new();
        for c in r.changes.iter().filter(|c| f(c)) {
            let heading = c.group.as_ref().map(|(h, _)| h.as_str());
            match lines.iter_mut().find(|(h, _)| heading.is_some() && *h == heading) {
                Some((_, cs)) => cs.push(c),
                None => lines.push((heading, vec![c])),
            }
        }
        lines
            .into_iter()
            .map(|(heading, cs)| match (heading, cs.as_slice()) {
                (Some(h), [_, _, ..]) => {
                    let members: Vec<String> =
                        cs.iter().filter_map(|c| c.group.as_ref()).map(|(_, m)| format!("`{m}`")).collect();
                    md(&format!("{h}: {}", members.join(", ")))
                }
                _ => md(&cs[0].message),
            })
            .collect()
    };
    let docs = |c: &Change| matches!(c.kind, Kind::DocsChanged | Kind::DefaultChanged);
    section(&mut out, "Breaking", of(&|c| c.severity == Severity::Breaking));
    section(&mut out, "Added", of(&|c| c.severity == Severity::Minor));
    section(&mut out, "Changed", of(&|c| c.severity == Severity::Patch && !docs(c)));
    // Documentation: one line per endpoint or model, naming what changed in it.
    let mut by_owner: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in r.changes.iter().filter(|c| docs(c)) {
        // Items are `method.param`, `Dto.field`, `Enum::VALUE`, or the endpoint or model itself.
        let (owner, member) = match c.item.split_once("::").or_else(|| c.item.split_once('.')) {
            Some((o, m)) => (o, Some(m)),
            None => (c.item.as_str(), None),
        };
        let owner = match &c.endpoint {
            Some(k) => format!("`{k}`"),
            None => format!("`{owner}`"),
        };
        let what = match (c.kind, member) {
            (Kind::DefaultChanged, Some(m)) => format!("default of `{m}`"),
            (_, Some(m)) => format!("`{m}`"),
            (_, None) => "description".to_owned(),
        };
        by_owner.entry(owner).or_default().push(what);
    }
    let lines = by_owner.into_iter().map(|(o, w)| md(&format!("Documentation of {o}: {}", w.join(", ")))).collect();
    section(&mut out, "Fixed", lines);
    if r.changes.is_empty() {
        out.push_str("\nNo change to the API.\n");
    }
    out
}

fn loc(side: &str, l: &Loc) -> serde_json::Value {
    let mut v = json!({ "side": side, "file": l.file, "line": l.line });
    if let Some(c) = l.cell {
        v["cell"] = json!(c);
    }
    v
}

/// One JSON object: the suggested bump, the versions, counts and every change.
pub fn json(r: &Report<'_>) -> String {
    let changes: Vec<serde_json::Value> = r
        .changes
        .iter()
        .map(|c| {
            let locations: Vec<serde_json::Value> =
                c.old_at.iter().map(|l| loc("old", l)).chain(c.new_at.iter().map(|l| loc("new", l))).collect();
            json!({
                "severity": c.severity,
                "kind": c.kind,
                "endpoint": c.endpoint,
                "item": c.item,
                "message": c.message,
                "old": c.old,
                "new": c.new,
                "behaviour": c.behaviour,
                "locations": locations,
            })
        })
        .collect();
    let v = json!({
        "suggested_bump": r.bump,
        "from": r.from.to_string(),
        "to": r.to.to_string(),
        "summary": {
            "breaking": r.count(Severity::Breaking),
            "minor": r.count(Severity::Minor),
            "patch": r.count(Severity::Patch),
        },
        "changes": changes,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
