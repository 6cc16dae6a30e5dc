//! The `oidc` module against a local OpenID provider (wiremock): discovery, JWKS, token,
//! user info, introspection and revocation endpoints. Tokens are signed in the test with a fixed
//! RSA key made for these tests (`tests/fixtures/oidc/test-rsa-key.pem`; its public half is
//! `jwks.json`).

use authing_sdk::oidc::{
    AuthorizeRequest, Error, LogoutRequest, OidcClient, Pkce, PkceMethod, Protocol, TokenAuthMethod, TokenErrorKind,
};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const KEY: &[u8] = include_bytes!("../fixtures/oidc/test-rsa-key.pem");
const JWKS: &str = include_str!("../fixtures/oidc/jwks.json");
const APP: &str = "app-123";
const SECRET: &str = "app-secret-value";
const REDIRECT: &str = "https://app.example.com/callback";

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

fn issuer(server: &MockServer) -> String {
    format!("{}/oidc", server.uri())
}

/// Signs `claims` with the test key (RS256, kid `kid`).
fn sign(claims: &Value, kid: &str) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_string());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_rsa_pem(KEY).unwrap()).unwrap()
}

/// Valid ID token claims for the provider at `server`.
fn id_claims(server: &MockServer, nonce: &str) -> Value {
    json!({"iss": issuer(server), "sub": "user-1", "aud": APP, "exp": now() + 3600, "iat": now(),
           "nonce": nonce, "email": "ada@example.com"})
}

fn form(request: &Request) -> HashMap<String, String> {
    url::form_urlencoded::parse(&request.body).into_owned().collect()
}

async fn provider() -> MockServer {
    let server = MockServer::start().await;
    let iss = issuer(&server);
    let doc = json!({
        "issuer": iss,
        "authorization_endpoint": format!("{iss}/auth"),
        "token_endpoint": format!("{iss}/token"),
        "userinfo_endpoint": format!("{iss}/me"),
        "jwks_uri": format!("{iss}/.well-known/jwks.json"),
        "introspection_endpoint": format!("{iss}/token/introspection"),
        "revocation_endpoint": format!("{iss}/token/revocation"),
        "end_session_endpoint": format!("{iss}/session/end"),
        "response_types_supported": ["code"],
    });
    Mock::given(method("GET"))
        .and(path("/oidc/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(doc))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/oidc/.well-known/jwks.json"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(JWKS, "application/json"))
        .mount(&server)
        .await;
    server
}

async fn client(server: &MockServer, auth: TokenAuthMethod) -> OidcClient {
    OidcClient::builder(issuer(server), APP)
        .client_secret(SECRET)
        .redirect_uri(REDIRECT)
        .auth_method(auth)
        .discover()
        .await
        .unwrap()
}

/// A token endpoint that answers `tokens` when `check` accepts the request's form, else
/// `invalid_grant`.
struct TokenEndpoint<F> {
    check: F,
    tokens: Value,
}

impl<F: Fn(&Request, &HashMap<String, String>) -> bool + Send + Sync> Respond for TokenEndpoint<F> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if (self.check)(request, &form(request)) {
            ResponseTemplate::new(200).set_body_json(&self.tokens)
        } else {
            ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant", "error_description": "refused"}))
        }
    }
}

async fn token_endpoint(
    server: &MockServer,
    tokens: Value,
    check: impl Fn(&Request, &HashMap<String, String>) -> bool + Send + Sync + 'static,
) {
    Mock::given(method("POST"))
        .and(path("/oidc/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(TokenEndpoint { check, tokens })
        .mount(server)
        .await;
}

fn get<'a>(form: &'a HashMap<String, String>, k: &str) -> Option<&'a str> {
    form.get(k).map(String::as_str)
}

#[tokio::test]
async fn discovery_gives_the_endpoints_and_a_wrong_issuer_is_refused() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretPost).await;
    assert_eq!(c.provider().token_endpoint, format!("{}/token", issuer(&server)));
    assert_eq!(c.provider().end_session_endpoint.as_deref(), Some(format!("{}/session/end", issuer(&server)).as_str()));

    let other = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"issuer": "https://elsewhere.example", "authorization_endpoint": "https://e/a", "token_endpoint": "https://e/t"}),
        ))
        .mount(&other)
        .await;
    let err = OidcClient::builder(other.uri(), APP).discover().await.unwrap_err();
    assert!(matches!(err, Error::Config(ref m) if m.contains("elsewhere")), "{err:?}");
}

#[tokio::test]
async fn login_callback_code_to_tokens_to_verified_id_token_and_user_info() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretPost).await;
    let login = c.authorize_url(AuthorizeRequest::new().scope("openid profile offline_access")).unwrap();
    assert!(login.url.starts_with(&format!("{}/auth?", issuer(&server))));
    let nonce = login.nonce.clone().unwrap();

    let id_token = sign(&id_claims(&server, &nonce), "test-key-1");
    let tokens = json!({"access_token": "AT-1", "id_token": id_token, "refresh_token": "RT-1",
                        "token_type": "Bearer", "expires_in": 3600, "scope": "openid profile offline_access"});
    token_endpoint(&server, tokens, |r, f| {
        get(f, "grant_type") == Some("authorization_code")
            && get(f, "code") == Some("the-code")
            && get(f, "redirect_uri") == Some(REDIRECT)
            && get(f, "client_id") == Some(APP)
            && get(f, "client_secret") == Some(SECRET)
            && !f.contains_key("code_verifier")
            && !r.headers.contains_key("authorization")
    })
    .await;
    Mock::given(method("GET"))
        .and(path("/oidc/me"))
        .and(header("authorization", "Bearer AT-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"sub": "user-1", "email": "ada@example.com", "email_verified": true, "name": null, "gender": "U"}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let set = c.exchange_code("the-code", None).await.unwrap();
    assert_eq!(set.access_token(), "AT-1");
    assert_eq!(set.refresh_token(), Some("RT-1"));
    assert_eq!(set.expires_in().map(|d| d.as_secs()), Some(3600));
    assert!(!set.is_expired(std::time::Duration::from_secs(60)));
    let debug = format!("{set:?}");
    assert!(!debug.contains("AT-1") && !debug.contains("RT-1") && !debug.contains(&id_token), "{debug}");

    let claims = c.verify_id_token(set.id_token().unwrap(), Some(&nonce)).await.unwrap();
    assert_eq!(claims.sub.as_deref(), Some("user-1"));
    assert_eq!(claims.extra["email"], "ada@example.com");

    let user = c.user_info(set.access_token()).await.unwrap();
    assert_eq!(user.sub, "user-1");
    assert_eq!(user.email_verified, Some(true));
    assert_eq!(user.name, None);
    assert_eq!(user.extra["gender"], "U");
}

#[tokio::test]
async fn pkce_round_trip_and_a_wrong_verifier_is_refused() {
    let server = provider().await;
    let c = OidcClient::builder(issuer(&server), APP)
        .redirect_uri(REDIRECT)
        .auth_method(TokenAuthMethod::None)
        .discover()
        .await
        .unwrap();
    let pkce = Pkce::generate();
    let login = c.authorize_url(AuthorizeRequest::new().pkce(&pkce)).unwrap();
    let query: HashMap<String, String> = url::Url::parse(&login.url).unwrap().query_pairs().into_owned().collect();
    assert_eq!(get(&query, "code_challenge_method"), Some("S256"));
    let challenge = query["code_challenge"].clone();
    // The provider's side: SHA-256 of the verifier sent with the code must be the challenge.
    token_endpoint(&server, json!({"access_token": "AT-P", "token_type": "Bearer"}), move |r, f| {
        let verifier = get(f, "code_verifier").unwrap_or_default();
        let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
        URL_SAFE_NO_PAD.encode(digest) == challenge
            && get(f, "client_id") == Some(APP)
            && !f.contains_key("client_secret")
            && !r.headers.contains_key("authorization")
    })
    .await;

    let set = c.exchange_code("code", Some(&pkce)).await.unwrap();
    assert_eq!(set.access_token(), "AT-P");
    let err = c.exchange_code("code", Some(&Pkce::generate())).await.unwrap_err();
    assert!(matches!(err, Error::OAuth { status: 400, ref error, .. } if error == "invalid_grant"), "{err:?}");
    let err = c.exchange_code("code", None).await.unwrap_err();
    assert!(matches!(err, Error::OAuth { .. }), "{err:?}");
    // The official SDKs' digest helper and ours agree on the plain method too.
    assert_eq!(pkce.challenge(PkceMethod::Plain), pkce.verifier());
}

#[tokio::test]
async fn client_secret_basic_sends_the_credentials_in_the_header_only() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretBasic).await;
    let expected = format!("Basic {}", STANDARD.encode(format!("{APP}:{SECRET}")));
    token_endpoint(&server, json!({"access_token": "AT-B", "token_type": "Bearer"}), move |r, f| {
        r.headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(expected.as_str())
            && !f.contains_key("client_id")
            && !f.contains_key("client_secret")
    })
    .await;
    assert_eq!(c.exchange_code("code", None).await.unwrap().access_token(), "AT-B");
}

#[tokio::test]
async fn refresh_sends_the_refresh_token_and_keeps_it_when_none_is_returned() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretPost).await;
    token_endpoint(&server, json!({"access_token": "AT-2", "token_type": "Bearer", "expires_in": 60}), |_, f| {
        get(f, "grant_type") == Some("refresh_token")
            && get(f, "refresh_token") == Some("RT-1")
            && get(f, "client_secret") == Some(SECRET)
    })
    .await;
    let set = c.refresh("RT-1").await.unwrap();
    assert_eq!(set.access_token(), "AT-2");
    assert_eq!(set.refresh_token(), Some("RT-1"));
    let err = c.refresh("RT-revoked").await.unwrap_err();
    assert!(matches!(err, Error::OAuth { ref error, .. } if error == "invalid_grant"), "{err:?}");
}

#[tokio::test]
async fn client_credentials_authenticate_with_the_access_key() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretPost).await;
    token_endpoint(&server, json!({"access_token": "AT-M2M", "token_type": "Bearer", "expires_in": 7200}), |_, f| {
        get(f, "grant_type") == Some("client_credentials")
            && get(f, "scope") == Some("read:users")
            && get(f, "client_id") == Some("AK")
            && get(f, "client_secret") == Some("SK")
    })
    .await;
    let set = c.client_credentials("read:users", "AK", "SK").await.unwrap();
    assert_eq!(set.access_token(), "AT-M2M");
    assert_eq!(set.id_token(), None);
}

#[tokio::test]
async fn introspection_reads_active_and_inactive_tokens() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretPost).await;
    struct Introspect;
    impl Respond for Introspect {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let f = form(request);
            if get(&f, "client_secret") != Some(SECRET) {
                return ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"}));
            }
            match get(&f, "token") {
                Some("good") => ResponseTemplate::new(200).set_body_json(json!({
                    "active": true, "sub": "user-1", "client_id": APP, "exp": 1_900_000_000u64,
                    "scope": "openid", "token_type": "Bearer", "jti": "j1"})),
                _ => ResponseTemplate::new(200).set_body_json(json!({"active": false})),
            }
        }
    }
    Mock::given(method("POST")).and(path("/oidc/token/introspection")).respond_with(Introspect).mount(&server).await;
    let good = c.introspect("good").await.unwrap();
    assert!(good.active);
    assert_eq!(good.exp, Some(1_900_000_000));
    assert_eq!(good.sub.as_deref(), Some("user-1"));
    let bad = c.introspect("bad").await.unwrap();
    assert!(!bad.active && bad.sub.is_none());

    let wrong = OidcClient::builder(issuer(&server), APP).client_secret("nope").discover().await.unwrap();
    let err = wrong.introspect("good").await.unwrap_err();
    assert!(matches!(err, Error::OAuth { status: 401, ref error, .. } if error == "invalid_client"), "{err:?}");
}

#[tokio::test]
async fn revocation_posts_the_token_with_the_app_credentials() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretPost).await;
    struct Revoke;
    impl Respond for Revoke {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let f = form(request);
            match (get(&f, "token"), get(&f, "client_id")) {
                (Some("RT-1"), Some(APP)) => ResponseTemplate::new(200),
                _ => ResponseTemplate::new(503).set_body_string("down"),
            }
        }
    }
    Mock::given(method("POST")).and(path("/oidc/token/revocation")).respond_with(Revoke).mount(&server).await;
    c.revoke("RT-1").await.unwrap();
    let err = c.revoke("other").await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, ref body } if body == "down"), "{err:?}");
}

#[tokio::test]
async fn local_verification_rejects_tampered_wrong_audience_expired_and_wrong_nonce() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretPost).await;
    let good = sign(&id_claims(&server, "n-1"), "test-key-1");
    c.verify_id_token(&good, Some("n-1")).await.unwrap();
    c.verify_access_token(&good).await.unwrap();

    // Tampered: the payload changed after signing.
    let parts: Vec<&str> = good.split('.').collect();
    let mut payload = id_claims(&server, "n-1");
    payload["sub"] = json!("someone-else");
    let tampered = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(payload.to_string()), parts[2]);
    let kind = |r: Result<_, Error>| r.unwrap_err().token_error_kind();
    assert_eq!(kind(c.verify_id_token(&tampered, Some("n-1")).await), Some(TokenErrorKind::Signature));

    let mut claims = id_claims(&server, "n-1");
    claims["aud"] = json!("another-app");
    assert_eq!(kind(c.verify_id_token(&sign(&claims, "test-key-1"), None).await), Some(TokenErrorKind::Audience));

    let mut claims = id_claims(&server, "n-1");
    claims["exp"] = json!(now() - 3600);
    assert_eq!(kind(c.verify_id_token(&sign(&claims, "test-key-1"), None).await), Some(TokenErrorKind::Expired));

    let mut claims = id_claims(&server, "n-1");
    claims["iss"] = json!("https://evil.example/oidc");
    assert_eq!(kind(c.verify_access_token(&sign(&claims, "test-key-1")).await), Some(TokenErrorKind::Issuer));

    assert_eq!(kind(c.verify_id_token(&good, Some("n-2")).await), Some(TokenErrorKind::Nonce));
    assert_eq!(
        kind(c.verify_id_token(&sign(&id_claims(&server, "n"), "unknown-kid"), None).await),
        Some(TokenErrorKind::Key)
    );
    assert_eq!(kind(c.verify_id_token("not-a-jwt", None).await), Some(TokenErrorKind::Malformed));
}

#[tokio::test]
async fn hs256_id_tokens_are_verified_with_the_app_secret() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretPost).await;
    let claims = id_claims(&server, "n");
    let hs = |secret: &str| {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(secret.as_bytes()))
            .unwrap()
    };
    c.verify_id_token(&hs(SECRET), Some("n")).await.unwrap();
    let err = c.verify_id_token(&hs("other-secret"), Some("n")).await.unwrap_err();
    assert_eq!(err.token_error_kind(), Some(TokenErrorKind::Signature));
}

#[tokio::test]
async fn the_jwks_is_fetched_once_and_again_when_a_kid_is_unknown() {
    let server = MockServer::start().await;
    let c = OidcClient::builder(server.uri(), APP).client_secret(SECRET).build().unwrap();
    Mock::given(method("GET"))
        .and(path("/oidc/.well-known/jwks.json"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(JWKS, "application/json"))
        .expect(2)
        .mount(&server)
        .await;
    let claims = json!({"iss": format!("{}/oidc", server.uri()), "aud": APP, "exp": now() + 60});
    for _ in 0..3 {
        c.verify_access_token(&sign(&claims, "test-key-1")).await.unwrap();
    }
    let err = c.verify_access_token(&sign(&claims, "rotated")).await.unwrap_err();
    assert_eq!(err.token_error_kind(), Some(TokenErrorKind::Key));
    server.verify().await;
}

#[tokio::test]
async fn logout_urls_use_the_end_session_endpoint_with_an_id_token() {
    let server = provider().await;
    let c = client(&server, TokenAuthMethod::ClientSecretPost).await;
    let url = c.logout_url(LogoutRequest::new().id_token_hint("ID").redirect_uri("https://app/bye")).unwrap();
    assert_eq!(
        url,
        format!("{}/session/end?id_token_hint=ID&post_logout_redirect_uri=https%3A%2F%2Fapp%2Fbye", issuer(&server))
    );
    let url = c.logout_url(LogoutRequest::new().redirect_uri("https://app/bye")).unwrap();
    assert_eq!(url, format!("{}/login/profile/logout?redirect_uri=https%3A%2F%2Fapp%2Fbye", server.uri()));
}

#[tokio::test]
async fn oauth2_apps_use_the_oauth_endpoints() {
    let server = MockServer::start().await;
    let c = OidcClient::builder(server.uri(), APP)
        .client_secret(SECRET)
        .redirect_uri(REDIRECT)
        .protocol(Protocol::OAuth2)
        .build()
        .unwrap();
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "AT-O", "token_type": "Bearer"})))
        .expect(1)
        .mount(&server)
        .await;
    let login = c.authorize_url(AuthorizeRequest::new()).unwrap();
    assert!(login.url.starts_with(&format!("{}/oauth/auth?", server.uri())) && login.url.contains("scope=user"));
    assert_eq!(c.exchange_code("code", None).await.unwrap().access_token(), "AT-O");
}
