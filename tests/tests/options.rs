//! Client options on the wire, and secrets kept out of `Debug`.

mod common;

use authing_sdk::authentication::ExchangeWidgetTokenRequest;
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

async fn mount_app_endpoints(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/api/v3/get-widget-stats"))
        .respond_with(ok(json!({"total": 0, "byKind": []})))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v3/exchange-widget-token"))
        .respond_with(ok(json!({"access_token": "at-1", "expires_in": 60, "token_type": "Bearer"})))
        .mount(server)
        .await;
}

fn app_client(server: &MockServer, basic: bool) -> AuthenticationClient {
    AuthenticationClient::builder()
        .app_host(server.uri())
        .app_id(APP_ID)
        .app_secret("app-secret-very-private")
        .client_secret_basic(basic)
        .build()
        .unwrap()
}

fn body(r: &wiremock::Request) -> serde_json::Value {
    serde_json::from_slice(&r.body).unwrap()
}

#[tokio::test]
async fn client_secret_post_puts_the_app_credentials_in_the_body_of_token_endpoints_only() {
    let server = MockServer::start().await;
    mount_app_endpoints(&server).await;
    let client = app_client(&server, false).with_access_token("user-token");
    client.exchange_widget_token(ExchangeWidgetTokenRequest::new("alice", "pw")).await.unwrap();
    client.get_widget_stats().await.unwrap();
    // A value the caller sets wins.
    let own = ExchangeWidgetTokenRequest::new("bob", "pw").with_client_id("other-app");
    client.exchange_widget_token(own).await.unwrap();

    let sent = received(&server, "/api/v3/exchange-widget-token").await;
    assert_eq!(
        body(&sent[0]),
        json!({"username": "alice", "password": "pw", "client_id": APP_ID, "client_secret": "app-secret-very-private"})
    );
    assert_eq!(body(&sent[1])["client_id"], "other-app");
    let stats = &received(&server, "/api/v3/get-widget-stats").await[0];
    assert!(!String::from_utf8_lossy(&stats.body).contains("very-private"));
    assert_eq!(stats.headers.get("authorization").unwrap(), "user-token");
    assert!(!stats.url.as_str().contains("very-private"));
}

#[tokio::test]
async fn client_secret_basic_sends_the_app_credentials_as_a_header_on_token_endpoints_only() {
    let server = MockServer::start().await;
    mount_app_endpoints(&server).await;
    let client = app_client(&server, true);
    client.exchange_widget_token(ExchangeWidgetTokenRequest::new("alice", "pw")).await.unwrap();
    client.get_widget_stats().await.unwrap();
    client.with_access_token("user-token").get_widget_stats().await.unwrap();

    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{APP_ID}:app-secret-very-private"));
    let token = &received(&server, "/api/v3/exchange-widget-token").await[0];
    assert_eq!(token.headers.get("authorization").unwrap(), format!("Basic {basic}").as_str());
    assert_eq!(body(token), json!({"username": "alice", "password": "pw"}));
    let stats = received(&server, "/api/v3/get-widget-stats").await;
    assert!(!stats[0].headers.contains_key("authorization"), "no app secret on other calls");
    assert_eq!(stats[1].headers.get("authorization").unwrap(), "user-token");
}

#[tokio::test]
async fn user_tokens_are_per_handle_never_shared() {
    let server = MockServer::start().await;
    mount_app_endpoints(&server).await;
    let client = authentication(&server);
    let alice = client.with_access_token("token-alice");
    // Making another user's handle changes neither the client nor alice's handle.
    let _bob = alice.with_access_token("token-bob");
    alice.get_widget_stats().await.unwrap();
    client.get_widget_stats().await.unwrap();
    let sent = received(&server, "/api/v3/get-widget-stats").await;
    assert_eq!(sent[0].headers.get("authorization").unwrap(), "token-alice");
    assert!(!sent[1].headers.contains_key("authorization"));

    // Concurrent tasks, each with its own user: every request carries its own task's token.
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let user = client.with_access_token(format!("token-{i}"));
        tasks.spawn(async move {
            for _ in 0..3 {
                user.get_widget_stats().await.unwrap();
                tokio::task::yield_now().await;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    let sent = received(&server, "/api/v3/get-widget-stats").await;
    let mut counts = std::collections::BTreeMap::new();
    for r in &sent[2..] {
        *counts.entry(r.headers.get("authorization").unwrap().to_str().unwrap().to_string()).or_insert(0) += 1;
    }
    assert_eq!(counts.len(), 20);
    assert!(counts.values().all(|&n| n == 3), "{counts:?}");
}

#[tokio::test]
async fn every_request_names_the_sdk() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 1, Duration::ZERO).await;
    mount_app_endpoints(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .mount(&server)
        .await;
    management(&server).list_widgets(ListWidgetsRequest::new()).await.unwrap();
    authentication(&server).get_widget_stats().await.unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 3, "token fetch, management call, authentication call");
    for r in &sent {
        assert_eq!(r.headers.get("user-agent").unwrap(), "authing-sdk/0.1.0", "{}", r.url);
        assert_eq!(r.headers.get("x-authing-sdk-version").unwrap(), "authing-sdk:0.1.0", "{}", r.url);
    }
}

#[tokio::test]
async fn models_print_secret_fields_redacted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/exchange-widget-token"))
        .respond_with(ok(json!({
            "access_token": "at-very-private", "refresh_token": "rt-very-private",
            "expires_in": 60, "token_type": "Bearer",
        })))
        .mount(&server)
        .await;
    let request = ExchangeWidgetTokenRequest::new("alice", "pw-very-private").with_client_secret("cs-very-private");
    let shown = format!("{request:?}");
    assert!(shown.contains("alice") && !shown.contains("very-private"), "{shown}");
    let tokens = authentication(&server).exchange_widget_token(request).await.unwrap();
    assert_eq!(tokens.access_token, "at-very-private");
    for shown in [format!("{tokens:?}"), format!("{tokens:#?}")] {
        assert!(shown.contains("Bearer") && shown.contains("60"), "non-secret fields show: {shown}");
        assert!(!shown.contains("very-private"), "{shown}");
    }
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
    let auth = auth.build().unwrap().with_access_token("another-token-very-private");
    let shown = format!("{auth:#?}");
    assert!(!shown.contains("very-private"), "{shown}");
}
