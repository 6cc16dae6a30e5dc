//! Votes: every copy of a fact votes for the value it shows, with a weight (structured formats
//! weigh more); the heaviest value wins, ties going to the smallest value, so the choice never
//! depends on the order pages were read.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One value's share of a vote: its total weight, and what each vote for it brought (a
/// location, say), in the order the votes came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tally<E> {
    pub weight: usize,
    pub evidence: Vec<E>,
}

/// Weighted votes for values of type `K`, each vote carrying evidence `E`.
#[derive(Clone, Debug)]
pub(super) struct Votes<K, E = ()> {
    tallies: BTreeMap<K, Tally<E>>,
}

impl<K: Ord, E> Default for Votes<K, E> {
    fn default() -> Self {
        Votes { tallies: BTreeMap::new() }
    }
}

impl<K: Ord, E> Votes<K, E> {
    pub fn new() -> Self {
        Self::default()
    }

    /// One vote of `weight` for `key`, with what it brought.
    pub fn add(&mut self, key: K, weight: usize, evidence: E) {
        let t = self.tallies.entry(key).or_insert_with(|| Tally { weight: 0, evidence: Vec::new() });
        t.weight += weight;
        t.evidence.push(evidence);
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&Tally<E>>
    where
        K: Borrow<Q>,
    {
        self.tallies.get(key)
    }

    /// Every value voted for, smallest first.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &Tally<E>)> {
        self.tallies.iter()
    }

    /// The value with the most weight; ties go to the smallest value.
    pub fn best(&self) -> Option<(&K, &Tally<E>)> {
        self.best_by(|a, b| a.weight.cmp(&b.weight))
    }

    /// The value whose tally ranks highest by `rank`; ties go to the smallest value.
    pub fn best_by(&self, rank: impl Fn(&Tally<E>, &Tally<E>) -> Ordering) -> Option<(&K, &Tally<E>)> {
        self.tallies.iter().max_by(|a, b| rank(a.1, b.1).then_with(|| b.0.cmp(a.0)))
    }

    /// [`Votes::best`], taking the value and its tally out.
    pub fn into_best(self) -> Option<(K, Tally<E>)> {
        self.tallies.into_iter().max_by(|a, b| a.1.weight.cmp(&b.1.weight).then_with(|| b.0.cmp(&a.0)))
    }

    /// Every value, best first: most weight first, ties ordered by `tie` on the values.
    pub fn ranked_by(&self, tie: impl Fn(&K, &K) -> Ordering) -> Vec<(&K, &Tally<E>)> {
        let mut all: Vec<(&K, &Tally<E>)> = self.tallies.iter().collect();
        all.sort_by(|a, b| b.1.weight.cmp(&a.1.weight).then_with(|| tie(a.0, b.0)));
        all
    }
}

impl<K: Ord> Votes<K> {
    /// One vote of `weight` for `key`, with no evidence.
    pub fn vote(&mut self, key: K, weight: usize) {
        self.add(key, weight, ());
    }
}

impl<K: Ord> FromIterator<K> for Votes<K> {
    /// One vote of weight 1 per item.
    fn from_iter<I: IntoIterator<Item = K>>(iter: I) -> Self {
        let mut v = Votes::new();
        for k in iter {
            v.vote(k, 1);
        }
        v
    }
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // tables of cases
mod tests {
    use super::*;

    #[test]
    fn best_is_heaviest_then_smallest() {
        let cases: &[(&[(&str, usize)], Option<&str>)] = &[
            (&[], None),
            (&[("b", 1)], Some("b")),
            (&[("b", 2), ("a", 1)], Some("b")),
            // A tie goes to the smallest value, whatever the order of the votes.
            (&[("b", 1), ("a", 1)], Some("a")),
            (&[("a", 1), ("b", 1)], Some("a")),
            // Weights add up per value.
            (&[("b", 1), ("a", 2), ("b", 2)], Some("b")),
        ];
        for (votes, expected) in cases {
            let mut v = Votes::new();
            for (k, w) in *votes {
                v.vote(*k, *w);
            }
            assert_eq!(v.best().map(|(k, _)| *k), *expected, "{votes:?}");
            assert_eq!(v.into_best().map(|(k, _)| k), *expected, "{votes:?}");
        }
    }

    #[test]
    fn evidence_is_kept_in_vote_order() {
        let mut v: Votes<&str, u32> = Votes::new();
        for (k, w, e) in [("x", 1, 10), ("y", 3, 20), ("x", 1, 30)] {
            v.add(k, w, e);
        }
        assert_eq!(v.get("x"), Some(&Tally { weight: 2, evidence: vec![10, 30] }));
        assert_eq!(v.best().map(|(k, t)| (*k, t.evidence.clone())), Some(("y", vec![20])));
        assert!(v.get("z").is_none());
    }

    #[test]
    fn best_by_and_ranked_by() {
        // Rank by how many votes carried `true`, then by weight.
        let mut v: Votes<&str, bool> = Votes::new();
        for (k, e) in [("a", false), ("a", false), ("b", true), ("c", true)] {
            v.add(k, 1, e);
        }
        let flagged = |t: &Tally<bool>| t.evidence.iter().filter(|b| **b).count();
        assert_eq!(v.best().map(|(k, _)| *k), Some("a"));
        assert_eq!(v.best_by(|x, y| flagged(x).cmp(&flagged(y))).map(|(k, _)| *k), Some("b"));
        let order: Vec<&str> = v.ranked_by(|x, y| y.cmp(x)).into_iter().map(|(k, _)| *k).collect();
        assert_eq!(order, ["a", "c", "b"]);
    }

    #[test]
    fn collects_one_vote_per_item() {
        let v: Votes<&str> = ["p", "q", "q"].into_iter().collect();
        assert_eq!(v.best().map(|(k, t)| (*k, t.weight)), Some(("q", 2)));
        assert_eq!(v.iter().count(), 2);
    }
}
