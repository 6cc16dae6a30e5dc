//! Helpers shared by the wire tests: a mock server answering like the V3 service.

#![allow(dead_code)]

use authing_sdk::{AuthenticationClient, ManagementClient};
use base64::Engine as _;
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const ACCESS_KEY_ID: &str = "ak-id-1";
pub const ACCESS_KEY_SECRET: &str = "ak-secret-very-private";
pub const APP_ID: &str = "app-1";
pub const USER_POOL: &str = "pool-from-token";

/// A JWT-shaped token whose payload names a user pool, as the service's tokens do.
pub fn jwt(n: u32) -> String {
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.signature{n}",
        b64(&json!({"alg": "HS256", "typ": "JWT"})),
        b64(&json!({"scoped_userpool_id": USER_POOL, "n": n}))
    )
}

/// A successful envelope carrying `data`.
pub fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": 200, "message": "ok", "requestId": "req-ok", "data": data,
    }))
}

/// Serves `POST /api/v3/get-management-token` with the access key in the body and no
/// authorization header, `expect` times.
pub async fn mount_token(server: &MockServer, token: &str, expires_in: u64, expect: u64, delay: Duration) {
    Mock::given(method("POST"))
        .and(path("/api/v3/get-management-token"))
        .and(body_json(json!({"accessKeyId": ACCESS_KEY_ID, "accessKeySecret": ACCESS_KEY_SECRET})))
        .and(|r: &Request| !r.headers.contains_key("authorization"))
        .respond_with(ok(json!({"access_token": token, "expires_in": expires_in})).set_delay(delay))
        .expect(expect)
        .named("get-management-token")
        .mount(server)
        .await;
}

pub fn management(server: &MockServer) -> ManagementClient {
    ManagementClient::builder()
        .host(format!("{}/", server.uri()))
        .access_key_id(ACCESS_KEY_ID)
        .access_key_secret(ACCESS_KEY_SECRET)
        .build()
        .expect("valid options")
}

pub fn authentication(server: &MockServer) -> AuthenticationClient {
    AuthenticationClient::builder().app_host(server.uri()).app_id(APP_ID).build().expect("valid options")
}

/// Matches a request whose whole query string is `expected` (`None`: no query string at all).
pub fn query_is(expected: Option<&'static str>) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    move |r: &Request| r.url.query() == expected
}

/// Matches a request without a body.
pub fn no_body(r: &Request) -> bool {
    r.body.is_empty()
}

/// The requests the server received at `p`.
pub async fn received(server: &MockServer, p: &str) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default().into_iter().filter(|r| r.url.path() == p).collect()
}
