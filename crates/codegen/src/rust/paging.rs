//! List endpoints, found by their shape: the request takes a page number (and usually a page
//! size), the response's `data` is a DTO holding one list and, usually, the total number of
//! items. Such an endpoint gets two helpers walking every page: a stream of pages and a stream
//! of items (the generated crate's `paging` module), and a note reports it.
//!
//! The parameter names are the conventional ones of paged APIs (`page`, `pageNo`, `pageNum`,
//! `pageIndex`; `total`, `totalCount`, `count`), never an endpoint's own.

use super::context::StructCtx;
use super::types::TypeEnv;
use docir::diag::{Code, Diagnostic};
use docir::ir::{Api, Endpoint, Type};
use serde::Serialize;

/// What the templates need to walk the pages of one endpoint.
#[derive(Debug, Serialize)]
pub struct PagingCtx {
    /// `<method>_pages` and `<method>_items`; set by the caller once claimed.
    pub pages_method: String,
    pub items_method: String,
    /// The request field holding the page number.
    pub page_field: String,
    /// The response `data` type (a page) and the type of one item.
    pub page_ty: String,
    pub item_ty: String,
    /// The page's list field and its total field, if it has one.
    pub list_field: String,
    pub total_field: Option<String>,
}

/// Request names of a page number (compared without case).
const PAGE_NUMBER: &[&str] = &["page", "pageno", "pagenum", "pagenumber", "pageindex"];
/// Response names of the total number of items (compared without case).
const TOTAL: &[&str] = &["total", "totalcount", "count", "totalsize", "totalitems"];

/// The paging of an endpoint whose shape is a list endpoint's; `None` otherwise.
pub fn detect(
    e: &Endpoint,
    request: &StructCtx,
    env: &TypeEnv,
    api: &Api,
    method: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<PagingCtx> {
    let numeric = |t: &Type| matches!(t, Type::Integer | Type::Number);
    let (param, page_field) = e
        .params
        .iter()
        .zip(&request.fields)
        .find(|(p, _)| numeric(&p.ty) && PAGE_NUMBER.contains(&p.name.to_ascii_lowercase().as_str()))?;
    let Some(Type::Ref { name }) = e.response.as_ref().and_then(|r| r.data.as_ref()) else { return None };
    let dto = api.dtos.get(name)?;
    let page_ty = env.dtos.get(name)?;
    let idents = env.fields.get(name)?;
    let ident_of = |wire: &str| idents.iter().find(|(w, _, _)| w == wire).map(|(_, i, _)| i.clone());
    // Exactly one list: with two, which one holds the items is a guess.
    let mut lists = dto.fields.iter().filter(|f| matches!(f.ty, Type::Array { .. }));
    let list = lists.next()?;
    if lists.next().is_some() {
        return None;
    }
    let Type::Array { items } = &list.ty else { return None };
    let item_ty = env.rust(items, None, None, "crate::models::");
    let total = dto.fields.iter().find(|f| numeric(&f.ty) && TOTAL.contains(&f.name.to_ascii_lowercase().as_str()));
    let list_field = ident_of(&list.name)?;
    let total_field = match total {
        Some(t) => Some(ident_of(&t.name)?),
        None => None,
    };
    diags.push(Diagnostic::note(
        Code::Paginated,
        e.sources.first().cloned().unwrap_or_else(|| param.from.first().cloned().unwrap_or_else(no_loc)),
        format!(
            "`{}` is a list endpoint (page number `{}`, list `{}`, {}): it gets `{method}_pages` and `{method}_items`",
            e.name,
            param.name,
            list.name,
            match total {
                Some(t) => format!("total `{}`", t.name),
                None => "no total: stops on an empty page".into(),
            }
        ),
    ));
    Some(PagingCtx {
        pages_method: String::new(),
        items_method: String::new(),
        page_field: page_field.ident.clone(),
        page_ty: format!("crate::models::{page_ty}"),
        item_ty,
        list_field,
        total_field,
    })
}

fn no_loc() -> docir::diag::Loc {
    docir::diag::Loc::new(&std::sync::Arc::from("<ir>"), 0)
}
