"""Theory for convex quadratic landscapes (Goh 2017, "Why Momentum Really Works", Distill).

On f = ½ (x − x*)ᵀ H (x − x*) with Hessian eigenvalues λ_min ≤ λ_max (κ = λ_max / λ_min),
every error component along an eigenvector evolves linearly, so the rate of convergence of
the error ‖x_t − x*‖ is the largest spectral radius of the per-eigenvalue iteration:

- gradient descent: |1 − αλ|; best α* = 2 / (λ_min + λ_max), rate (κ − 1) / (κ + 1);
- heavy ball (p ← βp + g, x ← x − αp): the 2×2 matrix [[β, λ], [−αβ, 1 − αλ]];
  best α* = (2 / (√λ_max + √λ_min))², β* = ((√κ − 1) / (√κ + 1))², rate √β*; stable while
  αλ_max < 2(1 + β) (`stable_alpha`: the edge the sweep view draws over α × β).

The loss gap f − f* is quadratic in the error, so it shrinks like rate^(2t): the dashed
envelope f₀ · rate^(2t) drawn beside each run's measured loss (`app.figures.map.envelope_traces`).
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from optim import METHODS

OPTIMIZABLE = ("gd", "momentum")


def gd_optimal(lmin: float, lmax: float) -> tuple[float, float]:
    """(α*, rate) of gradient descent."""
    kappa = lmax / lmin
    return 2.0 / (lmin + lmax), (kappa - 1.0) / (kappa + 1.0)


def momentum_optimal(lmin: float, lmax: float) -> tuple[float, float, float]:
    """(α*, β*, rate) of the heavy ball."""
    a, b = math.sqrt(lmin), math.sqrt(lmax)
    beta = ((b - a) / (b + a)) ** 2
    return (2.0 / (a + b)) ** 2, beta, math.sqrt(beta)


def optimal_values(method: str, quadratic) -> dict:
    """The hyperparameters the "optimal" button sets ({} for other methods)."""
    lmin, lmax = quadratic
    if method == "gd":
        return {"alpha": gd_optimal(lmin, lmax)[0]}
    if method == "momentum":
        alpha, beta, _ = momentum_optimal(lmin, lmax)
        return {"alpha": alpha, "beta": beta}
    return {}


def rate(method: str, values: dict, quadratic) -> float | None:
    """The predicted rate of convergence of the error for the current hyperparameters
    (None: no theory for this method)."""
    lams = tuple(quadratic)
    alpha = float(values.get("alpha", 0.0))
    if method == "gd":
        return max(abs(1.0 - alpha * lam) for lam in lams)
    if method == "momentum":
        beta = float(values.get("beta", 0.0))
        return max(float(np.max(np.abs(np.linalg.eigvals(np.array([[beta, lam], [-alpha * beta, 1.0 - alpha * lam]])))))
                   for lam in lams)
    return None


def stable_alpha(method: str, beta, quadratic):
    """The largest stable α for each β: gradient descent αλ_max < 2; the heavy ball
    αλ_max < 2(1 + β) (the iteration's eigenvalues leave the unit circle beyond it). None
    for a method without this theory."""
    lmax = max(quadratic)
    beta = np.asarray(beta, dtype=float)
    if method == "gd":
        return np.full(beta.shape, 2.0 / lmax)
    if method == "momentum":
        return 2.0 * (1.0 + beta) / lmax
    return None


def set_optimal(scene, k: int):
    """Run k with the optimal hyperparameters for the scene's quadratic landscape (unchanged
    if there is no theory for it)."""
    quad = getattr(scene.landscape, "quadratic", None)
    if not quad or k >= len(scene.runs):
        return scene
    r = scene.runs[k]
    m = METHODS[r.method]
    for name, v in optimal_values(r.method, quad).items():
        r = r.with_value(name, m.param(name).clamp(v))
    runs = list(scene.runs)
    runs[k] = r
    return replace(scene, runs=tuple(runs))
