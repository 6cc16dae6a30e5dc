//! Each HTML fixture (our own pages rendered the way the docs site's VuePress build renders
//! them: minified, with chrome, `¶` anchors, lowercased ids, dropped empty `<td>`s, prism
//! spans, a table broken into a paragraph) must give the same endpoint as its Markdown source:
//! parameters (name, type, required), response DTO, DTOs and their fields, enum values.
//!
//! Fixtures under `tests/fixtures/html/variants/` have their Markdown next to them; the others
//! render the pages in `docs-input/`.

use docir::diag::{Code, Severity};
use docir::ir::{Api, Type};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/html")
}

/// Every HTML fixture with the Markdown page it renders.
fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let root = fixtures();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-input");
    let mut out = Vec::new();
    for html in docir::discover(&root).expect("fixtures folder") {
        if html.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = html.strip_prefix(&root).unwrap().with_extension("md");
        let md = if rel.starts_with("variants") { root.join(&rel) } else { docs.join(&rel) };
        assert!(md.is_file(), "no Markdown source {} for {}", md.display(), html.display());
        out.push((html, md));
    }
    out
}

/// What an endpoint page says, without locations, descriptions or HTTP inference (the HTML
/// cannot show raw Markdown's query-row tell).
#[derive(Debug, PartialEq)]
struct Facts {
    endpoints: Vec<String>,
    params: Vec<(String, Type, bool)>,
    response: Option<String>,
    dtos: BTreeMap<String, Vec<(String, Type, bool)>>,
    enums: BTreeMap<String, Vec<String>>,
}

fn facts(api: &Api) -> Facts {
    let endpoint = api.endpoints.values().next();
    Facts {
        endpoints: api.endpoints.values().map(|e| format!("{}.{}", e.client, e.name)).collect(),
        params: endpoint
            .map(|e| e.params.iter().map(|p| (p.name.clone(), p.ty.clone(), p.required)).collect())
            .unwrap_or_default(),
        response: endpoint.and_then(|e| e.response.as_ref()).map(|r| r.dto.clone()),
        dtos: api
            .dtos
            .iter()
            .map(|(n, d)| (n.clone(), d.fields.iter().map(|f| (f.name.clone(), f.ty.clone(), f.required)).collect()))
            .collect(),
        enums: api.enums.iter().map(|(n, e)| (n.clone(), e.values.iter().map(|v| v.value.clone()).collect())).collect(),
    }
}

#[test]
fn every_html_fixture_gives_the_endpoint_of_its_markdown_source() {
    let pairs = pairs();
    assert!(pairs.len() >= 6, "expected the widget pages and the variant pages, found {}", pairs.len());
    for (html, md) in pairs {
        let from_md = docir::build(std::slice::from_ref(&md)).expect("markdown builds");
        let from_html = docir::build(std::slice::from_ref(&html)).expect("html builds");
        let (a, b) = (facts(&from_md.api), facts(&from_html.api));
        assert_eq!(a.endpoints.len(), 1, "{}: {:?}", md.display(), a.endpoints);
        assert!(!a.params.is_empty() || !a.dtos.is_empty(), "{}: nothing read", md.display());
        assert_eq!(a, b, "\nMarkdown: {}\nHTML:     {}", md.display(), html.display());
        let errors: Vec<String> =
            from_html.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", html.display());
    }
}

#[test]
fn the_broken_table_fixture_is_recovered_and_reported_with_its_position() {
    let html = fixtures().join("variants/management/管理小部件/update-widget-theme.html");
    let b = docir::build(&[html]).expect("builds");
    let broken: Vec<_> = b.diagnostics.iter().filter(|d| d.code == Code::BrokenTable).collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0].severity, Severity::Warning);
    assert!(broken[0].at.file.ends_with("update-widget-theme.html"));
    assert!(broken[0].at.col.is_some_and(|c| c > 1));
    assert!(broken[0].message.contains("customCss"), "{}", broken[0].message);
    let fields: Vec<&str> = b.api.dtos["WidgetThemeInputDto"].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(fields, vec!["palette", "customCss", "fontSize", "corner", "showBorder", "borderColor"]);
    assert_eq!(b.api.enums.values().map(|e| e.values.len()).sum::<usize>(), 4, "{:?}", b.api.enums.keys());
}

#[test]
fn html_fields_point_at_their_rows_by_line_and_column() {
    let html = fixtures().join("management/管理小部件/create-widget.html");
    let b = docir::build(&[html]).expect("builds");
    let e = b.api.endpoints.values().next().expect("an endpoint");
    let cols: Vec<u32> = e.params.iter().filter_map(|p| p.from.first().and_then(|l| l.col)).collect();
    assert_eq!(cols.len(), e.params.len(), "every parameter has a column");
    assert!(cols.windows(2).all(|w| w[0] < w[1]), "rows in order on their line: {cols:?}");
}
