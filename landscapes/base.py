"""The `Landscape` type: an analytic 2D loss surface with its gradient and metadata."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

__all__ = ["Landscape", "Minimum"]


@dataclass(frozen=True)
class Minimum:
    x: float
    y: float
    value: float
    is_global: bool = True


@dataclass(frozen=True)
class Landscape:
    """A 2D surface f(x, y) with its analytic gradient.

    `f(x, y)` and `grad(x, y) -> (df/dx, df/dy)` work elementwise over NumPy arrays of
    any (broadcastable) shape and return float64 arrays. `bounds` is the plot window
    ((xmin, xmax), (ymin, ymax)); `minima` lists the known minima (global ones first);
    `start` is a sensible default start; `log_scale` says whether the colour scale should
    be logarithmic (f - f_min spans many decades); `params` are the values of the
    landscape's own parameters (e.g. a valley's condition number) it was built with.
    `quadratic` is (λ_min, λ_max), the extreme eigenvalues of the constant Hessian, for
    convex quadratic surfaces only (λ_min > 0; None otherwise), so that e.g. the optimal
    GD step 2/(λ_min + λ_max) and the condition number λ_max/λ_min can be computed.

    Data-driven landscapes (a loss J(w, b) of a model fitted to a small data set, with
    x = w and y = b) also carry the data and per-example gradients, so that the optimizer
    core can draw real mini-batches; on analytic landscapes these are all None:

    * `data` = (X, Y), read-only float64 arrays of shape (n,);
    * `batch_grad(w, b, idx) -> (gw, gb)` and `batch_loss(w, b, idx)`: w, b of shape (K,),
      idx an int array (K, B) of example indices per run; the loss (and its gradient)
      restricted to those B examples, scaled so that the mean over all batches is the
      full loss (see `landscapes.data`); with idx = every example, exactly `grad` / `f`;
    * `model(w, b, xs)`: the model's predictions at inputs xs (a regression line, or
      probabilities), shape np.shape(w) + np.shape(xs).

    An online problem (a loss f_t that changes with the step t, as in online convex
    optimization) has `online(x, y, t) -> (gx, gy)`, the gradient of f_t; `f` and `grad` are
    then the mean loss over one period and its gradient. `box` = ((xmin, xmax), (ymin, ymax))
    is a feasible set: the optimizer core projects the start and every step onto it.
    """
    name: str
    title: str
    f: Callable = field(repr=False)
    grad: Callable = field(repr=False)
    bounds: tuple
    start: tuple
    minima: tuple = ()
    log_scale: bool = False
    params: dict = field(default_factory=dict, hash=False)  # hash=False: Landscape stays hashable
    title_uk: str = ""
    formula_tex: str = ""
    reference: str = ""
    bounded_below: bool = True
    quadratic: tuple | None = None
    data: tuple | None = field(default=None, repr=False, compare=False)
    batch_grad: Callable | None = field(default=None, repr=False, compare=False)
    batch_loss: Callable | None = field(default=None, repr=False, compare=False)
    model: Callable | None = field(default=None, repr=False, compare=False)
    box: tuple | None = None
    online: Callable | None = field(default=None, repr=False, compare=False)

    @property
    def f_min(self) -> float | None:
        """The smallest known minimum value, or None when none is known."""
        return min((m.value for m in self.minima), default=None)

    def value(self, x, y):
        return self.f(np.asarray(x, dtype=float), np.asarray(y, dtype=float))

    def gradient(self, x, y):
        return self.grad(np.asarray(x, dtype=float), np.asarray(y, dtype=float))

    def nearest_minimum(self, x, y):
        """Index of and distance to the nearest known minimum for each (x, y); (None, inf) if none."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        if not self.minima:
            return None, np.full(np.broadcast(x, y).shape, np.inf)
        mx = np.array([m.x for m in self.minima])
        my = np.array([m.y for m in self.minima])
        d = np.hypot(x[..., None] - mx, y[..., None] - my)
        return d.argmin(axis=-1), d.min(axis=-1)
