//! How robust is the recommendation? Agreement between aggregation methods, one-at-a-time
//! weight changes that overturn the winner, and SMAA-style rank acceptability under random
//! weights. Pure: seeded, so the same inputs give the same figures.

use super::methods::{DecisionMatrix, Method, Scorer, kendall_tau, order};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Gamma};
use serde::Serialize;

/// How the stochastic analysis draws weights.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SmaaOptions {
    pub samples: usize,
    pub seed: u64,
    /// Each weight is multiplied by a factor drawn uniformly in [1 − spread, 1 + spread].
    pub spread: f64,
    /// When set, weights are drawn from a Dirichlet distribution centred on the profile's, with
    /// this concentration (higher = closer to the profile), instead of the uniform spread.
    pub dirichlet: Option<f64>,
}

impl Default for SmaaOptions {
    fn default() -> Self {
        SmaaOptions {
            samples: 10_000,
            seed: 1,
            spread: 0.2,
            dirichlet: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodResult {
    pub method: Method,
    pub winner: String,
    pub ranking: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tau {
    pub a: Method,
    pub b: Method,
    pub tau: f64,
}

/// The smallest change of one criterion's weight that gives the win to someone else.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flip {
    /// Relative change of the weight, in percent (+50 = half as much again; −100 = zero).
    pub change: f64,
    pub winner: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneAtATime {
    pub criterion: String,
    pub weight: f64,
    pub increase: Option<Flip>,
    pub decrease: Option<Flip>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Acceptability {
    pub id: String,
    /// Share of samples in which it ranks first, second, … (one entry per rank).
    pub ranks: Vec<f64>,
}

/// The total cost of ownership at which an alternative's price changes the winner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceFlip {
    pub id: String,
    /// Its total cost today, in the fleet's currency.
    pub total: f64,
    /// Its price multiplied by this factor changes the winner (above 1 for the winner).
    pub factor: f64,
    /// The total at that point.
    pub total_at_flip: f64,
    pub winner: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Robustness {
    pub method: Method,
    pub methods: Vec<MethodResult>,
    pub kendall: Vec<Tau>,
    pub one_at_a_time: Vec<OneAtATime>,
    pub smaa: SmaaOptions,
    pub acceptability: Vec<Acceptability>,
    /// Whether the sampling also varied prices that are not list prices.
    pub prices_varied: bool,
    /// Whether the sampling also varied the scores of partial, experimental and unknown facts.
    pub facts_varied: bool,
    /// For each alternative with a known cost: the price at which the winner changes.
    pub price_flips: Vec<PriceFlip>,
}

/// Winner index when row `row`'s total is multiplied by `k`.
fn winner_with_price(matrix: &DecisionMatrix, method: Method, row: usize, k: f64) -> usize {
    let cost = matrix.cost.as_ref().expect("caller checked");
    let mut m = matrix.clone();
    let cols = m.cols();
    if let Some((total, _, _)) = cost.rows[row] {
        m.scores[row * cols + cost.col] = cost.score(total * k);
    }
    let mut scores = vec![0.0; m.rows()];
    Scorer::new(method, &m).scores(&m.weights, &mut scores);
    let mut idx = vec![0; m.rows()];
    order(&scores, &m.ids, &mut idx);
    idx[0]
}

/// The price changes that overturn the winner: how much dearer the winner, or how much cheaper
/// another alternative, must be. Found by bisection on a factor of the row's total.
fn price_flips(matrix: &DecisionMatrix, method: Method) -> Vec<PriceFlip> {
    let Some(cost) = &matrix.cost else {
        return Vec::new();
    };
    if matrix.rows() < 2 {
        return Vec::new();
    }
    let base = winner_with_price(matrix, method, 0, 1.0);
    let mut out = Vec::new();
    for (row, r) in cost.rows.iter().enumerate() {
        let Some((total, _, _)) = *r else { continue };
        if total <= 0.0 {
            continue;
        }
        let changed = |k: f64| winner_with_price(matrix, method, row, k) != base;
        // The winner gets dearer (up to ×64); another gets cheaper (down to free).
        let (mut ok, mut bad) = if row == base {
            let Some(k) = (1..=6).map(|e| 2f64.powi(e)).find(|&k| changed(k)) else {
                continue;
            };
            (1.0, k)
        } else {
            if !changed(0.0) {
                continue;
            }
            (1.0, 0.0)
        };
        for _ in 0..40 {
            let mid = (ok + bad) / 2.0;
            if changed(mid) { bad = mid } else { ok = mid }
        }
        let who = winner_with_price(matrix, method, row, bad);
        out.push(PriceFlip {
            id: matrix.ids[row].clone(),
            total,
            factor: (bad * 1000.0).round() / 1000.0,
            total_at_flip: (total * bad).round(),
            winner: matrix.ids[who].clone(),
        });
    }
    out
}

fn ranking(matrix: &DecisionMatrix, method: Method, weights: &[f64]) -> Vec<String> {
    let mut scores = vec![0.0; matrix.rows()];
    Scorer::new(method, matrix).scores(weights, &mut scores);
    let mut idx = vec![0; matrix.rows()];
    order(&scores, &matrix.ids, &mut idx);
    idx.into_iter().map(|i| matrix.ids[i].clone()).collect()
}

/// Weights with criterion `c` multiplied by `1 + delta`, renormalised.
fn tilted(weights: &[f64], c: usize, delta: f64, out: &mut [f64]) {
    out.copy_from_slice(weights);
    out[c] *= 1.0 + delta;
    let sum: f64 = out.iter().sum();
    if sum > 0.0 {
        for w in out.iter_mut() {
            *w /= sum;
        }
    }
}

/// The smallest |δ| in one direction (sign of `dir`) at which the winner changes, to 0.1 %.
fn flip(matrix: &DecisionMatrix, method: Method, c: usize, dir: f64) -> Option<Flip> {
    let scorer = Scorer::new(method, matrix);
    let n = matrix.rows();
    let mut w = vec![0.0; matrix.cols()];
    let mut scores = vec![0.0; n];
    let mut idx = vec![0; n];
    let mut winner_at = |delta: f64| -> usize {
        tilted(&matrix.weights, c, delta, &mut w);
        scorer.scores(&w, &mut scores);
        order(&scores, &matrix.ids, &mut idx);
        idx[0]
    };
    let base = winner_at(0.0);
    // Increases up to ×1000 on a doubling grid; decreases down to −100 % on a fine grid.
    let grid: Vec<f64> = if dir > 0.0 {
        (0..=20)
            .map(|k| 0.01 * 2f64.powi(k))
            .take_while(|d| *d <= 1000.0)
            .collect()
    } else {
        (1..=100).map(|k| -(k as f64) / 100.0).collect()
    };
    let mut lo = 0.0;
    for d in grid {
        if winner_at(d) != base {
            let mut hi = d;
            for _ in 0..40 {
                let mid = (lo + hi) / 2.0;
                if winner_at(mid) != base {
                    hi = mid
                } else {
                    lo = mid
                }
                if (hi - lo).abs() < 1e-4 {
                    break;
                }
            }
            let who = winner_at(hi);
            return Some(Flip {
                change: (hi * 1000.0).round() / 10.0,
                winner: matrix.ids[who].clone(),
            });
        }
        lo = d;
    }
    None
}

/// Runs every analysis on the evaluation's decision matrix.
pub fn analyse(matrix: &DecisionMatrix, method: Method, opts: &SmaaOptions) -> Robustness {
    let methods: Vec<MethodResult> = Method::ALL
        .iter()
        .map(|&m| {
            let r = ranking(matrix, m, &matrix.weights);
            MethodResult {
                method: m,
                winner: r.first().cloned().unwrap_or_default(),
                ranking: r,
            }
        })
        .collect();
    let mut kendall = Vec::new();
    for i in 0..methods.len() {
        for j in i + 1..methods.len() {
            kendall.push(Tau {
                a: methods[i].method,
                b: methods[j].method,
                tau: (kendall_tau(&methods[i].ranking, &methods[j].ranking) * 1000.0).round()
                    / 1000.0,
            });
        }
    }
    let one_at_a_time = if matrix.rows() < 2 {
        Vec::new()
    } else {
        (0..matrix.cols())
            .map(|c| OneAtATime {
                criterion: matrix.criteria[c].clone(),
                weight: matrix.weights[c],
                increase: flip(matrix, method, c, 1.0),
                decrease: if matrix.weights[c] > 0.0 {
                    flip(matrix, method, c, -1.0)
                } else {
                    None
                },
            })
            .collect()
    };
    let acceptability = smaa(matrix, method, opts);
    Robustness {
        method,
        methods,
        kendall,
        one_at_a_time,
        smaa: *opts,
        acceptability,
        prices_varied: matrix.cost.as_ref().is_some_and(|c| c.varies()),
        facts_varied: matrix.facts.iter().any(Option::is_some),
        price_flips: price_flips(matrix, method),
    }
}

/// Rank acceptability: in what share of weight samples each hypervisor takes each rank.
/// The loop allocates nothing: buffers are made once.
pub fn smaa(matrix: &DecisionMatrix, method: Method, opts: &SmaaOptions) -> Vec<Acceptability> {
    let (n, m) = (matrix.rows(), matrix.cols());
    let scorer = Scorer::new(method, matrix);
    // Xoshiro256++: a specified algorithm, so a seed gives the same draws on every platform.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(opts.seed);
    let gammas: Vec<Option<Gamma<f64>>> = match opts.dirichlet {
        Some(k) => matrix
            .weights
            .iter()
            .map(|w| (*w > 0.0).then(|| Gamma::new(k * w, 1.0).ok()).flatten())
            .collect(),
        None => Vec::new(),
    };
    let mut counts = vec![0u32; n * n];
    let mut w = vec![0.0; m];
    let mut scores = vec![0.0; n];
    let mut idx = vec![0usize; n];
    // Uncertain prices and facts: each sample draws every uncertain total uniformly in its
    // interval, and every partial, experimental or unknown fact's score within its band.
    let prices = matrix.cost.as_ref().filter(|c| c.varies());
    let facts = matrix.facts.iter().any(Option::is_some);
    let mut sampled = (prices.is_some() || facts).then(|| matrix.clone());
    for _ in 0..opts.samples {
        if let Some(sm) = sampled.as_mut() {
            for (cell, bands) in matrix.facts.iter().enumerate() {
                if let Some(b) = bands {
                    let mut num = b.certain;
                    for (w, lo, hi) in &b.bands {
                        let u: f64 = rng.random();
                        num += w * (lo + (hi - lo) * u);
                    }
                    sm.scores[cell] = if b.total > 0.0 { num / b.total } else { 0.0 };
                }
            }
            if let Some(c) = prices {
                for (i, r) in c.rows.iter().enumerate() {
                    if let Some((_, lo, hi)) = *r
                        && hi > lo
                    {
                        let u: f64 = rng.random();
                        sm.scores[i * m + c.col] = c.score(lo + (hi - lo) * u);
                    } else if c.quotes.get(i).copied().unwrap_or(false) {
                        // On quote: priced somewhere among the known paid offers.
                        let (lo, hi) = c.quote_band;
                        let u: f64 = rng.random();
                        sm.scores[i * m + c.col] = lo + (hi - lo) * u;
                    }
                }
            }
        }
        if opts.dirichlet.is_some() {
            for (slot, g) in w.iter_mut().zip(&gammas) {
                *slot = g.as_ref().map_or(0.0, |g| g.sample(&mut rng));
            }
        } else {
            for (slot, base) in w.iter_mut().zip(&matrix.weights) {
                let u: f64 = rng.random();
                *slot = base * (1.0 - opts.spread + 2.0 * opts.spread * u);
            }
        }
        let sum: f64 = w.iter().sum();
        if sum > 0.0 {
            for x in w.iter_mut() {
                *x /= sum;
            }
        }
        match &sampled {
            Some(sm) => Scorer::new(method, sm).scores(&w, &mut scores),
            None => scorer.scores(&w, &mut scores),
        }
        order(&scores, &matrix.ids, &mut idx);
        for (rank, &i) in idx.iter().enumerate() {
            counts[i * n + rank] += 1;
        }
    }
    let total = opts.samples.max(1) as f64;
    (0..n)
        .map(|i| Acceptability {
            id: matrix.ids[i].clone(),
            ranks: (0..n)
                .map(|r| (f64::from(counts[i * n + r]) / total * 10_000.0).round() / 10_000.0)
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> DecisionMatrix {
        DecisionMatrix {
            cost: None,
            facts: Vec::new(),
            ids: vec!["a".into(), "b".into(), "c".into()],
            criteria: vec!["x".into(), "y".into()],
            weights: vec![0.6, 0.4],
            scores: vec![1.0, 0.0, 0.0, 1.0, 0.4, 0.4],
        }
    }

    #[test]
    fn one_at_a_time_finds_the_flip_point() {
        // WSM: a = 0.6, b = 0.4. b wins once y's weight w satisfies w/(0.6+w) > 0.5 ... i.e.
        // y's raw weight above 0.6: +50 %; a falls behind when x's weight drops by a third.
        let r = analyse(
            &m(),
            Method::Wsm,
            &SmaaOptions {
                samples: 100,
                ..SmaaOptions::default()
            },
        );
        let y = &r.one_at_a_time[1];
        let inc = y.increase.as_ref().unwrap();
        assert_eq!(inc.winner, "b");
        assert!((inc.change - 50.0).abs() <= 0.2, "{inc:?}");
        let x = &r.one_at_a_time[0];
        let dec = x.decrease.as_ref().unwrap();
        assert!((dec.change + 33.3).abs() <= 0.2, "{dec:?}");
        assert!(x.increase.is_none(), "more weight on x only helps a");
    }

    #[test]
    fn smaa_is_reproducible_and_sums_to_one() {
        let opts = SmaaOptions {
            samples: 2_000,
            seed: 7,
            spread: 0.5,
            dirichlet: None,
        };
        let a = smaa(&m(), Method::Wsm, &opts);
        assert_eq!(a, smaa(&m(), Method::Wsm, &opts));
        for rank in 0..3 {
            let s: f64 = a.iter().map(|x| x.ranks[rank]).sum();
            assert!((s - 1.0).abs() < 1e-3);
        }
        // With ±50 % on 0.6/0.4, b sometimes wins; a wins most often.
        assert!(a[0].ranks[0] > 0.5 && a[1].ranks[0] > 0.0);
        let d = smaa(
            &m(),
            Method::Wsm,
            &SmaaOptions {
                dirichlet: Some(50.0),
                ..opts
            },
        );
        assert!(d[0].ranks[0] > 0.5);
    }

    #[test]
    fn the_price_that_changes_the_winner() {
        use crate::criteria::{CostFunction, Fleet};
        use crate::knowledge::SupportHours;
        let fleet = Fleet {
            hosts: 1,
            sockets_per_host: 1,
            cores_per_socket: 8,
            years: 1,
            support: SupportHours::None,
            vms: 0,
            windows_vms: 0,
            currency: "EUR".into(),
            budget_ceiling: None,
            owned: Vec::new(),
        };
        // Cost scores 1 − total/1000: a costs 200 (0.8), b costs 600 (0.4); the other criterion
        // gives a 0.5 and b 0.8. Equal weights: a 0.65, b 0.60.
        let m = DecisionMatrix {
            ids: vec!["a".into(), "b".into()],
            criteria: vec!["cost".into(), "x".into()],
            weights: vec![0.5, 0.5],
            scores: vec![0.8, 0.5, 0.4, 0.8],
            facts: Vec::new(),
            cost: Some(super::super::methods::CostColumn {
                col: 0,
                function: CostFunction::Linear { zero_at: 1000.0 },
                fleet,
                cheapest: Some(200.0),
                rows: vec![Some((200.0, 200.0, 200.0)), Some((600.0, 400.0, 700.0))],
                quotes: vec![false, false],
                quote_band: (0.4, 0.8),
            }),
        };
        let flips = price_flips(&m, Method::Wsm);
        // a loses once 0.75 − 0.1k < 0.6: k > 1.5, i.e. 300; b wins once 0.9 − 0.3k > 0.65:
        // k < 5/6, i.e. 500.
        assert_eq!(flips.len(), 2);
        assert_eq!((flips[0].id.as_str(), flips[0].winner.as_str()), ("a", "b"));
        assert!((flips[0].factor - 1.5).abs() < 0.002, "{flips:?}");
        assert_eq!(flips[0].total_at_flip, 300.0);
        assert!((flips[1].factor - 5.0 / 6.0).abs() < 0.002, "{flips:?}");
        assert_eq!(flips[1].total_at_flip, 500.0);
        // b's price is uncertain (400–700): below 500, in about a third of the samples, b wins
        // even with the weights fixed (spread 0).
        let opts = SmaaOptions {
            samples: 2_000,
            seed: 3,
            spread: 0.0,
            dirichlet: None,
        };
        let a = smaa(&m, Method::Wsm, &opts);
        assert!((a[1].ranks[0] - 1.0 / 3.0).abs() < 0.04, "{a:?}");
        let mut fixed = m.clone();
        fixed.cost.as_mut().unwrap().rows[1] = Some((600.0, 600.0, 600.0));
        assert_eq!(smaa(&fixed, Method::Wsm, &opts)[0].ranks[0], 1.0);
        // b on quote: its cost score is drawn among the known paid offers' (0.4 to 0.8), so b
        // (0.5 s + 0.4) beats a (0.65) when s > 0.5, in about three samples out of four.
        let mut quote = fixed.clone();
        let c = quote.cost.as_mut().unwrap();
        c.rows[1] = None;
        c.quotes[1] = true;
        let a = smaa(&quote, Method::Wsm, &opts);
        assert!((a[1].ranks[0] - 0.75).abs() < 0.04, "{a:?}");
    }

    #[test]
    fn methods_are_compared() {
        let r = analyse(
            &m(),
            Method::Wsm,
            &SmaaOptions {
                samples: 10,
                ..SmaaOptions::default()
            },
        );
        assert_eq!(r.methods.len(), 3);
        assert_eq!(r.kendall.len(), 3);
        assert_eq!(r.methods[0].winner, "a");
    }
}
