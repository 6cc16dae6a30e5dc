//! `codegen.toml` beside the pages: what the documents cannot say (crate name and version,
//! default hosts, HTTP method/path overrides, renames), what they disagree on (the client of an
//! endpoint) and which diagnostics a maintainer has looked at (`[[allow]]`, with a reason).
//! Every entry must match something; the facts it sets are recorded in the IR
//! (`Api::configured`, HTTP evidence), and what it settles or allows stays visible as a note.

use docir::diag::{Code, Diagnostic, Loc, Severity, SourceSpan};
use docir::ir::{Api, Configured, Evidence, EvidenceKind, HttpMethod, Type};
use docir::{Files, Naming};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

pub const FILE_NAME: &str = "codegen.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    package: Option<Spanned<Package>>,
    #[serde(default)]
    clients: BTreeMap<String, Spanned<ClientCfg>>,
    #[serde(default)]
    endpoints: BTreeMap<String, Spanned<EndpointCfg>>,
    #[serde(default)]
    dtos: BTreeMap<String, Spanned<DtoCfg>>,
    #[serde(default)]
    allow: Vec<Spanned<AllowCfg>>,
}

/// `[[allow]]`: a diagnostic a maintainer has looked at, like `#[allow]` with a reason. It stays
/// in the report as a note that names the reason; errors cannot be allowed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowCfg {
    /// The diagnostic code, as printed (`client-conflict`).
    code: String,
    /// The page, as diagnostics name it (`docs-input/seeds/000.md`).
    page: String,
    /// Why it is fine; shown with the note.
    reason: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Package {
    name: Option<String>,
    version: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientCfg {
    host: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointCfg {
    /// The client (`ManagementClient`) when copies disagree; settles `client-conflict`.
    client: Option<String>,
    method: Option<String>,
    path: Option<String>,
    rename: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DtoCfg {
    rename: Option<String>,
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    file: Arc<str>,
    text: String,
    raw: Raw,
}

/// What the configuration says about the generated crate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrateSettings {
    pub name: Option<String>,
    pub version: Option<String>,
    /// Client name → default host.
    pub hosts: BTreeMap<String, String>,
}

impl Config {
    fn loc(&self, offset: usize) -> Loc {
        let line = 1 + self.text[..offset.min(self.text.len())].matches('\n').count() as u32;
        Loc::new(&self.file, line)
    }

    pub fn crate_settings(&self) -> CrateSettings {
        let mut s = CrateSettings::default();
        if let Some(p) = &self.raw.package {
            s.name = p.get_ref().name.clone();
            s.version = p.get_ref().version.clone();
        }
        for (name, c) in &self.raw.clients {
            if let Some(h) = &c.get_ref().host {
                s.hosts.insert(name.clone(), h.clone());
            }
        }
        s
    }
}

/// Loads `codegen.toml` from each input folder that has one, named as the pages are (see
/// [`Naming`]). A file that does not parse is an error diagnostic naming its line.
pub fn load(inputs: &[PathBuf], naming: &Naming, diags: &mut Vec<Diagnostic>) -> Vec<Config> {
    load_into(inputs, naming, diags, &mut Files::default())
}

/// [`load`], adding each file read (with its text, also when it does not parse) to `files`,
/// the build's file table, so its diagnostics can be shown.
pub fn load_into(inputs: &[PathBuf], naming: &Naming, diags: &mut Vec<Diagnostic>, files: &mut Files) -> Vec<Config> {
    let mut out = Vec::new();
    for dir in inputs {
        let path = if dir.is_file() { continue } else { dir.join(FILE_NAME) };
        if !path.is_file() {
            continue;
        }
        let name: Arc<str> = Arc::from(naming.name(dir, &path));
        let (config, text) = load_file(&path, name.clone(), diags);
        files.add(name, FILE_NAME, text);
        out.extend(config);
    }
    out
}

/// The configuration files of `inputs` (those that exist), as paths on disk.
pub fn paths(inputs: &[PathBuf]) -> Vec<PathBuf> {
    inputs.iter().filter(|d| d.is_dir()).map(|d| d.join(FILE_NAME)).filter(|p| p.is_file()).collect()
}

/// The configuration in `path`, and its text when it could be read.
fn load_file(path: &Path, name: Arc<str>, diags: &mut Vec<Diagnostic>) -> (Option<Config>, Option<Arc<str>>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(Code::Unreadable, Loc::new(&name, 1), format!("cannot read: {e}")));
            return (None, None);
        }
    };
    let shared: Arc<str> = Arc::from(text.as_str());
    match toml::from_str::<Raw>(&text) {
        Ok(raw) => (Some(Config { file: name, text, raw }), Some(shared)),
        Err(e) => {
            let line = e.span().map_or(1, |s| 1 + text[..s.start.min(text.len())].matches('\n').count() as u32);
            let span = e.span().filter(|s| s.end <= text.len()).map(|s| SourceSpan::from(s.start..s.end.max(s.start)));
            diags.push(Diagnostic::error(
                Code::Config,
                Loc::new(&name, line).with_span(span),
                format!("invalid {FILE_NAME}: {}", e.message()),
            ));
            (None, Some(shared))
        }
    }
}

/// What applying the configuration decided that the report must show: conflicts settled.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    pub settings: CrateSettings,
    /// Conflicts of a code settled for the pages of an endpoint, by the entry at a location.
    settled: Vec<(Code, BTreeSet<Arc<str>>, Loc)>,
}

/// Applies every configuration to the IR; entries that match nothing are warnings.
pub fn apply(api: &mut Api, configs: &[Config], diags: &mut Vec<Diagnostic>) -> Applied {
    let mut applied = Applied::default();
    let settings = &mut applied.settings;
    for c in configs {
        let s = c.crate_settings();
        settings.name = s.name.or(settings.name.take());
        settings.version = s.version.or(settings.version.take());
        settings.hosts.extend(s.hosts);
        for (name, cfg) in &c.raw.clients {
            if !api.clients.contains_key(name) {
                let known: Vec<&str> = api.clients.keys().map(String::as_str).collect();
                diags.push(Diagnostic::warning(
                    Code::Config,
                    c.loc(cfg.span().start),
                    format!("[clients.{name}] matches no client (known: {})", known.join(", ")),
                ));
            }
        }
        for (key, cfg) in &c.raw.endpoints {
            let at = c.loc(cfg.span().start);
            if let Some(client) = &cfg.get_ref().client {
                match set_client(api, key, client) {
                    Ok(files) => {
                        applied.settled.push((Code::ClientConflict, files, at.clone()));
                        api.configured.push(Configured {
                            fact: format!("endpoint {key}: client"),
                            value: client.clone(),
                            at: at.clone(),
                        });
                    }
                    Err(why) => {
                        diags.push(Diagnostic::error(Code::Config, at.clone(), format!("[endpoints.\"{key}\"] {why}")))
                    }
                }
            }
            let Some(e) = api.endpoints.get_mut(key) else {
                diags.push(Diagnostic::warning(
                    Code::Config,
                    at,
                    format!("[endpoints.\"{key}\"] matches no endpoint; keys are `<module>/<slug>` as in `codegen ir`"),
                ));
                continue;
            };
            let v = cfg.get_ref();
            if let Some(m) = &v.method {
                match HttpMethod::parse(m) {
                    Some(m) => {
                        e.http.method = m;
                        e.http.evidence.insert(
                            0,
                            Evidence {
                                kind: EvidenceKind::Config,
                                rule: format!("{FILE_NAME}: method = {}", m.as_str()),
                                at: vec![at.clone()],
                            },
                        );
                        e.http.confidence = docir::route_confidence(&e.http.evidence);
                        // The route is no longer a guess.
                        let tag = format!("for `{key}`;");
                        diags.retain(|d| !(d.code == Code::RouteGuessed && d.message.contains(&tag)));
                        api.configured.push(Configured {
                            fact: format!("endpoint {key}: method"),
                            value: m.as_str().into(),
                            at: at.clone(),
                        });
                    }
                    None => diags.push(Diagnostic::error(
                        Code::Config,
                        at.clone(),
                        format!("unknown HTTP method `{m}`; expected GET, POST, PUT, DELETE or PATCH"),
                    )),
                }
            }
            if let Some(p) = &v.path {
                if p.starts_with('/') && !p.contains(char::is_whitespace) {
                    e.http.path = p.clone();
                    e.http.evidence.insert(
                        0,
                        Evidence {
                            kind: EvidenceKind::Config,
                            rule: format!("{FILE_NAME}: path = {p}"),
                            at: vec![at.clone()],
                        },
                    );
                    e.http.confidence = docir::route_confidence(&e.http.evidence);
                    api.configured.push(Configured {
                        fact: format!("endpoint {key}: path"),
                        value: p.clone(),
                        at: at.clone(),
                    });
                } else {
                    diags.push(Diagnostic::error(
                        Code::Config,
                        at.clone(),
                        format!("path `{p}` must start with `/` and contain no spaces"),
                    ));
                }
            }
            if let Some(r) = &v.rename {
                e.name = r.clone();
                api.configured.push(Configured {
                    fact: format!("endpoint {key}: name"),
                    value: r.clone(),
                    at: at.clone(),
                });
            }
        }
        for (name, cfg) in &c.raw.dtos {
            let at = c.loc(cfg.span().start);
            let Some(to) = cfg.get_ref().rename.clone() else { continue };
            if !api.dtos.contains_key(name) {
                diags.push(Diagnostic::warning(Code::Config, at, format!("[dtos.{name}] matches no DTO")));
                continue;
            }
            if api.dtos.contains_key(&to) {
                diags.push(Diagnostic::error(
                    Code::Config,
                    at,
                    format!("[dtos.{name}] rename = \"{to}\": a DTO of that name exists"),
                ));
                continue;
            }
            rename_dto(api, name, &to);
            api.configured.push(Configured { fact: format!("dto {name}: name"), value: to, at });
        }
    }
    applied
}

/// Moves endpoint `key` to `client` (an existing client); returns the files of its pages.
fn set_client(api: &mut Api, key: &str, client: &str) -> Result<BTreeSet<Arc<str>>, String> {
    let Some(e) = api.endpoints.get_mut(key) else {
        return Err("matches no endpoint; keys are `<module>/<slug>` as in `codegen ir`".into());
    };
    let Some(module) = api.clients.get(client).map(|c| c.module.clone()) else {
        let known: Vec<&str> = api.clients.keys().map(String::as_str).collect();
        return Err(format!("client = \"{client}\" is no client of the pages (known: {})", known.join(", ")));
    };
    let files = e.sources.iter().map(|l| l.file.clone()).collect();
    if e.client != client {
        let old = std::mem::replace(&mut e.client, client.to_owned());
        e.module = module;
        if let Some(c) = api.clients.get_mut(&old) {
            c.endpoints.retain(|k| k != key);
        }
        if let Some(c) = api.clients.get_mut(client) {
            c.endpoints.push(key.to_owned());
            c.endpoints.sort();
        }
    }
    Ok(files)
}

/// The last step before output: conflicts the configuration settled, and diagnostics it allows
/// (`[[allow]]`), become notes that say so. An `[[allow]]` that matches nothing is a warning,
/// as is one that names an error (errors cannot be allowed).
pub fn acknowledge(configs: &[Config], applied: &Applied, diags: &mut [Diagnostic]) -> Vec<Diagnostic> {
    let mut extra = Vec::new();
    for (code, files, at) in &applied.settled {
        for d in diags.iter_mut().filter(|d| d.code == *code && files.contains(&d.at.file)) {
            if d.severity == Severity::Warning {
                d.severity = Severity::Note;
                d.message = format!("{} (settled by {at})", d.message);
            }
        }
    }
    for c in configs {
        for a in &c.raw.allow {
            let at = c.loc(a.span().start);
            let allow = a.get_ref();
            let page = allow.page.trim_start_matches("./");
            let mut matched = 0;
            let mut errors = 0;
            for d in diags.iter_mut().filter(|d| d.code.as_str() == allow.code && &*d.at.file == page) {
                match d.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => {
                        d.severity = Severity::Note;
                        d.message = format!("{} (allowed by {at}: {})", d.message, allow.reason);
                        matched += 1;
                    }
                    Severity::Note => matched += 1,
                }
            }
            if errors > 0 {
                extra.push(Diagnostic::warning(
                    Code::Config,
                    at.clone(),
                    format!("[[allow]] code = \"{}\" on {page}: errors cannot be allowed; fix the page", allow.code),
                ));
            } else if matched == 0 {
                extra.push(Diagnostic::warning(
                    Code::Config,
                    at,
                    format!(
                        "[[allow]] code = \"{}\", page = \"{page}\" matches no diagnostic; pages are named as `codegen lint` names them",
                        allow.code
                    ),
                ));
            }
        }
    }
    extra
}

fn rename_dto(api: &mut Api, from: &str, to: &str) {
    if let Some(mut d) = api.dtos.remove(from) {
        d.name = to.to_owned();
        api.dtos.insert(to.to_owned(), d);
    }
    let fix = |t: &mut Type| rename_in(t, from, to);
    for e in api.endpoints.values_mut() {
        for p in &mut e.params {
            fix(&mut p.ty);
        }
        if let Some(r) = &mut e.response {
            if r.dto == from {
                r.dto = to.to_owned();
            }
            if let Some(d) = &mut r.data {
                fix(d);
            }
        }
        if e.request_dto.value == from {
            e.request_dto.value = to.to_owned();
        }
    }
    for d in api.dtos.values_mut() {
        for f in &mut d.fields {
            fix(&mut f.ty);
        }
    }
}

fn rename_in(t: &mut Type, from: &str, to: &str) {
    match t {
        Type::Ref { name } if name == from => *name = to.to_owned(),
        Type::Array { items } => rename_in(items, from, to),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> Api {
        let ir = r#"{"clients":{"ManagementClient":{"name":"ManagementClient","module":"management","endpoints":["management/list-x"]}},
          "endpoints":{"management/list-x":{"module":"management","client":"ManagementClient","name":"listX","names":{},"slug":"list-x",
          "http":{"method":"GET","path":"/api/v3/list-x","evidence":[]},"summary":{},"description":{},"params":[],
          "request_dto":{"value":"ListXDto"},"sources":[]}},"dtos":{},"enums":{}}"#;
        serde_json::from_str(ir).unwrap()
    }

    fn config(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, text).unwrap();
        let mut d = Vec::new();
        (load_file(&p, Arc::from("codegen.toml"), &mut d).0, d)
    }

    #[test]
    fn overrides_are_applied_and_recorded() {
        let (c, _) = config(
            "[package]\nname = \"x-sdk\"\n\n[endpoints.\"management/list-x\"]\nmethod = \"post\"\npath = \"/api/v3/x/list\"\n",
        );
        let mut api = api();
        let mut d = Vec::new();
        let s = apply(&mut api, &[c.unwrap()], &mut d).settings;
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.name.as_deref(), Some("x-sdk"));
        let e = &api.endpoints["management/list-x"];
        assert_eq!(e.http.method, HttpMethod::Post);
        assert_eq!(e.http.path, "/api/v3/x/list");
        assert_eq!(api.configured.len(), 2);
        assert_eq!(api.configured[0].at.line, 4);
    }

    #[test]
    fn entries_matching_nothing_are_warnings_with_their_line() {
        let (c, _) = config("[endpoints.\"management/nope\"]\nmethod = \"GET\"\n\n[dtos.Missing]\nrename = \"Y\"\n");
        let mut d = Vec::new();
        apply(&mut api(), &[c.unwrap()], &mut d);
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("management/nope"));
        assert_eq!(d[0].at.line, 1);
        assert_eq!(d[1].at.line, 4);
    }

    #[test]
    fn invalid_toml_is_a_located_error() {
        let (c, d) = config("[package]\nname = \n");
        assert!(c.is_none());
        assert_eq!(d[0].severity, docir::diag::Severity::Error);
        assert_eq!(d[0].at.line, 2);
        let (c, d) = config("[package]\nnmae = \"x\"\n");
        assert!(c.is_none());
        assert!(d[0].message.contains("nmae"), "{}", d[0].message);
    }

    #[test]
    fn a_client_setting_settles_the_conflict_and_an_allow_acknowledges_a_warning() {
        let mut api = api();
        let ep = api.endpoints.get_mut("management/list-x").unwrap();
        ep.sources.push(Loc::new(&Arc::from("p/a.md"), 1));
        api.clients.insert(
            "OtherClient".into(),
            serde_json::from_str(r#"{"name":"OtherClient","module":"other","endpoints":[]}"#).unwrap(),
        );
        let (c, _) = config(
            "[endpoints.\"management/list-x\"]\nclient = \"OtherClient\"\n\n[[allow]]\ncode = \"unknown-type\"\npage = \"p/b.md\"\nreason = \"checked\"\n\n[[allow]]\ncode = \"unknown-type\"\npage = \"p/none.md\"\nreason = \"x\"\n",
        );
        let c = c.unwrap();
        let mut d = Vec::new();
        let applied = apply(&mut api, std::slice::from_ref(&c), &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(api.endpoints["management/list-x"].client, "OtherClient");
        assert_eq!(api.clients["OtherClient"].endpoints, ["management/list-x"]);
        assert!(api.clients["ManagementClient"].endpoints.is_empty());
        let mut diags = vec![
            Diagnostic::warning(Code::ClientConflict, Loc::new(&Arc::from("p/a.md"), 3), "conflict"),
            Diagnostic::warning(Code::UnknownType, Loc::new(&Arc::from("p/b.md"), 5), "odd"),
            Diagnostic::warning(Code::UnknownType, Loc::new(&Arc::from("p/c.md"), 5), "odd"),
        ];
        let extra = acknowledge(std::slice::from_ref(&c), &applied, &mut diags);
        assert_eq!(diags[0].severity, Severity::Note);
        assert!(diags[0].message.contains("settled by codegen.toml:1"), "{}", diags[0].message);
        assert_eq!(diags[1].severity, Severity::Note);
        assert!(diags[1].message.contains("allowed by codegen.toml:4: checked"), "{}", diags[1].message);
        assert_eq!(diags[2].severity, Severity::Warning);
        assert_eq!(extra.len(), 1, "{extra:?}");
        assert_eq!(extra[0].at.line, 9);
        assert!(extra[0].message.contains("matches no diagnostic"));
    }
}
