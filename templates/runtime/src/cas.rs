//! Logging users in with CAS (Central Authentication Service): the login and logout URLs of an
//! app's CAS identity provider, and service ticket validation (CAS 1.0 `validate`, CAS 2.0
//! `serviceValidate`).
//!
//! Written by hand once and copied into every generated SDK, like [`oidc`](crate::oidc); each
//! `// sdk-operation: <names>` line names the documented operations the next item implements
//! (see the `oidc` module).
//!
//! ```no_run
//! # async fn callback(ticket: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use sdk_runtime::cas::{CasClient, CasValidation};
//! let cas = CasClient::new("https://example.authing.cn", "APP_ID")?;
//! // 1. Send the user to the login page; CAS comes back to `service` with `?ticket=ST-...`.
//! let login = cas.login_url("https://app.example.com/cas/callback")?;
//! // 2. On the callback, validate the ticket for the same service.
//! match cas.validate_v2(ticket, "https://app.example.com/cas/callback").await? {
//!     CasValidation::Valid(user) => println!("{} {:?}", user.user, user.attributes.get("email")),
//!     CasValidation::Invalid { code, description } => println!("refused: {code:?} {description:?}"),
//!     _ => {}
//! }
//! # let _ = login; Ok(()) }
//! ```
//!
//! The endpoints are the service's convention for the app at `app_host`:
//! `/cas-idp/{app id}/login`, `/logout`, `/validate` and `/serviceValidate`.

use crate::oidc::Error;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::time::Duration;
use url::Url;

/// The CAS identity provider of one app. Immutable and cheap to clone; holds no user's state.
#[derive(Clone, Debug)]
pub struct CasClient {
    http: reqwest::Client,
    /// `{app host}/cas-idp/{app id}/`.
    base: Url,
}

/// The outcome of a ticket validation: a ticket the provider refuses is not an error.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum CasValidation {
    /// The ticket is valid for the service: who logged in.
    Valid(CasUser),
    /// The provider refused the ticket (used, expired, or issued for another service).
    Invalid {
        /// The CAS 2.0 failure code (`INVALID_TICKET`, `INVALID_SERVICE`, ...); none in CAS 1.0.
        code: Option<String>,
        /// The provider's explanation, when it gives one.
        description: Option<String>,
    },
}

impl CasValidation {
    /// Whether the ticket was valid.
    pub fn is_valid(&self) -> bool {
        matches!(self, CasValidation::Valid(_))
    }
}

/// The user a valid ticket names.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct CasUser {
    /// The user's CAS name (`cas:user`: an email, a user name or an id, as the app is configured).
    pub user: String,
    /// The user's attributes (CAS 2.0 and later; empty from CAS 1.0): OIDC-style claims such as
    /// `sub`, `email`, `phone_number`.
    #[serde(default)]
    pub attributes: Map<String, Value>,
}

impl CasClient {
    /// The CAS provider of the app `app_id` at `app_host` (`https://example.authing.cn`; a host
    /// without a scheme gets `https://`), with a 10 s timeout per request.
    ///
    /// # Errors
    /// [`Error::Config`] when `app_host` is not a URL; [`Error::Transport`] when the HTTP client
    /// cannot be built.
    pub fn new(app_host: &str, app_id: &str) -> Result<Self, Error> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().map_err(Error::Transport)?;
        Self::with_http_client(app_host, app_id, http)
    }

    /// As [`new`](Self::new), with an HTTP client of the caller's (proxies, TLS roots, timeout).
    ///
    /// # Errors
    /// [`Error::Config`] when `app_host` is not a URL.
    pub fn with_http_client(app_host: &str, app_id: &str, http: reqwest::Client) -> Result<Self, Error> {
        let host = app_host.trim();
        let with_scheme = if host.contains("://") { host.to_string() } else { format!("https://{host}") };
        let mut base = Url::parse(&with_scheme).map_err(|e| Error::Config(format!("`{host}` is not a URL: {e}")))?;
        if base.cannot_be_a_base() || app_id.is_empty() {
            return Err(Error::Config(format!("`{host}` with app id `{app_id}` is not a CAS provider URL")));
        }
        // Each segment is pushed as data: an app id cannot add path segments or a query.
        base.path_segments_mut()
            .map_err(|()| Error::Config(format!("`{host}` cannot hold a path")))?
            .pop_if_empty()
            .extend(["cas-idp", app_id, ""]);
        Ok(CasClient { http, base })
    }

    fn endpoint(&self, name: &str, query: &[(&str, &str)]) -> Url {
        let mut url = self.base.join(name).unwrap_or_else(|_| self.base.clone());
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// The URL that starts a CAS login: `{app host}/cas-idp/{app id}/login?service=...`. After
    /// the login the provider redirects to `service` with a `ticket` query parameter.
    ///
    /// # Errors
    /// [`Error::Config`] when `service` is not an absolute URL.
    // sdk-operation: cas/build_authorize_url build_authorize_url_by_cas
    pub fn login_url(&self, service: &str) -> Result<String, Error> {
        Url::parse(service).map_err(|e| Error::Config(format!("the service `{service}` is not a URL: {e}")))?;
        Ok(self.endpoint("login", &[("service", service)]).into())
    }

    /// The URL that ends the user's CAS session: `{app host}/cas-idp/{app id}/logout`, with
    /// `?service=` to come back to when given.
    // sdk-operation: cas/build_logout_url
    pub fn logout_url(&self, service: Option<&str>) -> String {
        let query: Vec<(&str, &str)> = service.map(|s| ("service", s)).into_iter().collect();
        self.endpoint("logout", &query).into()
    }

    /// Validates a service ticket with CAS 1.0 (`GET /validate`): the provider answers
    /// `yes\n<user>\n` or `no\n`. Prefer [`validate_v2`](Self::validate_v2), which also gives
    /// the user's attributes.
    ///
    /// # Errors
    /// [`Error::Http`] when the provider answers an HTTP error; [`Error::Transport`]; an answer
    /// that is neither `yes` nor `no` is [`Error::Http`] with its body.
    // sdk-operation: validate_ticket_v1
    pub async fn validate_v1(&self, ticket: &str, service: &str) -> Result<CasValidation, Error> {
        let url = self.endpoint("validate", &[("service", service), ("ticket", ticket)]);
        let (status, body) = self.get(url).await?;
        let body = String::from_utf8_lossy(&body).into_owned();
        let mut lines = body.lines().map(str::trim);
        match lines.next() {
            Some("yes") => {
                let user = lines.next().unwrap_or_default().to_owned();
                Ok(CasValidation::Valid(CasUser { user, attributes: Map::new() }))
            }
            Some("no") => Ok(CasValidation::Invalid { code: None, description: None }),
            _ => Err(Error::Http { status, body }),
        }
    }

    /// Validates a service ticket with CAS 2.0 (`GET /serviceValidate`, asking for the JSON
    /// form of the answer), giving the user and their attributes.
    ///
    /// # Errors
    /// [`Error::Http`] when the provider answers an HTTP error; [`Error::Decode`] when the answer
    /// is neither a success nor a failure of the protocol; [`Error::Transport`].
    // sdk-operation: validate_ticket_v2
    pub async fn validate_v2(&self, ticket: &str, service: &str) -> Result<CasValidation, Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Answer {
            service_response: ServiceResponse,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        enum ServiceResponse {
            AuthenticationSuccess(CasUser),
            AuthenticationFailure {
                #[serde(default)]
                code: Option<String>,
                #[serde(default)]
                description: Option<String>,
            },
        }
        let url = self.endpoint("serviceValidate", &[("service", service), ("ticket", ticket), ("format", "JSON")]);
        let (_, body) = self.get(url).await?;
        let answer: Answer = serde_json::from_slice(&body)
            .map_err(|source| Error::Decode { body: String::from_utf8_lossy(&body).into_owned(), source })?;
        Ok(match answer.service_response {
            ServiceResponse::AuthenticationSuccess(user) => CasValidation::Valid(user),
            ServiceResponse::AuthenticationFailure { code, description } => {
                CasValidation::Invalid { code, description: description.map(|d| d.trim().to_owned()) }
            }
        })
    }

    /// `GET url`: the status and body of a successful answer.
    async fn get(&self, url: Url) -> Result<(u16, Vec<u8>), Error> {
        let response = self.http.get(url).send().await.map_err(Error::Transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(Error::Transport)?.to_vec();
        if !status.is_success() {
            return Err(Error::Http { status: status.as_u16(), body: String::from_utf8_lossy(&body).into_owned() });
        }
        Ok((status.as_u16(), body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_and_logout_urls_encode_the_service() {
        let cas = CasClient::new("example.authing.cn/", "app-1").unwrap();
        assert_eq!(
            cas.login_url("https://app.example.com/cb?a=1&b=2").unwrap(),
            "https://example.authing.cn/cas-idp/app-1/login?service=https%3A%2F%2Fapp.example.com%2Fcb%3Fa%3D1%26b%3D2"
        );
        assert_eq!(cas.logout_url(None), "https://example.authing.cn/cas-idp/app-1/logout");
        assert_eq!(
            cas.logout_url(Some("https://app/")),
            "https://example.authing.cn/cas-idp/app-1/logout?service=https%3A%2F%2Fapp%2F"
        );
        assert!(matches!(cas.login_url("not a url"), Err(Error::Config(_))));
    }

    #[test]
    fn an_app_id_stays_one_path_segment() {
        let cas = CasClient::new("https://example.authing.cn", "a/../b?x").unwrap();
        assert!(cas.logout_url(None).starts_with("https://example.authing.cn/cas-idp/a%2F..%2Fb%3Fx/logout"));
        assert!(matches!(CasClient::new("https://example.authing.cn", ""), Err(Error::Config(_))));
    }
}
