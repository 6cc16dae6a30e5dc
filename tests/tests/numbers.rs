//! Numbers survive exactly both ways: integers in the full 64-bit range, fractions kept.

mod common;

use authing_sdk::Number;
use authing_sdk::management::{ListWidgetEventsRequest, ListWidgetsRequest};
use common::*;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn integer_arguments_are_sent_as_integers() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 1, Duration::ZERO).await;
    // The body's exact bytes: `1656036131000000000`, not `1.656036131e18`.
    Mock::given(method("POST"))
        .and(path("/api/v3/list-widget-events"))
        .and(|r: &wiremock::Request| {
            let body = String::from_utf8_lossy(&r.body);
            ["\"since\":1656036131000000000", "\"page\":1", "\"weight\":0.5"].iter().all(|p| body.contains(p))
        })
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(query_is(Some("page=18446744073709551615&limit=10")))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = management(&server);
    // `with_page(1)` takes a plain integer literal.
    let request = ListWidgetEventsRequest::new(1656036131000000000_i64).with_page(1).with_weight(0.5);
    client.list_widget_events(request).await.unwrap();
    client.list_widgets(ListWidgetsRequest::new().with_page(u64::MAX).with_limit(10.0)).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn response_numbers_are_read_exactly_and_fractions_never_fail() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 1, Duration::ZERO).await;
    let body = r#"{"statusCode":200,"message":"ok","data":{"totalCount":9007199254740993,"list":[
        {"eventId":"e","at":18446744073709551615,"weight":0.1},{"eventId":"f","at":-9223372036854775808,"weight":2}]}}"#;
    Mock::given(method("POST"))
        .and(path("/api/v3/list-widget-events"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let page = management(&server).list_widget_events(ListWidgetEventsRequest::new(0)).await.unwrap();
    assert_eq!(page.total_count.as_u64(), Some(9007199254740993));
    assert_eq!(page.list[0].at.as_u64(), Some(u64::MAX));
    assert_eq!(page.list[1].at.as_i64(), Some(i64::MIN));
    assert_eq!(page.list[0].weight.map(|w| w.as_f64()), Some(0.1));
    assert_eq!(page.list[1].weight, Some(Number::from(2)));
    assert_eq!(page.total_count.to_string(), "9007199254740993");
}
