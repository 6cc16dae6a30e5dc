//! Clients configured from the environment (`from_env`). One test in its own binary: the
//! environment is the process's, so nothing else may read or change it meanwhile.

mod common;

use authing_sdk::management::ListWidgetsRequest;
use authing_sdk::{AuthenticationClient, Error, ManagementClient};
use common::*;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

const VARS: [&str; 10] = [
    "AUTHING_HOST",
    "AUTHING_ACCESS_KEY_ID",
    "AUTHING_ACCESS_KEY_SECRET",
    "AUTHING_USER_POOL_ID",
    "AUTHING_TENANT_ID",
    "AUTHING_LANG",
    "AUTHING_APP_HOST",
    "AUTHING_APP_ID",
    "AUTHING_APP_SECRET",
    "AUTHING_UNUSED",
];

fn set(name: &str, value: &str) {
    // SAFETY: this binary's only test is the only code that touches the environment, and it
    // sets variables before starting anything that could read them concurrently.
    unsafe { std::env::set_var(name, value) }
}

fn config_error(e: Error) -> String {
    match e {
        Error::Config(m) => m,
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

#[tokio::test]
async fn clients_read_the_environment_and_name_what_is_missing() {
    for v in VARS {
        // SAFETY: as in `set`.
        unsafe { std::env::remove_var(v) }
    }
    // Missing required variables are named, the first one first.
    let e = config_error(ManagementClient::from_env().unwrap_err());
    assert!(e.contains("AUTHING_ACCESS_KEY_ID") && e.contains("not set"), "{e}");
    set("AUTHING_ACCESS_KEY_ID", ACCESS_KEY_ID);
    set("AUTHING_ACCESS_KEY_SECRET", "");
    let e = config_error(ManagementClient::from_env().unwrap_err());
    assert!(e.contains("AUTHING_ACCESS_KEY_SECRET"), "an empty variable is a missing one: {e}");
    let e = config_error(AuthenticationClient::from_env().unwrap_err());
    assert!(e.contains("AUTHING_APP_ID"), "{e}");
    set("AUTHING_APP_ID", APP_ID);
    let e = config_error(AuthenticationClient::from_env().unwrap_err());
    assert!(e.contains("AUTHING_APP_HOST"), "the docs' authentication client has no default host: {e}");

    // A value that cannot be used is named too.
    set("AUTHING_ACCESS_KEY_SECRET", ACCESS_KEY_SECRET);
    set("AUTHING_LANG", "fr-FR");
    let e = config_error(ManagementClient::from_env().unwrap_err());
    assert!(e.contains("fr-FR"), "{e}");

    // Every variable reaches the wire.
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 1, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(header("x-authing-lang", "en-US"))
        .and(header("x-authing-app-tenant-id", "tenant-env"))
        .respond_with(ok(json!({"totalCount": 0, "list": []})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/get-widget-stats"))
        .and(header("x-authing-app-id", APP_ID))
        .and(header("x-authing-lang", "en-US"))
        .respond_with(ok(json!({"total": 0})))
        .expect(1)
        .mount(&server)
        .await;
    set("AUTHING_HOST", &server.uri());
    set("AUTHING_APP_HOST", &server.uri());
    set("AUTHING_LANG", "en-us");
    set("AUTHING_TENANT_ID", "tenant-env");
    // The builder form takes further options.
    let management = authing_sdk::ManagementClientBuilder::from_env().unwrap().timeout(Duration::from_secs(5)).build();
    management.unwrap().list_widgets(ListWidgetsRequest::new()).await.unwrap();
    AuthenticationClient::from_env().unwrap().get_widget_stats().await.unwrap();
    server.verify().await;
}
