//! The event center on behalf of a signed-in user: publishing an event (`POST
//! /api/v3/pub-userEvent`) and subscribing to events of a code over a WebSocket, as a
//! [`Stream`] of [`Event`]s.
//!
//! Written by hand once and copied into every generated SDK, like the `oidc` module; each
//! `// sdk-operation: <names>` line names the documented operations the next item implements
//! (see the `oidc` module). The official SDKs take callbacks and reconnect on their own; here a
//! subscription is a stream that ends when the server closes the connection (subscribe again
//! to continue), and every failure is an item the caller sees.
//!
//! ```no_run
//! # async fn run(access_token: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use futures_util::StreamExt as _;
//! use sdk_runtime::events::EventsClient;
//! let events = EventsClient::new("https://example.authing.cn", "APP_ID")?;
//! events.publish(access_token, "myapp.order.paid", r#"{"orderId":"o-1"}"#).await?;
//! let mut stream = events.subscribe(access_token, "myapp.order.paid").await?;
//! while let Some(event) = stream.next().await {
//!     println!("{}", event?.message);
//! }
//! # Ok(()) }
//! ```
//!
//! # Protocol
//!
//! - Publish: `POST {app host}/api/v3/pub-userEvent` with `x-authing-app-id` and the user's
//!   access token as `authorization` (raw, as every user call), JSON body `{"eventType",
//!   "eventData"}`; the answer is the usual envelope, whose `data.success` says whether the
//!   event center took the event (`data.errMsg` why not).
//! - Subscribe: a WebSocket to `{websocket host}/events/v1/authentication/sub?code={event
//!   code}&token={access token}` (default host `wss://openevent.authing.cn`); every message the
//!   server sends is one event, as text.

use crate::runtime::{AppAuth, CallOptions, ClientAuthMethod, CommonOptions, Endpoint, Method, Secret, Transport};
use futures_util::{Stream, StreamExt as _};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio_tungstenite::tungstenite::{self, Message, protocol::frame::coding::CloseCode};
use url::Url;

/// The event center's WebSocket host when the client is given none (the official Node SDK's).
pub const DEFAULT_WEBSOCKET_HOST: &str = "wss://openevent.authing.cn";

/// How long opening the WebSocket (TCP, TLS and handshake) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

const PUBLISH: Endpoint = Endpoint {
    method: Method::Post,
    path: "/api/v3/pub-userEvent",
    path_keys: &[],
    query_keys: &[],
    body: true,
    client_auth: false,
};

/// Why publishing or subscribing failed, or why an item of a subscription is not an event.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The publish call failed: the service refused it ([`crate::Error::Api`], with its
    /// `statusCode`, `apiCode` and `requestId`), an HTTP error, a timeout, a transport failure.
    #[error(transparent)]
    Call(#[from] crate::Error),
    /// The service answered the publish call but the event center did not take the event (an
    /// event type it does not know, for example).
    #[error("the event center did not take the event: {}", reason.as_deref().unwrap_or("no reason given"))]
    NotDelivered {
        /// The service's `errMsg`, when it gives one.
        reason: Option<String>,
    },
    /// The WebSocket could not be opened: no connection, a TLS failure, or the server refused
    /// the handshake (then `status` is its HTTP status: 401 for a token it does not accept).
    #[error("the event stream could not be opened{}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    Connect {
        /// The HTTP status of a refused handshake.
        status: Option<u16>,
        /// The WebSocket library's error.
        #[source]
        source: Box<tungstenite::Error>,
    },
    /// Opening the WebSocket took longer than 10 seconds.
    #[error("the event stream could not be opened within {0:?}")]
    ConnectTimeout(Duration),
    /// The open connection failed (reset without a closing handshake, a protocol violation).
    /// The subscription ends after this item.
    #[error("the event stream failed")]
    Stream(#[source] Box<tungstenite::Error>),
    /// The server closed the connection with a code other than normal closure or going away
    /// (a policy violation for a token that expired, for example). The subscription ends
    /// after this item.
    #[error("the server closed the event stream with code {code}: {reason}")]
    Closed {
        /// The WebSocket close code.
        code: u16,
        /// The server's reason, possibly empty.
        reason: String,
    },
    /// A message that is not an event: a binary message that is not UTF-8 text. The
    /// subscription goes on.
    #[error("a message of the event stream is not text ({} bytes)", bytes.len())]
    Malformed {
        /// The message as received.
        bytes: Vec<u8>,
    },
    /// The client or the call is not configured right (an empty token or code, a host that is
    /// not a URL).
    #[error("invalid events client configuration: {0}")]
    Config(String),
}

/// One event received on a subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// The message as the server sent it (the official SDKs hand it to their callbacks as
    /// text; events of the event center are JSON).
    pub message: String,
}

impl Event {
    /// The message read as JSON of type `T`.
    ///
    /// # Errors
    /// When the message is not JSON or not of the shape of `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.message)
    }
}

/// The event center of one app, for its users. Immutable and cheap to clone; holds no user's
/// token: each call takes the access token of the user it acts for.
#[derive(Clone, Debug)]
pub struct EventsClient {
    inner: Arc<Inner>,
    websocket_host: Url,
}

#[derive(Debug)]
struct Inner {
    transport: Transport,
    auth: AppAuth,
}

impl EventsClient {
    /// The event center of the app `app_id` at `app_host` (`https://example.authing.cn`; a host
    /// without a scheme gets `https://`), with the default WebSocket host
    /// ([`DEFAULT_WEBSOCKET_HOST`]) and a 10 s timeout per publish call.
    ///
    /// # Errors
    /// [`Error::Config`] for an empty host or app id; [`Error::Call`] with
    /// [`crate::Error::Transport`] when the HTTP client cannot be built.
    pub fn new(app_host: &str, app_id: &str) -> Result<Self, Error> {
        Self::build(app_host, app_id, None)
    }

    /// As [`new`](Self::new), with an HTTP client of the caller's (proxies, TLS roots, timeout)
    /// for publishing.
    ///
    /// # Errors
    /// [`Error::Config`] for an empty host or app id.
    pub fn with_http_client(app_host: &str, app_id: &str, http: reqwest::Client) -> Result<Self, Error> {
        Self::build(app_host, app_id, Some(http))
    }

    fn build(app_host: &str, app_id: &str, http: Option<reqwest::Client>) -> Result<Self, Error> {
        if app_id.trim().is_empty() {
            return Err(Error::Config("the app id is empty".into()));
        }
        let options = CommonOptions { http, ..CommonOptions::default() };
        let transport = Transport::new(app_host, options, &[("x-authing-app-id", app_id)]).map_err(|e| match e {
            crate::Error::Config(m) => Error::Config(m),
            other => Error::Call(other),
        })?;
        let auth = AppAuth::new(app_id.to_owned(), None, ClientAuthMethod::default());
        let websocket_host = websocket_host(DEFAULT_WEBSOCKET_HOST)?;
        Ok(EventsClient { inner: Arc::new(Inner { transport, auth }), websocket_host })
    }

    /// The same client with another WebSocket host (`wss://events.example.com`; a host without
    /// a scheme gets `wss://`): a private deployment's, or a local server's (`ws://`).
    ///
    /// # Errors
    /// [`Error::Config`] when `host` is not a `ws://` or `wss://` URL that can hold a path.
    pub fn websocket_host(self, host: &str) -> Result<Self, Error> {
        Ok(EventsClient { websocket_host: websocket_host(host)?, ..self })
    }

    /// Publishes an event of type `event_type` (`myapp.order.paid`) for the user whose access
    /// token this is. `event_data` is the event's body as text, sent as it is (the official
    /// SDKs send JSON text: `JSON.stringify(...)`).
    ///
    /// # Errors
    /// [`Error::Call`] when the service refuses the call (an expired token is
    /// [`crate::Error::Api`] with `statusCode` 401) or no answer comes; [`Error::NotDelivered`]
    /// when the service answers but the event center does not take the event;
    /// [`Error::Config`] for an empty token or event type.
    // sdk-operation: events/pub events/pub_event events/pubt_event events/put_event
    #[doc(alias = "pub", alias = "pubEvent", alias = "PubEvent", alias = "pub_event")]
    #[doc(alias = "pubtEvent", alias = "pubt_event", alias = "put_event", alias = "pubUserEvent")]
    pub async fn publish(&self, access_token: &str, event_type: &str, event_data: &str) -> Result<(), Error> {
        require("access token", access_token)?;
        require("event type", event_type)?;
        let token = Secret::new(access_token);
        let body = json!({ "eventType": event_type, "eventData": event_data });
        let inner = &self.inner;
        let data = inner.auth.call(&inner.transport, &PUBLISH, body, Some(&token), CallOptions::default()).await?;
        // `data` is `{success, errMsg}`; an answer without it is the envelope's success alone.
        match data.get("success").and_then(Value::as_bool) {
            Some(false) => {
                let reason = data.get("errMsg").filter(|m| !m.is_null()).map(|m| match m {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
                Err(Error::NotDelivered { reason })
            }
            _ => Ok(()),
        }
    }

    /// Subscribes to the events of `event_code` (`authing.user.updated`, or an event of your
    /// own) that the user whose access token this is may see: opens the WebSocket and returns
    /// the stream of its events. The stream ends when the server closes the connection
    /// normally; a failure of the connection or a close with another code is a last error
    /// item; a message that is not text is an error item and the stream goes on.
    ///
    /// # Errors
    /// [`Error::Connect`] when the WebSocket cannot be opened (with the HTTP status when the
    /// server refuses the handshake); [`Error::ConnectTimeout`]; [`Error::Config`] for an empty
    /// token or event code.
    // sdk-operation: events/sub events/sub_event
    #[doc(alias = "sub", alias = "subEvent", alias = "SubEvent", alias = "sub_event", alias = "Sub")]
    pub async fn subscribe(&self, access_token: &str, event_code: &str) -> Result<Subscription, Error> {
        let url = self.subscribe_url(access_token, event_code)?;
        let connect = tokio_tungstenite::connect_async(url.as_str());
        let (socket, _) = match tokio::time::timeout(CONNECT_TIMEOUT, connect).await {
            Err(_) => return Err(Error::ConnectTimeout(CONNECT_TIMEOUT)),
            Ok(Err(e)) => {
                let status = match &e {
                    tungstenite::Error::Http(response) => Some(response.status().as_u16()),
                    _ => None,
                };
                return Err(Error::Connect { status, source: Box::new(e) });
            }
            Ok(Ok(open)) => open,
        };
        Ok(Subscription { code: event_code.to_owned(), socket, done: false })
    }

    /// `{websocket host}/events/v1/authentication/sub?code=...&token=...`, each value encoded
    /// as query data.
    fn subscribe_url(&self, access_token: &str, event_code: &str) -> Result<Url, Error> {
        require("access token", access_token)?;
        require("event code", event_code)?;
        let mut url = self.websocket_host.clone();
        url.path_segments_mut()
            .map_err(|()| Error::Config("the WebSocket host cannot hold a path".into()))?
            .pop_if_empty()
            .extend(["events", "v1", "authentication", "sub"]);
        url.query_pairs_mut().append_pair("code", event_code).append_pair("token", access_token);
        Ok(url)
    }
}

/// The events of one subscription, as they arrive: a [`Stream`] of `Result<Event, Error>`
/// (see [`EventsClient::subscribe`]). Dropping it closes the connection.
pub struct Subscription {
    code: String,
    socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    done: bool,
}

impl Subscription {
    /// The event code subscribed to.
    pub fn event_code(&self) -> &str {
        &self.code
    }

    /// Closes the connection with a closing handshake; the stream then ends.
    ///
    /// # Errors
    /// [`Error::Stream`] when the connection fails while closing.
    pub async fn close(&mut self) -> Result<(), Error> {
        self.done = true;
        match self.socket.close(None).await {
            Ok(()) | Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => Ok(()),
            Err(e) => Err(Error::Stream(Box::new(e))),
        }
    }
}

impl std::fmt::Debug for Subscription {
    // The connection's URL holds the user's token: only the code is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription").field("event_code", &self.code).field("done", &self.done).finish_non_exhaustive()
    }
}

impl Stream for Subscription {
    type Item = Result<Event, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        while !this.done {
            let Some(next) = std::task::ready!(this.socket.poll_next_unpin(cx)) else { break };
            let item = match next {
                Ok(Message::Text(text)) => Ok(Event { message: text.as_str().to_owned() }),
                Ok(Message::Binary(bytes)) => match String::from_utf8(bytes.to_vec()) {
                    Ok(message) => Ok(Event { message }),
                    Err(e) => Err(Error::Malformed { bytes: e.into_bytes() }),
                },
                Ok(Message::Close(frame)) => {
                    this.done = true;
                    match frame {
                        Some(f) if !matches!(f.code, CloseCode::Normal | CloseCode::Away) => {
                            Err(Error::Closed { code: f.code.into(), reason: f.reason.as_str().to_owned() })
                        }
                        _ => break,
                    }
                }
                // Pings are answered by the WebSocket library; nothing for the caller.
                Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)) => continue,
                Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => break,
                Err(e) => {
                    this.done = true;
                    Err(Error::Stream(Box::new(e)))
                }
            };
            return Poll::Ready(Some(item));
        }
        this.done = true;
        Poll::Ready(None)
    }
}

/// `wss://` added when no scheme is given; only `ws` and `wss` are WebSocket URLs.
fn websocket_host(host: &str) -> Result<Url, Error> {
    let host = host.trim();
    let with_scheme = if host.contains("://") { host.to_owned() } else { format!("wss://{host}") };
    let url = Url::parse(&with_scheme)
        .map_err(|e| Error::Config(format!("the WebSocket host `{host}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "ws" | "wss") || url.cannot_be_a_base() {
        return Err(Error::Config(format!("the WebSocket host `{host}` is not a ws:// or wss:// URL")));
    }
    Ok(url)
}

fn require(what: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() { Err(Error::Config(format!("the {what} is empty"))) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subscription_url_encodes_code_and_token_as_query_data() {
        let events = EventsClient::new("example.authing.cn", "app-1").unwrap();
        let url = events.subscribe_url("t&k=1", "my.event code").unwrap();
        assert_eq!(
            url.as_str(),
            "wss://openevent.authing.cn/events/v1/authentication/sub?code=my.event+code&token=t%26k%3D1"
        );
        let local = events.websocket_host("ws://127.0.0.1:9/base/").unwrap();
        assert_eq!(
            local.subscribe_url("t", "c").unwrap().as_str(),
            "ws://127.0.0.1:9/base/events/v1/authentication/sub?code=c&token=t"
        );
    }

    #[test]
    fn bad_configuration_is_an_error_not_a_panic() {
        let events = EventsClient::new("https://example.authing.cn", "app-1").unwrap();
        assert!(matches!(events.subscribe_url("", "c"), Err(Error::Config(_))));
        assert!(matches!(events.subscribe_url("t", " "), Err(Error::Config(_))));
        assert!(matches!(events.clone().websocket_host("https://example.com"), Err(Error::Config(_))));
        assert!(matches!(events.websocket_host("wss://"), Err(Error::Config(_))));
        assert!(matches!(EventsClient::new("https://example.authing.cn", ""), Err(Error::Config(_))));
        assert!(matches!(EventsClient::new("", "app-1"), Err(Error::Config(_))));
    }

    #[test]
    fn events_read_as_json() {
        let event = Event { message: r#"{"id":"u-1"}"#.into() };
        let v: serde_json::Value = event.json().unwrap();
        assert_eq!(v["id"], "u-1");
        assert!(Event { message: "not json".into() }.json::<serde_json::Value>().is_err());
    }
}
