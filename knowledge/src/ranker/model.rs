//! The fitted answering model: two logistic models read from a TOML file.

use serde::{Deserialize, Serialize};

/// The model compiled into the library, written by `helpdesk faq fit`.
const EMBEDDED: &str = include_str!("../../model/ranker.toml");

/// A logistic model over named features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    /// The feature names, in the order of `weights`; checked against the code.
    pub features: Vec<String>,
    /// One weight per feature.
    pub weights: Vec<f64>,
    /// The intercept.
    pub bias: f64,
}

impl Logistic {
    /// A model that knows nothing yet.
    pub fn zero(features: &[&str]) -> Logistic {
        Logistic {
            features: features.iter().map(|f| f.to_string()).collect(),
            weights: vec![0.0; features.len()],
            bias: 0.0,
        }
    }

    /// The log-odds for `x`.
    pub fn logit(&self, x: &[f32]) -> f32 {
        (self.bias
            + self
                .weights
                .iter()
                .zip(x)
                .map(|(w, x)| w * f64::from(*x))
                .sum::<f64>()) as f32
    }

    /// The probability for `x`.
    pub fn probability(&self, x: &[f32]) -> f32 {
        sigmoid(self.logit(x))
    }

    fn matches(&self, names: &[&str]) -> bool {
        self.weights.len() == names.len() && self.features.iter().zip(names).all(|(a, b)| a == b)
    }
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The ranker, the calibrator and the threshold chosen on tuning questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Answer when the calibrated probability reaches this.
    pub threshold: f32,
    /// Orders an article's candidates: P(candidate is the answer).
    pub ranker: Logistic,
    /// P(the top candidate is right), from the ranker's view of the question.
    pub calibrator: Logistic,
}

/// Why a model file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The TOML does not parse (said in the message, not chained too).
    #[error("model file: {0}")]
    Parse(toml::de::Error),
    /// The features differ from the ones this code computes: refit.
    #[error(
        "model file: its features are not the ones this engine computes; run `helpdesk faq fit`"
    )]
    Features,
}

impl From<toml::de::Error> for ModelError {
    fn from(cause: toml::de::Error) -> ModelError {
        ModelError::Parse(cause)
    }
}

impl Model {
    /// Reads and checks a model file.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let model: Model = toml::from_str(text)?;
        if !model.ranker.matches(super::features::CANDIDATE_FEATURES)
            || !model.calibrator.matches(super::features::QUESTION_FEATURES)
        {
            return Err(ModelError::Features);
        }
        Ok(model)
    }

    /// The shipped model. A test parses it, so a broken file cannot ship; a
    /// model that knows nothing declines everything rather than guessing.
    pub fn embedded() -> Model {
        Model::parse(EMBEDDED).unwrap_or_else(|_| Model {
            threshold: 1.0,
            ranker: Logistic::zero(super::features::CANDIDATE_FEATURES),
            calibrator: Logistic::zero(super::features::QUESTION_FEATURES),
        })
    }

    /// The model as a TOML file, with a header saying where it came from.
    pub fn to_file(&self, header: &str) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{header}\n{body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_matches_the_features_of_this_code() {
        let model = Model::parse(EMBEDDED).expect("knowledge/model/ranker.toml is usable");
        assert!(model.threshold > 0.0 && model.threshold < 1.0);
    }

    #[test]
    fn a_model_for_other_features_is_refused() {
        let mut model = Model::parse(EMBEDDED).expect("parses");
        model.ranker.features.swap(0, 1);
        assert!(matches!(
            Model::parse(&model.to_file("# test")),
            Err(ModelError::Features)
        ));
    }
}
