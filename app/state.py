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
`surface=narrow_valley,kappa=100,angle=30`. A run's learning-rate schedule rides on its
run entry: `run=gd,alpha=0.1,schedule=step,gamma=0.5,every=50` (`optim.SCHEDULES`).

Keys added for lessons and the lecture hall (all optional, v=1):

- `preset=NAME` (app/presets.py): the preset's own query first, then the link's keys, which
  override it (any `run=` replaces all the preset's runs); `encode` writes only what differs
  from the preset.
- `hide=header,lessons,runs,landscape,scene,controls,loss,summary,player` and `show=alpha,...`
  (parameter names whose sliders stay visible in hidden panels): lecture mode.
- `narrate=1`: narrated steps (the trace goes to the browser with the trajectories).
- `view=sweep|basin` with `sweep_run=K` (`-1`: every run's basin map, side by side), `outcome=final_loss|steps_to_tol|diverged`,
  `grid=5..100`, `basin_by=minimum|steps`, `click=set|add` (app/analysis.py).

Numbers are written exactly (`num_text`: the shortest text that reads back as the same float),
so a link reproduces the same trajectories. Notices are `Notice` strings (English) with a
Ukrainian `.uk`; repeated single keys, over-long queries and percent garbage are reported, not
fatal. Old links are frozen in tests/data/links_v1.json.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, quote

import landscapes
from optim import METHODS, SCHEDULES, SOURCE_PARAMS, STEPS, Param
from optim.sweeps import OUTCOMES

__all__ = ["Scene", "RunState", "encode", "decode", "DEFAULT", "VIEWS", "LANGS", "VERSION",
           "MAX_RUNS", "MAX_STEPS", "fmt", "nice", "landscape_of", "Notice", "localize", "HIDEABLE",
           "preset_scene"]

VERSION = 1
VIEWS = ("overlay", "multiples", "3d", "sweep", "basin")
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
MAX_GRID = 100              # sweep / basin cells per axis
MAX_QUERY = 20_000          # longer queries are cut (a link is never that long)


class Notice(str):
    """A notice about a link, in English (the str itself) and Ukrainian (`.uk`)."""
    uk: str = ""

    def __new__(cls, en: str, uk: str = ""):
        obj = super().__new__(cls, en)
        obj.uk = uk or en
        return obj

    def text(self, lang: str = "en") -> str:
        return self.uk if lang == "uk" else str(self)


def localize(notices, lang: str = "en") -> list:
    """Notices as strings in `lang` (plain strings stay as they are)."""
    return [n.text(lang) if isinstance(n, Notice) else str(n) for n in notices]


def _note(notices: list, en: str, uk: str):
    notices.append(Notice(en, uk))


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
    # the sweep and basin views (app/analysis.py)
    sweep_run: int = 0                  # which run's method is swept / mapped (-1: every run's basins)
    outcome: str = "final_loss"         # sweep outcome: final_loss | steps_to_tol | diverged
    grid: int = 50                      # sweep / basin resolution (cells per axis)
    basin_by: str = "minimum"           # basin colouring: minimum reached | steps to converge
    click: str = "set"                  # a sweep click sets the swept run | adds a copy with those values

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


def _decode_custom(pairs: list, vals: dict, notices: list):
    texts = [v for k, v in pairs if k == "f"]
    braw = [v for k, v in pairs if k == "bounds"]
    bounds = None
    if braw:
        try:
            bounds = parse_bounds(braw[-1])
            landscapes.custom("x", bounds)
        except (ValueError, OverflowError) as exc:
            _note(notices, f"bounds={braw[-1]!r}: {exc}; using ±3", f"bounds={braw[-1]!r}: {exc}; взято ±3")
            bounds = None
    try:
        if not texts or not texts[-1].strip():
            raise landscapes.FormulaError("no formula given (f=...)")
        vals["surface_params"] = custom_params(texts[-1], bounds)
    except (ValueError, OverflowError, RecursionError) as exc:
        _note(notices, f"f={texts[-1][:80] if texts else ''!r}: {exc}; showing {DEFAULT.surface}",
              f"f={texts[-1][:80] if texts else ''!r}: {exc}; показано {DEFAULT.surface}")
        vals["surface"], vals["surface_params"] = DEFAULT.surface, ()


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
            _note(notices, f"{self.key}={raw!r} is not one of {', '.join(self.spec)}; ignored",
                  f"{self.key}={raw!r}: має бути одне з {', '.join(self.spec)}; проігноровано")
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
    Field("sweep_run", Param("sweep_run", "k", 0, -1, MAX_RUNS - 1, integer=True)),     # -1: every run (basins)
    Field("outcome", OUTCOMES),
    Field("grid", Param("grid", "n", 50, 5, MAX_GRID, integer=True)),
    Field("basin_by", BASIN_BY),
    Field("click", CLICKS),
)


def _num(p: Param, raw, where: str, notices: list):
    try:
        v = float(raw)
    except (TypeError, ValueError, OverflowError):
        _note(notices, f"{where}: {raw!r} is not a number; ignored", f"{where}: {raw!r} — не число; проігноровано")
        return _DROP
    if not math.isfinite(v):
        _note(notices, f"{where}: {raw!r} is not finite; ignored", f"{where}: {raw!r} — нескінченне значення; проігноровано")
        return _DROP
    c = p.clamp(v)
    if c != v and not (p.integer and abs(c - v) < 0.5 and p.lo <= v <= p.hi):
        _note(notices, f"{where}={fmt(v)} is outside [{fmt(p.lo)}, {fmt(p.hi)}]; using {fmt(c)}",
              f"{where}={fmt(v)} поза межами [{fmt(p.lo)}, {fmt(p.hi)}]; взято {fmt(c)}")
    return int(c) if p.integer else c


def _pairs(items: list, specs: dict, where: str, notices: list) -> dict:
    """Parse `name=value` items against `specs`."""
    out = {}
    for item in items:
        name, eq, raw = item.partition("=")
        name = name.strip()
        if not eq or name not in specs:
            _note(notices, f"{where}: unknown setting {item!r}; ignored",
                  f"{where}: невідоме налаштування {item!r}; проігноровано")
            continue
        v = _num(specs[name], raw.strip(), f"{where} {name}", notices)
        if v is not _DROP:
            out[name] = v
    return out


def _decode_run(raw: str, notices: list):
    key, *items = raw.split(",")
    key = key.strip().lower()
    if key not in METHODS:
        _note(notices, f"run={raw!r}: unknown method {key!r} (known: {', '.join(METHODS)}); dropped",
              f"run={raw!r}: невідомий метод {key!r} (відомі: {', '.join(METHODS)}); пропущено")
        return None
    m = METHODS[key]
    schedule, rest = "constant", []
    for item in items:
        name, _, val = item.partition("=")
        if name.strip() != "schedule":
            rest.append(item)
        elif val.strip().lower() in SCHEDULES:
            schedule = val.strip().lower()
        else:
            _note(notices, f"run {m.name}: unknown schedule {val!r} (known: {', '.join(SCHEDULES)}); constant α",
                  f"run {m.name}: невідомий розклад {val!r} (відомі: {', '.join(SCHEDULES)}); сталий α")
    specs = {p.name: p for p in m.params} | {p.name: p for p in SCHEDULES[schedule].params} | SOURCE
    return RunState.make(key, schedule=schedule, **_pairs(rest, specs, f"run {m.name}", notices))


def _encode_run(r: RunState) -> str:
    m = METHODS[r.method]
    parts = [r.method]
    for p in m.params:
        v = r.values.get(p.name, p.default)
        if v != p.default:
            parts.append(f"{p.name}={num_text(v)}")
    if r.schedule != "constant":
        parts.append(f"schedule={r.schedule}")
        sp = dict(r.schedule_params)
        for p in SCHEDULES[r.schedule].params:
            if sp.get(p.name, p.default) != p.default:
                parts.append(f"{p.name}={num_text(sp[p.name])}")
    for k in SOURCE:
        if getattr(r, k) is not None:
            parts.append(f"{k}={num_text(getattr(r, k))}")
    return ",".join(parts)


def _decode_surface(raw: str, notices: list):
    name, *items = raw.split(",")
    name = name.strip().lower()
    if name == CUSTOM:
        return name, ()     # its formula and bounds: `f=` and `bounds=` (_decode_custom)
    if name not in landscapes.names():
        _note(notices, f"surface={name!r} is unknown (known: {', '.join(landscapes.names())}); using {DEFAULT.surface}",
              f"surface={name!r}: невідома поверхня (відомі: {', '.join(landscapes.names())}); взято {DEFAULT.surface}")
        return DEFAULT.surface, ()
    specs = {p.name: p for p in landscapes.params(name)}
    vals = _pairs(items, specs, f"surface {name}", notices)
    return name, tuple((p.name, vals[p.name]) for p in specs.values()
                       if p.name in vals and vals[p.name] != p.default)


def _decode_start(raw: str, notices: list):
    try:
        x, y = (float(s) for s in raw.split(","))
    except (ValueError, OverflowError):
        _note(notices, f"start={raw!r} should be two numbers 'x,y'; using the landscape's start",
              f"start={raw!r}: потрібні два числа 'x,y'; взято стандартний старт поверхні")
        return None
    if not (math.isfinite(x) and math.isfinite(y)):
        _note(notices, f"start={raw!r} is not finite; using the landscape's start",
              f"start={raw!r}: нескінченне значення; взято стандартний старт поверхні")
        return None
    lim = 1e6
    if abs(x) > lim or abs(y) > lim:
        _note(notices, f"start={raw!r} is too far out; clamped", f"start={raw!r}: надто далеко; обмежено")
        x, y = max(-lim, min(lim, x)), max(-lim, min(lim, y))
    return (x, y)


def _decode_names(key: str, raw: str, known, notices: list) -> tuple:
    """`hide=runs,landscape` / `show=alpha`: known names in a canonical order, others dropped."""
    items = [s.strip() for s in raw.split(",") if s.strip()]
    bad = [s for s in items if s not in known]
    if bad:
        _note(notices, f"{key}: unknown {', '.join(map(repr, bad))} (known: {', '.join(known)}); ignored",
              f"{key}: невідомі {', '.join(map(repr, bad))} (відомі: {', '.join(known)}); проігноровано")
    return tuple(k for k in known if k in items)


def _param_names() -> tuple:
    names = [p.name for m in METHODS.values() for p in m.params]
    names += [p.name for s in SCHEDULES.values() for p in s.params] + list(SOURCE)
    names += [p.name for n in landscapes.names() for p in landscapes.params(n)]
    return tuple(dict.fromkeys(names))


SHOWABLE = _param_names()
_SINGLE = {f.key for f in FIELDS} | {"surface", "start", "preset", "hide", "show", "narrate", "v", "f", "bounds"}


def _presets():
    from . import presets       # data only; imported late (it decodes with this module)
    return presets.PRESETS


def _merge_preset(pairs: list, notices: list):
    """Apply `preset=NAME`: its pairs first, then the link's own (which override them)."""
    names = [v.strip() for k, v in pairs if k == "preset"]
    if not names:
        return pairs, None
    name = names[-1]
    table = _presets()
    if name not in table:
        _note(notices, f"preset={name!r} is unknown; ignored", f"preset={name!r}: невідомий урок; проігноровано")
        return [(k, v) for k, v in pairs if k != "preset"], None
    own = {k for k, _ in pairs}
    base = [(k, v) for k, v in parse_qsl(table[name].query.lstrip("?"), keep_blank_values=True)
            if k not in own or (k == "run" and "run" not in own)]
    return base + [(k, v) for k, v in pairs if k != "preset"], name


def decode(query: str | None) -> tuple[Scene, list]:
    """Parse a URL query ('?a=b&...' or 'a=b&...') into a Scene and a list of notices
    (`Notice`: English text with a Ukrainian `.uk`). Never raises."""
    notices: list = []
    try:
        return _decode(query, notices)
    except Exception as exc:    # a safety net: a link never breaks the page
        _note(notices, f"the link could not be read ({type(exc).__name__}); showing the default scene",
              f"посилання не вдалося прочитати ({type(exc).__name__}); показано початкову сцену")
        return DEFAULT, notices


def _decode(query, notices: list) -> tuple[Scene, list]:
    query = str(query or "")
    if len(query) > MAX_QUERY:
        _note(notices, f"the link is too long; only its first {MAX_QUERY} characters were read",
              f"посилання задовге; прочитано лише перші {MAX_QUERY} символів")
        query = query[:MAX_QUERY]
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True, errors="replace")
    seen: dict = {}
    for key, _ in pairs:
        seen[key] = seen.get(key, 0) + 1
    for key, n in seen.items():
        if n > 1 and key in _SINGLE:
            _note(notices, f"{key} is given {n} times; using the last one",
                  f"{key} задано {n} разів; взято останнє значення")
    pairs, preset = _merge_preset(pairs, notices)
    vals: dict = {"preset": preset}
    runs = []
    saw_run, extra = False, 0
    fields = {f.key: f for f in FIELDS}
    for key, raw in pairs:
        raw = raw.strip()
        if key == "run":
            saw_run = True
            if len(runs) >= MAX_RUNS:
                extra += 1
                continue
            r = _decode_run(raw, notices)
            if r is not None:
                runs.append(r)
        elif key == "surface":
            vals["surface"], vals["surface_params"] = _decode_surface(raw, notices)
        elif key == "start":
            vals["start"] = _decode_start(raw, notices)
        elif key == "hide":
            vals["hide"] = _decode_names(key, raw, HIDEABLE, notices)
        elif key == "show":
            vals["show"] = _decode_names(key, raw, SHOWABLE, notices)
        elif key == "narrate":
            if raw in ("0", "1"):
                vals["narrate"] = raw == "1"
            else:
                _note(notices, f"narrate={raw!r} should be 0 or 1; ignored",
                      f"narrate={raw!r}: має бути 0 або 1; проігноровано")
        elif key in fields:
            v = fields[key].parse(raw, notices)
            if v is not _DROP:
                vals[fields[key].name] = v
        # unknown keys (v, future keys) are ignored
    if extra:
        _note(notices, f"at most {MAX_RUNS} runs; {extra} more dropped",
              f"не більше {MAX_RUNS} запусків; ще {extra} пропущено")
    if saw_run:
        if not runs:
            _note(notices, "no valid run in the link; showing the default runs",
                  "у посиланні немає жодного правильного запуску; показано стандартні")
        else:
            vals["runs"] = tuple(runs)
    if vals.get("surface") == CUSTOM:
        _decode_custom(pairs, vals, notices)
    scene = replace(DEFAULT, **vals)
    if scene.start is not None and tuple(scene.start) == tuple(scene.landscape.start):
        scene = replace(scene, start=None)
    if scene.step is not None and scene.step >= scene.steps:
        scene = replace(scene, step=None)
    return scene, notices


def preset_scene(name: str | None) -> Scene:
    """The scene a preset alone gives (DEFAULT for None)."""
    if not name:
        return DEFAULT
    return decode(f"preset={name}")[0]


def _preset_start(name: str | None):
    """The start a preset's query sets (raw, before comparing with a landscape's default)."""
    if not name:
        return None
    starts = [v for k, v in parse_qsl(_presets()[name].query.lstrip("?")) if k == "start"]
    return _decode_start(starts[-1], []) if starts else None


_SAFE = {"f": ",=-.:*()/"}      # a formula stays readable in a link: x**2%20%2B%2010*sin(y)


def encode(scene: Scene) -> str:
    """The URL query ('?...') for a scene; keys equal to defaults (or to the preset's values,
    when the scene comes from a preset) are omitted. decode(encode(s)) == s."""
    base = preset_scene(scene.preset)
    parts = []
    if scene.preset:
        parts.append(("preset", scene.preset))
    if scene.surface == CUSTOM and (scene.surface, scene.surface_params) != (base.surface, base.surface_params):
        cp = dict(scene.surface_params)
        parts += [("surface", CUSTOM), ("f", cp["text"])]
        if tuple(cp["bounds"]) != CUSTOM_BOUNDS:
            parts.append(("bounds", bounds_text(cp["bounds"])))
    elif (scene.surface, scene.surface_params) != (base.surface, base.surface_params):
        s = scene.surface + "".join(f",{k}={num_text(v)}" for k, v in scene.surface_params)
        parts.append(("surface", s))
    expect = _preset_start(scene.preset)
    if expect is not None and tuple(expect) == tuple(scene.landscape.start):
        expect = None
    if (tuple(scene.start) if scene.start is not None else None) != expect:
        x, y = scene.start_xy
        parts.append(("start", f"{num_text(x)},{num_text(y)}"))
    if scene.steps != base.steps:
        parts.append(("steps", num_text(scene.steps)))
    if tuple(scene.runs) != tuple(base.runs):
        parts.extend(("run", _encode_run(r)) for r in scene.runs)
    for f in FIELDS:
        if f.key == "steps":
            continue
        v = getattr(scene, f.name)
        if v != getattr(base, f.name):
            if v is None:       # only `step`: the end
                v = scene.steps
            parts.append((f.key, v if isinstance(v, str) else num_text(v)))
    if scene.hide != base.hide:
        parts.append(("hide", ",".join(scene.hide)))
    if scene.show != base.show:
        parts.append(("show", ",".join(scene.show)))
    if scene.narrate != base.narrate:
        parts.append(("narrate", "1" if scene.narrate else "0"))
    if not parts:
        return ""
    parts.append(("v", str(VERSION)))
    return "?" + "&".join(f"{k}={quote(str(v), safe=_SAFE.get(k, ',=-.:'))}" for k, v in parts)
