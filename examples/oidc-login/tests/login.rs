//! The example's login against a local provider: the "browser" follows the authorize URL as a
//! provider would (redirect with the code and the same state).

use authing_sdk::oidc::{Error, OidcClient};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn provider() -> (MockServer, OidcClient) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oidc/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "AT", "refresh_token": "RT", "token_type": "Bearer", "expires_in": 3600}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/oidc/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sub": "user-9", "email": "u@example.com"})))
        .mount(&server)
        .await;
    let client = OidcClient::builder(server.uri(), "app")
        .client_secret("secret")
        .redirect_uri("http://localhost:3000/callback")
        .build()
        .unwrap();
    (server, client)
}

fn state_of(url: &str) -> String {
    url::Url::parse(url).unwrap().query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned()
}

#[tokio::test]
async fn a_login_ends_with_tokens_and_the_users_profile() {
    let (_server, client) = provider().await;
    let login =
        oidc_login::login(&client, |url| format!("http://localhost:3000/callback?code=c0de&state={}", state_of(url)))
            .await
            .unwrap();
    assert_eq!(login.user.sub, "user-9");
    assert_eq!(login.tokens.refresh_token(), Some("RT"));
}

#[tokio::test]
async fn a_forged_callback_state_is_refused_before_any_exchange() {
    let (server, client) = provider().await;
    let err = oidc_login::login(&client, |_| "http://localhost:3000/callback?code=c0de&state=forged".into())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(ref m) if m.contains("state")), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
