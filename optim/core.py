"""The vectorized optimizer core: K runs, any mix of methods, any number of parameters P,
one time loop.

State lives in arrays of shape (P, K): column k holds run k's parameters (on a 2-D surface
row 0 is every run's x, row 1 every run's y), so a landscape's gradient is evaluated once
per step for all runs, and per-run hyperparameters, arrays (K,), broadcast without copies.
Each step runs the gradient source for every run at once, then the updates: the slides'
seven methods through one fused general update (`optim.registry`, in place, terms trivial
for the whole batch skipped), every other method through its readable rule
(`optim.rules`), on its own columns.

The gradient source is separate from the update rule: exact (batch 0, all the data), or
with a batch of B >= 1 the mini-batch model g + (σ/√B)·ξ where, for a run with seed s,
ξ at step t is row t-1 of
`numpy.random.default_rng(s).standard_normal((steps, P))`. A run's trajectory therefore
depends only on its own settings, never on which other runs share the call (runs with
the same seed see the same noise: common random numbers make comparisons fair). On a
data-driven landscape the batches are real examples (`_Sampler`). An online problem (a
landscape with `online(x, y, t)`, the gradient of the loss f_t of step t, e.g. Reddi et al.'s
counterexample to Adam) gives its own gradient at each step instead of the mean loss's.

A landscape with a feasible `box` ((lo, hi) per parameter) has every step, and the start,
projected onto it (clipped coordinate by coordinate: for the diagonal preconditioners of
every method here that is also the paper's weighted projection).

A run whose position becomes non-finite (or leaves the box |θ_i| <= DIVERGENCE_LIMIT)
is reported as diverged at that step; its later points are NaN. Nothing warns and nothing
raises.
"""
from __future__ import annotations

import copy
import math
import time
from functools import cached_property
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

import landscapes
from params import Param
from .registry import COEFFICIENTS, METHODS, SOURCE_PARAMS, get_method, get_schedule, stack_coefficients

__all__ = ["run", "run_many", "Result", "STEPS", "MAX_POINTS", "DIVERGENCE_LIMIT"]

STEPS = Param("steps", "T", 100, 0, 100_000, "lin", True, "T", {"en": "steps", "uk": "кроки"})
# A run has diverged once a coordinate is non-finite or larger than this in magnitude (no
# landscape has anything to find out there, and the next steps would overflow anyway).
DIVERGENCE_LIMIT = 1e12
# Guard: the largest number of stored points (runs × (steps + 1)) one call may produce.
MAX_POINTS = 50_000_000
_SOURCE = {p.name: p for p in SOURCE_PARAMS}


def _surface(surface):
    if isinstance(surface, str):
        return landscapes.get(surface)
    planar = callable(getattr(surface, "f", None)) and callable(getattr(surface, "grad", None))
    if not (planar or callable(getattr(surface, "loss", None)) and callable(getattr(surface, "gradient", None))):
        raise TypeError("surface must be a landscape name, an object with f(x, y) and grad(x, y), or one "
                        "with dim, theta0, loss(theta) and gradient(theta)")
    return surface


def _values(param: Param, value) -> np.ndarray:
    """Validate a scalar or 1-D array of values against `param`; return a float array."""
    arr = np.asarray(value, dtype=float) if not isinstance(value, str) else None
    if arr is None or arr.ndim > 1:
        raise ValueError(f"{param.name} must be a number or a 1-D array of numbers, got {value!r}")
    # a relative slack of 1e-9 at the ends, e.g. for 10 ** -5 computed as 9.999…e-06
    bad = ~np.isfinite(arr) | (arr < param.lo - 1e-9 * abs(param.lo)) | (arr > param.hi + 1e-9 * abs(param.hi))
    if param.integer:
        bad |= np.isfinite(arr) & (arr != np.round(arr))
    if bad.any():
        param.check(float(arr.reshape(-1)[np.argmax(bad.reshape(-1))]))  # raises with the reason
    return np.clip(arr, param.lo, param.hi)


def _start(value, geo) -> np.ndarray:
    if value is None:
        value = geo.start
    P = geo.P
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"start must be a point of {P} numbers or an array of shape (K, {P}), got {value!r}") from None
    if arr.shape[-1:] != (P,) or arr.ndim > 2 or arr.ndim == 0:
        raise ValueError(f"start must have shape ({P},) or (K, {P}), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("start must be finite")
    return arr


class _Spec:
    """One entry of a call: a method with its values, k runs (k = 1 unless arrays are given)."""

    def __init__(self, spec, geo, defaults: Mapping):
        if isinstance(spec, str):
            spec = {"method": spec}
        elif not isinstance(spec, Mapping):
            raise TypeError(f"a run is a method key or a dict with 'method', got {spec!r}")
        spec = dict(spec)
        if "method" not in spec:
            raise ValueError(f"a run needs a 'method' (one of: {', '.join(METHODS)})")
        self.method = get_method(spec.pop("method"))
        self.schedule = get_schedule(spec.pop("schedule", None) or "constant")
        start = spec.pop("start", defaults.get("start"))
        allowed = {p.name: p for p in self.method.params} | _SOURCE | {p.name: p for p in self.schedule.params}
        unknown = [k for k in spec if k not in allowed]
        if unknown:
            names = ", ".join(p.name for p in self.method.params + self.schedule.params)
            raise ValueError(f"{self.method.name} has no hyperparameter {unknown[0]!r}; it takes {names} "
                             f"(and the gradient source's batch, sigma, seed)")
        vals = {**self.method.defaults, **self.schedule.defaults, **{p.name: p.default for p in SOURCE_PARAMS}}
        vals.update({k: v for k, v in defaults.items() if k in _SOURCE and v is not None})
        vals.update({k: v for k, v in spec.items() if v is not None})
        self.values = {k: _values(allowed[k], v) for k, v in vals.items()}
        self.start = _start(start, geo)
        sizes = {a.shape[0] for a in self.values.values() if a.ndim == 1}
        if self.start.ndim == 2:
            sizes.add(self.start.shape[0])
        if len(sizes) > 1:
            raise ValueError(f"array arguments of one run must share their length K, got lengths {sorted(sizes)}")
        self.k = sizes.pop() if sizes else 1
        self.scalar = not any(a.ndim for a in self.values.values()) and self.start.ndim == 1

    def column(self, name) -> np.ndarray:
        return np.broadcast_to(self.values[name], (self.k,))


class Result:
    """Trajectories of K runs.

    `theta` has shape (K, steps + 1, P) (or (steps + 1, P) for a single run of `run`); on a
    2-D surface `xy` is the same, on a P-dimensional landscape its projection on the
    landscape's view plane (`project`), if it has one. `loss` has shape (..., steps + 1),
    `diverged_at` gives per run the first step whose position is non-finite, or -1. On a data
    landscape `examples` gives per run the examples one step's gradient uses (B, or all n
    for the exact gradient; 0 elsewhere): steps × examples is the work done. `trace`
    (when requested) holds per step the gradient used ("g") and each state array of the
    runs' methods by its name ("p", "r", "u"; NaN for a run whose method keeps no such array)
    as (K, steps, P).
    """

    def __init__(self, surface, methods, columns, steps, path, final, diverged_at, squeeze, trace=None,
                 truncated=False, single=False):
        self.surface = surface
        self.methods = tuple(methods)
        self.columns = columns     # hyperparameter name -> (K,) values, NaN where a run lacks it
        self.steps = int(steps)
        self._path = path          # (steps + 1, P, K) or None
        self._final = final        # (P, K)
        self._diverged_at = diverged_at
        self.squeeze = squeeze
        self.truncated = truncated
        self.single = single      # one run, given with scalars: `run` drops the run axis
        self.epoch_steps = np.zeros(len(self.methods), dtype=np.int64)  # data landscapes: steps per epoch
        self.examples = np.zeros(len(self.methods), dtype=np.int64)     # data landscapes: examples per step
        self.schedules = ("constant",) * len(self.methods)
        self.arrived_at = None     # with `arrived=`: first step at which the test held, per run
        self._trace = trace or {}

    @cached_property
    def params(self) -> tuple:
        """Per run, the dict of its hyperparameters and gradient-source settings."""
        cols = {k: v.tolist() for k, v in self.columns.items()}
        out = []
        for i, m in enumerate(self.methods):
            d = {k: cols[k][i] for k in cols if not math.isnan(cols[k][i])}
            for name in ("batch", "seed"):
                d[name] = int(d[name])
            out.append(d)
        return tuple(out)

    def __len__(self):
        return len(self.methods)

    @classmethod
    def stack(cls, picks: list) -> "Result":
        """One result of the runs `picks` ([(result, k), ...]: run k of each result), in that
        order. The results share the surface and the steps and kept paths and traces alike
        (a cache of single runs builds a scene's result without computing them again)."""
        first = picks[0][0]
        if any(r.steps != first.steps or r._path is None or r.truncated for r, _ in picks):
            raise ValueError("only whole runs with paths of the same length stack")

        def take(get):        # per run its slice along the last (run) axis, stacked
            return np.stack([np.asarray(get(r))[..., k] for r, k in picks], axis=-1)
        names = list(dict.fromkeys(n for r, _ in picks for n in r.columns))
        columns = {n: take(lambda r, n=n: r.columns.get(n, np.full(len(r.methods), np.nan))) for n in names}
        trace = {n: take(lambda r, n=n: _trace_of(r, n)) for n in dict.fromkeys(n for r, _ in picks for n in r._trace)}
        out = cls(first.surface, [r.methods[k] for r, k in picks], columns, first.steps, take(lambda r: r._path),
                  take(lambda r: r._final), take(lambda r: r._diverged_at), False, trace)
        out.epoch_steps = take(lambda r: r.epoch_steps)
        out.examples = take(lambda r: r.examples)
        out.schedules = tuple(r.schedules[k] for r, k in picks)
        if all(r.arrived_at is not None for r, _ in picks):
            out.arrived_at = take(lambda r: r.arrived_at)
        return out

    def on(self, surface) -> "Result":
        """The same runs seen through `surface`, another view of the same loss (a network
        seen on a plane: `xy` becomes the paths' projection on it; the losses stay)."""
        out = copy.copy(self)
        out.surface = surface
        out.__dict__.pop("geometry", None)
        return out

    def _out(self, a):
        return a[0] if self.squeeze else a

    @cached_property
    def geometry(self):
        return _Geometry(self.surface)

    @property
    def nbytes(self) -> int:
        """The memory its arrays hold (paths, traces, final points)."""
        arrays = [self._path, self._final, self._diverged_at, *self._trace.values(), *self.columns.values()]
        return sum(a.nbytes for a in arrays if a is not None)

    @property
    def dim(self) -> int:
        """P, the number of parameters of each run."""
        return self._final.shape[0]

    @property
    def theta(self) -> np.ndarray:
        """Every run's parameters at every step, (K, steps + 1, P)."""
        if self._path is None:
            raise ValueError("this result kept only final positions (path=False)")
        return self._out(self._path.transpose(2, 0, 1))

    def _on_map(self, theta):
        """Positions θ (..., P) as map coordinates (..., 2): themselves on a 2-D surface, their
        projection on a P-dimensional landscape's view plane; None without one."""
        if self.geometry.planar:
            return theta
        project = getattr(self.surface, "project", None)
        return project(theta) if project is not None else None

    @property
    def xy(self) -> np.ndarray:
        """The paths on the map, (K, steps + 1, 2) (see `_on_map`)."""
        xy = self._on_map(self.theta)
        if xy is None:
            raise ValueError(f"a {self.dim}-parameter landscape without a view plane has no xy; use theta")
        return xy

    @property
    def final(self) -> np.ndarray:
        """Final positions, (K, P) (NaN for diverged runs)."""
        return self._out(self._final.T)

    @cached_property
    def _loss(self):
        if self._path is None:
            return self.geometry.loss(self._final)[:, None]
        return np.asarray(self.geometry.loss(self._path), dtype=float).T

    @property
    def loss(self) -> np.ndarray:
        return self._out(self._loss)

    @property
    def final_loss(self) -> np.ndarray:
        return self._out(self._loss[:, -1])

    @property
    def diverged_at(self):
        d = self._diverged_at
        return int(d[0]) if self.squeeze else d

    @property
    def diverged(self):
        return self._out(self._diverged_at >= 0)

    @property
    def trace(self) -> dict:
        """Per step: "g" and the state arrays by name as (K, steps, P); "batch_loss" (data
        landscapes) as (K, steps)."""
        out = {k: self._out(v.transpose(2, 0, 1)) for k, v in self._trace.items()}
        if "batch_loss" in out:
            out["batch_loss"] = out["batch_loss"][..., 0]
        return out

    def reached_at(self, tol: float):
        """Per run, the first step whose loss is within `tol` of the smallest known minimum, or -1."""
        f_min = getattr(self.surface, "f_min", None)
        if f_min is None or self._path is None:
            return self._out(np.full(len(self.methods), -1))
        with np.errstate(invalid="ignore"):
            ok = self._loss - f_min <= tol
        return self._out(np.where(ok.any(axis=1), ok.argmax(axis=1), -1))

    def to_frame(self):
        """A tidy DataFrame: one row per (run, step) with method, hyperparameters, x, y (the
        map's coordinates, when the landscape has a map), loss."""
        K, n = len(self.methods), self.steps + 1
        if self._path is None:
            theta, steps_col, n = self._final.T[:, None, :], np.full(K, self.steps), 1
        else:
            theta, steps_col = self._path.transpose(2, 0, 1), np.tile(np.arange(n), K)
        xy = self._on_map(theta)
        cols = {
            "run": np.repeat(np.arange(K), n),
            "method": np.repeat(np.array(self.methods, dtype=object), n),
            "step": steps_col,
        }
        if xy is not None:
            cols["x"], cols["y"] = xy[..., 0].reshape(-1), xy[..., 1].reshape(-1)
        cols["loss"] = self._loss.reshape(-1)
        for name, values in self.columns.items():
            cols[name] = np.repeat(values, n)
        if any(s != "constant" for s in self.schedules):
            cols["schedule"] = np.repeat(np.array(self.schedules, dtype=object), n)
        cols["diverged_at"] = np.repeat(self._diverged_at, n)
        frame = pd.DataFrame(cols)
        for name in ("batch", "seed", "diverged_at"):
            frame[name] = frame[name].astype("int64")
        return frame


def _trace_of(res, name) -> np.ndarray:
    """The trace `name` of a result, also where it has none: a state its runs' methods do not
    keep is NaN; a mini-batch loss of runs with the exact gradient is the loss at each step's
    iterate. (steps, ·, K)"""
    if name in res._trace:
        return res._trace[name]
    if name == "batch_loss":
        return res.geometry.loss(res._path[:-1])[:, None, :]
    return np.full((res.steps,) + res._final.shape, np.nan)


def run(surface, method, *, start=None, steps=100, path=True, trace=False, budget=None, arrived=None,
        **hyperparameters) -> Result:
    """Run one method: `run("rosenbrock", "adam", start=(-1.5, 2), steps=300, alpha=0.05)`.

    With `start` of shape (K, P) or any hyperparameter given as an array of shape (K,),
    K runs are computed at once and the result carries a leading run axis.
    """
    res = run_many(surface, [{"method": method, **hyperparameters}], start=start, steps=steps,
                   path=path, trace=trace, budget=budget, arrived=arrived)
    res.squeeze = res.single
    return res


def run_many(surface, runs: Iterable, *, start=None, steps=100, batch=None, sigma=None, seed=None,
             path=True, trace=False, budget=None, arrived=None) -> Result:
    """Run several (possibly different) methods in one shared time loop.

    `runs` is a sequence of method keys or dicts like {"method": "adam", "alpha": 0.05,
    "start": (x, y)} (on a P-dimensional landscape a start of P numbers, by default its
    `theta0`); a dict's values may be arrays of shape (k,) (k runs). `start`,
    `batch`, `sigma` and `seed` given here are defaults for runs that do not set their own.
    `path=False` keeps only the final positions (for sweeps of many runs). `budget` is a
    time limit in seconds: when it runs out the call stops early and `truncated` is set.
    `arrived(*W) -> bool array` (on a 2-D surface `arrived(x, y)`) is a test evaluated after every step (e.g. "within tol of a
    minimum"); the first step at which it holds is reported per run in `arrived_at` (-1: never).
    """
    surf = _surface(surface)
    geo = _Geometry(surf)
    steps = int(_values(STEPS, steps))
    defaults = {"start": start, "batch": batch, "sigma": sigma, "seed": seed}
    specs = [_Spec(s, geo, defaults) for s in runs]
    if not specs:
        raise ValueError("run_many needs at least one run")
    K = sum(s.k for s in specs)
    limit = 2 * MAX_POINTS // geo.P       # as many stored numbers as MAX_POINTS points of a 2-D map
    if path and K * (steps + 1) > limit:
        raise ValueError(f"{K} runs × {steps + 1} points exceed the limit of {limit:,} stored points "
                         f"(of {geo.P} parameters); use fewer runs or steps, or path=False")

    # The fused methods' runs first, then each other method's runs side by side (its columns
    # one slice); the outputs go back to the order the runs were given in.
    order = sorted(range(len(specs)), key=lambda i: (specs[i].method.fused is None,
                                                     _KEYS.index(specs[i].method.key), i))
    ends = np.cumsum([0] + [s.k for s in specs])
    perm = np.concatenate([np.arange(ends[i], ends[i + 1]) for i in order])
    specs_run = [specs[i] for i in order]
    col = {name: np.concatenate([s.column(name) for s in specs_run]) for name in ("alpha", "batch", "sigma", "seed")}
    W0 = np.concatenate([np.broadcast_to(s.start, (s.k, geo.P)) for s in specs_run]).T.copy()
    sampler = _Sampler.make(geo, col["batch"], col["seed"], steps)
    if geo.has_data:     # the data is the noise: no modelled noise on top, ever
        col["sigma"] = np.zeros(K)
    col["schedule"] = _schedule_factors(specs_run, steps)
    fused, rules = _parts(specs_run, col["alpha"], geo.P, steps)
    out, final, div, tr, truncated, arrived_at = _loop(geo, W0, steps, fused, rules, col, path, trace, budget,
                                                       sampler, arrived)
    if tr is not None:       # a state a run's method does not keep is no number of that run
        in_loop = [s.method for s in specs_run for _ in range(s.k)]
        for name, a in tr.items():
            if name in ("p", "r", "u"):
                a[:, :, [name not in m.state for m in in_loop]] = np.nan
    if (perm != np.arange(K)).any():
        inv = np.argsort(perm)
        out = out[:, :, inv] if out is not None else None
        final, div = final[:, inv], div[inv]
        tr = {k: v[:, :, inv] for k, v in tr.items()} if tr is not None else None
        arrived_at = arrived_at[inv] if arrived_at is not None else None
        if sampler is not None:
            sampler.epoch_steps = sampler.epoch_steps[inv]

    methods = [s.method.key for s in specs for _ in range(s.k)]
    names = list(dict.fromkeys([p.name for s in specs for p in s.method.params + s.schedule.params]
                               + list(_SOURCE)))
    columns = {k: np.concatenate([s.column(k) if k in s.values else np.full(s.k, np.nan) for s in specs])
               for k in names}
    res = Result(surf, methods, columns, steps, out, final, div, False, tr, truncated,
                 single=len(specs) == 1 and specs[0].scalar)
    res.schedules = tuple(s.schedule.key for s in specs for _ in range(s.k))
    if sampler is not None:
        res.epoch_steps = sampler.epoch_steps
    if geo.has_data:        # the work of a step
        res.examples = _Sampler.per_step(columns["batch"], len(surf.data[0]))
    res.arrived_at = res._out(arrived_at) if arrived_at is not None else None
    return res


_KEYS = list(METHODS)


def _parts(specs, alpha, P, steps):
    """The fused update of the leading runs whose methods have a fused form (or None), and a
    `_Rule` per method for the other runs (its runs side by side: one slice of columns)."""
    F = sum(s.k for s in specs if s.method.fused is not None)
    fused = None
    if F:
        coef = stack_coefficients([(s.method.key, {k: s.column(k) for k in s.values}, s.k)
                                   for s in specs if s.method.fused is not None])
        names = tuple(dict.fromkeys(n for s in specs if s.method.fused is not None for n in s.method.state))
        fused = _Fused(coef, alpha[:F], P, steps, names)
    rules, lo = [], F
    rest = [s for s in specs if s.method.fused is None]
    for key in dict.fromkeys(s.method.key for s in rest):
        group = [s for s in rest if s.method.key == key]
        k = sum(s.k for s in group)
        hp = {p.name: np.concatenate([s.column(p.name) for s in group]) for p in group[0].method.params}
        rules.append(_Rule(group[0].method, hp, slice(lo, lo + k), P))
        lo += k
    return fused, rules


def _schedule_factors(specs, steps):
    """None when every run keeps α constant; else a function t -> per-run factor α_t / α, (K,)."""
    if all(s.schedule.key == "constant" for s in specs):
        return None
    K = sum(s.k for s in specs)
    parts = [(s.schedule, {p.name: s.column(p.name)[None, :] for p in s.schedule.params}, s.k) for s in specs]
    if K * steps <= _TABLE_LIMIT:
        t = np.arange(1, steps + 1, dtype=float)[:, None]
        table = np.concatenate([np.broadcast_to(sch.factor(t, hp, steps), (steps, k)) for sch, hp, k in parts], axis=1)
        return lambda step: table[step - 1]
    return lambda step: np.concatenate([np.broadcast_to(sch.factor(np.array([[float(step)]]), hp, steps)[0], (k,))
                                        for sch, hp, k in parts])


def _uniform(a: np.ndarray, P: int | None = None):
    """A batch-wide coefficient as a Python float when all runs share it, else the (K,) array,
    or with P a contiguous (P, K) copy (NumPy's arithmetic on small arrays is faster without
    broadcasting: the fused loop's coefficients)."""
    if a.size and (a == a[0]).all():
        return float(a[0])
    return np.ascontiguousarray(a if P is None else np.broadcast_to(a, (P, a.size)))


_TABLE_LIMIT = 2_000_000  # largest per-step coefficient table (elements) kept whole


class _PerStep:
    """The per-run factor base / (1 - r^t) at step t = 1..steps (bias correction; r = 0: none).

    Returned as a Python float when the whole batch shares base and r (computed with
    Python's r ** t, like the textbook rule); else as a (P, K) array, looked up in a table
    precomputed for all steps when that is small (scenes), or gathered per step from a
    table over the distinct values of r (sweeps of thousands of runs).
    """

    def __init__(self, base: np.ndarray, r: np.ndarray, steps: int, P: int):
        K = base.size
        self.trivial = not (r != 0).any()           # no bias correction anywhere
        self.value = _uniform(base, P)
        self.scalar = isinstance(self.value, float) and (r == r[0]).all()
        self.r = float(r[0])
        self.table = None
        if self.trivial or self.scalar:
            return
        t = np.arange(1, steps + 1, dtype=float)[:, None]
        values, inv = np.unique(r, return_inverse=True)
        inv_d = 1.0 / (1.0 - values[None, :] ** t)        # (steps, U)
        if P * K * steps <= _TABLE_LIMIT:
            full = base[None, :] * inv_d[:, inv]           # (steps, K)
            self.table = np.ascontiguousarray(np.broadcast_to(full[:, None, :], (steps, P, K)))
        else:
            self.inv_d, self.inv = inv_d, np.broadcast_to(inv, (P, K))
            self.buf = np.empty((P, K))

    def __call__(self, t):
        if self.trivial:
            return self.value
        if self.scalar:
            return self.value / (1.0 - self.r ** t)
        if self.table is not None:
            return self.table[t - 1]
        self.inv_d[t - 1].take(self.inv, out=self.buf)
        if not isinstance(self.value, float) or self.value != 1.0:
            self.buf *= self.value
        return self.buf


class _Fused:
    """The slides' seven through their general update (`optim.registry`), fused: one set of
    in-place array operations per step for every run, whatever mix of the seven they are.
    Per step, with A1 = α c1 / (1 - r1^t), A2 = α c2, D2 = 1 / (1 - r2^t):
    g ← g + l2 W;  m ← a1 m + b1 g;  v ← a2 v + b2 g²;  u ← max(amax u, v);
    ΔW = (A1 m + A2 g) / (√(D2 u) + e)   — every factor that is trivial for the batch skipped."""

    def __init__(self, coef, alpha, P, steps, names):
        K = alpha.size
        self.cols = slice(0, K)     # the leading runs
        self.names = names          # the state names of its runs' methods
        c = self.c = {name: _uniform(coef[name], P) for name in COEFFICIENTS}

        def const(name, value):  # is coefficient `name` equal to `value` for every run?
            return isinstance(c[name], float) and c[name] == value

        self.need_l2 = not const("l2", 0.0)
        self.need_m = not (const("a1", 0.0) and const("b1", 1.0))
        self.b1_one = const("b1", 1.0)
        self.need_v = not const("b2", 0.0)
        self.need_max = self.need_v and not const("amax", 0.0)
        self.need_g = not const("c2", 0.0)
        self.e_one = const("e", 1.0)
        self.A1 = _PerStep(alpha * coef["c1"], coef["r1"], steps, P)
        self.A2 = _uniform(alpha * coef["c2"], P)
        self.D2 = _PerStep(np.ones(K), coef["r2"], steps, P)
        self.tmp, self.num, self.den = np.empty((P, K)), np.empty((P, K)), np.empty((P, K))
        self.m = np.zeros((P, K)) if self.need_m else None
        self.v = np.zeros((P, K)) if self.need_v else None
        self.u = np.zeros((P, K)) if self.need_max else None

    def step(self, W, g, t):
        """The step ΔW at W for gradient g (P, K) at step t (a buffer, overwritten next step)."""
        self.g = g
        c, tmp, num, den = self.c, self.tmp, self.num, self.den
        if self.need_l2:      # the penalty's gradient is part of g (g is the trace's too)
            np.multiply(W, c["l2"], out=tmp)
            g += tmp
        m, v, u = self.m, self.v, self.u
        # first moment m <- a1 m + b1 g, then the numerator A1 m + A2 g
        if self.need_m:
            m *= c["a1"]
            if self.b1_one:
                m += g
            else:
                np.multiply(g, c["b1"], out=tmp)
                m += tmp
            np.multiply(m, self.A1(t), out=num)
        else:
            np.multiply(g, self.A1(t), out=num)
        if self.need_g:
            np.multiply(g, self.A2, out=tmp)
            num += tmp
        # second moment v <- a2 v + b2 g², u <- max(amax u, v); divide by √(D2 u) + e
        if self.need_v:
            np.multiply(g, g, out=tmp)
            tmp *= c["b2"]
            v *= c["a2"]
            v += tmp
            acc = v
            if self.need_max:
                u *= c["amax"]
                np.maximum(u, v, out=u)
                acc = u
            if self.D2.trivial:
                np.sqrt(acc, out=den)
            else:
                np.multiply(acc, self.D2(t), out=den)
                np.sqrt(den, out=den)
            den += c["e"]
            num /= den
        elif not self.e_one:
            num /= c["e"]
        return num

    def state(self, name):
        """The state array `name` as the readable rules call it: p (the first moment; the
        gradient itself where every run's is, e.g. momentum with β = 0), r (the second), u (its
        running maximum). A method keeping r or u always has b2 ≠ 0 (and AMSGrad amax = 1)."""
        if name == "p":
            return self.m if self.need_m else self.g
        return self.v if name == "r" else self.u


class _Rule:
    """k runs of one method through its readable update (`optim.rules`), on columns `cols`
    (a slice) of the state: for the methods that have no fused form."""

    def __init__(self, method, hp, cols, P):
        self.method, self.cols, self.names = method, cols, method.state
        self.hp = {name: _uniform(np.asarray(v, dtype=float)) for name, v in hp.items()}
        self.alpha = self.hp["alpha"]
        self.s = method.init(np.zeros((P, cols.stop - cols.start)))

    def step(self, W, g, t, factor):
        hp = self.hp if factor is None else dict(self.hp, alpha=self.alpha * factor[self.cols])
        W, self.s = self.method.update(W, g, self.s, t, hp)
        return W

    def state(self, name):
        return self.s[name]


class _Sampler:
    """Real mini-batches on a data-driven landscape (one with `data` and per-example gradients).

    A run with batch 0 < B < n draws its examples without replacement, epoch by epoch: each
    epoch is a permutation of the n examples from `default_rng(seed)`, cut into n // B
    batches of B (the remainder of an epoch is dropped, so every step sees B examples).
    Runs sharing (B, seed) see the same batches. B = 0 or B >= n is the full (exact) gradient.
    """

    @staticmethod
    def per_step(batch, n: int) -> np.ndarray:
        """The examples a step uses, per run: B (at most n), or all n for batch 0."""
        return np.where(batch > 0, np.minimum(batch, n), n).astype(np.int64)

    @classmethod
    def make(cls, geo, batch, seed, steps):
        if not geo.has_data:
            return None
        n = len(geo.surf.data[0])
        batch = cls.per_step(batch, n)
        return cls(geo, n, batch, seed.astype(np.int64), steps) if (batch < n).any() else None

    def __init__(self, geo, n, batch, seed, steps):
        self.geo = geo
        self.epoch_steps = np.where(batch < n, n // batch, 0)
        self.groups = []   # (columns, index table (steps, B) or None for the full batch)
        keys = np.stack([batch, seed], axis=1)
        uniq, inv = np.unique(keys, axis=0, return_inverse=True)
        for j, (B, s) in enumerate(uniq):
            cols = np.flatnonzero(inv.reshape(-1) == j)
            self.groups.append((cols, None if B >= n else self.table(n, int(B), int(s), steps)))

    @staticmethod
    def table(n, B, seed, steps):
        rng = np.random.default_rng(seed)
        per_epoch = n // B
        epochs = -(-steps // per_epoch)
        return np.concatenate([rng.permutation(n)[:per_epoch * B].reshape(per_epoch, B)
                               for _ in range(epochs)])[:steps]

    def __call__(self, W, t, g, batch_loss=None):
        for cols, table in self.groups:
            idx = None if table is None else np.broadcast_to(table[t - 1], (cols.size, table.shape[1]))
            g[:, cols] = self.geo.gradient(W[:, cols], idx)
            if batch_loss is not None:
                batch_loss[cols] = self.geo.loss(W[:, cols], idx)


class _Geometry:
    """The core's view of a landscape: P parameters; gradient and loss of positions (P, K).
    A 2-D landscape (f(x, y), grad(x, y)) is P = 2; a P-dimensional one has `dim`, `theta0`,
    `loss(theta, idx=None)` and `gradient(theta, idx=None)` over θ (K, P) (`landscapes.nd`)."""

    def __init__(self, surf):
        self.surf = surf
        self.planar = not callable(getattr(surf, "loss", None))
        self.P = 2 if self.planar else int(surf.dim)
        self.has_data = getattr(surf, "data", None) is not None and (
            not self.planar or getattr(surf, "batch_grad", None) is not None)
        self.online = getattr(surf, "online", None) if self.planar else None
        box = getattr(surf, "box", None)
        self.box = None if box is None else tuple(np.asarray(box, dtype=float).T[:, :, None])  # lo, hi (P, 1)

    @property
    def start(self):
        return self.surf.start if self.planar else self.surf.theta0

    def gradient(self, W, idx=None):
        s = self.surf
        if not self.planar:
            return s.gradient(W.T, idx).T
        gx, gy = s.grad(W[0], W[1]) if idx is None else s.batch_grad(W[0], W[1], idx)
        return gx, gy

    def loss(self, W, idx=None):
        """The loss of positions W (..., P, K): (..., K)."""
        s = self.surf
        with np.errstate(all="ignore"):
            if not self.planar:
                return s.loss(np.swapaxes(W, -1, -2), idx)
            x, y = W[..., 0, :], W[..., 1, :]
            return s.f(x, y) if idx is None else s.batch_loss(x, y, idx)

    def fill_gradient(self, W, g, t=None):
        """The exact gradient at W written into g (P, K) (of an online problem, f_t's)."""
        if self.online is not None and t is not None:
            g[0], g[1] = self.online(W[0], W[1], t)
            return
        grad = self.gradient(W)
        if self.planar:
            g[0], g[1] = grad
        else:
            g[...] = grad


def _noise_tables(seed: np.ndarray, steps: int, P: int):
    """ξ for every step: (steps, P, U) tables for the U distinct seeds, and each run's index."""
    seeds, inv = np.unique(seed.astype(np.int64), return_inverse=True)
    table = np.empty((steps, P, seeds.size))
    for j, s in enumerate(seeds):
        table[:, :, j] = np.random.default_rng(int(s)).standard_normal((steps, P))
    return table, inv


def _loop(geo, W0, steps, fused, rules, col, keep_path, keep_trace, budget, sampler=None, arrived=None):
    """The time loop: per step the gradient source for every run at once, then the fused
    update of the runs [0, F) (if any) and each rule's update of its own columns."""
    P, K = W0.shape
    F = fused.cols.stop if fused is not None else 0
    parts = ([fused] if fused is not None else []) + rules
    schedule = col["schedule"]

    batch = col["batch"]
    scale = np.where(batch > 0, col["sigma"], 0.0) / np.sqrt(np.maximum(batch, 1))
    noisy = sampler is None and bool((scale > 0).any())
    if noisy:
        table, inv = _noise_tables(col["seed"], steps, P)
        one_seed = table.shape[2] == 1
        s = _uniform(scale, P)

    g = np.empty((P, K))
    tmp = np.empty((P, K))
    only_fused = F == K
    box = geo.box
    if box is not None:
        W0 = np.clip(W0, box[0], box[1])
    if keep_path:
        out = np.empty((steps + 1, P, K))
        out[0] = W0
        W = out[0]
    else:
        out = None
        W = W0.copy()
        spare = None if only_fused else np.empty((P, K))
        diverged = np.full(K, -1, dtype=np.int64)
    names = list(dict.fromkeys(n for part in parts for n in part.names))
    trace = {k: np.full((steps, P, K), np.nan) for k in ["g"] + names} if keep_trace else None
    if keep_trace and sampler is not None:
        trace["batch_loss"] = np.empty((steps, 1, K))
    deadline = None if budget is None else time.perf_counter() + budget
    done = steps
    arrived_at = None
    if arrived is not None:
        arrived_at = np.where(np.asarray(arrived(*W0), dtype=bool), 0, -1)

    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            if sampler is None:
                geo.fill_gradient(W, g, t)
            else:
                sampler(W, t, g, trace["batch_loss"][t - 1, 0] if keep_trace else None)
            if noisy:
                if one_seed:
                    np.multiply(table[t - 1], s, out=tmp)
                else:
                    table[t - 1].take(inv, axis=1, out=tmp)
                    tmp *= s
                g += tmp
            factor = None if schedule is None else schedule(t)
            new = out[t] if keep_path else (W if only_fused else spare)
            if fused is not None:
                num = fused.step(W[:, :F] if F < K else W, g[:, :F] if F < K else g, t)
                if factor is not None:
                    num *= factor[:F]
                if only_fused:
                    np.subtract(W, num, out=new)
                else:
                    np.subtract(W[:, :F], num, out=new[:, :F])
            for rule in rules:
                new[:, rule.cols] = rule.step(W[:, rule.cols], g[:, rule.cols], t, factor)
            if box is not None:
                np.clip(new, box[0], box[1], out=new)
            if keep_trace:
                trace["g"][t - 1] = g
                for part in parts:
                    for n in part.names:
                        trace[n][t - 1, :, part.cols] = part.state(n)
            if keep_path:
                W = out[t]
            else:
                if new is not W:
                    W, spare = new, W
                # two reductions tell whether any run left the box (NaN included: it fails both
                # tests); only then the per-run check, which costs five passes over W
                if not (W.max() <= DIVERGENCE_LIMIT and W.min() >= -DIVERGENCE_LIMIT):
                    fresh = (diverged < 0) & ~(np.abs(W) <= DIVERGENCE_LIMIT).all(axis=0)
                    if fresh.any():
                        diverged[fresh] = t
            if arrived is not None:
                now = (arrived_at < 0) & arrived(*W)
                if now.any():
                    arrived_at[now] = t
            if deadline is not None and time.perf_counter() > deadline:
                done = t
                break

    truncated = done < steps
    if keep_path:
        if truncated:
            out[done + 1:] = np.nan
        # Which runs left the box |θ| <= DIVERGENCE_LIMIT (NaN counts as out)? Two
        # reductions over the path find the candidates without a path-sized temporary.
        span = out[:done + 1]
        hi, lo = span.max(axis=(0, 1)), span.min(axis=(0, 1))      # NaN propagates
        cand = np.flatnonzero(~((hi <= DIVERGENCE_LIMIT) & (lo >= -DIVERGENCE_LIMIT)))
        diverged = np.full(K, -1, dtype=np.int64)
        if cand.size:
            bad = ~(np.abs(span[:, :, cand]) <= DIVERGENCE_LIMIT).all(axis=1)    # (done + 1, candidates)
            diverged[cand] = bad.argmax(axis=0)
            for k, j in zip(diverged[cand], cand):
                out[k:, :, j] = np.nan
        final = out[done].copy()
    else:
        final = W
        final[:, diverged >= 0] = np.nan
    if truncated and trace is not None:
        for a in trace.values():
            a[done:] = np.nan
    return out, final, diverged, trace, truncated, arrived_at

