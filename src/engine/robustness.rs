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

/// Samples are drawn in chunks of this many, each from its own seeded generator: the first
/// chunk's generator is the one the seed gives, so up to this many samples the draws are those
/// of a single sequence, and the chunks can run on any number of threads with the same result.
pub const SMAA_CHUNK: usize = 1 << 16;

/// Rank acceptability: in what share of weight samples each hypervisor takes each rank.
///
/// The samples are split into fixed chunks ([`SMAA_CHUNK`]), each with its own generator
/// derived from the seed and the chunk's number, shared among the machine's cores; rank counts
/// are added up as integers, so the result depends on the seed only, never on the number of
/// threads. Inside a chunk nothing is allocated.
pub fn smaa(matrix: &DecisionMatrix, method: Method, opts: &SmaaOptions) -> Vec<Acceptability> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    smaa_on(matrix, method, opts, threads)
}

/// [`smaa`] on at most `threads` threads (the result is the same for any number).
pub fn smaa_on(
    matrix: &DecisionMatrix,
    method: Method,
    opts: &SmaaOptions,
    threads: usize,
) -> Vec<Acceptability> {
    let n = matrix.rows();
    let chunks = opts.samples.div_ceil(SMAA_CHUNK);
    let threads = threads.clamp(1, chunks.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut counts = vec![0u64; n * n];
        let mut sampler = Sampler::new(matrix, method, opts);
        loop {
            let c = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if c >= chunks {
                break;
            }
            let len = SMAA_CHUNK.min(opts.samples - c * SMAA_CHUNK);
            sampler.chunk(c, len, &mut counts);
        }
        counts
    };
    let counts: Vec<u64> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            let mut total = vec![0u64; n * n];
            for h in handles {
                for (t, c) in total.iter_mut().zip(h.join().expect("sampling thread")) {
                    *t += c;
                }
            }
            total
        })
    };
    let total = opts.samples.max(1) as f64;
    (0..n)
        .map(|i| Acceptability {
            id: matrix.ids[i].clone(),
            ranks: (0..n)
                .map(|r| (counts[i * n + r] as f64 / total * 10_000.0).round() / 10_000.0)
                .collect(),
        })
        .collect()
}

/// One thread's buffers for drawing samples and counting ranks.
struct Sampler<'a> {
    matrix: &'a DecisionMatrix,
    method: Method,
    opts: &'a SmaaOptions,
    gammas: Vec<Option<Gamma<f64>>>,
    /// The matrix as drawn for the current sample (uncertain facts and prices), when any vary.
    sampled: Option<DecisionMatrix>,
    /// For the weighted sum, column by column (criterion-major): scores with missing cells as
    /// 0, and 1 where a cell is present, so the inner loop is a multiply-add over the systems
    /// that the compiler vectorises, summing each system's terms in criterion order as before.
    filled: Vec<f64>,
    present: Vec<f64>,
    /// Whether any cell is missing (else every system's denominator is the weights' sum).
    gaps: bool,
    num: Vec<f64>,
    den: Vec<f64>,
    w: Vec<f64>,
    scores: Vec<f64>,
    idx: Vec<usize>,
    ranks: Vec<usize>,
    /// Whether [`Sampler::batched`] may be used (the tests compare it with one at a time).
    batch: bool,
}

impl<'a> Sampler<'a> {
    fn new(matrix: &'a DecisionMatrix, method: Method, opts: &'a SmaaOptions) -> Sampler<'a> {
        let (n, m) = (matrix.rows(), matrix.cols());
        let gammas = match opts.dirichlet {
            Some(k) => matrix
                .weights
                .iter()
                .map(|w| (*w > 0.0).then(|| Gamma::new(k * w, 1.0).ok()).flatten())
                .collect(),
            None => Vec::new(),
        };
        let prices = matrix.cost.as_ref().filter(|c| c.varies());
        let facts = matrix.facts.iter().any(Option::is_some);
        Sampler {
            matrix,
            method,
            opts,
            gammas,
            sampled: (prices.is_some() || facts).then(|| matrix.clone()),
            filled: (0..m * n)
                .map(|k| matrix.scores[(k % n) * m + k / n])
                .map(|x| if x.is_nan() { 0.0 } else { x })
                .collect(),
            present: (0..m * n)
                .map(|k| matrix.scores[(k % n) * m + k / n])
                .map(|x| if x.is_nan() { 0.0 } else { 1.0 })
                .collect(),
            gaps: matrix.scores.iter().any(|x| x.is_nan()),
            num: vec![0.0; n],
            den: vec![0.0; n],
            w: vec![0.0; m],
            scores: vec![0.0; n],
            idx: vec![0; n],
            ranks: vec![0; n],
            batch: true,
        }
    }

    /// Draws `len` samples of chunk `c` and adds each system's rank to `counts`.
    fn chunk(&mut self, c: usize, len: usize, counts: &mut [u64]) {
        let matrix = self.matrix;
        let (n, m) = (matrix.rows(), matrix.cols());
        // Xoshiro256++: a specified algorithm, so a seed gives the same draws on every platform.
        // Chunk 0 draws from the seed itself; chunk c from the seed moved by c golden-ratio steps
        // (SplitMix64 then spreads it over the whole state).
        let seed = self
            .opts
            .seed
            .wrapping_add((c as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let prices = matrix.cost.as_ref().filter(|c| c.varies());
        if self.batch
            && self.method == Method::Wsm
            && self.sampled.is_none()
            && !self.gaps
            && n <= 64
        {
            self.batched(&mut rng, len, counts);
            return;
        }
        for _ in 0..len {
            // Uncertain prices and facts: each sample draws every uncertain total uniformly in
            // its interval, and every partial, experimental or unknown fact's score within its
            // band.
            if let Some(sm) = self.sampled.as_mut() {
                for (cell, bands) in matrix.facts.iter().enumerate() {
                    if let Some(b) = bands {
                        let mut num = b.certain;
                        for (w, lo, hi) in &b.bands {
                            let u: f64 = rng.random();
                            num += w * (lo + (hi - lo) * u);
                        }
                        let x = if b.total > 0.0 { num / b.total } else { 0.0 };
                        sm.scores[cell] = x;
                        let k = (cell % m) * n + cell / m;
                        self.filled[k] = x;
                        self.gaps |= self.present[k] == 0.0;
                        self.present[k] = 1.0;
                    }
                }
                if let Some(c) = prices {
                    for (i, r) in c.rows.iter().enumerate() {
                        let cell = i * m + c.col;
                        if let Some((_, lo, hi)) = *r
                            && hi > lo
                        {
                            let u: f64 = rng.random();
                            sm.scores[cell] = c.score(lo + (hi - lo) * u);
                            let k = c.col * n + i;
                            self.filled[k] = sm.scores[cell];
                            self.gaps |= self.present[k] == 0.0;
                            self.present[k] = 1.0;
                        } else if c.quotes.get(i).copied().unwrap_or(false) {
                            // On quote: priced somewhere among the known paid offers.
                            let (lo, hi) = c.quote_band;
                            let u: f64 = rng.random();
                            sm.scores[cell] = lo + (hi - lo) * u;
                            let k = c.col * n + i;
                            self.filled[k] = sm.scores[cell];
                            self.gaps |= self.present[k] == 0.0;
                            self.present[k] = 1.0;
                        }
                    }
                }
            }
            let sum = self.draw_weights(&mut rng);
            // The weighted sum over complete rows divides every total by the same sum of
            // weights: the ranks are those of the raw totals with the tolerance scaled by it,
            // so neither the weights nor the totals need dividing.
            let raw = self.method == Method::Wsm && !self.gaps;
            if sum > 0.0 && !raw {
                for x in self.w.iter_mut() {
                    *x /= sum;
                }
            }
            let mut tolerance = 1e-9;
            match (self.method, &self.sampled) {
                (Method::Wsm, _) if raw => {
                    self.scores.fill(0.0);
                    for (j, &w) in self.w.iter().enumerate() {
                        let col = &self.filled[j * n..(j + 1) * n];
                        for (score, s) in self.scores.iter_mut().zip(col) {
                            *score += w * s;
                        }
                    }
                    tolerance *= sum.max(0.0);
                }
                (Method::Wsm, _) => {
                    self.num.fill(0.0);
                    self.den.fill(0.0);
                    for (j, &w) in self.w.iter().enumerate() {
                        let col = &self.filled[j * n..(j + 1) * n];
                        for (num, s) in self.num.iter_mut().zip(col) {
                            *num += w * s;
                        }
                        if self.gaps {
                            let mask = &self.present[j * n..(j + 1) * n];
                            for (den, p) in self.den.iter_mut().zip(mask) {
                                *den += w * p;
                            }
                        }
                    }
                    if !self.gaps {
                        // Every cell present: each denominator is the weights' sum, added in
                        // the same order.
                        let den = self.w.iter().fold(0.0, |a, w| a + w * 1.0);
                        self.den.fill(den);
                    }
                    for ((score, num), den) in self.scores.iter_mut().zip(&self.num).zip(&self.den)
                    {
                        *score = if *den > 0.0 { num / den } else { 0.0 };
                    }
                }
                (_, Some(sm)) => Scorer::new(self.method, sm).scores(&self.w, &mut self.scores),
                (_, None) => Scorer::new(self.method, matrix).scores(&self.w, &mut self.scores),
            }
            if !count_ranks(&self.scores, tolerance, &mut self.ranks) {
                // Near-ties that do not chain (a ≈ b ≈ c, a ≉ c): the insertion order decides.
                order(&self.scores, &matrix.ids, &mut self.idx);
                for (rank, &i) in self.idx.iter().enumerate() {
                    self.ranks[i] = rank;
                }
            }
            for (i, &rank) in self.ranks.iter().enumerate() {
                counts[i * n + rank] += 1;
            }
        }
    }
}

impl Sampler<'_> {
    /// Draws one sample's weights into `self.w` and returns their sum.
    fn draw_weights(&mut self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        if self.opts.dirichlet.is_some() {
            for (slot, g) in self.w.iter_mut().zip(&self.gammas) {
                *slot = g.as_ref().map_or(0.0, |g| g.sample(rng));
            }
        } else {
            let spread = self.opts.spread;
            for (slot, base) in self.w.iter_mut().zip(&self.matrix.weights) {
                let u: f64 = rng.random();
                *slot = base * (1.0 - spread + 2.0 * spread * u);
            }
        }
        self.w.iter().sum()
    }

    /// The weighted sum over a fixed, complete matrix (only the weights vary), [`LANES`]
    /// samples at a time: the samples lie side by side, so every multiply-add and every
    /// comparison works on a whole batch, and each system's total is summed in criterion order
    /// exactly as one sample at a time would (no fused multiply-add: the same figures).
    fn batched(&mut self, rng: &mut Xoshiro256PlusPlus, len: usize, counts: &mut [u64]) {
        let (n, m) = (self.matrix.rows(), self.matrix.cols());
        let mut batch = Batch {
            w: vec![[0.0; LANES]; m],
            tolerance: [0.0; LANES],
            scores: vec![[0.0; LANES]; n],
            ahead: vec![[0; LANES]; n],
            seen: [0; LANES],
        };
        let mut done = 0;
        while done < len {
            let lanes = LANES.min(len - done);
            for lane in 0..lanes {
                let sum = self.draw_weights(rng);
                for (slot, &w) in batch.w.iter_mut().zip(&self.w) {
                    slot[lane] = w;
                }
                batch.tolerance[lane] = 1e-9 * sum.max(0.0);
            }
            batch.rank(&self.matrix.scores);
            let all = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
            if batch.seen[..lanes].iter().all(|&seen| seen == all) {
                for (i, ahead) in batch.ahead.iter().enumerate() {
                    let row = &mut counts[i * n..(i + 1) * n];
                    for &rank in &ahead[..lanes] {
                        row[rank as usize] += 1;
                    }
                }
            } else {
                for lane in 0..lanes {
                    for (slot, ahead) in self.ranks.iter_mut().zip(&batch.ahead) {
                        *slot = ahead[lane] as usize;
                    }
                    if batch.seen[lane] != all {
                        // Near-ties that do not chain: as one sample at a time would.
                        for i in 0..n {
                            self.scores[i] = batch.scores[i][lane];
                        }
                        order(&self.scores, &self.matrix.ids, &mut self.idx);
                        for (rank, &i) in self.idx.iter().enumerate() {
                            self.ranks[i] = rank;
                        }
                    }
                    for (i, &rank) in self.ranks.iter().enumerate() {
                        counts[i * n + rank] += 1;
                    }
                }
            }
            done += lanes;
        }
    }
}

/// Samples side by side in [`Sampler::batched`].
const LANES: usize = 8;

/// One batch of [`LANES`] samples: weights per criterion, tolerance, totals per system, how
/// many systems are ahead of each, and which ranks were taken.
struct Batch {
    w: Vec<[f64; LANES]>,
    tolerance: [f64; LANES],
    scores: Vec<[f64; LANES]>,
    ahead: Vec<[u64; LANES]>,
    /// Per sample, a bit for every rank taken.
    seen: [u64; LANES],
}

impl Batch {
    /// Totals and ranks of the batch, on the widest vectors this processor has.
    fn rank(&mut self, rows: &[f64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the processor has just been checked to support AVX-512.
            unsafe { self.rank_avx512(rows) };
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has just been checked to support AVX2.
            unsafe { self.rank_avx2(rows) };
            return;
        }
        self.rank_portable(rows);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    fn rank_avx512(&mut self, rows: &[f64]) {
        self.rank_portable(rows);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn rank_avx2(&mut self, rows: &[f64]) {
        self.rank_portable(rows);
    }

    /// The weighted totals (`rows`: the matrix's scores, system by system), then, for
    /// every pair of systems, which is ahead: of `i < k`, `k` is ahead when higher by more
    /// than the tolerance, else `i` is (as [`count_ranks`] decides both ways).
    #[inline(always)]
    // Lane loops index several arrays in step: the form the vectoriser turns into one
    // instruction per operation.
    #[allow(clippy::needless_range_loop)]
    fn rank_portable(&mut self, rows: &[f64]) {
        let n = self.scores.len();
        let m = self.w.len();
        for (s, row) in self.scores.iter_mut().zip(rows.chunks_exact(m)) {
            let mut total = [0.0; LANES];
            for (w, &f) in self.w.iter().zip(row) {
                for lane in 0..LANES {
                    total[lane] += w[lane] * f;
                }
            }
            *s = total;
        }
        let tolerance = self.tolerance;
        for i in 0..n {
            let si = self.scores[i];
            let mut ahead = [0u64; LANES];
            for sk in &self.scores[..i] {
                for lane in 0..LANES {
                    ahead[lane] += u64::from(sk[lane] - si[lane] >= -tolerance[lane]);
                }
            }
            for sk in &self.scores[i + 1..] {
                for lane in 0..LANES {
                    ahead[lane] += u64::from(sk[lane] - si[lane] > tolerance[lane]);
                }
            }
            self.ahead[i] = ahead;
        }
        // The ranks are a permutation unless near-ties do not chain.
        self.seen = [0; LANES];
        for ahead in &self.ahead {
            for lane in 0..LANES {
                self.seen[lane] |= 1 << (ahead[lane] & 63);
            }
        }
    }
}

/// Each system's rank without sorting: the number of systems ahead of it, a higher score by
/// more than `tolerance` (1e-9 on scores in [0, 1]) or an equal one (within it) earlier in id
/// order, as [`order`] ranks them.
/// Returns false when the ranks are not a permutation (near-ties that do not chain), for the
/// caller to fall back on [`order`].
fn count_ranks(scores: &[f64], tolerance: f64, ranks: &mut [usize]) -> bool {
    let n = scores.len();
    if n > 64 {
        return false;
    }
    let mut seen = 0u64;
    for (i, slot) in ranks.iter_mut().enumerate() {
        let si = scores[i];
        // Earlier systems are ahead unless lower by more than 1e-9; later ones only when
        // higher by more than 1e-9. Two branch-free counting loops.
        let before = scores[..i]
            .iter()
            .map(|&sj| usize::from(sj - si >= -tolerance))
            .sum::<usize>();
        let after = scores[i + 1..]
            .iter()
            .map(|&sj| usize::from(sj - si > tolerance))
            .sum::<usize>();
        let ahead = before + after;
        *slot = ahead;
        seen |= 1u64 << ahead.min(63);
    }
    seen == if n == 64 { u64::MAX } else { (1u64 << n) - 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_acceptability_on_any_number_of_threads() {
        let opts = SmaaOptions {
            samples: 3 * SMAA_CHUNK + 17,
            ..SmaaOptions::default()
        };
        let one = smaa_on(&m(), Method::Wsm, &opts, 1);
        for threads in [2, 3, 8] {
            assert_eq!(
                smaa_on(&m(), Method::Wsm, &opts, threads),
                one,
                "{threads} threads"
            );
        }
        // Up to one chunk, the draws are those of the seed's single sequence.
        let small = SmaaOptions::default();
        assert_eq!(
            smaa_on(&m(), Method::Topsis, &small, 4),
            smaa_on(&m(), Method::Topsis, &small, 1)
        );
    }

    #[test]
    fn rank_counting_agrees_with_sorting() {
        let ids: Vec<String> = (0..6).map(|i| format!("h{i}")).collect();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let (mut ranks, mut idx) = (vec![0; 6], vec![0; 6]);
        for _ in 0..20_000 {
            // Coarse values, so exact ties are frequent.
            let scores: Vec<f64> = (0..6)
                .map(|_| f64::from(rng.random_range(0..5u8)) / 4.0)
                .collect();
            assert!(count_ranks(&scores, 1e-9, &mut ranks));
            order(&scores, &ids, &mut idx);
            for (rank, &i) in idx.iter().enumerate() {
                assert_eq!(ranks[i], rank, "{scores:?}");
            }
        }
        // Near-ties that do not chain are left to the sort.
        assert!(!count_ranks(&[0.0, 0.6e-9, 1.2e-9], 1e-9, &mut ranks[..3]));
    }

    #[test]
    fn batches_count_the_ranks_of_one_sample_at_a_time() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        for case in 0..200 {
            let (n, cols) = (rng.random_range(1..14usize), rng.random_range(1..6usize));
            // Coarse values, so that exact ties are frequent, and some rows a hair apart, so
            // that near-ties that do not chain occur.
            let mut scores: Vec<f64> = (0..n * cols)
                .map(|_| f64::from(rng.random_range(0..4u8)) / 3.0)
                .collect();
            for i in 1..n {
                if rng.random_range(0..3u8) == 0 {
                    for j in 0..cols {
                        scores[i * cols + j] = scores[(i - 1) * cols + j] + 0.6e-9;
                    }
                }
            }
            let matrix = DecisionMatrix {
                cost: None,
                facts: Vec::new(),
                ids: (0..n).map(|i| format!("h{i:02}")).collect(),
                criteria: (0..cols).map(|j| format!("c{j}")).collect(),
                weights: (0..cols).map(|j| 1.0 + j as f64).collect(),
                scores,
            };
            let opts = SmaaOptions {
                samples: 1_000,
                seed: case,
                spread: if case % 2 == 0 { 0.5 } else { 1.0 },
                dirichlet: (case % 5 == 0).then_some(20.0),
            };
            let len = rng.random_range(1..300usize);
            let count = |batch: bool| {
                let mut sampler = Sampler::new(&matrix, Method::Wsm, &opts);
                sampler.batch = batch;
                let mut counts = vec![0u64; n * n];
                sampler.chunk(case as usize, len, &mut counts);
                counts
            };
            assert_eq!(count(true), count(false), "case {case}: {matrix:?}");
        }
    }

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
            largest_cluster: None,
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
                // No reference: scores on the totals themselves (the arithmetic above).
                cheapest: None,
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
