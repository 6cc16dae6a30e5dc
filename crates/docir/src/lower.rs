//! A structured page → the facts it states about one endpoint, each with its location.
//! Nothing is decided across pages here; `merge` does that.

use crate::blocks::{Format, Inline};
use crate::cells::{self, Description, Sample, TypeCell};
use crate::diag::{Code, Diagnostic, Loc};
use crate::ir::Type;
use crate::page::{Page, PageTable, Text};
use crate::rows::{self, Columns};
use crate::vocab::{Locale, Role};
use std::path::Path;
use std::sync::Arc;

/// One table row, read.
#[derive(Clone, Debug)]
pub struct RawField {
    /// `None` when a lossy copy lost the name cell; `merge` recovers it from other copies.
    pub name: Option<String>,
    pub ty: TypeCell,
    /// The type cell's text as printed (link text for linked DTOs).
    pub ty_text: String,
    pub required: Option<bool>,
    pub default: Option<String>,
    pub desc: Description,
    pub sample: Option<Sample>,
    pub at: Loc,
    /// Raw factory Markdown's query-row tell (see `blocks::Row::query_style`).
    pub query_style: Option<bool>,
    /// Position in its table.
    pub index: usize,
}

impl RawField {
    /// The type with the description's nested-type link applied (`array` + `嵌套类型：UserDto`
    /// is `array<UserDto>`).
    pub fn resolved_type(&self) -> Option<Type> {
        let nested = self.desc.nested.clone().map(Type::reference);
        match (&self.ty, nested) {
            (TypeCell::Known(Type::Array { items }), Some(n)) if **items == Type::Any => Some(Type::array(n)),
            (TypeCell::Known(Type::Object | Type::Any), Some(n)) | (TypeCell::Empty, Some(n)) => Some(n),
            (TypeCell::Known(t), _) => Some(t.clone()),
            (TypeCell::Empty, None) => None,
            (TypeCell::Unknown(_), Some(n)) => Some(n),
            (TypeCell::Unknown(_), None) => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct RawDto {
    pub name: String,
    pub at: Loc,
    pub fields: Vec<RawField>,
    pub has_required_column: bool,
}

/// Everything one page says about its endpoint.
#[derive(Clone, Debug)]
pub struct PageEndpoint {
    pub file: Arc<str>,
    pub format: Format,
    pub locale: Option<Locale>,
    /// The page's first line of content, for diagnostics about the whole page.
    pub at: Loc,
    /// Folder names between the input root and the file.
    pub folders: Vec<String>,
    /// The file name, when it is a slug (`bind-email`).
    pub file_slug: Option<String>,
    /// `XxxClient` from the method line.
    pub client: Option<(String, Loc)>,
    pub method_name: Option<(String, Loc)>,
    /// Clients the sample code constructs (`new AuthenticationClient(`).
    pub sample_clients: Vec<(String, Loc)>,
    /// The request DTO the sample code passes, when it names one.
    pub sample_dto: Option<(String, Loc)>,
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub request_at: Option<Loc>,
    pub params: Vec<RawField>,
    pub response_dto: Option<(String, Loc)>,
    pub response_fields: Vec<RawField>,
    pub response_at: Option<Loc>,
    pub dtos: Vec<RawDto>,
    /// `key: value` pairs written in the sample code and example JSON, with where they are.
    pub code_pairs: Vec<(String, String, Loc)>,
    /// Text-flat rows whose cells ran together, left unsplit: `merge`, which holds every copy
    /// of the page, splits them with the names and types the other copies print.
    pub fused: Option<Box<FusedRows>>,
    /// A request DTO named under the request section (`类型： XxxDto`): the request is a JSON body.
    pub request_dto: Option<(String, Loc)>,
    /// HTTP verbs and request lines the page prints (see `route::printed_routes`).
    pub printed: Vec<crate::route::Printed>,
}

/// A page's fused rows, and what splitting them needs from the page itself.
#[derive(Clone, Debug, Default)]
pub struct FusedRows {
    pub rows: Vec<FusedRow>,
    /// Every DTO the page has a section for: printed types that tell a name run into a DTO
    /// type apart (`dataUserDto`).
    pub page_types: Vec<String>,
}

/// A table row whose cells ran together (text-flat pages).
#[derive(Clone, Debug)]
pub struct FusedRow {
    pub table: TableKind,
    /// The row's text.
    pub text: String,
    pub columns: Columns,
    pub at: Loc,
    /// Position in its table.
    pub index: usize,
    pub query_style: Option<bool>,
}

impl PageEndpoint {
    /// The rows of one of the page's tables.
    pub fn table_mut(&mut self, table: &TableKind) -> Option<&mut Vec<RawField>> {
        match table {
            TableKind::Request => Some(&mut self.params),
            TableKind::Response => Some(&mut self.response_fields),
            TableKind::Dto(i) => self.dtos.get_mut(*i).map(|d| &mut d.fields),
        }
    }
}

/// Which table of a page a row belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableKind {
    Request,
    Response,
    /// The page's DTO at this index of `PageEndpoint::dtos`.
    Dto(usize),
}

/// The facts one structured page states about its endpoint. Fused text-flat rows are kept
/// unsplit (see [`PageEndpoint::fused`]).
pub fn lower(page: &Page, rel_path: &Path, diags: &mut Vec<Diagnostic>) -> PageEndpoint {
    let file = &page.file;
    let mut folders: Vec<String> =
        rel_path.parent().map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect()).unwrap_or_default();
    folders.retain(|f| !f.is_empty() && f != "." && f != "..");
    let stem = rel_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let file_slug = is_slug(&stem).then_some(stem);
    let at = page.title.as_ref().map(|t| t.at.clone()).unwrap_or_else(|| Loc::new(file, 1));
    let flattened = matches!(page.format, Format::TextMd | Format::TextFlat);

    let mut fused = Vec::new();
    let params =
        page.request.as_ref().map(|t| fields(t, TableKind::Request, flattened, &mut fused, diags)).unwrap_or_default();
    let response_fields = page
        .response
        .as_ref()
        .map(|t| fields(t, TableKind::Response, flattened, &mut fused, diags))
        .unwrap_or_default();
    let mut dtos = Vec::new();
    for d in &page.dtos {
        let Some(t) = &d.table else { continue };
        let has_required_column = Columns::of(&t.table.header).is_some_and(|c| c.has(Role::Required));
        let fields = fields(t, TableKind::Dto(dtos.len()), flattened, &mut fused, diags);
        dtos.push(RawDto { name: d.name.clone(), at: d.at.clone(), fields, has_required_column });
    }
    let fused = (!fused.is_empty())
        .then(|| Box::new(FusedRows { rows: fused, page_types: page.dtos.iter().map(|d| d.name.clone()).collect() }));

    let calls: Vec<(String, Loc)> = page.samples.iter().flat_map(|s| client_calls(s.text, &s.at)).collect();
    let method_name = page.method.as_ref().map(|m| (m.name.clone(), m.at.clone())).or_else(|| {
        let pick = calls
            .iter()
            .find(|(n, _)| file_slug_matches(n, rel_path))
            .or_else(|| calls.iter().rev().find(|(n, _)| !is_setter(n)))
            .cloned();
        if let Some((n, at)) = &pick {
            diags.push(Diagnostic::note(
                Code::NameDerived,
                at.clone(),
                format!("the page has no method-name section; the method name `{n}` is taken from its sample code"),
            ));
        }
        pick
    });
    let sample_clients = page.samples.iter().flat_map(|s| constructed_clients(s.text, &s.at)).collect();
    let sample_dto = method_name.as_ref().and_then(|(n, _)| {
        page.samples.iter().find_map(|s| request_dto_in_sample(s.text, n).map(|d| (d, s.at.clone())))
    });
    // Only a row that lost its name needs them (see `merge`), and fused rows may; most pages
    // have neither.
    let lost_name = fused.is_some()
        || params.iter().chain(&response_fields).chain(dtos.iter().flat_map(|d| &d.fields)).any(|f| f.name.is_none());
    let mut code_pairs = Vec::new();
    if lost_name {
        for s in &page.samples {
            code_pairs.extend(key_values(s.text, &s.at));
        }
        if let Some(e) = &page.response_example {
            code_pairs.extend(key_values(e.text, &e.at));
        }
    }

    PageEndpoint {
        file: file.clone(),
        format: page.format,
        locale: page.locale,
        at,
        folders,
        file_slug,
        client: page.method.as_ref().map(|m| (m.client.clone(), m.at.clone())),
        method_name,
        sample_clients,
        sample_dto,
        title: page.title.clone(),
        description: page.description.clone(),
        request_at: page.request.as_ref().map(PageTable::at),
        params,
        response_dto: page.response_type.as_ref().map(|t| (t.text.clone(), t.at.clone())),
        response_fields,
        response_at: page.response.as_ref().map(PageTable::at),
        dtos,
        code_pairs,
        fused,
        request_dto: page
            .request_type
            .as_ref()
            .filter(|t| matches!(cells::type_text(&t.text), TypeCell::Known(Type::Ref { .. })))
            .map(|t| (t.text.clone(), t.at.clone())),
        printed: page
            .samples
            .iter()
            .map(|s| (s.text, &s.at))
            .chain(page.description.as_ref().map(|d| (d.text.as_str(), &d.at)))
            .flat_map(|(text, at)| crate::route::printed_routes(text, at))
            .collect(),
    }
}

/// `key: 'value'`, `key = "value"`, `"key": value` in sample code or JSON: an identifier-like
/// key, then `:` or `=`, then a quoted string or a bare number/boolean.
pub fn key_values(code: &str, at: &Loc) -> Vec<(String, String, Loc)> {
    let mut out = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let loc = Loc::new(&at.file, at.line + 1 + i as u32);
        let bytes = line.as_bytes();
        let mut k = 0;
        while k < bytes.len() {
            // A key: optionally quoted identifier.
            let quote = matches!(bytes[k], b'"' | b'\'');
            let start = if quote { k + 1 } else { k };
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            let boundary_ok =
                k == 0 || !(bytes[k - 1].is_ascii_alphanumeric() || bytes[k - 1] == b'_' || bytes[k - 1] == b'.');
            if end == start || !boundary_ok || (quote && bytes.get(end) != Some(&bytes[k])) {
                k = end.max(k + 1);
                continue;
            }
            let key = &line[start..end];
            let mut j = if quote { end + 1 } else { end };
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if j < bytes.len() && (bytes[j] == b':' || (bytes[j] == b'=' && bytes.get(j + 1) != Some(&b'='))) {
                let rest = line[j + 1..].trim_start();
                let value = match rest.chars().next() {
                    Some(q @ ('"' | '\'')) => rest[1..].split(q).next().map(str::to_owned),
                    Some(_) => Some(rest.split([',', ' ', ')', '}', ';']).next().unwrap_or("").to_owned()),
                    None => None,
                };
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    if key.starts_with(|c: char| c.is_ascii_alphabetic()) {
                        out.push((key.to_owned(), v, loc.clone()));
                    }
                }
            }
            k = end.max(k + 1);
        }
    }
    out
}

/// Reads a field table's rows; fused rows go to `fused`, unsplit.
fn fields(
    t: &PageTable,
    kind: TableKind,
    flattened: bool,
    fused: &mut Vec<FusedRow>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<RawField> {
    let Some(cols) = Columns::of(&t.table.header) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (index, row) in t.table.rows.iter().enumerate() {
        let at = Loc { col: row.col, ..Loc::new(t.file, row.line) }.with_span(row.span);
        if let Some(text) = &row.fused {
            fused.push(FusedRow {
                table: kind.clone(),
                text: text.clone(),
                columns: cols.clone(),
                at,
                index,
                query_style: row.query_style,
            });
            continue;
        }
        let before = diags.len();
        out.extend(row_field(&cols, &row.cells, at, index, row.query_style, flattened, diags));
        cell_spans(row, &mut diags[before..]);
    }
    out
}

/// Gives the row's cell-level diagnostics (`diags`, all about `row`) the bytes of their cell as
/// the reader found it. A repaired row's cells are no longer where its source had them: its
/// diagnostics keep the row's span.
fn cell_spans(row: &crate::blocks::Row, diags: &mut [Diagnostic]) {
    if diags.iter().any(|d| d.code == Code::RowRepaired) {
        return;
    }
    for d in diags {
        if let Some(cell) = d.at.cell.filter(|_| d.at.line == row.line).and_then(|c| usize::from(c).checked_sub(1)) {
            d.at.span = row.cell_span(cell).or(d.at.span);
        }
    }
}

/// One row's cells (in the table's columns) → a field; `None` for a blank row. Realigned
/// rows, names that are not identifiers and unknown types are reported.
pub fn row_field(
    cols: &Columns,
    cells: &[Inline],
    at: Loc,
    index: usize,
    query_style: Option<bool>,
    flattened: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawField> {
    if cells.iter().all(Inline::is_blank) {
        return None;
    }
    let aligned = rows::align(cols, cells);
    if let Some(r) = &aligned.repair {
        diags.push(row_repaired(cols, cells.len(), &aligned.cells, flattened, at.clone(), r));
    }
    let name = aligned.get(cols, Role::Name).map(|c| c.flat());
    let name = match name {
        Some(n) if cells::is_field_name(&n) => Some(n),
        Some(n) if n.is_empty() => None,
        Some(n) => {
            // A name that is not an identifier-like wire name: keep it (codegen makes an
            // identifier and keeps the wire name), but say so.
            diags.push(Diagnostic::warning(
                Code::NameChanged,
                at.clone().with_cell(0),
                format!("field name `{}` is not an identifier-like name", n.escape_debug()),
            ));
            Some(n)
        }
        None => None,
    };
    let ty = aligned.get(cols, Role::Type).map(cells::type_cell).unwrap_or(TypeCell::Empty);
    if let TypeCell::Unknown(u) = &ty {
        let col = cols.roles.iter().position(|r| *r == Role::Type).unwrap_or(1);
        diags.push(Diagnostic::warning(
            Code::UnknownType,
            at.clone().with_cell(col),
            format!(
                "unknown type `{}`; expected string, number, boolean, object, array, X[] or a DTO name",
                u.escape_debug()
            ),
        ));
    }
    let ty_text = aligned.get(cols, Role::Type).map(|c| c.flat()).unwrap_or_default();
    Some(RawField {
        name,
        ty,
        ty_text,
        required: aligned.get(cols, Role::Required).and_then(|c| crate::vocab::yes_no(&c.flat())),
        default: aligned.get(cols, Role::Default).and_then(cells::default_value),
        desc: aligned.get(cols, Role::Description).map(|c| cells::description(c, flattened)).unwrap_or_default(),
        sample: aligned.get(cols, Role::Sample).and_then(cells::sample),
        at,
        query_style,
        index,
    })
}

/// How bad a realigned row is. In a text copy, cells are lost by the copy itself: a note. In
/// Markdown or HTML, a row missing only its trailing cells reads (and renders) as those cells
/// empty: a note. A row whose cells had to be shifted past a missing one, or that has more
/// cells than columns, is shown under the wrong columns on the published page, and our reading
/// is a repair of it: a warning.
fn row_repaired(
    cols: &Columns,
    given: usize,
    aligned: &[Option<std::borrow::Cow<'_, Inline>>],
    flattened: bool,
    at: Loc,
    repair: &str,
) -> Diagnostic {
    let trailing_only = given < cols.roles.len() && aligned.iter().skip_while(|c| c.is_some()).all(Option::is_none);
    if flattened || trailing_only {
        Diagnostic::note(Code::RowRepaired, at, repair)
    } else {
        Diagnostic::warning(
            Code::RowRepaired,
            at,
            format!("{repair}: the published table shows this row's cells under the wrong columns"),
        )
    }
}

/// A file name that is a page slug: kebab-case words (`bind-email`, `pub-userEvent`). A slug
/// may start with `-` (a path outside `/api/v3`, see `route::slug_path`): `-oidc-token`.
pub fn is_slug(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let mut parts = s.split('-');
    parts.next().is_some_and(|p| {
        p.starts_with(|c: char| c.is_ascii_lowercase()) && p.chars().all(|c| c.is_ascii_alphanumeric())
    }) && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Lowercase letters and digits only: `bind_email`, `bindEmail`, `BindEmail` → `bindemail`.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

fn file_slug_matches(name: &str, rel_path: &Path) -> bool {
    rel_path.file_stem().is_some_and(|s| compact(&s.to_string_lossy()) == compact(name))
}

fn is_setter(name: &str) -> bool {
    let c = compact(name);
    c.starts_with("set") && (c.ends_with("token") || c.ends_with("accesstoken")) || c == "log" || c == "stringify"
}

/// Method calls on a client object in sample code: `managementClient.createGroup(`,
/// `authentication_client.bind_email(`, `client.VerifyUpdateEmailRequest(`.
pub fn client_calls(code: &str, at: &Loc) -> Vec<(String, Loc)> {
    let mut out = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(dot) = rest.find('.') {
            let recv: String =
                rest[..dot].chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let recv: String = recv.chars().rev().collect();
            let after = &rest[dot + 1..];
            let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let tail = after[name.len()..].trim_start();
            if recv.to_ascii_lowercase().ends_with("client") && !name.is_empty() && tail.starts_with('(') {
                out.push((name.clone(), Loc::new(&at.file, at.line + 1 + i as u32)));
            }
            rest = after;
        }
    }
    out
}

/// Client classes the sample code constructs: `new AuthenticationClient(`,
/// `AuthenticationClient(` (python), `management.NewClient(` (go, the package names the client).
pub fn constructed_clients(code: &str, at: &Loc) -> Vec<(String, Loc)> {
    let mut out = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let loc = Loc::new(&at.file, at.line + 1 + i as u32);
        let t = line.trim_start();
        if t.starts_with("//") || t.starts_with('#') || t.starts_with("import ") || t.starts_with("from ") {
            continue;
        }
        let bytes = line.as_bytes();
        let mut i0 = 0;
        while i0 < bytes.len() {
            if bytes[i0].is_ascii_uppercase()
                && (i0 == 0
                    || !(bytes[i0 - 1].is_ascii_alphanumeric() || bytes[i0 - 1] == b'_' || bytes[i0 - 1] == b'.'))
            {
                let ident: String = line[i0..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                let after = line[i0 + ident.len()..].trim_start();
                if ident.len() > "Client".len()
                    && ident.ends_with("Client")
                    && (after.starts_with('(') || after.starts_with('{'))
                {
                    out.push((ident.clone(), loc.clone()));
                }
                i0 += ident.len().max(1);
            } else {
                i0 += 1;
            }
        }
        if let Some(p) = line.find(".NewClient(") {
            let pkg: String = line[..p].chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let pkg: String = pkg.chars().rev().collect();
            if !pkg.is_empty() {
                let mut c = pkg.chars();
                let client =
                    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default() + "Client";
                out.push((client, loc.clone()));
            }
        }
    }
    out
}

/// The DTO passed to the method call in sample code: `client.m(dto.XDto {`, `m(new XDto(`,
/// `m(Models.XDto`, or `m(req)` with `XDto req = ...` earlier.
fn request_dto_in_sample(code: &str, method: &str) -> Option<String> {
    let needle = format!(".{method}(");
    let pos = code.find(&needle)? + needle.len();
    let arg = code[pos..].trim_start();
    let arg = arg.strip_prefix('&').unwrap_or(arg);
    for prefix in ["dto.", "new ", "Models.", "models."] {
        if let Some(rest) = arg.strip_prefix(prefix) {
            let rest = rest.strip_prefix("dto.").unwrap_or(rest);
            let ident: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if ident.ends_with("Dto") {
                return Some(ident);
            }
        }
    }
    let ident: String = arg.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if ident.is_empty() {
        return None;
    }
    // `XDto ident = ` / `var ident = new XDto(` / `ident := dto.XDto{`
    for line in code[..pos].lines() {
        let t = line.trim();
        if let Some(eq) = t.find('=') {
            let lhs = t[..eq].trim_end_matches(':').trim();
            if lhs.split_whitespace().last() == Some(ident.as_str()) {
                let words: Vec<&str> = lhs.split_whitespace().collect();
                if words.len() >= 2 && words[words.len() - 2].ends_with("Dto") {
                    return Some(words[words.len() - 2].to_owned());
                }
                let rhs = &t[eq + 1..];
                if let Some(d) = rhs
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .find(|w| w.ends_with("Dto") && w.starts_with(|c: char| c.is_ascii_uppercase()))
                {
                    return Some(d.to_owned());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc() -> Loc {
        Loc::new(&Arc::from("s.md"), 10)
    }

    #[test]
    fn key_values_in_code_and_json() {
        let code =
            "const r = await c.createGroup({\n  name: '开发者',\n  \"code\": \"dev\",\n  limit = 10,\n  a == b\n});";
        let kv: Vec<(String, String)> = key_values(code, &loc()).into_iter().map(|(k, v, _)| (k, v)).collect();
        assert!(kv.contains(&("name".into(), "开发者".into())));
        assert!(kv.contains(&("code".into(), "dev".into())));
        assert!(kv.contains(&("limit".into(), "10".into())));
        assert!(!kv.iter().any(|(k, _)| k == "a"));
    }

    #[test]
    fn slugs() {
        assert!(is_slug("bind-email"));
        assert!(is_slug("pub-userEvent"));
        assert!(is_slug("system"));
        assert!(!is_slug("000_2f2f1c7fa41ff3c9"));
        assert!(!is_slug("token_response_table"));
        assert!(!is_slug("CON"));
        assert!(is_slug("-oidc-token"));
        assert!(!is_slug("-"));
        assert!(!is_slug("--x"));
    }

    #[test]
    fn calls_and_clients_in_samples() {
        let ts = "const c = new AuthenticationClient({\n});\nc.setAccessToken('x');\nconst result = await authenticationClient.bindEmail({\n";
        let calls = client_calls(ts, &loc());
        assert_eq!(calls.last().unwrap().0, "bindEmail");
        assert_eq!(calls.last().unwrap().1.line, 14);
        assert_eq!(constructed_clients(ts, &loc())[0].0, "AuthenticationClient");
        let go = "client, err := management.NewClient(&options)\nresponse := client.verifyUpdateEmailRequest(\n  dto.VerifyUpdateEmailRequestDto {";
        assert_eq!(constructed_clients(go, &loc())[0].0, "ManagementClient");
        assert_eq!(
            request_dto_in_sample(go, "verifyUpdateEmailRequest").as_deref(),
            Some("VerifyUpdateEmailRequestDto")
        );
        let java = "SignInDto request = new SignInDto();\nLoginTokenRespDto r = client.signIn(request);";
        assert_eq!(request_dto_in_sample(java, "signIn").as_deref(), Some("SignInDto"));
        let py = "authentication_client = AuthenticationClient(\n  app_id='x',\n)\ndata = authentication_client.bind_email(\n";
        assert_eq!(constructed_clients(py, &loc())[0].0, "AuthenticationClient");
        assert_eq!(client_calls(py, &loc())[0].0, "bind_email");
    }
}
