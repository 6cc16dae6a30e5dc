//! The login callback of a web app, as a function a test can drive: build the authorize URL
//! (with PKCE, `state` and `nonce`), send the user there, take the callback URL the browser comes
//! back with, check its `state`, exchange the code for tokens, verify the ID token and read the
//! user's profile.

use authing_sdk::oidc::{AuthorizeRequest, Error, OidcClient, Pkce, TokenSet, UserInfo};

/// What a finished login gives the app: the tokens to keep in the user's session, and who the
/// user is.
#[derive(Debug)]
pub struct Login {
    /// The user's tokens (kept by the app; `Debug` shows no token).
    pub tokens: TokenSet,
    /// The user's profile from the user info endpoint.
    pub user: UserInfo,
}

/// Runs one login: `browser` gets the authorize URL and returns the callback URL the provider
/// redirected to (in a web app: the redirect, then the request to the callback route; the
/// `state`, `nonce` and PKCE verifier would be kept in the session in between).
///
/// # Errors
/// [`Error::Config`] when the callback has no code or a `state` that is not ours (a forged
/// callback) or carries the provider's `error`; the client's errors otherwise.
pub async fn login(client: &OidcClient, browser: impl FnOnce(&str) -> String) -> Result<Login, Error> {
    let pkce = Pkce::generate();
    let start =
        client.authorize_url(AuthorizeRequest::new().scope("openid profile email offline_access").pkce(&pkce))?;

    let callback = browser(&start.url);
    let callback = url::Url::parse(&callback).map_err(|e| Error::Config(format!("callback URL: {e}")))?;
    let param = |name: &str| callback.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    if let Some(error) = param("error") {
        return Err(Error::Config(format!("the provider refused the login: {error}")));
    }
    if param("state").as_deref() != Some(start.state.as_str()) {
        return Err(Error::Config("the callback's state is not the one we sent".into()));
    }
    let code = param("code").ok_or_else(|| Error::Config("the callback has no code".into()))?;

    let tokens = client.exchange_code(&code, Some(&pkce)).await?;
    if let Some(id_token) = tokens.id_token() {
        client.verify_id_token(id_token, start.nonce.as_deref()).await?;
    }
    let user = client.user_info(tokens.access_token()).await?;
    Ok(Login { tokens, user })
}
