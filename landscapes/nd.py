"""Landscapes of any dimension P: the loss of a parameter vector θ, for runs of the optimizer
core with more than two parameters (a network's weights are one such vector).

A P-dimensional landscape has `dim` (P), `theta0` (P,) the default start, and
`loss(theta, idx=None)` and `gradient(theta, idx=None)` over θ of shape (P,) or (K, P) (K
runs); `idx` (K, B), where given, restricts a data-driven loss to B examples per run (a
mini-batch; the analytic ones here have no data). 2-D landscapes keep `f(x, y)`; the core
treats them as P = 2.

These two are for Python and the tests (they are not in the app's list: the app draws
2-D maps):

* `quadratic(dim, kappa)`: ½ Σ λᵢ θᵢ², λ from 1 to κ evenly in log scale; minimum 0 at 0.
* `rosenbrock(dim)`: Σ 100 (θᵢ₊₁ − θᵢ²)² + (1 − θᵢ)² (scipy.optimize.rosen); minimum 0 at
  (1, …, 1).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

__all__ = ["NDLandscape", "quadratic", "rosenbrock"]


@dataclass(frozen=True)
class NDLandscape:
    name: str
    title: str
    dim: int
    theta0: np.ndarray = field(repr=False)
    loss: Callable = field(repr=False)
    gradient: Callable = field(repr=False)
    f_min: float | None = None
    data: tuple | None = field(default=None, repr=False)


def quadratic(dim: int = 10, kappa: float = 100.0) -> NDLandscape:
    lam = np.logspace(0.0, np.log10(kappa), int(dim))

    def loss(theta, idx=None):
        theta = np.asarray(theta, dtype=float)
        return 0.5 * (lam * theta * theta).sum(axis=-1)

    def gradient(theta, idx=None):
        return lam * np.asarray(theta, dtype=float)

    return NDLandscape(f"quadratic{dim}", f"{dim}-D quadratic, κ = {kappa:g}", int(dim),
                       np.ones(int(dim)), loss, gradient, 0.0)


def rosenbrock(dim: int = 5) -> NDLandscape:
    def loss(theta, idx=None):
        th = np.asarray(theta, dtype=float)
        a, b = th[..., :-1], th[..., 1:]
        return (100.0 * (b - a * a) ** 2 + (1.0 - a) ** 2).sum(axis=-1)

    def gradient(theta, idx=None):
        th = np.asarray(theta, dtype=float)
        a, b = th[..., :-1], th[..., 1:]
        inner = 200.0 * (b - a * a)
        g = np.zeros_like(th)
        g[..., :-1] = -2.0 * a * inner - 2.0 * (1.0 - a)
        g[..., 1:] += inner
        return g

    theta0 = np.where(np.arange(int(dim)) % 2 == 0, -1.2, 1.0)
    return NDLandscape(f"rosenbrock{dim}", f"{dim}-D Rosenbrock", int(dim), theta0, loss, gradient, 0.0)
