//! Transport options on the wire: the caller's own HTTP client shared by both clients, the
//! `User-Agent`, per-call timeouts, and opt-in retries (idempotent calls only by default,
//! honouring `Retry-After`).

mod common;

use authing_sdk::authentication::ExchangeWidgetTokenRequest;
use authing_sdk::management::ListWidgetsRequest;
use authing_sdk::{AuthenticationClient, Error, ManagementClient, RetryPolicy};
use common::*;
use serde_json::json;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const STATS: &str = "/api/v3/get-widget-stats";
const EXCHANGE: &str = "/api/v3/exchange-widget-token";

/// A fast policy for tests: no jitter, millisecond delays.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().min_delay(Duration::from_millis(5)).max_delay(Duration::from_millis(20)).jitter(false)
}

fn app(server: &MockServer, retry: Option<RetryPolicy>) -> AuthenticationClient {
    let builder = AuthenticationClient::builder().app_host(server.uri()).app_id(APP_ID);
    match retry {
        Some(policy) => builder.retry(policy),
        None => builder,
    }
    .build()
    .unwrap()
}

/// `GET` answered 503 `times` times, then 200.
async fn mount_flaky_stats(server: &MockServer, times: u64) {
    Mock::given(method("GET"))
        .and(path(STATS))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET")).and(path(STATS)).respond_with(ok(json!({"total": 3, "byKind": []}))).mount(server).await;
}

#[tokio::test]
async fn a_get_answered_503_is_retried_until_it_succeeds() {
    let server = MockServer::start().await;
    mount_flaky_stats(&server, 2).await;
    let stats = app(&server, Some(quick_retries())).get_widget_stats().await.unwrap();
    assert_eq!(stats.total.as_i64(), Some(3));
    assert_eq!(received(&server, STATS).await.len(), 3, "two 503s, then the 200");
}

#[tokio::test]
async fn retries_are_off_by_default_and_bounded_when_on() {
    let server = MockServer::start().await;
    mount_flaky_stats(&server, 1).await;
    let e = app(&server, None).get_widget_stats().await.unwrap_err();
    assert!(matches!(e, Error::Http { status: 503, .. }), "{e:?}");
    assert_eq!(received(&server, STATS).await.len(), 1);

    // Always 503: the first attempt and `max_retries` more, then the last error.
    let server = MockServer::start().await;
    mount_flaky_stats(&server, u64::MAX).await;
    let e = app(&server, Some(quick_retries().max_retries(2))).get_widget_stats().await.unwrap_err();
    assert_eq!(e.http_status(), Some(503));
    assert_eq!(received(&server, STATS).await.len(), 3);
}

/// `GET` answered `status` with `Retry-After: retry_after` once, then 200.
async fn mount_stats_asking_to_wait(server: &MockServer, status: u16, retry_after: &str) {
    Mock::given(method("GET"))
        .and(path(STATS))
        .respond_with(ResponseTemplate::new(status).insert_header("retry-after", retry_after).set_body_string("wait"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET")).and(path(STATS)).respond_with(ok(json!({"total": 3}))).mount(server).await;
}

#[tokio::test]
async fn retry_after_is_honoured_up_to_the_policys_longest_delay() {
    // Asked to wait two minutes, or until a date far ahead: the policy waits its longest delay
    // (300 ms), not its backoff (5 ms), and not what was asked.
    for (status, asked) in [(429, "120"), (503, "Fri, 31 Dec 9999 23:59:59 GMT")] {
        let server = MockServer::start().await;
        mount_stats_asking_to_wait(&server, status, asked).await;
        let policy = quick_retries().max_delay(Duration::from_millis(300));
        let started = Instant::now();
        let stats = app(&server, Some(policy)).get_widget_stats().await.unwrap();
        let waited = started.elapsed();
        assert_eq!(stats.total.as_i64(), Some(3));
        assert_eq!(received(&server, STATS).await.len(), 2, "{status} {asked}: the answer, then the retry");
        assert!(waited >= Duration::from_millis(300), "{status} {asked}: waited {waited:?}");
        assert!(waited < Duration::from_secs(5), "{status} {asked}: waited {waited:?}, capped at 300 ms");
    }
}

#[tokio::test]
async fn retry_after_is_ignored_where_it_does_not_apply() {
    // `Retry-After: 0` is honoured too: no wait, where the backoff alone would wait 400 ms.
    let server = MockServer::start().await;
    mount_stats_asking_to_wait(&server, 429, "0").await;
    let slow_backoff = quick_retries().min_delay(Duration::from_millis(400)).max_delay(Duration::from_millis(400));
    let started = Instant::now();
    app(&server, Some(slow_backoff)).get_widget_stats().await.unwrap();
    assert!(started.elapsed() < Duration::from_millis(350), "{:?}", started.elapsed());

    // A 500 asks for nothing: its `Retry-After` is not read, the backoff (5 ms) applies.
    let server = MockServer::start().await;
    mount_stats_asking_to_wait(&server, 500, "120").await;
    let policy = quick_retries().max_delay(Duration::from_secs(3));
    let started = Instant::now();
    app(&server, Some(policy.clone())).get_widget_stats().await.unwrap();
    assert_eq!(received(&server, STATS).await.len(), 2);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());

    // A call the policy does not retry (a POST) is not held back by it: one answer, at once.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(EXCHANGE))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "120").set_body_string("wait"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let e = app(&server, Some(policy)).exchange_widget_token(ExchangeWidgetTokenRequest::new("alice", "pw")).await;
    assert_eq!(e.unwrap_err().http_status(), Some(429));
    assert_eq!(received(&server, EXCHANGE).await.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_post_is_not_retried_unless_the_policy_says_so() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(EXCHANGE))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;
    let request = || ExchangeWidgetTokenRequest::new("alice", "pw");
    let e = app(&server, Some(quick_retries())).exchange_widget_token(request()).await.unwrap_err();
    assert_eq!(e.http_status(), Some(503));
    assert_eq!(received(&server, EXCHANGE).await.len(), 1, "a POST may have taken effect: sent once");

    let policy = quick_retries().max_retries(2).retry_non_idempotent(true);
    app(&server, Some(policy)).exchange_widget_token(request()).await.unwrap_err();
    assert_eq!(received(&server, EXCHANGE).await.len(), 1 + 3);
}

#[tokio::test]
async fn a_transport_error_on_a_get_is_retried() {
    // A port nobody listens on: every attempt fails to connect.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = AuthenticationClient::builder()
        .app_host(format!("http://{closed}"))
        .app_id(APP_ID)
        .retry(quick_retries().max_retries(2).min_delay(Duration::from_millis(50)).max_delay(Duration::from_millis(50)))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client.get_widget_stats().await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    // Two retries, each after a 50 ms delay: the failure is not returned at once.
    assert!(started.elapsed() >= Duration::from_millis(100), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(STATS))
        .respond_with(ok(json!({"total": 1})).set_delay(Duration::from_millis(800)))
        .mount(&server)
        .await;
    let client = AuthenticationClient::builder()
        .app_host(server.uri())
        .app_id(APP_ID)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client.with_timeout(Duration::from_millis(100)).get_widget_stats().await.unwrap_err();
    assert!(matches!(e, Error::Timeout), "{e:?}");
    assert!(started.elapsed() < Duration::from_millis(700), "{:?}", started.elapsed());
    // The client itself keeps its own timeout, and so does a user handle made from it.
    client.get_widget_stats().await.unwrap();
    let short = client.with_timeout(Duration::from_millis(100)).with_access_token("t");
    assert!(matches!(short.get_widget_stats().await, Err(Error::Timeout)));

    // The client's timeout applies to a client of the caller's too.
    let own = AuthenticationClient::builder()
        .app_host(server.uri())
        .app_id(APP_ID)
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    assert!(matches!(own.get_widget_stats().await, Err(Error::Timeout)));
}

#[tokio::test]
async fn both_clients_share_the_callers_http_client_and_send_the_user_agent() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 1, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path(STATS)).respond_with(ok(json!({"total": 0}))).mount(&server).await;

    // A default header marks the requests that went through this client.
    let mut marked = reqwest::header::HeaderMap::new();
    marked.insert("x-pool", reqwest::header::HeaderValue::from_static("mine"));
    let http = reqwest::Client::builder().default_headers(marked).build().unwrap();
    let management = ManagementClient::builder()
        .host(server.uri())
        .access_key_id(ACCESS_KEY_ID)
        .access_key_secret(ACCESS_KEY_SECRET)
        .http_client(http)
        .build()
        .unwrap();
    // The authentication client takes the management client's HTTP client: one pool.
    let authentication = AuthenticationClient::builder()
        .app_host(server.uri())
        .app_id(APP_ID)
        .http_client(management.http_client().clone())
        .build()
        .unwrap();
    management.list_widgets(ListWidgetsRequest::new()).await.unwrap();
    authentication.get_widget_stats().await.unwrap();

    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 3, "the token, then one call of each client");
    let user_agent = "authing-sdk/0.1.0"; // the package name and version of docs-input/codegen.toml
    for r in &sent {
        assert_eq!(r.headers.get("x-pool").map(|v| v.to_str().unwrap()), Some("mine"), "{}", r.url);
        assert_eq!(r.headers.get("user-agent").unwrap().to_str().unwrap(), user_agent, "{}", r.url);
    }

    // Without the option, each client has its own HTTP client, and still names the SDK.
    app(&server, None).get_widget_stats().await.unwrap();
    let last = received(&server, STATS).await.pop().unwrap();
    assert!(!last.headers.contains_key("x-pool"));
    assert_eq!(last.headers.get("user-agent").unwrap().to_str().unwrap(), user_agent);
}

#[test]
fn invalid_certs_cannot_be_accepted_on_the_callers_http_client() {
    let e = AuthenticationClient::builder()
        .app_host("https://example.invalid")
        .app_id(APP_ID)
        .http_client(reqwest::Client::new())
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap_err();
    assert!(matches!(&e, Error::Config(m) if m.contains("danger_accept_invalid_certs")), "{e:?}");
}
