"""A straightforward reference implementation of every method, written the obvious way.

Independent of the fast core in `optim.core` (which runs all methods through one general
update with per-run coefficients): here each rule is transcribed as in DESIGN.md, one
readable loop per method, allocating new arrays every step. It works on a single run
(W of shape (2,)) or on K runs at once (W of shape (K, 2), hyperparameters scalars or
(K, 1) arrays). Used by the tests (trajectories must agree to ~1e-9) and as the baseline
of the benchmarks.
"""
from __future__ import annotations

import numpy as np

__all__ = ["reference_run", "RULES"]


def _gd(g, state, t, alpha, **_):
    return alpha * g, state


def _momentum(g, state, t, alpha, beta, **_):
    p = beta * state.get("p", 0.0) + g
    return alpha * p, {"p": p}


def _nesterov(g, state, t, alpha, beta, **_):
    p = beta * state.get("p", 0.0) + g
    return alpha * (g + beta * p), {"p": p}


def _adagrad(g, state, t, alpha, eps, **_):
    r = state.get("r", 0.0) + g * g
    return alpha * g / (eps + np.sqrt(r)), {"r": r}


def _rmsprop(g, state, t, alpha, rho, eps, **_):
    r = rho * state.get("r", 0.0) + (1 - rho) * g * g
    return alpha * g / (eps + np.sqrt(r)), {"r": r}


def _adam(g, state, t, alpha, rho1, rho2, eps, amsgrad=False, **_):
    p = rho1 * state.get("p", 0.0) + (1 - rho1) * g
    r = rho2 * state.get("r", 0.0) + (1 - rho2) * g * g
    r_max = np.maximum(state.get("r_max", 0.0), r) if amsgrad else r
    p_hat = p / (1 - rho1 ** t)
    r_hat = r_max / (1 - rho2 ** t)
    return alpha * p_hat / (eps + np.sqrt(r_hat)), {"p": p, "r": r, "r_max": r_max}


def _amsgrad(g, state, t, **hp):
    return _adam(g, state, t, amsgrad=True, **hp)


RULES = {"gd": _gd, "momentum": _momentum, "nesterov": _nesterov, "adagrad": _adagrad,
         "rmsprop": _rmsprop, "adam": _adam, "amsgrad": _amsgrad}


def reference_run(grad, method, start, steps, batch=0, sigma=1.0, seed=0, schedule=None, **hp):
    """Trajectory of shape (steps + 1, 2) (or (K, steps + 1, 2) for a (K, 2) start).

    `grad(x, y) -> (gx, gy)`. With batch B >= 1 the mini-batch gradient is g + (σ/√B)·ξ_t
    with ξ = default_rng(seed).standard_normal((steps, 2)) (one seed shared by all runs
    here); batch 0 is the exact gradient. `schedule(t) -> α_t / α` scales each step.
    """
    W = np.array(start, dtype=float)
    noise = np.random.default_rng(seed).standard_normal((steps, 2)) if batch and sigma else None
    rule = RULES[method]
    state = {}
    path = [W]
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            gx, gy = grad(W[..., 0], W[..., 1])
            g = np.stack([gx, gy], axis=-1)
            if noise is not None:
                g = g + sigma / np.sqrt(batch) * noise[t - 1]
            delta, state = rule(g, state, t, **hp)
            if schedule is not None:
                delta = delta * schedule(t)
            W = W - delta
            path.append(W)
    return np.stack(path, axis=-2)
