//! The second page model: a page's blocks sorted into the sections of an endpoint page.
//! Format-independent: Markdown, HTML and the text copies all arrive here as blocks.

use crate::blocks::{Block, BlockKind, Doc, Format, Inline, Table};
use crate::diag::{Code, Diagnostic, Loc};
use crate::vocab::{self, Locale, Section};
use std::sync::Arc;

/// A table and the file it was read from (an include puts another file's table in a page).
/// Borrowed from the blocks: a page is a view of its document, not a copy.
#[derive(Clone, Copy, Debug)]
pub struct PageTable<'a> {
    pub file: &'a Arc<str>,
    pub table: &'a Table,
}

impl PageTable<'_> {
    /// Where the table starts.
    pub fn at(&self) -> Loc {
        Loc { col: self.table.col, ..Loc::new(self.file, self.table.line) }.with_span(self.table.span)
    }
}

#[derive(Clone, Debug)]
pub struct Text {
    pub text: String,
    pub at: Loc,
}

#[derive(Clone, Debug)]
pub struct MethodLine {
    pub client: String,
    pub name: String,
    pub at: Loc,
}

#[derive(Clone, Debug)]
pub struct CodeSample<'a> {
    // Read by no rule yet; was public API before the facade made it crate-internal.
    #[allow(dead_code)]
    pub lang: Option<&'a str>,
    pub text: &'a str,
    pub at: Loc,
}

#[derive(Clone, Debug)]
pub struct DtoSection<'a> {
    pub name: String,
    pub at: Loc,
    pub table: Option<PageTable<'a>>,
}

#[derive(Clone, Debug)]
pub struct Page<'a> {
    pub file: Arc<str>,
    pub format: Format,
    pub locale: Option<Locale>,
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub method: Option<MethodLine>,
    /// Whether the page has a request-parameters section at all (it may hold no table).
    pub has_request_section: bool,
    pub request: Option<PageTable<'a>>,
    /// A `Type:` line inside the request section.
    pub request_type: Option<Text>,
    pub samples: Vec<CodeSample<'a>>,
    pub response_type: Option<Text>,
    pub response: Option<PageTable<'a>>,
    pub response_example: Option<CodeSample<'a>>,
    pub dtos: Vec<DtoSection<'a>>,
    /// Why this is not an endpoint page, when it is not.
    pub skipped: Option<String>,
}

/// Finds the file an `!!!include(path)!!!` names.
pub trait Includes {
    fn resolve(&self, from: &Arc<str>, target: &str) -> Option<&Doc>;
}

/// Sorts a document's blocks into an endpoint page.
pub fn structure<'a>(doc: &'a Doc, includes: &'a dyn Includes, diags: &mut Vec<Diagnostic>) -> Page<'a> {
    let blocks = expand_includes(doc, includes, diags);
    let mut page = Page {
        file: doc.file.clone(),
        format: doc.format,
        locale: None,
        title: None,
        description: None,
        method: None,
        has_request_section: false,
        request: None,
        request_type: None,
        samples: Vec::new(),
        response_type: None,
        response: None,
        response_example: None,
        dtos: Vec::new(),
        skipped: None,
    };
    let at =
        |file: &Arc<str>, block: &Block| Loc { col: block.col, ..Loc::new(file, block.line) }.with_span(block.span);
    let mut section: Option<Section> = None;
    let mut seen_h2 = false;
    let mut desc: Vec<String> = Vec::new();
    let mut desc_line = 0;
    let mut expect_example = false;
    let mut nested_sections = 0usize;
    let mut top_level_sections = 0usize;
    let mut locale_votes = (0usize, 0usize);
    let mut request_sections = 0usize;
    // Where a second top-level request section starts, and whether a response section exists.
    let mut second_request: Option<Loc> = None;
    let mut has_response_section = false;
    let mut response_code = false;

    for &(file, block) in &blocks {
        let line = block.line;
        match &block.kind {
            BlockKind::Heading { level, text, anchor } => {
                let flat = text.flat();
                let level = *level;
                if level == 1 || (page.title.is_none() && !seen_h2 && vocab::section(&flat).is_none() && level <= 2) {
                    if page.title.is_none() {
                        page.title = Some(Text { text: flat, at: at(file, block) });
                    }
                    continue;
                }
                let std = vocab::section(&flat);
                if let Some((s, loc)) = std {
                    if s == Section::Request {
                        request_sections += 1;
                        if request_sections == 2 && level == 2 {
                            second_request = Some(at(file, block));
                        }
                    }
                    has_response_section |= s == Section::Response;
                    match loc {
                        Locale::Zh => locale_votes.0 += 1,
                        Locale::En => locale_votes.1 += 1,
                    }
                }
                if level == 2 {
                    seen_h2 = true;
                    section = std.map(|(s, _)| s);
                    if std.is_some() {
                        top_level_sections += 1;
                    }
                    expect_example = false;
                } else if let Some((s, _)) = std {
                    // A standard section below level 2: a hand-written page documenting
                    // several operations, each under its own heading.
                    nested_sections += 1;
                    section = Some(s);
                    seen_h2 = true;
                } else if section == Some(Section::DataStructure) {
                    let name = dto_name(&flat, anchor.as_deref());
                    if !name.is_empty() {
                        page.dtos.push(DtoSection { name, at: at(file, block), table: None });
                    }
                } else if !seen_h2 {
                    // An h3 before any section (the text copies cannot tell levels apart).
                }
            }
            BlockKind::Paragraph(inline) => {
                let flat = inline.flat();
                if !seen_h2 {
                    if !flat.is_empty() {
                        if desc.is_empty() {
                            desc_line = line;
                        }
                        desc.push(inline.plain().trim().to_owned());
                    }
                    continue;
                }
                match section {
                    Some(Section::MethodName) if page.method.is_none() => {
                        if let Some((client, name)) = method_line(inline) {
                            page.method = Some(MethodLine { client, name, at: at(file, block) });
                        }
                    }
                    Some(Section::Request) => {
                        if let Some(t) = vocab::type_line(&flat) {
                            page.request_type = Some(Text { text: t.to_owned(), at: at(file, block) });
                        }
                    }
                    Some(Section::Response) => {
                        if let Some(t) = vocab::type_line(&flat) {
                            if page.response_type.is_none() {
                                page.response_type = Some(Text { text: t.to_owned(), at: at(file, block) });
                            }
                        } else if vocab::is_example_label(&flat) {
                            expect_example = true;
                        }
                    }
                    _ => {}
                }
            }
            BlockKind::Table(t) => {
                if !seen_h2 {
                    continue;
                }
                let pt = PageTable { file, table: t };
                match section {
                    Some(Section::Request) if page.request.is_none() => page.request = Some(pt),
                    Some(Section::Response) if page.response.is_none() => page.response = Some(pt),
                    Some(Section::DataStructure) => {
                        if let Some(d) = page.dtos.last_mut().filter(|d| d.table.is_none()) {
                            d.table = Some(pt);
                        }
                    }
                    _ => {}
                }
            }
            BlockKind::Code { lang, text } => match section {
                Some(Section::SampleCode) => {
                    page.samples.push(CodeSample { lang: lang.as_deref(), text, at: at(file, block) })
                }
                Some(Section::Response) if expect_example || page.response_example.is_none() => {
                    if lang.as_deref().is_none_or(|l| l.eq_ignore_ascii_case("json")) {
                        page.response_example = Some(CodeSample { lang: lang.as_deref(), text, at: at(file, block) });
                    }
                    expect_example = false;
                }
                Some(Section::MethodName) if page.method.is_none() => {
                    if let Some((client, name)) = method_line(&Inline::text(text.trim())) {
                        page.method = Some(MethodLine { client, name, at: at(file, block) });
                    }
                }
                _ => {
                    // Code in the description (fenced or indented) stays in it, as a fenced
                    // block, so the renderers can keep it code.
                    if !seen_h2 && !text.trim().is_empty() {
                        if desc.is_empty() {
                            desc_line = line;
                        }
                        desc.push(fenced(text));
                    }
                    // Sample code outside a sample section still tells which client a page
                    // builds; keep it.
                    if !seen_h2 || section.is_none() {
                        page.samples.push(CodeSample { lang: lang.as_deref(), text, at: at(file, block) })
                    }
                }
            },
            BlockKind::Quote(_) | BlockKind::List(_) | BlockKind::Include(_) => {}
        }
        if matches!(section, Some(Section::Request)) {
            page.has_request_section = true;
        }
        response_code |= section == Some(Section::Response) && matches!(block.kind, BlockKind::Code { .. });
    }

    if !desc.is_empty() {
        page.description = Some(Text { text: desc.join("\n"), at: Loc::new(&doc.file, desc_line) });
    }
    page.locale = match locale_votes {
        (0, 0) => None,
        (zh, en) if zh >= en => Some(Locale::Zh),
        _ => Some(Locale::En),
    };
    if page.locale.is_none() {
        let sample = page.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
        if !sample.is_empty() {
            page.locale = Some(if sample.chars().any(crate::source::is_cjk) { Locale::Zh } else { Locale::En });
        }
    }

    let first_line = blocks.first().map_or(1, |(_, b)| b.line);
    // A page with a method line and two top-level request sections is one endpoint documented
    // twice over, not a page of several operations: it is read with its first section.
    let repeated_request = page.method.is_some() && nested_sections == 0 && request_sections == 2;
    if let (true, Some(second)) = (repeated_request, &second_request) {
        let first = page.request.as_ref().map(|t| format!(" (the table at line {})", t.table.line)).unwrap_or_default();
        diags.push(Diagnostic::warning(
            Code::PageIncomplete,
            second.clone(),
            format!(
                "a second request-parameters section on an endpoint page; the endpoint is read with the first \
                 one{first} and the parameters listed here are left out"
            ),
        ));
    }
    if (request_sections > 1 && !repeated_request) || (nested_sections > 0 && top_level_sections == 0) {
        page.skipped = Some(format!(
            "hand-written page: its {nested_sections} request/response sections sit under custom headings \
             (several operations on one page); expected one endpoint with `## Request parameters` / `## 请求参数`"
        ));
    } else if page.method.is_none() && page.request.is_none() && !page.has_request_section && page.response.is_none() {
        page.skipped = Some(
            "not an endpoint page: no method name, request parameters or response section \
             (expected `方法名称`/`Method name`, `请求参数`/`Request parameters` or `请求响应`/`Request response`)"
                .to_owned(),
        );
    }
    if let Some(reason) = &page.skipped {
        diags.push(Diagnostic::note(Code::PageSkipped, Loc::new(&doc.file, first_line), format!("skipped: {reason}")));
    } else {
        incomplete(&page, has_response_section, response_code, diags);
    }
    page
}

/// An endpoint page that could not be read as what it claims to be: a method line with neither
/// a request section nor a response (the endpoint would take and give nothing), or a response
/// section that holds nothing: no table, no `Type:` line, no example.
fn incomplete(page: &Page, has_response_section: bool, response_code: bool, diags: &mut Vec<Diagnostic>) {
    let no_response = page.response.is_none() && page.response_type.is_none() && !response_code;
    if let (Some(m), false, true) = (&page.method, page.has_request_section, no_response) {
        diags.push(Diagnostic::warning(
            Code::PageIncomplete,
            m.at.clone(),
            format!(
                "the page names the method `{}.{}` but has no request-parameters section and no response; the \
                 endpoint is generated with no parameters and no response type (expected `请求参数`/`Request \
                 parameters` and `请求响应`/`Request response` with their tables)",
                m.client, m.name
            ),
        ));
    } else if has_response_section && no_response {
        let at = page.title.as_ref().map(|t| t.at.clone()).unwrap_or_else(|| Loc::new(&page.file, 1));
        diags.push(Diagnostic::warning(
            Code::PageIncomplete,
            at,
            "the response section holds no `Type:` line, field table or example; the endpoint gets no response type",
        ));
    }
}

/// Code as a Markdown fenced block, its fence longer than any backtick run inside.
fn fenced(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}\n{}\n{fence}", code.trim_end_matches('\n'))
}

/// `ManagementClient.createGroup` (in a code span, or plain text in the text copies).
pub fn method_line(inline: &Inline) -> Option<(String, String)> {
    let text = inline.codes().next().map(str::to_owned).unwrap_or_else(|| inline.flat());
    let text = text.trim().trim_end_matches("()").trim_end_matches(';');
    let (client, name) = text.split_once('.')?;
    let ok = |s: &str| crate::cells::is_type_name(s);
    (ok(client) && ok(name) && !name.contains('.')).then(|| (client.to_owned(), name.to_owned()))
}

/// The DTO a `### <a id="Dto"></a> Dto` heading names: its text, else its anchor.
fn dto_name(flat: &str, anchor: Option<&str>) -> String {
    let t = flat.trim();
    if crate::cells::is_dto_name(t) {
        return t.to_owned();
    }
    if let Some(a) = anchor.filter(|a| crate::cells::is_dto_name(a)) {
        return a.to_owned();
    }
    t.split_whitespace().find(|w| crate::cells::is_dto_name(w)).unwrap_or("").to_owned()
}

/// Replaces `!!!include(...)!!!` blocks with the included file's blocks (which keep their own
/// file for provenance). Bounded depth; cycles are cut.
fn expand_includes<'d>(
    doc: &'d Doc,
    includes: &'d dyn Includes,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(&'d Arc<str>, &'d Block)> {
    let mut out = Vec::with_capacity(doc.blocks.len());
    let mut stack = vec![doc.file.clone()];
    expand_into(doc, includes, diags, &mut out, &mut stack);
    out
}

fn expand_into<'d>(
    doc: &'d Doc,
    includes: &'d dyn Includes,
    diags: &mut Vec<Diagnostic>,
    out: &mut Vec<(&'d Arc<str>, &'d Block)>,
    stack: &mut Vec<Arc<str>>,
) {
    for b in &doc.blocks {
        if let BlockKind::Include(target) = &b.kind {
            match includes.resolve(&doc.file, target) {
                Some(inc) if stack.len() < 8 && !stack.contains(&inc.file) => {
                    stack.push(inc.file.clone());
                    expand_into(inc, includes, diags, out, stack);
                    stack.pop();
                }
                Some(inc) => diags.push(Diagnostic::warning(
                    Code::IncludeMissing,
                    Loc::new(&doc.file, b.line).with_span(b.span),
                    format!(
                        "include of `{}` not expanded: it includes itself (directly or through other files)",
                        inc.file
                    ),
                )),
                None => diags.push(Diagnostic::warning(
                    Code::IncludeMissing,
                    Loc::new(&doc.file, b.line).with_span(b.span),
                    format!("include target `{target}` not found among the input files"),
                )),
            }
        } else {
            out.push((&doc.file, b));
        }
    }
}
