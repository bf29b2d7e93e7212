//! Aggregation methods over a decision matrix (hypervisors × criterion scores in [0, 1]).
//!
//! Hypervisor features are mostly yes/no, so columns can be constant or all zero and scores can
//! be exactly 0. Each method is written so that none of that yields NaN or a division by zero:
//! - `wsm`: Σ wᵢsᵢ / Σ wᵢ over the criteria the hypervisor has a score for (0 when none).
//! - `wpm`: the weighted geometric mean Π sᵢ^(wᵢ/Σw); a score below 0.01 counts as 0.01, so a
//!   single absent criterion lowers the product instead of zeroing it; a zero weight gives a
//!   factor of 1.
//! - `topsis`: each column divided by its Euclidean norm (an all-zero column stays zero),
//!   weighted, then the closeness Dˉ / (D⁺ + Dˉ) to the ideal and anti-ideal; when a hypervisor
//!   equals both (every weighted column constant), its closeness is 0.5.
//!
//! A score left out by the unknown policy `exclude` is NaN in the matrix and skipped.

use serde::Serialize;

/// How criterion scores are aggregated into a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Wsm,
    Wpm,
    Topsis,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Wsm, Method::Wpm, Method::Topsis];

    pub fn name(self) -> &'static str {
        match self {
            Method::Wsm => "wsm",
            Method::Wpm => "wpm",
            Method::Topsis => "topsis",
        }
    }
}

/// The floor `wpm` puts under scores so that one zero does not annihilate the product.
pub const WPM_FLOOR: f64 = 0.01;

/// Criterion scores of each ranked hypervisor, row-major; NaN marks a score left out.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionMatrix {
    pub ids: Vec<String>,
    pub criteria: Vec<String>,
    /// Normalised weights (sum 1, or all 0).
    pub weights: Vec<f64>,
    pub scores: Vec<f64>,
    /// The cost criterion's inputs, so robustness can vary uncertain prices.
    pub cost: Option<CostColumn>,
    /// Per cell (row-major), the facts whose level is uncertain, so robustness can vary them;
    /// empty when there is none.
    pub facts: Vec<Option<CellBands>>,
}

/// A criterion score made of certain facts and uncertain ones (partial, experimental, unknown):
/// score = (certain + Σ weight × level) / total weight, each uncertain level within its band.
#[derive(Debug, Clone, PartialEq)]
pub struct CellBands {
    pub certain: f64,
    pub total: f64,
    /// (sub-weight, lowest, highest score) of each uncertain fact.
    pub bands: Vec<(f64, f64, f64)>,
}

/// What a cost criterion's column is made of: each row's total cost of ownership and the
/// interval it may lie in (prices below `list` confidence), and the value function.
#[derive(Debug, Clone, PartialEq)]
pub struct CostColumn {
    pub col: usize,
    pub function: crate::criteria::CostFunction,
    pub fleet: crate::criteria::Fleet,
    pub cheapest: Option<f64>,
    /// Per row: (total, lowest, highest) in the fleet's currency; `None` on quote.
    pub rows: Vec<Option<(f64, f64, f64)>>,
    /// Rows whose edition is sold on quote only: their score is drawn within `quote_band`.
    pub quotes: Vec<bool>,
    /// The scores of the paid offers whose totals are known, lowest and highest: a price on
    /// quote is taken to lie somewhere among them.
    pub quote_band: (f64, f64),
}

impl CostColumn {
    /// The column's score for a total.
    pub fn score(&self, total: f64) -> f64 {
        super::cost::score(self.function, Some(total), self.cheapest, &self.fleet).unwrap_or(0.0)
    }

    /// Whether any row's total is uncertain.
    pub fn varies(&self) -> bool {
        self.rows.iter().flatten().any(|(_, lo, hi)| hi > lo)
            || (self.quotes.iter().any(|q| *q) && self.quote_band.1 > self.quote_band.0)
    }
}

impl DecisionMatrix {
    pub fn rows(&self) -> usize {
        self.ids.len()
    }

    pub fn cols(&self) -> usize {
        self.criteria.len()
    }

    pub fn row(&self, i: usize) -> &[f64] {
        let m = self.cols();
        &self.scores[i * m..(i + 1) * m]
    }
}

/// Scores a matrix under any weight vector without allocating (the sensitivity hot loop).
pub struct Scorer<'a> {
    method: Method,
    matrix: &'a DecisionMatrix,
    /// TOPSIS: vector-normalised columns, and each column's best and worst normalised value.
    normalised: Vec<f64>,
    best: Vec<f64>,
    worst: Vec<f64>,
}

impl<'a> Scorer<'a> {
    pub fn new(method: Method, matrix: &'a DecisionMatrix) -> Scorer<'a> {
        let (n, m) = (matrix.rows(), matrix.cols());
        let mut normalised = Vec::new();
        let mut best = Vec::new();
        let mut worst = Vec::new();
        if method == Method::Topsis {
            normalised = vec![f64::NAN; n * m];
            best = vec![0.0; m];
            worst = vec![0.0; m];
            for j in 0..m {
                let norm = (0..n)
                    .map(|i| matrix.scores[i * m + j])
                    .filter(|x| !x.is_nan())
                    .map(|x| x * x)
                    .sum::<f64>()
                    .sqrt();
                let (mut hi, mut lo) = (f64::NEG_INFINITY, f64::INFINITY);
                for i in 0..n {
                    let x = matrix.scores[i * m + j];
                    if x.is_nan() {
                        continue;
                    }
                    let r = if norm > 0.0 { x / norm } else { 0.0 };
                    normalised[i * m + j] = r;
                    hi = hi.max(r);
                    lo = lo.min(r);
                }
                best[j] = if hi.is_finite() { hi } else { 0.0 };
                worst[j] = if lo.is_finite() { lo } else { 0.0 };
            }
        }
        Scorer {
            method,
            matrix,
            normalised,
            best,
            worst,
        }
    }

    /// Writes each hypervisor's total in [0, 1] under `weights` into `out`.
    pub fn scores(&self, weights: &[f64], out: &mut [f64]) {
        let m = self.matrix.cols();
        for (i, slot) in out.iter_mut().enumerate().take(self.matrix.rows()) {
            let row = self.matrix.row(i);
            *slot = match self.method {
                Method::Wsm => {
                    let (mut num, mut den) = (0.0, 0.0);
                    for (s, w) in row.iter().zip(weights) {
                        if !s.is_nan() {
                            num += w * s;
                            den += w;
                        }
                    }
                    if den > 0.0 { num / den } else { 0.0 }
                }
                Method::Wpm => {
                    let (mut log, mut den) = (0.0, 0.0);
                    for (s, w) in row.iter().zip(weights) {
                        if !s.is_nan() && *w > 0.0 {
                            log += w * s.max(WPM_FLOOR).ln();
                            den += w;
                        }
                    }
                    if den > 0.0 { (log / den).exp() } else { 0.0 }
                }
                Method::Topsis => {
                    let (mut plus, mut minus) = (0.0, 0.0);
                    let normalised = &self.normalised[i * m..(i + 1) * m];
                    for (((r, w), best), worst) in normalised
                        .iter()
                        .zip(weights)
                        .zip(&self.best)
                        .zip(&self.worst)
                    {
                        if r.is_nan() {
                            continue;
                        }
                        let w2 = w * w;
                        plus += w2 * (r - best) * (r - best);
                        minus += w2 * (r - worst) * (r - worst);
                    }
                    let (plus, minus) = (plus.sqrt(), minus.sqrt());
                    if plus + minus > 0.0 {
                        minus / (plus + minus)
                    } else {
                        0.5
                    }
                }
            };
        }
    }
}

/// Indices of the hypervisors from best to worst: higher score first, ties (to 1e-9) by
/// position, and positions follow the ids' order (the matrix rows are sorted by id).
pub fn order(scores: &[f64], ids: &[String], out: &mut [usize]) {
    debug_assert!(ids.windows(2).all(|w| w[0] <= w[1]), "rows sorted by id");
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = i;
    }
    // Insertion sort: a dozen rows, no allocation. A score must beat another by more than 1e-9
    // to pass it, so float noise never reorders hypervisors that tie.
    for i in 1..out.len() {
        let item = out[i];
        let k = scores[item] - 1e-9;
        let mut j = i;
        while j > 0 && scores[out[j - 1]] < k {
            out[j] = out[j - 1];
            j -= 1;
        }
        out[j] = item;
    }
}

/// Kendall's τ between two strict rankings of the same items (each a list of ids, best first).
pub fn kendall_tau(a: &[String], b: &[String]) -> f64 {
    let n = a.len();
    if n < 2 {
        return 1.0;
    }
    let pos = |list: &[String], id: &str| list.iter().position(|x| x == id).unwrap_or(usize::MAX);
    let mut concordant = 0i64;
    let mut discordant = 0i64;
    for i in 0..n {
        for j in i + 1..n {
            let (x, y) = (&a[i], &a[j]);
            let (pi, pj) = (pos(b, x), pos(b, y));
            if pi < pj {
                concordant += 1;
            } else {
                discordant += 1;
            }
        }
    }
    (concordant - discordant) as f64 / (n * (n - 1) / 2) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[(&str, &[f64])], weights: &[f64]) -> DecisionMatrix {
        DecisionMatrix {
            cost: None,
            facts: Vec::new(),
            ids: rows.iter().map(|(id, _)| id.to_string()).collect(),
            criteria: (0..weights.len()).map(|j| format!("c{j}")).collect(),
            weights: weights.to_vec(),
            scores: rows.iter().flat_map(|(_, s)| s.iter().copied()).collect(),
        }
    }

    fn totals(method: Method, m: &DecisionMatrix) -> Vec<f64> {
        let mut out = vec![0.0; m.rows()];
        Scorer::new(method, m).scores(&m.weights, &mut out);
        out
    }

    #[test]
    fn yes_no_columns_never_give_nan() {
        // A constant column, an all-zero column, a zero weight and zero scores.
        let m = matrix(
            &[
                ("a", &[1.0, 0.0, 1.0, 0.0]),
                ("b", &[1.0, 0.0, 0.0, 1.0]),
                ("c", &[1.0, 0.0, 0.0, 0.0]),
            ],
            &[0.4, 0.3, 0.3, 0.0],
        );
        for method in Method::ALL {
            let t = totals(method, &m);
            assert!(
                t.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)),
                "{method:?}: {t:?}"
            );
        }
        assert_eq!(totals(Method::Wsm, &m), vec![0.7, 0.4, 0.4]);
        // WPM: a zero counts as 0.01; weight 0 ignores the last column.
        let wpm = totals(Method::Wpm, &m);
        assert!((wpm[0] - 0.01f64.powf(0.3)).abs() < 1e-12);
        assert!((wpm[1] - wpm[2]).abs() < 1e-12);
    }

    #[test]
    fn topsis_matches_a_hand_computation() {
        // Two criteria with equal weights.
        let m = matrix(&[("a", &[0.6, 0.0]), ("b", &[0.8, 1.0])], &[0.5, 0.5]);
        let t = totals(Method::Topsis, &m);
        // Both column norms are 1; ideal (0.8, 1), anti-ideal (0.6, 0): a is the anti-ideal.
        let (dp_a, dm_a) = ((0.25f64 * 0.04 + 0.25).sqrt(), 0.0);
        assert!((t[0] - dm_a / (dp_a + dm_a)).abs() < 1e-12);
        assert!((t[1] - 1.0).abs() < 1e-12);
        // All alternatives identical: indifferent.
        let same = matrix(&[("a", &[1.0, 0.5]), ("b", &[1.0, 0.5])], &[0.5, 0.5]);
        assert_eq!(totals(Method::Topsis, &same), vec![0.5, 0.5]);
    }

    #[test]
    fn kendall_tau_counts_pairs() {
        let ids = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(kendall_tau(&ids("a,b,c,d"), &ids("a,b,c,d")), 1.0);
        assert_eq!(kendall_tau(&ids("a,b,c,d"), &ids("d,c,b,a")), -1.0);
        assert!((kendall_tau(&ids("a,b,c"), &ids("b,a,c")) - 1.0 / 3.0).abs() < 1e-12);
    }
}
