//! IR → the data the templates render. Every decision about names, types and grouping is made
//! here (with `names` and `types`); the templates only lay the data out. Documentation text is
//! passed on raw: the templates' filters escape it.

use super::examples::{self, Tok};
use super::features;
use super::names::{self, Claim, Made, Scope};
use super::paging;
use super::secrets;
use super::shared_enums;
use super::types::{self, TypeEnv};
use docir::diag::{Code, Diagnostic, Loc};
use docir::ir::{Api, Endpoint, Enum, EnumValue, HttpMethod, Localized, ParamLocation, Property, Type};
use heck::ToUpperCamelCase;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

#[derive(Debug, Serialize)]
pub struct CrateCtx {
    /// Cargo package name (`authing-sdk`) and the identifier code uses for it (`authing_sdk`).
    pub crate_name: String,
    pub crate_ident: String,
    pub version: String,
    pub clients: Vec<ClientCtx>,
    pub model_files: Vec<ModelFileCtx>,
    /// One feature per tag (`RenderOptions::tag_features`).
    pub tag_features: bool,
}

/// A tag feature of the generated crate (see `features`).
#[derive(Debug, Serialize)]
pub struct FeatureCtx {
    pub name: String,
    /// The tag as the pages name it (document text).
    pub tag: Option<String>,
    pub methods: usize,
}

/// One file of `src/models/`: the models used by one client only (compiled with its feature),
/// or by several (`common`).
#[derive(Debug, Serialize)]
pub struct ModelFileCtx {
    pub module: String,
    /// The client whose models these are (`None`: `common`).
    pub feature: Option<String>,
    /// `cfg` predicate of the whole file: any tag feature one of its models needs.
    pub cfg: String,
    pub structs: Vec<StructCtx>,
    pub enums: Vec<EnumCtx>,
}

#[derive(Debug, Serialize)]
pub struct StructCtx {
    pub name: String,
    /// `cfg` predicate of the struct and its impls: the tag features that need it (`None`:
    /// whenever its module is compiled).
    pub cfg: Option<String>,
    /// The features that need it (indices into `features::Features::list`).
    #[serde(skip)]
    pub features: BTreeSet<usize>,
    pub docs: Vec<String>,
    pub fields: Vec<FieldCtx>,
    /// `new(required fields)` (or a builder) and `with_*` setters: for values the caller builds.
    pub constructor: bool,
    /// `Default` is derived: every field is optional, or the struct is read from responses (so
    /// tests can build one).
    pub default: bool,
    /// More required fields than clippy accepts as arguments: instead of `new`, a builder type
    /// (this name) that takes each required field in turn, so none can be left out.
    pub builder: Option<String>,
    /// Models are read from responses; request structs are only written.
    pub deserialize: bool,
    /// Some field holds a secret: `Debug` is written out instead of derived.
    pub redacted: bool,
}

#[derive(Debug, Serialize)]
pub struct FieldCtx {
    pub ident: String,
    pub wire: String,
    /// The identifier differs from the wire name: serde needs `rename`.
    pub rename: bool,
    pub ty: String,
    pub required: bool,
    /// Parameter type of the constructor argument or setter (`impl Into<String>` for text).
    pub arg_ty: String,
    /// How an argument becomes the field value.
    pub conv: Conv,
    pub setter: String,
    pub docs: Vec<String>,
    /// The field holds a secret: `Debug` prints it redacted (`secrets::is_secret`).
    pub secret: bool,
}

/// How a constructor argument or setter value becomes the field value (the templates'
/// `conv` macro).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Conv {
    /// `value.into()`: text and numbers (`impl Into<String>`).
    Into,
    /// `Box::new(value)`: a boxed reference that breaks a cycle.
    Box,
    /// `value` as it is.
    Move,
}

#[derive(Debug, Serialize)]
pub struct EnumCtx {
    pub name: String,
    /// As `StructCtx::cfg`.
    pub cfg: Option<String>,
    #[serde(skip)]
    pub features: BTreeSet<usize>,
    pub docs: Vec<String>,
    pub variants: Vec<VariantCtx>,
}

#[derive(Debug, Serialize)]
pub struct VariantCtx {
    pub ident: String,
    pub wire: String,
    pub docs: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ClientCtx {
    pub name: String,
    pub builder: String,
    pub module: String,
    /// How the client authenticates: it picks the client's template.
    pub kind: ClientKind,
    /// `kind.example_builder()`.
    pub example_builder: &'static [&'static str],
    /// The host used when the caller gives none (`None`: the caller must give one).
    pub default_host: Option<String>,
    pub endpoints: Vec<EndpointCtx>,
    /// Its tag features, by name.
    pub features: Vec<FeatureCtx>,
    /// `cfg` predicate of the client's module: any of its tag features.
    pub cfg: String,
}

impl ClientCtx {
    /// The endpoint the crate docs' quick start and the README call, chosen by structure
    /// alone, never by name: a `GET` (reading changes nothing), without app credentials or path
    /// parameters, returning data, with the fewest required parameters, then the fewest
    /// parameters; of equals, the first in the client's order (the IR's, by page).
    pub fn quick_start(&self) -> Option<&EndpointCtx> {
        self.endpoints.iter().min_by_key(|e| {
            let fields = e.request.as_ref().map_or(&[][..], |r| &r.fields[..]);
            let required = fields.iter().filter(|f| f.required).count();
            (
                e.http_method != HttpMethod::Get,
                e.client_auth,
                !e.path_keys.is_empty(),
                e.data_ty.is_none(),
                required,
                fields.len(),
            )
        })
    }
}

/// The two ways a client authenticates (PROTOCOL.md), each rendered by its own template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    /// An access key exchanged for a management token.
    Management,
    /// An application's id (and secret), and a user's access token.
    App,
}

impl ClientKind {
    /// The template that renders a client of this kind.
    pub fn template(self) -> &'static str {
        match self {
            ClientKind::Management => "client_management.rs.tera",
            ClientKind::App => "client_app.rs.tera",
        }
    }

    /// The builder calls of the doc examples (after `Client::builder()`, before `.build()?`).
    pub fn example_builder(self) -> &'static [&'static str] {
        match self {
            ClientKind::Management => {
                &[".access_key_id(\"AUTHING_ACCESS_KEY_ID\")", ".access_key_secret(\"AUTHING_ACCESS_KEY_SECRET\")"]
            }
            ClientKind::App => &[".app_id(\"AUTHING_APP_ID\")", ".app_host(\"https://example.authing.cn\")"],
        }
    }

    /// The crate docs' protocol lines about a client of this kind.
    pub fn protocol(self) -> &'static [&'static str] {
        match self {
            ClientKind::Management => &[
                "- The management client fetches a token with its access key on first use, caches it until",
                "  shortly before it expires and sends it as `Authorization: Bearer <token>` with",
                "  `x-authing-userpool-id`.",
            ],
            ClientKind::App => &[
                "- The authentication client sends `x-authing-app-id`; a handle made by",
                "  `with_access_token` sends that user's token as `authorization` (without `Bearer `);",
                "  the sign-in and token endpoints get the app secret (`client_secret_post` or",
                "  `client_secret_basic`).",
            ],
        }
    }
}

#[derive(Debug, Serialize)]
pub struct EndpointCtx {
    pub method: String,
    /// `cfg` predicate of the method, its paging helpers and its request struct: its tag's
    /// feature.
    pub cfg: String,
    pub docs: Vec<String>,
    /// Written as the variant of the runtime's `Method` (`Get`).
    #[serde(serialize_with = "runtime_method")]
    pub http_method: HttpMethod,
    pub path: String,
    pub path_keys: Vec<String>,
    pub query_keys: Vec<String>,
    pub body: bool,
    /// The endpoint authenticates the application (`Endpoint::client_auth` in the IR).
    pub client_auth: bool,
    pub request: Option<StructCtx>,
    /// The envelope's `data` type; `None` for `()`.
    pub data_ty: Option<String>,
    /// A list endpoint: how to walk its pages (see `paging`).
    pub paging: Option<super::paging::PagingCtx>,
    /// The lines building the request in the doc example, as code and literal tokens.
    pub example: Vec<Vec<Tok>>,
    /// The example names models (and imports `models`).
    pub example_models: bool,
    /// The route as a mock server sees it, when it is plain (ASCII letters, digits and `-_./~`,
    /// no placeholder): the crate docs' testing example matches on it.
    pub mock_path: Option<String>,
    /// A `data` the endpoint's type decodes (JSON text), for the testing example's mock answer.
    pub mock_data: &'static str,
}

/// Names the generated code itself uses in the models and client modules.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Vec",
    "String",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Self",
    "Default",
    "Debug",
    "Clone",
    "PartialEq",
    "Eq",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "Display",
    "Formatter",
    "From",
    "Into",
    "ToString",
    "Value",
    "Map",
    "Error",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Fn",
    "Iterator",
    "AsRef",
];
/// Inherent items of the clients.
const RESERVED_METHODS: &[&str] = &[
    "builder",
    "with_access_token",
    "without_access_token",
    "set_access_token",
    "clear_access_token",
    "from_env",
    "with_timeout",
    "http_client",
    "call",
    "token",
    "clone",
    "fmt",
];
/// Modules of the generated crate besides the clients'.
/// Module names are file names (`src/<module>.rs`): besides the crate's own modules, the names
/// Windows reserves for devices cannot be used.
const RESERVED_MODULES: &[&str] = &[
    "models", "runtime", "error", "common", "lib", "prelude", "con", "prn", "aux", "nul", "com1", "com2", "com3",
    "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8",
    "lpt9",
];

/// The management API's public host (PROTOCOL.md), when `codegen.toml` names none.
const MANAGEMENT_HOST: &str = "https://api.authing.cn";

pub fn build(api: &Api, opts: &super::RenderOptions, diags: &mut Vec<Diagnostic>) -> CrateCtx {
    let (crate_name, version) = (opts.crate_name.as_str(), opts.crate_version.as_str());
    let merged = shared_enums::merge(api, RESERVED_TYPES, diags);
    let api = &merged;
    let crate_ident = crate_name.replace('-', "_");

    // Clients and their modules.
    let mut modules = Scope::new("modules of the crate").reserve(RESERVED_MODULES);
    let client_list: Vec<_> = api.clients.values().collect();
    let module_idents = modules.claim_all(
        client_list
            .iter()
            .map(|c| {
                // A client has no page of its own: its first endpoint's page names it.
                let at = c
                    .endpoints
                    .iter()
                    .filter_map(|k| api.endpoints.get(k))
                    .find_map(|e| e.sources.first().cloned())
                    .unwrap_or_else(no_loc);
                Claim { raw: &c.module, made: names::snake(&c.module, "client"), at }
            })
            .collect(),
        diags,
    );

    // Which tag feature (so which client) reaches which model, and which models are built by
    // the caller.
    let features = features::plan(api, &client_list, &module_idents, opts.tag_features, diags);
    let mut users: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (name, fs) in &features.of_model {
        users.insert(name.clone(), fs.iter().map(|&f| features.list[f].client).collect());
    }
    let mut input_roots = Vec::new();
    for e in client_list.iter().flat_map(|c| &c.endpoints).filter_map(|k| api.endpoints.get(k)) {
        for p in &e.params {
            let mut n = Vec::new();
            types::names_in(&p.ty, &mut n);
            n.extend(p.enum_ref.as_deref());
            input_roots.extend(n.iter().map(|s| s.to_string()));
        }
    }
    let inputs = types::reachable(api, input_roots);

    // Type names: one namespace for every model.
    let dto_names: Vec<&String> = api.dtos.keys().filter(|n| users.contains_key(*n)).collect();
    let enum_names: Vec<&String> = api.enums.keys().filter(|n| users.contains_key(*n)).collect();
    let mut type_scope = Scope::new("the models").reserve(RESERVED_TYPES);
    let claims = dto_names
        .iter()
        .map(|n| Claim { raw: n, made: dto_name(n), at: loc(&api.dtos[*n].from) })
        .chain(enum_names.iter().map(|n| {
            let at = api.enums[*n].values.first().map(|v| loc(&v.from)).unwrap_or_else(no_loc);
            Claim { raw: n, made: names::type_name(n), at }
        }))
        .collect();
    let idents = type_scope.claim_all(claims, diags);
    let (dto_idents, enum_idents) = idents.split_at(dto_names.len());
    let rendered: BTreeMap<String, _> = dto_names.iter().map(|n| ((*n).clone(), &api.dtos[*n])).collect();
    let (mut boxed, loosened) = types::cycles(&rendered);
    let deep = types::deep_links(&rendered, &boxed);
    boxed.extend(deep);
    for (from, to) in &loosened {
        diags.push(Diagnostic::warning(
            Code::TypeConflict,
            loc(&api.dtos[from].from),
            format!("`{from}` requires `{to}`, which requires `{from}` again: the field is made optional"),
        ));
    }
    // Builders of the models with more required fields than a constructor should take.
    let required_of = |raw: &String| {
        api.dtos[raw]
            .fields
            .iter()
            .filter(|f| {
                f.required && !loosened.contains(&(raw.clone(), types::direct_ref(&f.ty).unwrap_or("").to_string()))
            })
            .count()
    };
    let with_builder: Vec<(&String, &String)> =
        dto_names.iter().copied().zip(dto_idents).filter(|(n, _)| required_of(n) > MAX_ARGS).collect();
    let builder_idents = type_scope.claim_all(
        with_builder
            .iter()
            .map(|(n, i)| Claim {
                raw: n,
                made: Made { ident: builder_name(i), changed: None },
                at: loc(&api.dtos[*n].from),
            })
            .collect(),
        diags,
    );
    let mut env = TypeEnv {
        dtos: dto_names.iter().map(|n| (*n).clone()).zip(dto_idents.iter().cloned()).collect(),
        enums: enum_names.iter().map(|n| (*n).clone()).zip(enum_idents.iter().cloned()).collect(),
        boxed,
        loosened,
        variants: BTreeMap::new(),
        builders: with_builder.iter().map(|(n, _)| (*n).clone()).zip(builder_idents).collect(),
        fields: BTreeMap::new(),
    };
    for (raw, ident) in &env.enums.clone() {
        let en = &api.enums[raw];
        let mut scope = Scope::new(format!("variants of {ident}")).reserve(&["Unknown"]);
        let values = unique_values(en);
        let claims = variant_names(&values)
            .into_iter()
            .zip(&values)
            .map(|(made, v)| Claim { raw: &v.value, made, at: loc(&v.from) })
            .collect();
        let idents = scope.claim_all(claims, diags);
        env.variants
            .extend(unique_values(en).into_iter().zip(idents).map(|(v, i)| ((raw.clone(), v.value.clone()), i)));
    }

    // Models, grouped by the clients that use them.
    let group_of = |name: &str| -> Option<usize> {
        let u = &users[name];
        if u.len() == 1 { u.iter().next().copied() } else { None }
    };
    let mut files: BTreeMap<Option<usize>, ModelFileCtx> = BTreeMap::new();
    let mut field_idents = BTreeMap::new();
    for (raw, ident) in &env.dtos {
        let dto = &api.dtos[raw];
        let mut scope = Scope::new(format!("fields of {ident}"));
        let fields = fields_of(
            &mut scope,
            dto.fields.iter().map(|f| FieldSrc {
                prop: f,
                required: f.required
                    && !env.loosened.contains(&(raw.clone(), types::direct_ref(&f.ty).unwrap_or("").to_string())),
                default: None,
            }),
            Some(raw),
            "",
            &env,
            diags,
        );
        let docs = vec![format!("The `{raw}` data structure.")];
        let mut s = structure(ident.clone(), docs, fields, inputs.contains(raw), true);
        s.builder = env.builders.get(raw).cloned();
        s.features = features.of_model[raw].clone();
        field_idents
            .insert(raw.clone(), s.fields.iter().map(|f| (f.wire.clone(), f.ident.clone(), f.required)).collect());
        entry(&mut files, group_of(raw), &module_idents).structs.push(s);
    }
    for (raw, ident) in &env.enums {
        let en = &api.enums[raw];
        let variants = unique_values(en)
            .into_iter()
            .map(|v| {
                let mut docs = texts(&v.description);
                docs.push(format!("Sent as `{}`.", v.value));
                VariantCtx { ident: env.variants[&(raw.clone(), v.value.clone())].clone(), wire: v.value.clone(), docs }
            })
            .collect();
        let docs = vec![
            format!("The values of `{raw}`."),
            "Open: a value this version does not know is kept in `Unknown`, so new server values never break a response.".into(),
        ];
        entry(&mut files, group_of(raw), &module_idents).enums.push(EnumCtx {
            name: ident.clone(),
            cfg: None,
            features: features.of_model[raw].clone(),
            docs,
            variants,
        });
    }

    env.fields = field_idents;

    // Clients and their endpoints.
    let clients = client_list
        .iter()
        .zip(&module_idents)
        .enumerate()
        .map(|(ci, (c, module))| {
            let mut methods = Scope::new(format!("methods of {}", c.name)).reserve(RESERVED_METHODS);
            let name = names::type_name(&c.name).ident;
            let builder = format!("{name}Builder");
            let mut requests =
                Scope::new(format!("module {module}")).reserve(RESERVED_TYPES).reserve(&[&name, &builder]);
            let keys: Vec<&String> = c.endpoints.iter().filter(|k| api.endpoints.contains_key(*k)).collect();
            let eps: Vec<&Endpoint> = keys.iter().map(|k| &api.endpoints[*k]).collect();
            let method_idents = methods.claim_all(
                method_names(&eps)
                    .into_iter()
                    .zip(&eps)
                    .map(|(made, e)| Claim { raw: &e.name, made, at: loc(&e.sources) })
                    .collect(),
                diags,
            );
            let request_raws = request_names(&method_idents);
            let request_idents = requests.claim_all(
                eps.iter()
                    .zip(&request_raws)
                    .map(|(e, r)| Claim { raw: r, made: names::pascal(r, "Request"), at: loc(&e.sources) })
                    .collect(),
                diags,
            );
            let kind = if c.module == "management" { ClientKind::Management } else { ClientKind::App };
            // Builders of the requests with many required parameters, after the requests.
            let builder_wanted: Vec<(usize, String)> = eps
                .iter()
                .zip(&request_idents)
                .enumerate()
                .filter(|(_, (e, _))| {
                    e.params.iter().filter(|p| p.required || p.location == ParamLocation::Path).count() > MAX_ARGS
                })
                .map(|(i, (_, r))| (i, builder_name(r)))
                .collect();
            let builder_idents = requests.claim_all(
                builder_wanted
                    .iter()
                    .map(|(i, b)| Claim {
                        raw: b,
                        made: Made { ident: b.clone(), changed: None },
                        at: loc(&eps[*i].sources),
                    })
                    .collect(),
                diags,
            );
            let mut request_builders: BTreeMap<usize, String> =
                builder_wanted.into_iter().map(|(i, _)| i).zip(builder_idents).collect();
            let mut endpoints: Vec<EndpointCtx> = eps
                .iter()
                .zip(method_idents)
                .zip(request_idents)
                .enumerate()
                .map(|(i, ((e, method), request))| {
                    let mut ep = endpoint(e, method, request, request_builders.remove(&i), &name, &env, api, diags);
                    ep.cfg = features.cfg(&BTreeSet::from([features.of_endpoint[keys[i]]]));
                    if let Some(r) = ep.request.as_mut() {
                        r.cfg = Some(ep.cfg.clone());
                    }
                    ep
                })
                .collect();
            // Paging helpers, named after their method, after every method has its name.
            let paged: Vec<usize> = (0..endpoints.len()).filter(|&i| endpoints[i].paging.is_some()).collect();
            let helper_claims: Vec<(usize, String)> = paged
                .iter()
                .flat_map(|&i| {
                    [(i, format!("{}_pages", endpoints[i].method)), (i, format!("{}_items", endpoints[i].method))]
                })
                .collect();
            let helper_idents = methods.claim_all(
                helper_claims
                    .iter()
                    .map(|(i, n)| Claim {
                        raw: n,
                        made: Made { ident: n.clone(), changed: None },
                        at: loc(&eps[*i].sources),
                    })
                    .collect(),
                diags,
            );
            for (pair, idents) in helper_claims.chunks(2).zip(helper_idents.chunks(2)) {
                if let Some(p) = endpoints[pair[0].0].paging.as_mut() {
                    p.pages_method = idents[0].clone();
                    p.items_method = idents[1].clone();
                }
            }
            endpoints.sort_by(|a, b| a.method.cmp(&b.method));
            let default_host = opts
                .hosts
                .get(&c.name)
                .cloned()
                .or_else(|| (kind == ClientKind::Management).then(|| MANAGEMENT_HOST.to_owned()));
            ClientCtx {
                name,
                builder,
                module: module.clone(),
                kind,
                example_builder: kind.example_builder(),
                default_host,
                endpoints,
                // A client that is one feature lists no tag features.
                features: features
                    .of_client(ci)
                    .into_iter()
                    .filter(|_| opts.tag_features)
                    .map(|f| {
                        let f = &features.list[f];
                        FeatureCtx { name: f.name.clone(), tag: f.tag.clone(), methods: f.methods }
                    })
                    .collect(),
                cfg: features.cfg(&features.of_client(ci)),
            }
        })
        .collect();

    let mut model_files: Vec<ModelFileCtx> = files.into_values().collect();
    for f in &mut model_files {
        f.structs.sort_by(|a, b| a.name.cmp(&b.name));
        f.enums.sort_by(|a, b| a.name.cmp(&b.name));
        // The file is compiled for any feature one of its models needs; each model whose
        // features are fewer than that says so itself.
        let all: BTreeSet<usize> = f
            .structs
            .iter()
            .flat_map(|s| &s.features)
            .chain(f.enums.iter().flat_map(|e| &e.features))
            .copied()
            .collect();
        f.cfg = features.cfg(&all);
        for s in &mut f.structs {
            s.cfg = (s.features != all).then(|| features.cfg(&s.features));
        }
        for e in &mut f.enums {
            e.cfg = (e.features != all).then(|| features.cfg(&e.features));
        }
    }
    CrateCtx {
        crate_name: crate_name.into(),
        crate_ident,
        version: version.into(),
        clients,
        model_files,
        tag_features: opts.tag_features,
    }
}

/// An enum's values, each once (a value listed twice would make two match arms).
fn unique_values(en: &Enum) -> Vec<&EnumValue> {
    let mut seen = BTreeSet::new();
    en.values.iter().filter(|v| seen.insert(v.value.as_str())).collect()
}

fn entry<'a>(
    files: &'a mut BTreeMap<Option<usize>, ModelFileCtx>,
    group: Option<usize>,
    modules: &[String],
) -> &'a mut ModelFileCtx {
    files.entry(group).or_insert_with(|| ModelFileCtx {
        module: group.map(|i| modules[i].clone()).unwrap_or_else(|| "common".into()),
        feature: group.map(|i| modules[i].clone()),
        cfg: String::new(),
        structs: Vec::new(),
        enums: Vec::new(),
    })
}

#[allow(clippy::too_many_arguments)]
fn endpoint(
    e: &Endpoint,
    method: String,
    request: String,
    builder: Option<String>,
    client: &str,
    env: &TypeEnv,
    api: &Api,
    diags: &mut Vec<Diagnostic>,
) -> EndpointCtx {
    let get = e.http.method == HttpMethod::Get;
    let wire_of = |l: ParamLocation| -> Vec<String> {
        e.params.iter().filter(|p| p.location == l).map(|p| p.name.clone()).collect()
    };
    let path_keys = wire_of(ParamLocation::Path);
    let query_keys: Vec<String> = if get {
        e.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| p.name.clone()).collect()
    } else {
        wire_of(ParamLocation::Query)
    };
    let body =
        !get && (e.params.iter().any(|p| p.location == ParamLocation::Body) || e.http.method != HttpMethod::Delete);

    let request = (!e.params.is_empty()).then(|| {
        let mut scope = Scope::new(format!("fields of {request}"));
        let fields = fields_of(
            &mut scope,
            e.params.iter().map(|p| FieldSrc {
                prop: p,
                required: p.required || p.location == ParamLocation::Path,
                default: p.default.as_deref(),
            }),
            None,
            "crate::models::",
            env,
            diags,
        );
        let docs = vec![
            format!("Parameters of `{client}::{method}`."),
            format!("The official SDKs call this `{}`.", e.request_dto.value),
        ];
        let mut s = structure(request.clone(), docs, fields, true, false);
        s.builder = builder;
        s
    });

    let mut docs = texts_of(&[&e.summary, &e.description]);
    docs.push(format!("`{} {}`", e.http.method.as_str(), e.http.path));
    if e.http.guessed() {
        docs.push("The HTTP method is a guess: no page shows it (`route-guessed`; set it in codegen.toml).".into());
    }
    if e.http.unconfirmed.is_some() {
        docs.push("The route is unconfirmed: only stale or hand-written pages document this method.".into());
    }
    let data_ty = e.response.as_ref().and_then(|r| r.data.as_ref()).map(|t| env.rust(t, None, None, "crate::models::"));
    let example = request.as_ref().map(|s| examples::request(e, s, env, api)).unwrap_or_default();
    let paging = request.as_ref().and_then(|s| paging::detect(e, s, env, api, &method, diags));
    let example_models = examples::names_models(&example);

    EndpointCtx {
        method,
        cfg: String::new(),
        docs,
        http_method: e.http.method,
        path: e.http.path.clone(),
        path_keys,
        query_keys,
        body,
        client_auth: !e.client_auth.is_empty(),
        request,
        data_ty,
        paging,
        example,
        example_models,
        mock_path: plain_path(&e.http.path),
        mock_data: mock_data(e.response.as_ref().and_then(|r| r.data.as_ref())),
    }
}

/// `path` when a mock server's path matcher sees it as written: documentation text with spaces,
/// quotes or line breaks is changed by URL parsing, and a placeholder is not a path.
fn plain_path(path: &str) -> Option<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./~".contains(c);
    (path.starts_with('/') && path.chars().all(plain)).then(|| path.to_string())
}

/// The smallest JSON value of a `data` type: what a mock answer carries.
fn mock_data(ty: Option<&Type>) -> &'static str {
    match ty {
        None | Some(Type::Any) => "null",
        Some(Type::Ref { .. } | Type::Object) => "{}",
        Some(Type::Array { .. }) => "[]",
        Some(Type::String) => "\"\"",
        Some(Type::Integer | Type::Number) => "0",
        Some(Type::Boolean) => "false",
    }
}

/// An HTTP method as the runtime's `Method` names its variant: the verb in upper camel case
/// (`GET` → `Get`).
fn runtime_method<S: serde::Serializer>(m: &HttpMethod, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.as_str().to_upper_camel_case())
}

/// A documented field or parameter, whatever its origin: its property, whether the struct
/// requires it (a DTO field can be loosened, a path parameter is always required) and its
/// default (parameters only).
struct FieldSrc<'a> {
    prop: &'a Property,
    required: bool,
    default: Option<&'a str>,
}

fn fields_of<'a>(
    scope: &mut Scope,
    src: impl Iterator<Item = FieldSrc<'a>>,
    owner: Option<&str>,
    prefix: &str,
    env: &TypeEnv,
    diags: &mut Vec<Diagnostic>,
) -> Vec<FieldCtx> {
    let src: Vec<FieldSrc<'a>> = src.collect();
    let idents = scope.claim_all(
        src.iter()
            .map(|f| Claim { raw: &f.prop.name, made: names::snake(&f.prop.name, "field"), at: loc(&f.prop.from) })
            .collect(),
        diags,
    );
    let mut setters = Scope::new(format!("setters of {}", scope_owner(scope)));
    let setter_idents = setters.claim_all(
        src.iter()
            .zip(&idents)
            .map(|(f, ident)| {
                let bare = names::unraw(ident);
                // `withOwner` is set with `with_owner`, not `with_with_owner`.
                let ident = if bare.starts_with("with_") { bare.to_string() } else { format!("with_{bare}") };
                Claim { raw: &f.prop.name, made: Made { ident, changed: None }, at: loc(&f.prop.from) }
            })
            .collect(),
        diags,
    );
    src.iter()
        .zip(idents)
        .zip(setter_idents)
        .map(|((f, ident), setter)| {
            let base = env.rust(&f.prop.ty, f.prop.enum_ref.as_deref(), owner, prefix);
            let (arg_ty, conv) = if base == "String" || base == types::NUMBER {
                (format!("impl Into<{base}>"), Conv::Into)
            } else if let Some(inner) = base.strip_prefix("Box<").and_then(|s| s.strip_suffix('>')) {
                (inner.to_string(), Conv::Box)
            } else {
                (base.clone(), Conv::Move)
            };
            let ty = if f.required { base } else { format!("Option<{base}>") };
            let mut docs = texts(&f.prop.description);
            let mut facts = Vec::new();
            // One line each: a sample that spans lines would break its code span.
            let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(d) = f.default.map(one_line).filter(|d| !d.is_empty()) {
                facts.push(format!("Default: `{d}`."));
            }
            if let Some(s) = f.prop.sample.as_deref().map(one_line).filter(|s| !s.is_empty()) {
                facts.push(format!("Example: `{s}`."));
            }
            if let Some(m) = f.prop.limits.max_items {
                facts.push(format!("At most {m} items."));
            }
            if docs.is_empty() {
                docs.push(format!("`{}`.", f.prop.name));
            }
            if !facts.is_empty() {
                docs.push(facts.join(" "));
            }
            FieldCtx {
                secret: secrets::is_secret(&f.prop.name, &f.prop.ty, &f.prop.description),
                rename: names::unraw(&ident) != f.prop.name,
                setter,
                ident,
                wire: f.prop.name.clone(),
                ty,
                required: f.required,
                arg_ty,
                conv,
                docs,
            }
        })
        .collect()
}

fn structure(
    name: String,
    docs: Vec<String>,
    fields: Vec<FieldCtx>,
    constructor: bool,
    deserialize: bool,
) -> StructCtx {
    let required = fields.iter().filter(|f| f.required).count();
    // A model read from a response starts from its default: absent fields read as empty.
    let default = required == 0 || deserialize;
    let redacted = fields.iter().any(|f| f.secret);
    StructCtx {
        name,
        cfg: None,
        features: BTreeSet::new(),
        docs,
        default,
        builder: None,
        constructor,
        deserialize,
        redacted,
        fields,
    }
}

/// `Widget` → `WidgetBuilder`; `Self_` → `SelfBuilder` (an inner `_` would not be camel case).
fn builder_name(ty: &str) -> String {
    format!("{}Builder", names::unraw(ty).trim_end_matches('_'))
}

/// Clippy's limit on arguments: a struct with more required fields gets a builder.
const MAX_ARGS: usize = 7;

/// A DTO's type name; a name the generated code uses itself (`Option`) gets `Dto` appended.
fn dto_name(raw: &str) -> Made {
    let made = names::type_name(raw);
    if RESERVED_TYPES.contains(&names::unraw(&made.ident)) {
        let ident = format!("{}Dto", names::unraw(&made.ident));
        return Made { ident, changed: Some("the generated code uses this name itself") };
    }
    made
}

/// Variant names of an enum's values. Values that differ only in case (`department`,
/// `DEPARTMENT`) keep one name each: the lowercase one the plain name, the others `Upper` or
/// `Lower` after it, rather than a number.
fn variant_names(values: &[&EnumValue]) -> Vec<Made> {
    let mut made: Vec<Made> = values.iter().map(|v| names::variant(&v.value)).collect();
    let mut by_ident: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, m) in made.iter().enumerate() {
        by_ident.entry(m.ident.clone()).or_default().push(i);
    }
    for (base, mut group) in by_ident.into_iter().filter(|(_, g)| g.len() > 1) {
        let raw = |i: usize| values[i].value.as_str();
        if !group.iter().all(|&i| raw(i).eq_ignore_ascii_case(raw(group[0]))) {
            continue;
        }
        let lower = |i: usize| raw(i).chars().all(|c| !c.is_ascii_uppercase());
        group.sort_by_key(|&i| (!lower(i), raw(i)));
        for &i in &group[1..] {
            let r = raw(i);
            let suffix = if r.chars().all(|c| !c.is_ascii_lowercase()) {
                "Upper"
            } else if lower(i) {
                "Lower"
            } else {
                continue;
            };
            made[i].ident = format!("{}{suffix}", names::unraw(&base));
        }
    }
    made
}

/// Method names. Endpoints of one client whose names collide are told apart by their routes
/// (`/users/delete-device` and `/admin/delete-device` → `users_delete_device`,
/// `admin_delete_device`) when the routes differ, rather than by a number.
fn method_names(eps: &[&Endpoint]) -> Vec<Made> {
    let mut made: Vec<Made> = eps.iter().map(|e| names::snake(&e.name, "call")).collect();
    let mut by_ident: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, m) in made.iter().enumerate() {
        by_ident.entry(m.ident.clone()).or_default().push(i);
    }
    for group in by_ident.into_values().filter(|g| g.len() > 1) {
        // Route segments (without parameters), last first; drop the tail all of them share.
        let segs: Vec<Vec<&str>> = group
            .iter()
            .map(|&i| {
                eps[i].http.path.split('/').filter(|s| !s.is_empty() && !s.starts_with(['{', ':'])).rev().collect()
            })
            .collect();
        let distinct = |names: &[String]| names.iter().collect::<BTreeSet<_>>().len() == names.len();
        let mut names: Option<Vec<String>> = None;
        for depth in 1..=segs.iter().map(Vec::len).max().unwrap_or(0) {
            let candidate: Vec<String> = segs
                .iter()
                .map(|s| {
                    let mut parts: Vec<&str> = s.iter().take(depth).copied().collect();
                    parts.reverse();
                    names::snake(&parts.join("_"), "call").ident
                })
                .collect();
            if distinct(&candidate) {
                names = Some(candidate);
                break;
            }
        }
        if let Some(names) = names {
            for (&i, n) in group.iter().zip(names) {
                if n != made[i].ident {
                    made[i] = Made {
                        ident: n,
                        changed: Some("another method has the same name; this one is named after its route"),
                    };
                }
            }
        }
    }
    made
}

/// Request struct names, from the method names: `<Method>Request`, or the method's name alone
/// when it already ends in `Request` (`verify_update_email_request` → `VerifyUpdateEmailRequest`)
/// and no other method's request is called that.
fn request_names(methods: &[String]) -> Vec<String> {
    let short: Vec<String> = methods.iter().map(|m| names::pascal(names::unraw(m), "Request").ident).collect();
    let taken: BTreeSet<String> = short.iter().map(|s| format!("{s}Request")).collect();
    short
        .into_iter()
        .map(
            |s| if s.ends_with("Request") && s != "Request" && !taken.contains(&s) { s } else { format!("{s}Request") },
        )
        .collect()
}

/// The texts of a localized value: English first, then Chinese.
fn texts(l: &Localized) -> Vec<String> {
    texts_of(&[l])
}

/// The texts of several localized values (a summary and a description), one language after the
/// other: every English text first, then every Chinese one, so that a doc never switches back
/// and forth; a Chinese text that repeats an English one word for word is left out.
fn texts_of(values: &[&Localized]) -> Vec<String> {
    let en = values.iter().filter_map(|l| l.en.as_ref());
    let zh = values.iter().filter_map(|l| l.zh.as_ref());
    let mut out: Vec<String> = Vec::new();
    for text in en.chain(zh).map(|s| s.value.trim()).filter(|s| !s.is_empty()) {
        if !out.iter().any(|t| t == text) {
            out.push(text.to_string());
        }
    }
    out
}

/// What a field scope belongs to (`fields of X` → `X`), for the setters' scope.
fn scope_owner(scope: &Scope) -> String {
    scope.what().strip_prefix("fields of ").unwrap_or(scope.what()).to_string()
}

fn loc(from: &[Loc]) -> Loc {
    from.first().cloned().unwrap_or_else(no_loc)
}

fn no_loc() -> Loc {
    Loc::new(&Arc::from("<ir>"), 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// The closed sets the templates compare or paste are spelled as the templates and the
    /// runtime spell them.
    #[test]
    fn methods_are_runtime_variants_and_convs_are_the_macro_names() {
        let runtime = include_str!("../../../../templates/runtime/src/runtime.rs");
        let enum_body = &runtime[runtime.find("enum Method {").unwrap()..];
        let enum_body = &enum_body[..enum_body.find('}').unwrap()];
        for m in HttpMethod::iter() {
            let mut out = serde_json::Serializer::new(Vec::new());
            runtime_method(&m, &mut out).unwrap();
            let variant: String = serde_json::from_slice(&out.into_inner()).unwrap();
            assert!(enum_body.contains(&format!(" {variant},")), "{variant} is no variant of the runtime's Method");
        }
        let macros = include_str!("../../../../templates/macros.tera");
        for conv in [Conv::Into, Conv::Box, Conv::Move] {
            let name = serde_json::to_value(conv).unwrap();
            assert!(macros.contains(&format!("f.conv == {name}")), "{name}");
        }
    }

    use docir::ir::Sourced;

    fn localized(en: Option<&str>, zh: Option<&str>) -> Localized {
        let text = |s: &str| Sourced::new(s.to_string(), Vec::new());
        Localized { en: en.map(text), zh: zh.map(text) }
    }

    #[test]
    fn docs_give_every_english_text_before_any_chinese_one() {
        let summary = localized(Some("Bind an email"), Some("绑定邮箱"));
        let description = localized(Some("Binds an email to the user."), Some("为用户绑定邮箱。"));
        assert_eq!(
            texts_of(&[&summary, &description]),
            ["Bind an email", "Binds an email to the user.", "绑定邮箱", "为用户绑定邮箱。"]
        );
        // One language only: kept as it is; a copy in the other slot is not repeated.
        assert_eq!(texts_of(&[&localized(None, Some("绑定邮箱")), &localized(None, None)]), ["绑定邮箱"]);
        assert_eq!(texts_of(&[&localized(Some("Same"), Some(" Same "))]), ["Same"]);
    }

    /// A management client whose endpoints are `(name, method, path, required query
    /// parameters, returns data)`, each with an English and a Chinese summary and description.
    fn api(endpoints: &[(&str, &str, &str, usize, bool)]) -> Api {
        let text = |en: String, zh: String| serde_json::json!({"en": {"value": en}, "zh": {"value": zh}});
        let mut eps = serde_json::Map::new();
        for (name, method, path, required, data) in endpoints {
            let params: Vec<_> = (0..*required)
                .map(|i| {
                    let location = if path.contains('{') { "path" } else { "query" };
                    serde_json::json!({"name": format!("p{i}"), "location": location, "type": {"kind": "string"},
                                       "required": true, "from": []})
                })
                .collect();
            let response = data.then(|| serde_json::json!({"dto": "Resp", "data": {"kind": "string"}, "from": []}));
            eps.insert(
                name.to_string(),
                serde_json::json!({
                    "module": "management", "client": "ManagementClient", "name": name, "names": {}, "slug": name,
                    "http": {"method": method, "path": path, "evidence": []},
                    "summary": text(format!("Summary of {name}."), format!("{name} 的摘要。")),
                    "description": text(format!("What {name} does."), format!("{name} 的说明。")),
                    "params": params, "request_dto": {"value": format!("{name}Dto")}, "response": response,
                    "sources": [],
                }),
            );
        }
        let keys: Vec<&str> = endpoints.iter().map(|e| e.0).collect();
        serde_json::from_value(serde_json::json!({
            "clients": {"ManagementClient": {"name": "ManagementClient", "module": "management", "endpoints": keys}},
            "endpoints": eps, "dtos": {}, "enums": {},
        }))
        .expect("a valid IR")
    }

    fn rendered(api: &Api, path: &str) -> String {
        let out = super::super::render(api, &super::super::RenderOptions::default()).expect("renders");
        out.files.into_iter().find(|f| f.path == path).expect("the file is rendered").contents
    }

    #[test]
    fn the_quick_start_calls_the_simplest_read_chosen_by_structure() {
        let endpoints = [
            ("a-create", "POST", "/api/v3/a-create", 0, true),
            ("b-get", "GET", "/api/v3/b/{p0}", 1, true),
            ("c-list", "GET", "/api/v3/c-list", 2, true),
            ("d-ping", "GET", "/api/v3/d-ping", 0, false),
            ("e-stats", "GET", "/api/v3/e-stats", 1, true),
            ("f-find", "GET", "/api/v3/f-find", 1, false),
        ];
        let lib = rendered(&api(&endpoints), "src/lib.rs");
        // A GET without path parameters that returns data, with the fewest required parameters.
        assert!(lib.contains("//! match management.e_stats(request).await {"), "{lib}");
        assert!(lib.contains("//!     .and(path(\"/api/v3/e-stats\"))"), "{lib}");
        assert!(lib.contains("\"data\": \"\","), "a string `data` is answered with a string: {lib}");
        // Names play no part: renamed to come last, it is still the one.
        let renamed: Vec<_> =
            endpoints.iter().map(|&(n, m, p, r, d)| (if n == "e-stats" { "z-stats" } else { n }, m, p, r, d)).collect();
        let lib = rendered(&api(&renamed), "src/lib.rs");
        assert!(lib.contains("//! match management.z_stats(request).await {"), "{lib}");
    }

    #[test]
    fn a_method_doc_gives_its_english_texts_then_its_chinese_ones() {
        let client = rendered(&api(&[("bind-email", "POST", "/api/v3/bind-email", 0, true)]), "src/management.rs");
        let at = |text: &str| client.find(text).unwrap_or_else(|| panic!("{text:?} missing from {client}"));
        let order = [
            at("Summary of bind-email."),
            at("What bind-email does."),
            at("bind-email 的摘要。"),
            at("bind-email 的说明。"),
        ];
        assert!(order.is_sorted(), "{order:?} in {client}");
    }
}
