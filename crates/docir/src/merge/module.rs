//! The module (client) of a group of copies, decided from each copy's evidence (sample code,
//! method line, folder); copies left over from another module upstream are set aside as stale.

use super::group::{PageFacts, client_module};
use super::vote::{Tally, Votes};
use crate::diag::{Code, Diagnostic, Loc};
use heck::ToPascalCase;

/// The module of a group: each page votes for what its own evidence says (ties go to the
/// module with more sample-code evidence, then the first by name). Returns the votes too,
/// each vote's evidence saying whether the page's sample code agrees.
pub(super) fn decide_module(facts: &[PageFacts], members: &[usize]) -> (String, Votes<String, bool>) {
    let mut votes: Votes<String, bool> = Votes::new();
    for &i in members {
        if let Some(m) = facts[i].module() {
            votes.add(m.to_owned(), 1, facts[i].sample_module.as_deref() == Some(m));
        }
    }
    let from_samples = |t: &Tally<bool>| t.evidence.iter().filter(|b| **b).count();
    let module = votes
        .best_by(|a, b| a.weight.cmp(&b.weight).then_with(|| from_samples(a).cmp(&from_samples(b))))
        .map(|(m, _)| m.clone())
        .or_else(|| members.iter().find_map(|&i| facts[i].path_module.clone()))
        .unwrap_or_else(|| "default".to_owned());
    (module, votes)
}

/// A group's module and client, and which of its copies are current.
pub(super) struct Decided {
    pub module: String,
    /// The client class as the copies spell it for the module (`AuthenticationClient`).
    pub client: String,
    /// Copies whose facts are used, ascending.
    pub current: Vec<usize>,
    /// Copies left over from another module upstream; reported, not used.
    pub stale: Vec<usize>,
    /// How many copies voted for each module.
    pub votes: Votes<String, bool>,
}

/// Decides the module and client of a group and sets stale copies aside: a copy is stale when
/// its method line names another module but its own sample code, or the copies in the module's
/// own folder, say otherwise.
pub(super) fn decide(facts: &[PageFacts], members: &[usize]) -> Decided {
    let (module, votes) = decide_module(facts, members);
    let module_has_own_folder = members.iter().any(|&i| facts[i].path_module.as_deref() == Some(&module));
    let (mut current, mut stale) = (Vec::new(), Vec::new());
    for &i in members {
        let f = &facts[i];
        let line_other = f.line_module.as_deref().is_some_and(|m| m != module);
        let self_contradicts = line_other && f.sample_module.as_deref() == Some(&module);
        let copied_elsewhere =
            line_other && module_has_own_folder && f.path_module.as_deref().is_some_and(|m| m != module);
        if self_contradicts || copied_elsewhere {
            stale.push(i);
        } else {
            current.push(i);
        }
    }
    if current.is_empty() {
        current = std::mem::take(&mut stale);
    }

    // Client name: as the method lines spell it for this module.
    let mut client_votes: Votes<&str> = Votes::new();
    for &i in &current {
        for (c, _) in facts[i].p.client.iter().chain(facts[i].p.sample_clients.iter()) {
            if client_module(c).as_deref() == Some(&module) {
                client_votes.vote(c.as_str(), 1);
            }
        }
    }
    let client = client_votes
        .best()
        .map(|(c, _)| (*c).to_owned())
        .unwrap_or_else(|| format!("{}Client", module.to_pascal_case()));
    Decided { module, client, current, stale, votes }
}

impl Decided {
    /// Reports stale copies and copies whose folder or method line name another client.
    /// `key` is the endpoint key the group merges into.
    pub fn report(&self, facts: &[PageFacts], key: &str, diags: &mut Vec<Diagnostic>) {
        let Decided { module, client, current, stale, votes } = self;
        let winner_at: Loc = current
            .iter()
            .find(|&&i| facts[i].line_module.as_deref() == Some(module))
            .map(|&i| facts[i].p.client.as_ref().map_or_else(|| facts[i].p.at.clone(), |c| c.1.clone()))
            .unwrap_or_else(|| facts[current[0]].p.at.clone());
        for &i in stale {
            let f = &facts[i];
            let at = f.p.client.as_ref().map_or_else(|| f.p.at.clone(), |c| c.1.clone());
            let because = if f.sample_module.as_deref() == Some(module) {
                let sample_at =
                    f.p.sample_clients
                        .iter()
                        .find(|(c, _)| client_module(c).as_deref() == Some(module))
                        .map(|(_, l)| l.clone());
                format!(
                    "its own sample code builds a {client}{}",
                    sample_at.map(|l| format!(" (line {})", l.line)).unwrap_or_default()
                )
            } else {
                format!("the copies in the `{module}` folder say {client}")
            };
            diags.push(
                Diagnostic::warning(
                    Code::StaleCopy,
                    at,
                    format!(
                        "stale copy: the method line says {}.{} but {because}; merged into `{key}` and not emitted as a second endpoint",
                        f.p.client.as_ref().map_or("?", |c| c.0.as_str()),
                        f.name.as_deref().unwrap_or("?"),
                    ),
                )
                .related(winner_at.clone(), format!("current copy ({client})")),
            );
        }
        // No vote and no folder: the module is the fallback, a client no page names.
        if votes.iter().next().is_none() && current.iter().chain(stale).all(|&i| facts[i].path_module.is_none()) {
            let f = &facts[current[0]];
            diags.push(Diagnostic::warning(
                Code::ClientInvented,
                f.p.at.clone(),
                format!(
                    "no method line, sample code or folder names the client of `{key}`; it is put in an invented \
                     `{module}` module ({client}): add a method-name section (`ManagementClient.x`) or settle the \
                     client in codegen.toml"
                ),
            ));
        }
        let agreeing = votes.get(module.as_str()).map_or(0, |t| t.weight);
        for &i in current {
            let f = &facts[i];
            if let Some(pm) = f.path_module.as_deref().filter(|pm| pm != module && f.line_module.is_none()) {
                diags.push(
                    Diagnostic::note(
                        Code::ClientConflict,
                        f.p.at.clone(),
                        format!(
                            "this page sits in the `{pm}` folder but the evidence says {client} (`{module}`); using {client}"
                        ),
                    )
                    .related(winner_at.clone(), format!("says {client}")),
                );
            }
            if let (Some(lm), Some((c, at))) = (&f.line_module, &f.p.client) {
                if lm != module {
                    // Name every copy the count counts, not only the winner.
                    let others: Vec<Loc> = current
                        .iter()
                        .filter(|&&j| facts[j].line_module.as_deref() == Some(module.as_str()))
                        .filter_map(|&j| facts[j].p.client.as_ref().map(|c| c.1.clone()))
                        .collect();
                    let mut d = Diagnostic::warning(
                        Code::ClientConflict,
                        at.clone(),
                        format!(
                            "client conflict: this copy says {c}.{} but {agreeing} other cop{} say {client}; using {client}",
                            f.name.as_deref().unwrap_or("?"),
                            if agreeing == 1 { "y" } else { "ies" },
                        ),
                    );
                    if others.is_empty() {
                        d = d.related(winner_at.clone(), format!("says {client}"));
                    }
                    for l in others {
                        d = d.related(l, format!("says {client}"));
                    }
                    diags.push(d);
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::super::group::page_facts;
    use super::super::testing::page;
    use super::*;
    use crate::lower::PageEndpoint;

    /// A page: (path, method line client, sample client).
    type Copy<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

    fn decided(copies: &[Copy]) -> (Vec<PageEndpoint>, Decided) {
        let pages: Vec<PageEndpoint> = copies
            .iter()
            .map(|(path, line, sample)| {
                let mut p = page(path, *line, Some("getUser"));
                p.sample_clients = sample.iter().map(|c| (c.to_string(), p.at.clone())).collect();
                p
            })
            .collect();
        let facts = page_facts(&pages, &mut Vec::new());
        let members: Vec<usize> = (0..facts.len()).collect();
        let d = decide(&facts, &members);
        (pages, d)
    }

    #[test]
    fn module_client_and_stale_copies() {
        let (a, m) = (Some("AuthenticationClient"), Some("ManagementClient"));
        // (copies, module, client, indices of stale copies, in file order)
        let cases: &[(&[Copy], &str, &str, &[usize])] = &[
            (&[("authentication/get-user.md", a, None)], "authentication", "AuthenticationClient", &[]),
            // The majority wins; the minority is a conflict, not stale (no folder or sample says so).
            (
                &[("x/get-user.md", a, None), ("y/get-user.md", a, None), ("z/get-user.md", m, None)],
                "authentication",
                "AuthenticationClient",
                &[],
            ),
            // A copy whose own sample code contradicts its method line is stale.
            (&[("x/get-user.md", m, a), ("y/get-user.md", a, None)], "authentication", "AuthenticationClient", &[0]),
            // A copy in another module's folder, its line naming that module, is stale when
            // the module has its own folder.
            (
                &[
                    ("authentication/get-user.md", a, None),
                    ("b/authentication/get-user.md", a, None),
                    ("management/get-user.md", m, None),
                ],
                "authentication",
                "AuthenticationClient",
                &[2],
            ),
            // A tie between modules goes to the one with sample-code evidence.
            (&[("x/get-user.md", m, None), ("y/get-user.md", None, a)], "authentication", "AuthenticationClient", &[]),
            // No evidence at all.
            (&[("x/get-user.md", None, None)], "default", "DefaultClient", &[]),
        ];
        for (copies, module, client, stale) in cases {
            let (_, d) = decided(copies);
            assert_eq!(
                (d.module.as_str(), d.client.as_str(), d.stale.as_slice()),
                (*module, *client, *stale),
                "{copies:?}"
            );
            assert_eq!(d.current.len() + d.stale.len(), copies.len());
        }
    }

    #[test]
    fn reports_stale_copies_and_conflicts() {
        let (a, m) = (Some("AuthenticationClient"), Some("ManagementClient"));
        let pages = [("x/get-user.md", m, a), ("y/get-user.md", a, None), ("z/get-user.md", m, None)];
        let (pages, d) = decided(&pages);
        let facts = page_facts(&pages, &mut Vec::new());
        let mut diags = Vec::new();
        d.report(&facts, "authentication/get-user", &mut diags);
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::StaleCopy, Code::ClientConflict]);
        assert!(diags[0].message.contains("its own sample code builds a AuthenticationClient"), "{}", diags[0].message);
        assert!(diags[1].message.contains("2 other copies say"), "{}", diags[1].message);
    }
}
