//! Near-miss suggestions ("did you mean …?"), cheap enough to ask for every finding.
//!
//! Similarity is normalised Damerau-Levenshtein (1 − distance / the longer length, in
//! characters), as `strsim` computes it. The distance is at least the difference of the
//! lengths, so a candidate whose length alone keeps it under the threshold is dropped before
//! the distance is computed (no allocation): among ten thousand package IDs only those of a
//! near length are compared.

use foldhash::{HashMap, HashMapExt};
use std::sync::{Mutex, OnceLock};

/// Answers remembered by their question for the run, at most 4,096 at once (forgotten all
/// together when full): the same typo in ten thousand definitions is worked out once.
pub struct Memo<T>(OnceLock<Mutex<HashMap<String, T>>>);

impl<T: Clone> Default for Memo<T> {
    fn default() -> Memo<T> {
        Memo::new()
    }
}

impl<T: Clone> Memo<T> {
    /// An empty memo, for a `static`.
    pub const fn new() -> Memo<T> {
        Memo(OnceLock::new())
    }

    /// The answer to `question`, worked out by `answer` the first time.
    pub fn get_or(&self, question: &str, answer: impl FnOnce() -> T) -> T {
        const MAX: usize = 4096;
        let map = self.0.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(hit) = map.lock().ok().and_then(|m| m.get(question).cloned()) {
            return hit;
        }
        let value = answer();
        if let Ok(mut m) = map.lock() {
            if m.len() >= MAX {
                m.clear();
            }
            m.insert(question.to_owned(), value.clone());
        }
        value
    }
}

/// The similarity of `a` and `b` when it can reach `min`; None when the lengths alone rule it out.
pub fn similarity(a: &str, b: &str, min: f64) -> Option<f64> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let longest = la.max(lb);
    if longest == 0 {
        return Some(1.0);
    }
    let best_possible = 1.0 - la.abs_diff(lb) as f64 / longest as f64;
    if best_possible < min {
        return None;
    }
    Some(strsim::normalized_damerau_levenshtein(a, b)).filter(|&s| s >= min)
}

/// The candidate most similar to `wanted` (at least `min`), the first one on a tie; both sides
/// compared as given (fold case before calling when case does not matter).
pub fn best<'a, T>(wanted: &str, candidates: impl IntoIterator<Item = (&'a str, T)>, min: f64) -> Option<T> {
    let mut found: Option<(f64, T)> = None;
    for (candidate, value) in candidates {
        if let Some(score) = similarity(wanted, candidate, min)
            && found.as_ref().is_none_or(|(best, _)| score > *best)
        {
            found = Some((score, value));
        }
    }
    found.map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::{best, similarity};

    #[test]
    fn lengths_rule_out_before_the_distance() {
        assert_eq!(similarity("abcd", "abcdefgh", 0.75), None);
        assert_eq!(similarity("netapi32.dll", "netapi32.dl", 0.8), Some(1.0 - 1.0 / 12.0));
        assert_eq!(similarity("", "", 0.9), Some(1.0));
    }

    #[test]
    fn the_same_answer_as_the_whole_computation() {
        let words = [
            "W2K3_SP2_x86_JPN",
            "W2K3_SP1_x86_JPN",
            "W2K8_SP2_x64_JPN",
            "ACME",
            "w2k3_sp2_x86_jpn_2",
        ];
        for a in words {
            for b in words {
                let full = strsim::normalized_damerau_levenshtein(a, b);
                for min in [0.0, 0.5, 0.75, 0.9] {
                    assert_eq!(similarity(a, b, min), (full >= min).then_some(full), "{a} {b} {min}");
                }
            }
        }
    }

    #[test]
    fn a_memo_answers_once() {
        static MEMO: super::Memo<usize> = super::Memo::new();
        let mut worked = 0;
        for _ in 0..3 {
            assert_eq!(
                MEMO.get_or("Windows Sever 2003", || {
                    worked += 1;
                    7
                }),
                7
            );
        }
        assert_eq!(worked, 1);
    }

    #[test]
    fn the_first_of_equals_wins() {
        let ids = [("W2K3_SP1_x86_JPN", 1), ("W2K3_SP3_x86_JPN", 2)];
        assert_eq!(best("W2K3_SP2_x86_JPN", ids, 0.75), Some(1));
        assert_eq!(best("nothing like it", ids, 0.75), None);
    }
}
