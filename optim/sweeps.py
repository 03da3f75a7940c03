"""Thousands of runs at once: hyperparameter sweeps and basin maps.

Both are single vectorized calls of the core that keep only what the outcome needs
(final positions, the divergence step, the step at which a tolerance was reached), never
the intermediate points: a 100 × 100 grid × 500 steps holds a few (2, 10 000) arrays.

    from optim.sweeps import sweep, basin
    s = sweep("rosenbrock", "momentum", {"alpha": np.logspace(-4, -2, 50), "beta": np.linspace(0, .99, 50)})
    s.outcome("final_loss")      # (50, 50): rows follow beta, columns follow alpha
    b = basin("himmelblau", "adam", n=100, steps=500, alpha=0.05)
    b.label                      # (100, 100): index of the minimum reached, -1 none, -2 diverged
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .core import _surface, run
from .registry import SOURCE_PARAMS, get_method

__all__ = ["sweep", "basin", "Sweep", "Basin", "OUTCOMES"]

OUTCOMES = ("final_loss", "steps_to_tol", "diverged")
MAX_RUNS = 40_000


def _gap_test(surf, tol):
    f_min = getattr(surf, "f_min", None)
    if f_min is None:
        return None
    return lambda x, y: surf.f(x, y) - f_min <= tol


@dataclass
class Sweep:
    """Outcomes over a grid of one or two hyperparameters; arrays shaped (len(y), len(x)) or (len(x),)."""
    surface: object
    method: str
    axes: tuple            # ((name, values), ...): first = x (columns), second = y (rows)
    steps: int
    tol: float
    final_loss: np.ndarray
    steps_to_tol: np.ndarray   # -1: never within tol of the minimum
    diverged_at: np.ndarray    # -1: never diverged
    truncated: bool = False

    def outcome(self, kind: str) -> np.ndarray:
        if kind == "final_loss":
            return self.final_loss
        if kind == "steps_to_tol":
            return np.where(self.steps_to_tol >= 0, self.steps_to_tol, np.nan).astype(float)
        if kind == "diverged":
            return (self.diverged_at >= 0).astype(float)
        raise ValueError(f"unknown outcome {kind!r}; choose one of: {', '.join(OUTCOMES)}")

    def best(self) -> dict:
        """The configuration that reached the tolerance first (ties: lower final loss),
        else the one with the lowest final loss."""
        loss = np.nan_to_num(self.final_loss, nan=np.inf).ravel()
        steps = np.where(self.steps_to_tol >= 0, self.steps_to_tol, np.iinfo(np.int64).max).ravel()
        flat = np.lexsort((loss, steps))[0]
        idx = np.unravel_index(flat, self.final_loss.shape)
        return {name: float(values[i]) for (name, values), i in zip(self.axes, idx[::-1])}


def sweep(surface, method, axes: dict, *, start=None, steps=500, tol=1e-6, budget=None, **fixed) -> Sweep:
    """Run `method` on every point of the grid spanned by `axes` (one or two hyperparameters,
    name -> 1-D values; the first is the x axis), the others fixed, in one vectorized call."""
    surf = _surface(surface)
    m = get_method(method)
    allowed = {p.name for p in m.params} | {p.name for p in SOURCE_PARAMS}
    if not 1 <= len(axes) <= 2:
        raise ValueError("a sweep takes one or two hyperparameters")
    for name in axes:
        if name not in allowed:
            raise ValueError(f"{m.name} has no hyperparameter {name!r} to sweep")
    names = list(axes)
    vals = [np.asarray(axes[n], dtype=float).reshape(-1) for n in names]
    if any(v.size == 0 for v in vals):
        raise ValueError("every swept hyperparameter needs at least one value")
    grids = np.meshgrid(*vals) if len(vals) == 2 else vals     # (ny, nx) each
    size = grids[0].size
    if size > MAX_RUNS:
        raise ValueError(f"{size} grid points exceed the limit of {MAX_RUNS:,}")
    hp = dict(fixed)
    hp.update({n: g.reshape(-1) for n, g in zip(names, grids)})
    res = run(surf, method, start=start, steps=steps, path=False, budget=budget,
              arrived=_gap_test(surf, tol), **hp)
    shape = grids[0].shape
    if size == 1 and res.single:
        final_loss, div = np.atleast_1d(res.final_loss), np.atleast_1d(res.diverged_at)
        arrived = np.atleast_1d(res.arrived_at) if res.arrived_at is not None else np.array([-1])
    else:
        final_loss, div = res.final_loss, res.diverged_at
        arrived = res.arrived_at if res.arrived_at is not None else np.full(size, -1)
    return Sweep(surf, method, tuple(zip(names, vals)), int(steps), tol,
                 final_loss.reshape(shape), np.asarray(arrived).reshape(shape), div.reshape(shape),
                 res.truncated)


@dataclass
class Basin:
    """Where runs started on an n × n grid over the landscape end up."""
    surface: object
    method: str
    xs: np.ndarray
    ys: np.ndarray
    final: np.ndarray       # (n, n, 2)
    label: np.ndarray       # (n, n): index into surface.minima, -1 reached none, -2 diverged
    arrived_at: np.ndarray  # (n, n): first step within `radius` of a minimum, -1 never
    radius: float
    steps: int
    truncated: bool = False


def basin(surface, method, *, n=100, steps=500, radius=None, bounds=None, budget=None, **hp) -> Basin:
    """Start `method` from every point of an n × n grid over the landscape's bounds."""
    surf = _surface(surface)
    n = int(n)
    if not 2 <= n <= 200:
        raise ValueError(f"basin grid size n={n} must be between 2 and 200")
    (x0, x1), (y0, y1) = bounds or surf.bounds
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    if radius is None:
        radius = 0.01 * float(np.hypot(x1 - x0, y1 - y0))
    minima = getattr(surf, "minima", ())
    mx = np.array([mm.x for mm in minima]).reshape(-1, 1)
    my = np.array([mm.y for mm in minima]).reshape(-1, 1)

    def near(x, y):
        if not len(minima):
            return np.zeros(np.shape(x), dtype=bool)
        d2 = (x - mx) ** 2 + (y - my) ** 2       # (M, K)
        return d2.min(axis=0) <= radius * radius

    res = run(surf, method, start=np.column_stack([X.ravel(), Y.ravel()]), steps=steps, path=False,
              budget=budget, arrived=near, **hp)
    final = res.final
    label = np.full(n * n, -1)
    if len(minima):
        with np.errstate(all="ignore"):
            d2 = (final[:, 0] - mx) ** 2 + (final[:, 1] - my) ** 2
            best = np.nanargmin(np.where(np.isnan(d2), np.inf, d2), axis=0)
            label = np.where(d2[best, np.arange(n * n)] <= radius * radius, best, -1)
    label = np.where(res.diverged_at >= 0, -2, label)
    return Basin(surf, method, xs, ys, final.reshape(n, n, 2), label.reshape(n, n),
                 res.arrived_at.reshape(n, n), radius, int(steps), res.truncated)
