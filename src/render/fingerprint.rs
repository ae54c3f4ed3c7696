//! Stable fingerprints of findings, for the CI formats that track findings across runs.

use crate::Report;
use crate::rules::slash;
use std::collections::HashMap;

/// One 16-hex-digit fingerprint per finding of `report`, in order.
///
/// It hashes the rule, path and message but not the line, so a finding keeps its
/// fingerprint when code above it moves; the occurrence index among identical findings
/// keeps each one unique (GitLab merges findings that share a fingerprint).
pub(super) fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: HashMap<(&str, String, &str), usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let path = slash(&d.path);
            let occurrence = seen
                .entry((d.rule, path.clone(), &d.message))
                .and_modify(|n| *n += 1)
                .or_insert(0);
            let mut hash = Fnv1a::default();
            for part in [d.rule, &path, &d.message, &occurrence.to_string()] {
                hash.write(part.as_bytes());
                // A separator, so that ("ab", "c") and ("a", "bc") differ.
                hash.write(&[0]);
            }
            format!("{:016x}", hash.0)
        })
        .collect()
}

/// FNV-1a, 64 bits: fixed, unlike std's randomly seeded hasher, so output is reproducible.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
