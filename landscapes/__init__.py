"""2D loss landscapes for the optimizer explorer.

    import landscapes
    landscapes.names()                          # ('bowl', 'narrow_valley', ...)
    ls = landscapes.get("narrow_valley", kappa=100, angle=30)
    ls.f(x, y), ls.grad(x, y)                   # elementwise over float64 arrays
    landscapes.params("narrow_valley")          # Param specs: sliders, URL, CLI
    landscapes.custom("x^2 + 10*sin(y)", bounds=((-3, 3), (-3, 3)))   # the user's own surface

`REGISTRY` is the single table of landscapes, in teaching order: one `Entry` (factory,
parameter specs, kind) per name: the analytic surfaces, then the data-driven ones
(`landscapes.data`: linear regression with the slides' losses MSE, MAE, L2, L1 and Huber's,
logistic regression with binary cross-entropy), which also carry their data set and
per-example gradients for real mini-batches. Adding a landscape is one entry. `get` validates parameters
with their `Param` specs, fills in defaults and caches: the same arguments give the same
(immutable) `Landscape` object.

`custom(text, bounds=None, start=None)` is the user's own surface f(x, y) typed as text
(see `landscapes.formula`): parsed safely, with an exact symbolic gradient, named "custom"
and not listed by `names()`. A bad formula raises `FormulaError` (a ValueError) whose
message can be shown to the user as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from params import Param

from . import analytic, data, mlp
from .base import Landscape, Minimum
from .formula import FormulaError, custom

__all__ = ["Landscape", "Minimum", "Entry", "REGISTRY", "names", "get", "params",
           "custom", "FormulaError"]


@dataclass(frozen=True)
class Entry:
    """One registered landscape: `factory(**params) -> Landscape`, its parameter specs, and
    its kind: "analytic" (a formula), "online" (a loss that changes with the step, on a feasible
    box), "data" (a loss over a data set, with real mini-batches) or
    "network" (a P-parameter network's loss, `landscapes.mlp`, drawn on a plane through its paths)."""
    factory: Callable[..., Landscape]
    params: tuple[Param, ...] = ()
    kind: str = "analytic"
    menu: tuple = ()        # ((name, value), ...): what the app's picker starts it with, if not the defaults


REGISTRY: dict[str, Entry] = {
    # convex quadratics: rates of convergence, conditioning
    "bowl": Entry(analytic.bowl),
    "narrow_valley": Entry(analytic.narrow_valley, analytic.NARROW_VALLEY_PARAMS),
    "booth": Entry(analytic.booth),
    "matyas": Entry(analytic.matyas),
    # curved valleys and plateaus
    "rosenbrock": Entry(analytic.rosenbrock),
    "beale": Entry(analytic.beale),
    "plateau": Entry(analytic.plateau),
    # saddle points
    "saddle": Entry(analytic.saddle),
    "saddle_minima": Entry(analytic.saddle_minima),
    # several minima: which basin does each method end in?
    "trap": Entry(analytic.trap),
    "himmelblau": Entry(analytic.himmelblau),
    "six_hump_camel": Entry(analytic.six_hump_camel),
    "styblinski_tang": Entry(analytic.styblinski_tang),
    "goldstein_price": Entry(analytic.goldstein_price),
    # many local minima
    "rastrigin": Entry(analytic.rastrigin),
    "ackley": Entry(analytic.ackley),
    # an online problem on a feasible box: where Adam fails
    "reddi": Entry(analytic.reddi, analytic.REDDI_PARAMS, "online"),
    # the lecture's loss functions of a model fitted to data (x = w, y = b): real mini-batches
    "linreg_mse": Entry(data.linreg_mse, data.LINREG_PARAMS, "data"),
    "linreg_mae": Entry(data.linreg_mae, data.LINREG_PARAMS, "data"),
    "linreg_l2": Entry(data.linreg_l2, data.LINREG_PARAMS, "data"),
    "linreg_l1": Entry(data.linreg_l1, data.LINREG_PARAMS, "data"),
    "linreg_huber": Entry(data.linreg_huber, data.HUBER_PARAMS, "data"),
    "logreg": Entry(data.logreg, data.LOGREG_PARAMS, "data"),
    # a small neural network (P parameters, seen on a 2-D plane through its paths)
    "mlp": Entry(mlp.mlp, mlp.MLP_PARAMS, "network", menu=(("val", 0.2),)),      # the app holds out 20 %
}


def names(kind: str | None = None) -> tuple[str, ...]:
    """Registered landscape names, in teaching order; only those of `kind` ("analytic", "online",
    "data", "network") if given."""
    return tuple(n for n, e in REGISTRY.items() if kind is None or e.kind == kind)


def _entry(name) -> Entry:
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown landscape {name!r}; valid names: {', '.join(REGISTRY)}") from None


def params(name: str) -> tuple[Param, ...]:
    """The `Param` specs of the landscape's own parameters (empty for most)."""
    return _entry(name).params


def get(name: str, **values) -> Landscape:
    """The landscape `name` built with `values` (validated; missing ones take defaults).

    Raises ValueError for an unknown name, an unknown parameter or a bad value.
    """
    entry = _entry(name)
    specs = {p.name: p for p in entry.params}
    unknown = [k for k in values if k not in specs]
    if unknown:
        if specs:
            raise ValueError(f"landscape {name!r} has no parameter {unknown[0]!r}; "
                             f"its parameters are: {', '.join(specs)}")
        raise ValueError(f"landscape {name!r} takes no parameters, got {unknown[0]!r}")
    checked = tuple((k, p.check(values[k]) if k in values else p.default if p.choices else float(p.default))
                    for k, p in specs.items())
    return _build(name, checked)


@lru_cache(maxsize=256)
def _build(name: str, items: tuple) -> Landscape:
    return REGISTRY[name].factory(**dict(items))
