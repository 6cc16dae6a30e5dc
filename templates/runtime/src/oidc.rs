//! Logging users in with OpenID Connect or OAuth 2.0: the authorize URL, code → tokens (with or
//! without PKCE), refresh, user info, introspection, local verification of ID and access tokens
//! against the issuer's keys, revocation, the logout URL and client credentials.
//!
//! This module is the protocol, written by hand once and copied into every generated SDK (it is
//! not generated from the pages); the pages that document the official SDKs' login methods name
//! the items here with `#[doc(alias)]`, so rustdoc search finds `buildAuthorizeUrl` or
//! `get_access_token_by_code`. Each `// sdk-operation: <names>` line says which documented
//! operations the next item implements (their names in snake case, every page's; or
//! `page/name`, one page's, when pages document one name for different protocols, as the CAS
//! and OIDC pages do `buildAuthorizeUrl`): the generator puts the
//! pages' documentation of them there (both languages, the official names as aliases), and
//! `lint` warns about documented operations with no such line and lines no page documents.
//!
//! An [`OidcClient`] is immutable and cheap to clone; it holds the app's credentials and the
//! provider's endpoints, never a user's tokens: every call takes the tokens it needs, and returns
//! a [`TokenSet`] that the caller keeps (in its session store, for example). Secrets and tokens
//! print as `<redacted>` in `Debug`.
//!
//! ```no_run
//! # async fn callback(code: &str, saved: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use sdk_runtime::oidc::{AuthorizeRequest, OidcClient, Pkce};
//! let client = OidcClient::builder("https://example.authing.cn/oidc", "APP_ID")
//!     .client_secret("APP_SECRET")
//!     .redirect_uri("https://app.example.com/callback")
//!     .discover()
//!     .await?;
//! // 1. Send the user to the login page; keep `login.state`, `login.nonce` and the verifier.
//! let pkce = Pkce::generate();
//! let login = client.authorize_url(AuthorizeRequest::new().pkce(&pkce))?;
//! // 2. On the callback, check `state`, then exchange the code.
//! let tokens = client.exchange_code(code, Some(&pkce)).await?;
//! let claims = client.verify_id_token(tokens.id_token().unwrap_or_default(), login.nonce.as_deref()).await?;
//! let user = client.user_info(tokens.access_token()).await?;
//! # let _ = (saved, claims, user); Ok(()) }
//! ```
//!
//! # Token endpoint authentication
//!
//! [`TokenAuthMethod`] says how the app proves itself to the token, introspection and revocation
//! endpoints: `client_secret_post` (default: `client_id` and `client_secret` in the form body),
//! `client_secret_basic` (`Authorization: Basic`, id and secret form-encoded first as RFC 6749
//! §2.3.1 asks) or `none` (only `client_id`; for public clients, with PKCE).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use url::Url;

/// Why a login-flow call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The provider answered with an OAuth 2.0 error (RFC 6749 §5.2), such as `invalid_grant`
    /// for a used or expired code.
    #[error("the provider refused the request ({error}, HTTP {status}): {}", description.as_deref().unwrap_or("no description"))]
    OAuth {
        /// The HTTP status.
        status: u16,
        /// The `error` code.
        error: String,
        /// The `error_description`, when given.
        description: Option<String>,
    },
    /// The HTTP status is not a success and the body is not an OAuth 2.0 error.
    #[error("the provider answered HTTP {status}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The response body, as text.
        body: String,
    },
    /// The request could not be sent or the answer not received (DNS, TLS, connection, timeout).
    #[error("transport error")]
    Transport(#[source] reqwest::Error),
    /// The answer is not of the shape the protocol defines.
    #[error("the provider's answer is not of the expected shape: {body}")]
    Decode {
        /// The response body, as text.
        body: String,
        /// What did not fit.
        #[source]
        source: serde_json::Error,
    },
    /// A token failed local verification.
    #[error("the token is not valid: {kind}")]
    InvalidToken {
        /// Which check failed.
        kind: TokenErrorKind,
        /// The JOSE library's error, when it found the fault.
        #[source]
        source: Option<jsonwebtoken::errors::Error>,
    },
    /// The client is not configured for this call (no redirect URI, an endpoint the provider
    /// does not publish, a URL that does not parse).
    #[error("invalid OIDC client configuration: {0}")]
    Config(String),
}

/// Which check of a token's local verification failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenErrorKind {
    /// Not a JWT, or its header or claims do not decode.
    Malformed,
    /// The signature does not match the issuer's key.
    Signature,
    /// No key of the issuer's JWKS matches the token's `kid`, or the algorithm is not allowed.
    Key,
    /// `iss` is not the provider's issuer.
    Issuer,
    /// `aud` does not name this client.
    Audience,
    /// `exp` is in the past (beyond the leeway), or absent.
    Expired,
    /// `nbf` is in the future.
    NotYetValid,
    /// `nonce` is not the one sent with the authorize URL.
    Nonce,
}

impl fmt::Display for TokenErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenErrorKind::Malformed => "malformed token",
            TokenErrorKind::Signature => "bad signature",
            TokenErrorKind::Key => "no usable key for the token's kid and algorithm",
            TokenErrorKind::Issuer => "wrong issuer",
            TokenErrorKind::Audience => "wrong audience",
            TokenErrorKind::Expired => "expired",
            TokenErrorKind::NotYetValid => "not yet valid",
            TokenErrorKind::Nonce => "nonce mismatch",
        })
    }
}

impl Error {
    /// The failed check, when this is a token verification error.
    pub fn token_error_kind(&self) -> Option<TokenErrorKind> {
        match self {
            Error::InvalidToken { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    fn token(kind: TokenErrorKind) -> Self {
        Error::InvalidToken { kind, source: None }
    }

    fn jose(e: jsonwebtoken::errors::Error) -> Self {
        use jsonwebtoken::errors::ErrorKind as K;
        let kind = match e.kind() {
            K::InvalidSignature => TokenErrorKind::Signature,
            K::ExpiredSignature => TokenErrorKind::Expired,
            K::InvalidIssuer => TokenErrorKind::Issuer,
            K::InvalidAudience => TokenErrorKind::Audience,
            K::ImmatureSignature => TokenErrorKind::NotYetValid,
            K::MissingRequiredClaim(c) if c == "exp" => TokenErrorKind::Expired,
            K::MissingRequiredClaim(c) if c == "iss" => TokenErrorKind::Issuer,
            K::MissingRequiredClaim(c) if c == "aud" => TokenErrorKind::Audience,
            K::InvalidAlgorithm | K::MissingAlgorithm | K::InvalidRsaKey(_) | K::InvalidKeyFormat => {
                TokenErrorKind::Key
            }
            _ => TokenErrorKind::Malformed,
        };
        Error::InvalidToken { kind, source: Some(e) }
    }
}

/// A secret or token: the text, shown as `<redacted>` by `Debug`; serialized as the plain string
/// (so that a [`TokenSet`] can be stored in a session).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        SecretString(s.into())
    }
    /// The secret's text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Which protocol the app speaks: it sets the default scope and which tokens the provider issues.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Protocol {
    /// OpenID Connect: an ID token and a `nonce`; default scope `openid profile email phone address`.
    #[default]
    Oidc,
    /// Plain OAuth 2.0: no ID token, no `nonce`; default scope `user`.
    OAuth2,
}

impl Protocol {
    fn default_scope(self) -> &'static str {
        match self {
            Protocol::Oidc => "openid profile email phone address",
            Protocol::OAuth2 => "user",
        }
    }
}

/// How the app authenticates to the token, introspection and revocation endpoints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenAuthMethod {
    /// `client_id` and `client_secret` in the form body.
    #[default]
    ClientSecretPost,
    /// `Authorization: Basic base64(urlencode(client_id):urlencode(client_secret))`.
    ClientSecretBasic,
    /// Only `client_id` in the body (public clients; use PKCE).
    None,
}

/// The provider's endpoints, as its discovery document (`/.well-known/openid-configuration`)
/// publishes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMetadata {
    /// `issuer`: the `iss` of the tokens it signs.
    pub issuer: String,
    /// `authorization_endpoint`.
    pub authorization_endpoint: String,
    /// `token_endpoint`.
    pub token_endpoint: String,
    /// `userinfo_endpoint`.
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    /// `jwks_uri`: the public keys that sign the tokens.
    #[serde(default)]
    pub jwks_uri: Option<String>,
    /// `introspection_endpoint` (RFC 7662).
    #[serde(default)]
    pub introspection_endpoint: Option<String>,
    /// `revocation_endpoint` (RFC 7009).
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
    /// `end_session_endpoint` (RP-initiated logout).
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

impl ProviderMetadata {
    /// The endpoints of an Authing app at `app_host` (`https://example.authing.cn`) by the
    /// service's convention, without a discovery request: `/oidc/auth`, `/oidc/token`,
    /// `/oidc/me`, `/oidc/.well-known/jwks.json`, `/oidc/token/introspection`,
    /// `/oidc/token/revocation`, `/oidc/session/end` (and `/oauth/...` for OAuth 2.0, which
    /// publishes neither keys nor an end-session endpoint).
    ///
    /// # Errors
    /// [`Error::Config`] when `app_host` is not an absolute URL.
    pub fn authing(app_host: &str, protocol: Protocol) -> Result<Self, Error> {
        let host = base(app_host)?;
        let p = match protocol {
            Protocol::Oidc => "oidc",
            Protocol::OAuth2 => "oauth",
        };
        let oidc = protocol == Protocol::Oidc;
        Ok(ProviderMetadata {
            issuer: format!("{host}/{p}"),
            authorization_endpoint: format!("{host}/{p}/auth"),
            token_endpoint: format!("{host}/{p}/token"),
            userinfo_endpoint: Some(format!("{host}/{p}/me")),
            jwks_uri: oidc.then(|| format!("{host}/{p}/.well-known/jwks.json")),
            introspection_endpoint: Some(format!("{host}/{p}/token/introspection")),
            revocation_endpoint: Some(format!("{host}/{p}/token/revocation")),
            end_session_endpoint: oidc.then(|| format!("{host}/{p}/session/end")),
        })
    }
}

/// `https://host/path/` → `https://host/path`; a host without a scheme gets `https://`.
fn base(host: &str) -> Result<String, Error> {
    let host = host.trim();
    let with_scheme = if host.contains("://") { host.to_string() } else { format!("https://{host}") };
    let url = Url::parse(&with_scheme).map_err(|e| Error::Config(format!("`{host}` is not a URL: {e}")))?;
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// A PKCE code verifier (RFC 7636): 43 characters of URL-safe base64 from 32 random bytes. Keep
/// it with the login attempt; send its [`challenge`](Pkce::challenge) in the authorize URL and
/// the verifier itself with the code.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
// sdk-operation: generate_code_challenge
#[doc(alias = "generateCodeChallenge", alias = "generate_code_challenge", alias = "GenerateCodeChallenge")]
pub struct Pkce(SecretString);

/// How the PKCE challenge is derived from the verifier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PkceMethod {
    /// `S256`: base64url(SHA-256(verifier)).
    #[default]
    S256,
    /// `plain`: the verifier itself (only for clients that cannot hash).
    Plain,
}

impl PkceMethod {
    /// The `code_challenge_method` value.
    pub fn as_str(self) -> &'static str {
        match self {
            PkceMethod::S256 => "S256",
            PkceMethod::Plain => "plain",
        }
    }
}

impl Pkce {
    /// A new random verifier (the official SDKs' `generateCodeChallenge`).
    pub fn generate() -> Self {
        Pkce(SecretString(random_token()))
    }

    /// A verifier the caller kept (43 to 128 characters of `[A-Za-z0-9-._~]`).
    pub fn from_verifier(verifier: impl Into<String>) -> Self {
        Pkce(SecretString(verifier.into()))
    }

    /// The verifier, sent with the code.
    pub fn verifier(&self) -> &str {
        self.0.expose()
    }

    /// The `code_challenge` for `method` (the official SDKs' `getCodeChallengeDigest`).
    // sdk-operation: get_code_challenge_digest
    #[doc(alias = "getCodeChallengeDigest", alias = "get_code_challenge_digest", alias = "GetCodeChallengeDigest")]
    pub fn challenge(&self, method: PkceMethod) -> String {
        match method {
            PkceMethod::S256 => {
                URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, self.verifier().as_bytes()))
            }
            PkceMethod::Plain => self.verifier().to_string(),
        }
    }
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pkce(<redacted>)")
    }
}

/// 32 bytes from the system's secure random source, as URL-safe base64 (43 characters).
fn random_token() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 32];
    // The system source fails only when the OS has no entropy source at all; nothing sensible
    // can be done then, and a predictable state or verifier would be a security hole.
    ring::rand::SystemRandom::new().fill(&mut bytes).expect("the system's random source failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What goes into an authorize URL. Every field is optional: `state` and (for OIDC) `nonce`
/// are generated when not given, the scope defaults to the protocol's, the response type to
/// `code`, the redirect URI to the client's.
#[derive(Clone, Debug, Default)]
pub struct AuthorizeRequest {
    scope: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    response_type: Option<String>,
    response_mode: Option<String>,
    prompt: Option<String>,
    redirect_uri: Option<String>,
    code_challenge: Option<(String, PkceMethod)>,
    extra: Vec<(String, String)>,
}

impl AuthorizeRequest {
    /// An authorize request with every default.
    pub fn new() -> Self {
        Self::default()
    }
    /// `scope`: space-separated; add `offline_access` to get a refresh token (this also sets
    /// `prompt=consent` unless a prompt is given, as OIDC requires).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }
    /// `state`: echoed back on the callback; check it there against the one you kept.
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }
    /// `nonce` (OIDC): put into the ID token; check it with [`OidcClient::verify_id_token`].
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }
    /// `response_type`: `code` (default), `code id_token`, `id_token token`, ...
    pub fn response_type(mut self, response_type: impl Into<String>) -> Self {
        self.response_type = Some(response_type.into());
        self
    }
    /// `response_mode`: `query` (default), `fragment` or `form_post`.
    pub fn response_mode(mut self, response_mode: impl Into<String>) -> Self {
        self.response_mode = Some(response_mode.into());
        self
    }
    /// `prompt`: `none`, `login`, `consent`, `select_account`.
    pub fn prompt(mut self, prompt: impl Into<String>) -> Self {
        self.prompt = Some(prompt.into());
        self
    }
    /// `redirect_uri`, when not the client's.
    pub fn redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(redirect_uri.into());
        self
    }
    /// PKCE with `S256`: sends the verifier's challenge; pass the same [`Pkce`] to
    /// [`OidcClient::exchange_code`].
    pub fn pkce(self, pkce: &Pkce) -> Self {
        self.code_challenge(pkce.challenge(PkceMethod::S256), PkceMethod::S256)
    }
    /// `code_challenge` and `code_challenge_method`, computed by the caller.
    pub fn code_challenge(mut self, challenge: impl Into<String>, method: PkceMethod) -> Self {
        self.code_challenge = Some((challenge.into(), method));
        self
    }
    /// Any further parameter (`login_hint`, `ui_locales`, ...), sent as given.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.push((name.into(), value.into()));
        self
    }
}

/// An authorize URL and what the callback must check it against: keep `state` and `nonce` with
/// the user's session until the callback.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthorizeUrl {
    /// The URL to send the user's browser to.
    pub url: String,
    /// The `state` sent (given or generated).
    pub state: String,
    /// The `nonce` sent (OIDC only; given or generated).
    pub nonce: Option<String>,
}

/// What the logout URL says. With an ID token it is the OIDC RP-initiated logout at the
/// provider's `end_session_endpoint` (the official SDKs' "expert" mode; the redirect must be one
/// the app's console lists); without one, the Authing app's universal logout link
/// `/login/profile/logout`.
#[derive(Clone, Debug, Default)]
pub struct LogoutRequest {
    id_token_hint: Option<SecretString>,
    redirect_uri: Option<String>,
    state: Option<String>,
}

impl LogoutRequest {
    /// A logout with every default.
    pub fn new() -> Self {
        Self::default()
    }
    /// The user's ID token: selects the OIDC end-session logout.
    pub fn id_token_hint(mut self, id_token: impl Into<String>) -> Self {
        self.id_token_hint = Some(SecretString::new(id_token));
        self
    }
    /// Where the browser goes after logging out.
    pub fn redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(redirect_uri.into());
        self
    }
    /// `state`, echoed to the post-logout redirect (OIDC logout only).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }
}

/// The tokens of one user (or of a client-credentials grant), as the token endpoint returned
/// them. The caller holds it; `Debug` redacts every token; it serializes to the token
/// endpoint's own JSON shape (plus `expires_at`), so it can be stored and read back.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSet {
    access_token: SecretString,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<SecretString>,
    #[serde(default)]
    token_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_in: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
}

impl TokenSet {
    /// `access_token`.
    pub fn access_token(&self) -> &str {
        self.access_token.expose()
    }
    /// `id_token` (OIDC, when `openid` was in the scope).
    pub fn id_token(&self) -> Option<&str> {
        self.id_token.as_ref().map(SecretString::expose)
    }
    /// `refresh_token` (when `offline_access` was in the scope).
    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_ref().map(SecretString::expose)
    }
    /// `token_type`, normally `Bearer`.
    pub fn token_type(&self) -> &str {
        &self.token_type
    }
    /// `expires_in`: the access token's lifetime in seconds, as issued.
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in.map(Duration::from_secs)
    }
    /// When the access token expires (the receipt time plus `expires_in`).
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at.map(|s| UNIX_EPOCH + Duration::from_secs(s))
    }
    /// Whether the access token has expired, or expires within `margin`.
    pub fn is_expired(&self, margin: Duration) -> bool {
        self.expires_at().is_some_and(|at| SystemTime::now() + margin >= at)
    }
    /// `scope`: what was granted, space-separated.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// A refresh may omit the refresh token: the old one stays valid then.
    fn keep_refresh_token(mut self, old: &str) -> Self {
        if self.refresh_token.is_none() {
            self.refresh_token = Some(SecretString::new(old));
        }
        self
    }
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("id_token", &self.id_token)
            .field("refresh_token", &self.refresh_token)
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .finish()
    }
}

/// The standard claims of the user info endpoint (OIDC Core §5.1); every other claim is in
/// `extra`. Absent and `null` claims read as `None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserInfo {
    /// `sub`: the user's ID.
    #[serde(default)]
    pub sub: String,
    /// `name`.
    #[serde(default)]
    pub name: Option<String>,
    /// `nickname`.
    #[serde(default)]
    pub nickname: Option<String>,
    /// `preferred_username`.
    #[serde(default)]
    pub preferred_username: Option<String>,
    /// `picture`: the avatar's URL.
    #[serde(default)]
    pub picture: Option<String>,
    /// `email`.
    #[serde(default)]
    pub email: Option<String>,
    /// `email_verified`.
    #[serde(default)]
    pub email_verified: Option<bool>,
    /// `phone_number`.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// `phone_number_verified`.
    #[serde(default)]
    pub phone_number_verified: Option<bool>,
    /// `updated_at`, as the provider sends it (Authing: an ISO 8601 string).
    #[serde(default)]
    pub updated_at: Option<Value>,
    /// Every other claim (`gender`, `address`, `birthdate`, custom claims, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An introspection answer (RFC 7662). An inactive token gives `active: false` and nothing else.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Introspection {
    /// `active`: whether the token is valid now.
    pub active: bool,
    /// `sub`: the user's ID.
    #[serde(default)]
    pub sub: Option<String>,
    /// `client_id`: the app the token was issued to.
    #[serde(default)]
    pub client_id: Option<String>,
    /// `scope`, space-separated.
    #[serde(default)]
    pub scope: Option<String>,
    /// `exp`, seconds since the Unix epoch.
    #[serde(default)]
    pub exp: Option<u64>,
    /// `iat`, seconds since the Unix epoch.
    #[serde(default)]
    pub iat: Option<u64>,
    /// `iss`.
    #[serde(default)]
    pub iss: Option<String>,
    /// `jti`.
    #[serde(default)]
    pub jti: Option<String>,
    /// `token_type`.
    #[serde(default)]
    pub token_type: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The claims of a verified token: the registered ones as fields, the rest in `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Claims {
    /// `iss`.
    pub iss: String,
    /// `sub`.
    #[serde(default)]
    pub sub: Option<String>,
    /// `aud`: one audience or several.
    #[serde(default)]
    pub aud: Option<Value>,
    /// `exp`, seconds since the Unix epoch.
    pub exp: u64,
    /// `iat`, seconds since the Unix epoch.
    #[serde(default)]
    pub iat: Option<u64>,
    /// `nonce` (ID tokens).
    #[serde(default)]
    pub nonce: Option<String>,
    /// `scope` (access tokens).
    #[serde(default)]
    pub scope: Option<String>,
    /// Every other claim (`email`, `at_hash`, `jti`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Configures an [`OidcClient`].
#[derive(Debug)]
pub struct OidcClientBuilder {
    issuer: String,
    client_id: String,
    client_secret: Option<SecretString>,
    redirect_uri: Option<String>,
    auth_method: TokenAuthMethod,
    protocol: Protocol,
    timeout: Duration,
    leeway: u64,
    http: Option<reqwest::Client>,
}

impl OidcClientBuilder {
    /// The app secret (not needed with [`TokenAuthMethod::None`]).
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.client_secret = Some(SecretString::new(secret));
        self
    }
    /// The default callback URL of authorize URLs and code exchanges.
    pub fn redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(redirect_uri.into());
        self
    }
    /// How the app authenticates to the token endpoints (default `client_secret_post`).
    pub fn auth_method(mut self, method: TokenAuthMethod) -> Self {
        self.auth_method = method;
        self
    }
    /// OIDC (default) or OAuth 2.0.
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = protocol;
        self
    }
    /// Timeout of each request (default 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
    /// Clock skew tolerated when checking `exp` and `nbf`, in seconds (default 60).
    pub fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }
    /// An HTTP client of the caller's (proxies, TLS roots); the timeout option is then unused.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// A client with the given endpoints, without a discovery request.
    ///
    /// # Errors
    /// [`Error::Transport`] when the HTTP client cannot be built.
    pub fn build_with(self, provider: ProviderMetadata) -> Result<OidcClient, Error> {
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder().timeout(self.timeout).build().map_err(Error::Transport)?,
        };
        Ok(OidcClient {
            inner: Arc::new(Inner {
                http,
                client_id: self.client_id,
                client_secret: self.client_secret,
                redirect_uri: self.redirect_uri,
                auth_method: self.auth_method,
                protocol: self.protocol,
                leeway: self.leeway,
                provider,
                jwks: RwLock::new(None),
            }),
        })
    }

    /// A client with the endpoints of an Authing app by the service's convention (see
    /// [`ProviderMetadata::authing`]; the issuer given to [`OidcClient::builder`] is then the
    /// app host, `https://example.authing.cn`).
    ///
    /// # Errors
    /// [`Error::Config`] when the issuer is not a URL; [`Error::Transport`] as `build_with`.
    pub fn build(self) -> Result<OidcClient, Error> {
        let provider = ProviderMetadata::authing(&self.issuer, self.protocol)?;
        self.build_with(provider)
    }

    /// A client with the endpoints of the issuer's discovery document
    /// (`{issuer}/.well-known/openid-configuration`).
    ///
    /// # Errors
    /// [`Error::Transport`], [`Error::Http`] or [`Error::Decode`] when the document cannot be
    /// fetched or read; [`Error::Config`] when its `issuer` is not the one asked for.
    pub async fn discover(self) -> Result<OidcClient, Error> {
        let issuer = base(&self.issuer)?;
        let client = self.build_with(ProviderMetadata {
            issuer: issuer.clone(),
            authorization_endpoint: String::new(),
            token_endpoint: String::new(),
            userinfo_endpoint: None,
            jwks_uri: None,
            introspection_endpoint: None,
            revocation_endpoint: None,
            end_session_endpoint: None,
        })?;
        let url = format!("{issuer}/.well-known/openid-configuration");
        let provider: ProviderMetadata = client.json(client.inner.http.get(url)).await?;
        if provider.issuer.trim_end_matches('/') != issuer {
            return Err(Error::Config(format!(
                "the discovery document names issuer `{}`, not `{issuer}`",
                provider.issuer
            )));
        }
        let mut inner =
            Arc::try_unwrap(client.inner).map_err(|_| Error::Config("client shared during discovery".into()))?;
        inner.provider = provider;
        Ok(OidcClient { inner: Arc::new(inner) })
    }
}

/// The login flows of one app against one provider. Immutable and cheap to clone (clones share
/// the HTTP connection pool and the cached JWKS); it never holds a user's tokens.
#[derive(Clone, Debug)]
pub struct OidcClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    client_id: String,
    client_secret: Option<SecretString>,
    redirect_uri: Option<String>,
    auth_method: TokenAuthMethod,
    protocol: Protocol,
    leeway: u64,
    provider: ProviderMetadata,
    /// The issuer's keys, fetched on first verification and again when a `kid` is unknown
    /// (the provider rotated its keys).
    jwks: RwLock<Option<Arc<JwkSet>>>,
}

impl OidcClient {
    /// A builder for the app `client_id` at `issuer`: the issuer URL for
    /// [`discover`](OidcClientBuilder::discover) (`https://example.authing.cn/oidc`), the app
    /// host for [`build`](OidcClientBuilder::build) (`https://example.authing.cn`).
    pub fn builder(issuer: impl Into<String>, client_id: impl Into<String>) -> OidcClientBuilder {
        OidcClientBuilder {
            issuer: issuer.into(),
            client_id: client_id.into(),
            client_secret: None,
            redirect_uri: None,
            auth_method: TokenAuthMethod::default(),
            protocol: Protocol::default(),
            timeout: Duration::from_secs(10),
            leeway: 60,
            http: None,
        }
    }

    /// The provider's endpoints this client uses.
    pub fn provider(&self) -> &ProviderMetadata {
        &self.inner.provider
    }

    /// The URL that starts a login (OIDC or OAuth 2.0 authorization code flow), with the `state`
    /// and `nonce` to check on the callback.
    ///
    /// # Errors
    /// [`Error::Config`] when there is no redirect URI (neither in `request` nor in the client)
    /// or the authorization endpoint is not a URL.
    // sdk-operation: oidc/build_authorize_url oauth/build_authorize_url build_authorize_url_by_oidc build_authorize_url_by_oauth build_oidc_authorize_url build_oauth_authorize_url
    #[doc(alias = "buildAuthorizeUrl", alias = "build_authorize_url", alias = "BuildAuthorizeUrl")]
    pub fn authorize_url(&self, request: AuthorizeRequest) -> Result<AuthorizeUrl, Error> {
        let inner = &self.inner;
        let redirect = request
            .redirect_uri
            .or_else(|| inner.redirect_uri.clone())
            .ok_or_else(|| Error::Config("an authorize URL needs a redirect URI".into()))?;
        let mut url = endpoint_url(&inner.provider.authorization_endpoint, "authorization_endpoint")?;
        let scope = request.scope.unwrap_or_else(|| inner.protocol.default_scope().to_string());
        let state = request.state.unwrap_or_else(random_token);
        let nonce = (inner.protocol == Protocol::Oidc).then(|| request.nonce.unwrap_or_else(random_token));
        let prompt =
            request.prompt.or_else(|| scope.split(' ').any(|s| s == "offline_access").then(|| "consent".to_string()));
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("client_id", &inner.client_id);
            q.append_pair("redirect_uri", &redirect);
            q.append_pair("response_type", request.response_type.as_deref().unwrap_or("code"));
            q.append_pair("scope", &scope);
            q.append_pair("state", &state);
            if let Some(n) = &nonce {
                q.append_pair("nonce", n);
            }
            if let Some(m) = &request.response_mode {
                q.append_pair("response_mode", m);
            }
            if let Some(p) = &prompt {
                q.append_pair("prompt", p);
            }
            if let Some((challenge, method)) = &request.code_challenge {
                q.append_pair("code_challenge", challenge);
                q.append_pair("code_challenge_method", method.as_str());
            }
            for (k, v) in &request.extra {
                q.append_pair(k, v);
            }
        }
        Ok(AuthorizeUrl { url: url.into(), state, nonce })
    }

    /// Exchanges the callback's `code` for tokens (`grant_type=authorization_code`), with the
    /// PKCE verifier when the authorize URL carried its challenge.
    ///
    /// # Errors
    /// [`Error::OAuth`] when the provider refuses the code (`invalid_grant`: used, expired, or a
    /// wrong verifier); [`Error::Config`] without a redirect URI; transport and decode errors.
    // sdk-operation: get_access_token_by_code get_login_state_by_auth_code
    #[doc(alias = "getAccessTokenByCode", alias = "get_access_token_by_code", alias = "GetAccessTokenByCode")]
    pub async fn exchange_code(&self, code: &str, pkce: Option<&Pkce>) -> Result<TokenSet, Error> {
        let redirect = self
            .inner
            .redirect_uri
            .as_deref()
            .ok_or_else(|| Error::Config("a code exchange needs the client's redirect URI".into()))?;
        let mut form = vec![("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect)];
        if let Some(p) = pkce {
            form.push(("code_verifier", p.verifier()));
        }
        self.token_request(form).await
    }

    /// Gets new tokens with a refresh token (`grant_type=refresh_token`). When the answer has no
    /// refresh token, the returned set keeps the one given.
    ///
    /// # Errors
    /// [`Error::OAuth`] when the refresh token is revoked or expired; transport and decode errors.
    // sdk-operation: get_new_access_token_by_refresh_token
    #[doc(
        alias = "getNewAccessTokenByRefreshToken",
        alias = "get_new_access_token_by_refresh_token",
        alias = "GetNewAccessTokenByRefreshToken",
        alias = "refreshToken",
        alias = "refresh_token"
    )]
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenSet, Error> {
        let tokens =
            self.token_request(vec![("grant_type", "refresh_token"), ("refresh_token", refresh_token)]).await?;
        Ok(tokens.keep_refresh_token(refresh_token))
    }

    /// Gets a token for a machine-to-machine account (`grant_type=client_credentials`): the
    /// account's access key and secret key authenticate in place of the app's credentials, with
    /// the client's [`TokenAuthMethod`].
    ///
    /// # Errors
    /// [`Error::OAuth`] when the keys or scope are refused; transport and decode errors.
    // sdk-operation: get_access_token_by_client_credentials
    #[doc(
        alias = "getAccessTokenByClientCredentials",
        alias = "get_access_token_by_client_credentials",
        alias = "GetAccessTokenByClientCredentials"
    )]
    pub async fn client_credentials(&self, scope: &str, access_key: &str, secret_key: &str) -> Result<TokenSet, Error> {
        let form = vec![("grant_type", "client_credentials"), ("scope", scope)];
        let request = self.authenticated(&self.inner.provider.token_endpoint, form, access_key, Some(secret_key))?;
        self.tokens(request).await
    }

    /// The user's claims from the user info endpoint, with `Authorization: Bearer <access_token>`.
    ///
    /// # Errors
    /// [`Error::OAuth`] / [`Error::Http`] when the token is refused; [`Error::Config`] when the
    /// provider has no user info endpoint; transport and decode errors.
    // sdk-operation: get_user_info_by_access_token
    #[doc(
        alias = "getUserInfoByAccessToken",
        alias = "get_user_info_by_access_token",
        alias = "GetUserInfoByAccessToken"
    )]
    pub async fn user_info(&self, access_token: &str) -> Result<UserInfo, Error> {
        let url = required(&self.inner.provider.userinfo_endpoint, "userinfo_endpoint")?;
        self.json(self.inner.http.get(url).bearer_auth(access_token)).await
    }

    /// Asks the provider whether an access or refresh token is active (RFC 7662), authenticating
    /// as the app.
    ///
    /// # Errors
    /// [`Error::Config`] when the provider has no introspection endpoint; [`Error::OAuth`] when
    /// the app's credentials are refused; transport and decode errors. An invalid token is not
    /// an error: it gives `active: false`.
    // sdk-operation: introspect_token
    #[doc(alias = "introspectToken", alias = "introspect_token", alias = "IntrospectToken")]
    pub async fn introspect(&self, token: &str) -> Result<Introspection, Error> {
        let url = required(&self.inner.provider.introspection_endpoint, "introspection_endpoint")?;
        let request = self.app_authenticated(url, vec![("token", token)])?;
        self.json(request).await
    }

    /// Revokes an access or refresh token (RFC 7009), authenticating as the app. Revoking a
    /// token the provider does not know succeeds, as the RFC says.
    ///
    /// # Errors
    /// [`Error::Config`] when the provider has no revocation endpoint; [`Error::OAuth`] or
    /// [`Error::Http`] when the provider refuses; transport errors.
    // sdk-operation: revoke_token
    #[doc(alias = "revokeToken", alias = "revoke_token", alias = "RevokeToken")]
    pub async fn revoke(&self, token: &str) -> Result<(), Error> {
        let url = required(&self.inner.provider.revocation_endpoint, "revocation_endpoint")?;
        let request = self.app_authenticated(url, vec![("token", token)])?;
        let response = request.send().await.map_err(Error::Transport)?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let body = response.bytes().await.map_err(Error::Transport)?;
        Err(http_error(status.as_u16(), &body))
    }

    /// The URL that logs the user out (see [`LogoutRequest`] for which one).
    ///
    /// # Errors
    /// [`Error::Config`] when an ID token is given but the provider has no end-session endpoint,
    /// or an endpoint is not a URL.
    // sdk-operation: oidc/build_logout_url oauth/build_logout_url
    #[doc(alias = "buildLogoutUrl", alias = "build_logout_url", alias = "BuildLogoutUrl")]
    pub fn logout_url(&self, request: LogoutRequest) -> Result<String, Error> {
        let provider = &self.inner.provider;
        let url = match &request.id_token_hint {
            Some(id_token) => {
                let mut url = endpoint_url(
                    required(&provider.end_session_endpoint, "end_session_endpoint")?,
                    "end_session_endpoint",
                )?;
                {
                    let mut q = url.query_pairs_mut();
                    q.append_pair("id_token_hint", id_token.expose());
                    if let Some(r) = &request.redirect_uri {
                        q.append_pair("post_logout_redirect_uri", r);
                    }
                    if let Some(s) = &request.state {
                        q.append_pair("state", s);
                    }
                }
                url
            }
            None => {
                let mut url = endpoint_url(&provider.issuer, "issuer")?;
                url.set_path("/login/profile/logout");
                url.set_query(None);
                if let Some(r) = &request.redirect_uri {
                    url.query_pairs_mut().append_pair("redirect_uri", r);
                }
                url
            }
        };
        Ok(url.into())
    }

    /// Verifies an ID token locally: its signature (RS/ES/PS algorithms against the issuer's
    /// JWKS, HS algorithms against the app secret), `iss` (the provider's issuer), `aud` (this
    /// client), `exp` (with the client's leeway) and, when given, `nonce`.
    ///
    /// # Errors
    /// [`Error::InvalidToken`] with the [`TokenErrorKind`] of the failed check; the errors of
    /// fetching the JWKS.
    // sdk-operation: validate_token parse_id_token
    #[doc(alias = "parseIdToken", alias = "parse_id_token", alias = "ParseIdToken", alias = "validateToken")]
    pub async fn verify_id_token(&self, id_token: &str, nonce: Option<&str>) -> Result<Claims, Error> {
        let claims = self.verify(id_token).await?;
        if nonce.is_some_and(|expected| claims.nonce.as_deref() != Some(expected)) {
            return Err(Error::token(TokenErrorKind::Nonce));
        }
        Ok(claims)
    }

    /// Verifies a JWT access token locally: signature, `iss`, `aud` (this client) and `exp`, as
    /// [`verify_id_token`](Self::verify_id_token).
    ///
    /// # Errors
    /// As [`verify_id_token`](Self::verify_id_token).
    // sdk-operation: parse_access_token introspect_access_token_offline
    #[doc(alias = "parseAccessToken", alias = "parse_access_token", alias = "ParseAccessToken")]
    pub async fn verify_access_token(&self, access_token: &str) -> Result<Claims, Error> {
        self.verify(access_token).await
    }

    async fn verify(&self, token: &str) -> Result<Claims, Error> {
        let header = jsonwebtoken::decode_header(token).map_err(Error::jose)?;
        let key = match header.alg {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
                let secret = self.inner.client_secret.as_ref().ok_or(Error::token(TokenErrorKind::Key))?;
                DecodingKey::from_secret(secret.expose().as_bytes())
            }
            _ => self.jwk_key(header.kid.as_deref()).await?,
        };
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[&self.inner.provider.issuer]);
        validation.set_audience(&[&self.inner.client_id]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.leeway = self.inner.leeway;
        validation.validate_nbf = true;
        let data = jsonwebtoken::decode::<Claims>(token, &key, &validation).map_err(Error::jose)?;
        Ok(data.claims)
    }

    /// The key for `kid` from the cached JWKS, refetched once when the `kid` is not in it.
    async fn jwk_key(&self, kid: Option<&str>) -> Result<DecodingKey, Error> {
        let cached = self.inner.jwks.read().unwrap_or_else(|e| e.into_inner()).clone();
        let pick = |set: &JwkSet| match kid {
            Some(k) => set.find(k).cloned(),
            None if set.keys.len() == 1 => set.keys.first().cloned(),
            None => None,
        };
        let jwk = match cached.as_deref().and_then(pick) {
            Some(jwk) => jwk,
            None => {
                let url = required(&self.inner.provider.jwks_uri, "jwks_uri")?;
                let set: Arc<JwkSet> = Arc::new(self.json(self.inner.http.get(url)).await?);
                *self.inner.jwks.write().unwrap_or_else(|e| e.into_inner()) = Some(set.clone());
                pick(&set).ok_or(Error::token(TokenErrorKind::Key))?
            }
        };
        DecodingKey::from_jwk(&jwk).map_err(Error::jose)
    }

    /// A form POST to the token endpoint with the app's credentials, read as a [`TokenSet`].
    async fn token_request(&self, form: Vec<(&str, &str)>) -> Result<TokenSet, Error> {
        let request = self.app_authenticated(&self.inner.provider.token_endpoint, form)?;
        self.tokens(request).await
    }

    async fn tokens(&self, request: reqwest::RequestBuilder) -> Result<TokenSet, Error> {
        let mut tokens: TokenSet = self.json(request).await?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        tokens.expires_at = tokens.expires_in.map(|s| now.saturating_add(s));
        Ok(tokens)
    }

    fn app_authenticated<'a>(
        &'a self,
        url: &str,
        form: Vec<(&'a str, &'a str)>,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let secret = self.inner.client_secret.as_ref().map(SecretString::expose);
        self.authenticated(url, form, &self.inner.client_id, secret)
    }

    /// A form POST to `url` authenticated as `id`/`secret` with the client's method.
    fn authenticated<'a>(
        &self,
        url: &str,
        mut form: Vec<(&'a str, &'a str)>,
        id: &'a str,
        secret: Option<&'a str>,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let url = endpoint_url(url, "token endpoint")?;
        let mut request = self.inner.http.post(url);
        match (self.inner.auth_method, secret) {
            (TokenAuthMethod::ClientSecretBasic, Some(secret)) => {
                let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
                request = request.basic_auth(enc(id), Some(enc(secret)));
            }
            (TokenAuthMethod::ClientSecretPost, Some(secret)) => {
                form.push(("client_id", id));
                form.push(("client_secret", secret));
            }
            (TokenAuthMethod::None, _) => form.push(("client_id", id)),
            (_, None) => {
                return Err(Error::Config("client_secret_post and client_secret_basic need a client secret".into()));
            }
        }
        Ok(request.form(&form))
    }

    /// Sends `request` and reads a JSON answer.
    async fn json<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> Result<T, Error> {
        let response =
            request.header(reqwest::header::ACCEPT, "application/json").send().await.map_err(Error::Transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(Error::Transport)?;
        if !status.is_success() {
            return Err(http_error(status.as_u16(), &body));
        }
        serde_json::from_slice(&body)
            .map_err(|source| Error::Decode { body: String::from_utf8_lossy(&body).into_owned(), source })
    }
}

fn required<'a>(endpoint: &'a Option<String>, name: &str) -> Result<&'a str, Error> {
    endpoint.as_deref().ok_or_else(|| Error::Config(format!("the provider publishes no {name}")))
}

fn endpoint_url(url: &str, name: &str) -> Result<Url, Error> {
    Url::parse(url).map_err(|e| Error::Config(format!("the {name} `{url}` is not a URL: {e}")))
}

/// An unsuccessful answer: the OAuth 2.0 error when the body is one, else the HTTP error.
fn http_error(status: u16, body: &[u8]) -> Error {
    #[derive(Deserialize)]
    struct OAuthError {
        error: String,
        error_description: Option<String>,
    }
    match serde_json::from_slice::<OAuthError>(body) {
        Ok(e) => Error::OAuth { status, error: e.error, description: e.error_description },
        Err(_) => Error::Http { status, body: String::from_utf8_lossy(body).into_owned() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(protocol: Protocol) -> OidcClient {
        OidcClient::builder("https://example.authing.cn/", "app-1")
            .client_secret("s3cret")
            .redirect_uri("https://app.example.com/cb?x=1")
            .protocol(protocol)
            .build()
            .unwrap()
    }

    fn query(url: &str) -> Vec<(String, String)> {
        Url::parse(url).unwrap().query_pairs().into_owned().collect()
    }

    #[test]
    fn pkce_s256_matches_rfc_7636_appendix_b() {
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(pkce.challenge(PkceMethod::S256), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert_eq!(pkce.challenge(PkceMethod::Plain), pkce.verifier());
    }

    #[test]
    fn generated_verifiers_are_43_url_safe_characters_and_differ() {
        let (a, b) = (Pkce::generate(), Pkce::generate());
        assert_eq!(a.verifier().len(), 43);
        assert!(a.verifier().bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a, b);
    }

    #[test]
    fn oidc_authorize_url_has_defaults_state_and_nonce() {
        let login = client(Protocol::Oidc).authorize_url(AuthorizeRequest::new()).unwrap();
        assert!(login.url.starts_with("https://example.authing.cn/oidc/auth?"));
        let q = query(&login.url);
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("client_id"), Some("app-1"));
        assert_eq!(get("redirect_uri"), Some("https://app.example.com/cb?x=1"));
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("scope"), Some("openid profile email phone address"));
        assert_eq!(get("state"), Some(login.state.as_str()));
        assert_eq!(get("nonce"), login.nonce.as_deref());
        assert_eq!(get("prompt"), None);
        assert_eq!(login.state.len(), 43);
    }

    #[test]
    fn oauth_authorize_url_has_no_nonce_and_offline_access_asks_consent() {
        let request = AuthorizeRequest::new()
            .scope("user offline_access")
            .state("st")
            .response_mode("form_post")
            .code_challenge("abc", PkceMethod::Plain)
            .param("login_hint", "a b");
        let login = client(Protocol::OAuth2).authorize_url(request).unwrap();
        assert!(login.url.starts_with("https://example.authing.cn/oauth/auth?"));
        assert!(login.nonce.is_none());
        let q = query(&login.url);
        for (k, v) in [
            ("scope", "user offline_access"),
            ("state", "st"),
            ("response_mode", "form_post"),
            ("prompt", "consent"),
            ("code_challenge", "abc"),
            ("code_challenge_method", "plain"),
            ("login_hint", "a b"),
        ] {
            assert!(q.contains(&(k.to_string(), v.to_string())), "{k}={v} in {}", login.url);
        }
        assert!(!q.iter().any(|(k, _)| k == "nonce"));
    }

    #[test]
    fn an_authorize_url_without_redirect_uri_is_a_config_error() {
        let client = OidcClient::builder("example.authing.cn", "app").build().unwrap();
        assert!(matches!(client.authorize_url(AuthorizeRequest::new()), Err(Error::Config(_))));
    }

    #[test]
    fn logout_urls() {
        let c = client(Protocol::Oidc);
        let front = c.logout_url(LogoutRequest::new().redirect_uri("https://app/")).unwrap();
        assert_eq!(front, "https://example.authing.cn/login/profile/logout?redirect_uri=https%3A%2F%2Fapp%2F");
        let oidc =
            c.logout_url(LogoutRequest::new().id_token_hint("t.k.n").redirect_uri("https://app/").state("s")).unwrap();
        assert_eq!(
            oidc,
            "https://example.authing.cn/oidc/session/end?id_token_hint=t.k.n&post_logout_redirect_uri=https%3A%2F%2Fapp%2F&state=s"
        );
        let oauth = client(Protocol::OAuth2);
        assert!(matches!(oauth.logout_url(LogoutRequest::new().id_token_hint("t")), Err(Error::Config(_))));
    }

    #[test]
    fn debug_redacts_secrets_and_tokens() {
        let tokens: TokenSet = serde_json::from_str(
            r#"{"access_token":"AT-VALUE","id_token":"IT-VALUE","refresh_token":"RT-VALUE","token_type":"Bearer","expires_in":3600}"#,
        )
        .unwrap();
        let c = client(Protocol::Oidc);
        let shown = format!(
            "{tokens:?} {c:?} {:?} {:?}",
            Pkce::from_verifier("VERIFIER-VALUE"),
            LogoutRequest::new().id_token_hint("IT-VALUE")
        );
        for secret in ["AT-VALUE", "IT-VALUE", "RT-VALUE", "s3cret", "VERIFIER-VALUE"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("<redacted>"));
        // Serialized, the set keeps every token so it can be stored and read back.
        let back: TokenSet = serde_json::from_str(&serde_json::to_string(&tokens).unwrap()).unwrap();
        assert_eq!(back, tokens);
        assert_eq!(back.refresh_token(), Some("RT-VALUE"));
    }

    #[test]
    fn oauth_error_bodies_become_oauth_errors() {
        let e = http_error(400, br#"{"error":"invalid_grant","error_description":"code used"}"#);
        assert!(matches!(e, Error::OAuth { status: 400, ref error, .. } if error == "invalid_grant"));
        assert!(matches!(http_error(502, b"bad gateway"), Error::Http { status: 502, .. }));
    }
}
