"""A network's loss landscape, server-side (targets: the default scene ≤ 300 ms, an α strip ≤ 2 s).

    python benchmarks/bench_network.py [--quick]

(a) The default network scene: 4 runs × 500 steps on two moons (n = 200, 8 hidden units × 2
    layers, 105 weights), from a cold cache: the runs, the PCA plane, the 61 × 61 loss grid of
    the map's picture, the validation metrics and the model panel's payload (all of
    `app.components.picture.render`). Reference in the same run: PyTorch training the same four
    networks (same data, same weights, same updates) one after another, as a student would.
(b) The sweep view's α strip on that network: 25 learning rates × 500 steps for one run, and
    "tune α" (the same grid), cold.

The process uses the allocator setting the app's server uses (`app.serving.unmap_large_arrays`),
so the numbers are the server's.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.components.picture import render  # noqa: E402
from app.compute import sweeps as S  # noqa: E402
from app.compute.cache import DERIVED  # noqa: E402
from app.model import decode  # noqa: E402
from app.serving import unmap_large_arrays  # noqa: E402

SCENE = "?surface=mlp,val=0.2&steps=500&run=gd,alpha=0.5&run=momentum,alpha=0.5,beta=0.9&run=rmsprop,alpha=0.01&run=adam,alpha=0.01"
TARGET_SCENE, TARGET_STRIP = 0.300, 2.0


def cold(fn):
    DERIVED.items.clear()
    DERIVED.size = 0
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def torch_scene(scene):
    """The same four runs trained by PyTorch, one after another (full batch, float64)."""
    import torch
    net = scene.landscape
    X, y = (torch.tensor(a) for a in net.data)
    opts = {"gd": lambda p, r: torch.optim.SGD(p, lr=r["alpha"]),
            "momentum": lambda p, r: torch.optim.SGD(p, lr=r["alpha"], momentum=r["beta"]),
            "rmsprop": lambda p, r: torch.optim.RMSprop(p, lr=r["alpha"], alpha=r["rho"], eps=r["eps"]),
            "adam": lambda p, r: torch.optim.Adam(p, lr=r["alpha"], betas=(r["rho1"], r["rho2"]), eps=r["eps"])}
    for run in scene.runs:
        params = [torch.tensor(np.array(a), requires_grad=True) for W, b in net.layers(net.theta0) for a in (W, b)]
        opt = opts[run.method](params, run.values)
        for _ in range(scene.steps):
            opt.zero_grad()
            h = X
            for i in range(0, len(params) - 2, 2):
                h = torch.tanh(h @ params[i] + params[i + 1])
            z = (h @ params[-2] + params[-1])[:, 0]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
            loss.backward()
            opt.step()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = ap.parse_args()
    unmap_large_arrays()
    reps = 3 if args.quick else 7
    scene = decode(SCENE)[0]
    net = scene.landscape
    print(f"(a) the default network scene: {len(scene.runs)} runs × {scene.steps} steps, n = 200 "
          f"({len(net.data[1])} training, {len(net.validation[1])} validation), {net.dim} weights; cold cache, "
          f"median of {reps}")
    render(scene, None)                                     # warm-up (imports, first touch)
    times, ratios = [], []
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        torch = None
    for _ in range(reps):
        t, _ = cold(lambda: render(scene, None))
        times.append(t)
        if torch is not None:
            t0 = time.perf_counter()
            torch_scene(scene)
            ratios.append(t / (time.perf_counter() - t0))
    t = statistics.median(times)
    print(f"    render: runs, plane, 61 × 61 loss grid, metrics, payload  {t * 1e3:7.1f} ms   "
          f"(target ≤ {TARGET_SCENE * 1e3:.0f} ms: {'met' if t <= TARGET_SCENE else 'missed'})")
    if ratios:
        print(f"    the same four networks trained by torch.optim, one after another: the whole picture takes "
              f"{statistics.median(ratios):.2f}× torch's time for the training alone "
              f"(pairs {min(ratios):.2f}-{max(ratios):.2f})")

    print(f"(b) the sweep view on that network: {S.NET_GRID} α × {scene.steps} steps (cold, median of {reps})")
    sweep = replace_view(scene)
    strip = statistics.median(cold(lambda: S.compute_sweep(sweep))[0] for _ in range(reps))
    print(f"    α strip of one run                  {strip * 1e3:7.1f} ms   "
          f"(target ≤ {TARGET_STRIP * 1e3:.0f} ms: {'met' if strip <= TARGET_STRIP else 'missed'})")
    tune = statistics.median(cold(lambda: S.tune_alpha(scene, 3))[0] for _ in range(reps))
    print(f"    tune α of one run (Adam)            {tune * 1e3:7.1f} ms")


def replace_view(scene):
    from dataclasses import replace
    return replace(scene, view="sweep", sweep_run=3)


if __name__ == "__main__":
    main()
