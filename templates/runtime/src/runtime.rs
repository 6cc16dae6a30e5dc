//! The HTTP plumbing every client shares (see the crate docs for the protocol).
//!
//! Every generated method ends up in one non-generic function, [`Transport::send`], which takes
//! the request as a JSON value: this keeps the compiled code small however many endpoints there
//! are. Only [`decode`] is generic, and it is small. The two ways of authenticating are here
//! too ([`ManagementAuth`], [`AppAuth`]): each client uses one.

use crate::Error;
use crate::error::ApiError;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The default timeout of a call.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// HTTP methods the API uses (not every crate uses all of them).
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
}

/// What a generated method says about its endpoint.
#[derive(Debug)]
pub(crate) struct Endpoint {
    pub method: Method,
    /// Path with `{name}` placeholders.
    pub path: &'static str,
    /// Parameters substituted into the path.
    pub path_keys: &'static [&'static str],
    /// Parameters sent in the query string.
    pub query_keys: &'static [&'static str],
    /// Whether the remaining parameters are sent as a JSON body.
    pub body: bool,
    /// Whether the endpoint authenticates the application (its pages describe
    /// `client_secret_post` / `client_secret_basic`): sign-in and token endpoints.
    pub client_auth: bool,
}

/// A secret (key, app secret, token) that never shows in `Debug` output; cheap to clone.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(Arc<str>);

impl Secret {
    pub(crate) fn new(s: impl Into<String>) -> Self {
        Secret(Arc::from(s.into()))
    }
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The language of the service's messages (`x-authing-lang`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Lang {
    /// `zh-CN`
    ZhCn,
    /// `en-US`
    EnUs,
}

impl Lang {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::EnUs => "en-US",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = Error;

    /// `zh-CN` or `en-US`, in any case.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the value for any other text.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh-cn" => Ok(Lang::ZhCn),
            "en-us" => Ok(Lang::EnUs),
            _ => Err(Error::Config(format!("`{s}` is not a language of the service (zh-CN or en-US)"))),
        }
    }
}

/// An environment variable's value; `None` when it is unset or empty.
///
/// # Errors
///
/// [`Error::Config`] naming the variable when its value is not Unicode.
#[allow(dead_code)] // used by the clients' `from_env`
pub(crate) fn env_var(name: &str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::Config(format!("the environment variable `{name}` is not valid Unicode")))
        }
    }
}

/// An environment variable that must be set.
///
/// # Errors
///
/// [`Error::Config`] naming the variable when it is unset, empty or not Unicode.
#[allow(dead_code)] // used by the clients' `from_env`
pub(crate) fn required_env(name: &str) -> Result<String, Error> {
    env_var(name)?.ok_or_else(|| Error::Config(format!("the environment variable `{name}` is not set")))
}

/// Options every client has.
#[derive(Debug, Default)]
pub(crate) struct CommonOptions {
    pub tenant_id: Option<String>,
    pub lang: Option<Lang>,
    pub timeout: Option<Duration>,
    pub accept_invalid_certs: bool,
    /// The caller's own HTTP client (pool, proxy, TLS roots), shared with whoever else holds it.
    pub http: Option<reqwest::Client>,
    pub retry: Option<RetryPolicy>,
}

/// What one client handle changes for its calls (see the clients' `with_timeout`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CallOptions {
    pub timeout: Option<Duration>,
}

/// Opt-in retries of failed calls, with exponential backoff and jitter (through the `backon`
/// crate). Off unless a client is built with one (`.retry(RetryPolicy::default())`).
///
/// Only calls whose HTTP method is idempotent (`GET`, `PUT`, `DELETE`) are retried, unless
/// [`retry_non_idempotent`](Self::retry_non_idempotent) is on: a `POST` that failed may have
/// taken effect (a user created, a code sent). A call is retried when its error
/// [`is_retryable`](crate::Error::is_retryable): a timeout, a transport failure (connection,
/// DNS, TLS), throttling (429) or a server-side failure (5xx, as HTTP status or `statusCode`).
/// When a 429 or 503 answer carries `Retry-After` (seconds or an HTTP date), the next attempt
/// waits that long instead, at most [`max_delay`](Self::max_delay).
///
/// Give one to a client's builder (`.retry(RetryPolicy::default().max_retries(5))`).
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    max_retries: usize,
    min_delay: Duration,
    max_delay: Duration,
    jitter: bool,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 retries; delays of 200 ms, 400 ms, 800 ms (doubling, at most 5 s), with jitter; idempotent
    /// calls only.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            jitter: true,
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// How many times a call is sent again at most (default 3; 0 turns retries off).
    pub fn max_retries(mut self, n: usize) -> Self {
        self.max_retries = n;
        self
    }
    /// The delay before the first retry; each next one doubles (default 200 ms).
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }
    /// The longest delay between two attempts (default 5 s), also when the server asks for a
    /// longer one (`Retry-After`).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }
    /// Whether delays are randomised (default on), so that many clients do not retry in step.
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }
    /// Also retries `POST` and `PATCH` calls (default off). Only for callers who know that
    /// the calls they make can safely happen twice.
    pub fn retry_non_idempotent(mut self, on: bool) -> Self {
        self.non_idempotent = on;
        self
    }

    /// Whether calls of `method` are retried.
    fn applies(&self, method: Method) -> bool {
        self.max_retries > 0 && (self.non_idempotent || matches!(method, Method::Get | Method::Put | Method::Delete))
    }

    /// The delay before the next attempt: the server's `Retry-After` when it gave one, at most
    /// `max_delay`, else the backoff's; `None` (no more attempts) when the backoff is spent.
    fn delay(&self, backoff: Option<Duration>, retry_after: Option<Duration>) -> Option<Duration> {
        let longest = self.max_delay.max(self.min_delay);
        backoff.map(|b| retry_after.map_or(b, |asked| asked.min(longest)))
    }

    fn backoff(&self) -> backon::ExponentialBuilder {
        let b = backon::ExponentialBuilder::default()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay.max(self.min_delay))
            .with_max_times(self.max_retries);
        if self.jitter { b.with_jitter() } else { b }
    }
}

/// One client's connection: the HTTP client, its base URL and the headers of every request.
#[derive(Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    base_url: String,
    headers: HeaderMap,
    timeout: Duration,
    retry: Option<RetryPolicy>,
}

impl Transport {
    /// `fixed` are the client's own headers of every request (`x-authing-app-id`, ...).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for an empty host, a header value that is not valid header text, or
    /// `accept_invalid_certs` with the caller's own HTTP client (whose TLS is the caller's);
    /// [`Error::Transport`] when the HTTP client cannot be built.
    pub(crate) fn new(host: &str, opts: CommonOptions, fixed: &[(&'static str, &str)]) -> Result<Self, Error> {
        let mut headers = HeaderMap::new();
        // Set on each request rather than on the HTTP client, so that a client of the caller's
        // sends them too.
        header(&mut headers, "user-agent", USER_AGENT)?;
        let version = concat!(env!("CARGO_PKG_NAME"), ":", env!("CARGO_PKG_VERSION"));
        header(&mut headers, "x-authing-sdk-version", version)?;
        if let Some(t) = &opts.tenant_id {
            header(&mut headers, "x-authing-app-tenant-id", t)?;
        }
        if let Some(l) = opts.lang {
            header(&mut headers, "x-authing-lang", l.as_str())?;
        }
        for (k, v) in fixed {
            header(&mut headers, k, v)?;
        }
        let http = match opts.http {
            Some(_) if opts.accept_invalid_certs => {
                return Err(Error::Config(
                    "`danger_accept_invalid_certs` applies to the HTTP client the SDK builds; set it on your own \
                     `reqwest::Client` instead"
                        .into(),
                ));
            }
            Some(http) => http,
            None => http_client(opts.accept_invalid_certs)?,
        };
        Ok(Transport {
            http,
            base_url: base_url(host)?,
            headers,
            timeout: opts.timeout.unwrap_or(DEFAULT_TIMEOUT),
            retry: opts.retry,
        })
    }

    /// The HTTP client (cheap to clone; clones share its connection pool).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends one call and returns the envelope's `data` (`null` when absent), sending it again
    /// as the retry policy says. `auth` holds the call's authorization headers.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when the answer is an envelope whose `statusCode` is not 200 or whose HTTP
    /// status is an error; [`Error::Http`] for an HTTP error without an envelope; the transport
    /// kinds otherwise (the last attempt's error, when retried).
    pub(crate) async fn send(
        &self,
        endpoint: &Endpoint,
        params: &Value,
        auth: HeaderMap,
        call: CallOptions,
    ) -> Result<Value, Error> {
        use backon::Retryable as _;
        let parts = split(endpoint, params);
        let body = parts.body.as_ref().map(serde_json::to_vec).transpose().map_err(Error::Encode)?;
        let timeout = call.timeout.unwrap_or(self.timeout);
        // The last answer's `Retry-After`, read by the retry policy before it waits.
        let retry_after = std::sync::Mutex::new(None);
        let attempt = || self.attempt(endpoint.method, &parts, body.as_deref(), &auth, timeout, &retry_after);
        match self.retry.as_ref().filter(|p| p.applies(endpoint.method)) {
            Some(policy) => {
                attempt
                    .retry(policy.backoff())
                    .sleep(tokio::time::sleep)
                    .when(Error::is_retryable)
                    .adjust(|_, backoff| {
                        let asked = retry_after.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
                        policy.delay(backoff, asked)
                    })
                    .await
            }
            None => attempt().await,
        }
    }

    /// Sends the request once; a 429 or 503 answer's `Retry-After` goes in `retry_after`.
    async fn attempt(
        &self,
        method: Method,
        parts: &Parts,
        body: Option<&[u8]>,
        auth: &HeaderMap,
        timeout: Duration,
        retry_after: &std::sync::Mutex<Option<Duration>>,
    ) -> Result<Value, Error> {
        let method = match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
        };
        let url = format!("{}{}", self.base_url, parts.path);
        let mut request = self.http.request(method, url).headers(self.headers.clone()).timeout(timeout);
        if !parts.query.is_empty() {
            request = request.query(&parts.query);
        }
        if let Some(body) = body {
            request = request.header(reqwest::header::CONTENT_TYPE, "application/json").body(body.to_vec());
        }
        let response = request.headers(auth.clone()).send().await.map_err(transport)?;
        let status = response.status();
        *retry_after.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            asked_delay(status.as_u16(), response.headers(), std::time::SystemTime::now());
        let bytes = response.bytes().await.map_err(transport)?;
        answer(status.as_u16(), &bytes)
    }
}

/// The HTTP client built when the caller gives none: reqwest's defaults (rustls, the platform's
/// certificate roots, the proxy of the environment's `HTTPS_PROXY`).
fn http_client(accept_invalid_certs: bool) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder().tls_danger_accept_invalid_certs(accept_invalid_certs).build().map_err(Error::Transport)
}

/// How long a throttled (429) or unavailable (503) answer asks the caller to wait before trying
/// again: its `Retry-After` header, as seconds or as an HTTP date (RFC 9110 §10.2.3; a date in
/// the past is no wait). `None` for other statuses and a missing or unreadable header.
fn asked_delay(status: u16, headers: &HeaderMap, now: std::time::SystemTime) -> Option<Duration> {
    if status != 429 && status != 503 {
        return None;
    }
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    match value.parse::<u64>() {
        Ok(seconds) => Some(Duration::from_secs(seconds)),
        Err(_) => Some(httpdate::parse_http_date(value).ok()?.duration_since(now).unwrap_or(Duration::ZERO)),
    }
}

/// The `User-Agent` of every request: `<crate>/<version>`.
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// An answer's status and body → the envelope's `data`, or the error it is.
fn answer(status: u16, bytes: &[u8]) -> Result<Value, Error> {
    let success = (200..300).contains(&status);
    let text = || String::from_utf8_lossy(bytes).into_owned();
    let json = match serde_json::from_slice::<Value>(bytes) {
        Ok(json) => json,
        Err(_) if !success => return Err(Error::Http { status, body: text() }),
        Err(source) => return Err(Error::NotJson { body: text(), source }),
    };
    let Some(envelope) = Envelope::of(&json) else {
        if !success {
            return Err(Error::Http { status, body: text() });
        }
        let source = serde::de::Error::custom("expected a response envelope with an integer `statusCode`");
        return Err(Error::Decode { path: "statusCode".into(), raw: Box::new(json), source });
    };
    if envelope.status_code == 200 && success {
        let mut json = json;
        return Ok(json.as_object_mut().and_then(|m| m.remove("data")).unwrap_or(Value::Null));
    }
    Err(Error::Api(Box::new(ApiError {
        status_code: envelope.status_code,
        api_code: envelope.api_code,
        message: envelope.message,
        request_id: envelope.request_id,
        data: json.get("data").filter(|d| !d.is_null()).cloned(),
        http_status: status,
    })))
}

/// The envelope of every response, read leniently: only an integer `statusCode` makes a body
/// an envelope; a `message` that is not text is kept as JSON text, `apiCode` and `requestId`
/// of unexpected types as well as they can be.
struct Envelope {
    status_code: i64,
    message: String,
    api_code: Option<i64>,
    request_id: Option<String>,
}

impl Envelope {
    fn of(json: &Value) -> Option<Envelope> {
        let m = json.as_object()?;
        let int = |v: &Value| v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
        let text = |v: &Value| match v {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        };
        Some(Envelope {
            status_code: m.get("statusCode").and_then(int)?,
            message: m.get("message").and_then(text).unwrap_or_default(),
            api_code: m.get("apiCode").and_then(int),
            request_id: m.get("requestId").and_then(text),
        })
    }
}

/// A call's parameters, split by where they are sent.
#[derive(Debug, PartialEq)]
struct Parts {
    /// The path with its placeholders replaced by percent-encoded values.
    path: String,
    /// Query pairs in the documented order; arrays as repeated keys; unset parameters left out.
    query: Vec<(&'static str, String)>,
    /// The JSON body: the remaining parameters, unset ones left out.
    body: Option<Value>,
}

fn split(endpoint: &Endpoint, params: &Value) -> Parts {
    let empty = Map::new();
    let params = params.as_object().unwrap_or(&empty);
    let mut path = endpoint.path.to_string();
    for key in endpoint.path_keys {
        let value = params.get(*key).and_then(text).unwrap_or_default();
        let encoded = percent_encoding::utf8_percent_encode(&value, PATH_SEGMENT).to_string();
        path = path.replace(&["{", key, "}"].concat(), &encoded);
    }
    let mut query = Vec::new();
    for key in endpoint.query_keys {
        match params.get(*key) {
            Some(Value::Array(items)) => query.extend(items.iter().filter_map(text).map(|v| (*key, v))),
            Some(v) => query.extend(text(v).map(|v| (*key, v))),
            None => {}
        }
    }
    let body = endpoint.body.then(|| {
        // The rest, in the documented order; unset optionals are absent (`skip_serializing_if`).
        let placed = |k: &str| endpoint.path_keys.contains(&k) || endpoint.query_keys.contains(&k);
        let mut body =
            Value::Object(params.iter().filter(|(k, _)| !placed(k)).map(|(k, v)| (k.clone(), v.clone())).collect());
        js_numbers(&mut body);
        body
    });
    Parts { path, query, body }
}

/// The envelope's `data` as the documented type.
///
/// # Errors
///
/// [`Error::Decode`] naming the first value of another JSON type than documented, with `data`
/// kept whole in `raw`.
pub(crate) fn decode<T: DeserializeOwned>(data: Value) -> Result<T, Error> {
    match serde_path_to_error::deserialize(&data) {
        Ok(value) => Ok(value),
        Err(e) => {
            let inner = e.path().to_string();
            let path = match inner.as_str() {
                "." => "data".to_string(),
                p if p.starts_with('[') => format!("data{p}"),
                p => format!("data.{p}"),
            };
            Err(Error::Decode { path, raw: Box::new(data), source: e.into_inner() })
        }
    }
}

/// `#[serde(deserialize_with)]` of the response models' documented-required fields: `null`
/// reads as the empty value, as an absent field does (the docs' "required" is a claim, not
/// what the server sends).
#[allow(dead_code)] // used when some model has a required field
pub(crate) fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// What `Debug` prints for a model field that holds a secret.
#[allow(dead_code)] // used when some model has a secret field
pub(crate) struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Adds a header, refusing values that are not valid header text.
pub(crate) fn header(headers: &mut HeaderMap, name: &'static str, value: &str) -> Result<(), Error> {
    let value =
        HeaderValue::from_str(value).map_err(|_| Error::Config(format!("`{name}` is not valid header text")))?;
    headers.insert(HeaderName::from_static(name), value);
    Ok(())
}

/// A header value that is not logged or shown (tokens).
pub(crate) fn sensitive(text: &str) -> Result<HeaderValue, Error> {
    let mut value =
        HeaderValue::from_str(text).map_err(|_| Error::Config("a token is not valid header text".into()))?;
    value.set_sensitive(true);
    Ok(value)
}

/// `https://` added when no scheme is given, trailing slashes removed.
fn base_url(host: &str) -> Result<String, Error> {
    let host = host.trim().trim_end_matches('/');
    if host.is_empty() {
        return Err(Error::Config("the host is empty".into()));
    }
    Ok(if host.contains("://") { host.to_string() } else { format!("https://{host}") })
}

fn transport(e: reqwest::Error) -> Error {
    if e.is_timeout() { Error::Timeout } else { Error::Transport(e) }
}

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const PATH_SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A parameter as query or path text: booleans `true`/`false`, whole numbers without `.0` (as
/// the official SDKs, written in JavaScript, send them), nested values as JSON; `null` omitted.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        other => Some(other.to_string()),
    }
}

/// Whole numbers held as `f64` are sent as integers (`1`, not `1.0`), as the official SDKs do.
fn js_numbers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15) {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(js_numbers),
        Value::Object(map) => map.values_mut().for_each(js_numbers),
        _ => {}
    }
}

/// The management client's credentials: an access key exchanged for a management token
/// (`POST /api/v3/get-management-token`), fetched on first use and cached until shortly before
/// it expires. Concurrent calls wait for one fetch instead of each starting their own.
#[derive(Debug)]
#[allow(dead_code)] // used by the management client only
pub(crate) struct ManagementAuth {
    access_key_id: String,
    access_key_secret: Secret,
    user_pool_id: Option<String>,
    refresh_margin: Duration,
    /// Held across the fetch, so that concurrent calls share one.
    token: tokio::sync::Mutex<Option<CachedToken>>,
}

#[derive(Clone, Debug)]
struct CachedToken {
    token: Secret,
    user_pool_id: Option<String>,
    refresh_at: Instant,
}

/// A token as given to one call, and whether this call fetched it.
struct Lease {
    token: CachedToken,
    fresh: bool,
}

#[allow(dead_code)] // used by the management client only
impl ManagementAuth {
    pub(crate) fn new(
        access_key_id: String,
        access_key_secret: Secret,
        user_pool_id: Option<String>,
        refresh_margin: Duration,
    ) -> Self {
        ManagementAuth { access_key_id, access_key_secret, user_pool_id, refresh_margin, token: Default::default() }
    }

    /// Sends a call with the management token. A call answered 401 (`statusCode` or HTTP) with
    /// a token from the cache drops that token, fetches a new one and is sent once more; a
    /// second 401, or a 401 with a token fetched for this call, is returned.
    ///
    /// # Errors
    ///
    /// The token fetch's error (a refused access key is [`Error::Api`]), or the call's.
    pub(crate) async fn call(
        &self,
        transport: &Transport,
        endpoint: &Endpoint,
        params: &Value,
        call: CallOptions,
    ) -> Result<Value, Error> {
        let lease = self.lease(transport, call).await?;
        match transport.send(endpoint, params, self.headers(&lease.token)?, call).await {
            Err(e) if e.is_unauthorized() && !lease.fresh => {
                self.forget(&lease.token.token).await;
                let lease = self.lease(transport, call).await?;
                transport.send(endpoint, params, self.headers(&lease.token)?, call).await
            }
            other => other,
        }
    }

    fn headers(&self, token: &CachedToken) -> Result<HeaderMap, Error> {
        let mut auth = HeaderMap::new();
        auth.insert(reqwest::header::AUTHORIZATION, sensitive(&format!("Bearer {}", token.token.expose()))?);
        if let Some(pool) = token.user_pool_id.as_deref().or(self.user_pool_id.as_deref()) {
            header(&mut auth, "x-authing-userpool-id", pool)?;
        }
        Ok(auth)
    }

    /// Drops `token` from the cache unless another call already replaced it.
    async fn forget(&self, token: &Secret) {
        let mut cache = self.token.lock().await;
        if cache.as_ref().is_some_and(|t| t.token == *token) {
            *cache = None;
        }
    }

    /// The cached token, fetched first when there is none or it is about to expire.
    async fn lease(&self, transport: &Transport, call: CallOptions) -> Result<Lease, Error> {
        let mut cache = self.token.lock().await;
        if let Some(t) = cache.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(Lease { token: t.clone(), fresh: false });
        }
        const GET_TOKEN: Endpoint = Endpoint {
            method: Method::Post,
            path: "/api/v3/get-management-token",
            path_keys: &[],
            query_keys: &[],
            body: true,
            client_auth: false,
        };
        let params = serde_json::json!({
            "accessKeyId": self.access_key_id,
            "accessKeySecret": self.access_key_secret.expose(),
        });
        let data = transport.send(&GET_TOKEN, &params, HeaderMap::new(), call).await?;
        let fresh: TokenData = decode(data)?;
        let lifetime = Duration::from_secs(fresh.expires_in.unwrap_or(7200));
        let token = CachedToken {
            user_pool_id: scoped_user_pool_id(&fresh.access_token),
            token: Secret::new(fresh.access_token),
            refresh_at: Instant::now() + lifetime.saturating_sub(refresh_margin(lifetime, self.refresh_margin)),
        };
        *cache = Some(token.clone());
        Ok(Lease { token, fresh: true })
    }
}

/// How long before its expiry a token is replaced: the configured margin, but at most a tenth
/// of the token's life, so that a short-lived token (30 s) is still reused for most of it.
fn refresh_margin(lifetime: Duration, configured: Duration) -> Duration {
    configured.min(lifetime / 10)
}

/// `data` of the token response.
#[derive(serde::Deserialize)]
struct TokenData {
    access_token: String,
    expires_in: Option<u64>,
}

/// The `scoped_userpool_id` claim of a JWT's payload, if the token is a JWT and has one.
fn scoped_user_pool_id(token: &str) -> Option<String> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("scoped_userpool_id")?.as_str().map(str::to_string)
}

/// How the application proves itself to the endpoints that ask for it (`client_auth`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(dead_code)] // used by the authentication client only
pub(crate) enum ClientAuthMethod {
    /// `client_id` and `client_secret` as body fields (the service's default).
    #[default]
    Post,
    /// `Authorization: Basic base64(app_id:app_secret)`.
    Basic,
}

/// The authentication client's application credentials.
#[derive(Debug)]
#[allow(dead_code)] // used by the authentication client only
pub(crate) struct AppAuth {
    app_id: String,
    app_secret: Option<Secret>,
    method: ClientAuthMethod,
}

#[allow(dead_code)] // used by the authentication client only
impl AppAuth {
    pub(crate) fn new(app_id: String, app_secret: Option<Secret>, method: ClientAuthMethod) -> Self {
        AppAuth { app_id, app_secret, method }
    }

    /// Sends a call: on the endpoints that authenticate the application, with its id and
    /// secret (in the body, or as `Basic` authorization), when a secret was given; on every
    /// other call, with the user's access token, when there is one (raw, without `Bearer `).
    ///
    /// # Errors
    ///
    /// The call's error; [`Error::Config`] when the token is not valid header text.
    pub(crate) async fn call(
        &self,
        transport: &Transport,
        endpoint: &Endpoint,
        mut params: Value,
        user_token: Option<&Secret>,
        call: CallOptions,
    ) -> Result<Value, Error> {
        let mut auth = HeaderMap::new();
        let app_secret = self.app_secret.as_ref().filter(|_| endpoint.client_auth);
        match (app_secret, self.method) {
            (Some(secret), ClientAuthMethod::Post) => {
                if !params.is_object() {
                    params = Value::Object(Map::new());
                }
                if let Some(body) = params.as_object_mut() {
                    // Values the caller set in the request win.
                    body.entry("client_id").or_insert_with(|| Value::from(self.app_id.as_str()));
                    body.entry("client_secret").or_insert_with(|| Value::from(secret.expose()));
                }
            }
            (Some(secret), ClientAuthMethod::Basic) => {
                use base64::Engine as _;
                let pair = format!("{}:{}", self.app_id, secret.expose());
                let basic = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair));
                auth.insert(reqwest::header::AUTHORIZATION, sensitive(&basic)?);
            }
            (None, _) => {}
        }
        if let (false, Some(token)) = (auth.contains_key(reqwest::header::AUTHORIZATION), user_token) {
            auth.insert(reqwest::header::AUTHORIZATION, sensitive(token.expose())?);
        }
        transport.send(endpoint, &params, auth, call).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const GET: Endpoint = Endpoint {
        method: Method::Get,
        path: "/api/v3/things/{id}/items",
        path_keys: &["id"],
        query_keys: &["ids", "on", "page", "ratio", "unset", "filter"],
        body: false,
        client_auth: false,
    };

    #[test]
    fn get_parameters_become_path_and_query() {
        let params = json!({
            "id": "a/b c?d#é", "ids": ["x", "y"], "on": false, "page": 2.0, "ratio": 0.5, "unset": null,
            "filter": {"k": 1},
        });
        let parts = split(&GET, &params);
        assert_eq!(parts.path, "/api/v3/things/a%2Fb%20c%3Fd%23%C3%A9/items");
        let q: Vec<(&str, &str)> = parts.query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            q,
            [("ids", "x"), ("ids", "y"), ("on", "false"), ("page", "2"), ("ratio", "0.5"), ("filter", r#"{"k":1}"#)]
        );
        assert_eq!(parts.body, None);
    }

    #[test]
    fn other_parameters_become_a_json_body() {
        let post = Endpoint {
            method: Method::Post,
            path: "/x",
            path_keys: &[],
            query_keys: &["q"],
            body: true,
            client_auth: false,
        };
        let parts = split(&post, &json!({"q": 1.0, "count": 3.0, "nested": [{"n": 1.5}, {"n": 4.0}]}));
        assert_eq!(parts.query, [("q", "1".to_string())]);
        assert_eq!(parts.body.unwrap().to_string(), r#"{"count":3,"nested":[{"n":1.5},{"n":4}]}"#);
        assert_eq!(split(&post, &Value::Null).body, Some(json!({})));
    }

    #[test]
    fn hosts_are_normalised() {
        assert_eq!(base_url("api.example.com/").unwrap(), "https://api.example.com");
        assert_eq!(base_url("http://127.0.0.1:8080//").unwrap(), "http://127.0.0.1:8080");
        assert!(matches!(base_url(" / "), Err(Error::Config(_))));
    }

    #[test]
    fn envelopes_are_read_leniently() {
        let api = |body: Value, status: u16| match answer(status, body.to_string().as_bytes()) {
            Err(Error::Api(e)) => *e,
            other => panic!("expected Error::Api, got {other:?}"),
        };
        let e = api(json!({"statusCode": 400, "message": null, "requestId": "r"}), 200);
        assert_eq!((e.status_code, e.message.as_str(), e.request_id.as_deref()), (400, "", Some("r")));
        let e = api(json!({"statusCode": 400, "message": {"zh": "错"}, "apiCode": "2001"}), 200);
        assert_eq!((e.message.as_str(), e.api_code), (r#"{"zh":"错"}"#, Some(2001)));
        let e = api(json!({"statusCode": 503, "message": ["a"]}), 503);
        assert_eq!((e.status_code, e.http_status, e.message.as_str()), (503, 503, r#"["a"]"#));
        // An HTTP error without an envelope stays an HTTP error, JSON or not.
        assert!(matches!(answer(502, br#"{"error":"bad gateway"}"#), Err(Error::Http { status: 502, .. })));
        assert!(matches!(answer(502, b"<html>"), Err(Error::Http { status: 502, .. })));
        assert_eq!(answer(200, br#"{"statusCode":200,"message":"ok"}"#).unwrap(), Value::Null);
        assert!(matches!(answer(200, br#"{"ok":true}"#), Err(Error::Decode { .. })));
    }

    #[test]
    fn decoding_names_the_path_and_keeps_the_data() {
        #[derive(serde::Deserialize, Debug, Default)]
        #[serde(default)]
        struct Item {
            #[serde(deserialize_with = "or_default")]
            name: String,
            count: Option<crate::Number>,
        }
        let items: Vec<Item> = decode(json!([{"name": null}, {}, {"count": 1.5}])).unwrap();
        assert_eq!(items.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["", "", ""]);
        match decode::<Vec<Item>>(json!([{}, {"name": 5}])) {
            Err(Error::Decode { path, raw, .. }) => {
                assert_eq!(path, "data[1].name");
                assert_eq!(*raw, json!([{}, {"name": 5}]));
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
    }

    #[test]
    fn short_tokens_keep_most_of_their_life() {
        let minute = Duration::from_secs(60);
        assert_eq!(refresh_margin(Duration::from_secs(30), minute), Duration::from_secs(3));
        assert_eq!(refresh_margin(Duration::from_secs(7200), minute), minute);
    }

    #[test]
    fn retries_apply_to_idempotent_methods_unless_told_otherwise() {
        let policy = RetryPolicy::default();
        assert!(policy.applies(Method::Get) && policy.applies(Method::Put) && policy.applies(Method::Delete));
        assert!(!policy.applies(Method::Post) && !policy.applies(Method::Patch));
        let all = RetryPolicy::default().retry_non_idempotent(true);
        assert!(all.applies(Method::Post) && all.applies(Method::Patch));
        assert!(!RetryPolicy::default().max_retries(0).applies(Method::Get));
    }

    #[test]
    fn retry_after_is_read_from_throttled_and_unavailable_answers() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // Wed, 21 Oct 2015 07:28:00 GMT
        let asked = |status: u16, value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_str(value).unwrap());
            asked_delay(status, &headers, now)
        };
        assert_eq!(asked(429, "3"), Some(Duration::from_secs(3)));
        assert_eq!(asked(503, " 0 "), Some(Duration::ZERO));
        assert_eq!(asked(503, "Wed, 21 Oct 2015 07:28:30 GMT"), Some(Duration::from_secs(30)));
        assert_eq!(asked(429, "Wed, 21 Oct 2015 07:27:00 GMT"), Some(Duration::ZERO), "a date in the past");
        assert_eq!(asked(429, "soon"), None);
        assert_eq!(asked(429, "-1"), None);
        assert_eq!(asked(500, "3"), None, "only 429 and 503 ask for a wait");
        assert_eq!(asked_delay(429, &HeaderMap::new(), now), None);
    }

    #[test]
    fn the_asked_delay_replaces_the_backoff_up_to_the_longest_delay() {
        let policy = RetryPolicy::default().min_delay(Duration::from_millis(10)).max_delay(Duration::from_secs(2));
        let backoff = Some(Duration::from_millis(10));
        assert_eq!(policy.delay(backoff, None), backoff);
        assert_eq!(policy.delay(backoff, Some(Duration::from_secs(1))), Some(Duration::from_secs(1)));
        assert_eq!(policy.delay(backoff, Some(Duration::from_secs(60))), Some(Duration::from_secs(2)));
        assert_eq!(policy.delay(backoff, Some(Duration::ZERO)), Some(Duration::ZERO));
        assert_eq!(policy.delay(None, Some(Duration::from_secs(1))), None, "no attempts left: no wait");
    }

    #[test]
    fn languages_parse_from_their_header_values() {
        assert_eq!("en-us".parse::<Lang>().unwrap(), Lang::EnUs);
        assert_eq!(" zh-CN".parse::<Lang>().unwrap(), Lang::ZhCn);
        assert!(matches!("fr".parse::<Lang>(), Err(Error::Config(m)) if m.contains("`fr`")));
    }

    #[test]
    fn secrets_do_not_print() {
        assert_eq!(format!("{:?}", Secret::new("s3cr3t")), "<redacted>");
    }
}
