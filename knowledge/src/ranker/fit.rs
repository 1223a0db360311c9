//! Fitting the model on labelled tuning questions: plain logistic regression
//! (Newton's method with a line search, L2), the threshold chosen on
//! cross-validated probabilities.

// Matrix code reads best with the indices of the formulas.
#![allow(clippy::needless_range_loop)]

use super::features::{CANDIDATE_FEATURES, QUESTION_FEATURES, question_features};
use super::model::{Logistic, Model, sigmoid};
use serde::Serialize;

/// One tuning question as the engine saw it.
#[derive(Debug, Clone)]
pub struct Example {
    /// The articles that answer it (empty: out of scope).
    pub accepted: Vec<String>,
    /// The candidates, in tantivy's order, with their features.
    pub candidates: Vec<(String, Vec<f32>)>,
    /// The question-only statistics for the calibrator.
    pub stats: [f32; 4],
    /// Which labelled question this is: one question seen two ways (with and
    /// without linked phrasings) is held out in one fold, never learnt from
    /// in one view while judged in the other.
    pub asked: usize,
}

/// How strongly weights may be pulled towards zero; the fit picks the one
/// with the best cross-validated coverage at the target precision.
const L2_GRID: [f64; 5] = [1.0, 3.0, 10.0, 30.0, 100.0];
const NEWTON_STEPS: usize = 30;
/// The precision the threshold is chosen for (the target).
pub const TARGET_PRECISION: f32 = 0.97;
/// Folds for choosing the threshold; a fit needs at least this many
/// in-scope and this many out-of-scope questions, one of each per fold.
pub const FOLDS: usize = 5;
/// Fold assignments pooled in cross-validation. With one, which questions
/// happened to share a fold moved the chosen regularisation and threshold
/// more than most changes to the engine did.
const ASSIGNMENTS: [u64; 6] = [11, 22, 33, 44, 55, 66];

/// The figures of a fit, measured on held-out folds of the tuning questions.
#[derive(Debug, Clone, Serialize)]
pub struct FitSummary {
    /// The chosen threshold.
    pub threshold: f32,
    /// Right / answered at the threshold, cross-validated.
    pub precision: f32,
    /// Right / in scope at the threshold, cross-validated.
    pub top1: f32,
    /// Out-of-scope questions declined, cross-validated.
    pub rejection: f32,
    /// Right / in scope when every question is answered (ranking alone).
    pub ranked_top1: f32,
    /// The regularisation chosen.
    pub l2: Regularisation,
    /// Tuning questions used.
    pub questions: usize,
}

/// The penalised loss at some weights, its gradient and its Hessian.
type Curvature = (f64, Vec<f64>, Vec<Vec<f64>>);

/// Minimises the convex loss that `at` describes, from zero weights, by
/// Newton's method with a backtracking line search. A full Newton step can
/// overshoot when the questions nearly separate right from wrong: the loss
/// then rises, the next step overshoots further, and the weights run off
/// to hundreds. Halving the step until the loss falls keeps every step a
/// descent. A full step is still taken whenever it lowers the loss, so a
/// fit in which every full step did gives the same weights as before.
fn minimise(d: usize, at: impl Fn(&[f64]) -> Curvature) -> Vec<f64> {
    let mut w = vec![0.0f64; d];
    let (mut loss, mut grad, mut hess) = at(&w);
    for _ in 0..NEWTON_STEPS {
        let step = solve(hess, grad.clone());
        let slope: f64 = grad.iter().zip(&step).map(|(g, s)| g * s).sum();
        let mut scale = 1.0;
        let accepted = loop {
            let trial: Vec<f64> = w.iter().zip(&step).map(|(w, s)| w - scale * s).collect();
            let (l, g, h) = at(&trial);
            // Armijo's condition: the loss falls by a share of what the
            // slope promises. Near the minimum both sides differ only by
            // rounding, and a rise that small is no rise.
            let rounding = 1e-9 * (1.0 + loss.abs());
            if l <= loss - 1e-4 * scale * slope.max(0.0) + rounding {
                break Some((trial, l, g, h));
            }
            if scale < 1e-6 {
                break None;
            }
            scale /= 2.0;
        };
        // No step along the Newton direction lowers the loss: this is as
        // low as the direction goes.
        let Some((next, next_loss, next_grad, next_hess)) = accepted else {
            break;
        };
        w = next;
        (loss, grad, hess) = (next_loss, next_grad, next_hess);
        // Judged by the full step, so that a heavily shortened one does
        // not pass for convergence.
        if step.iter().all(|s| s.abs() < 1e-9) {
            break;
        }
    }
    w
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        for row in col + 1..n {
            let f = a[row][col] / d;
            for k in col..n {
                a[row][k] -= f * a[col][k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let mut s = b[row];
        for k in row + 1..n {
            s -= a[row][k] * x[k];
        }
        x[row] = if a[row][row].abs() < 1e-12 {
            0.0
        } else {
            s / a[row][row]
        };
    }
    x
}

/// Fits a logistic model to `(features, label)` rows.
pub fn logistic(names: &[&str], rows: &[(Vec<f32>, bool)], l2: f64) -> Logistic {
    let d = names.len() + 1;
    let w = minimise(d, |w| {
        let mut loss = 0.0;
        let mut grad = vec![0.0; d];
        let mut hess = vec![vec![0.0; d]; d];
        for (x, y) in rows {
            let xs: Vec<f64> = std::iter::once(1.0)
                .chain(x.iter().map(|v| f64::from(*v)))
                .collect();
            let z: f64 = xs.iter().zip(w).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let target = if *y { 1.0 } else { 0.0 };
            // log(1 + e^z) - y z, without overflow for large |z|.
            loss += z.max(0.0) + (-z.abs()).exp().ln_1p() - target * z;
            let r = p - target;
            let s = (p * (1.0 - p)).max(1e-9);
            for i in 0..d {
                grad[i] += r * xs[i];
                for j in 0..d {
                    hess[i][j] += s * xs[i] * xs[j];
                }
            }
        }
        for i in 1..d {
            loss += l2 * w[i] * w[i] / 2.0;
            grad[i] += l2 * w[i];
            hess[i][i] += l2;
        }
        (loss, grad, hess)
    });
    Logistic {
        features: names.iter().map(|n| n.to_string()).collect(),
        weights: w[1..].to_vec(),
        bias: w[0],
    }
}

/// Fits a ranker that prefers the accepted candidate of each question over
/// the others (a conditional logit: softmax over each question's candidates).
pub fn softmax_ranker(names: &[&str], groups: &[Vec<(Vec<f32>, bool)>], l2: f64) -> Logistic {
    let d = names.len();
    let w = minimise(d, |w| {
        let mut loss = 0.0;
        let mut grad = vec![0.0; d];
        let mut hess = vec![vec![0.0; d]; d];
        for group in groups {
            let right = group.iter().filter(|(_, y)| *y).count();
            if right == 0 {
                continue;
            }
            let xs: Vec<Vec<f64>> = group
                .iter()
                .map(|(x, _)| x.iter().map(|v| f64::from(*v)).collect())
                .collect();
            let z: Vec<f64> = xs
                .iter()
                .map(|x| x.iter().zip(w).map(|(a, b)| a * b).sum())
                .collect();
            let top = z.iter().copied().fold(f64::MIN, f64::max);
            let e: Vec<f64> = z.iter().map(|z| (z - top).exp()).collect();
            let sum: f64 = e.iter().sum();
            let p: Vec<f64> = e.iter().map(|e| e / sum).collect();
            let mean: Vec<f64> = (0..d)
                .map(|i| xs.iter().zip(&p).map(|(x, p)| p * x[i]).sum())
                .collect();
            // Several accepted articles share the target equally.
            loss += top + sum.ln();
            for ((x, (_, y)), z) in xs.iter().zip(group).zip(&z) {
                if *y {
                    loss -= z / right as f64;
                    for i in 0..d {
                        grad[i] -= x[i] / right as f64;
                    }
                }
            }
            for i in 0..d {
                grad[i] += mean[i];
            }
            for (x, p) in xs.iter().zip(&p) {
                for i in 0..d {
                    for j in 0..d {
                        hess[i][j] += p * (x[i] - mean[i]) * (x[j] - mean[j]);
                    }
                }
            }
        }
        for i in 0..d {
            loss += l2 * w[i] * w[i] / 2.0;
            grad[i] += l2 * w[i];
            hess[i][i] += l2;
        }
        (loss, grad, hess)
    });
    Logistic {
        features: names.iter().map(|n| n.to_string()).collect(),
        weights: w,
        bias: 0.0,
    }
}

/// The candidates of `example` in the ranker's order, with their logits.
pub(crate) fn ranked(
    ranker: &Logistic,
    candidates: &[(String, Vec<f32>)],
) -> Vec<(String, f32, Vec<f32>)> {
    let mut out: Vec<(String, f32, Vec<f32>)> = candidates
        .iter()
        .map(|(id, f)| (id.clone(), ranker.logit(f), f.clone()))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

fn ranker_of(examples: &[&Example], l2: f64) -> Logistic {
    let groups: Vec<Vec<(Vec<f32>, bool)>> = examples
        .iter()
        .map(|e| {
            e.candidates
                .iter()
                .map(|(id, f)| (f.clone(), e.accepted.contains(id)))
                .collect()
        })
        .collect();
    softmax_ranker(CANDIDATE_FEATURES, &groups, l2)
}

/// The calibrator's row for `e` under `ranker`.
fn calibration_row(ranker: &Logistic, e: &Example) -> Option<(Vec<f32>, bool)> {
    let r = ranked(ranker, &e.candidates);
    let top = r.first()?;
    let pairs: Vec<(f32, Vec<f32>)> = r.iter().map(|(_, l, f)| (*l, f.clone())).collect();
    Some((
        question_features(&e.stats, &pairs),
        e.accepted.contains(&top.0),
    ))
}

fn fit_pair(examples: &[&Example], l2: Regularisation) -> (Logistic, Logistic) {
    let ranker = ranker_of(examples, l2.ranker);
    let rows: Vec<(Vec<f32>, bool)> = examples
        .iter()
        .filter_map(|e| calibration_row(&ranker, e))
        .collect();
    let calibrator = logistic(QUESTION_FEATURES, &rows, l2.calibrator);
    (ranker, calibrator)
}

/// (probability the top is right, the top is right, in scope) under a fitted pair.
fn predict(ranker: &Logistic, calibrator: &Logistic, e: &Example) -> (f32, bool, bool) {
    let r = ranked(ranker, &e.candidates);
    let Some(top) = r.first() else {
        return (0.0, false, !e.accepted.is_empty());
    };
    let pairs: Vec<(f32, Vec<f32>)> = r.iter().map(|(_, l, f)| (*l, f.clone())).collect();
    let p = sigmoid(calibrator.logit(&question_features(&e.stats, &pairs)));
    (p, e.accepted.contains(&top.0), !e.accepted.is_empty())
}

/// (precision, top-1, rejection) when answering from `threshold` on.
fn figures(predictions: &[HeldOut], threshold: f32) -> (f32, f32, f32, usize) {
    let (mut answered, mut right, mut in_scope, mut oos, mut rejected) = (0, 0, 0, 0, 0);
    for &(p, top_right, scope) in predictions {
        let answers = p >= threshold;
        if scope {
            in_scope += 1;
        } else {
            oos += 1;
            rejected += usize::from(!answers);
        }
        if answers {
            answered += 1;
            right += usize::from(top_right);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f32 / b as f32 };
    (
        ratio(right, answered),
        ratio(right, in_scope),
        ratio(rejected, oos),
        answered,
    )
}

/// How strongly each model's weights are pulled towards zero. The ranker
/// and the calibrator get their own: a smoother ranker can give the
/// calibrator scores that separate right from wrong better, at some cost
/// to the ranking itself.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Regularisation {
    /// L2 of the ranker.
    pub ranker: f64,
    /// L2 of the calibrator.
    pub calibrator: f64,
}

/// A held-out prediction: (probability the top is right, it is right, in
/// scope).
type HeldOut = (f32, bool, bool);

/// Held-out predictions of every tuning question, `FOLDS`-fold, once per
/// fold assignment in `ASSIGNMENTS`, pooled.
fn cross_validate(examples: &[Example], l2: Regularisation) -> Vec<HeldOut> {
    let mut held_out = Vec::with_capacity(examples.len() * ASSIGNMENTS.len());
    for seed in ASSIGNMENTS {
        let folds = assign_folds(examples, seed);
        for fold in 0..FOLDS {
            let train: Vec<&Example> = examples
                .iter()
                .zip(&folds)
                .filter(|(_, f)| **f != fold)
                .map(|(e, _)| e)
                .collect();
            let (ranker, calibrator) = fit_pair(&train, l2);
            for (e, _) in examples.iter().zip(&folds).filter(|(_, f)| **f == fold) {
                held_out.push(predict(&ranker, &calibrator, e));
            }
        }
    }
    held_out
}

/// The groups of writers that have questions (`writers[asked]`, the tuning
/// file of each question), in order.
fn groups_of(examples: &[Example], writers: &[usize]) -> Vec<usize> {
    let groups: std::collections::BTreeSet<usize> =
        examples.iter().map(|e| group_of(writers, e)).collect();
    groups.into_iter().collect()
}

/// One prediction for every tuning question, by models fitted on the other
/// groups of writers only: the probability a member gets whose way of
/// writing the fit has not seen. Random folds cannot give it, because they
/// share a writer's other questions with the fit.
fn writers_unseen(examples: &[Example], writers: &[usize], l2: Regularisation) -> Vec<HeldOut> {
    let mut held_out = Vec::with_capacity(examples.len());
    for group in groups_of(examples, writers) {
        let train: Vec<&Example> = examples
            .iter()
            .filter(|e| group_of(writers, e) != group)
            .collect();
        let (ranker, calibrator) = fit_pair(&train, l2);
        for e in examples.iter().filter(|e| group_of(writers, e) == group) {
            held_out.push(predict(&ranker, &calibrator, e));
        }
    }
    held_out
}

/// The predictions that the threshold is set on: `random` (random folds)
/// when one group of writers has questions, else the writer-unseen ones.
fn judged(
    examples: &[Example],
    writers: &[usize],
    l2: Regularisation,
    random: Vec<HeldOut>,
) -> Vec<HeldOut> {
    if groups_of(examples, writers).len() > 1 {
        writers_unseen(examples, writers, l2)
    } else {
        random
    }
}

/// Each question's fold under assignment `seed`: the questions are shuffled
/// by a fixed hash (the same fit every time, without a random crate) and
/// dealt out in turn, in-scope ones first and then the out-of-scope ones, so
/// that the folds are equal in size and in their share of each.
fn assign_folds(examples: &[Example], seed: u64) -> Vec<usize> {
    let shuffled = |i: usize| {
        let mut h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ seed.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 31;
        h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
        h ^ (h >> 29)
    };
    // Dealt by question; every view of a question follows its first.
    let mut first_view: std::collections::HashMap<usize, usize> = Default::default();
    for (i, e) in examples.iter().enumerate() {
        first_view.entry(e.asked).or_insert(i);
    }
    let mut order: Vec<usize> = first_view.values().copied().collect();
    order.sort_by_key(|&i| {
        let asked = examples[i].asked;
        (examples[i].accepted.is_empty(), shuffled(asked), asked)
    });
    let mut fold_of_asked: std::collections::HashMap<usize, usize> = Default::default();
    for (turn, i) in order.into_iter().enumerate() {
        fold_of_asked.insert(examples[i].asked, turn % FOLDS);
    }
    examples.iter().map(|e| fold_of_asked[&e.asked]).collect()
}

/// The group of `e`'s question (its tuning file); 0 when there are no groups.
fn group_of(groups: &[usize], e: &Example) -> usize {
    groups.get(e.asked).copied().unwrap_or(0)
}

/// The lowest threshold at which the held-out precision reaches `target`,
/// placed halfway to the next lower probability so that it does not sit
/// exactly on one held-out question.
fn choose_threshold(held_out: &[HeldOut], target: f32) -> f32 {
    let mut thresholds: Vec<f32> = held_out.iter().map(|p| p.0).collect();
    thresholds.sort_by(f32::total_cmp);
    thresholds.dedup();
    let threshold = thresholds
        .iter()
        .copied()
        .find(|&t| {
            let (precision, _, _, answered) = figures(held_out, t);
            precision >= target && answered > 0
        })
        .unwrap_or(1.0);
    let below = thresholds
        .iter()
        .copied()
        .rfind(|&t| t < threshold)
        .unwrap_or(threshold);
    (threshold + below) / 2.0
}

/// Fits the model on `examples`. The regularisation and the threshold are
/// chosen on cross-validated probabilities: the threshold is the lowest at
/// which the held-out precision reaches `target_precision`. With several
/// groups of writers (`groups[asked]`, the tuning file of each question;
/// empty: one group), the threshold is set on predictions by models fitted
/// without the question's own group: random folds share a writer's other
/// questions with the fit, and the precision they promise was not met on
/// writers the fit had not seen.
pub fn fit(examples: &[Example], groups: &[usize], target_precision: f32) -> (Model, FitSummary) {
    let mut best: Option<(Regularisation, f32, Vec<HeldOut>)> = None;
    for ranker in L2_GRID {
        for calibrator in L2_GRID {
            let l2 = Regularisation { ranker, calibrator };
            let held_out = cross_validate(examples, l2);
            let threshold = choose_threshold(&held_out, target_precision);
            let (_, top1, _, _) = figures(&held_out, threshold);
            if best.as_ref().is_none_or(|(_, b, _)| top1 > *b) {
                best = Some((l2, top1, held_out));
            }
        }
    }
    let first = Regularisation {
        ranker: L2_GRID[0],
        calibrator: L2_GRID[0],
    };
    let (l2, _, held_out) = best.unwrap_or((first, 0.0, Vec::new()));
    // The regularisation is still chosen on random folds: a smaller set of
    // writer-unseen predictions would choose it by chance more often.
    let held_out = judged(examples, groups, l2, held_out);
    let threshold = choose_threshold(&held_out, target_precision);
    let (precision, top1, rejection, _) = figures(&held_out, threshold);
    let (_, ranked_top1, _, _) = figures(&held_out, 0.0);
    let all: Vec<&Example> = examples.iter().collect();
    let (ranker, calibrator) = fit_pair(&all, l2);
    (
        Model {
            threshold,
            ranker,
            calibrator,
        },
        FitSummary {
            threshold,
            precision,
            top1,
            rejection,
            ranked_top1,
            l2,
            questions: examples.len(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_equal_in_size_and_in_their_share_out_of_scope() {
        let examples: Vec<Example> = (0..103)
            .map(|i| Example {
                accepted: if i % 3 == 0 {
                    Vec::new()
                } else {
                    vec!["a".to_string()]
                },
                candidates: Vec::new(),
                stats: [0.0; 4],
                asked: i,
            })
            .collect();
        for seed in ASSIGNMENTS {
            let folds = assign_folds(&examples, seed);
            assert_eq!(folds, assign_folds(&examples, seed));
            for fold in 0..FOLDS {
                let members: Vec<&Example> = examples
                    .iter()
                    .zip(&folds)
                    .filter(|(_, f)| **f == fold)
                    .map(|(e, _)| e)
                    .collect();
                let out = members.iter().filter(|e| e.accepted.is_empty()).count();
                assert!(
                    (20..=21).contains(&members.len()),
                    "{fold}: {}",
                    members.len()
                );
                assert!((6..=7).contains(&out), "{fold}: {out} out of scope");
            }
        }
        assert_ne!(assign_folds(&examples, 11), assign_folds(&examples, 22));
    }

    #[test]
    fn both_views_of_a_question_are_held_out_together() {
        // 60 questions, each seen twice: the linked views first, then the
        // unlinked ones, as `KnowledgeBase::examples` lays them out.
        let view = |asked: usize| Example {
            accepted: if asked.is_multiple_of(4) {
                Vec::new()
            } else {
                vec!["a".to_string()]
            },
            candidates: Vec::new(),
            stats: [0.0; 4],
            asked,
        };
        let examples: Vec<Example> = (0..60).chain(0..60).map(view).collect();
        for seed in ASSIGNMENTS {
            let folds = assign_folds(&examples, seed);
            for asked in 0..60 {
                assert_eq!(
                    folds[asked],
                    folds[asked + 60],
                    "question {asked}, seed {seed}"
                );
            }
            for fold in 0..FOLDS {
                assert_eq!(folds.iter().filter(|f| **f == fold).count(), 24);
            }
        }
    }

    #[test]
    fn each_group_of_writers_is_judged_by_models_fitted_without_it() {
        // Writers 0 pick out their article by the first signal; writers 1
        // by the second, while the first points at the wrong article.
        let signal = |first: f32, second: f32| {
            let mut x = vec![0.0; CANDIDATE_FEATURES.len()];
            x[0] = first;
            x[1] = second;
            x
        };
        let example = |asked: usize| {
            let candidates = if asked < 60 {
                vec![
                    ("a".to_string(), signal(1.0, 0.0)),
                    ("b".to_string(), signal(0.0, 0.0)),
                ]
            } else {
                vec![
                    ("a".to_string(), signal(0.0, 1.0)),
                    ("b".to_string(), signal(1.0, 0.0)),
                ]
            };
            Example {
                accepted: vec!["a".to_string()],
                candidates,
                stats: [0.0; 4],
                asked,
            }
        };
        let examples: Vec<Example> = (0..90).map(example).collect();
        let writers: Vec<usize> = (0..90).map(|asked| usize::from(asked >= 60)).collect();
        let l2 = Regularisation {
            ranker: 1.0,
            calibrator: 1.0,
        };
        let right_share = |held_out: &[HeldOut]| {
            held_out.iter().filter(|h| h.1).count() as f32 / held_out.len() as f32
        };
        let mixed = cross_validate(&examples, l2);
        let unseen = writers_unseen(&examples, &writers, l2);
        assert_eq!(mixed.len(), unseen.len() * ASSIGNMENTS.len());
        // Learnt from both kinds of writer, the ranker trusts the second
        // signal most and every top is right. Fitted without a question's
        // own writers, it learns only the other kind's habit, which puts
        // the wrong article first for every question of either kind.
        assert!(right_share(&mixed) > 0.95, "{}", right_share(&mixed));
        assert!(right_share(&unseen) < 0.05, "{}", right_share(&unseen));

        // The threshold is set on the writer-unseen predictions with two
        // groups, and on the random folds' when only one group has
        // questions (say an empty first tuning file).
        assert_eq!(judged(&examples, &writers, l2, mixed.clone()), unseen);
        assert_eq!(judged(&examples, &[1; 90], l2, mixed.clone()), mixed);
    }

    /// The softmax ranker's penalised loss, written out here apart from the
    /// fit's own.
    fn ranker_loss(groups: &[Vec<(Vec<f32>, bool)>], w: &[f64], l2: f64) -> f64 {
        let mut loss: f64 = w.iter().map(|w| l2 * w * w / 2.0).sum();
        for group in groups {
            let z: Vec<f64> = group
                .iter()
                .map(|(x, _)| x.iter().zip(w).map(|(x, w)| f64::from(*x) * w).sum())
                .collect();
            let right: Vec<f64> = group
                .iter()
                .zip(&z)
                .filter(|((_, y), _)| *y)
                .map(|(_, z)| *z)
                .collect();
            if right.is_empty() {
                continue;
            }
            let top = z.iter().copied().fold(f64::MIN, f64::max);
            let log_sum = top + z.iter().map(|z| (z - top).exp()).sum::<f64>().ln();
            loss += log_sum - right.iter().sum::<f64>() / right.len() as f64;
        }
        loss
    }

    #[test]
    fn the_ranker_reaches_its_minimum_where_full_newton_steps_overshoot() {
        let mut groups: Vec<Vec<(Vec<f32>, bool)>> = Vec::new();
        for line in include_str!("testdata/overshoot.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
        {
            let cells: Vec<f32> = line
                .split('\t')
                .map(|c| c.parse().expect("a number"))
                .collect();
            let question = cells[0] as usize;
            if groups.len() <= question {
                groups.push(Vec::new());
            }
            groups[question].push((cells[2..].to_vec(), cells[1] == 1.0));
        }
        assert_eq!(groups.len(), 12);
        let ranker = softmax_ranker(&["a", "b", "c", "d", "e"], &groups, 1.0);
        let w = ranker.weights.clone();
        let at_minimum = ranker_loss(&groups, &w, 1.0);
        assert!(at_minimum < ranker_loss(&groups, &[0.0; 5], 1.0), "{w:?}");
        for i in 0..w.len() {
            for nudge in [-0.01, 0.01] {
                let mut near = w.clone();
                near[i] += nudge;
                assert!(
                    ranker_loss(&groups, &near, 1.0) >= at_minimum,
                    "weight {i} moved by {nudge} lowers the loss below {at_minimum}: {w:?}"
                );
            }
        }
    }

    #[test]
    fn finds_the_weight_that_separates_the_classes() {
        let rows: Vec<(Vec<f32>, bool)> = (0..40)
            .map(|i| {
                let x = i as f32 / 10.0;
                (vec![x], x > 2.0 || i % 7 == 0)
            })
            .collect();
        let model = logistic(&["x"], &rows, 1.0);
        assert!(model.weights[0] > 1.0, "{model:?}");
        assert!(model.probability(&[3.5]) > 0.9);
        assert!(model.probability(&[0.5]) < 0.3);
    }
}
