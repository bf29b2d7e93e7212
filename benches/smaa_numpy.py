"""The rank-acceptability sampling of hvadvisor's `smaa` (weighted sum, weights scaled by a
factor drawn uniformly in [1 - spread, 1 + spread] and renormalised, ranks counted) written with
numpy, for `cargo bench --bench sampling` to time next to the Rust version in the same run.

Reads {"scores": [[...]], "weights": [...], "samples": N, "spread": s} on standard input and
prints the median time of five runs in milliseconds, then the first-rank shares.
"""
import json
import sys
import time

import numpy as np

spec = json.load(sys.stdin)
scores = np.array(spec["scores"], dtype=float)  # n x m, NaN where a criterion is left out
weights = np.array(spec["weights"], dtype=float)
samples, spread = spec["samples"], spec["spread"]
present = ~np.isnan(scores)
filled = np.where(present, scores, 0.0)
n, m = scores.shape


def run(seed):
    rng = np.random.default_rng(seed)
    counts = np.zeros((n, n), dtype=np.int64)
    chunk = 1 << 16
    for start in range(0, samples, chunk):
        k = min(chunk, samples - start)
        w = weights * (1.0 - spread + 2.0 * spread * rng.random((k, m)))
        w /= w.sum(axis=1, keepdims=True)
        totals = (w @ filled.T) / (w @ present.T.astype(float))
        # Rank of each system: how many score higher (ties by position, as hvadvisor does).
        order = np.argsort(-totals, axis=1, kind="stable")
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(n)[None, :].repeat(k, axis=0), axis=1)
        for i in range(n):
            counts[i] += np.bincount(ranks[:, i], minlength=n)
    return counts


times = []
for r in range(5):
    t = time.perf_counter()
    counts = run(r)
    times.append((time.perf_counter() - t) * 1e3)
print(f"{sorted(times)[2]:.1f}")
print(json.dumps((counts[:, 0] / samples).round(4).tolist()))
