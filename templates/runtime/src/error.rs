//! The one error type of every call, and the service's refusals ([`ApiError`]).

use std::fmt;

/// Why a call failed.
///
/// [`Error::Api`] is the service saying no (or asking for a further step: sign-in answers
/// `apiCode` 1635/1636 when MFA is required, with the details in `data`); the other kinds are
/// about getting an answer at all. The accessors ([`status_code`](Self::status_code),
/// [`api_code`](Self::api_code), [`request_id`](Self::request_id),
/// [`is_retryable`](Self::is_retryable)) read the common facts whatever the kind.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an envelope whose `statusCode` is not 200, or with an HTTP
    /// error status and an envelope body.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The HTTP status is not a success and the body is not an envelope (a proxy or gateway
    /// answered, not the service).
    #[error("the server answered HTTP status {status} without a response envelope")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The response body, as text.
        body: String,
    },
    /// No complete answer within the client's timeout.
    #[error("the request timed out")]
    Timeout,
    /// The request could not be sent or the answer not received (DNS, TLS, connection).
    #[error("the request could not be sent or its answer not received")]
    Transport(#[source] reqwest::Error),
    /// The response body is not JSON.
    #[error("the response is not JSON")]
    NotJson {
        /// The response body, as text.
        body: String,
        /// Where parsing stopped.
        #[source]
        source: serde_json::Error,
    },
    /// The response is JSON but a value does not have its documented type. Absent and `null`
    /// fields never cause this (they read as `None` or empty); a value of another JSON type
    /// does, naming where it is, and the whole response stays readable in `raw`.
    #[error("the response does not have the documented shape at `{path}`")]
    Decode {
        /// The JSON path of the value that did not fit (`data.list[3].name`).
        path: String,
        /// The JSON that was being read (the envelope's `data`, or the whole body when the
        /// envelope itself is malformed).
        raw: Box<serde_json::Value>,
        /// What did not fit.
        #[source]
        source: serde_json::Error,
    },
    /// The client options are incomplete or invalid.
    #[error("invalid client options: {0}")]
    Config(String),
    /// The request could not be encoded as JSON.
    #[error("the request could not be encoded as JSON")]
    Encode(#[source] serde_json::Error),
}

impl Error {
    /// The envelope's `statusCode` for [`Error::Api`], the HTTP status for [`Error::Http`];
    /// `None` for the other kinds.
    pub fn status_code(&self) -> Option<i64> {
        match self {
            Error::Api(e) => Some(e.status_code),
            Error::Http { status, .. } => Some(i64::from(*status)),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one and the error is about it.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.http_status),
            Error::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The envelope's `apiCode` (the specific error), when the service gave one.
    pub fn api_code(&self) -> Option<i64> {
        match self {
            Error::Api(e) => e.api_code,
            _ => None,
        }
    }

    /// The envelope's `requestId`: quote it when reporting a problem.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The service's refusal in full, for [`Error::Api`].
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether trying the same call again later may succeed: timeouts, transport failures,
    /// throttling (429) and server-side failures (5xx, as `statusCode` or HTTP status). Whether
    /// it is safe to repeat (the first attempt may have taken effect) is the caller's decision.
    pub fn is_retryable(&self) -> bool {
        let transient = |code: i64| code == 429 || (500..=599).contains(&code);
        match self {
            Error::Api(e) => transient(e.status_code) || transient(i64::from(e.http_status)),
            Error::Http { status, .. } => transient(i64::from(*status)),
            Error::Timeout | Error::Transport(_) => true,
            _ => false,
        }
    }

    /// Whether the service said the caller is not authenticated (`statusCode` or HTTP 401).
    pub(crate) fn is_unauthorized(&self) -> bool {
        self.status_code() == Some(401) || self.http_status() == Some(401)
    }
}

/// The service refused a call: the fields of its response envelope.
///
/// `statusCode` classes: 400 bad argument, 401 not logged in, 403 forbidden, 404 not found,
/// 409 conflict, 429 throttled, 499 client error, 5xx server side.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// `statusCode`.
    pub status_code: i64,
    /// `apiCode`: the specific error, when the service gives one.
    pub api_code: Option<i64>,
    /// `message`, in the language asked for; a message that is not text (an object, an array)
    /// is kept as its JSON text, and a missing or `null` one is empty.
    pub message: String,
    /// `requestId`: quote it when reporting a problem.
    pub request_id: Option<String>,
    /// `data`: what the service sent along (the next step of a sign-in, for example).
    pub data: Option<serde_json::Value>,
    /// The HTTP status of the answer (200 for most refusals: the service puts the failure in
    /// `statusCode`).
    pub http_status: u16,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the service refused the call with statusCode {}", self.status_code)?;
        if let Some(code) = self.api_code {
            write!(f, " and apiCode {code}")?;
        }
        if self.http_status != 200 {
            write!(f, " (HTTP status {})", self.http_status)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status_code: i64, http_status: u16) -> Error {
        Error::Api(Box::new(ApiError {
            status_code,
            api_code: Some(2004),
            message: "用户不存在".into(),
            request_id: Some("req-1".into()),
            data: None,
            http_status,
        }))
    }

    #[test]
    fn api_errors_read_as_a_sentence() {
        assert_eq!(
            api(404, 200).to_string(),
            "the service refused the call with statusCode 404 and apiCode 2004: 用户不存在 (request id req-1)"
        );
        assert!(api(500, 502).to_string().contains("(HTTP status 502)"));
    }

    #[test]
    fn accessors_read_every_kind() {
        let e = api(403, 200);
        assert_eq!((e.status_code(), e.api_code(), e.request_id()), (Some(403), Some(2004), Some("req-1")));
        assert!(!e.is_retryable());
        assert!(api(503, 200).is_retryable() && api(429, 200).is_retryable() && api(400, 503).is_retryable());
        let http = Error::Http { status: 502, body: String::new() };
        assert_eq!((http.status_code(), http.api_code(), http.request_id()), (Some(502), None, None));
        assert!(http.is_retryable() && Error::Timeout.is_retryable());
        assert!(!Error::Config("x".into()).is_retryable());
        assert!(api(401, 200).is_unauthorized() && Error::Http { status: 401, body: String::new() }.is_unauthorized());
    }

    #[test]
    fn the_cause_is_the_source() {
        use std::error::Error as _;
        let source = serde_json::from_str::<u8>("x").unwrap_err();
        let e = Error::NotJson { body: "x".into(), source };
        assert!(e.source().is_some());
        assert!(api(400, 200).source().is_none(), "an API refusal has no cause beyond itself");
    }
}
