"""The page's whole state, and its URL codec.

One typed `Scene` (with a list of `RunState`) is the single source of truth; the URL
query is its serialization (see DESIGN.md, "URL query")::

    /?surface=rosenbrock&start=-1.5,2&steps=300&run=gd,alpha=0.001&run=adam,alpha=0.05,rho1=0.8
     &batch=8&sigma=2&seed=3&view=overlay&lang=uk&v=1

`encode(scene) -> str` and `decode(query) -> (scene, notices)` are driven by tables: the
scalar fields are listed once in `FIELDS` with their `Param` spec (or set of choices),
hyperparameters come from the method registry (`optim.METHODS`) and landscape
parameters from `landscapes.params(name)`. Defaults are omitted, unknown keys ignored,
bad values clamped into range or dropped with a notice; `decode` never raises.

A landscape's own parameters ride on the `surface` key in the same style as a run:
`surface=narrow_valley,kappa=100,angle=30`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, quote

import landscapes
from optim import METHODS, SOURCE_PARAMS, STEPS, Param

__all__ = ["Scene", "RunState", "encode", "decode", "DEFAULT", "VIEWS", "LANGS", "VERSION",
           "MAX_RUNS", "MAX_STEPS", "fmt", "nice", "landscape_of"]

VERSION = 1
VIEWS = ("overlay", "multiples", "3d")
LANGS = ("en", "uk")
MAX_RUNS = 8
# The app's own cap on steps (the core allows more; a browser page should not).
MAX_STEPS = 2000
STEPS_UI = replace(STEPS, hi=MAX_STEPS, default=300, lo=1)
SOURCE = {p.name: p for p in SOURCE_PARAMS}


@dataclass(frozen=True)
class RunState:
    """One trajectory: a method, its hyperparameters (all of them, defaults filled in) and
    optional per-run overrides of the gradient source."""
    method: str
    params: tuple = ()          # ((name, value), ...) in the registry's order
    batch: int | None = None
    sigma: float | None = None
    seed: int | None = None

    @classmethod
    def make(cls, method: str, **values) -> "RunState":
        m = METHODS[method]
        src = {k: values.pop(k) for k in list(values) if k in SOURCE}
        full = {p.name: float(values.get(p.name, p.default)) for p in m.params}
        return cls(method, tuple(full.items()), **src)

    @property
    def values(self) -> dict:
        return dict(self.params)

    def with_value(self, name: str, value) -> "RunState":
        if name in SOURCE:
            return replace(self, **{name: value})
        vals = self.values
        vals[name] = float(value)
        return replace(self, params=tuple(vals.items()))

    def spec(self) -> dict:
        """The dict `optim.run_many` takes."""
        d = {"method": self.method, **self.values}
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

    @property
    def landscape(self):
        return landscape_of(self.surface, self.surface_params)

    @property
    def start_xy(self) -> tuple:
        return tuple(self.start) if self.start is not None else tuple(self.landscape.start)

    @property
    def noisy(self) -> bool:
        """Mini-batch gradients (batch B >= 1) for the scene or any run."""
        return self.batch > 0 or any((r.batch or 0) > 0 for r in self.runs)


def landscape_of(name: str, params=()):
    return landscapes.get(name, **dict(params))


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


def nice(v: float, digits: int = 2) -> float:
    """Round to `digits` significant digits (what a log slider produces: 0.0029, 1e-08)."""
    if v == 0 or not math.isfinite(v):
        return v
    return float(f"{v:.{digits}g}")


# ---------------------------------------------------------------- the field table

@dataclass(frozen=True)
class Field:
    """One scalar key of the URL: a `Param` spec or a tuple of choices."""
    key: str
    spec: object                # Param | tuple of str
    attr: str = ""

    @property
    def name(self):
        return self.attr or self.key

    def parse(self, raw: str, notices: list):
        if isinstance(self.spec, tuple):
            if raw in self.spec:
                return raw
            notices.append(f"{self.key}={raw!r} is not one of {', '.join(self.spec)}; ignored")
            return _DROP
        return _num(self.spec, raw, self.key, notices)


_DROP = object()

FIELDS = (
    Field("steps", STEPS_UI),
    Field("batch", SOURCE["batch"]),
    Field("sigma", SOURCE["sigma"]),
    Field("seed", SOURCE["seed"]),
    Field("view", VIEWS),
    Field("step", replace(STEPS_UI, lo=0, default=0)),
    Field("lang", LANGS),
)


def _num(p: Param, raw, where: str, notices: list):
    try:
        v = float(raw)
    except (TypeError, ValueError):
        notices.append(f"{where}: {raw!r} is not a number; ignored")
        return _DROP
    if not math.isfinite(v):
        notices.append(f"{where}: {raw!r} is not finite; ignored")
        return _DROP
    c = p.clamp(v)
    if c != v and not (p.integer and abs(c - v) < 0.5 and p.lo <= v <= p.hi):
        notices.append(f"{where}={fmt(v)} is outside [{fmt(p.lo)}, {fmt(p.hi)}]; using {fmt(c)}")
    return int(c) if p.integer else c


def _pairs(items: list, specs: dict, where: str, notices: list) -> dict:
    """Parse `name=value` items against `specs`."""
    out = {}
    for item in items:
        name, eq, raw = item.partition("=")
        if not eq or name not in specs:
            notices.append(f"{where}: unknown setting {item!r}; ignored")
            continue
        v = _num(specs[name], raw, f"{where} {name}", notices)
        if v is not _DROP:
            out[name] = v
    return out


def _decode_run(raw: str, notices: list):
    key, *items = raw.split(",")
    key = key.strip().lower()
    if key not in METHODS:
        notices.append(f"run={raw!r}: unknown method {key!r} (known: {', '.join(METHODS)}); dropped")
        return None
    m = METHODS[key]
    specs = {p.name: p for p in m.params} | SOURCE
    return RunState.make(key, **_pairs(items, specs, f"run {m.name}", notices))


def _encode_run(r: RunState) -> str:
    m = METHODS[r.method]
    parts = [r.method]
    for p in m.params:
        v = r.values.get(p.name, p.default)
        if v != p.default:
            parts.append(f"{p.name}={fmt(v)}")
    for k in SOURCE:
        if getattr(r, k) is not None:
            parts.append(f"{k}={fmt(getattr(r, k))}")
    return ",".join(parts)


def _decode_surface(raw: str, notices: list):
    name, *items = raw.split(",")
    name = name.strip().lower()
    if name not in landscapes.names():
        notices.append(f"surface={name!r} is unknown (known: {', '.join(landscapes.names())}); "
                       f"using {DEFAULT.surface}")
        return DEFAULT.surface, ()
    specs = {p.name: p for p in landscapes.params(name)}
    vals = _pairs(items, specs, f"surface {name}", notices)
    return name, tuple((p.name, vals[p.name]) for p in specs.values()
                       if p.name in vals and vals[p.name] != p.default)


def _decode_start(raw: str, notices: list):
    try:
        x, y = (float(s) for s in raw.split(","))
    except ValueError:
        notices.append(f"start={raw!r} should be two numbers 'x,y'; using the landscape's start")
        return None
    if not (math.isfinite(x) and math.isfinite(y)):
        notices.append(f"start={raw!r} is not finite; using the landscape's start")
        return None
    lim = 1e6
    if abs(x) > lim or abs(y) > lim:
        notices.append(f"start={raw!r} is too far out; clamped")
        x, y = max(-lim, min(lim, x)), max(-lim, min(lim, y))
    return (x, y)


def decode(query: str | None) -> tuple[Scene, list]:
    """Parse a URL query ('?a=b&...' or 'a=b&...') into a Scene and a list of notices."""
    notices: list[str] = []
    pairs = parse_qsl((query or "").lstrip("?"), keep_blank_values=True)
    vals: dict = {}
    runs = []
    saw_run = False
    fields = {f.key: f for f in FIELDS}
    for key, raw in pairs:
        raw = raw.strip()
        if key == "run":
            saw_run = True
            if len(runs) >= MAX_RUNS:
                notices.append(f"at most {MAX_RUNS} runs; run={raw!r} dropped")
                continue
            r = _decode_run(raw, notices)
            if r is not None:
                runs.append(r)
        elif key == "surface":
            vals["surface"], vals["surface_params"] = _decode_surface(raw, notices)
        elif key == "start":
            vals["start"] = _decode_start(raw, notices)
        elif key in fields:
            v = fields[key].parse(raw, notices)
            if v is not _DROP:
                vals[fields[key].name] = v
        # unknown keys (v, preset, future keys) are ignored
    if saw_run:
        if not runs:
            notices.append("no valid run in the link; showing the default runs")
        else:
            vals["runs"] = tuple(runs)
    scene = replace(DEFAULT, **vals)
    if scene.start is not None and tuple(scene.start) == tuple(scene.landscape.start):
        scene = replace(scene, start=None)
    return scene, notices


def encode(scene: Scene) -> str:
    """The URL query ('?...') for a scene; keys equal to defaults are omitted."""
    parts = []
    if scene.surface != DEFAULT.surface or scene.surface_params:
        s = scene.surface + "".join(f",{k}={fmt(v)}" for k, v in scene.surface_params)
        parts.append(("surface", s))
    if scene.start is not None and tuple(scene.start) != tuple(scene.landscape.start):
        parts.append(("start", f"{fmt(scene.start[0])},{fmt(scene.start[1])}"))
    if scene.steps != DEFAULT.steps:
        parts.append(("steps", fmt(scene.steps)))
    if tuple(scene.runs) != tuple(DEFAULT.runs):
        parts.extend(("run", _encode_run(r)) for r in scene.runs)
    for f in FIELDS:
        if f.key == "steps":
            continue
        v = getattr(scene, f.name)
        if v is not None and v != getattr(DEFAULT, f.name):
            parts.append((f.key, v if isinstance(v, str) else fmt(v)))
    if not parts:
        return ""
    parts.append(("v", str(VERSION)))
    return "?" + "&".join(f"{k}={quote(str(v), safe=',=-.:')}" for k, v in parts)
