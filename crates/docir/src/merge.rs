//! All copies of an endpoint → one endpoint, better than any single copy.
//!
//! Pages are grouped by endpoint (folder module + file slug; slug + method name across
//! folders), the group's module is decided from the evidence (sample code, method line,
//! folder), stale copies are set aside, and every field is reconciled across copies with
//! structured sources preferred over lossy ones. Every disagreement becomes a diagnostic.

use crate::blocks::Format;
use crate::diag::{Code, Diagnostic, Loc};
use crate::infer::{self, RowTell};
use crate::ir::{
    self, Api, Client, Dto, Endpoint, Enum, EnumValue, Field, Limits, Localized, Param, ParamLocation, Sourced, Type,
};
use crate::lower::{PageEndpoint, RawField, compact};
use crate::vocab::Locale;
use heck::{ToKebabCase, ToLowerCamelCase, ToPascalCase};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// At most this many locations are kept per fact: enough to find where it came from without
/// listing every copy (a DTO printed on 300 pages would otherwise carry 300 per field).
pub const MAX_LOCATIONS: usize = 8;

/// The module a client class belongs to: `AuthenticationClient` → `authentication`.
pub fn client_module(client: &str) -> Option<String> {
    let base = client.strip_suffix("Client")?;
    (!base.is_empty()).then(|| base.to_ascii_lowercase())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    Camel,
    Pascal,
    Snake,
}

fn style_of(name: &str) -> Style {
    if name.contains('_') {
        Style::Snake
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        Style::Pascal
    } else {
        Style::Camel
    }
}

fn style_key(s: Style) -> &'static str {
    match s {
        Style::Camel => "camel",
        Style::Pascal => "pascal",
        Style::Snake => "snake",
    }
}

/// A page with what merge needs to know about it.
struct Info<'a> {
    p: &'a PageEndpoint,
    name: Option<String>,
    slug: String,
    path_module: Option<String>,
    tag: Option<String>,
    line_module: Option<String>,
    sample_module: Option<String>,
    /// Weight of this copy's vote: structured formats count more.
    weight: usize,
}

impl Info<'_> {
    /// The module this page's own evidence points to: what its sample code builds, else
    /// its method line, else its folder.
    fn module(&self) -> Option<&str> {
        self.sample_module.as_deref().or(self.line_module.as_deref()).or(self.path_module.as_deref())
    }
    fn style(&self) -> Option<Style> {
        self.name.as_deref().map(style_of)
    }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let next = self.0[y];
            self.0[y] = r;
            y = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// Merges every page into the IR.
pub fn merge(pages: &[PageEndpoint], diags: &mut Vec<Diagnostic>) -> Api {
    let mut known_modules = BTreeSet::new();
    for p in pages {
        for (c, _) in p.client.iter().chain(p.sample_clients.iter()) {
            if let Some(m) = client_module(c) {
                known_modules.insert(m);
            }
        }
    }

    let mut infos: Vec<Info> = Vec::with_capacity(pages.len());
    for p in pages {
        let name = p.method_name.as_ref().map(|(n, _)| n.clone());
        let slug = match (&p.file_slug, &name) {
            (Some(s), _) => s.clone(),
            (None, Some(n)) => n.to_kebab_case(),
            (None, None) => {
                diags.push(Diagnostic::warning(
                    Code::PageSkipped,
                    p.at.clone(),
                    "skipped: the page names no method (no method line, no client call in sample code) and its file name is not a slug",
                ));
                continue;
            }
        };
        let path_pos = p.folders.iter().rposition(|f| known_modules.contains(f));
        let path_module = path_pos.map(|i| p.folders[i].clone());
        let tag = path_pos.and_then(|i| p.folders.get(i + 1).cloned());
        let line_module = p.client.as_ref().and_then(|(c, _)| client_module(c));
        let mut sample_votes: BTreeMap<String, usize> = BTreeMap::new();
        for (c, _) in &p.sample_clients {
            if let Some(m) = client_module(c) {
                *sample_votes.entry(m).or_default() += 1;
            }
        }
        let sample_module =
            sample_votes.into_iter().max_by_key(|(m, n)| (*n, std::cmp::Reverse(m.clone()))).map(|(m, _)| m);
        let weight = 1 + p.format.fidelity() as usize;
        infos.push(Info { p, name, slug, path_module, tag, line_module, sample_module, weight });
    }
    // Deterministic whatever the reading order: sort by file.
    infos.sort_by(|a, b| a.p.file.cmp(&b.p.file).then(a.p.at.line.cmp(&b.p.at.line)));

    // Group: same folder module and slug, or same slug and method name.
    let mut uf = UnionFind((0..infos.len()).collect());
    let mut first: HashMap<(u8, String, String), usize> = HashMap::new();
    for (i, info) in infos.iter().enumerate() {
        let mut keys = Vec::new();
        if let (Some(m), Some(s)) = (&info.path_module, &info.p.file_slug) {
            keys.push((0u8, m.clone(), s.clone()));
        }
        if let Some(n) = &info.name {
            keys.push((1u8, info.slug.clone(), compact(n)));
        } else {
            keys.push((2u8, info.slug.clone(), String::new()));
        }
        for k in keys {
            match first.get(&k) {
                Some(&j) => uf.union(i, j),
                None => {
                    first.insert(k, i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..infos.len() {
        let r = uf.find(i);
        groups.entry(r).or_default().push(i);
    }
    join_same_method(&infos, &mut groups, diags);
    skip_sdk_side_methods(&infos, &mut groups, diags);

    let mut api = Api::default();
    let mut dto_sources: DtoSources = BTreeMap::new();
    let mut response_sources: ResponseSources = BTreeMap::new();
    let mut enum_jobs: Vec<EnumJob> = Vec::new();

    // Groups are independent: merged in parallel, assembled in order (so the output is the same).
    let group_list: Vec<&Vec<usize>> = groups.values().collect();
    let merged_groups: Vec<_> = group_list
        .par_iter()
        .map(|members| {
            let (mut jobs, mut notes) = (Vec::new(), Vec::new());
            let r = merge_group(&infos, members, &mut jobs, &mut notes);
            (r, jobs, notes)
        })
        .collect();
    for (r, mut jobs, mut notes) in merged_groups {
        enum_jobs.append(&mut jobs);
        diags.append(&mut notes);
        let Some((endpoint, current)) = r else {
            continue;
        };
        for &i in &current {
            for d in &infos[i].p.dtos {
                dto_sources.entry(d.name.clone()).or_default().push((i, d));
            }
            if let (Some((dto, _)), Some(_)) = (&infos[i].p.response_dto, &infos[i].p.response_at) {
                if endpoint.response.as_ref().is_some_and(|r| &r.dto == dto) {
                    response_sources
                        .entry(dto.clone())
                        .or_default()
                        .push((i, infos[i].p.response_fields.iter().collect()));
                }
            }
        }
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
            continue;
        }
        api.endpoints.insert(key, endpoint);
    }
    for c in api.clients.values_mut() {
        c.endpoints.sort();
        c.endpoints.dedup();
    }

    // DTOs: 数据结构 tables and response tables, merged by name across every page.
    let mut names: BTreeSet<String> = dto_sources.keys().cloned().collect();
    names.extend(response_sources.keys().cloned());
    let names: Vec<String> = names.into_iter().collect();
    let merged_dtos: Vec<(Dto, Vec<EnumJob>, Vec<Diagnostic>)> =
        names.into_par_iter().map(|name| merge_dto(&infos, name, &dto_sources, &response_sources)).collect();
    for (dto, mut jobs, mut notes) in merged_dtos {
        enum_jobs.append(&mut jobs);
        diags.append(&mut notes);
        api.dtos.insert(dto.name.clone(), dto);
    }

    build_enums(&mut api, enum_jobs);
    share_enums(&mut api, diags);
    check_refs(&mut api, diags);
    api
}

type DtoSources<'a> = BTreeMap<String, Vec<(usize, &'a crate::lower::RawDto)>>;
type ResponseSources<'a> = BTreeMap<String, Vec<(usize, Vec<&'a RawField>)>>;

/// One DTO from every table that shows it (`数据结构` tables and response tables).
fn merge_dto(
    infos: &[Info],
    name: String,
    dto_sources: &DtoSources,
    response_sources: &ResponseSources,
) -> (Dto, Vec<EnumJob>, Vec<Diagnostic>) {
    let (mut enum_jobs, mut notes) = (Vec::new(), Vec::new());
    let diags = &mut notes;
    {
        let mut tables: Vec<Table> = Vec::new();
        let mut from = Vec::new();
        let mut has_required_column = false;
        for (i, d) in dto_sources.get(&name).into_iter().flatten() {
            tables.push(Table { info: *i, fields: d.fields.iter().collect(), at: d.at.clone() });
            from.push(d.at.clone());
            has_required_column |= d.has_required_column;
        }
        for (i, fields) in response_sources.get(&name).into_iter().flatten() {
            let at = infos[*i].p.response_at.clone().unwrap_or_else(|| infos[*i].p.at.clone());
            tables.push(Table { info: *i, fields: fields.clone(), at: at.clone() });
            from.push(at);
        }
        let merged = merge_fields(infos, &tables, &format!("DTO `{name}`"), diags);
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
        (Dto { name, fields, has_required_column, from }, enum_jobs, notes)
    }
}

/// A field or parameter whose sample (or known values) belong to an enum documented for a
/// field of the same name elsewhere takes that enum's values: pages print only the first value
/// of an enum, the bullets appear where the field is described in full. Reported as a note.
fn share_enums(api: &mut Api, diags: &mut Vec<Diagnostic>) {
    /// An enum documented with at least two values: its name, `Dto.field`, and its values.
    struct Source {
        enum_name: String,
        owner: String,
        values: Vec<String>,
    }
    let mut by_field: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    for d in api.dtos.values() {
        for f in &d.fields {
            if let Some(e) = f.enum_ref.as_ref().and_then(|n| api.enums.get(n)).filter(|e| e.values.len() >= 2) {
                by_field.entry(f.name.clone()).or_default().push(Source {
                    enum_name: e.name.clone(),
                    owner: format!("{}.{}", d.name, f.name),
                    values: e.values.iter().map(|v| v.value.clone()).collect(),
                });
            }
        }
    }
    // The largest source containing every known value (ties: the first by name).
    let pick = |name: &str, own: Option<&String>, known: &[String]| -> Option<&Source> {
        by_field
            .get(name)?
            .iter()
            .filter(|s| Some(&s.enum_name) != own && !known.is_empty())
            .filter(|s| known.iter().all(|k| s.values.contains(k)) && s.values.len() > known.len())
            .max_by(|a, b| a.values.len().cmp(&b.values.len()).then_with(|| b.enum_name.cmp(&a.enum_name)))
    };
    let known_of = |enum_ref: &Option<String>, sample: &Option<String>| -> Vec<String> {
        match enum_ref.as_ref().and_then(|n| api.enums.get(n)) {
            Some(e) => e.values.iter().map(|v| v.value.clone()).collect(),
            None => sample.iter().filter(|s| is_enum_sample(s)).cloned().collect(),
        }
    };
    let enumerable =
        |t: &Type| matches!(t, Type::String) || matches!(t, Type::Array { items } if **items == Type::String);

    /// Where the values go: a parameter (endpoint key) or a DTO field, and the enum to fill.
    struct Job {
        param: bool,
        owner: String,
        field: String,
        enum_name: String,
        source_enum: String,
        source_owner: String,
        at: Option<Loc>,
    }
    let mut jobs = Vec::new();
    for (key, e) in &api.endpoints {
        for p in e.params.iter().filter(|p| enumerable(&p.ty)) {
            if let Some(src) = pick(&p.name, p.enum_ref.as_ref(), &known_of(&p.enum_ref, &p.sample)) {
                let default = format!("{}{}", e.request_dto.value.to_pascal_case(), p.name.to_pascal_case());
                jobs.push(Job {
                    param: true,
                    owner: key.clone(),
                    field: p.name.clone(),
                    enum_name: p.enum_ref.clone().unwrap_or(default),
                    source_enum: src.enum_name.clone(),
                    source_owner: src.owner.clone(),
                    at: p.from.first().cloned(),
                });
            }
        }
    }
    for (dname, d) in &api.dtos {
        for f in d.fields.iter().filter(|f| enumerable(&f.ty)) {
            if let Some(src) = pick(&f.name, f.enum_ref.as_ref(), &known_of(&f.enum_ref, &f.sample)) {
                let default = format!("{}{}", dname.to_pascal_case(), f.name.to_pascal_case());
                jobs.push(Job {
                    param: false,
                    owner: dname.clone(),
                    field: f.name.clone(),
                    enum_name: f.enum_ref.clone().unwrap_or(default),
                    source_enum: src.enum_name.clone(),
                    source_owner: src.owner.clone(),
                    at: f.from.first().cloned(),
                });
            }
        }
    }
    for j in jobs {
        // The source's values keep their descriptions and locations.
        let source: Vec<EnumValue> = api.enums.get(&j.source_enum).map(|e| e.values.clone()).unwrap_or_default();
        let entry = api
            .enums
            .entry(j.enum_name.clone())
            .or_insert_with(|| Enum { name: j.enum_name.clone(), values: Vec::new() });
        let mut added = Vec::new();
        for v in source {
            if !entry.values.iter().any(|x| x.value == v.value) {
                added.push(v.value.clone());
                entry.values.push(v);
            }
        }
        if j.param {
            if let Some(p) =
                api.endpoints.get_mut(&j.owner).and_then(|e| e.params.iter_mut().find(|p| p.name == j.field))
            {
                p.enum_ref = Some(j.enum_name.clone());
            }
        } else if let Some(f) = api.dtos.get_mut(&j.owner).and_then(|d| d.fields.iter_mut().find(|f| f.name == j.field))
        {
            f.enum_ref = Some(j.enum_name.clone());
        }
        if let Some(at) = j.at {
            diags.push(Diagnostic::note(
                Code::EnumShared,
                at,
                format!(
                    "`{}` takes the values of `{}` (same field name, its documented value is one of them): added {}",
                    j.field,
                    j.source_owner,
                    added.join(", ")
                ),
            ));
        }
    }
}

struct Table<'a> {
    info: usize,
    fields: Vec<&'a RawField>,
    at: Loc,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EnumTarget {
    Param,
    Field,
}

struct EnumJob {
    /// The request DTO (for parameters) or the DTO that has the field.
    owner: String,
    field: String,
    values: Vec<(String, Localized, Vec<Loc>)>,
    target: EnumTarget,
}

/// Merges one group of pages into an endpoint. Returns the endpoint and the pages whose facts
/// were used (stale copies excluded).
/// The module of a group: each page votes for what its own evidence says (ties go to the
/// module with more sample-code evidence, then the first by name). Returns the votes too.
fn decide_module(infos: &[Info], members: &[usize]) -> (String, BTreeMap<String, (usize, usize)>) {
    let mut votes: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for &i in members {
        if let Some(m) = infos[i].module() {
            let e = votes.entry(m.to_owned()).or_default();
            e.0 += 1;
            if infos[i].sample_module.as_deref() == Some(m) {
                e.1 += 1;
            }
        }
    }
    let module = votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(m, _)| m.clone())
        .or_else(|| members.iter().find_map(|&i| infos[i].path_module.clone()))
        .unwrap_or_else(|| "default".to_owned());
    (module, votes)
}

/// One client cannot have two methods of the same name: groups that come out with the same
/// module and method name and the same parameters are one endpoint documented under two slugs
/// (a misspelt file name, say). They are joined and reported.
/// Pages generated from the API print the method name (`## 方法名称`), JSON-schema types
/// (`string`, `boolean`) and the response envelope (`statusCode`, ..., `data`). A method none
/// of whose copies prints a method name, and whose pages are written in SDK terms instead —
/// language type names (`String`, `bool`), a primitive result (`类型： boolean`), a result
/// table that is not the envelope — is an SDK-side method (a wrapper or helper, such as a
/// sign-in shortcut or building a logout URL) whose HTTP request the pages do not show. It is
/// skipped with a note rather than bound to a guessed endpoint.
fn skip_sdk_side_methods(infos: &[Info], groups: &mut BTreeMap<usize, Vec<usize>>, diags: &mut Vec<Diagnostic>) {
    let mut skip = Vec::new();
    for (&root, members) in groups.iter() {
        if members.iter().any(|&i| infos[i].p.client.is_some()) {
            continue;
        }
        let with_tables: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| infos[i].p.request_at.is_some() || infos[i].p.response_at.is_some())
            .collect();
        let evidence: Vec<(usize, Loc, String)> =
            with_tables.iter().filter_map(|&i| sdk_side_evidence(infos[i].p).map(|(l, w)| (i, l, w))).collect();
        if with_tables.is_empty() || evidence.len() * 2 < with_tables.len() {
            continue;
        }
        let (first, at, why) = &evidence[0];
        let info = &infos[*first];
        diags.push(
            Diagnostic::note(
                Code::PageSkipped,
                info.p.at.clone(),
                format!(
                    "skipped `{}`: an SDK-side method, not an API endpoint: none of its {} copies prints a method name, and {} of them are written in SDK terms ({why}); the pages do not show its HTTP request",
                    info.slug,
                    members.len(),
                    evidence.len(),
                ),
            )
            .related(at.clone(), why.clone()),
        );
        skip.push(root);
    }
    for r in skip {
        groups.remove(&r);
    }
}

/// Where a page shows it documents an SDK method rather than an API operation (see
/// [`skip_sdk_side_methods`]), and what it shows.
fn sdk_side_evidence(p: &PageEndpoint) -> Option<(Loc, String)> {
    for f in &p.params {
        let t = f.ty_text.trim_end_matches("[]");
        let lower = t.to_ascii_lowercase();
        let json_word = matches!(lower.as_str(), "string" | "number" | "integer" | "boolean" | "object" | "array");
        let language_word = matches!(t, "str" | "bool" | "int" | "long" | "float" | "double" | "dict" | "list" | "map");
        if (json_word && t != lower) || language_word {
            return Some((f.at.clone(), format!("type `{}`", f.ty_text)));
        }
    }
    if let Some((t, at)) = &p.response_dto {
        let lower = t.to_ascii_lowercase();
        if matches!(lower.as_str(), "string" | "boolean" | "bool" | "number" | "integer" | "void" | "object" | "any") {
            return Some((at.clone(), format!("result type `{t}`")));
        }
    }
    if let Some(at) = &p.response_at {
        if !p.response_fields.is_empty() && !p.response_fields.iter().any(|f| f.name.as_deref() == Some("statusCode")) {
            return Some((at.clone(), "a result table without the API envelope (`statusCode`)".to_owned()));
        }
    }
    None
}

fn join_same_method(infos: &[Info], groups: &mut BTreeMap<usize, Vec<usize>>, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(String, String, BTreeSet<String>), usize> = BTreeMap::new();
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for (&root, members) in groups.iter() {
        let (module, _) = decide_module(infos, members);
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        for &i in members {
            if let Some(n) = &infos[i].name {
                *names.entry(compact(n)).or_default() += 1;
            }
        }
        let Some((name, _)) = names.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))) else {
            continue;
        };
        let params: BTreeSet<String> = members
            .iter()
            .flat_map(|&i| infos[i].p.params.iter().filter_map(|f| f.name.as_deref().map(compact)))
            .collect();
        match seen.get(&(module.clone(), name.clone(), params.clone())) {
            Some(&first) => joins.push((first, root)),
            None => {
                seen.insert((module, name, params), root);
            }
        }
    }
    for (into, from) in joins {
        let Some(moved) = groups.remove(&from) else { continue };
        let slug_of = |ms: &[usize]| ms.first().map(|&i| infos[i].slug.clone()).unwrap_or_default();
        let (Some(target), Some(&a)) = (groups.get(&into), moved.first()) else { continue };
        let b = target[0];
        diags.push(
            Diagnostic::warning(
                Code::SlugsJoined,
                infos[a].p.at.clone(),
                format!(
                    "the slugs `{}` and `{}` document the same method `{}` with the same parameters; merged into one endpoint",
                    slug_of(&moved),
                    slug_of(target),
                    infos[a].name.as_deref().unwrap_or("?"),
                ),
            )
            .related(infos[b].p.at.clone(), "the other slug"),
        );
        if let Some(t) = groups.get_mut(&into) {
            t.extend(moved);
            t.sort_unstable();
        }
    }
}

fn merge_group(
    infos: &[Info],
    members: &[usize],
    enum_jobs: &mut Vec<EnumJob>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Endpoint, Vec<usize>)> {
    let (module, votes) = decide_module(infos, members);

    // Stale copies: the page's method line (and folder) name another module, but its own sample
    // code, or the copies in the module's own folder, say otherwise.
    let module_has_own_folder = members.iter().any(|&i| infos[i].path_module.as_deref() == Some(&module));
    let mut current = Vec::new();
    let mut stale = Vec::new();
    for &i in members {
        let info = &infos[i];
        let line_other = info.line_module.as_deref().is_some_and(|m| m != module);
        let self_contradicts = line_other && info.sample_module.as_deref() == Some(&module);
        let copied_elsewhere =
            line_other && module_has_own_folder && info.path_module.as_deref().is_some_and(|m| m != module);
        if self_contradicts || copied_elsewhere {
            stale.push(i);
        } else {
            current.push(i);
        }
    }
    if current.is_empty() {
        current = std::mem::take(&mut stale);
    }
    let winner_at = current
        .iter()
        .find(|&&i| infos[i].line_module.as_deref() == Some(&module))
        .map(|&i| infos[i].p.client.as_ref().map_or_else(|| infos[i].p.at.clone(), |c| c.1.clone()))
        .unwrap_or_else(|| infos[current[0]].p.at.clone());

    // Client name: as the method lines spell it for this module.
    let mut client_votes: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &current {
        for (c, _) in infos[i].p.client.iter().chain(infos[i].p.sample_clients.iter()) {
            if client_module(c).as_deref() == Some(&module) {
                *client_votes.entry(c.as_str()).or_default() += 1;
            }
        }
    }
    let client = best(&client_votes).map(str::to_owned).unwrap_or_else(|| format!("{}Client", module.to_pascal_case()));

    // Method names per style, canonical camelCase.
    let mut name_votes: BTreeMap<Style, BTreeMap<&str, usize>> = BTreeMap::new();
    for &i in &current {
        if let Some(n) = &infos[i].name {
            *name_votes.entry(style_of(n)).or_default().entry(n.as_str()).or_default() += infos[i].weight;
        }
    }
    let mut names = BTreeMap::new();
    for (s, v) in &name_votes {
        if let Some(n) = best(v) {
            names.insert(style_key(*s).to_owned(), n.to_owned());
        }
    }
    let name = names
        .get("camel")
        .cloned()
        .or_else(|| names.values().next().map(|n| n.to_lower_camel_case()))
        .unwrap_or_else(|| infos[current[0]].slug.to_lower_camel_case());

    let mut slug_votes: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &current {
        if infos[i].p.file_slug.is_some() {
            *slug_votes.entry(infos[i].slug.as_str()).or_default() += 1;
        }
    }
    let slug = best(&slug_votes).map(str::to_owned).unwrap_or_else(|| infos[current[0]].slug.clone());
    let mut tag_votes: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &current {
        if let Some(t) = &infos[i].tag {
            *tag_votes.entry(t.as_str()).or_default() += 1;
        }
    }
    let tag = best(&tag_votes).map(str::to_owned);
    let key = format!("{module}/{slug}");

    // Report stale copies and client conflicts.
    for &i in &stale {
        let info = &infos[i];
        let at = info.p.client.as_ref().map_or_else(|| info.p.at.clone(), |c| c.1.clone());
        let because = if info.sample_module.as_deref() == Some(&module) {
            let sample_at = info
                .p
                .sample_clients
                .iter()
                .find(|(c, _)| client_module(c).as_deref() == Some(&module))
                .map(|(_, l)| l.clone());
            format!(
                "its own sample code builds a {client}{}",
                sample_at.map(|l| format!(" (line {})", l.line)).unwrap_or_default()
            )
        } else {
            format!("the copies in the `{module}` folder say {client}")
        };
        diags.push(
            Diagnostic::warning(
                Code::StaleCopy,
                at,
                format!(
                    "stale copy: the method line says {}.{} but {because}; merged into `{key}` and not emitted as a second endpoint",
                    info.p.client.as_ref().map_or("?", |c| c.0.as_str()),
                    info.name.as_deref().unwrap_or("?"),
                ),
            )
            .related(winner_at.clone(), format!("current copy ({client})")),
        );
    }
    for &i in &current {
        let info = &infos[i];
        if let Some(pm) = info.path_module.as_deref().filter(|pm| *pm != module && info.line_module.is_none()) {
            diags.push(
                Diagnostic::note(
                    Code::ClientConflict,
                    info.p.at.clone(),
                    format!("this page sits in the `{pm}` folder but the evidence says {client} (`{module}`); using {client}"),
                )
                .related(winner_at.clone(), format!("says {client}")),
            );
        }
        if let (Some(lm), Some((c, at))) = (&info.line_module, &info.p.client) {
            if lm != &module {
                diags.push(
                    Diagnostic::warning(
                        Code::ClientConflict,
                        at.clone(),
                        format!(
                            "client conflict: this copy says {c}.{} but {} other cop{} say {client}; using {client}",
                            info.name.as_deref().unwrap_or("?"),
                            votes.get(&module).map_or(0, |v| v.0),
                            if votes.get(&module).map_or(0, |v| v.0) == 1 { "y" } else { "ies" },
                        ),
                    )
                    .related(winner_at.clone(), format!("says {client}")),
                );
            }
        }
    }

    // Titles and descriptions, per language.
    let summary = localized(infos, &current, |p| p.title.as_ref().map(|t| (t.text.clone(), t.at.clone())));
    let description = localized(infos, &current, |p| p.description.as_ref().map(|t| (t.text.clone(), t.at.clone())));

    // Parameters.
    let tables: Vec<Table> = current
        .iter()
        .filter_map(|&i| {
            infos[i].p.request_at.as_ref().map(|at| Table {
                info: i,
                fields: infos[i].p.params.iter().collect(),
                at: at.clone(),
            })
        })
        .collect();
    let request_dto = {
        let mut v: BTreeMap<&str, usize> = BTreeMap::new();
        let mut from = Vec::new();
        for &i in &current {
            if let Some((d, at)) = &infos[i].p.sample_dto {
                *v.entry(d.as_str()).or_default() += 1;
                from.push(at.clone());
            }
        }
        match best(&v) {
            Some(d) => Sourced::new(d.to_owned(), from),
            None => Sourced::new(format!("{}Dto", slug.to_pascal_case()), vec![]),
        }
    };
    let merged = merge_fields(infos, &tables, &format!("parameters of `{key}`"), diags);
    let mut params = Vec::new();
    let mut tells = Vec::new();
    for m in merged {
        if !m.enum_values.is_empty() {
            enum_jobs.push(EnumJob {
                owner: request_dto.value.clone(),
                field: m.name.clone(),
                values: m.enum_values.clone(),
                target: EnumTarget::Param,
            });
        }
        tells.push(m.tell.clone());
        params.push(Param {
            name: m.name,
            location: ParamLocation::Body,
            ty: m.ty,
            required: m.required,
            default: m.default,
            sample: m.sample,
            description: m.description,
            limits: Limits { max_items: m.max_items },
            enum_ref: None,
            from: m.from,
        });
    }
    let http = infer::infer(&name, &slug, &mut params, &tells);

    // Response type.
    let mut resp_votes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut resp_at: BTreeMap<&str, Vec<Loc>> = BTreeMap::new();
    for &i in &current {
        if let Some((d, at)) = &infos[i].p.response_dto {
            *resp_votes.entry(d.as_str()).or_default() += infos[i].weight;
            resp_at.entry(d.as_str()).or_default().push(at.clone());
        }
    }
    let response = best(&resp_votes).map(|dto| {
        for (other, locs) in &resp_at {
            if *other != dto {
                diags.push(
                    Diagnostic::warning(
                        Code::ResponseConflict,
                        locs[0].clone(),
                        format!("response type conflict: this copy says `{other}`, the others `{dto}`; using `{dto}`"),
                    )
                    .related(resp_at[dto][0].clone(), format!("says `{dto}`")),
                );
            }
        }
        let data = current
            .iter()
            .filter(|&&i| infos[i].p.response_dto.as_ref().is_some_and(|(d, _)| d == dto))
            .flat_map(|&i| infos[i].p.response_fields.iter().map(move |f| (i, f)))
            .filter(|(_, f)| f.name.as_deref() == Some("data"))
            .max_by_key(|(i, f)| (infos[*i].weight, f.resolved_type().map_or(0, |t| t.specificity())))
            .and_then(|(_, f)| f.resolved_type());
        ir::Response { dto: dto.to_owned(), data, from: resp_at[dto].clone() }
    });

    let mut sources: Vec<Loc> = members.iter().map(|&i| infos[i].p.at.clone()).collect();
    sources.sort();
    sources.dedup();
    Some((
        Endpoint {
            module,
            client,
            name,
            names,
            slug,
            tag,
            http,
            summary,
            description,
            params,
            request_dto,
            response,
            sources,
            client_auth: Vec::new(),
        },
        current,
    ))
}

/// The entry with the most votes; ties go to the smallest key so the choice is stable.
fn best<'k>(votes: &BTreeMap<&'k str, usize>) -> Option<&'k str> {
    votes.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(k, _)| *k)
}

/// Per language, the text most copies give, preferring structured formats.
fn localized(infos: &[Info], members: &[usize], get: impl Fn(&PageEndpoint) -> Option<(String, Loc)>) -> Localized {
    let mut out = Localized::default();
    for locale in [Locale::Zh, Locale::En] {
        let mut votes: BTreeMap<String, (usize, Vec<Loc>)> = BTreeMap::new();
        for &i in members {
            if infos[i].p.locale != Some(locale) {
                continue;
            }
            if let Some((t, at)) = get(infos[i].p) {
                if t.trim().is_empty() {
                    continue;
                }
                let e = votes.entry(t).or_default();
                e.0 += infos[i].weight;
                e.1.push(at);
            }
        }
        let pick = votes.into_iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.0.cmp(&a.0)));
        let s = pick.map(|(t, (_, mut from))| {
            from.sort();
            from.truncate(MAX_LOCATIONS);
            Sourced::new(t, from)
        });
        match locale {
            Locale::Zh => out.zh = s,
            Locale::En => out.en = s,
        }
    }
    out
}

/// A field or parameter reconciled across copies.
#[derive(Clone, Debug)]
struct Merged {
    name: String,
    ty: Type,
    required: bool,
    default: Option<String>,
    sample: Option<String>,
    description: Localized,
    max_items: Option<u64>,
    enum_values: Vec<(String, Localized, Vec<Loc>)>,
    from: Vec<Loc>,
    tell: RowTell,
}

/// Reconciles the rows of several copies of one table (a request table, or a DTO).
fn merge_fields(infos: &[Info], tables: &[Table], what: &str, diags: &mut Vec<Diagnostic>) -> Vec<Merged> {
    if tables.is_empty() {
        return Vec::new();
    }
    // Tables ordered best-first: structured formats, then file name.
    let mut order: Vec<usize> = (0..tables.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (infos[tables[a].info].p.format.fidelity(), infos[tables[b].info].p.format.fidelity());
        fb.cmp(&fa).then_with(|| tables[a].at.cmp(&tables[b].at))
    });

    // Recover names lost in lossy copies from the other copies.
    let mut names: Vec<Vec<Option<String>>> =
        tables.iter().map(|t| t.fields.iter().map(|f| f.name.clone()).collect()).collect();
    for ti in 0..tables.len() {
        for fi in 0..tables[ti].fields.len() {
            if names[ti][fi].is_some() {
                continue;
            }
            let lost = tables[ti].fields[fi];
            let present: BTreeSet<String> = names[ti].iter().flatten().map(|n| compact(n)).collect();
            let mut best_donor: Option<(i32, &RawField)> = None;
            for &tj in &order {
                if tj == ti {
                    continue;
                }
                for donor in &tables[tj].fields {
                    let Some(dn) = &donor.name else { continue };
                    if present.contains(&compact(dn)) {
                        continue;
                    }
                    let score = donor_score(lost, donor);
                    if score >= 3 && best_donor.is_none_or(|(s, _)| score > s) {
                        best_donor = Some((score, donor));
                    }
                }
            }
            match best_donor {
                Some((_, donor)) => {
                    let dn = donor.name.clone().unwrap_or_default();
                    diags.push(
                        Diagnostic::note(
                            Code::RowRecovered,
                            lost.at.clone().with_cell(0),
                            format!("the name cell of this row of {what} was lost in this copy; recovered `{dn}` from another copy"),
                        )
                        .related(donor.at.clone(), format!("`{dn}` here")),
                    );
                    names[ti][fi] = Some(dn);
                }
                None => match own_code_name(infos[tables[ti].info].p, lost, &present, &names[ti]) {
                    Some((name, at)) => {
                        diags.push(
                            Diagnostic::note(
                                Code::RowRecovered,
                                lost.at.clone().with_cell(0),
                                format!(
                                    "the name cell of this row of {what} was lost in this copy; recovered `{name}` from the page's own code, where it has this row's sample value"
                                ),
                            )
                            .related(at, format!("`{name}` here")),
                        );
                        names[ti][fi] = Some(name);
                    }
                    None => diags.push(Diagnostic::warning(
                        Code::RowDropped,
                        lost.at.clone().with_cell(0),
                        format!(
                            "the name cell of this row of {what} is missing and no other copy gives it; row dropped"
                        ),
                    )),
                },
            }
        }
    }

    // Cluster by compact name (`pass_code` = `passCode`) unless one table has both spellings.
    let mut key_of: Vec<Vec<Option<String>>> = Vec::with_capacity(tables.len());
    for names_t in &names {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for n in names_t.iter().flatten() {
            *seen.entry(compact(n)).or_default() += 1;
        }
        key_of.push(
            names_t
                .iter()
                .map(|n| {
                    n.as_ref().map(|n| {
                        if seen.get(&compact(n)).copied().unwrap_or(0) > 1 || compact(n).is_empty() {
                            format!("={n}")
                        } else {
                            compact(n)
                        }
                    })
                })
                .collect(),
        );
    }
    let mut keys_in_order: Vec<String> = Vec::new();
    let mut presence: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for &t in &order {
        for k in key_of[t].iter().flatten() {
            if !presence.contains_key(k) {
                keys_in_order.push(k.clone());
            }
            presence.entry(k.clone()).or_default().insert(t);
        }
    }
    let n_tables = tables.len();
    // A field is kept when at least half the copies have it; the others are reported below.
    let kept: Vec<String> = keys_in_order.into_iter().filter(|k| presence[k].len() * 2 >= n_tables).collect();
    // Parameter-set differences: one diagnostic per copy that differs.
    if n_tables > 1 {
        let kept_set: BTreeSet<&String> = kept.iter().collect();
        let reference = order.iter().copied().find(|&t| {
            let ks: BTreeSet<&String> = key_of[t].iter().flatten().collect();
            ks == kept_set
        });
        for &t in &order {
            let ks: BTreeSet<&String> = key_of[t].iter().flatten().collect();
            let extra: Vec<String> = tables[t]
                .fields
                .iter()
                .zip(&names[t])
                .zip(&key_of[t])
                .filter(|(_, k)| k.as_ref().is_some_and(|k| !kept_set.contains(k)))
                .filter_map(|((_, n), _)| n.clone())
                .collect();
            let missing: Vec<&String> = kept.iter().filter(|k| !ks.contains(k)).collect();
            if extra.is_empty() && missing.is_empty() {
                continue;
            }
            let mut msg = format!("{what} differ between copies:");
            if !extra.is_empty() {
                msg.push_str(&format!(
                    " this copy also has {} (most copies do not; left out)",
                    extra.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ));
            }
            if !missing.is_empty() {
                let shown: Vec<String> = missing.iter().map(|k| display_name(k, &names, &key_of)).collect();
                msg.push_str(&format!(
                    " this copy lacks {}",
                    shown.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ));
            }
            let mut d = Diagnostic::warning(Code::ParamSetDiffers, tables[t].at.clone(), msg);
            if let Some(r) = reference {
                d = d.related(tables[r].at.clone(), "a copy with the merged set");
            }
            diags.push(d);
        }
    }

    // Every field's occurrences, best copy first, gathered in one pass over the tables.
    let mut occurrences: HashMap<&str, Vec<(usize, &RawField, &str)>> =
        kept.iter().map(|k| (k.as_str(), Vec::new())).collect();
    for &t in &order {
        for (fi, f) in tables[t].fields.iter().enumerate() {
            if let Some(list) = key_of[t][fi].as_deref().and_then(|k| occurrences.get_mut(k)) {
                list.push((tables[t].info, f, names[t][fi].as_deref().unwrap_or("")));
            }
        }
    }
    kept.iter().map(|k| merge_one(infos, &occurrences[k.as_str()], what, diags)).collect()
}

/// A lost name from the page's own sample code or example JSON: the one key whose value is
/// this row's sample, not already a name in the table. Spelled like the table's other names
/// (a python `pass_code` becomes `passCode` in a camelCase table).
fn own_code_name(
    p: &PageEndpoint,
    lost: &RawField,
    present: &BTreeSet<String>,
    table: &[Option<String>],
) -> Option<(String, Loc)> {
    let sample = lost.sample.as_ref()?.text.trim().trim_matches(['"', '\'']);
    if sample.is_empty() {
        return None;
    }
    let candidates: Vec<&(String, String, Loc)> =
        p.code_pairs.iter().filter(|(k, v, _)| v == sample && !present.contains(&compact(k))).collect();
    let [(key, _, at)] = candidates.as_slice() else { return None };
    let camel_table = table.iter().flatten().any(|n| n.chars().any(|c| c.is_ascii_uppercase()))
        && !table.iter().flatten().any(|n| n.contains('_'));
    let name = if camel_table { key.to_lower_camel_case() } else { key.clone() };
    Some((name, at.clone()))
}

/// How well a row that lost its name matches a row of another copy.
fn donor_score(lost: &RawField, donor: &RawField) -> i32 {
    let mut s = 0;
    if let (Some(a), Some(b)) = (&lost.sample, &donor.sample) {
        if a.text == b.text {
            s += 3;
        }
    }
    if !lost.desc.text.is_empty() && lost.desc.text == donor.desc.text {
        s += 3;
    }
    if lost.resolved_type() == donor.resolved_type() && lost.resolved_type().is_some() {
        s += 1;
    }
    if lost.index == donor.index {
        s += 1;
    }
    if lost.required.is_some() && lost.required == donor.required {
        s += 1;
    }
    s
}

fn display_name(key: &str, names: &[Vec<Option<String>>], key_of: &[Vec<Option<String>>]) -> String {
    for (t, ks) in key_of.iter().enumerate() {
        for (i, k) in ks.iter().enumerate() {
            if k.as_deref() == Some(key) {
                if let Some(n) = &names[t][i] {
                    return n.clone();
                }
            }
        }
    }
    key.trim_start_matches('=').to_owned()
}

/// Reconciles one field's occurrences (best copy first).
fn merge_one(infos: &[Info], occ: &[(usize, &RawField, &str)], what: &str, diags: &mut Vec<Diagnostic>) -> Merged {
    // Spelling: the most common, weighted towards camelCase copies (the wire names).
    let mut spell: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, _, n) in occ {
        let w = match infos[*i].style() {
            Some(Style::Camel) => 3,
            Some(Style::Pascal) => 2,
            _ => 1,
        };
        *spell.entry(n).or_default() += w * infos[*i].weight;
    }
    let name = best(&spell).unwrap_or("").to_owned();

    // Type: vote by weight; agreeing copies refine to the most specific type.
    let mut tvotes: Vec<(Type, usize, Loc, Format)> = Vec::new();
    for (i, f, _) in occ {
        if let Some(t) = f.resolved_type() {
            match tvotes.iter_mut().find(|(x, ..)| *x == t) {
                Some(e) => e.1 += infos[*i].weight,
                None => tvotes.push((t, infos[*i].weight, f.at.clone(), infos[*i].p.format)),
            }
        }
    }
    tvotes.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| b.0.specificity().cmp(&a.0.specificity())).then_with(|| a.0.cmp(&b.0))
    });
    let mut ty = tvotes.first().map(|t| t.0.clone()).unwrap_or(Type::Any);
    let ty_at = tvotes.first().map(|t| t.2.clone());
    for (t, _, at, fmt) in tvotes.iter().skip(1) {
        match unify(&ty, t) {
            Some(u) => ty = u,
            None => {
                let structured = fmt.fidelity() >= Format::Html.fidelity();
                let d = Diagnostic::new(
                    if structured { crate::diag::Severity::Warning } else { crate::diag::Severity::Note },
                    Code::TypeConflict,
                    at.clone(),
                    format!(
                        "type conflict for `{name}` in {what}: this copy says {}, most copies {}; using {}",
                        t.notation(),
                        ty.notation(),
                        ty.notation()
                    ),
                );
                diags.push(match &ty_at {
                    Some(l) => d.related(l.clone(), format!("says {}", ty.notation())),
                    None => d,
                });
            }
        }
    }

    // Required: vote.
    let mut yes = (0usize, None::<Loc>);
    let mut no = (0usize, None::<Loc>);
    for (i, f, _) in occ {
        match f.required {
            Some(true) => {
                yes.0 += infos[*i].weight;
                yes.1.get_or_insert(f.at.clone());
            }
            Some(false) => {
                no.0 += infos[*i].weight;
                no.1.get_or_insert(f.at.clone());
            }
            None => {}
        }
    }
    let required = yes.0 >= no.0 && yes.0 > 0;
    if let (Some(y), Some(n)) = (&yes.1, &no.1) {
        let (minority, majority, says) = if required { (n, y, "optional") } else { (y, n, "required") };
        diags.push(
            Diagnostic::note(
                Code::RequiredConflict,
                minority.clone(),
                format!(
                    "`{name}` in {what} is {says} in this copy but {} in most; using {}",
                    if required { "required" } else { "optional" },
                    if required { "required" } else { "optional" }
                ),
            )
            .related(majority.clone(), "the majority"),
        );
    }

    let default = occ.iter().find_map(|(_, f, _)| f.default.clone());
    let sample = occ
        .iter()
        .filter_map(|(i, f, _)| f.sample.as_ref().map(|s| (infos[*i].p.format, s)))
        .max_by_key(|(fmt, s)| (s.quoted, fmt.fidelity()))
        .map(|(_, s)| s.text.clone());
    let max_items = occ.iter().find_map(|(_, f, _)| f.desc.max_items);

    let mut description = Localized::default();
    for locale in [Locale::Zh, Locale::En] {
        let pick = occ
            .iter()
            .filter(|(i, f, _)| infos[*i].p.locale == Some(locale) && !f.desc.text.is_empty())
            .max_by_key(|(i, f, _)| (infos[*i].p.format.fidelity(), std::cmp::Reverse(f.at.clone())))
            .map(|(_, f, _)| Sourced::new(f.desc.text.clone(), vec![f.at.clone()]));
        match locale {
            Locale::Zh => description.zh = pick,
            Locale::En => description.en = pick,
        }
    }

    // Enum values: listed values and bullets from every copy, plus the unquoted sample that
    // structured copies print for enum fields.
    let mut values: Vec<(String, Localized, Vec<Loc>)> = Vec::new();
    let enumerable = matches!(&ty, Type::String)
        || matches!(&ty, Type::Array { items } if **items == Type::String || **items == Type::Any);
    if enumerable {
        for (i, f, _) in occ {
            let locale = infos[*i].p.locale;
            for (v, d) in &f.desc.enum_values {
                add_value(&mut values, v, d, locale, &f.at);
            }
        }
        let listed = !values.is_empty();
        for (i, f, _) in occ {
            let fmt = infos[*i].p.format;
            if let Some(s) = &f.sample {
                if !s.quoted
                    && fmt.fidelity() >= Format::Html.fidelity()
                    && is_enum_sample(&s.text)
                    && (listed || matches!(ty, Type::String))
                {
                    add_value(&mut values, &s.text, "", infos[*i].p.locale, &f.at);
                }
            }
        }
        // No bullets: the prose may list the values around the one the sample shows.
        if !listed {
            let mut seeds: Vec<String> = values.iter().map(|v| v.0.clone()).collect();
            seeds.extend(
                occ.iter()
                    .filter_map(|(_, f, _)| f.sample.as_ref())
                    .map(|s| s.text.clone())
                    .filter(|s| is_enum_sample(s)),
            );
            let seeds: Vec<&str> = seeds.iter().map(String::as_str).collect();
            if !seeds.is_empty() {
                for (i, f, _) in occ {
                    for v in crate::cells::listed_values(&f.desc.text, &seeds) {
                        add_value(&mut values, &v, "", infos[*i].p.locale, &f.at);
                    }
                }
            }
        }
    }

    let mut tell = RowTell::default();
    for (_, f, _) in occ {
        match f.query_style {
            Some(true) => tell.query.push(f.at.clone()),
            Some(false) => tell.body.push(f.at.clone()),
            None => {}
        }
    }
    let mut from: Vec<Loc> = occ.iter().map(|(_, f, _)| f.at.clone()).collect();
    from.sort();
    from.dedup();
    from.truncate(MAX_LOCATIONS);
    Merged { name, ty, required, default, sample, description, max_items, enum_values: values, from, tell }
}

fn add_value(values: &mut Vec<(String, Localized, Vec<Loc>)>, v: &str, d: &str, locale: Option<Locale>, at: &Loc) {
    let entry = match values.iter_mut().position(|(x, ..)| x == v) {
        Some(p) => &mut values[p],
        None => {
            values.push((v.to_owned(), Localized::default(), Vec::new()));
            values.last_mut().unwrap()
        }
    };
    if !entry.2.contains(at) && entry.2.len() < MAX_LOCATIONS {
        entry.2.push(at.clone());
    }
    if !d.is_empty() {
        let slot = match locale {
            Some(Locale::En) => &mut entry.1.en,
            _ => &mut entry.1.zh,
        };
        if slot.is_none() {
            *slot = Some(Sourced::new(d.to_owned(), vec![at.clone()]));
        }
    }
}

/// An unquoted sample that can be an enum value: one token, not a number, not a boolean.
fn is_enum_sample(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && !matches!(s, "true" | "false" | "null")
}

/// The more specific of two agreeing types; `None` when they disagree.
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    Some(match (a, b) {
        (x, y) if x == y => x.clone(),
        (Any, x) | (x, Any) => x.clone(),
        (Integer, Number) | (Number, Integer) => Number,
        (Object, Ref { name }) | (Ref { name }, Object) => Ref { name: name.clone() },
        (Ref { name: x }, Ref { name: y }) if x.eq_ignore_ascii_case(y) => Ref { name: x.clone() },
        (Array { items: x }, Array { items: y }) => Type::array(unify(x, y)?),
        _ => return None,
    })
}

/// Turns collected enum values into named enums and links them from fields and parameters.
fn build_enums(api: &mut Api, jobs: Vec<EnumJob>) {
    for job in jobs {
        let name = format!("{}{}", job.owner.to_pascal_case(), job.field.to_pascal_case());
        let values: Vec<EnumValue> =
            job.values.into_iter().map(|(value, description, from)| EnumValue { value, description, from }).collect();
        match job.target {
            EnumTarget::Field => {
                if let Some(f) =
                    api.dtos.get_mut(&job.owner).and_then(|d| d.fields.iter_mut().find(|f| f.name == job.field))
                {
                    f.enum_ref = Some(name.clone());
                }
            }
            EnumTarget::Param => {
                for e in api.endpoints.values_mut().filter(|e| e.request_dto.value == job.owner) {
                    if let Some(p) = e.params.iter_mut().find(|p| p.name == job.field) {
                        p.enum_ref = Some(name.clone());
                    }
                }
            }
        }
        let entry = api.enums.entry(name.clone()).or_insert_with(|| Enum { name, values: Vec::new() });
        for v in values {
            if !entry.values.iter().any(|x| x.value == v.value) {
                entry.values.push(v);
            }
        }
    }
}

/// Every `Ref` must name a DTO; a link whose case differs is fixed, a missing one reported.
fn check_refs(api: &mut Api, diags: &mut Vec<Diagnostic>) {
    let by_lower: HashMap<String, String> = api.dtos.keys().map(|k| (k.to_ascii_lowercase(), k.clone())).collect();
    let known: BTreeSet<String> = api.dtos.keys().cloned().collect();
    let mut missing: BTreeMap<String, Loc> = BTreeMap::new();
    let mut fix = |t: &mut Type, at: Option<&Loc>| {
        fix_type(t, &known, &by_lower, &mut |name| {
            if let Some(at) = at {
                missing.entry(name.to_owned()).or_insert_with(|| at.clone());
            }
        })
    };
    for e in api.endpoints.values_mut() {
        for p in &mut e.params {
            let at = p.from.first().cloned();
            fix(&mut p.ty, at.as_ref());
        }
        if let Some(r) = &mut e.response {
            let at = r.from.first().cloned();
            if let Some(d) = &mut r.data {
                fix(d, at.as_ref());
            }
        }
    }
    for d in api.dtos.values_mut() {
        for f in &mut d.fields {
            let at = f.from.first().cloned();
            fix(&mut f.ty, at.as_ref());
        }
    }
    for (name, at) in missing {
        diags.push(Diagnostic::warning(
            Code::MissingDto,
            at,
            format!("type `{name}` links to a DTO that no page defines; it is generated as a free-form JSON value"),
        ));
    }
}

fn fix_type(t: &mut Type, known: &BTreeSet<String>, by_lower: &HashMap<String, String>, missing: &mut dyn FnMut(&str)) {
    match t {
        Type::Ref { name } if !known.contains(name.as_str()) => match by_lower.get(&name.to_ascii_lowercase()) {
            Some(real) => *name = real.clone(),
            None => missing(name),
        },
        Type::Array { items } => fix_type(items, known, by_lower, missing),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unify_prefers_specific_types() {
        assert_eq!(
            unify(&Type::array(Type::Any), &Type::array(Type::reference("A"))),
            Some(Type::array(Type::reference("A")))
        );
        assert_eq!(unify(&Type::Object, &Type::reference("A")), Some(Type::reference("A")));
        assert_eq!(unify(&Type::String, &Type::Boolean), None);
    }

    #[test]
    fn client_modules() {
        assert_eq!(client_module("AuthenticationClient").as_deref(), Some("authentication"));
        assert_eq!(client_module("Client"), None);
        assert_eq!(client_module("Foo"), None);
    }
}
