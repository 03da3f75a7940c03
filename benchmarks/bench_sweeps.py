"""Sweeps and basin maps: one vectorized call each (targets: ≤ 1 s).

    python benchmarks/bench_sweeps.py
"""
from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optim.sweeps import basin, sweep  # noqa: E402


def timed(fn, repeat=3):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def peak_mb(fn):
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main():
    grid = {"alpha": np.logspace(-4, 0, 100), "rho1": np.linspace(0, 0.999, 100)}
    job = lambda: sweep("rosenbrock", "adam", grid, steps=500, tol=1e-4)  # noqa: E731
    t, s = timed(job)
    print(f"100 × 100 sweep (Adam α × ρ1) × 500 steps on Rosenbrock: {t * 1e3:7.1f} ms  (target ≤ 1000 ms), "
          f"peak memory {peak_mb(job):.1f} MB; best {s.best()}")
    job = lambda: basin("himmelblau", "adam", n=100, steps=500, alpha=0.05)  # noqa: E731
    t, b = timed(job)
    counts = {int(k): int(v) for k, v in zip(*np.unique(b.label, return_counts=True))}
    print(f"100 × 100 basin map (Adam) × 500 steps on Himmelblau:    {t * 1e3:7.1f} ms  (target ≤ 1000 ms), "
          f"peak memory {peak_mb(job):.1f} MB; cells per minimum {counts}")
    print(f"(the whole paths would take {100 * 100 * 501 * 2 * 8 / 2**20:.0f} MB; only outcomes are kept)")

    # the app's "Tune α for every run": 8 methods × 61 α × 1000 steps, and the sweep view's
    # whole request (100 × 100 heatmap + a 61-point α line per run) for the tuned scene
    from app.components.analysis import analysis
    from app.compute.sweeps import tune_alpha
    from app.model import decode
    scene, _ = decode("?surface=rosenbrock&steps=1000&grid=100&" + "&".join(
        f"run={m}" for m in ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "amsgrad", "gd,batch=8")))
    t, tuned = timed(lambda: tune_alpha(scene))
    print(f"tune α for 8 runs (61 α each) × 1000 steps on Rosenbrock: {t * 1e3:7.1f} ms; "
          f"α = {[r.values['alpha'] for r in tuned.runs]}")
    t, _ = timed(lambda: analysis(tuned))
    print(f"sweep view of that scene (100 × 100 heatmap + 8 α lines):   {t * 1e3:7.1f} ms")


if __name__ == "__main__":
    main()
