//! Printing diagnostics: like rustc (through miette: snippet and caret, related locations as
//! their own snippets; feature `cli`), as JSON Lines (one object per diagnostic), as one short
//! line each, or as a per-code summary.

use docir::diag::{Code, Diagnostic, Severity};
#[cfg(feature = "cli")]
pub use human::{Sources, human};
use std::collections::BTreeMap;

/// A compact one-line form: `file:line: warning[code]: message`.
pub fn short(d: &Diagnostic) -> String {
    format!("{}: {}[{}]: {}", d.at, d.severity, d.code.as_str(), d.message)
}

/// One JSON object per diagnostic, one per line (JSON Lines).
pub fn json(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let loc =
            |l: &docir::diag::Loc| serde_json::json!({"file": l.file, "line": l.line, "col": l.col, "cell": l.cell});
        let mut v = serde_json::json!({
            "severity": d.severity,
            "code": d.code,
            "message": d.message,
            "file": d.at.file,
            "line": d.at.line,
            "col": d.at.col,
            "cell": d.at.cell,
            "related": d.related.iter().map(|r| { let mut o = loc(&r.at); o["note"] = serde_json::json!(r.note); o }).collect::<Vec<_>>(),
        });
        if let Some(o) = v.as_object_mut() {
            o.retain(|_, v| !v.is_null());
        }
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

/// `3 errors, 1 warning, 0 notes`.
pub fn counts(diags: &[Diagnostic]) -> String {
    let n = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    format!(
        "{}, {}, {}",
        plural(n(Severity::Error), "error"),
        plural(n(Severity::Warning), "warning"),
        plural(n(Severity::Note), "note")
    )
}

/// A table of how many diagnostics of each code and severity there are, most severe first.
pub fn summary(diags: &[Diagnostic]) -> String {
    let mut by_code: BTreeMap<Code, [usize; 3]> = BTreeMap::new();
    for d in diags {
        by_code.entry(d.code).or_default()[d.severity as usize] += 1;
    }
    let mut rows: Vec<(Code, [usize; 3])> = by_code.into_iter().collect();
    rows.sort_by_key(|(c, n)| (std::cmp::Reverse((n[2], n[1], n[0])), *c));
    let width = rows.iter().map(|(c, _)| c.as_str().len()).max().unwrap_or(4).max(4);
    let mut out = format!("{:<width$}  {:>6}  {:>8}  {:>6}\n", "code", "errors", "warnings", "notes");
    for (c, n) in rows {
        out.push_str(&format!("{:<width$}  {:>6}  {:>8}  {:>6}\n", c.as_str(), n[2], n[1], n[0]));
    }
    out
}

#[cfg(feature = "cli")]
mod human {
    use docir::diag::{Diagnostic, Loc, Severity};
    use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
    use std::collections::HashMap;
    use std::fmt;
    use std::path::PathBuf;
    use std::sync::Arc;

    /// Lines longer than this are shown as a window around the reported column.
    pub(super) const WINDOW: usize = 160;

    /// Reads the files diagnostics point to, once each. Diagnostics name files relative to the
    /// input roots; the table maps those names to paths on disk.
    #[derive(Default)]
    pub struct Sources {
        paths: HashMap<Arc<str>, PathBuf>,
        files: HashMap<String, Option<String>>,
    }

    impl Sources {
        /// Sources found through a table of (name in diagnostics, path on disk).
        pub fn new(table: impl IntoIterator<Item = (Arc<str>, PathBuf)>) -> Self {
            Sources { paths: table.into_iter().collect(), files: HashMap::new() }
        }

        fn text(&mut self, file: &str) -> Option<&str> {
            let path = self.paths.get(file).cloned().unwrap_or_else(|| PathBuf::from(file));
            self.files
                .entry(file.to_owned())
                .or_insert_with(|| std::fs::read(&path).ok().map(|b| String::from_utf8_lossy(&b).replace("\r\n", "\n")))
                .as_deref()
        }
    }

    /// One diagnostic as miette sees it.
    #[derive(Debug)]
    struct Report {
        message: String,
        code: String,
        severity: miette::Severity,
        src: Option<NamedSource<String>>,
        label: Option<LabeledSpan>,
        related: Vec<Report>,
    }

    impl fmt::Display for Report {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.message)
        }
    }

    impl std::error::Error for Report {}

    impl miette::Diagnostic for Report {
        fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
            Some(Box::new(&self.code))
        }
        fn severity(&self) -> Option<miette::Severity> {
            Some(self.severity)
        }
        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            self.label.clone().map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = LabeledSpan>>)
        }
        fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
            if self.related.is_empty() {
                None
            } else {
                Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
            }
        }
    }

    /// A snippet of `text` around `at`, as a source whose line numbers are the file's (the lines
    /// before are kept as empty lines), and the span to underline.
    fn snippet(text: &str, at: &Loc) -> Option<(String, SourceSpan)> {
        let lines: Vec<&str> = text.split('\n').collect();
        let idx = (at.line as usize).checked_sub(1).filter(|&i| i < lines.len())?;
        let first = idx.saturating_sub(1);
        let last = (idx + 1).min(lines.len() - 1);
        let mut out = "\n".repeat(first);
        let mut span = SourceSpan::from((0, 0));
        for (i, line) in lines.iter().enumerate().take(last + 1).skip(first) {
            if i > first {
                out.push('\n');
            }
            if i == idx {
                let (shown, start, len) = target(line, at);
                span = SourceSpan::from((out.len() + start, len.max(1)));
                out.push_str(&shown);
            } else {
                out.push_str(&window(line, 0).0);
            }
        }
        Some((out, span))
    }

    /// The part of a line to show (windowed when long) and the byte range to underline in it.
    pub(super) fn target(line: &str, at: &Loc) -> (String, usize, usize) {
        let chars: Vec<char> = line.chars().collect();
        // Start: the column, else the start of the cell, else the first non-blank character.
        let mut start = at.col.map(|c| (c as usize).saturating_sub(1)).unwrap_or(0);
        let mut end;
        if let (None, Some(cell)) = (at.col, at.cell) {
            let pipes: Vec<usize> = chars.iter().enumerate().filter(|(_, c)| **c == '|').map(|(i, _)| i).collect();
            let lead = if line.trim_start().starts_with('|') { 1 } else { 0 };
            let k = cell as usize - 1 + lead;
            if k >= 1 && k < pipes.len() {
                start = pipes[k - 1] + 1;
                end = pipes[k];
            } else {
                end = chars.len();
            }
        } else if at.col.is_none() {
            start = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(0);
            end = chars.len();
        } else {
            end = (start..chars.len()).find(|&i| chars[i] == '<' && i > start).unwrap_or(chars.len()).min(start + 60);
        }
        while start < end && chars[start].is_whitespace() {
            start += 1;
        }
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        let (shown, offset) = window(line, start);
        let prefix: usize = shown.chars().take(start - offset + usize::from(offset > 0)).map(char::len_utf8).sum();
        let visible_end = end.min(offset + WINDOW);
        let len: usize =
            chars[start.min(chars.len())..visible_end.max(start).min(chars.len())].iter().map(|c| c.len_utf8()).sum();
        (shown, prefix, len)
    }

    /// At most `WINDOW` characters of `line` around character `around`, with `…` where cut.
    /// Returns the text and the index of its first character in the line.
    fn window(line: &str, around: usize) -> (String, usize) {
        let n = line.chars().count();
        if n <= WINDOW {
            return (line.to_owned(), 0);
        }
        let from = around.saturating_sub(WINDOW / 4).min(n.saturating_sub(WINDOW));
        let mut s = String::new();
        if from > 0 {
            s.push('…');
        }
        s.extend(line.chars().skip(from).take(WINDOW));
        if from + WINDOW < n {
            s.push('…');
        }
        (s, from)
    }

    fn severity(s: Severity) -> miette::Severity {
        match s {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        }
    }

    fn report(
        sources: &mut Sources,
        message: String,
        code: String,
        sev: miette::Severity,
        at: &Loc,
        label: &str,
    ) -> Report {
        match sources.text(&at.file).and_then(|t| snippet(t, at).map(|s| (s, t))) {
            Some(((text, span), whole)) => {
                // A long line is shown as a window, where miette counts columns from the window's
                // start: the label then says where the place really is.
                let windowed = whole.split('\n').nth(at.line as usize - 1).is_some_and(|l| l.chars().count() > WINDOW);
                let label = if windowed { format!("{label} ({at})") } else { label.to_owned() };
                Report {
                    message,
                    code,
                    severity: sev,
                    src: Some(NamedSource::new(&at.file, text)),
                    label: Some(LabeledSpan::new_with_span(Some(label), span)),
                    related: Vec::new(),
                }
            }
            // The file cannot be shown (gone, or the line is past its end): name the place.
            None => Report {
                message: format!("{message}\n  --> {at}"),
                code,
                severity: sev,
                src: None,
                label: None,
                related: Vec::new(),
            },
        }
    }

    /// Renders diagnostics for a terminal, like rustc.
    pub fn human(diags: &[Diagnostic], sources: &mut Sources) -> String {
        let handler =
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_context_lines(1).with_width(120);
        let mut out = String::new();
        for d in diags {
            let mut r =
                report(sources, d.message.clone(), d.code.as_str().to_owned(), severity(d.severity), &d.at, "here");
            for rel in &d.related {
                r.related.push(report(
                    sources,
                    rel.note.clone(),
                    d.code.as_str().to_owned(),
                    miette::Severity::Advice,
                    &rel.at,
                    &rel.note,
                ));
            }
            let _ = handler.render_report(&mut out, &r);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "cli")]
    use super::human::{WINDOW, target};
    use super::*;
    use docir::diag::{Code, Loc};
    use std::sync::Arc;

    #[test]
    fn summary_counts_per_code_most_severe_first() {
        let f: Arc<str> = Arc::from("a.md");
        let d = vec![
            Diagnostic::note(Code::CellJoined, Loc::new(&f, 1), "x"),
            Diagnostic::note(Code::CellJoined, Loc::new(&f, 2), "x"),
            Diagnostic::warning(Code::UnknownType, Loc::new(&f, 3), "x"),
        ];
        let s = summary(&d);
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines[1].starts_with("unknown-type") && lines[1].ends_with(" 1       0"), "{s}");
        assert!(lines[2].starts_with("cell-joined") && lines[2].ends_with(" 2"), "{s}");
        assert_eq!(counts(&d), "0 errors, 1 warning, 2 notes");
    }

    #[cfg(feature = "cli")]
    #[test]
    fn human_output_shows_the_line_and_a_caret_under_the_cell() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("p.md");
        std::fs::write(&f, "# T\n\n| a | b |\n|---|---|\n| x | boolean |\n").unwrap();
        let file: Arc<str> = Arc::from(f.to_string_lossy().as_ref());
        let d = Diagnostic::warning(Code::UnknownType, Loc::new(&file, 5).with_cell(1), "unknown type");
        let out = human(&[d], &mut Sources::default());
        assert!(out.contains("unknown-type"), "{out}");
        assert!(out.contains(" 5 │ | x | boolean |"), "{out}");
        assert!(out.contains("───┬───"), "{out}");
    }

    #[cfg(feature = "cli")]
    #[test]
    fn long_lines_are_windowed_around_the_column() {
        let line = format!("{}<tr>{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, start, len) = target(&line, &Loc { col: Some(5001), ..Loc::new(&Arc::from("x"), 1) });
        assert!(shown.chars().count() <= WINDOW + 2);
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("p.html");
        std::fs::write(&f, &line).unwrap();
        let file: Arc<str> = Arc::from(f.to_string_lossy().as_ref());
        let d = Diagnostic::note(Code::RowRepaired, Loc { col: Some(5001), ..Loc::new(&file, 1) }, "repaired");
        let out = human(&[d], &mut Sources::default());
        assert!(out.contains(":1:5001)"), "the label names the real column: {out}");
        assert_eq!(&shown[start..start + 1], "<");
        assert!(len >= 1);
    }

    #[test]
    fn json_lines() {
        let d = Diagnostic::error(Code::Unreadable, Loc::new(&Arc::from("a.md"), 3), "bad");
        let out = json(&[d]);
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["code"], "unreadable");
        assert_eq!(v["line"], 3);
        assert_eq!(v["severity"], "error");
    }
}
