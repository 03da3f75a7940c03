"""The page's whole state: a typed `Scene` with its list of `RunState`.

A Scene is immutable; every edit makes a new one (`app.model.edits`), and the URL is its
serialization (`app.model.codec`). Nothing here knows about Dash or the browser.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import landscapes
from optim import METHODS, SCHEDULES, SOURCE_PARAMS, STEPS
from params import Param

from .views import VIEWS

__all__ = ["Scene", "RunState", "DEFAULT", "DEFAULT_RUNS", "MAX_RUNS", "MAX_STEPS", "STEPS_UI", "SOURCE", "HIDEABLE",
           "BASIN_BY", "CLICKS", "SWEEP_Y", "LOSS_X", "has_examples", "MAX_GRID", "LANGS", "CUSTOM", "CUSTOM_TEXT", "CUSTOM_BOUNDS", "MAX_FORMULA",
           "fmt", "nice", "num_text", "landscape_of", "custom_params", "bounds_text", "parse_bounds", "Param", "VIEWS"]

LANGS = ("en", "uk")
MAX_RUNS = 8
# The app's own cap on steps (the core allows more; a browser page should not).
MAX_STEPS = 2000
STEPS_UI = replace(STEPS, hi=MAX_STEPS, default=300, lo=1)
SOURCE = {p.name: p for p in SOURCE_PARAMS}
# Lecture mode: parts of the page a link can hide (`hide=controls&show=alpha`: the picture
# and the α sliders only). "controls" is the whole side panel of sliders.
HIDEABLE = ("header", "lessons", "runs", "landscape", "scene", "controls", "loss", "summary", "player")
BASIN_BY = ("minimum", "steps")
CLICKS = ("set", "add")     # a click on a sweep cell or point: sets the run | adds a run
# the loss chart's horizontal axis: steps, or examples processed (data landscapes: B per step, n
# for the exact gradient), which compares GD, SGD and mini-batches per unit of work
LOSS_X = ("steps", "examples")
# the sweep heatmap's second axis: "" (the method's own knob, e.g. β) or any hyperparameter
# but α, or the batch size
SWEEP_Y = ("",) + tuple(dict.fromkeys(p.name for m in METHODS.values() for p in m.params if p.name != "alpha")) + ("batch",)
MAX_GRID = 100              # sweep / basin cells per axis


@dataclass(frozen=True)
class RunState:
    """One trajectory: a method, its hyperparameters (all of them, defaults filled in) and
    optional per-run overrides of the gradient source."""
    method: str
    params: tuple = ()          # ((name, value), ...) in the registry's order
    batch: int | None = None
    sigma: float | None = None
    seed: int | None = None
    schedule: str = "constant"  # learning-rate schedule key (optim.SCHEDULES)
    schedule_params: tuple = ()  # ((name, value), ...) all of the schedule's, in its order

    @classmethod
    def make(cls, method: str, schedule: str = "constant", **values) -> "RunState":
        m = METHODS[method]
        src = {k: values.pop(k) for k in list(values) if k in SOURCE}
        full = {p.name: float(values.get(p.name, p.default)) for p in m.params}
        sch = SCHEDULES[schedule]
        sp = tuple((p.name, float(values.get(p.name, p.default))) for p in sch.params)
        return cls(method, tuple(full.items()), **src, schedule=schedule, schedule_params=sp)

    @property
    def values(self) -> dict:
        return dict(self.params)

    def with_value(self, name: str, value) -> "RunState":
        if name in SOURCE:
            return replace(self, **{name: value})
        if name in dict(self.schedule_params):
            sp = dict(self.schedule_params)
            sp[name] = float(value)
            return replace(self, schedule_params=tuple(sp.items()))
        vals = self.values
        vals[name] = float(value)
        return replace(self, params=tuple(vals.items()))

    def spec(self) -> dict:
        """The dict `optim.run_many` takes."""
        d = {"method": self.method, **self.values}
        if self.schedule != "constant":
            d["schedule"] = self.schedule
            d.update(self.schedule_params)
        for k in SOURCE:
            if getattr(self, k) is not None:
                d[k] = getattr(self, k)
        return d


@dataclass(frozen=True)
class Scene:
    surface: str = "rosenbrock"
    surface_params: tuple = ()          # ((name, value), ...) only non-default ones
    start: tuple | None = None          # None: the landscape's default start
    steps: int = 300
    runs: tuple = ()
    batch: int = int(SOURCE["batch"].default)      # 0: exact gradient (all data)
    sigma: float = float(SOURCE["sigma"].default)
    seed: int = int(SOURCE["seed"].default)
    view: str = "overlay"
    step: int | None = None             # animation step when paused (None: the end)
    lang: str = "en"
    preset: str | None = None           # the lesson this scene started from (app.presets)
    hide: tuple = ()                    # lecture mode: parts of the page hidden (HIDEABLE)
    show: tuple = ()                    # ... except the sliders of these parameters
    narrate: bool = False               # narrated step mode
    embed: bool = False                 # embedded in a slide (an <iframe>): the picture and the player only
    # the sweep and basin views (app/analysis.py)
    sweep_run: int = 0                  # which run's method is swept / mapped (-1: every run's basins)
    outcome: str = "final_loss"         # sweep outcome: final_loss | steps_to_tol | diverged
    sweep_y: str = ""                   # the sweep's second axis ("": the method's own, SWEEP_Y)
    grid: int = 50                      # sweep / basin resolution (cells per axis)
    basin_by: str = "minimum"           # basin colouring: minimum reached | steps to converge
    click: str = "set"                  # a sweep click sets the swept run | adds a copy with those values
    loss_x: str = "steps"               # the loss chart counts steps | examples processed (LOSS_X)

    @property
    def landscape(self):
        return landscape_of(self.surface, self.surface_params)

    @property
    def start_xy(self) -> tuple | None:
        """The start on the map; None for a network's own initial weights (its map's plane
        comes from the runs: `app.compute.network`)."""
        if self.start is not None:
            return tuple(self.start)
        start = getattr(self.landscape, "start", None)
        return tuple(start) if start is not None else None

    @property
    def per_example(self) -> bool:
        """The loss chart counts examples processed (asked for, and the landscape has data)."""
        return self.loss_x == "examples" and has_examples(self.landscape)

    @property
    def noisy(self) -> bool:
        """Mini-batch gradients (batch B >= 1) for the scene or any run."""
        return self.batch > 0 or any((r.batch or 0) > 0 for r in self.runs)


def has_examples(ls) -> bool:
    """A landscape whose loss is over a data set: its steps process examples (B or n)."""
    return getattr(ls, "data", None) is not None


def landscape_of(name: str, params=()):
    if name == CUSTOM:      # the user's own surface: params are (("text", ...), ("bounds", ...))
        return landscapes.custom(**dict(params))
    return landscapes.get(name, **dict(params))


# ---------------------------------------------------------------- your own surface f(x, y)
# `surface=custom&f=x**2%20%2B%2010*sin(y)&bounds=-3,3,-2,2` (or `bounds=5`: [-5, 5]²);
# the formula rides on its own key (it may contain commas), bounds default to [-3, 3]².
CUSTOM = "custom"
CUSTOM_TEXT = "x**2 + 10*sin(y)"
CUSTOM_BOUNDS = ((-3.0, 3.0), (-3.0, 3.0))
MAX_FORMULA = 500


def custom_params(text: str, bounds=None) -> tuple:
    """Scene.surface_params of a custom surface (raises ValueError / FormulaError if bad)."""
    text = str(text).strip()
    if len(text) > MAX_FORMULA:
        raise landscapes.FormulaError(f"the formula is too long (at most {MAX_FORMULA} characters)")
    ls = landscapes.custom(text, bounds if bounds is not None else CUSTOM_BOUNDS)
    return (("text", text), ("bounds", ls.bounds))


def bounds_text(b) -> str:
    (x0, x1), (y0, y1) = b
    if x0 == y0 == -x1 and x1 == y1:
        return num_text(x1)
    return ",".join(num_text(v) for v in (x0, x1, y0, y1))


def parse_bounds(raw: str):
    """`r` (half-width) or `xmin,xmax,ymin,ymax`; ValueError if malformed."""
    vals = [float(v) for v in str(raw).split(",")]
    if len(vals) == 1:
        return vals[0]
    if len(vals) == 4:
        return ((vals[0], vals[1]), (vals[2], vals[3]))
    raise ValueError("bounds: give a half-width r or xmin,xmax,ymin,ymax")


DEFAULT_RUNS = (
    RunState.make("gd", alpha=1e-3),
    RunState.make("momentum", alpha=1e-3, beta=0.9),
    RunState.make("rmsprop", alpha=0.01),
    RunState.make("adam", alpha=0.1),
)
DEFAULT = Scene(runs=DEFAULT_RUNS)


# ---------------------------------------------------------------- number formatting

def fmt(v: float) -> str:
    """Shortest readable form of a number for URLs and labels: 0.001, 1e-08, 0.9, 300."""
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    s = f"{v:.6g}"
    if "e" in s:
        mant, exp = s.split("e")
        s = f"{mant}e{int(exp)}"
    return s


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def pretty(v: float) -> str:
    """A number as the page shows it (labels, slider marks, axis ticks: one way of writing a
    learning rate): 0.001, 300, 10⁻⁵, 2.5·10⁻⁸, 10¹⁰. The browser's `U.pretty` is the same."""
    v = float(v)
    s = fmt(v) if abs(v) < 1e6 else f"{v:.6g}"       # a million and beyond: 10⁶, not 1000000
    if "e" not in s:
        return s
    mant, exp = s.split("e")
    power = "10" + str(int(exp)).translate(SUPERSCRIPT)
    return power if mant == "1" else f"{mant}·{power}"


def nice(v: float, digits: int = 2) -> float:
    """Round to `digits` significant digits (what a log slider produces: 0.0029, 1e-08)."""
    if v == 0 or not math.isfinite(v):
        return v
    return float(f"{v:.{digits}g}")


def num_text(v) -> str:
    """A number for the URL, exactly (shortest text that reads back as the same float)."""
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    s = repr(v)
    if "e" in s:
        mant, exp = s.split("e")
        s = f"{mant}e{int(exp)}"
    return s
