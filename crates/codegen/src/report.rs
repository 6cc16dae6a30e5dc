//! Printing diagnostics: like rustc (through miette: snippet and caret, related locations as
//! their own snippets; feature `cli`), as JSON Lines (one object per diagnostic), as one short
//! line each, or as a per-code summary.

use docir::diag::{Code, Diagnostic, Severity};
#[cfg(feature = "cli")]
pub use human::human;
use std::collections::BTreeMap;

/// A compact one-line form: `file:line: warning[code]: message`.
pub fn short(d: &Diagnostic) -> String {
    format!("{}: {}[{}]: {}", d.at, d.severity, d.code.as_str(), d.message)
}

/// One JSON object per diagnostic, one per line (JSON Lines). `span` is the byte range
/// (`start`, `end`) in the file's decoded text (UTF-8, `\n` line ends), where known.
pub fn json(diags: &[Diagnostic]) -> String {
    let span =
        |l: &docir::diag::Loc| l.span.map(|s| serde_json::json!({"start": s.offset(), "end": s.offset() + s.len()}));
    let mut out = String::new();
    for d in diags {
        let loc = |l: &docir::diag::Loc| {
            let mut o = serde_json::json!({"file": l.file, "line": l.line, "col": l.col, "cell": l.cell});
            if let Some(s) = span(l) {
                o["span"] = s;
            }
            o
        };
        let mut v = serde_json::json!({
            "severity": d.severity,
            "code": d.code,
            "message": d.message,
            "file": d.at.file,
            "line": d.at.line,
            "col": d.at.col,
            "cell": d.at.cell,
            "span": span(&d.at),
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
    use docir::Files;
    use docir::diag::{Diagnostic, Loc, Severity};
    use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
    use std::fmt;
    use std::ops::Range;
    use std::sync::Arc;

    /// Lines longer than this are shown as a window around the reported place.
    pub(super) const WINDOW: usize = 160;

    /// One diagnostic as miette sees it.
    #[derive(Debug)]
    struct Report {
        message: String,
        code: String,
        severity: miette::Severity,
        src: Option<NamedSource<Arc<str>>>,
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

    /// The line of `text` holding byte `offset`, without its `\n`.
    fn line_at(text: &str, offset: usize) -> Range<usize> {
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        start..end
    }

    /// What miette shows for `span` of `text`: the file's text itself; or, when a line shown
    /// (the span's first line and one either side) is longer than [`WINDOW`] characters
    /// (minified HTML), an excerpt with those lines cut to a window around the span, whose line
    /// numbers are still the file's (the lines before are kept as empty lines). miette shows
    /// whole lines, however long: the window is ours. Returns the source, the span in it, and
    /// whether the span's line is windowed (miette's column is then not the file's).
    fn snippet(text: &Arc<str>, span: SourceSpan) -> (Arc<str>, SourceSpan, bool) {
        let cur = line_at(text, span.offset());
        let prev = (cur.start > 0).then(|| line_at(text, cur.start - 1));
        let next = (cur.end < text.len()).then(|| line_at(text, cur.end + 1));
        let long = |r: &Range<usize>| text[r.clone()].chars().nth(WINDOW).is_some();
        if ![prev.as_ref(), Some(&cur), next.as_ref()].into_iter().flatten().any(long) {
            return (text.clone(), span, false);
        }
        let first = prev.as_ref().map_or(cur.start, |p| p.start);
        let mut out = "\n".repeat(text.as_bytes()[..first].iter().filter(|&&b| b == b'\n').count());
        if let Some(p) = prev {
            out.push_str(&window(&text[p], 0).0);
            out.push('\n');
        }
        // The span within its first line, in characters.
        let line = &text[cur.clone()];
        let from = text[cur.start..span.offset()].chars().count();
        let to = from + text[span.offset()..(span.offset() + span.len()).min(cur.end)].chars().count();
        let (shown, offset) = window(line, from);
        let lead = usize::from(offset > 0);
        let byte = |c: usize| shown.char_indices().nth(c + lead - offset).map_or(shown.len(), |(i, _)| i);
        let visible_to = to.min(offset + WINDOW).max(from);
        let under = SourceSpan::from(out.len() + byte(from)..out.len() + byte(visible_to));
        out.push_str(&shown);
        if let Some(n) = next {
            out.push('\n');
            out.push_str(&window(&text[n], 0).0);
        }
        (Arc::from(out), under, offset > 0 || long(&cur))
    }

    /// At most `WINDOW` characters of `line` around character `around`, with `…` where cut.
    /// Returns the text and the index of its first character in the line.
    pub(super) fn window(line: &str, around: usize) -> (String, usize) {
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

    fn report(files: &Files, message: String, code: String, sev: miette::Severity, at: &Loc, label: &str) -> Report {
        let found = files.of(at).and_then(|f| Some((&f.name, f.text.as_ref()?, files.span_of(at)?)));
        match found {
            Some((name, text, span)) => {
                let (src, span, windowed) = snippet(text, span);
                // In a window miette counts columns from the window's start: the label then
                // says where the place really is.
                let label = if windowed { format!("{label} ({at})") } else { label.to_owned() };
                Report {
                    message,
                    code,
                    severity: sev,
                    src: Some(NamedSource::new(name.as_ref(), src)),
                    label: Some(LabeledSpan::new_with_span(Some(label), span)),
                    related: Vec::new(),
                }
            }
            // The file is not in the table or has no text there: name the place.
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

    /// Renders diagnostics for a terminal, like rustc, with snippets from the file table
    /// (`files`: what the build read; a file it does not hold is named, not shown).
    pub fn human(diags: &[Diagnostic], files: &Files) -> String {
        let handler =
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_context_lines(1).with_width(120);
        let mut out = String::new();
        for d in diags {
            let mut r =
                report(files, d.message.clone(), d.code.as_str().to_owned(), severity(d.severity), &d.at, "here");
            for rel in &d.related {
                r.related.push(report(
                    files,
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
    use super::human::WINDOW;
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

    /// The underline miette draws under `needle` in `out`: the line showing `needle`, and
    /// the character columns of `needle` there and of the underline (`─`/`┬`) below it.
    #[cfg(feature = "cli")]
    fn underline(out: &str, needle: &str) -> ((usize, usize), (usize, usize)) {
        let lines: Vec<&str> = out.lines().collect();
        let i = lines.iter().position(|l| l.contains(" │ ") && l.contains(needle)).unwrap_or_else(|| panic!("{out}"));
        let col = |l: &str, byte: usize| l[..byte].chars().count();
        let at = col(lines[i], lines[i].find(needle).unwrap());
        let under: Vec<char> = lines[i + 1].chars().collect();
        let from = under.iter().position(|c| matches!(c, '─' | '┬')).unwrap_or_else(|| panic!("{out}"));
        let len = under[from..].iter().take_while(|c| matches!(c, '─' | '┬')).count();
        ((at, needle.chars().count()), (from, len))
    }

    /// A page read in memory (no file on disk) whose request table has an unknown type in its
    /// third cell, after a cell with a `|` inside a code span: counting pipes would underline
    /// the wrong cell.
    #[cfg(feature = "cli")]
    fn page_in_memory() -> docir::Build {
        let page = "# Make widget\n\n## Method name\n\n`ManagementClient.makeWidget`\n\n## Request parameters\n\n\
                    | Description | Name | Type | Required |\n| ---- | ---- | ---- | ---- |\n\
                    | pick `a|b` or `c` | mode | strng | yes |\n";
        docir::build_in_memory(vec![("pages/make-widget.md".to_owned(), page.as_bytes().to_vec())])
    }

    #[cfg(feature = "cli")]
    #[test]
    fn a_page_read_in_memory_is_shown_with_its_snippet_and_the_cell_underlined() {
        let build = page_in_memory();
        let d: Vec<Diagnostic> = build.diagnostics.iter().filter(|d| d.code == Code::UnknownType).cloned().collect();
        assert_eq!(d.len(), 1, "{:?}", build.diagnostics);
        assert_eq!((d[0].at.line, d[0].at.cell), (11, Some(3)));
        let out = human(&d, &build.sources);
        assert!(out.contains("pages/make-widget.md:11:"), "{out}");
        assert!(out.contains("11 │ | pick `a|b` or `c` | mode | strng | yes |"), "{out}");
        let (text, under) = underline(&out, "strng");
        assert_eq!(text, under, "the underline is under the type cell: {out}");
    }

    #[cfg(feature = "cli")]
    #[test]
    fn a_diagnostic_without_a_reader_span_underlines_its_line() {
        let mut files = docir::Files::default();
        let name: Arc<str> = Arc::from("a/p.md");
        files.add(name.clone(), "p.md", Some(Arc::from("# T\n\n   some words here  \nnext\n")));
        let mut d = vec![Diagnostic::note(Code::PageSkipped, Loc::new(&name, 3), "skipped")];
        files.locate(&mut d);
        let out = human(&d, &files);
        let (text, under) = underline(&out, "some words here");
        assert_eq!(text, under, "{out}");
        // A file the table does not hold is named, not read from disk.
        let gone = Diagnostic::note(Code::PageSkipped, Loc::new(&Arc::from("Cargo.toml"), 1), "x");
        let out = human(&[gone], &files);
        assert!(out.contains("--> Cargo.toml:1") && !out.contains("[package]"), "{out}");
    }

    #[cfg(feature = "cli")]
    #[test]
    fn long_lines_are_windowed_around_the_column() {
        let line = format!("{}<tr>{}", "a".repeat(5000), "b".repeat(5000));
        let mut files = docir::Files::default();
        let file: Arc<str> = Arc::from("p.html");
        files.add(file.clone(), "p.html", Some(Arc::from(line.as_str())));
        // A span from the reader (the `<tr>` tag), and a column alone.
        let tag = Loc { col: Some(5001), ..Loc::new(&file, 1) }.with_span(miette::SourceSpan::from(5000..5004));
        let col = Loc { col: Some(5001), ..Loc::new(&file, 1) };
        for at in [tag, col] {
            let out = human(&[Diagnostic::note(Code::RowRepaired, at, "repaired")], &files);
            assert!(out.contains(":1:5001)"), "the label names the real column: {out}");
            assert!(out.lines().all(|l| l.chars().count() < WINDOW + 40), "{out}");
            let (text, under) = underline(&out, "<tr>");
            assert_eq!(text.0, under.0, "{out}");
        }
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
