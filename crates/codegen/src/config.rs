//! `codegen.toml` beside the pages: what the documents cannot say (crate name and version,
//! default hosts, HTTP method/path overrides, renames). Every entry must match something;
//! the facts it sets are recorded in the IR (`Api::configured`, HTTP evidence).

use docir::diag::{Code, Diagnostic, Loc};
use docir::ir::{Api, Configured, Evidence, HttpMethod, Type};
use serde::Deserialize;
use std::collections::BTreeMap;
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

/// Loads `codegen.toml` from each input folder that has one. A file that does not parse is
/// an error diagnostic naming its line.
pub fn load(inputs: &[PathBuf], diags: &mut Vec<Diagnostic>) -> Vec<Config> {
    let mut out = Vec::new();
    for dir in inputs {
        let path = if dir.is_file() { continue } else { dir.join(FILE_NAME) };
        if !path.is_file() {
            continue;
        }
        if let Some(c) = load_file(&path, diags) {
            out.push(c);
        }
    }
    out
}

fn load_file(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let name: Arc<str> = Arc::from(path.to_string_lossy().replace('\\', "/").trim_start_matches("./"));
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(Code::Unreadable, Loc::new(&name, 1), format!("cannot read: {e}")));
            return None;
        }
    };
    match toml::from_str::<Raw>(&text) {
        Ok(raw) => Some(Config { file: name, text, raw }),
        Err(e) => {
            let line = e.span().map_or(1, |s| 1 + text[..s.start.min(text.len())].matches('\n').count() as u32);
            diags.push(Diagnostic::error(
                Code::Config,
                Loc::new(&name, line),
                format!("invalid {FILE_NAME}: {}", e.message()),
            ));
            None
        }
    }
}

/// Applies every configuration to the IR; entries that match nothing are warnings.
pub fn apply(api: &mut Api, configs: &[Config], diags: &mut Vec<Diagnostic>) -> CrateSettings {
    let mut settings = CrateSettings::default();
    for c in configs {
        let s = c.crate_settings();
        settings.name = s.name.or(settings.name);
        settings.version = s.version.or(settings.version);
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
                            Evidence { rule: format!("{FILE_NAME}: method = {}", m.as_str()), at: vec![at.clone()] },
                        );
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
                    e.http
                        .evidence
                        .insert(0, Evidence { rule: format!("{FILE_NAME}: path = {p}"), at: vec![at.clone()] });
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
    settings
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
        (load_file(&p, &mut d), d)
    }

    #[test]
    fn overrides_are_applied_and_recorded() {
        let (c, _) = config(
            "[package]\nname = \"x-sdk\"\n\n[endpoints.\"management/list-x\"]\nmethod = \"post\"\npath = \"/api/v3/x/list\"\n",
        );
        let mut api = api();
        let mut d = Vec::new();
        let s = apply(&mut api, &[c.unwrap()], &mut d);
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
}
