//! Fused text-flat rows split with what the other copies of the same endpoint print.
//!
//! A text-flat copy runs a row's cells together (`userIdstring是用户 ID`). Lowering keeps such
//! rows unsplit, since a page alone cannot tell where a name ends; merge, which holds every
//! copy, splits them here, before anything reads the rows, with the (name, printed type) pairs
//! of the structured copies in the same group. A row that cannot be split is reported and
//! dropped.

use super::group::{Groups, PageFacts};
use crate::blocks::Format;
use crate::diag::{Code, Diagnostic};
use crate::lower::{FusedRow, PageEndpoint, RawField, TableKind, row_field};
use crate::read::text_flat::split_fused;
use rayon::prelude::*;
use std::collections::HashMap;

/// Field names and printed types that the structured copies of one endpoint give, per table:
/// from each table the first copy (in file order) that lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct KnownFields {
    pub request: Vec<(String, String)>,
    pub response: Vec<(String, String)>,
    pub dtos: HashMap<String, Vec<(String, String)>>,
}

impl KnownFields {
    /// What the structured copies among `pages` (in file order) print.
    pub fn of<'a>(pages: impl IntoIterator<Item = &'a PageEndpoint>) -> KnownFields {
        let names = |fs: &[RawField]| -> Vec<(String, String)> {
            fs.iter().filter_map(|f| f.name.clone().map(|n| (n, f.ty_text.clone()))).collect()
        };
        let mut known = KnownFields::default();
        for p in pages.into_iter().filter(|p| p.format != Format::TextFlat) {
            if known.request.is_empty() {
                known.request = names(&p.params);
            }
            if known.response.is_empty() {
                known.response = names(&p.response_fields);
            }
            for d in &p.dtos {
                known.dtos.entry(d.name.clone()).or_insert_with(|| names(&d.fields));
            }
        }
        known
    }
}

/// The pages with fused rows (their indices in the pages merged), each with what its group's
/// structured copies print.
pub(super) fn plan(facts: &[PageFacts], groups: &Groups) -> Vec<(usize, KnownFields)> {
    let mut out = Vec::new();
    for members in groups.values() {
        if !members.iter().any(|&i| facts[i].p.fused.is_some()) {
            continue;
        }
        let known = KnownFields::of(members.iter().map(|&i| facts[i].p));
        for &i in members.iter().filter(|&&i| facts[i].p.fused.is_some()) {
            out.push((facts[i].index, known.clone()));
        }
    }
    out
}

/// Splits the fused rows of the planned pages, in parallel.
pub(super) fn split_pages(pages: &mut [PageEndpoint], plan: Vec<(usize, KnownFields)>, diags: &mut Vec<Diagnostic>) {
    let mut known: Vec<Option<KnownFields>> = vec![None; pages.len()];
    for (i, k) in plan {
        known[i] = Some(k);
    }
    let notes: Vec<Vec<Diagnostic>> =
        pages.par_iter_mut().zip(known).filter_map(|(p, k)| k.map(|k| split_page(p, &k))).collect();
    diags.extend(notes.into_iter().flatten());
}

/// Splits a page's fused rows and puts each where it stands in its table.
pub(super) fn split_page(page: &mut PageEndpoint, known: &KnownFields) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Some(fused) = page.fused.take() else { return diags };
    let flattened = matches!(page.format, Format::TextMd | Format::TextFlat);
    for row in fused.rows {
        let names: &[(String, String)] = match &row.table {
            TableKind::Request => &known.request,
            TableKind::Response => &known.response,
            TableKind::Dto(d) => page.dtos.get(*d).and_then(|d| known.dtos.get(&d.name)).map_or(&[], Vec::as_slice),
        };
        let field = split_row(&row, names, &fused.page_types, flattened, &mut diags);
        if let (Some(field), Some(table)) = (field, page.table_mut(&row.table)) {
            let at = table.partition_point(|f| f.index < field.index);
            table.insert(at, field);
        }
    }
    diags
}

/// One fused row → a field, with the names the other copies print and the page's own DTO
/// names; `None` (reported) when it cannot be split, or is blank.
fn split_row(
    row: &FusedRow,
    names: &[(String, String)],
    page_types: &[String],
    flattened: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawField> {
    let cells = if page_types.is_empty() {
        split_fused(&row.text, &row.columns, names)
    } else {
        let with_page: Vec<(String, String)> =
            names.iter().cloned().chain(page_types.iter().map(|t| (String::new(), t.clone()))).collect();
        split_fused(&row.text, &row.columns, &with_page)
    };
    let Some(cells) = cells else {
        diags.push(Diagnostic::warning(
            Code::RowDropped,
            row.at.clone(),
            "table cells ran together and could not be split into name, type, required, ... columns",
        ));
        return None;
    };
    row_field(&row.columns, &cells, row.at.clone(), row.index, row.query_style, flattened, diags)
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::group::{group, page_facts};
    use super::super::testing::{field, page};
    use super::*;
    use crate::blocks::Inline;
    use crate::lower::{FusedRows, RawDto};
    use crate::rows::Columns;

    fn columns() -> Columns {
        let header: Vec<Inline> =
            ["参数名称", "参数类型", "是否必填", "描述"].iter().map(|h| Inline::text(*h)).collect();
        Columns::of(&header).expect("a field table header")
    }

    fn fused(table: TableKind, text: &str, index: usize) -> FusedRow {
        FusedRow {
            table,
            text: text.into(),
            columns: columns(),
            at: page("f.txt", None, None).at,
            index,
            query_style: None,
        }
    }

    fn flat(path: &str, rows: Vec<FusedRow>, page_types: &[&str]) -> PageEndpoint {
        let mut p = page(path, None, Some("bindEmail"));
        p.format = Format::TextFlat;
        p.fused = Some(Box::new(FusedRows { rows, page_types: page_types.iter().map(|t| t.to_string()).collect() }));
        p
    }

    fn typed(name: &str, ty: &str) -> RawField {
        let mut f = field(name);
        f.ty_text = ty.into();
        f
    }

    #[test]
    fn known_fields_from_structured_copies() {
        let mut md = page("a/x.md", None, Some("x"));
        md.params = vec![typed("email", "string")];
        md.dtos = vec![RawDto {
            name: "UserDto".into(),
            at: md.at.clone(),
            fields: vec![typed("id", "string")],
            has_required_column: true,
        }];
        let mut html = page("b/x.html", None, Some("x"));
        html.format = Format::Html;
        html.params = vec![typed("other", "string")];
        html.response_fields = vec![typed("statusCode", "number")];
        let mut text = page("c/x.txt", None, Some("x"));
        text.format = Format::TextFlat;
        text.params = vec![typed("flat", "string")];
        let k = KnownFields::of([&text, &md, &html]);
        // The first structured copy that lists a table gives it; text-flat copies give nothing.
        assert_eq!(k.request, [("email".to_owned(), "string".to_owned())]);
        assert_eq!(k.response, [("statusCode".to_owned(), "number".to_owned())]);
        assert_eq!(k.dtos["UserDto"], [("id".to_owned(), "string".to_owned())]);
        assert_eq!(KnownFields::of([&text]), KnownFields::default());
    }

    #[test]
    fn splits_rows_with_known_names() {
        let known = KnownFields {
            request: vec![("userIdType".into(), "string".into())],
            response: vec![],
            dtos: HashMap::new(),
        };
        // (row text, names known) → split name, or None when dropped
        let cases: &[(&str, bool, Option<&str>)] = &[
            ("userIdTypestring是用户 ID 类型", true, Some("userIdType")),
            ("emailstring是邮箱", false, Some("email")),
            ("是", false, None),
        ];
        for (text, with_known, name) in cases {
            let mut p = flat("t/bind-email.txt", vec![fused(TableKind::Request, text, 0)], &[]);
            let k = if *with_known { known.clone() } else { KnownFields::default() };
            let diags = split_page(&mut p, &k);
            assert_eq!(p.params.first().and_then(|f| f.name.as_deref()), *name, "{text}");
            assert_eq!(diags.iter().any(|d| d.code == Code::RowDropped), name.is_none(), "{text}");
            assert!(p.fused.is_none());
        }
    }

    #[test]
    fn split_rows_keep_their_place() {
        let mut p = flat(
            "t/bind-email.txt",
            vec![fused(TableKind::Request, "bstring否B", 1), fused(TableKind::Dto(0), "idstring是ID", 0)],
            &["UserDto"],
        );
        let mut a = field("a");
        a.index = 0;
        let mut c = field("c");
        c.index = 2;
        p.params = vec![a, c];
        p.dtos = vec![RawDto { name: "UserDto".into(), at: p.at.clone(), fields: vec![], has_required_column: true }];
        split_page(&mut p, &KnownFields::default());
        let names: Vec<&str> = p.params.iter().filter_map(|f| f.name.as_deref()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(p.dtos[0].fields.iter().filter_map(|f| f.name.as_deref()).collect::<Vec<_>>(), ["id"]);
    }

    #[test]
    fn plans_pages_of_groups_with_fused_rows() {
        let mut md = page("md/authentication/bind-email.md", Some("AuthenticationClient"), Some("bindEmail"));
        md.params = vec![typed("email", "string")];
        let text = flat(
            "text-flat/authentication/bind-email.txt",
            vec![fused(TableKind::Request, "emailstring是邮箱", 0)],
            &[],
        );
        let mut other = page("md/authentication/bind-phone.md", Some("AuthenticationClient"), Some("bindPhone"));
        other.params = vec![typed("phone", "string")];
        let pages = vec![other, text, md];
        let facts = page_facts(&pages, &mut Vec::new());
        let groups = group(&facts);
        let plan = plan(&facts, &groups);
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].0, 1);
        assert_eq!(plan[0].1.request, [("email".to_owned(), "string".to_owned())]);
    }
}
