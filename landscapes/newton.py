"""Newton's method for a minimum of a function of two variables: the one solver behind the
minima the landscapes report (published minima polished, a data loss's exact minimum, a
typed formula's lowest point).

    x, y, ok = newton(grad, x, y, f=f, hess=hess)

Each iteration solves H s = g at the current point (H given by `hess(x, y)`, or by central
differences of `grad` with step `h(x, y)`; `ridge` adds ridge·(tr H)·I for a Hessian that may
be singular) and tries the step −s, halved until it helps: f goes down (or stays equal with
a smaller gradient), or, without f, the gradient's largest component goes down. It stops at
a zero gradient, after `steps` iterations, or when no halving helps. `ok` is False when the
gradient or the Hessian stopped being finite or H was singular (the point is where that
happened).
"""
from __future__ import annotations

import numpy as np

__all__ = ["newton", "fd_hessian", "grad_at"]

HALVINGS = 60


def _relative_step(x: float, y: float) -> float:
    return 1e-5 * max(1.0, abs(x), abs(y))


def grad_at(grad, a, b) -> np.ndarray:
    """The gradient at one point as a float array [gx, gy]."""
    gx, gy = grad(np.float64(a), np.float64(b))
    return np.array([float(gx), float(gy)])


def fd_hessian(grad, x: float, y: float, d: float) -> np.ndarray:
    """The Hessian at (x, y) by central differences of `grad` with step d, symmetrised."""
    H = np.column_stack([(grad_at(grad, x + d, y) - grad_at(grad, x - d, y)) / (2 * d),
                         (grad_at(grad, x, y + d) - grad_at(grad, x, y - d)) / (2 * d)])
    return 0.5 * (H + H.T)


def newton(grad, x, y, f=None, hess=None, steps: int = 50, h=_relative_step, ridge: float = 0.0):
    """(x, y, ok): see the module. `grad(x, y) -> (gx, gy)`, `f(x, y)` and `hess(x, y) -> 2×2`
    take and give floats (NumPy scalars are fine); `h(x, y)` is the finite-difference step."""
    x, y = float(x), float(y)

    def g_at(a, b):
        return grad_at(grad, a, b)

    def h_at(a, b):
        return np.asarray(hess(a, b), dtype=float) if hess is not None else fd_hessian(grad, a, b, h(a, b))

    def better(v_new, g_new, v, g):
        if f is None:
            return np.abs(g_new).max() < np.abs(g).max()
        return v_new < v or (v_new == v and np.abs(g_new).max() < np.abs(g).max())

    g = g_at(x, y)
    v = float(f(np.float64(x), np.float64(y))) if f is not None else None
    for _ in range(steps):
        if not np.isfinite(g).all():
            return x, y, False
        if np.abs(g).max() == 0.0:
            break
        H = h_at(x, y)
        if ridge:
            H = H + ridge * (np.trace(H) + 1e-300) * np.eye(2)
        if not np.isfinite(H).all():
            return x, y, False
        try:
            step = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            return x, y, False
        t = 1.0
        for _ in range(HALVINGS):
            nx, ny = x - t * step[0], y - t * step[1]
            g_new = g_at(nx, ny)
            v_new = float(f(np.float64(nx), np.float64(ny))) if f is not None else None
            if better(v_new, g_new, v, g):
                break
            t *= 0.5
        else:
            break
        x, y, g, v = float(nx), float(ny), g_new, v_new
    return x, y, True
