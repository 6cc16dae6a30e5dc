//! Every Rust identifier of the generated crate is made here, from names found in the pages.
//!
//! A name is first made valid on its own ([`snake`], [`pascal`], [`type_name`]), then claimed in
//! a [`Scope`] (the fields of one struct, the variants of one enum, the types of the crate, ...)
//! which keeps names distinct. Both steps are stable: they depend only on the set of names, never
//! on the order pages were read. The wire name is kept by the caller (serde `rename`), so renaming
//! never changes what is sent.

use docir::diag::{Code, Diagnostic, Loc};
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;

/// An identifier made from a documented name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    pub ident: String,
    /// Why the identifier is more than a case conversion of the name (for a `NameChanged` note).
    pub changed: Option<&'static str>,
}

/// Strict, reserved and edition-2024 keywords: usable only as raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers; they get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// A `snake_case` identifier (fields, methods, modules). `fallback` names an empty name.
pub fn snake(raw: &str, fallback: &str) -> Made {
    let (words, mut changed) = ascii_words(raw);
    let mut ident = words.to_snake_case();
    if ident.is_empty() {
        ident = fallback.to_snake_case();
        changed = Some("the name has no letters or digits");
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'n');
        changed = Some("a name cannot start with a digit");
    }
    keyword(ident, changed)
}

/// A `PascalCase` identifier (enum variants). `fallback` names an empty name.
pub fn pascal(raw: &str, fallback: &str) -> Made {
    let (words, mut changed) = ascii_words(raw);
    let mut ident = words.to_upper_camel_case();
    if ident.is_empty() {
        ident = fallback.to_upper_camel_case();
        changed = Some("the name has no letters or digits");
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'N');
        changed = Some("a name cannot start with a digit");
    }
    keyword(ident, changed)
}

/// An enum variant for a wire value. Numbers read as numbers: `"1"` → `V1`, `"-1"` → `Minus1`,
/// `"+1"` → `Plus1`, `"0.5"` → `V0_5`; other values are [`pascal`] (a leading digit gets `V`).
pub fn variant(raw: &str) -> Made {
    let t = raw.trim();
    let (sign, digits) = match t.as_bytes().first() {
        Some(b'-') => ("Minus", &t[1..]),
        Some(b'+') => ("Plus", &t[1..]),
        _ => ("V", t),
    };
    let numeric = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit())
        && digits.matches('.').count() <= 1;
    if numeric {
        // Only spaces around the number were dropped: the name says the value.
        let changed = (t != raw).then_some("spaces around the value are not part of the name");
        return Made { ident: format!("{sign}{}", digits.replace('.', "_")), changed };
    }
    let mut made = pascal(raw, "Empty");
    if let Some(rest) = made.ident.strip_prefix('N').filter(|r| r.starts_with(|c: char| c.is_ascii_digit())) {
        made.ident = format!("V{rest}");
    }
    made
}

/// A type name. Documented type names are already `PascalCase` (`OIDCTokenResponse`); they are kept
/// as they are, so a maintainer finds the type under the name the docs use. Other names (all
/// capitals, underscores, non-ASCII) are converted.
pub fn type_name(raw: &str) -> Made {
    let usable = raw.starts_with(|c: char| c.is_ascii_uppercase())
        && raw.chars().all(|c| c.is_ascii_alphanumeric())
        && raw.chars().any(|c| c.is_ascii_lowercase());
    if usable { keyword(raw.to_string(), None) } else { pascal(raw, "Unnamed") }
}

/// Replaces what cannot be part of an identifier: ASCII punctuation and spaces separate words,
/// other characters become `u<hex>` words (stable and distinct, unlike dropping them).
fn ascii_words(raw: &str) -> (String, Option<&'static str>) {
    let mut out = String::with_capacity(raw.len());
    let mut changed = None;
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            // `_`, `-` and spaces are word separators that case conversion handles by itself.
            if !matches!(c, '_' | '-' | ' ') {
                changed = Some("punctuation is not allowed in identifiers");
            }
            out.push(' ');
        } else {
            changed = Some("non-ASCII characters are spelled as code points");
            out.push_str(&format!(" u{:x} ", c as u32));
        }
    }
    (out, changed)
}

fn keyword(ident: String, changed: Option<&'static str>) -> Made {
    if NOT_RAW.contains(&ident.as_str()) {
        return Made { ident: format!("{ident}_"), changed: Some("a keyword that cannot be a raw identifier") };
    }
    if KEYWORDS.contains(&ident.as_str()) {
        return Made { ident: format!("r#{ident}"), changed };
    }
    Made { ident, changed }
}

/// The identifier without its `r#` prefix: the name serde derives the wire name from.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Whether `s` is a Rust identifier (raw allowed); the `ident` filter checks template data with it.
pub fn is_ident(s: &str) -> bool {
    let bare = unraw(s);
    let mut chars = bare.chars();
    let head_ok = matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic());
    head_ok
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && bare != "_"
        && (s.starts_with("r#") || !KEYWORDS.contains(&bare))
        && !NOT_RAW.contains(&bare)
}

/// One name to claim in a scope: the documented name, the identifier made from it, and where it
/// was documented (for diagnostics).
pub struct Claim<'a> {
    pub raw: &'a str,
    pub made: Made,
    pub at: Loc,
}

/// A namespace in the generated code (the fields of one struct, the types of the crate, ...).
pub struct Scope {
    what: String,
    /// Identifier to the documented name that holds it (empty for reserved identifiers).
    taken: BTreeMap<String, String>,
}

impl Scope {
    /// `what` names the scope in diagnostics (`fields of WidgetDto`).
    pub fn new(what: impl Into<String>) -> Self {
        Scope { what: what.into(), taken: BTreeMap::new() }
    }

    /// What the scope names, as given to [`Scope::new`].
    pub fn what(&self) -> &str {
        &self.what
    }

    /// Identifiers the generated code uses itself in this scope (`Unknown`, `builder`, `String`).
    pub fn reserve(mut self, idents: &[&str]) -> Self {
        for i in idents {
            self.taken.insert((*i).to_string(), String::new());
        }
        self
    }

    /// Gives each claim a distinct identifier, in the claims' order. Who keeps the plain
    /// identifier when several want it does not depend on that order: the name that needed no
    /// change wins, then the name whose spelling already is the identifier, then the smallest name.
    pub fn claim_all(&mut self, claims: Vec<Claim<'_>>, diags: &mut Vec<Diagnostic>) -> Vec<String> {
        let mut order: Vec<usize> = (0..claims.len()).collect();
        order.sort_by_key(|&i| {
            let c = &claims[i];
            (c.made.changed.is_some(), unraw(&c.made.ident) != c.raw, c.raw, i)
        });
        let mut out = vec![String::new(); claims.len()];
        for i in order {
            out[i] = self.claim_one(&claims[i], diags);
        }
        out
    }

    fn claim_one(&mut self, c: &Claim<'_>, diags: &mut Vec<Diagnostic>) -> String {
        if let Some(why) = c.made.changed {
            diags.push(Diagnostic::note(
                Code::NameChanged,
                c.at.clone(),
                format!("`{}` is named `{}` in {}: {why}", c.raw, c.made.ident, self.what),
            ));
        }
        let base = c.made.ident.clone();
        let mut ident = base.clone();
        let mut n = 2;
        while self.taken.contains_key(unraw(&ident)) {
            ident = suffixed(&base, n);
            n += 1;
        }
        if ident != base {
            let holder = match self.taken.get(unraw(&base)).map(String::as_str) {
                Some("") | None => "the generated code".to_string(),
                Some(h) => format!("`{h}`"),
            };
            diags.push(Diagnostic::warning(
                Code::NameCollision,
                c.at.clone(),
                format!(
                    "`{}` and {holder} both become `{base}` in {}; `{}` is named `{ident}`",
                    c.raw, self.what, c.raw
                ),
            ));
        }
        self.taken.insert(unraw(&ident).to_string(), c.raw.to_string());
        ident
    }
}

/// `user_id` → `user_id_2`, `UserId` → `UserId2`, `r#type` → `type_2`, `self_` → `self_2`.
fn suffixed(base: &str, n: u32) -> String {
    let bare = unraw(base).trim_end_matches('_');
    if bare.starts_with(|c: char| c.is_ascii_uppercase()) { format!("{bare}{n}") } else { format!("{bare}_{n}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn at() -> Loc {
        Loc::new(&Arc::from("t.md"), 1)
    }

    #[test]
    fn cases_and_keywords() {
        assert_eq!(snake("phoneCountryCode", "f").ident, "phone_country_code");
        assert_eq!(snake("type", "f").ident, "r#type");
        assert_eq!(snake("self", "f").ident, "self_");
        assert_eq!(snake("Self", "f").ident, "self_");
        assert_eq!(pascal("self", "v").ident, "Self_");
        assert_eq!(snake("crate", "f").ident, "crate_");
        assert_eq!(snake("super", "f").ident, "super_");
        assert_eq!(snake("gen", "f").ident, "r#gen");
        assert_eq!(pascal("EMAIL_PASSCODE", "v").ident, "EmailPasscode");
        assert_eq!(pascal("zh-CN", "v").ident, "ZhCn");
        assert_eq!(pascal("code id_token", "v").ident, "CodeIdToken");
        assert_eq!(type_name("OIDCTokenResponse").ident, "OIDCTokenResponse");
        assert_eq!(type_name("HTTP").ident, "Http");
        assert_eq!(type_name("user_dto").ident, "UserDto");
    }

    #[test]
    fn numeric_variants_read_as_numbers() {
        let v = |raw: &str| variant(raw).ident;
        assert_eq!(v("1"), "V1");
        assert_eq!(v("-1"), "Minus1");
        assert_eq!(v("+1"), "Plus1");
        assert_eq!(v("0.5"), "V0_5");
        assert_eq!(v("2fa"), "V2fa");
        assert_eq!(v("EMAIL_PASSCODE"), "EmailPasscode");
        assert_eq!(v("-"), "Empty");
        assert!(variant("1").changed.is_none());
        for raw in ["1", "-1", "+1", "1.5", "1.", ".5", "--1", "1e5", "-x"] {
            assert!(is_ident(&variant(raw).ident), "{raw:?}");
        }
        assert_ne!(v("1"), v("-1"));
    }

    #[test]
    fn hostile_names_become_valid_and_stable() {
        for raw in ["2fa", "a-b", "a.b", "$ref", "@type", "名称", "", "   ", "_", "r#x", "\u{202e}x", "*/"] {
            for m in [snake(raw, "field"), pascal(raw, "value"), type_name(raw)] {
                assert!(is_ident(&m.ident), "{raw:?} -> {:?}", m.ident);
            }
        }
        assert_eq!(snake("2fa", "f").ident, "n2fa");
        assert_eq!(pascal("2fa", "v").ident, "N2fa");
        assert_eq!(snake("名称", "f").ident, "u540d_u79f0");
        assert_eq!(snake("", "field").ident, "field");
        assert!(snake("$ref", "f").changed.is_some());
        assert_ne!(snake("名", "f").ident, snake("称", "f").ident);
    }

    #[test]
    fn collisions_get_distinct_stable_names() {
        let names = ["userId", "user_id", "UserID"];
        let run = |order: &[&str]| {
            let mut scope = Scope::new("fields of X");
            let mut diags = Vec::new();
            let claims = order.iter().map(|r| Claim { raw: r, made: snake(r, "f"), at: at() }).collect();
            let idents = scope.claim_all(claims, &mut diags);
            assert_eq!(diags.iter().filter(|d| d.code == Code::NameCollision).count(), 2);
            order.iter().map(|s| s.to_string()).zip(idents).collect::<BTreeMap<_, _>>()
        };
        let a = run(&names);
        let b = run(&["UserID", "user_id", "userId"]);
        assert_eq!(a, b);
        assert_eq!(a["user_id"], "user_id");
        let mut all: Vec<_> = a.values().collect();
        all.dedup();
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn reserved_identifiers_are_avoided() {
        let mut scope = Scope::new("variants of E").reserve(&["Unknown"]);
        let mut diags = Vec::new();
        let ids = scope.claim_all(vec![Claim { raw: "UNKNOWN", made: pascal("UNKNOWN", "v"), at: at() }], &mut diags);
        assert_eq!(ids, ["Unknown2"]);
        let mut scope = Scope::new("fields").reserve(&["type"]);
        let ids = scope.claim_all(vec![Claim { raw: "type", made: snake("type", "f"), at: at() }], &mut diags);
        assert_eq!(ids, ["type_2"]);
    }
}
