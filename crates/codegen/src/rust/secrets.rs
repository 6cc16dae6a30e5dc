//! Which documented fields hold secrets, so that the models' `Debug` prints them redacted.
//!
//! The rule, from the field's name and description (no field is known by name), for fields
//! holding text (a string, a list of strings, any JSON):
//! - the name's last word (camelCase, snake_case or kebab-case split by `heck`) is a secret
//!   noun: `password`, `passwd`, `pwd`, `secret`, `token`, `passcode`, `credential(s)`,
//!   `cookie`; or its last two words are `private key`, `secret key` or `api key`
//!   (`accessToken`, `client_secret`, `newPassword`, `privateKey`; not `tokenType`,
//!   `passwordEncryptType` or `accessKeyId`);
//! - or the description's first clause ends with a secret noun: `密码`, `密钥`, `令牌`,
//!   `password`, `secret`, `secret key`, `token` (`用户密码，...`, "Application secret key.";
//!   not `密码加密类型`).
//!
//! Redacting a field that is not secret only hides a value from `Debug`; missing a secret leaks
//! it into logs, so the rule leans towards redacting.

use docir::ir::{Localized, Type};
use heck::ToSnakeCase;

const SECRET_WORDS: &[&str] =
    &["password", "passwd", "pwd", "secret", "token", "passcode", "credential", "credentials", "cookie"];
const SECRET_PAIRS: &[(&str, &str)] = &[("private", "key"), ("secret", "key"), ("api", "key")];
const SECRET_NOUNS: &[&str] = &["密码", "密钥", "令牌", "password", "secret", "secret key", "token"];

/// Whether a field named `wire`, of type `ty`, described by `description`, holds a secret (see
/// the module docs).
pub fn is_secret(wire: &str, ty: &Type, description: &Localized) -> bool {
    let text = match ty {
        Type::Array { items } => matches!(**items, Type::String | Type::Any),
        t => matches!(t, Type::String | Type::Any),
    };
    if !text {
        return false;
    }
    let snake = wire.to_snake_case();
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    let by_name = match words.as_slice() {
        [.., last] if SECRET_WORDS.contains(last) => true,
        [.., a, b] => SECRET_PAIRS.contains(&(a, b)),
        _ => false,
    };
    by_name || [&description.en, &description.zh].into_iter().flatten().any(|d| names_a_secret(&d.value))
}

/// The text's first clause ends with a secret noun.
fn names_a_secret(text: &str) -> bool {
    let first = text.split(['.', '。', ',', '，', ';', '；', ':', '：', '(', '（', '\n']).next().unwrap_or("");
    let first = first.trim().to_lowercase();
    SECRET_NOUNS.iter().any(|n| {
        first.strip_suffix(n).is_some_and(|before| {
            // A whole word in English ("token", not "tokens" or "nontoken").
            n.is_ascii() && (before.is_empty() || before.ends_with(' ')) || !n.is_ascii()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use docir::ir::Sourced;

    fn described(en: Option<&str>, zh: Option<&str>) -> Localized {
        Localized {
            en: en.map(|s| Sourced::new(s.to_string(), vec![])),
            zh: zh.map(|s| Sourced::new(s.to_string(), vec![])),
        }
    }

    #[test]
    fn names_decide() {
        let none = Localized::default();
        for secret in
            ["password", "newPassword", "access_token", "idToken", "client_secret", "accessKeySecret", "privateKey"]
        {
            assert!(is_secret(secret, &Type::String, &none), "{secret}");
        }
        for plain in
            ["tokenType", "passwordEncryptType", "accessKeyId", "expires_in", "username", "tokens_count", "key"]
        {
            assert!(!is_secret(plain, &Type::String, &none), "{plain}");
        }
    }

    #[test]
    fn descriptions_decide() {
        let text = |d: Localized| is_secret("x", &Type::String, &d);
        assert!(text(described(None, Some("用户密码，默认不加密"))));
        assert!(text(described(Some("Application secret key. Required with ..."), None)));
        assert!(text(described(Some("The refresh token"), None)));
        assert!(!text(described(None, Some("密码加密类型"))));
        assert!(!text(described(Some("Number of tokens"), None)));
        assert!(!text(described(None, Some("是否返回令牌信息"))));
        // Only text can be a secret.
        assert!(!is_secret("returnToken", &Type::Boolean, &described(Some("Whether to return the token"), None)));
        assert!(is_secret("tokens", &Type::array(Type::String), &described(Some("Refresh token"), None)));
    }
}
