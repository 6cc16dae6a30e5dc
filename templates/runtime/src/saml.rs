//! Logging users in with SAML 2.0 at an app's identity provider: the URL that starts the login
//! (the provider's SAML endpoint, which the service provider's configuration points to) and the
//! front-channel logout URL.
//!
//! Written by hand once and copied into every generated SDK, like [`oidc`](crate::oidc); each
//! `// sdk-operation: <names>` line names the documented operations the next item implements
//! (see the `oidc` module). Reading SAML assertions is the service provider's library's job
//! (the assertion goes to its assertion consumer service, not to this SDK).
//!
//! ```
//! use sdk_runtime::saml::SamlIdp;
//! let idp = SamlIdp::new("https://example.authing.cn", "APP_ID")?;
//! assert_eq!(idp.login_url(), "https://example.authing.cn/api/v2/saml-idp/APP_ID");
//! let logout = idp.logout_url(Some("https://app.example.com/"));
//! # Ok::<(), sdk_runtime::oidc::Error>(())
//! ```

use crate::oidc::Error;
use url::Url;

/// The SAML 2.0 identity provider of one app (`{app host}/api/v2/saml-idp/{app id}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SamlIdp {
    host: Url,
    login: Url,
}

impl SamlIdp {
    /// The provider of the app `app_id` at `app_host` (`https://example.authing.cn`; a host
    /// without a scheme gets `https://`).
    ///
    /// # Errors
    /// [`Error::Config`] when `app_host` is not a URL or `app_id` is empty.
    pub fn new(app_host: &str, app_id: &str) -> Result<Self, Error> {
        let host = app_host.trim();
        let with_scheme = if host.contains("://") { host.to_string() } else { format!("https://{host}") };
        let mut base = Url::parse(&with_scheme).map_err(|e| Error::Config(format!("`{host}` is not a URL: {e}")))?;
        base.set_query(None);
        base.set_fragment(None);
        if app_id.is_empty() {
            return Err(Error::Config("a SAML identity provider needs the app id".into()));
        }
        let mut login = base.clone();
        // Each segment is pushed as data: an app id cannot add path segments or a query.
        login
            .path_segments_mut()
            .map_err(|()| Error::Config(format!("`{host}` cannot hold a path")))?
            .pop_if_empty()
            .extend(["api", "v2", "saml-idp", app_id]);
        Ok(SamlIdp { host: base, login })
    }

    /// The URL that starts a SAML 2.0 login at the provider (IdP-initiated):
    /// `{app host}/api/v2/saml-idp/{app id}`.
    // sdk-operation: saml/build_authorize_url build_authorize_url_by_saml
    pub fn login_url(&self) -> String {
        self.login.to_string()
    }

    /// The URL that ends the user's session at the provider: `{app host}/login/profile/logout`,
    /// with `?redirect_uri=` to come back to when given.
    // sdk-operation: saml/build_logout_url
    pub fn logout_url(&self, redirect_uri: Option<&str>) -> String {
        let mut url = self.host.clone();
        url.set_path("/login/profile/logout");
        if let Some(r) = redirect_uri {
            url.query_pairs_mut().append_pair("redirect_uri", r);
        }
        url.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let idp = SamlIdp::new("example.authing.cn/", "app-1").unwrap();
        assert_eq!(idp.login_url(), "https://example.authing.cn/api/v2/saml-idp/app-1");
        assert_eq!(idp.logout_url(None), "https://example.authing.cn/login/profile/logout");
        assert_eq!(
            idp.logout_url(Some("https://app/?a=1")),
            "https://example.authing.cn/login/profile/logout?redirect_uri=https%3A%2F%2Fapp%2F%3Fa%3D1"
        );
        assert!(SamlIdp::new("https://example.authing.cn", "").is_err());
        assert_eq!(
            SamlIdp::new("https://example.authing.cn", "a/b").unwrap().login_url(),
            "https://example.authing.cn/api/v2/saml-idp/a%2Fb"
        );
    }
}
