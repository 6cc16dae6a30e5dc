//! Every docs-input endpoint on the wire: method, path, headers, query or body, written by hand
//! from the pages and PROTOCOL.md (not from the IR), and the typed `data` read back.

mod common;

use authing_sdk::authentication::{AuthenticationClient, BindEmailRequest};
use authing_sdk::management::{BindPhoneRequest, CreateWidgetRequest, ListWidgetsRequest, VerifyUpdateEmailRequest};
use authing_sdk::models::{
    Kind, ListWidgetsDtoStatus, UpdateEmailByEmailPassCodeDto, VerifyUpdateEmailRequestDtoVerifyMethod,
    WidgetOwnerInputDto,
};
use common::*;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The headers every management call carries once the token is known.
fn management_call(verb: &str, p: &str) -> wiremock::MockBuilder {
    Mock::given(method(verb))
        .and(path(p))
        .and(header("authorization", format!("Bearer {}", jwt(1)).as_str()))
        .and(header("x-authing-userpool-id", USER_POOL))
        .and(header("x-authing-sdk-version", "authing-sdk:0.1.0"))
}

async fn management_server() -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 1, Duration::ZERO).await;
    server
}

/// Two of the three bind-email seeds (and the evidence of their sample code) make it an
/// authentication endpoint: the app id, then the user's own token, raw.
#[tokio::test]
async fn bind_email_posts_the_documented_body_as_the_user() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/bind-email"))
        .and(header("x-authing-app-id", APP_ID))
        .and(header("authorization", "user-token-1"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"passCode": "123456", "email": "test@example.com"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"statusCode": 200, "message": "ok"})))
        .expect(1)
        .mount(&server)
        .await;
    let client: AuthenticationClient = authentication(&server).with_access_token("user-token-1");
    let out: () = client.bind_email(BindEmailRequest::new("123456", "test@example.com")).await.unwrap();
    assert_eq!(out, ());
    server.verify().await;
}

#[tokio::test]
async fn bind_phone_sends_optional_fields_only_when_set() {
    let server = management_server().await;
    management_call("POST", "/api/v3/bind-phone")
        .and(body_json(json!({"passCode": "123456", "phoneNumber": "188xxxx8888", "phoneCountryCode": "+86"})))
        .respond_with(ok(json!(null)))
        .expect(1)
        .mount(&server)
        .await;
    management_call("POST", "/api/v3/bind-phone")
        .and(body_json(json!({"passCode": "654321", "phoneNumber": "188xxxx8888"})))
        .respond_with(ok(json!(null)))
        .expect(1)
        .mount(&server)
        .await;
    let client = management(&server);
    client.bind_phone(BindPhoneRequest::new("123456", "188xxxx8888").with_phone_country_code("+86")).await.unwrap();
    client.bind_phone(BindPhoneRequest::new("654321", "188xxxx8888")).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn create_widget_posts_nested_arrays_enums_and_objects() {
    let server = management_server().await;
    management_call("POST", "/api/v3/create-widget")
        .and(body_json(json!({
            "name": "天气",
            "kind": "CHART",
            "tags": ["a", "b"],
            "owner": {"userId": "u-1"},
            "settings": {"color": "red"},
        })))
        .respond_with(ok(json!({
            "widgetId": "w-1", "name": "天气", "kind": "CHART", "tags": ["a"],
            "owner": {"userId": "u-1", "displayName": "Alice"}, "settings": {"color": "red"},
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut settings = serde_json::Map::new();
    settings.insert("color".into(), json!("red"));
    let request = CreateWidgetRequest::new("天气", Kind::Chart)
        .with_tags(vec!["a".into(), "b".into()])
        .with_owner(WidgetOwnerInputDto::new("u-1"))
        .with_settings(settings);
    let widget = management(&server).create_widget(request).await.unwrap();
    assert_eq!(widget.widget_id, "w-1");
    assert_eq!(widget.kind, Kind::Chart);
    assert_eq!(widget.tags, Some(vec![json!("a")]));
    assert_eq!(widget.owner.unwrap().display_name.as_deref(), Some("Alice"));
    server.verify().await;
}

#[tokio::test]
async fn create_widget_leaves_unset_optionals_out() {
    let server = management_server().await;
    management_call("POST", "/api/v3/create-widget")
        .and(body_json(json!({"name": "n", "kind": "SOMETHING_NEW"})))
        .respond_with(ok(json!({"widgetId": "w-2", "name": "n", "kind": "SOMETHING_NEW"})))
        .expect(1)
        .mount(&server)
        .await;
    let request = CreateWidgetRequest::new("n", Kind::from("SOMETHING_NEW"));
    let widget = management(&server).create_widget(request).await.unwrap();
    // A value the docs do not list survives both ways.
    assert_eq!(widget.kind, Kind::Unknown("SOMETHING_NEW".into()));
    assert_eq!(widget.kind.as_str(), "SOMETHING_NEW");
    assert_eq!(widget.tags, None);
    server.verify().await;
}

#[tokio::test]
async fn list_widgets_sends_a_query_string_and_no_body() {
    let server = management_server().await;
    management_call("GET", "/api/v3/list-widgets")
        .and(query_is(Some("page=1&limit=10&status=ACTIVE&withOwner=true")))
        .and(no_body)
        .respond_with(ok(json!({
            "totalCount": 1,
            "list": [{"widgetId": "w-1", "name": "天气", "kind": "CHART", "tags": ["a"]}],
        })))
        .expect(1)
        .mount(&server)
        .await;
    management_call("GET", "/api/v3/list-widgets")
        .and(query_is(Some("withOwner=false")))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .expect(1)
        .mount(&server)
        .await;
    management_call("GET", "/api/v3/list-widgets")
        .and(query_is(None))
        .and(no_body)
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = management(&server);
    let request = ListWidgetsRequest::new()
        .with_page(1.0)
        .with_limit(10.0)
        .with_status(ListWidgetsDtoStatus::Active)
        .with_owner(true);
    let page = client.list_widgets(request).await.unwrap();
    assert_eq!(page.total_count, 1.into());
    assert_eq!(page.list[0].name, "天气");
    client.list_widgets(ListWidgetsRequest::new().with_owner(false)).await.unwrap();
    let empty = client.list_widgets(ListWidgetsRequest::default()).await.unwrap();
    assert!(empty.list.is_empty());
    server.verify().await;
}

#[tokio::test]
async fn verify_update_email_request_posts_a_nested_dto() {
    let server = management_server().await;
    management_call("POST", "/api/v3/verify-update-email-request")
        .and(body_json(json!({
            "emailPasscodePayload": {
                "newEmail": "new@example.com",
                "newEmailPassCode": "123456",
                "oldEmail": "old@example.com",
            },
            "verifyMethod": "EMAIL_PASSCODE",
        })))
        .respond_with(ok(json!({"updateEmailToken": "upd-token", "tokenExpiresIn": 60})))
        .expect(1)
        .mount(&server)
        .await;
    let payload = UpdateEmailByEmailPassCodeDto::new("new@example.com", "123456").with_old_email("old@example.com");
    let request = VerifyUpdateEmailRequest::new(payload, VerifyUpdateEmailRequestDtoVerifyMethod::EmailPasscode);
    let data = management(&server).verify_update_email_request(request).await.unwrap();
    assert_eq!(data.update_email_token, "upd-token");
    assert_eq!(data.token_expires_in, 60.into());
    server.verify().await;
}

#[tokio::test]
async fn get_widget_stats_sends_the_app_id_and_then_the_raw_user_token() {
    let server = MockServer::start().await;
    let stats = json!({"total": 3, "byKind": [{"kind": "CHART", "count": 2}]});
    Mock::given(method("GET"))
        .and(path("/api/v3/get-widget-stats"))
        .and(header("x-authing-app-id", APP_ID))
        .and(query_is(None))
        .and(no_body)
        .respond_with(ok(stats))
        .expect(2)
        .mount(&server)
        .await;
    let client: AuthenticationClient = authentication(&server);
    let data = client.get_widget_stats().await.unwrap();
    assert_eq!(data.total, 3.into());
    assert_eq!(data.by_kind[0].kind, authing_sdk::models::KindCountDtoKind::Chart);
    assert_eq!(data.by_kind[0].count, 2.into());
    client.with_access_token("user-token-1").get_widget_stats().await.unwrap();
    let sent = received(&server, "/api/v3/get-widget-stats").await;
    assert_eq!(sent.len(), 2);
    assert!(!sent[0].headers.contains_key("authorization"), "no token without with_access_token");
    assert_eq!(sent[1].headers.get("authorization").unwrap(), "user-token-1", "raw, without Bearer");
    server.verify().await;
}
