//! Choosing the answer: candidate features, a logistic ranker, a calibrated
//! probability that the best candidate is right, and fitting both.

pub(crate) mod classifier;
pub mod features;
pub mod fit;
pub mod model;

pub use fit::{Example, FitSummary};
pub use model::{Logistic, Model, ModelError};
