//! Synonym groups from `knowledge/synonyms/<lang>.toml`.

use super::Piece;
use serde::Deserialize;

/// The shape of a synonym file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SynonymFile {
    pub groups: Vec<Vec<String>>,
}

/// A phrase (as stems) and the canonical stems it stands for.
#[derive(Debug, Clone)]
struct Rule {
    pattern: Vec<String>,
    canonical: Vec<(String, bool)>,
}

/// Synonym rules, found by the first stem of their pattern.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    by_first: rustc_hash::FxHashMap<String, Vec<Rule>>,
}

impl Synonyms {
    /// Reads a synonym file; `analyze` turns each entry into `(stem, is_stop)` pairs.
    pub fn parse(
        source: &str,
        analyze: impl Fn(&str) -> Vec<(String, bool)>,
    ) -> Result<Synonyms, toml::de::Error> {
        let file: SynonymFile = toml::from_str(source)?;
        let mut synonyms = Synonyms::default();
        for group in file.groups {
            let Some(first) = group.first() else { continue };
            let canonical = analyze(first);
            if canonical.is_empty() {
                continue;
            }
            for entry in &group {
                let pattern: Vec<String> = analyze(entry).into_iter().map(|(s, _)| s).collect();
                let Some(head) = pattern.first().cloned() else {
                    continue;
                };
                synonyms.by_first.entry(head).or_default().push(Rule {
                    pattern,
                    canonical: canonical.clone(),
                });
            }
        }
        // Longest patterns first, so "two step verification" wins over "two step".
        for rules in synonyms.by_first.values_mut() {
            rules.sort_by_key(|r| std::cmp::Reverse(r.pattern.len()));
        }
        Ok(synonyms)
    }

    fn rule_at<'a>(&'a self, pieces: &[Piece], at: usize) -> Option<&'a Rule> {
        self.by_first.get(&pieces[at].stem)?.iter().find(|rule| {
            pieces.len() - at >= rule.pattern.len()
                && rule
                    .pattern
                    .iter()
                    .zip(&pieces[at..])
                    .all(|(want, have)| *want == have.stem)
        })
    }

    fn rewrite(&self, pieces: Vec<Piece>, keep_original: bool) -> Vec<Piece> {
        let mut out = Vec::with_capacity(pieces.len());
        let mut at = 0;
        while at < pieces.len() {
            let Some(rule) = self.rule_at(&pieces, at) else {
                out.push(pieces[at].clone());
                at += 1;
                continue;
            };
            let matched = &pieces[at..at + rule.pattern.len()];
            let span = (matched[0].span.0, matched[matched.len() - 1].span.1);
            let corrected = matched.iter().any(|p| p.corrected);
            if keep_original {
                out.extend(matched.iter().cloned());
            }
            out.extend(rule.canonical.iter().map(|(stem, stop)| Piece {
                stem: stem.clone(),
                stop: *stop,
                span,
                corrected,
            }));
            at += rule.pattern.len();
        }
        out
    }

    /// Replaces each synonym by its canonical form (for questions).
    pub fn replace(&self, pieces: Vec<Piece>) -> Vec<Piece> {
        self.rewrite(pieces, false)
    }

    /// Keeps each synonym and adds its canonical form (for articles).
    pub fn expand(&self, pieces: Vec<Piece>) -> Vec<Piece> {
        self.rewrite(pieces, true)
    }
}
