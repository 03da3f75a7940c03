"""The readable reference: one method's rule (`optim.rules`) driven step by step, the obvious
way, with no fusing, no in-place arithmetic and no bookkeeping beyond the path.

    path = reference_run(landscape, "adam", start, 300, alpha=0.05)

The tests hold the core (`optim.core`) to it, and the rules themselves to torch.optim and
lion-pytorch (tests/test_rules.py); the benchmarks use it as a baseline.
"""
from __future__ import annotations

import numpy as np

from .registry import get_method

__all__ = ["reference_run"]


def _gradient(surface):
    """A function (P, K) -> (P, K) from a landscape (2-D or P-dimensional) or a 2-D grad(x, y)."""
    if callable(getattr(surface, "gradient", None)) and hasattr(surface, "dim"):
        return lambda W: np.asarray(surface.gradient(W.T)).T
    grad = surface.grad if hasattr(surface, "grad") else surface
    return lambda W: np.array(grad(W[0], W[1]), dtype=float)


def reference_run(surface, method, start, steps, batch=0, sigma=1.0, seed=0, schedule=None, **hp):
    """The path (steps + 1, P), or (K, steps + 1, P) for a start of shape (K, P).

    `surface`: a landscape, or a 2-D gradient function `grad(x, y) -> (gx, gy)`. Hyperparameters
    not given take the method's defaults; each may be a number or an array (K,). With batch
    B >= 1 the mini-batch gradient is g + (σ/√B)·ξ_t with ξ = default_rng(seed).standard_normal(
    (steps, P)) (one seed shared by all runs here); batch 0 is the exact gradient.
    `schedule(t) -> α_t / α` scales the learning rate of each step.
    """
    m = get_method(method)
    hp = {**m.defaults, **hp}
    start = np.array(start, dtype=float)
    W = np.atleast_2d(start).T.copy()                 # (P, K)
    grad = _gradient(surface)
    noise = np.random.default_rng(seed).standard_normal((steps, W.shape[0])) if batch and sigma else None
    state = m.init(W)
    path = [W]
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            g = grad(W)
            if noise is not None:
                g = g + sigma / np.sqrt(batch) * noise[t - 1][:, None]
            h = hp if schedule is None else dict(hp, alpha=hp["alpha"] * schedule(t))
            W, state = m.update(W, g, state, t, h)
            path.append(W)
    out = np.stack(path, axis=0).transpose(2, 0, 1)   # (K, steps + 1, P)
    return out if start.ndim == 2 else out[0]
