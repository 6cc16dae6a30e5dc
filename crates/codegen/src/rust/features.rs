//! Cargo features of the generated crate: one per tag (the folder a client's pages are grouped
//! in), so that an application compiles only the methods it uses and the models they reach.
//!
//! A client's feature (`management`) turns on every tag feature of that client; the code is
//! gated on tag features only: a method and its request struct on its tag's feature, a client
//! on any of its tags, and a model on any tag whose methods reach it (through parameters,
//! responses and nested DTOs, see [`types::reachable`]).

use super::names::{self, Claim, Made, Scope};
use super::types;
use docir::diag::{Diagnostic, Loc};
use docir::ir::{Api, Client};
use std::collections::{BTreeMap, BTreeSet};

/// One tag feature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// The cargo feature: `<client module>-<tag in ASCII words>` (`management-guan-li-yong-hu`
    /// for the tag `管理用户`), kebab-case.
    pub name: String,
    /// The tag as the pages name it (`None`: pages in no tag folder).
    pub tag: Option<String>,
    /// Index of its client (in the order given to [`plan`]).
    pub client: usize,
    /// How many endpoints it holds.
    pub methods: usize,
}

/// Every tag feature, and what each compiles.
#[derive(Debug, Default)]
pub struct Features {
    /// Sorted by client, then by feature name.
    pub list: Vec<Feature>,
    /// Endpoint key (of `Api::endpoints`) → its feature (index in `list`).
    pub of_endpoint: BTreeMap<String, usize>,
    /// DTO or enum name → the features whose endpoints reach it.
    pub of_model: BTreeMap<String, BTreeSet<usize>>,
}

impl Features {
    /// The `cfg` predicate of code needed by any of `set`: `feature = "a"` or
    /// `any(feature = "a", feature = "b")`, features sorted by name.
    pub fn cfg(&self, set: &BTreeSet<usize>) -> String {
        let mut names: Vec<&str> = set.iter().map(|&i| self.list[i].name.as_str()).collect();
        names.sort_unstable();
        let preds: Vec<String> =
            names.iter().map(|n| format!("feature = {}", super::filters::string_literal(n))).collect();
        match preds.as_slice() {
            [one] => one.clone(),
            _ => format!("any({})", preds.join(", ")),
        }
    }

    /// The features of client `client`.
    pub fn of_client(&self, client: usize) -> BTreeSet<usize> {
        (0..self.list.len()).filter(|&i| self.list[i].client == client).collect()
    }
}

/// Groups the endpoints of each client by tag into features, and finds the features reaching
/// each model. `modules` are the clients' module identifiers (the features' prefixes); names
/// that collide once made ASCII are told apart (and reported) by `names::Scope`. Without
/// `per_tag`, each client is one feature named after its module (what a build script's crate
/// declares).
pub fn plan(
    api: &Api,
    clients: &[&Client],
    modules: &[String],
    per_tag: bool,
    diags: &mut Vec<Diagnostic>,
) -> Features {
    // (client, tag) → its endpoints, in the client's order.
    type Group<'a> = (usize, Option<&'a str>);
    let mut groups: BTreeMap<Group, Vec<&String>> = BTreeMap::new();
    for (ci, c) in clients.iter().enumerate() {
        for k in &c.endpoints {
            if let Some(e) = api.endpoints.get(k) {
                let tag = e.tag.as_deref().filter(|t| per_tag && !t.trim().is_empty());
                groups.entry((ci, tag)).or_default().push(k);
            }
        }
    }
    let groups: Vec<(Group, Vec<&String>)> = groups.into_iter().collect();
    let raws: Vec<String> =
        groups.iter().map(|((ci, tag), _)| format!("{}/{}", names::unraw(&modules[*ci]), tag.unwrap_or(""))).collect();
    let mut scope = Scope::new("features of the crate").reserve(&["default", "oidc", "events"]);
    if per_tag {
        scope = scope.reserve(&modules.iter().map(|m| names::unraw(m)).collect::<Vec<_>>());
    }
    let claims = groups
        .iter()
        .zip(&raws)
        .map(|(((ci, tag), eps), raw)| {
            // Tags are often Chinese: their transliteration (pinyin words) keeps the name
            // readable and ASCII, which crates.io requires of feature names.
            let module = names::unraw(&modules[*ci]);
            let words = tag.map(deunicode::deunicode).unwrap_or_else(|| "other".into());
            let made = if per_tag {
                names::snake(&format!("{module} {words}"), "tag")
            } else {
                Made { ident: module.to_string(), changed: None }
            };
            let at = eps
                .iter()
                .find_map(|k| api.endpoints[*k].sources.first().cloned())
                .unwrap_or_else(|| Loc::new(&std::sync::Arc::from("<ir>"), 0));
            Claim { raw, made: Made { ident: names::unraw(&made.ident).to_string(), changed: None }, at }
        })
        .collect();
    let idents = scope.claim_all(claims, diags);

    let mut list: Vec<(Feature, &Vec<&String>)> = groups
        .iter()
        .zip(idents)
        .map(|(((ci, tag), eps), ident)| {
            let feature =
                Feature { name: ident.replace('_', "-"), tag: tag.map(String::from), client: *ci, methods: eps.len() };
            (feature, eps)
        })
        .collect();
    list.sort_by(|a, b| (a.0.client, &a.0.name).cmp(&(b.0.client, &b.0.name)));

    let mut features = Features::default();
    for (fi, (feature, eps)) in list.into_iter().enumerate() {
        let mut roots = Vec::new();
        for &k in eps {
            features.of_endpoint.insert(k.clone(), fi);
            let e = &api.endpoints[k];
            for p in &e.params {
                let mut n = Vec::new();
                types::names_in(&p.ty, &mut n);
                n.extend(p.enum_ref.as_deref());
                roots.extend(n.into_iter().map(String::from));
            }
            if let Some(t) = e.response.as_ref().and_then(|r| r.data.as_ref()) {
                let mut n = Vec::new();
                types::names_in(t, &mut n);
                roots.extend(n.into_iter().map(String::from));
            }
        }
        for name in types::reachable(api, roots) {
            features.of_model.entry(name).or_default().insert(fi);
        }
        features.list.push(feature);
    }
    features
}

#[cfg(test)]
mod tests {
    use super::*;
    use docir::ir::{Dto, Endpoint, Field, Limits, Localized, Param, ParamLocation, Response, Type};

    fn field(name: &str, ty: Type) -> Field {
        Field {
            name: name.into(),
            ty,
            required: false,
            sample: None,
            description: Localized::default(),
            limits: Limits::default(),
            enum_ref: None,
            from: vec![],
        }
    }

    fn endpoint(name: &str, tag: Option<&str>, param: Option<&str>, data: Option<&str>) -> Endpoint {
        let mut e: Endpoint = serde_json::from_value(serde_json::json!({
            "module": "management", "client": "ManagementClient", "name": name, "names": {},
            "slug": name, "http": {"method": "POST", "path": format!("/api/v3/{name}"), "evidence": []},
            "summary": {}, "description": {}, "params": [],
            "request_dto": {"value": format!("{name}Dto"), "from": []}, "sources": []
        }))
        .expect("a minimal endpoint");
        e.tag = tag.map(String::from);
        if let Some(p) = param {
            e.params.push(Param {
                property: Field { required: true, ..field("body", Type::reference(p)) },
                location: ParamLocation::Body,
                default: None,
            });
        }
        e.response = data.map(|d| Response { dto: "Resp".into(), data: Some(Type::reference(d)), from: vec![] });
        e
    }

    fn api() -> Api {
        let mut api = Api::default();
        let eps = [
            endpoint("a1", Some("甲"), Some("Shared"), Some("OnlyA")),
            endpoint("a2", Some("甲"), None, None),
            endpoint("b1", Some("乙"), None, Some("Outer")),
            endpoint("c1", None, None, None),
        ];
        for e in eps {
            api.endpoints.insert(e.name.clone(), e);
        }
        let dto =
            |name: &str, fields: Vec<Field>| Dto { name: name.into(), fields, has_required_column: true, from: vec![] };
        // `Outer` nests `Shared` (in an array), which nests `Leaf`: B reaches both through it.
        api.dtos.insert("Outer".into(), dto("Outer", vec![field("items", Type::array(Type::reference("Shared")))]));
        api.dtos.insert("Shared".into(), dto("Shared", vec![field("leaf", Type::reference("Leaf"))]));
        api.dtos.insert("Leaf".into(), dto("Leaf", vec![]));
        api.dtos.insert("OnlyA".into(), dto("OnlyA", vec![]));
        api.clients.insert(
            "ManagementClient".into(),
            Client {
                name: "ManagementClient".into(),
                module: "management".into(),
                endpoints: vec!["a1".into(), "a2".into(), "b1".into(), "c1".into()],
            },
        );
        api
    }

    fn planned() -> Features {
        let api = api();
        let clients: Vec<&Client> = api.clients.values().collect();
        plan(&api, &clients, &["management".into()], true, &mut Vec::new())
    }

    fn names_of(f: &Features, model: &str) -> Vec<String> {
        f.of_model.get(model).into_iter().flatten().map(|&i| f.list[i].name.clone()).collect()
    }

    #[test]
    fn tags_become_ascii_features_of_their_client() {
        let f = planned();
        let names: Vec<&str> = f.list.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["management-jia", "management-other", "management-yi"]);
        assert_eq!(f.list[0].tag.as_deref(), Some("甲"));
        assert_eq!(f.list[0].methods, 2);
        assert_eq!(f.list[1].tag, None);
        assert_eq!(f.list[f.of_endpoint["b1"]].name, "management-yi");
    }

    #[test]
    fn a_model_is_compiled_by_every_tag_reaching_it_nested_too() {
        let f = planned();
        assert_eq!(names_of(&f, "OnlyA"), ["management-jia"]);
        assert_eq!(names_of(&f, "Outer"), ["management-yi"]);
        // Reached by A as a parameter and by B through `Outer.items`, and `Leaf` through it.
        assert_eq!(names_of(&f, "Shared"), ["management-jia", "management-yi"]);
        assert_eq!(names_of(&f, "Leaf"), ["management-jia", "management-yi"]);
        let shared = &f.of_model["Shared"];
        assert_eq!(f.cfg(shared), r#"any(feature = "management-jia", feature = "management-yi")"#);
        assert_eq!(f.cfg(&f.of_model["OnlyA"]), r#"feature = "management-jia""#);
    }

    #[test]
    fn without_tags_each_client_is_one_feature_named_after_its_module() {
        let api = api();
        let clients: Vec<&Client> = api.clients.values().collect();
        let f = plan(&api, &clients, &["management".into()], false, &mut Vec::new());
        assert_eq!(f.list.len(), 1);
        assert_eq!(f.list[0].name, "management");
        assert_eq!(f.list[0].methods, 4);
        assert_eq!(f.cfg(&f.of_model["Leaf"]), r#"feature = "management""#);
    }

    #[test]
    fn colliding_feature_names_are_told_apart() {
        let mut api = api();
        // `甲` and `Jia` both transliterate to `jia`.
        api.endpoints.get_mut("c1").unwrap().tag = Some("Jia".into());
        let clients: Vec<&Client> = api.clients.values().collect();
        let mut diags = Vec::new();
        let f = plan(&api, &clients, &["management".into()], true, &mut diags);
        let mut names: Vec<&str> = f.list.iter().map(|x| x.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["management-jia", "management-jia-2", "management-yi"]);
        assert_eq!(diags.len(), 1, "{diags:?}");
    }
}
