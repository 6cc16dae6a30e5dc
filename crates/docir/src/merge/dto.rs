//! DTOs: every table that shows one (`数据结构` tables, and response tables of the endpoints
//! whose response is that DTO), merged by name across all pages.

use super::MAX_LOCATIONS;
use super::enums::{EnumJob, EnumTarget};
use super::fields::{Table, merge_fields};
use super::group::PageFacts;
use crate::diag::Diagnostic;
use crate::ir::{Dto, Field, Limits};
use crate::lower::{RawDto, RawField};
use std::collections::BTreeMap;

/// The tables that show each DTO, by DTO name.
#[derive(Default)]
pub(super) struct DtoTables<'a> {
    /// `数据结构` tables: (page, table).
    pub defined: BTreeMap<String, Vec<(usize, &'a RawDto)>>,
    /// Response tables: (page, rows).
    pub responses: BTreeMap<String, Vec<(usize, Vec<&'a RawField>)>>,
}

impl<'a> DtoTables<'a> {
    /// Adds the DTO tables of a page whose facts were used for an endpoint, and its response
    /// table when the endpoint's response is the DTO the page names.
    pub fn add_page(&mut self, facts: &[PageFacts<'a>], i: usize, response_dto: Option<&str>) {
        let p = facts[i].p;
        for d in &p.dtos {
            self.defined.entry(d.name.clone()).or_default().push((i, d));
        }
        if let (Some((dto, _)), Some(_)) = (&p.response_dto, &p.response_at) {
            if response_dto == Some(dto.as_str()) {
                self.responses.entry(dto.clone()).or_default().push((i, p.response_fields.iter().collect()));
            }
        }
    }

    /// Every DTO name, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.defined.keys().chain(self.responses.keys()).cloned().collect();
        names.sort();
        names.dedup();
        names
    }
}

/// One DTO from every table that shows it. Fields are required only when some table of the
/// DTO has a required column. Enum values found go to the returned jobs.
pub(super) fn merge_dto(facts: &[PageFacts], name: String, tables: &DtoTables) -> (Dto, Vec<EnumJob>, Vec<Diagnostic>) {
    let (mut enum_jobs, mut diags) = (Vec::new(), Vec::new());
    let mut copies: Vec<Table> = Vec::new();
    let mut from = Vec::new();
    let mut has_required_column = false;
    for (i, d) in tables.defined.get(&name).into_iter().flatten() {
        copies.push(Table { page: *i, fields: d.fields.iter().collect(), at: d.at.clone() });
        from.push(d.at.clone());
        has_required_column |= d.has_required_column;
    }
    for (i, fields) in tables.responses.get(&name).into_iter().flatten() {
        let at = facts[*i].p.response_at.clone().unwrap_or_else(|| facts[*i].p.at.clone());
        copies.push(Table { page: *i, fields: fields.clone(), at: at.clone() });
        from.push(at);
    }
    let merged = merge_fields(facts, &copies, &format!("DTO `{name}`"), &mut diags);
    let mut fields = Vec::new();
    for m in merged {
        if !m.enum_values.is_empty() {
            enum_jobs.push(EnumJob {
                owner: name.clone(),
                field: m.name.clone(),
                values: m.enum_values.clone(),
                target: EnumTarget::Field,
            });
        }
        fields.push(Field {
            name: m.name,
            ty: m.ty,
            required: if has_required_column { m.required } else { false },
            sample: m.sample,
            description: m.description,
            limits: Limits { max_items: m.max_items },
            enum_ref: None,
            from: m.from,
        });
    }
    from.sort();
    from.dedup();
    from.truncate(MAX_LOCATIONS);
    (Dto { name, fields, has_required_column, from }, enum_jobs, diags)
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::group::page_facts;
    use super::super::testing::{field, page};
    use super::*;
    use crate::lower::PageEndpoint;

    fn raw_dto(name: &str, fields: &[(&str, Option<bool>)], has_required_column: bool) -> RawDto {
        RawDto {
            name: name.into(),
            at: page("d.md", None, None).at,
            fields: fields
                .iter()
                .map(|(n, r)| {
                    let mut f = field(n);
                    f.required = *r;
                    f
                })
                .collect(),
            has_required_column,
        }
    }

    #[test]
    fn dto_from_definitions_and_responses() {
        let mut a = page("a/x.md", None, Some("x"));
        a.dtos = vec![raw_dto("UserDto", &[("id", Some(true)), ("name", Some(false))], true)];
        a.response_dto = Some(("XRespDto".into(), a.at.clone()));
        a.response_at = Some(a.at.clone());
        a.response_fields = vec![field("statusCode"), field("data")];
        let mut b = page("b/y.md", None, Some("y"));
        // A response table shows no required column: its fields are never required.
        b.response_dto = Some(("YRespDto".into(), b.at.clone()));
        b.response_at = Some(b.at.clone());
        b.response_fields = vec![{
            let mut f = field("statusCode");
            f.required = Some(true);
            f
        }];
        let pages: Vec<PageEndpoint> = vec![a, b];
        let facts = page_facts(&pages, &mut Vec::new());
        let mut tables = DtoTables::default();
        tables.add_page(&facts, 0, Some("XRespDto"));
        // The endpoint's response is another DTO: the page's response table is not this one's.
        tables.add_page(&facts, 1, Some("OtherDto"));
        assert_eq!(tables.names(), ["UserDto", "XRespDto"]);
        tables.add_page(&facts, 1, Some("YRespDto"));
        assert_eq!(tables.names(), ["UserDto", "XRespDto", "YRespDto"]);
        // (name, fields with required, has required column)
        let cases: &[(&str, &[(&str, bool)], bool)] = &[
            ("UserDto", &[("id", true), ("name", false)], true),
            ("XRespDto", &[("statusCode", false), ("data", false)], false),
            ("YRespDto", &[("statusCode", false)], false),
            ("NoneDto", &[], false),
        ];
        for (name, fields, has_required) in cases {
            let (d, jobs, diags) = merge_dto(&facts, name.to_string(), &tables);
            let got: Vec<(&str, bool)> = d.fields.iter().map(|f| (f.name.as_str(), f.required)).collect();
            assert_eq!((got.as_slice(), d.has_required_column), (*fields, *has_required), "{name}");
            assert!(jobs.is_empty() && diags.is_empty());
        }
    }
}
