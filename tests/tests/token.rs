//! The management token: fetched lazily once, shared by concurrent calls, replaced after expiry.

mod common;

use authing_sdk::ManagementClient;
use authing_sdk::management::ListWidgetsRequest;
use common::*;
use serde_json::json;
use std::time::Duration;
use tokio::task::JoinSet;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

async fn mount_list(server: &MockServer, token: &str, expect: u64) {
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .expect(expect)
        .mount(server)
        .await;
}

#[tokio::test]
async fn nothing_is_fetched_before_the_first_call() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 0, Duration::ZERO).await;
    let _client = management(&server);
    server.verify().await;
}

#[tokio::test]
async fn one_token_serves_many_calls() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 1, Duration::ZERO).await;
    mount_list(&server, &jwt(1), 5).await;
    let client = management(&server);
    for _ in 0..5 {
        client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    }
    server.verify().await;
}

#[tokio::test]
async fn concurrent_calls_share_one_fetch() {
    let server = MockServer::start().await;
    // A slow token answer, so that every call is waiting for it at once.
    mount_token(&server, &jwt(1), 7200, 1, Duration::from_millis(400)).await;
    mount_list(&server, &jwt(1), 16).await;
    let client = management(&server);
    let mut calls = JoinSet::new();
    for _ in 0..16 {
        let c = client.clone();
        calls.spawn(async move { c.list_widgets(ListWidgetsRequest::new()).await });
    }
    while let Some(done) = calls.join_next().await {
        done.unwrap().unwrap();
    }
    server.verify().await;
}

#[tokio::test]
async fn an_expired_token_is_fetched_again() {
    let server = MockServer::start().await;
    // The first token lives one second; the margin is zero so it is used until then.
    Mock::given(method("POST"))
        .and(path("/api/v3/get-management-token"))
        .respond_with(ok(json!({"access_token": jwt(1), "expires_in": 1})))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_token(&server, &jwt(2), 7200, 1, Duration::ZERO).await;
    mount_list(&server, &jwt(1), 2).await;
    mount_list(&server, &jwt(2), 1).await;
    let client = ManagementClient::builder()
        .host(server.uri())
        .access_key_id(ACCESS_KEY_ID)
        .access_key_secret(ACCESS_KEY_SECRET)
        .token_refresh_margin(Duration::ZERO)
        .build()
        .unwrap();
    client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn a_short_lived_token_is_reused_within_its_life() {
    let server = MockServer::start().await;
    // 30 s of life and the default 60 s margin: the margin shrinks to 3 s, the token is reused.
    mount_token(&server, &jwt(1), 30, 1, Duration::ZERO).await;
    mount_list(&server, &jwt(1), 3).await;
    let client = management(&server);
    for _ in 0..3 {
        client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    }
    server.verify().await;
}

/// Answers the list call with `refusal` while the first token is used, and successfully with the
/// second one.
async fn refuse_first_token(server: &MockServer, refusal: wiremock::ResponseTemplate, second_ok: bool) {
    Mock::given(method("POST"))
        .and(path("/api/v3/get-management-token"))
        .respond_with(ok(json!({"access_token": jwt(1), "expires_in": 7200})))
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
    mount_token(server, &jwt(2), 7200, 1, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(header("authorization", format!("Bearer {}", jwt(1)).as_str()))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(header("authorization", format!("Bearer {}", jwt(1)).as_str()))
        .respond_with(refusal.clone())
        .mount(server)
        .await;
    let second = if second_ok { ok(json!({"totalCount": 0, "list": []})) } else { refusal };
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(header("authorization", format!("Bearer {}", jwt(2)).as_str()))
        .respond_with(second)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_401_with_a_cached_token_fetches_a_new_token_and_retries_once() {
    let unauthorized = [
        wiremock::ResponseTemplate::new(200).set_body_json(json!({"statusCode": 401, "message": "token expired"})),
        wiremock::ResponseTemplate::new(401).set_body_string("Unauthorized"),
    ];
    for refusal in unauthorized {
        let server = MockServer::start().await;
        refuse_first_token(&server, refusal, true).await;
        let client = management(&server);
        client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
        // The cached token is now refused: one new token, one retry, success.
        client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
        assert_eq!(received(&server, "/api/v3/list-widgets").await.len(), 3);
        server.verify().await;
    }
}

#[tokio::test]
async fn a_second_401_is_returned() {
    let server = MockServer::start().await;
    let refusal = wiremock::ResponseTemplate::new(200)
        .set_body_json(json!({"statusCode": 401, "message": "no", "requestId": "r"}));
    refuse_first_token(&server, refusal, false).await;
    let client = management(&server);
    client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    let e = client.list_widgets(ListWidgetsRequest::new()).await.unwrap_err();
    assert_eq!((e.status_code(), e.request_id()), (Some(401), Some("r")));
    assert_eq!(received(&server, "/api/v3/list-widgets").await.len(), 3, "one retry, no more");
    server.verify().await;
}

#[tokio::test]
async fn a_refused_token_is_a_hard_error_and_is_retried_next_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/get-management-token"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 401, "message": "bad key", "apiCode": 2000, "requestId": "r-tok",
        })))
        .expect(2)
        .mount(&server)
        .await;
    let client = management(&server);
    for _ in 0..2 {
        match client.list_widgets(ListWidgetsRequest::new()).await {
            Err(e) if e.status_code() == Some(401) && e.api_code() == Some(2000) => {}
            other => panic!("expected the token's Error::Api, got {other:?}"),
        }
    }
    assert!(received(&server, "/api/v3/list-widgets").await.is_empty());
    server.verify().await;
}

#[tokio::test]
async fn the_user_pool_comes_from_the_options_when_the_token_names_none() {
    let server = MockServer::start().await;
    mount_token(&server, "opaque-token", 7200, 1, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(header("authorization", "Bearer opaque-token"))
        .and(header("x-authing-userpool-id", "pool-from-options"))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = ManagementClient::builder()
        .host(server.uri())
        .access_key_id(ACCESS_KEY_ID)
        .access_key_secret(ACCESS_KEY_SECRET)
        .user_pool_id("pool-from-options")
        .build()
        .unwrap();
    client.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    server.verify().await;
}
