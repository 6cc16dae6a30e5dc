//! Client options on the wire, and secrets kept out of `Debug`.

mod common;

use authing_sdk::management::ListWidgetsRequest;
use authing_sdk::{AuthenticationClient, Lang, ManagementClient};
use base64::Engine as _;
use common::*;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn tenant_and_lang_headers_are_sent_when_set() {
    let server = MockServer::start().await;
    // Two clients, two tokens.
    mount_token(&server, &jwt(1), 7200, 2, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(header("x-authing-app-tenant-id", "tenant-9"))
        .and(header("x-authing-lang", "en-US"))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = ManagementClient::builder()
        .host(server.uri())
        .access_key_id(ACCESS_KEY_ID)
        .access_key_secret(ACCESS_KEY_SECRET)
        .tenant_id("tenant-9")
        .lang(Lang::EnUs)
        .build()
        .unwrap();
    client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    // Without the options, neither header is sent.
    let plain = management(&server);
    let _ = plain.list_widgets(ListWidgetsRequest::new()).await;
    let sent = received(&server, "/api/v3/list-widgets").await;
    assert!(!sent[1].headers.contains_key("x-authing-app-tenant-id"));
    assert!(!sent[1].headers.contains_key("x-authing-lang"));
    server.verify().await;
}

#[tokio::test]
async fn client_secret_basic_authenticates_the_app_until_a_user_token_is_set() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/get-widget-stats"))
        .respond_with(ok(json!({"total": 0, "byKind": []})))
        .mount(&server)
        .await;
    let client = AuthenticationClient::builder()
        .app_host(server.uri())
        .app_id(APP_ID)
        .app_secret("app-secret-very-private")
        .client_secret_basic(true)
        .build()
        .unwrap();
    client.get_widget_stats().await.unwrap();
    client.set_access_token("user-token");
    client.get_widget_stats().await.unwrap();
    client.clear_access_token();
    let plain = authentication(&server);
    plain.get_widget_stats().await.unwrap();
    let sent = received(&server, "/api/v3/get-widget-stats").await;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{APP_ID}:app-secret-very-private"));
    assert_eq!(sent[0].headers.get("authorization").unwrap(), format!("Basic {basic}").as_str());
    assert_eq!(sent[1].headers.get("authorization").unwrap(), "user-token");
    assert!(!sent[2].headers.contains_key("authorization"), "no secret unless client_secret_basic is on");
}

#[tokio::test]
async fn secrets_never_show_in_debug_output() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(7), 7200, 1, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .mount(&server)
        .await;
    let builder = ManagementClient::builder()
        .host(server.uri())
        .access_key_id(ACCESS_KEY_ID)
        .access_key_secret(ACCESS_KEY_SECRET);
    let shown = format!("{builder:?}");
    assert!(!shown.contains(ACCESS_KEY_SECRET), "{shown}");
    let client = builder.build().unwrap();
    client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    // The token is now cached inside the client.
    for shown in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(shown.contains(ACCESS_KEY_ID), "the key id is not a secret: {shown}");
        assert!(!shown.contains(ACCESS_KEY_SECRET), "{shown}");
        assert!(!shown.contains(&jwt(7)) && !shown.contains("signature7"), "{shown}");
    }

    let auth = AuthenticationClient::builder()
        .app_host(server.uri())
        .app_id(APP_ID)
        .app_secret("app-secret-very-private")
        .access_token("user-token-very-private");
    assert!(!format!("{auth:?}").contains("very-private"));
    let auth = auth.build().unwrap();
    auth.set_access_token("another-token-very-private");
    let shown = format!("{auth:#?}");
    assert!(!shown.contains("very-private"), "{shown}");
}
