//! Which pages are copies of one endpoint: pages are grouped by folder module + file slug, and
//! by slug + method name across folders; groups that turn out to be one method under two slugs
//! are joined, and groups that document an SDK-side helper rather than an API call are skipped.

use super::vote::Votes;
use crate::diag::{Code, Diagnostic, Loc};
use crate::lower::{PageEndpoint, compact};
use heck::ToKebabCase;
use petgraph::unionfind::UnionFind;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The module a client class belongs to: `AuthenticationClient` → `authentication`.
pub fn client_module(client: &str) -> Option<String> {
    let base = client.strip_suffix("Client")?;
    (!base.is_empty()).then(|| base.to_ascii_lowercase())
}

pub(super) use crate::ir::NameStyle as Style;

/// A page with what merge needs to know about it.
pub(super) struct PageFacts<'a> {
    pub p: &'a PageEndpoint,
    /// The page's index in the pages merged.
    pub index: usize,
    pub name: Option<String>,
    pub slug: String,
    pub path_module: Option<String>,
    pub tag: Option<String>,
    pub line_module: Option<String>,
    pub sample_module: Option<String>,
    /// Weight of this copy's vote: structured formats count more.
    pub weight: usize,
}

impl PageFacts<'_> {
    /// The module this page's own evidence points to: what its sample code builds, else
    /// its method line, else its folder.
    pub fn module(&self) -> Option<&str> {
        self.sample_module.as_deref().or(self.line_module.as_deref()).or(self.path_module.as_deref())
    }
    pub fn style(&self) -> Option<Style> {
        self.name.as_deref().map(Style::of)
    }
    /// Whether the page has the current template's method line; copies without one are
    /// leftovers of older runs and lose ties to current copies.
    pub fn current(&self) -> bool {
        self.p.client.is_some()
    }
}

/// What merge knows of every page, sorted by file (so the result does not depend on the
/// reading order). A page with neither a method name nor a slug file name is skipped.
pub(super) fn page_facts<'a>(pages: &'a [PageEndpoint], diags: &mut Vec<Diagnostic>) -> Vec<PageFacts<'a>> {
    let known_modules: BTreeSet<String> = pages
        .iter()
        .flat_map(|p| p.client.iter().chain(p.sample_clients.iter()))
        .filter_map(|(c, _)| client_module(c))
        .collect();

    let mut facts: Vec<PageFacts> = Vec::with_capacity(pages.len());
    for (index, p) in pages.iter().enumerate() {
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
        let sample_votes: Votes<String> = p.sample_clients.iter().filter_map(|(c, _)| client_module(c)).collect();
        let sample_module = sample_votes.into_best().map(|(m, _)| m);
        let weight = 1 + p.format.fidelity() as usize;
        facts.push(PageFacts { p, index, name, slug, path_module, tag, line_module, sample_module, weight });
    }
    facts.sort_by(|a, b| a.p.file.cmp(&b.p.file).then(a.p.at.line.cmp(&b.p.at.line)));
    facts
}

/// Groups of pages, keyed by their first member; members are indices into the page facts,
/// ascending.
pub(super) type Groups = BTreeMap<usize, Vec<usize>>;

/// What makes two pages copies of one endpoint: sharing any key. The one notion of "same
/// endpoint" in docir: merge groups by it, and fused text-flat rows are split with what the
/// other pages of the group print.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum EndpointKey {
    /// The same module folder and file slug.
    FolderSlug { module: String, slug: String },
    /// The same slug and method name (compacted: `bind_email` = `bindEmail`).
    SlugName { slug: String, name: String },
    /// A page that names no method: its slug alone.
    Slug(String),
}

fn group_keys(f: &PageFacts) -> Vec<EndpointKey> {
    let mut keys = Vec::with_capacity(2);
    if let (Some(m), Some(s)) = (&f.path_module, &f.p.file_slug) {
        keys.push(EndpointKey::FolderSlug { module: m.clone(), slug: s.clone() });
    }
    match &f.name {
        Some(n) => keys.push(EndpointKey::SlugName { slug: f.slug.clone(), name: compact(n) }),
        None => keys.push(EndpointKey::Slug(f.slug.clone())),
    }
    keys
}

/// Pages sharing a key are one group (transitively).
pub(super) fn group(facts: &[PageFacts]) -> Groups {
    let mut uf = UnionFind::<usize>::new(facts.len());
    let mut first: HashMap<EndpointKey, usize> = HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        for k in group_keys(f) {
            match first.get(&k) {
                Some(&j) => {
                    uf.union(i, j);
                }
                None => {
                    first.insert(k, i);
                }
            }
        }
    }
    // A group is keyed by its smallest member: the first one met in ascending order.
    let mut key_of_root: HashMap<usize, usize> = HashMap::new();
    let mut groups = Groups::new();
    for i in 0..facts.len() {
        let key = *key_of_root.entry(uf.find_mut(i)).or_insert(i);
        groups.entry(key).or_default().push(i);
    }
    groups
}

/// One client cannot have two methods of the same name: groups that come out with the same
/// module and method name and the same parameters are one endpoint documented under two slugs
/// (a misspelt file name, say). They are joined and reported.
pub(super) fn join_same_method(facts: &[PageFacts], groups: &mut Groups, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(String, String, BTreeSet<String>), usize> = BTreeMap::new();
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for (&root, members) in groups.iter() {
        let (module, _) = super::module::decide_module(facts, members);
        let names: Votes<String> = members.iter().filter_map(|&i| facts[i].name.as_deref()).map(compact).collect();
        let Some((name, _)) = names.into_best() else {
            continue;
        };
        let params: BTreeSet<String> = members
            .iter()
            .flat_map(|&i| facts[i].p.params.iter().filter_map(|f| f.name.as_deref().map(compact)))
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
        let slug_of = |ms: &[usize]| ms.first().map(|&i| facts[i].slug.clone()).unwrap_or_default();
        let (Some(target), Some(&a)) = (groups.get(&into), moved.first()) else { continue };
        let b = target[0];
        diags.push(
            Diagnostic::warning(
                Code::SlugsJoined,
                facts[a].p.at.clone(),
                format!(
                    "the slugs `{}` and `{}` document the same method `{}` with the same parameters; merged into one endpoint",
                    slug_of(&moved),
                    slug_of(target),
                    facts[a].name.as_deref().unwrap_or("?"),
                ),
            )
            .related(facts[b].p.at.clone(), "the other slug"),
        );
        if let Some(t) = groups.get_mut(&into) {
            t.extend(moved);
            t.sort_unstable();
        }
    }
}

/// Pages generated from the API print the method name (`## 方法名称`), JSON-schema types
/// (`string`, `boolean`) and the response envelope (`statusCode`, ..., `data`). A method none
/// of whose copies prints a method name (or, when some do, none prints the response envelope
/// and one gives a primitive result), and whose pages are written in SDK terms instead —
/// language type names (`String`, `bool`), a primitive result (`类型： boolean`), a result
/// table that is not the envelope — is an SDK-side method (a wrapper or helper, such as a
/// sign-in shortcut or building a logout URL) whose HTTP request the pages do not show. It is
/// skipped with a note rather than bound to a guessed endpoint.
pub(super) fn skip_sdk_side_methods(facts: &[PageFacts], groups: &mut Groups, diags: &mut Vec<Diagnostic>) {
    let mut skip = Vec::new();
    for (&root, members) in groups.iter() {
        // Copies that print a method line: an SDK-side method only when no copy prints the
        // response envelope and some copy gives a primitive result (a URL, a string).
        let has_line = members.iter().any(|&i| facts[i].p.client.is_some());
        if has_line {
            let envelope =
                |i: usize| facts[i].p.response_fields.iter().any(|f| f.name.as_deref() == Some("statusCode"));
            if members.iter().any(|&i| envelope(i)) || !members.iter().any(|&i| primitive_result(facts[i].p)) {
                continue;
            }
        }
        let with_tables: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| facts[i].p.request_at.is_some() || facts[i].p.response_at.is_some())
            .collect();
        let evidence: Vec<(usize, Loc, String)> =
            with_tables.iter().filter_map(|&i| sdk_side_evidence(facts[i].p).map(|(l, w)| (i, l, w))).collect();
        if with_tables.is_empty() || evidence.len() * 2 < with_tables.len() {
            continue;
        }
        let (first, at, why) = &evidence[0];
        let f = &facts[*first];
        diags.push(
            Diagnostic::note(
                Code::SdkSideMethod,
                f.p.at.clone(),
                format!(
                    "skipped `{}`: an SDK-side method, not an API endpoint: none of its {} copies {}, and {} of them are written in SDK terms ({why}); the pages do not show its HTTP request",
                    f.slug,
                    members.len(),
                    if has_line {
                        "prints the response envelope (one gives a primitive result)"
                    } else {
                        "prints a method name"
                    },
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

/// Whether the page's result type is a primitive (`类型： string`): no response envelope.
fn primitive_result(p: &PageEndpoint) -> bool {
    p.response_dto.as_ref().is_some_and(|(t, _)| {
        matches!(t.to_ascii_lowercase().as_str(), "string" | "boolean" | "bool" | "number" | "integer" | "void")
    })
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

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::testing::{field, page};
    use super::*;

    #[test]
    fn client_modules() {
        for (client, module) in [
            ("AuthenticationClient", Some("authentication")),
            ("ManagementClient", Some("management")),
            ("Client", None),
            ("Foo", None),
            ("", None),
        ] {
            assert_eq!(client_module(client).as_deref(), module, "{client}");
        }
    }

    #[test]
    fn styles() {
        for (name, style, key) in [
            ("bindEmail", Style::Camel, "camel"),
            ("BindEmail", Style::Pascal, "pascal"),
            ("bind_email", Style::Snake, "snake"),
            ("Bind_Email", Style::Snake, "snake"),
            ("list", Style::Camel, "camel"),
        ] {
            assert_eq!(Style::of(name), style, "{name}");
            assert_eq!(Style::of(name).as_str(), key, "{name}");
        }
    }

    /// (relative path, method line client, method name) per page → groups of paths.
    fn grouped(pages: &[(&str, Option<&str>, Option<&str>)]) -> Vec<Vec<String>> {
        let pages: Vec<PageEndpoint> = pages.iter().map(|(path, client, name)| page(path, *client, *name)).collect();
        let mut diags = Vec::new();
        let facts = page_facts(&pages, &mut diags);
        let groups = group(&facts);
        groups.values().map(|ms| ms.iter().map(|&i| facts[i].p.file.to_string()).collect()).collect()
    }

    #[test]
    fn grouping() {
        let c = Some("AuthenticationClient");
        let cases: &[(&[(&str, Option<&str>, Option<&str>)], &[&[&str]])] = &[
            // Same folder module and slug: one group whatever the method names say.
            (
                &[
                    ("py/authentication/bind-email.md", c, Some("bind_email")),
                    ("go/authentication/bind-email.md", c, None),
                ],
                &[&["go/authentication/bind-email.md", "py/authentication/bind-email.md"]],
            ),
            // Same slug and method name in folders that are not modules.
            (
                &[("a/bind-email.md", c, Some("bindEmail")), ("b/bind-email.md", None, Some("BindEmail"))],
                &[&["a/bind-email.md", "b/bind-email.md"]],
            ),
            // Same slug, different method names, no module folder: two endpoints.
            (
                &[("a/list.md", c, Some("listUsers")), ("b/list.md", c, Some("listRoles"))],
                &[&["a/list.md"], &["b/list.md"]],
            ),
            // Transitive: a ~ b by folder, b ~ c by name.
            (
                &[
                    ("x/authentication/get-user.md", c, Some("getUser")),
                    ("y/authentication/get-user.md", c, Some("get_profile")),
                    ("z/get-user.md", None, Some("getProfile")),
                ],
                &[&["x/authentication/get-user.md", "y/authentication/get-user.md", "z/get-user.md"]],
            ),
            // No method name: the slug alone groups.
            (&[("a/ping.md", None, None), ("b/ping.md", None, None)], &[&["a/ping.md", "b/ping.md"]]),
        ];
        for (pages, expected) in cases {
            let expected: Vec<Vec<String>> =
                expected.iter().map(|g| g.iter().map(|s| s.to_string()).collect()).collect();
            assert_eq!(grouped(pages), expected, "{pages:?}");
        }
    }

    #[test]
    fn pages_without_name_or_slug_are_skipped() {
        let pages = vec![page("a/000_x1.md", None, None), page("a/ok.md", None, None)];
        let mut diags = Vec::new();
        let facts = page_facts(&pages, &mut diags);
        assert_eq!(facts.len(), 1);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::PageSkipped);
    }

    #[test]
    fn page_modules() {
        // (folders, method line client, sample clients) → (path, line, sample, chosen module)
        let cases: &[(&str, Option<&str>, &[&str], [Option<&str>; 4])] = &[
            ("authentication/x.md", None, &[], [Some("authentication"), None, None, Some("authentication")]),
            (
                "authentication/x.md",
                Some("ManagementClient"),
                &[],
                [Some("authentication"), Some("management"), None, Some("management")],
            ),
            (
                "other/x.md",
                Some("ManagementClient"),
                &["AuthenticationClient", "AuthenticationClient", "ManagementClient"],
                [None, Some("management"), Some("authentication"), Some("authentication")],
            ),
            // A tie between sample clients goes to the smallest module name.
            (
                "x.md",
                None,
                &["ManagementClient", "AuthenticationClient"],
                [None, None, Some("authentication"), Some("authentication")],
            ),
        ];
        for (path, line, samples, [pm, lm, sm, m]) in cases {
            let mut p = page(path, *line, Some("x"));
            p.sample_clients = samples.iter().map(|c| (c.to_string(), p.at.clone())).collect();
            // Both modules are known from another page's method line.
            let other = page("z/y.md", Some("AuthenticationClient"), Some("y"));
            let other2 = page("z/w.md", Some("ManagementClient"), Some("w"));
            let pages = vec![p, other, other2];
            let facts = page_facts(&pages, &mut Vec::new());
            let f = facts.iter().find(|f| f.p.file.as_ref() == *path).unwrap();
            assert_eq!(
                [f.path_module.as_deref(), f.line_module.as_deref(), f.sample_module.as_deref(), f.module()],
                [*pm, *lm, *sm, *m],
                "{path}"
            );
        }
    }

    #[test]
    fn joins_one_method_under_two_slugs() {
        let c = Some("AuthenticationClient");
        let mut a = page("authentication/bind-email.md", c, Some("bindEmail"));
        let mut b = page("authentication/bind-emial.md", c, Some("bindEmail"));
        let mut other = page("authentication/bind-phone.md", c, Some("bindEmail"));
        a.params = vec![field("email")];
        b.params = vec![field("email")];
        other.params = vec![field("phone")];
        let pages = vec![a, b, other];
        let mut diags = Vec::new();
        let facts = page_facts(&pages, &mut diags);
        let mut groups = group(&facts);
        assert_eq!(groups.len(), 3);
        join_same_method(&facts, &mut groups, &mut diags);
        // Same module, name and parameters: joined; other parameters: kept apart.
        assert_eq!(groups.len(), 2);
        assert_eq!(diags.iter().filter(|d| d.code == Code::SlugsJoined).count(), 1);
    }

    #[test]
    fn sdk_side_evidence_cases() {
        let mut typed = page("a/x.md", None, None);
        typed.params = vec![field("s")];
        typed.params[0].ty_text = "String".into();
        let mut lang = page("a/x.md", None, None);
        lang.params = vec![field("s")];
        lang.params[0].ty_text = "bool".into();
        let mut json = page("a/x.md", None, None);
        json.params = vec![field("s")];
        json.params[0].ty_text = "string[]".into();
        let mut primitive = page("a/x.md", None, None);
        primitive.response_dto = Some(("boolean".into(), primitive.at.clone()));
        let mut envelope = page("a/x.md", None, None);
        envelope.response_at = Some(envelope.at.clone());
        envelope.response_fields = vec![field("statusCode"), field("data")];
        let mut no_envelope = page("a/x.md", None, None);
        no_envelope.response_at = Some(no_envelope.at.clone());
        no_envelope.response_fields = vec![field("url")];
        for (p, expected) in [
            (&typed, Some("type `String`")),
            (&lang, Some("type `bool`")),
            (&json, None),
            (&primitive, Some("result type `boolean`")),
            (&envelope, None),
            (&no_envelope, Some("a result table without the API envelope (`statusCode`)")),
        ] {
            assert_eq!(sdk_side_evidence(p).map(|(_, w)| w).as_deref(), expected);
        }
    }

    #[test]
    fn skips_groups_written_in_sdk_terms() {
        let mut helper = page("a/login-by-x.md", None, None);
        helper.response_at = Some(helper.at.clone());
        helper.response_dto = Some(("void".into(), helper.at.clone()));
        let mut api = page("a/list-x.md", None, None);
        api.response_at = Some(api.at.clone());
        api.response_fields = vec![field("statusCode")];
        let pages = vec![helper, api];
        let mut diags = Vec::new();
        let facts = page_facts(&pages, &mut diags);
        let mut groups = group(&facts);
        skip_sdk_side_methods(&facts, &mut groups, &mut diags);
        let left: Vec<&str> = groups.values().map(|ms| facts[ms[0]].slug.as_str()).collect();
        assert_eq!(left, ["list-x"]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::SdkSideMethod);
    }

    #[test]
    fn a_method_line_is_not_enough_to_make_a_url_builder_an_endpoint() {
        // A method line, a primitive result and no envelope on any copy: SDK-side.
        let mut builder = page("a/build-x-url.md", Some("AClient"), Some("buildXUrl"));
        builder.response_dto = Some(("string".into(), builder.at.clone()));
        builder.response_at = Some(builder.at.clone());
        // A method line and a result table without the envelope, but no primitive result: kept.
        let mut plain = page("a/system.md", Some("AClient"), Some("system"));
        plain.response_at = Some(plain.at.clone());
        plain.response_fields = vec![field("version")];
        let pages = vec![builder, plain];
        let mut diags = Vec::new();
        let facts = page_facts(&pages, &mut diags);
        let mut groups = group(&facts);
        skip_sdk_side_methods(&facts, &mut groups, &mut diags);
        let left: Vec<&str> = groups.values().map(|ms| facts[ms[0]].slug.as_str()).collect();
        assert_eq!(left, ["system"]);
        assert_eq!(diags.iter().filter(|d| d.code == Code::SdkSideMethod).count(), 1);
    }
}
