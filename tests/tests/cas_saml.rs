//! The `cas` and `saml` modules against a local server (wiremock): CAS 1.0 and 2.0 ticket
//! validation (valid, refused, an HTTP error, an answer of another shape), and the login and
//! logout URLs of both protocols.

use authing_sdk::cas::{CasClient, CasValidation};
use authing_sdk::oidc::Error;
use authing_sdk::saml::SamlIdp;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const APP: &str = "app-123";
const SERVICE: &str = "https://app.example.com/cas/cb?from=x";

async fn cas() -> (MockServer, CasClient) {
    let server = MockServer::start().await;
    let client = CasClient::new(&server.uri(), APP).unwrap();
    (server, client)
}

#[tokio::test]
async fn cas_v1_valid_ticket_names_the_user() {
    let (server, cas) = cas().await;
    Mock::given(method("GET"))
        .and(path(format!("/cas-idp/{APP}/validate")))
        .and(query_param("ticket", "ST-1"))
        .and(query_param("service", SERVICE))
        .respond_with(ResponseTemplate::new(200).set_body_string("yes\nada@example.com\n"))
        .expect(1)
        .mount(&server)
        .await;
    let v = cas.validate_v1("ST-1", SERVICE).await.unwrap();
    assert!(v.is_valid());
    let CasValidation::Valid(user) = v else { panic!("{v:?}") };
    assert_eq!(user.user, "ada@example.com");
    assert!(user.attributes.is_empty());
}

#[tokio::test]
async fn cas_v1_refused_ticket_is_a_value_and_garbage_is_an_error() {
    let (server, cas) = cas().await;
    Mock::given(path(format!("/cas-idp/{APP}/validate")))
        .and(query_param("ticket", "ST-used"))
        .respond_with(ResponseTemplate::new(200).set_body_string("no\n\n"))
        .mount(&server)
        .await;
    Mock::given(path(format!("/cas-idp/{APP}/validate")))
        .and(query_param("ticket", "ST-odd"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;
    let refused = cas.validate_v1("ST-used", SERVICE).await.unwrap();
    assert_eq!(refused, CasValidation::Invalid { code: None, description: None });
    let odd = cas.validate_v1("ST-odd", SERVICE).await.unwrap_err();
    assert!(matches!(odd, Error::Http { status: 200, ref body } if body.contains("maintenance")), "{odd:?}");
}

#[tokio::test]
async fn cas_v2_gives_the_user_and_attributes_in_json() {
    let (server, cas) = cas().await;
    Mock::given(method("GET"))
        .and(path(format!("/cas-idp/{APP}/serviceValidate")))
        .and(query_param("ticket", "ST-2"))
        .and(query_param("service", SERVICE))
        .and(query_param("format", "JSON"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "serviceResponse": {"authenticationSuccess": {
                "user": "ada@example.com",
                "attributes": {"sub": "u-1", "email_verified": true, "phone_number": null}
            }}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let CasValidation::Valid(user) = cas.validate_v2("ST-2", SERVICE).await.unwrap() else { panic!("not valid") };
    assert_eq!(user.user, "ada@example.com");
    assert_eq!(user.attributes["sub"], "u-1");
    assert_eq!(user.attributes["email_verified"], true);
}

#[tokio::test]
async fn cas_v2_failure_http_error_and_other_shapes() {
    let (server, cas) = cas().await;
    let validate = || Mock::given(path(format!("/cas-idp/{APP}/serviceValidate")));
    validate()
        .and(query_param("ticket", "ST-bad"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "serviceResponse": {"authenticationFailure": {"code": "INVALID_TICKET", "description": "  Ticket 不合法\n"}}
        })))
        .mount(&server)
        .await;
    validate()
        .and(query_param("ticket", "ST-500"))
        .respond_with(ResponseTemplate::new(502).set_body_string("bad gateway"))
        .mount(&server)
        .await;
    validate()
        .and(query_param("ticket", "ST-shape"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"valid": true})))
        .mount(&server)
        .await;
    assert_eq!(
        cas.validate_v2("ST-bad", SERVICE).await.unwrap(),
        CasValidation::Invalid { code: Some("INVALID_TICKET".into()), description: Some("Ticket 不合法".into()) }
    );
    assert!(matches!(cas.validate_v2("ST-500", SERVICE).await, Err(Error::Http { status: 502, .. })));
    assert!(matches!(cas.validate_v2("ST-shape", SERVICE).await, Err(Error::Decode { .. })));
}

#[tokio::test]
async fn cas_login_and_logout_urls_point_at_the_apps_provider() {
    let (server, cas) = cas().await;
    let login = url::Url::parse(&cas.login_url(SERVICE).unwrap()).unwrap();
    assert_eq!(login.path(), format!("/cas-idp/{APP}/login"));
    assert_eq!(login.query_pairs().collect::<Vec<_>>(), [("service".into(), SERVICE.into())]);
    assert!(login.as_str().starts_with(&server.uri()));
    let logout = url::Url::parse(&cas.logout_url(Some("https://app/"))).unwrap();
    assert_eq!(logout.path(), format!("/cas-idp/{APP}/logout"));
    assert_eq!(logout.query(), Some("service=https%3A%2F%2Fapp%2F"));
    assert!(matches!(cas.login_url("/relative"), Err(Error::Config(_))));
}

#[test]
fn saml_login_and_logout_urls() {
    let idp = SamlIdp::new("https://example.authing.cn/", APP).unwrap();
    assert_eq!(idp.login_url(), format!("https://example.authing.cn/api/v2/saml-idp/{APP}"));
    assert_eq!(
        idp.logout_url(Some("https://app.example.com/")),
        "https://example.authing.cn/login/profile/logout?redirect_uri=https%3A%2F%2Fapp.example.com%2F"
    );
    assert!(matches!(SamlIdp::new("https://example.authing.cn", ""), Err(Error::Config(_))));
}
