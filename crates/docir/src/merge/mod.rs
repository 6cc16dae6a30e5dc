//! All copies of an endpoint → one endpoint, better than any single copy.
//!
//! Pages are grouped by endpoint (`group`), fused text-flat rows split with what the
//! group's other copies print (`split`), the group's module is decided from the evidence
//! and stale copies are set aside (`module`), every fact is reconciled across copies with
//! structured sources preferred over lossy ones (`endpoint`, `fields`, `recover`,
//! `reconcile`, by `vote`), DTOs are merged by name (`dto`), enums named, linked and shared
//! (`enums`), and type links checked (`refs`). Every disagreement becomes a diagnostic.

mod dto;
mod endpoint;
mod enums;
mod fields;
mod group;
mod module;
mod reconcile;
mod recover;
mod refs;
mod split;
mod superseded;
#[cfg(test)]
mod testing;
mod vote;

use crate::diag::{Code, Diagnostic};
use crate::ir::{Api, Client, Dto, Endpoint};
use crate::lower::PageEndpoint;
use dto::DtoTables;
use enums::EnumJob;
use rayon::prelude::*;

/// At most this many locations are kept per fact: enough to find where it came from without
/// listing every copy (a DTO printed on 300 pages would otherwise carry 300 per field).
pub const MAX_LOCATIONS: usize = 8;

/// Merges every page into the IR.
pub fn merge(mut pages: Vec<PageEndpoint>, diags: &mut Vec<Diagnostic>) -> Api {
    let (mut groups, plan) = {
        let facts = group::page_facts(&pages, diags);
        let groups = group::group(&facts);
        let plan = split::plan(&facts, &groups);
        (groups, plan)
    };
    // Fused rows are split first: everything below reads the rows. The groups stay: they
    // depend on names, slugs and folders, not on rows.
    if !plan.is_empty() {
        split::split_pages(&mut pages, plan, diags);
    }
    let facts = group::page_facts(&pages, &mut Vec::new());
    group::join_same_method(&facts, &mut groups, diags);
    group::skip_sdk_side_methods(&facts, &mut groups, diags);

    let mut api = Api::default();
    let mut dto_tables = DtoTables::default();
    let mut enum_jobs: Vec<EnumJob> = Vec::new();

    // Groups are independent: merged in parallel, assembled in order (so the output is the same).
    let group_list: Vec<&Vec<usize>> = groups.values().collect();
    let merged_groups: Vec<_> = group_list
        .par_iter()
        .map(|members| {
            let (mut jobs, mut notes) = (Vec::new(), Vec::new());
            let r = endpoint::merge_group(&facts, members, &mut jobs, &mut notes);
            (r, jobs, notes)
        })
        .collect();
    let set_aside = {
        let endpoints: Vec<&Endpoint> = merged_groups.iter().map(|((e, _), _, _)| e).collect();
        superseded::superseded(&endpoints, diags)
    };
    for (n, ((endpoint, current), mut jobs, mut notes)) in merged_groups.into_iter().enumerate() {
        diags.append(&mut notes);
        if set_aside.contains(&n) {
            continue;
        }
        enum_jobs.append(&mut jobs);
        for &i in &current {
            dto_tables.add_page(&facts, i, endpoint.response.as_ref().map(|r| r.dto.as_str()));
        }
        add_endpoint(&mut api, endpoint, diags);
    }
    for c in api.clients.values_mut() {
        c.endpoints.sort();
        c.endpoints.dedup();
    }

    // DTOs: 数据结构 tables and response tables, merged by name across every page.
    let merged_dtos: Vec<(Dto, Vec<EnumJob>, Vec<Diagnostic>)> =
        dto_tables.names().into_par_iter().map(|name| dto::merge_dto(&facts, name, &dto_tables)).collect();
    for (dto, mut jobs, mut notes) in merged_dtos {
        enum_jobs.append(&mut jobs);
        diags.append(&mut notes);
        api.dtos.insert(dto.name.clone(), dto);
    }

    enums::build_enums(&mut api, enum_jobs);
    enums::share_enums(&mut api, diags);
    refs::check_refs(&mut api, diags);
    crate::route::refine(&mut api, diags);
    api
}

/// Adds an endpoint under `<module>/<slug>` and lists it in its client; a second method
/// under a key already taken is reported and left out.
fn add_endpoint(api: &mut Api, endpoint: Endpoint, diags: &mut Vec<Diagnostic>) {
    let key = format!("{}/{}", endpoint.module, endpoint.slug);
    api.clients
        .entry(endpoint.client.clone())
        .or_insert_with(|| Client {
            name: endpoint.client.clone(),
            module: endpoint.module.clone(),
            endpoints: Vec::new(),
        })
        .endpoints
        .push(key.clone());
    if let Some(prev) = api.endpoints.get(&key) {
        diags.push(
            Diagnostic::warning(
                Code::ParamSetDiffers,
                endpoint.sources[0].clone(),
                format!(
                    "two different methods (`{}` and `{}`) share the page slug `{key}`; keeping the first",
                    prev.name, endpoint.name
                ),
            )
            .related(prev.sources[0].clone(), "the other method"),
        );
        return;
    }
    api.endpoints.insert(key, endpoint);
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::testing::{endpoint, page};
    use super::*;

    #[test]
    fn endpoints_by_key_and_client() {
        let mut api = Api::default();
        let mut diags = Vec::new();
        let mk = |module: &str, slug: &str, name: &str| {
            let mut e = endpoint("XDto", vec![]);
            (e.module, e.slug, e.name, e.client) = (module.into(), slug.into(), name.into(), format!("{module}Client"));
            e
        };
        for e in [mk("b", "y", "y"), mk("a", "x", "x"), mk("a", "x", "other"), mk("b", "z", "z")] {
            add_endpoint(&mut api, e, &mut diags);
        }
        let keys: Vec<&str> = api.endpoints.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a/x", "b/y", "b/z"]);
        assert_eq!(api.endpoints["a/x"].name, "x");
        assert_eq!(api.clients["bClient"].endpoints, ["b/y", "b/z"]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::ParamSetDiffers);
    }

    #[test]
    fn merges_copies_into_one_endpoint() {
        let mut a = page("py/authentication/bind-email.md", Some("AuthenticationClient"), Some("bind_email"));
        let mut b = page("node/authentication/bind-email.md", Some("AuthenticationClient"), Some("bindEmail"));
        let c = page("node/management/list-users.md", Some("ManagementClient"), Some("listUsers"));
        for p in [&mut a, &mut b] {
            p.request_at = Some(p.at.clone());
            p.params = vec![super::testing::field("email")];
        }
        let mut diags = Vec::new();
        let api = merge(vec![a, b, c], &mut diags);
        let keys: Vec<&str> = api.endpoints.keys().map(String::as_str).collect();
        assert_eq!(keys, ["authentication/bind-email", "management/list-users"]);
        let e = &api.endpoints["authentication/bind-email"];
        assert_eq!((e.name.as_str(), e.client.as_str(), e.sources.len()), ("bindEmail", "AuthenticationClient", 2));
        assert_eq!(e.params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["email"]);
        // Nothing on these pages shows the method: only the guess is reported.
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::RouteGuessed], "{diags:?}");
    }
}
