//! The verdict: a clear winner, or a tie when the lead is within the model's resolution.
//!
//! The resolution is measured, not assumed: the rank-acceptability analysis draws the weights
//! within ±20 % (and uncertain prices within their range). A winner that ranks first in fewer
//! than [`TIE_SHARE`] of those samples is not distinguishable from the alternatives that also
//! take first place in at least [`CO_WINNER_SHARE`] of them: the verdict is a tie between them,
//! with the facts that tell them apart.

use super::Evaluation;
use super::robustness::Acceptability;
use crate::knowledge::Support;
use serde::Serialize;

/// A winner must rank first in at least this share of the samples to be called a winner.
pub const TIE_SHARE: f64 = 0.75;
/// An alternative that ranks first in at least this share of the samples is a co-winner.
pub const CO_WINNER_SHARE: f64 = 0.10;
/// How many distinguishing facts a tie lists.
const DIFFERENCES: usize = 5;

/// One fact on which the co-winners differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub criterion: String,
    /// The feature, or `None` for the cost criterion (then `tco` holds the totals).
    pub feature: Option<String>,
    /// Each co-winner's level (as scored), in the order of `Verdict::winners`.
    pub levels: Vec<Support>,
    /// Each co-winner's value, when the fact has one.
    pub values: Vec<Option<crate::knowledge::FactValue>>,
    pub tco: Vec<Option<f64>>,
    /// Criterion weight × sub-weight × the spread of the co-winners' scores.
    pub importance: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub tie: bool,
    /// The winner, or the co-winners in ranking order.
    pub winners: Vec<String>,
    /// The first-rank share of the ranked first alternative.
    pub share: f64,
    pub differences: Vec<Difference>,
}

/// The verdict on `eval` given the rank acceptability of its alternatives.
pub fn verdict(eval: &Evaluation, acceptability: &[Acceptability]) -> Option<Verdict> {
    let first = eval.ranking.first()?;
    let share_of = |id: &str| {
        acceptability
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.ranks.first().copied())
            .unwrap_or(0.0)
    };
    let share = share_of(&first.id);
    let tie = eval.ranking.len() > 1 && share < TIE_SHARE;
    let mut winners = vec![first.id.clone()];
    if tie {
        winners.extend(
            eval.ranking[1..]
                .iter()
                .filter(|r| share_of(&r.id) >= CO_WINNER_SHARE)
                .map(|r| r.id.clone()),
        );
        if winners.len() == 1 {
            winners.push(eval.ranking[1].id.clone());
        }
    }
    let differences = if tie {
        differences(eval, &winners)
    } else {
        Vec::new()
    };
    Some(Verdict {
        tie,
        winners,
        share,
        differences,
    })
}

/// The weightiest facts on which the co-winners' scores differ.
fn differences(eval: &Evaluation, winners: &[String]) -> Vec<Difference> {
    let rows: Vec<_> = winners
        .iter()
        .filter_map(|id| eval.ranking.iter().find(|r| r.id == *id))
        .collect();
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (ci, c) in first.criteria.iter().enumerate() {
        if c.tco.is_some() || c.reasons.is_empty() {
            let scores: Vec<f64> = rows
                .iter()
                .map(|r| r.criteria[ci].score.unwrap_or(0.0))
                .collect();
            let spread = spread(&scores);
            if c.reasons.is_empty() && spread > 1e-9 {
                out.push(Difference {
                    criterion: c.id.clone(),
                    feature: None,
                    levels: Vec::new(),
                    values: Vec::new(),
                    tco: rows.iter().map(|r| r.criteria[ci].tco).collect(),
                    importance: c.weight * spread,
                });
            }
            continue;
        }
        for (j, reason) in c.reasons.iter().enumerate() {
            let scores: Vec<f64> = rows
                .iter()
                .map(|r| r.criteria[ci].reasons[j].score.unwrap_or(0.0))
                .collect();
            let spread = spread(&scores);
            if spread > 1e-9 {
                out.push(Difference {
                    criterion: c.id.clone(),
                    feature: Some(reason.feature.clone()),
                    levels: rows
                        .iter()
                        .map(|r| r.criteria[ci].reasons[j].effective)
                        .collect(),
                    values: rows
                        .iter()
                        .map(|r| r.criteria[ci].reasons[j].value.clone())
                        .collect(),
                    tco: Vec::new(),
                    importance: c.weight * reason.weight * spread,
                });
            }
        }
    }
    out.sort_by(|a, b| b.importance.total_cmp(&a.importance));
    out.truncate(DIFFERENCES);
    out
}

fn spread(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
    if max.is_finite() && min.is_finite() {
        max - min
    } else {
        0.0
    }
}
