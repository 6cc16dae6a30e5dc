//! Logs a user in to an Authing app from the terminal.
//!
//! ```text
//! AUTHING_APP_HOST=https://example.authing.cn AUTHING_APP_ID=... AUTHING_APP_SECRET=... \
//! AUTHING_REDIRECT_URI=http://localhost:3000/callback cargo run -p oidc-login
//! ```
//!
//! Open the printed URL, log in, then paste the URL your browser was redirected to.

use authing_sdk::oidc::OidcClient;
use std::io::BufRead;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("set {name} (see the top of examples/oidc-login/src/main.rs)");
        std::process::exit(2)
    })
}

#[tokio::main]
async fn main() {
    let client =
        OidcClient::builder(format!("{}/oidc", env("AUTHING_APP_HOST").trim_end_matches('/')), env("AUTHING_APP_ID"))
            .client_secret(env("AUTHING_APP_SECRET"))
            .redirect_uri(env("AUTHING_REDIRECT_URI"))
            .discover()
            .await;
    let client = match client {
        Ok(c) => c,
        Err(e) => {
            eprintln!("discovery failed: {e}");
            std::process::exit(1)
        }
    };
    let result = oidc_login::login(&client, |url| {
        println!("Open this URL and log in:\n\n{url}\n\nThen paste the URL you were redirected to:");
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        line.trim().to_string()
    })
    .await;
    match result {
        Ok(login) => {
            println!("Logged in as {} ({:?})", login.user.sub, login.user.email);
            println!("Tokens (redacted): {:?}", login.tokens);
        }
        Err(e) => {
            eprintln!("login failed: {e}");
            std::process::exit(1)
        }
    }
}
