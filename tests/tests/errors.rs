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
        Err(Error::Api { status_code, api_code, message, request_id, data }) => {
            assert_eq!(status_code, 499);
            assert_eq!(api_code, Some(1635));
            assert_eq!(message, "需要 MFA");
            assert_eq!(request_id.as_deref(), Some("req-42"));
            assert_eq!(data.as_deref(), Some(&json!({"mfaToken": "mfa-1", "mfaEnabled": true})));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn an_api_error_without_optional_fields() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"statusCode": 404, "message": "none"}))).await;
    match list(&server).await {
        Err(Error::Api { status_code: 404, api_code: None, request_id: None, data: None, .. }) => {}
        other => panic!("expected Error::Api, got {other:?}"),
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
async fn a_wrong_shape_names_the_json_path() {
    let body = ok(json!({"totalCount": 1, "list": [{"widgetId": "w", "name": 5, "kind": "CHART"}]}));
    let server = server_answering(body).await;
    match list(&server).await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "data.list[0].name"),
        other => panic!("expected Error::Decode, got {other:?}"),
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
