//! Which endpoints authenticate the application itself, read from the pages' prose.
//!
//! Sign-in and token pages carry a section per "token endpoint authentication method": a heading
//! naming `client_secret_post` (the app id and secret go in the body as `client_id` and
//! `client_secret`) and one naming `client_secret_basic` (they go in an `Authorization: Basic`
//! header). Only headings count: the same words in a table cell or a sample value (an
//! application's settings) say nothing about the endpoint itself. The copies without those
//! sections (text copies fold them away) inherit the fact from the others: it is attached to
//! the merged endpoint through its source pages ([`apply`]).

use crate::blocks::{BlockKind, Doc};
use crate::diag::Loc;
use crate::ir::{Api, ClientAuth, Sourced};
use std::collections::HashMap;
use std::sync::Arc;

/// At most this many locations are kept per fact (as the merge does).
const MAX_LOCATIONS: usize = 8;

/// The methods a page's headings name, each with the heading's location, in page order.
pub fn scan(doc: &Doc) -> Vec<(ClientAuth, Loc)> {
    let mut found = Vec::new();
    for block in &doc.blocks {
        let BlockKind::Heading { text, .. } = &block.kind else { continue };
        let text = text.plain();
        for (word, method) in [
            ("client_secret_post", ClientAuth::ClientSecretPost),
            ("client_secret_basic", ClientAuth::ClientSecretBasic),
        ] {
            if has_word(&text, word) {
                found.push((method, Loc { col: block.col, ..Loc::new(&doc.file, block.line) }.with_span(block.span)));
            }
        }
    }
    found
}

/// `word` as a whole token (not inside `client_secret_post_jwt` or `my_client_secret_post`).
fn has_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(is_word)
            && !text[i + word.len()..].chars().next().is_some_and(is_word)
    })
}

/// Attaches what each page said to the endpoints read from it (`Endpoint::sources`).
pub fn apply(api: &mut Api, by_file: &HashMap<Arc<str>, Vec<(ClientAuth, Loc)>>) {
    if by_file.is_empty() {
        return;
    }
    for endpoint in api.endpoints.values_mut() {
        let mut facts: Vec<Sourced<ClientAuth>> = Vec::new();
        for source in &endpoint.sources {
            for (method, at) in by_file.get(&source.file).into_iter().flatten() {
                match facts.iter_mut().find(|f| f.value == *method) {
                    Some(f) if f.from.len() < MAX_LOCATIONS => f.from.push(at.clone()),
                    Some(_) => {}
                    None => facts.push(Sourced::new(*method, vec![at.clone()])),
                }
            }
        }
        facts.sort_by_key(|f| f.value);
        endpoint.client_auth = facts;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::{Block, Format, Inline};

    fn doc(blocks: Vec<BlockKind>) -> Doc {
        Doc {
            file: Arc::from("p.md"),
            format: Format::Markdown,
            blocks: blocks
                .into_iter()
                .enumerate()
                .map(|(i, kind)| Block { kind, line: i as u32 + 1, col: None, span: None })
                .collect(),
            diags: Vec::new(),
        }
    }

    fn heading(s: &str) -> BlockKind {
        BlockKind::Heading { level: 4, text: Inline::text(s), anchor: None }
    }

    #[test]
    fn headings_name_the_methods() {
        let d = doc(vec![
            heading("When the method is none"),
            heading("When the exchange token authentication method is client_secret_post"),
            BlockKind::Paragraph(Inline::text("client_secret_basic in prose is not a section")),
            heading("换取 token 身份验证方式为 client_secret_basic 时"),
            heading("client_secret_post_jwt is another method"),
        ]);
        let found = scan(&d);
        let got: Vec<(ClientAuth, u32)> = found.iter().map(|(m, at)| (*m, at.line)).collect();
        assert_eq!(got, [(ClientAuth::ClientSecretPost, 2), (ClientAuth::ClientSecretBasic, 4)]);
    }

    #[test]
    fn pages_without_the_sections_say_nothing() {
        let d = doc(vec![heading("Request parameters"), BlockKind::Paragraph(Inline::text("client_secret_post"))]);
        assert!(scan(&d).is_empty());
    }
}
