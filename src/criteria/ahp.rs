//! Weights from pairwise comparisons (AHP): Saaty's 1–9 scale, principal eigenvector,
//! consistency ratio against a published random-index table.

use crate::yaml::Keyword;
use serde::Serialize;

/// A published table of random consistency indices (mean CI of random reciprocal matrices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RandomIndex {
    /// Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill; n ≤ 10.
    #[serde(rename = "saaty-1980")]
    Saaty1980,
    /// Saaty (2005), *Theory and Applications of the Analytic Network Process*, RWS, p. 31;
    /// n ≤ 15 (also attributed to Saaty & Tran 2007).
    #[serde(rename = "saaty-2005")]
    Saaty2005,
    /// Donegan & Dodd (1991), "A note on Saaty's random indexes", Mathematical and Computer
    /// Modelling 15(10), 135–137; n ≤ 15 here.
    #[serde(rename = "donegan-dodd-1991")]
    DoneganDodd1991,
}

impl Keyword for RandomIndex {
    const ALL: &'static [(&'static str, RandomIndex)] = &[
        ("saaty-1980", RandomIndex::Saaty1980),
        ("saaty-2005", RandomIndex::Saaty2005),
        ("donegan-dodd-1991", RandomIndex::DoneganDodd1991),
    ];
}

impl RandomIndex {
    /// The index for an n×n matrix; `None` beyond the table.
    pub fn value(self, n: usize) -> Option<f64> {
        let table: &[f64] = match self {
            RandomIndex::Saaty1980 => &[0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49],
            RandomIndex::Saaty2005 => &[
                0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58,
                1.59,
            ],
            RandomIndex::DoneganDodd1991 => &[
                0.0, 0.0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213,
                1.4497, 1.4643, 1.4822, 1.4969,
            ],
        };
        n.checked_sub(1).and_then(|i| table.get(i)).copied()
    }
}

/// "`a` is `value` times as important as `b`".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    pub a: String,
    pub b: String,
    pub value: f64,
}

/// A judgement that disagrees most with the derived weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inconsistency {
    pub a: String,
    pub b: String,
    pub given: f64,
    /// The ratio the derived weights imply (w_a / w_b).
    pub implied: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ahp {
    pub criteria: Vec<String>,
    pub weights: Vec<f64>,
    pub lambda_max: f64,
    pub consistency_index: f64,
    pub random_index_table: RandomIndex,
    pub random_index: Option<f64>,
    /// CI / RI; `None` when the table has no index for this size (or it is 0, n ≤ 2).
    pub consistency_ratio: Option<f64>,
    /// Judgements ordered by how far they are from the weights, worst first (at most 3).
    pub most_inconsistent: Vec<Inconsistency>,
}

/// Above this consistency ratio, judgements are considered inconsistent (Saaty).
pub const CR_LIMIT: f64 = 0.10;

/// Derives weights from a complete set of judgements over `criteria` (every pair once).
pub fn derive(criteria: &[String], judgements: &[Judgement], table: RandomIndex) -> Ahp {
    let n = criteria.len();
    let index: std::collections::BTreeMap<&str, usize> = criteria
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let idx = |id: &str| index[id];
    let mut a = vec![1.0; n * n];
    for j in judgements {
        let (r, c) = (idx(&j.a), idx(&j.b));
        a[r * n + c] = j.value;
        a[c * n + r] = 1.0 / j.value;
    }
    // Principal eigenvector by power iteration (the matrix is positive, so it converges).
    let mut w = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..10_000 {
        for r in 0..n {
            next[r] = (0..n).map(|c| a[r * n + c] * w[c]).sum();
        }
        let sum: f64 = next.iter().sum();
        let mut delta: f64 = 0.0;
        for (x, y) in w.iter_mut().zip(&next) {
            let v = y / sum;
            delta = delta.max((v - *x).abs());
            *x = v;
        }
        if delta < 1e-15 {
            break;
        }
    }
    let lambda_max = (0..n)
        .map(|r| (0..n).map(|c| a[r * n + c] * w[c]).sum::<f64>() / w[r])
        .sum::<f64>()
        / n as f64;
    let consistency_index = if n > 2 {
        (lambda_max - n as f64) / (n as f64 - 1.0)
    } else {
        0.0
    };
    let random_index = table.value(n);
    let consistency_ratio = random_index
        .filter(|ri| *ri > 0.0)
        .map(|ri| consistency_index / ri);
    let mut most_inconsistent: Vec<Inconsistency> = judgements
        .iter()
        .map(|j| Inconsistency {
            a: j.a.clone(),
            b: j.b.clone(),
            given: j.value,
            implied: w[idx(&j.a)] / w[idx(&j.b)],
        })
        .collect();
    let dev = |x: &Inconsistency| (x.given / x.implied).ln().abs();
    most_inconsistent.sort_by(|x, y| dev(y).total_cmp(&dev(x)).then(x.a.cmp(&y.a)));
    most_inconsistent.truncate(3);
    Ahp {
        criteria: criteria.to_vec(),
        weights: w,
        lambda_max,
        consistency_index,
        random_index_table: table,
        random_index,
        consistency_ratio,
        most_inconsistent,
    }
}

/// Parses a judgement value: a number or a fraction such as `1/3`, within Saaty's 1/9–9.
pub fn parse_value(s: &str) -> Option<f64> {
    let v = match s.split_once('/') {
        Some((x, y)) => x.trim().parse::<f64>().ok()? / y.trim().parse::<f64>().ok()?,
        None => s.trim().parse::<f64>().ok()?,
    };
    (v.is_finite() && (1.0 / 9.0 - 1e-9..=9.0 + 1e-9).contains(&v)).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services
    /// Sciences 1(1): relative consumption of drinks in the United States. Published weights:
    /// coffee .177, wine .019, tea .042, beer .116, sodas .190, milk .129, water .327.
    #[test]
    fn saaty_drinks_example() {
        let names = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"];
        let upper: [&[&str]; 6] = [
            &["9", "5", "2", "1", "1", "1/2"],
            &["1/3", "1/9", "1/9", "1/9", "1/9"],
            &["1/3", "1/4", "1/3", "1/9"],
            &["1/2", "1", "1/3"],
            &["2", "1/2"],
            &["1/3"],
        ];
        let criteria: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let mut judgements = Vec::new();
        for (i, row) in upper.iter().enumerate() {
            for (k, v) in row.iter().enumerate() {
                judgements.push(Judgement {
                    a: names[i].into(),
                    b: names[i + 1 + k].into(),
                    value: parse_value(v).unwrap(),
                });
            }
        }
        let ahp = derive(&criteria, &judgements, RandomIndex::Saaty1980);
        let rounded: Vec<f64> = ahp
            .weights
            .iter()
            .map(|w| (w * 1000.0).round() / 1000.0)
            .collect();
        assert_eq!(
            rounded,
            vec![0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
        );
        assert!((ahp.lambda_max - 7.1766).abs() < 1e-3, "{}", ahp.lambda_max);
        let cr = ahp.consistency_ratio.unwrap();
        assert!((cr - 0.0223).abs() < 1e-3, "{cr}");
        let with_2005 = derive(&criteria, &judgements, RandomIndex::Saaty2005);
        assert!((with_2005.consistency_ratio.unwrap() - 0.0218).abs() < 1e-3);
        let dd = derive(&criteria, &judgements, RandomIndex::DoneganDodd1991);
        assert!((dd.consistency_ratio.unwrap() - 0.0235).abs() < 1e-3);
    }

    #[test]
    fn consistent_judgements_have_zero_ratio_and_inconsistent_ones_are_named() {
        let c: Vec<String> = ["x", "y", "z"].iter().map(|s| s.to_string()).collect();
        let j = |a: &str, b: &str, v: f64| Judgement {
            a: a.into(),
            b: b.into(),
            value: v,
        };
        let ok = derive(
            &c,
            &[j("x", "y", 2.0), j("y", "z", 2.0), j("x", "z", 4.0)],
            RandomIndex::Saaty1980,
        );
        assert!(ok.consistency_ratio.unwrap().abs() < 1e-9);
        assert!((ok.weights[0] - 4.0 / 7.0).abs() < 1e-9);
        // x > y > z but z > x: a cycle, badly inconsistent.
        let bad = derive(
            &c,
            &[j("x", "y", 5.0), j("y", "z", 5.0), j("x", "z", 1.0 / 5.0)],
            RandomIndex::Saaty1980,
        );
        assert!(bad.consistency_ratio.unwrap() > CR_LIMIT);
        assert_eq!(bad.most_inconsistent.len(), 3);
    }

    #[test]
    fn values_follow_saatys_scale() {
        assert_eq!(parse_value("1/3"), Some(1.0 / 3.0));
        assert_eq!(parse_value("9"), Some(9.0));
        assert_eq!(parse_value("10"), None);
        assert_eq!(parse_value("1/10"), None);
        assert_eq!(parse_value("x"), None);
    }
}
