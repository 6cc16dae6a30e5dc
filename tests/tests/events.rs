//! The `events` module against local servers: publishing against wiremock (method, path, the
//! user's token, the body; refusals as inspectable errors), subscribing against a WebSocket
//! server started here (events in order, then the end; a message that is not text, a refused
//! handshake and an abnormal close as error items).

use authing_sdk::events::{Error, EventsClient};
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const APP: &str = "app-1";
const TOKEN: &str = "user-access-token-1";

fn envelope(status_code: i64, data: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": status_code, "message": "m", "apiCode": 2020, "requestId": "req-9", "data": data,
    }))
}

#[tokio::test]
async fn publish_posts_the_event_with_the_users_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/pub-userEvent"))
        .and(header("authorization", TOKEN))
        .and(header("x-authing-app-id", APP))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"eventType": "shop.order.paid", "eventData": "{\"order\":\"o-1\"}"})))
        .respond_with(envelope(200, json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let events = EventsClient::new(&server.uri(), APP).unwrap();
    // On another task: the client and the call's future are `Send`.
    let task = tokio::spawn(async move { events.publish(TOKEN, "shop.order.paid", r#"{"order":"o-1"}"#).await });
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn publish_refusals_are_errors_the_caller_can_inspect() {
    let server = MockServer::start().await;
    let events = EventsClient::new(&server.uri(), APP).unwrap();
    Mock::given(header("authorization", "expired"))
        .respond_with(envelope(401, serde_json::Value::Null))
        .mount(&server)
        .await;
    Mock::given(header("authorization", "gateway"))
        .respond_with(ResponseTemplate::new(502).set_body_string("bad gateway"))
        .mount(&server)
        .await;
    Mock::given(header("authorization", "unknown-type"))
        .respond_with(envelope(200, json!({"success": false, "errMsg": "no such event type"})))
        .mount(&server)
        .await;

    let Err(Error::Call(e)) = events.publish("expired", "t", "{}").await else { panic!("expected a refusal") };
    assert_eq!((e.status_code(), e.api_code(), e.request_id()), (Some(401), Some(2020), Some("req-9")));
    let Err(Error::Call(e)) = events.publish("gateway", "t", "{}").await else { panic!("expected an HTTP error") };
    assert!(matches!(e, authing_sdk::Error::Http { status: 502, ref body } if body == "bad gateway"), "{e:?}");
    let e = events.publish("unknown-type", "t", "{}").await.unwrap_err();
    assert!(matches!(e, Error::NotDelivered { reason: Some(ref r) } if r == "no such event type"), "{e:?}");
    // Nothing is sent without a token.
    assert!(matches!(events.publish("", "t", "{}").await, Err(Error::Config(_))));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// What a local WebSocket server does with one connection.
enum Script {
    /// Sends these messages, then closes with this frame.
    Send(Vec<Message>, Option<CloseFrame>),
    /// Refuses the handshake with this HTTP status.
    Refuse(u16),
}

/// A WebSocket server on 127.0.0.1 serving one connection: its `ws://` URL and the request
/// URI it saw.
async fn serve(script: Script) -> (String, Arc<Mutex<Option<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(None));
    let saw = seen.clone();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let refuse = match &script {
            Script::Refuse(status) => Some(*status),
            Script::Send(..) => None,
        };
        #[allow(clippy::result_large_err)] // the signature tungstenite's handshake callback has
        let callback = move |req: &Request, resp: Response| -> Result<Response, ErrorResponse> {
            *saw.lock().unwrap() = Some(req.uri().to_string());
            match refuse {
                Some(status) => {
                    let mut refusal = ErrorResponse::new(Some("no".into()));
                    *refusal.status_mut() = status.try_into().unwrap();
                    Err(refusal)
                }
                None => Ok(resp),
            }
        };
        let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(tcp, callback).await else { return };
        if let Script::Send(messages, close) = script {
            for m in messages {
                ws.send(m).await.unwrap();
            }
            ws.close(close).await.unwrap();
            // Let the client finish the closing handshake.
            while ws.next().await.is_some() {}
        }
    });
    (url, seen)
}

fn client(ws_url: &str) -> EventsClient {
    EventsClient::new("https://example.authing.cn", APP).unwrap().websocket_host(ws_url).unwrap()
}

#[tokio::test]
async fn a_subscription_yields_each_event_then_ends() {
    let first = r#"{"eventType":"shop.order.paid","data":{"order":"o-1"}}"#;
    let (url, seen) = serve(Script::Send(vec![Message::text(first), Message::text("second")], None)).await;
    let events = client(&url);
    let subscribed = tokio::spawn(async move { events.subscribe(TOKEN, "shop.order.paid").await });
    let mut stream = subscribed.await.unwrap().unwrap();
    assert_eq!(stream.event_code(), "shop.order.paid");
    assert!(!format!("{stream:?}").contains(TOKEN), "the token stays out of Debug");

    let one = stream.next().await.unwrap().unwrap();
    assert_eq!(one.message, first);
    assert_eq!(one.json::<serde_json::Value>().unwrap()["data"]["order"], "o-1");
    assert_eq!(stream.next().await.unwrap().unwrap().message, "second");
    assert!(stream.next().await.is_none(), "a normal close ends the stream");
    assert!(stream.next().await.is_none(), "and it stays ended");
    assert_eq!(
        seen.lock().unwrap().as_deref(),
        Some("/events/v1/authentication/sub?code=shop.order.paid&token=user-access-token-1")
    );
}

#[tokio::test]
async fn a_malformed_message_is_an_error_item_and_the_stream_goes_on() {
    let messages = vec![Message::binary(vec![0xff, 0xfe, 0x00]), Message::binary(b"in bytes".to_vec())];
    let (url, _) = serve(Script::Send(messages, None)).await;
    let mut stream = client(&url).subscribe(TOKEN, "c").await.unwrap();
    let bad = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(bad, Error::Malformed { ref bytes } if bytes == &[0xff, 0xfe, 0x00]), "{bad:?}");
    assert_eq!(stream.next().await.unwrap().unwrap().message, "in bytes", "binary UTF-8 is text");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn an_abnormal_close_is_a_last_error_item() {
    let close = CloseFrame { code: CloseCode::Policy, reason: "token expired".into() };
    let (url, _) = serve(Script::Send(vec![Message::text("only")], Some(close))).await;
    let mut stream = client(&url).subscribe(TOKEN, "c").await.unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap().message, "only");
    let e = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(e, Error::Closed { code: 1008, ref reason } if reason == "token expired"), "{e:?}");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn a_refused_handshake_says_its_status() {
    let (url, _) = serve(Script::Refuse(401)).await;
    let e = client(&url).subscribe(TOKEN, "c").await.unwrap_err();
    assert!(matches!(e, Error::Connect { status: Some(401), .. }), "{e:?}");
    assert!(!e.to_string().contains(TOKEN));
}
