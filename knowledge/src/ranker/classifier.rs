//! Which article a question is about, learned from the articles' own words: a
//! softmax regression over stems and pairs of neighbouring stems, with one
//! class per article, fitted when the index opens, on the titles and
//! phrasings only (never on labelled questions). It learns which words tell
//! an article from its neighbours, which the similarity to an article's
//! single best phrasing cannot.

use crate::analysis::Analyzer;
use std::collections::HashMap;

/// Passes over the phrasings: enough for the weights to settle on a corpus of
/// this kind, and a fixed number so that every build gives the same weights.
const EPOCHS: usize = 20;
/// The first pass's step size; pass `e` takes `RATE / (1 + e)`.
const RATE: f32 = 1.0;
/// Weight decay per step, so that rare words do not grow without bound.
const L2: f32 = 1e-4;
/// Languages with more articles than this get no classifier: training grows
/// with articles times phrasings times articles, and runs at every open.
/// Every candidate then has the same share, so such a corpus is answered
/// less often.
pub(crate) const MAX_CLASSES: usize = 200;
/// The stride through the phrasings within a pass: mixes articles without a
/// random shuffle, which would differ between builds.
const STRIDE: usize = 7919;

/// The classifier of one language's articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ArticleClassifier {
    /// Article id to its class.
    classes: HashMap<String, usize>,
    /// Stem to its weight in each class.
    weights: HashMap<String, Vec<f32>>,
    /// Per class.
    bias: Vec<f32>,
}

/// The unique stems of a text and its pairs of neighbouring stems ("reset
/// password" is not "password reset"), each with the same value, of unit
/// length together: a long phrasing weighs no more than a short one.
fn unit_stems(stems: impl IntoIterator<Item = String>) -> Vec<(String, f32)> {
    let ordered: Vec<String> = stems.into_iter().collect();
    let mut unique: Vec<String> = ordered.clone();
    unique.extend(ordered.windows(2).map(|w| format!("{} {}", w[0], w[1])));
    unique.sort_unstable();
    unique.dedup();
    let value = 1.0 / (unique.len().max(1) as f32).sqrt();
    unique.into_iter().map(|s| (s, value)).collect()
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl ArticleClassifier {
    /// Learns one class per article from `(article id, its title and
    /// phrasings)`. The articles are sorted by id first, so the order they
    /// come in does not change the weights.
    pub fn train(analyzer: &Analyzer, articles: &[(String, Vec<String>)]) -> ArticleClassifier {
        if articles.len() > MAX_CLASSES {
            return ArticleClassifier::default();
        }
        let mut sorted: Vec<&(String, Vec<String>)> = articles.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut classes = HashMap::new();
        let mut columns: HashMap<String, usize> = HashMap::new();
        let mut stems: Vec<String> = Vec::new();
        let mut rows: Vec<(usize, Vec<(usize, f32)>)> = Vec::new();
        for (id, texts) in sorted {
            let next = classes.len();
            let class = *classes.entry(id.clone()).or_insert(next);
            for text in texts {
                let x = unit_stems(analyzer.query_terms(text).into_iter().map(|t| t.stem));
                let row = x
                    .into_iter()
                    .map(|(stem, value)| {
                        let column = *columns.entry(stem.clone()).or_insert_with(|| {
                            stems.push(stem);
                            stems.len() - 1
                        });
                        (column, value)
                    })
                    .collect();
                rows.push((class, row));
            }
        }
        let k = classes.len();
        let f = stems.len();
        // Feature-major while training: an example's features each touch
        // every class, so a feature's weights lie side by side. Each class's
        // sum still adds its features in the row's order.
        let mut weights = vec![0.0f32; f * k];
        let mut bias = vec![0.0f32; k];
        let n = rows.len();
        let mut stride = STRIDE;
        while n > 1 && gcd(stride, n) != 1 {
            stride += 1;
        }
        let mut scores = vec![0.0f32; k];
        let mut sums = vec![0.0f32; k];
        for epoch in 0..EPOCHS {
            let rate = RATE / (1.0 + epoch as f32);
            for i in 0..n {
                let (class, row) = &rows[(i * stride) % n];
                // -0.0, where `Iterator::sum` of floats starts, so that the
                // weights are the same bits as when summed class by class.
                sums.fill(-0.0);
                for (j, v) in row {
                    for (sum, w) in sums.iter_mut().zip(&weights[j * k..(j + 1) * k]) {
                        *sum += w * v;
                    }
                }
                for ((score, b), sum) in scores.iter_mut().zip(&bias).zip(&sums) {
                    *score = b + sum;
                }
                let top = scores.iter().copied().fold(f32::MIN, f32::max);
                // The exponentials dominate the cost: each is taken once.
                for score in scores.iter_mut() {
                    *score = (*score - top).exp();
                }
                let sum: f32 = scores.iter().sum();
                // The gradients reuse the scores' buffer: no allocation per row.
                for (c, (e, b)) in scores.iter_mut().zip(&mut bias).enumerate() {
                    *e = *e / sum - if c == *class { 1.0 } else { 0.0 };
                    *b -= rate * *e;
                }
                for (j, v) in row {
                    for (w, gradient) in weights[j * k..(j + 1) * k].iter_mut().zip(&scores) {
                        *w -= rate * (gradient * v + L2 * *w);
                    }
                }
            }
        }
        let weights = stems
            .into_iter()
            .enumerate()
            .map(|(j, stem)| (stem, weights[j * k..(j + 1) * k].to_vec()))
            .collect();
        ArticleClassifier {
            classes,
            weights,
            bias,
        }
    }

    /// How the classifier shares the question (its stems) among the articles
    /// `ids`, as probabilities that sum to one over them: the same meaning
    /// on any corpus size. Articles it does not know get nothing; when it
    /// knows none of them, all get the same share.
    pub fn shares(&self, stems: &[&str], ids: &[&str]) -> Vec<f32> {
        let x = unit_stems(stems.iter().map(|s| s.to_string()));
        let scores: Vec<Option<f32>> = ids
            .iter()
            .map(|id| {
                let class = *self.classes.get(*id)?;
                let words: f32 = x
                    .iter()
                    .filter_map(|(stem, v)| self.weights.get(stem).map(|w| w[class] * v))
                    .sum();
                Some(self.bias[class] + words)
            })
            .collect();
        let top = scores.iter().flatten().copied().fold(f32::MIN, f32::max);
        let exp: Vec<f32> = scores
            .iter()
            .map(|s| s.map_or(0.0, |s| (s - top).exp()))
            .collect();
        let sum: f32 = exp.iter().sum();
        if sum > 0.0 {
            exp.iter().map(|e| e / sum).collect()
        } else {
            vec![1.0 / ids.len().max(1) as f32; ids.len()]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::vocabulary;
    use locales::Lang;

    fn articles() -> Vec<(String, Vec<String>)> {
        let article = |id: &str, texts: &[&str]| {
            (
                id.to_string(),
                texts.iter().map(|t| t.to_string()).collect(),
            )
        };
        vec![
            article(
                "group-invitation-how",
                &[
                    "How do I invite people to my group?",
                    "invite contacts to a group",
                    "send a group invitation",
                ],
            ),
            article(
                "group-invitation-disable",
                &[
                    "How do I switch off group invitations?",
                    "turn off group invitations",
                    "stop invitations to my group",
                ],
            ),
            article(
                "login-password-reset",
                &[
                    "I forgot my password",
                    "reset my password",
                    "new password for my account",
                ],
            ),
        ]
    }

    fn analyzer() -> Analyzer {
        let texts: Vec<String> = articles().into_iter().flat_map(|(_, t)| t).collect();
        Analyzer::new(
            Lang::En,
            vocabulary(Lang::En, texts.iter().map(String::as_str)),
        )
    }

    fn shares_for(classifier: &ArticleClassifier, analyzer: &Analyzer, q: &str) -> Vec<f32> {
        let stems: Vec<String> = analyzer
            .query_terms(q)
            .into_iter()
            .map(|t| t.stem)
            .collect();
        let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
        let ids: Vec<String> = articles().into_iter().map(|(id, _)| id).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        classifier.shares(&stems, &ids)
    }

    #[test]
    fn the_word_that_only_one_article_has_decides() {
        let analyzer = analyzer();
        let classifier = ArticleClassifier::train(&analyzer, &articles());
        // Both group articles share "group" and "invitation"; "off" is the
        // one word that tells them apart.
        let shares = shares_for(&classifier, &analyzer, "group invitations off");
        assert!(shares[1] > shares[0] && shares[1] > shares[2], "{shares:?}");
        let shares = shares_for(&classifier, &analyzer, "invite people to my group");
        assert!(shares[0] > shares[1] && shares[0] > shares[2], "{shares:?}");
        assert!((shares.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }

    #[test]
    fn word_pairs_tell_apart_articles_with_the_same_words() {
        // Both phrasings have the same words; only which words stand
        // together tells them apart.
        let corpus = vec![
            ("a".to_string(), vec!["password reset link".to_string()]),
            ("b".to_string(), vec!["link reset password".to_string()]),
        ];
        let analyzer = Analyzer::new(Lang::En, vocabulary(Lang::En, ["password reset link"]));
        let classifier = ArticleClassifier::train(&analyzer, &corpus);
        let stems = |q: &str| -> Vec<String> {
            analyzer
                .query_terms(q)
                .into_iter()
                .map(|t| t.stem)
                .collect()
        };
        let first = stems("password reset");
        let first: Vec<&str> = first.iter().map(String::as_str).collect();
        let shares = classifier.shares(&first, &["a", "b"]);
        assert!(shares[0] > 0.6, "{shares:?}");
        let second = stems("reset password");
        let second: Vec<&str> = second.iter().map(String::as_str).collect();
        let shares = classifier.shares(&second, &["a", "b"]);
        assert!(shares[1] > 0.6, "{shares:?}");
    }

    #[test]
    fn every_build_and_every_order_gives_the_same_weights() {
        let analyzer = analyzer();
        let first = ArticleClassifier::train(&analyzer, &articles());
        let mut reversed = articles();
        reversed.reverse();
        assert_eq!(first, ArticleClassifier::train(&analyzer, &reversed));
        assert_eq!(first, ArticleClassifier::train(&analyzer, &articles()));
    }

    /// FNV-1a over the weights (by stem) and the biases, bit for bit.
    fn digest(classifier: &ArticleClassifier) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for b in bytes {
                hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        let mut stems: Vec<&String> = classifier.weights.keys().collect();
        stems.sort();
        for stem in stems {
            eat(stem.as_bytes());
            for w in &classifier.weights[stem] {
                eat(&w.to_bits().to_le_bytes());
            }
        }
        for b in &classifier.bias {
            eat(&b.to_bits().to_le_bytes());
        }
        hash
    }

    #[test]
    fn the_weights_are_the_same_bits_as_when_trained_class_by_class() {
        // Recorded with the class-major training loop that the feature-major
        // one replaced for speed; the fitted model depends on these bits.
        let classifier = ArticleClassifier::train(&analyzer(), &articles());
        assert_eq!(
            digest(&classifier),
            0xc6e0_b015_9d25_e730,
            "{:#x}",
            digest(&classifier)
        );
    }

    #[test]
    fn a_corpus_too_large_to_train_on_shares_alike() {
        let analyzer = analyzer();
        let many: Vec<(String, Vec<String>)> = (0..=MAX_CLASSES)
            .map(|i| {
                let text = if i == 0 {
                    "reset my password"
                } else {
                    "invite people to my group"
                };
                (format!("article-{i}"), vec![text.to_string()])
            })
            .collect();
        let classifier = ArticleClassifier::train(&analyzer, &many);
        assert_eq!(
            classifier.shares(&["password"], &["article-0", "article-1"]),
            vec![0.5, 0.5]
        );
    }
}
