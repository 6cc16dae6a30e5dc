//! The normalized IR: what every copy of every page agrees the API is.
//!
//! Collections are keyed (`BTreeMap`) so the IR does not depend on the order pages were read.
//! Every fact carries its provenance (`Loc`s of the rows, lines or files it came from).

use crate::diag::Loc;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The merged API of every page read: what [`crate::build`] returns.
///
/// Its JSON (`codegen ir`, `ir.json`) is this struct as serde writes it: maps keyed and sorted
/// by name, optional facts left out when absent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// Client name (`ManagementClient`) to client.
    pub clients: BTreeMap<String, Client>,
    /// Endpoint key `<module>/<slug>` to endpoint.
    pub endpoints: BTreeMap<String, Endpoint>,
    /// DTO name (`UserDto`) to DTO: every request, response and nested structure a page documents.
    pub dtos: BTreeMap<String, Dto>,
    /// Enum name (`<Owner><Field>`, or the name a page gives) to enum: the value lists of
    /// parameters and fields.
    pub enums: BTreeMap<String, Enum>,
    /// Facts that came from a configuration file (`codegen.toml`) rather than the pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub configured: Vec<Configured>,
    /// SDK-side operations (login flows, token helpers) that hand-written pages document, by
    /// their name in snake case; implemented by the SDK's runtime, not generated (`sdk_ops`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sdk_operations: BTreeMap<String, SdkOperation>,
}

/// An operation of the official SDKs that is not one API endpoint (an authorize URL, a code
/// exchange, a PKCE helper), merged from every copy of its hand-written pages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SdkOperation {
    /// The name in snake case (`get_access_token_by_code`).
    pub key: String,
    /// The call's names by SDK language, as the sample code writes them (`node`:
    /// `getAccessTokenByCode`); `unknown` when the code block does not say its language.
    pub names: BTreeMap<SdkLanguage, Vec<String>>,
    /// The operation's title in Chinese, from its heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_zh: Option<Sourced<String>>,
    /// The operation's title in English, from its heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<Sourced<String>>,
    /// The text under the Chinese heading, before the parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// The text under the English heading, before the parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    /// The parameters in the order the page lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<SdkParam>,
    /// The first sample result (JSON or a one-line value), shortened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// The operation's headings in its copies.
    pub from: Vec<Loc>,
}

/// The language of an official SDK, as a code block's language tag names it (`js`, `ts` and
/// `nodejs` are `node`; `py` is `python`; `golang` is `go`; `cs` and `c#` are `csharp`).
/// Written in lower case; declared in alphabetical order, so [`SdkOperation::names`]'s JSON is
/// sorted by name.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
pub enum SdkLanguage {
    /// C# (`csharp`, `cs`, `c#`).
    #[strum(to_string = "csharp", serialize = "cs", serialize = "c#")]
    Csharp,
    /// Go (`go`, `golang`).
    #[strum(to_string = "go", serialize = "golang")]
    Go,
    /// Java (`java`).
    Java,
    /// Node.js (`node`, `nodejs`, `js`, `javascript`, `ts`, `typescript`).
    #[strum(
        to_string = "node",
        serialize = "nodejs",
        serialize = "js",
        serialize = "javascript",
        serialize = "ts",
        serialize = "typescript"
    )]
    Node,
    /// PHP (`php`).
    Php,
    /// Python (`python`, `py`).
    #[strum(to_string = "python", serialize = "py")]
    Python,
    /// The code block does not say its language (never parsed from a tag).
    Unknown,
}

impl SdkLanguage {
    /// The SDK a code block's language tag names, whatever its case and surrounding spaces;
    /// `None` for other tags (`json`, `bash`) and for `unknown`.
    pub fn of_tag(tag: &str) -> Option<SdkLanguage> {
        tag.trim().parse().ok().filter(|l| *l != SdkLanguage::Unknown)
    }

    /// The language's name as the IR's JSON writes it (`node`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A parameter of an SDK-side operation, as the page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SdkParam {
    /// As written (`options.codeVerifier`, `code`).
    pub name: String,
    /// The documented type (`string`, `object`), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// From a required column, or the words 必填/选填/required/optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The description cell's text (empty when the page gives none).
    pub description: String,
    /// The rows it was read from.
    pub from: Vec<Loc>,
}

/// One fact set by configuration: what it changed and the entry that said so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Configured {
    /// What was set, e.g. `endpoint authentication/mydevices-list: path`.
    pub fact: String,
    /// The value set, as configuration writes it (`POST`, `/api/v3/x`).
    pub value: String,
    /// The configuration entry (`codegen.toml` and its line).
    pub at: Loc,
}

/// A client of the official SDKs (`ManagementClient`): the endpoints one SDK object calls.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Client {
    /// As the pages' method lines write it (`AuthenticationClient`).
    pub name: String,
    /// `authentication` for `AuthenticationClient`.
    pub module: String,
    /// Endpoint keys, sorted.
    pub endpoints: Vec<String>,
}

/// One API operation, merged from every copy of its pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    /// The client's module (`management`): which client calls it.
    pub module: String,
    /// The client's name (`ManagementClient`).
    pub client: String,
    /// Canonical method name, camelCase (`bindEmail`).
    pub name: String,
    /// The method name as each SDK style spells it (`snake`, `camel`, `pascal`), from the
    /// copies' method lines: per style, the spelling with the most weight.
    pub names: BTreeMap<NameStyle, String>,
    /// The page slug (file name), or the kebab-case method name when no file name is a slug.
    pub slug: String,
    /// The documentation's tag (the section of the sidebar it is listed under), when a page gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Its method and path, with the evidence for both.
    pub http: Http,
    /// The page title, per language.
    pub summary: Localized,
    /// The text between the title and the parameters, per language.
    pub description: Localized,
    /// The request parameters in the order the pages list them (query, path and body alike).
    pub params: Vec<Param>,
    /// Name of the request body DTO; `<PascalSlug>Dto` unless the pages name it.
    pub request_dto: Sourced<String>,
    /// The response envelope, when a page documents one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    /// Every page this endpoint was read from.
    pub sources: Vec<Loc>,
    /// How the call authenticates the application (its id and secret), when its pages have a
    /// section per method (`client_auth`): sign-in and token endpoints. Empty for every other call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_auth: Vec<Sourced<ClientAuth>>,
}

/// How an SDK spells a method name: the key of [`Endpoint::names`], written in lower case
/// (`camel`). Declared in alphabetical order, so the map's JSON is sorted by name.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum NameStyle {
    /// `bindEmail` (node).
    Camel,
    /// `BindEmail` (go).
    Pascal,
    /// `bind_email` (python).
    Snake,
}

impl NameStyle {
    /// The style a name is written in: snake case when it has an underscore, else Pascal case
    /// when it starts with a capital, else camel case.
    pub fn of(name: &str) -> NameStyle {
        if name.contains('_') {
            NameStyle::Snake
        } else if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            NameStyle::Pascal
        } else {
            NameStyle::Camel
        }
    }

    /// The style's name as the IR's JSON writes it (`camel`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A way an endpoint accepts the application's credentials (OAuth 2.0 token endpoint
/// authentication methods).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuth {
    /// `client_id` and `client_secret` as body fields.
    ClientSecretPost,
    /// `Authorization: Basic base64(client_id:client_secret)`.
    ClientSecretBasic,
}

/// The route of an endpoint: method, path, and why (see `route`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Http {
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path (`/api/v3/bind-email`); parameters in braces (`/users/{id}`).
    pub path: String,
    /// How far the evidence goes: the weaker of the method's and the path's.
    #[serde(default)]
    pub confidence: Confidence,
    /// Why this method and path were chosen, strongest first.
    pub evidence: Vec<Evidence>,
    /// Set when no copy prints a current method line (only stale or hand-written copies
    /// document the operation): the route is unconfirmed. Says which copies those are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<Evidence>,
}

impl Http {
    /// Whether the method was decided by the fallback rule alone (no page evidence).
    pub fn guessed(&self) -> bool {
        !self.evidence.iter().any(|e| e.kind.decides_method() && e.kind != EvidenceKind::Fallback)
    }
}

/// How sure the IR is of a route.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Only the fallback rule (a read verb, say) decided.
    #[default]
    Low,
    /// A rule of the documents' structure decided (no parameters, a DTO-typed parameter,
    /// the slug rule, a prefix several pages confirm).
    Medium,
    /// The pages print it (a verb, a request DTO, the query-row tell), or configuration sets it.
    High,
}

/// An HTTP method. Serialized in upper case (`GET`); parsed in any case ([`HttpMethod::parse`]).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE", ascii_case_insensitive)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
}

impl HttpMethod {
    /// The method in upper case (`GET`), as the IR's JSON and OpenAPI's paths (lower-cased) write it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
    /// The method a verb names, whatever its case and surrounding spaces (`post`, ` GET `).
    pub fn parse(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
}

/// One reason for a route's method or path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// What kind of evidence it is (decides the method or the path, and how strongly).
    #[serde(default)]
    pub kind: EvidenceKind,
    /// The rule in words, for people.
    pub rule: String,
    /// Where the pages (or configuration) say it; empty for rules that have no single place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub at: Vec<Loc>,
}

/// What kind of evidence decided a route's method or path.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum EvidenceKind {
    /// `codegen.toml` sets the method or path.
    Config,
    /// A page prints the verb (a request line `POST /api/v3/x`, `curl -X POST`, `method: 'POST'`).
    PrintedVerb,
    /// A page prints the path on a request line.
    PrintedPath,
    /// Raw factory Markdown's query-row tell (a leading space on query rows).
    RowTell,
    /// A request DTO printed under the request section (`类型： XxxDto`): a JSON body.
    RequestDto,
    /// A parameter typed as a DTO or object: a JSON body.
    StructuredParam,
    /// No request parameters: GET.
    NoParams,
    /// Query parameters and a method name that deletes (`deleteX`, `removeX`): DELETE.
    DeleteVerb,
    /// The fallback: the method name's first word (a read verb is GET, anything else POST).
    #[default]
    Fallback,
    /// The path is `/api/v3/<slug>`, the documents' rule for most operations.
    Slug,
    /// Every copy's method name is a proper prefix or suffix of the slug: the rest of the
    /// slug is a path segment (`mydevices-list` + `list` → `/api/v3/mydevices/list`).
    SlugStructure,
    /// Two or more pages of the same folder confirm a slug prefix as a path segment.
    FolderConsensus,
    /// Several slugs share a first word that no method name explains: a path segment.
    PrefixConsensus,
    /// A slug that starts with `-` is a path outside `/api/v3` (`-oidc-token` → `/oidc/token`).
    LeadingDash,
    /// Only copies without a method line (stale or hand-written) document the operation
    /// (used in [`Http::unconfirmed`], never as a reason for a route).
    StaleOnly,
}

impl EvidenceKind {
    /// Whether this kind of evidence decides the HTTP method (else it decides the path).
    pub fn decides_method(self) -> bool {
        use EvidenceKind::*;
        matches!(self, Config | PrintedVerb | RowTell | RequestDto | StructuredParam | NoParams | DeleteVerb | Fallback)
    }
    /// How sure this kind of evidence is.
    pub fn confidence(self) -> Confidence {
        use EvidenceKind::*;
        match self {
            Config | PrintedVerb | PrintedPath | RowTell | RequestDto | SlugStructure => Confidence::High,
            StructuredParam | NoParams | DeleteVerb | Slug | FolderConsensus | PrefixConsensus | LeadingDash => {
                Confidence::Medium
            }
            Fallback | StaleOnly => Confidence::Low,
        }
    }
    /// The kind's name in kebab case (`printed-verb`), as the IR's JSON writes it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A text in each language the pages give it in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Localized {
    /// The Chinese text, with the rows or lines it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<Sourced<String>>,
    /// The English text, with the rows or lines it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<Sourced<String>>,
}

impl Localized {
    /// Whether no language gives the text.
    pub fn is_empty(&self) -> bool {
        self.zh.is_none() && self.en.is_none()
    }
    /// The English text if any, else the Chinese.
    pub fn any(&self) -> Option<&str> {
        self.en.as_ref().or(self.zh.as_ref()).map(|s| s.value.as_str())
    }
}

/// A value with the locations it was read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it was read; empty for values no page gives (a derived name, a default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<Loc>,
}

impl<T> Sourced<T> {
    /// A value read at `from`.
    pub fn new(value: T, from: Vec<Loc>) -> Self {
        Sourced { value, from }
    }
}

/// Where a parameter is sent.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum ParamLocation {
    /// In the query string.
    Query,
    /// A field of the JSON body.
    Body,
    /// A segment of the path.
    Path,
}

impl ParamLocation {
    /// `query`, `body` or `path`, as the IR's JSON spells it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What a parameter and a DTO field both say about one value: its wire name, type, whether it
/// is required, its sample, description, limits and enum, and the table rows it was read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// The wire name, exactly as documented.
    pub name: String,
    /// The documented type (`array<UserDto>`); `Type::Any` when no copy gives one.
    #[serde(rename = "type")]
    pub ty: Type,
    /// From a required column (`是`/`否`, `required`); false when no copy has one.
    pub required: bool,
    /// The first sample the pages give (a sample column or the JSON samples), as printed: JSON
    /// text or a plain value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// The description cell, per language.
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub description: Localized,
    /// Limits the description states (`数组长度限制：50`).
    #[serde(default, skip_serializing_if = "Limits::is_empty")]
    pub limits: Limits,
    /// Name of the enum (in `Api::enums`) this property takes its values from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_ref: Option<String>,
    /// The table rows this property was read from.
    pub from: Vec<Loc>,
}

/// A request parameter: a property with a location and a default.
///
/// It dereferences to its [`Property`], so `param.name` reads the shared facts. Its JSON keeps
/// the IR's key order (`location` after `name`, `default` after `required`), which a flattened
/// property would move to the end: see the `Serialize` impl.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Param {
    /// The facts a parameter shares with a DTO field.
    #[serde(flatten)]
    pub property: Property,
    /// Where it is sent: decided with the route (`infer`): the raw Markdown's row tell, else
    /// the query for a GET and the body otherwise (no rule reads `Path` from the pages yet).
    pub location: ParamLocation,
    /// The default the pages document, as printed (unchecked: the OpenAPI renderer drops one
    /// that contradicts the type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

impl std::ops::Deref for Param {
    type Target = Property;
    fn deref(&self) -> &Property {
        &self.property
    }
}

impl std::ops::DerefMut for Param {
    fn deref_mut(&mut self) -> &mut Property {
        &mut self.property
    }
}

impl Serialize for Param {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let p = &self.property;
        let mut out = s.serialize_struct("Param", 10)?;
        out.serialize_field("name", &p.name)?;
        out.serialize_field("location", &self.location)?;
        out.serialize_field("type", &p.ty)?;
        out.serialize_field("required", &p.required)?;
        match &self.default {
            Some(d) => out.serialize_field("default", d)?,
            None => out.skip_field("default")?,
        }
        match &p.sample {
            Some(v) => out.serialize_field("sample", v)?,
            None => out.skip_field("sample")?,
        }
        if p.description.is_empty() {
            out.skip_field("description")?;
        } else {
            out.serialize_field("description", &p.description)?;
        }
        if p.limits.is_empty() {
            out.skip_field("limits")?;
        } else {
            out.serialize_field("limits", &p.limits)?;
        }
        match &p.enum_ref {
            Some(v) => out.serialize_field("enum_ref", v)?,
            None => out.skip_field("enum_ref")?,
        }
        out.serialize_field("from", &p.from)?;
        out.end()
    }
}

/// Limits a description states on a value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// The most items an array may hold (`数组长度限制：50`, `Array length limit: 50`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
}

impl Limits {
    /// Whether no limit is known.
    pub fn is_empty(&self) -> bool {
        self.max_items.is_none()
    }
}

/// What an endpoint returns: its envelope DTO and the type of the envelope's `data`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// The response DTO (the envelope, `XxxRespDto`).
    pub dto: String,
    /// The type of the envelope's `data` field, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Type>,
    /// The response sections it was read from.
    pub from: Vec<Loc>,
}

/// A data structure (a request body, a response envelope, a nested object) as its tables list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dto {
    /// As documented (`UserDto`).
    pub name: String,
    /// Its fields in table order.
    pub fields: Vec<Field>,
    /// Whether a page lists this DTO with a required column (a `数据结构` table).
    pub has_required_column: bool,
    /// The tables it was read from.
    pub from: Vec<Loc>,
}

/// A field of a DTO: a property and nothing more (its `required` is false unless the DTO's table
/// has a required column).
pub type Field = Property;

/// A closed list of values a parameter or field takes (`枚举值：` lists, `enum` columns).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Enum {
    /// `<Owner><Field>` in Pascal case (`BindEmailDtoChannel`), or the name a page gives.
    pub name: String,
    /// Its values in the order the pages list them.
    pub values: Vec<EnumValue>,
}

/// One value of an enum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumValue {
    /// The wire value, exactly as documented (`EMAIL_PASSCODE`).
    pub value: String,
    /// What the value means, per language.
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub description: Localized,
    /// The list entries it was read from.
    pub from: Vec<Loc>,
}

/// A documented type. Pages print `number` for integers and floats alike; `Integer` is used
/// only where a page says so or every sample is a whole number.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Type {
    /// Text.
    String,
    /// A whole number: a page says so, or every sample is one.
    Integer,
    /// Any number (`number`).
    Number,
    /// `true` or `false`.
    Boolean,
    /// A free-form JSON object.
    Object,
    /// A list of `items` (`array`, with the item type from the cell or a `嵌套类型` link).
    Array {
        /// The type of each item.
        items: Box<Type>,
    },
    /// A DTO by name (a link to its `数据结构` table, a DTO name in the type cell).
    Ref {
        /// The DTO's name, a key of [`Api::dtos`] when some page documents it.
        name: String,
    },
    /// The pages give no type.
    Any,
}

impl Type {
    /// `array<items>`.
    pub fn array(items: Type) -> Type {
        Type::Array { items: Box::new(items) }
    }
    /// A reference to the DTO `name`.
    pub fn reference(name: impl Into<String>) -> Type {
        Type::Ref { name: name.into() }
    }
    /// How specific the type is; merge keeps the most specific of agreeing copies.
    pub fn specificity(&self) -> u8 {
        match self {
            Type::Any => 0,
            Type::Object => 1,
            Type::Array { items } => 2 + items.specificity(),
            Type::Number => 3,
            Type::String | Type::Integer | Type::Boolean => 4,
            Type::Ref { .. } => 5,
        }
    }
    /// A short notation used in messages: `string`, `array<UserDto>`.
    pub fn notation(&self) -> String {
        match self {
            Type::String => "string".into(),
            Type::Integer => "integer".into(),
            Type::Number => "number".into(),
            Type::Boolean => "boolean".into(),
            Type::Object => "object".into(),
            Type::Any => "any".into(),
            Type::Ref { name } => name.clone(),
            Type::Array { items } => format!("array<{}>", items.notation()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn names_are_the_serialized_names_and_verbs_parse_in_any_case() {
        for m in HttpMethod::iter() {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
            assert_eq!(HttpMethod::parse(&format!(" {} ", m.as_str().to_ascii_lowercase())), Some(m));
        }
        for k in EvidenceKind::iter() {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        let styles: Vec<&str> = NameStyle::iter().map(NameStyle::as_str).collect();
        assert!(styles.is_sorted(), "the names map's JSON is sorted by key only if the styles are");
        for s in NameStyle::iter() {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
            assert_eq!(s.as_str().parse::<NameStyle>(), Ok(s));
        }
        let langs: Vec<&str> = SdkLanguage::iter().map(SdkLanguage::as_str).collect();
        assert!(langs.is_sorted(), "the names map's JSON is sorted by key only if the languages are");
        for l in SdkLanguage::iter() {
            assert_eq!(serde_json::to_value(l).unwrap(), l.as_str());
            assert_eq!(l.to_string(), l.as_str());
        }
        for (tag, lang) in [
            ("js", Some(SdkLanguage::Node)),
            (" TypeScript ", Some(SdkLanguage::Node)),
            ("nodejs", Some(SdkLanguage::Node)),
            ("py", Some(SdkLanguage::Python)),
            ("golang", Some(SdkLanguage::Go)),
            ("C#", Some(SdkLanguage::Csharp)),
            ("cs", Some(SdkLanguage::Csharp)),
            ("java", Some(SdkLanguage::Java)),
            ("php", Some(SdkLanguage::Php)),
            ("json", None),
            ("unknown", None),
        ] {
            assert_eq!(SdkLanguage::of_tag(tag), lang, "{tag}");
        }
        for l in ParamLocation::iter() {
            assert_eq!(serde_json::to_value(l).unwrap(), l.as_str());
        }
        assert_eq!(HttpMethod::parse("FETCH"), None);
    }

    fn full_property() -> Property {
        Property {
            name: "kind".into(),
            ty: Type::array(Type::String),
            required: true,
            sample: Some("[\"a\"]".into()),
            description: Localized { zh: None, en: Some(Sourced::new("Kinds.".into(), vec![])) },
            limits: Limits { max_items: Some(3) },
            enum_ref: Some("KindEnum".into()),
            from: vec![Loc::new(&std::sync::Arc::from("p.md"), 4)],
        }
    }

    fn keys(v: &serde_json::Value) -> Vec<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn a_param_writes_every_property_key_in_the_ir_order_and_reads_back() {
        let full = Param { property: full_property(), location: ParamLocation::Query, default: Some("x".into()) };
        let json = serde_json::to_value(&full).unwrap();
        let expected =
            ["name", "location", "type", "required", "default", "sample", "description", "limits", "enum_ref", "from"];
        assert_eq!(keys(&json), expected);
        // A key added to `Property` must be written by `Param` too.
        let property = keys(&serde_json::to_value(full_property()).unwrap());
        assert!(property.iter().all(|k| expected.contains(&k.as_str())), "{property:?}");
        assert_eq!(serde_json::from_value::<Param>(json).unwrap(), full);

        let bare = Param {
            property: Property {
                sample: None,
                description: Localized::default(),
                limits: Limits::default(),
                enum_ref: None,
                ..full_property()
            },
            location: ParamLocation::Body,
            default: None,
        };
        let json = serde_json::to_value(&bare).unwrap();
        assert_eq!(keys(&json), ["name", "location", "type", "required", "from"]);
        assert_eq!(serde_json::from_value::<Param>(json).unwrap(), bare);
    }

    #[test]
    fn a_param_reads_its_property_through_deref() {
        let mut p = Param { property: full_property(), location: ParamLocation::Path, default: None };
        p.required = false;
        assert_eq!((p.name.as_str(), p.property.required), ("kind", false));
    }
}
