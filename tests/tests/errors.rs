//! Failures come back as distinct `Error` kinds.

mod common;

use authing_sdk::Error;
use authing_sdk::management::ListWidgetsRequest;
use common::*;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 1, Duration::ZERO).await;
    Mock::given(method("GET")).and(path("/api/v3/list-widgets")).respond_with(response).mount(&server).await;
    server
}

async fn list(server: &MockServer) -> Result<authing_sdk::models::WidgetPagingDto, Error> {
    management(server).list_widgets(ListWidgetsRequest::new()).await
}

#[tokio::test]
async fn a_non_200_status_code_is_an_api_error_with_every_field() {
    let body = json!({
        "statusCode": 499, "message": "需要 MFA", "apiCode": 1635, "requestId": "req-42",
        "data": {"mfaToken": "mfa-1", "mfaEnabled": true},
    });
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
    match list(&server).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status_code, 499);
            assert_eq!(e.api_code, Some(1635));
            assert_eq!(e.message, "需要 MFA");
            assert_eq!(e.request_id.as_deref(), Some("req-42"));
            assert_eq!(e.data, Some(json!({"mfaToken": "mfa-1", "mfaEnabled": true})));
            assert_eq!(e.http_status, 200);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn an_api_error_without_optional_fields() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"statusCode": 404, "message": "none"}))).await;
    match list(&server).await {
        Err(Error::Api(e)) => {
            assert_eq!((e.status_code, e.api_code, e.request_id, e.data), (404, None, None, None));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_envelope_whose_message_is_not_text_is_still_an_api_error() {
    for (message, text) in
        [(json!(null), ""), (json!({"zh": "错误"}), r#"{"zh":"错误"}"#), (json!(["a", 1]), r#"["a",1]"#)]
    {
        let body = json!({"statusCode": 403, "message": message, "apiCode": 2001, "requestId": "req-7"});
        let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
        let e = list(&server).await.unwrap_err();
        assert_eq!((e.status_code(), e.api_code(), e.request_id()), (Some(403), Some(2001), Some("req-7")), "{e:?}");
        assert_eq!(e.api().map(|a| a.message.as_str()), Some(text));
    }
}

#[tokio::test]
async fn an_http_error_with_an_envelope_body_is_an_api_error_keeping_the_http_status() {
    let body = json!({"statusCode": 429, "message": "too many requests", "requestId": "req-9"});
    let server = server_answering(ResponseTemplate::new(429).set_body_json(body)).await;
    let e = list(&server).await.unwrap_err();
    match &e {
        Error::Api(api) => assert_eq!((api.status_code, api.http_status), (429, 429)),
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!((e.status_code(), e.http_status(), e.request_id()), (Some(429), Some(429), Some("req-9")));
    assert!(e.is_retryable());
    // A JSON body that is not an envelope stays an HTTP error.
    let server = server_answering(ResponseTemplate::new(502).set_body_json(json!({"error": "bad gateway"}))).await;
    assert!(matches!(list(&server).await, Err(Error::Http { status: 502, .. })));
}

#[tokio::test]
async fn errors_read_as_sentences_with_their_cause_as_source() {
    use std::error::Error as _;
    let body = json!({"statusCode": 404, "message": "用户不存在", "apiCode": 2004, "requestId": "req-1"});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
    let e = list(&server).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the service refused the call with statusCode 404 and apiCode 2004: 用户不存在 (request id req-1)"
    );
    assert!(!e.is_retryable());
    let server = server_answering(ResponseTemplate::new(200).set_body_string("<html>")).await;
    let e = list(&server).await.unwrap_err();
    assert_eq!(e.to_string(), "the response is not JSON");
    assert!(e.source().is_some_and(|s| s.is::<serde_json::Error>()));
}

#[tokio::test]
async fn absent_and_null_fields_read_as_none_or_empty() {
    let data = json!({"totalCount": null, "list": [{"widgetId": "w", "kind": null, "tags": null}, {}]});
    let server = server_answering(ok(data)).await;
    let page = list(&server).await.expect("absent and null fields do not fail the call");
    assert_eq!(page.total_count.as_u64(), Some(0));
    assert_eq!(page.list.len(), 2);
    assert_eq!(
        (page.list[0].widget_id.as_str(), page.list[0].name.as_str(), page.list[0].tags.as_ref()),
        ("w", "", None)
    );
    assert_eq!(page.list[1], Default::default());
}

#[tokio::test]
async fn a_mismatched_field_names_its_path_and_keeps_the_data() {
    let data = json!({"totalCount": 1, "list": [{"widgetId": "w", "name": 5, "kind": "CHART"}]});
    let server = server_answering(ok(data.clone())).await;
    match list(&server).await {
        Err(Error::Decode { path, raw, .. }) => {
            assert_eq!(path, "data.list[0].name");
            assert_eq!(*raw, data);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn http_500_is_its_own_kind() {
    let server = server_answering(ResponseTemplate::new(500).set_body_string("upstream broke")).await;
    match list(&server).await {
        Err(Error::Http { status: 500, body }) => assert_eq!(body, "upstream broke"),
        other => panic!("expected Error::Http, got {other:?}"),
    }
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let slow = ok(json!({"totalCount": 0, "list": []})).set_delay(Duration::from_secs(3));
    let server = server_answering(slow).await;
    let client = authing_sdk::ManagementClient::builder()
        .host(server.uri())
        .access_key_id(ACCESS_KEY_ID)
        .access_key_secret(ACCESS_KEY_SECRET)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    match client.list_widgets(ListWidgetsRequest::new()).await {
        Err(Error::Timeout) => assert!(started.elapsed() < Duration::from_secs(2)),
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_non_json_body_is_its_own_kind() {
    let server = server_answering(ResponseTemplate::new(200).set_body_string("<html>gateway</html>")).await;
    match list(&server).await {
        Err(Error::NotJson { body, .. }) => assert_eq!(body, "<html>gateway</html>"),
        other => panic!("expected Error::NotJson, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_host_is_a_transport_error() {
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = authing_sdk::ManagementClient::builder()
        .host(format!("http://127.0.0.1:{port}"))
        .access_key_id(ACCESS_KEY_ID)
        .access_key_secret(ACCESS_KEY_SECRET)
        .build()
        .unwrap();
    match client.list_widgets(ListWidgetsRequest::new()).await {
        Err(Error::Transport(_)) => {}
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn missing_options_are_config_errors() {
    let no_secret = authing_sdk::ManagementClient::builder().access_key_id("x").build();
    assert!(matches!(no_secret, Err(Error::Config(_))));
    let no_host = authing_sdk::AuthenticationClient::builder().app_id("x").build();
    assert!(matches!(no_host, Err(Error::Config(_))));
    let bad_header = authing_sdk::AuthenticationClient::builder().app_id("x\ny").app_host("h").build();
    assert!(matches!(bad_header, Err(Error::Config(_))));
}
