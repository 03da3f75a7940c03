"""The URL codec: a `Scene` to a query and back, driven by one table of fields.

    /?surface=rosenbrock&start=-1.5,2&steps=300&run=gd,alpha=0.001&run=adam,alpha=0.05,rho1=0.8
     &batch=8&sigma=2&seed=3&view=overlay&lang=uk&v=1

`FIELDS` lists every key once, in the order links are written: the Scene attribute(s) it
sets, how it reads a raw value (appending a `Notice` for anything it cannot use) and how it
writes one. `decode` and `encode` are loops over that table (in the spirit of TensorFlow
Playground's state.ts); a new key is one `Field`. Hyperparameters come from the method
registry (`optim.METHODS`), landscape parameters from `landscapes.params(name)`.

Defaults are omitted, unknown keys ignored, bad values clamped into range or dropped with a
notice; `decode` never raises. A landscape's own parameters ride on the `surface` key in the
same style as a run (`surface=narrow_valley,kappa=100,angle=30`); a run's learning-rate
schedule rides on its run entry (`run=gd,alpha=0.1,schedule=step,gamma=0.5,every=50`); your
own surface is `surface=custom&f=x**2%20%2B%2010*sin(y)&bounds=-3,3,-2,2` (or `bounds=5`).

- `preset=NAME` (`app.model.presets`): the preset's own query first, then the link's keys,
  which override it (any `run=` replaces all the preset's runs); `encode` writes only what
  differs from the preset.
- `hide=header,lessons,runs,landscape,scene,controls,loss,summary,player` and `show=alpha,...`
  (parameter names whose sliders stay visible in hidden panels): lecture mode.
- `narrate=1`: narrated steps.
- `view=sweep|basin` with `sweep_run=K` (`-1`: every run's basin map, side by side),
  `outcome=final_loss|steps_to_tol|diverged`, `grid=5..100`, `basin_by=minimum|steps`,
  `click=set|add`.

Numbers are written exactly (`num_text`: the shortest text that reads back as the same
float), so a link reproduces the same trajectories. Notices are `Notice` strings (English)
with a Ukrainian `.uk`. Old links are frozen in tests/data/links_v1.json.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable
from urllib.parse import parse_qsl, quote

import landscapes
from optim import METHODS, SCHEDULES
from optim.sweeps import OUTCOMES
from params import Param

from ..text import landscape_title
from . import presets as _presets
from .scene import (BASIN_BY, CLICKS, CUSTOM, CUSTOM_BOUNDS, DEFAULT, HIDEABLE, LANGS, MAX_GRID, MAX_RUNS, SOURCE,
                    STEPS_UI, VIEWS, RunState, Scene, bounds_text, custom_params, fmt, num_text, parse_bounds)

__all__ = ["encode", "decode", "Notice", "localize", "FIELDS", "Field", "VERSION", "MAX_QUERY", "SHOWABLE",
           "preset_scene"]

VERSION = 1
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


def _default_title(lang: str) -> str:
    return landscape_title(DEFAULT.landscape, lang)


def _note(notices: list, en: str, uk: str):
    notices.append(Notice(en, uk))


_DROP = object()            # a value the page could not use (a notice says so)


# ---------------------------------------------------------------- readers of one value

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


def _choice(key: str, choices: tuple):
    def read(raw: str, notices: list, _pairs):
        if raw in choices:
            return raw
        _note(notices, f"{key}={raw!r} is not one of {', '.join(choices)}; ignored",
              f"{key}={raw!r}: має бути одне з {', '.join(choices)}; проігноровано")
        return _DROP
    return read


def _number(key: str, p: Param):
    return lambda raw, notices, _pairs: _num(p, raw, key, notices)


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
                  f"запуск {m.label('uk')}: невідомий розклад {val!r} (відомі: {', '.join(SCHEDULES)}); сталий α")
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


def _read_runs(raws: list, notices: list, _pairs):
    runs = []
    for raw in raws[:MAX_RUNS]:
        r = _decode_run(raw, notices)
        if r is not None:
            runs.append(r)
    if len(raws) > MAX_RUNS:
        _note(notices, f"at most {MAX_RUNS} runs; {len(raws) - MAX_RUNS} more dropped",
              f"не більше {MAX_RUNS} запусків; ще {len(raws) - MAX_RUNS} пропущено")
    if not runs:
        _note(notices, "no valid run in the link; showing the default runs",
              "у посиланні немає жодного правильного запуску; показано стандартні")
        return _DROP
    return tuple(runs)


def _decode_custom(pairs: list, notices: list) -> tuple:
    """(surface, surface_params) of `surface=custom` from the link's `f=` and `bounds=`."""
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
            _note(notices, f"surface=custom without a formula (f=...): showing {_default_title('en')}",
                  f"власна поверхня без формули (f=...): показано «{_default_title('uk')}»")
            return DEFAULT.surface, ()
        return CUSTOM, custom_params(texts[-1], bounds)
    except (ValueError, OverflowError, RecursionError) as exc:
        _note(notices, f"f={texts[-1][:80]!r}: {exc}; showing {_default_title('en')}",
              f"f={texts[-1][:80]!r}: {exc}; показано «{_default_title('uk')}»")
        return DEFAULT.surface, ()


def _read_surface(raw: str, notices: list, pairs: list):
    name, *items = raw.split(",")
    name = name.strip().lower()
    if name == CUSTOM:
        return _decode_custom(pairs, notices)
    if name not in landscapes.names():
        _note(notices, f"surface={name!r} is unknown (known: {', '.join(landscapes.names())}); using {DEFAULT.surface}",
              f"surface={name!r}: невідома поверхня (відомі: {', '.join(landscapes.names())}); взято {DEFAULT.surface}")
        return DEFAULT.surface, ()
    specs = {p.name: p for p in landscapes.params(name)}
    vals = _pairs(items, specs, f"surface {name}", notices)
    return name, tuple((p.name, vals[p.name]) for p in specs.values()
                       if p.name in vals and vals[p.name] != p.default)


def _write_surface(scene: Scene) -> list:
    if scene.surface == CUSTOM:
        cp = dict(scene.surface_params)
        parts = [("surface", CUSTOM), ("f", cp["text"])]
        if tuple(cp["bounds"]) != CUSTOM_BOUNDS:
            parts.append(("bounds", bounds_text(cp["bounds"])))
        return parts
    return [("surface", scene.surface + "".join(f",{k}={num_text(v)}" for k, v in scene.surface_params))]


def _decode_start(raw: str, notices: list, _pairs=None):
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


def _names(key: str, known):
    """`hide=runs,landscape` / `show=alpha`: known names in a canonical order, others dropped."""
    def read(raw: str, notices: list, _pairs):
        items = [s.strip() for s in raw.split(",") if s.strip()]
        bad = [s for s in items if s not in known]
        if bad:
            _note(notices, f"{key}: unknown {', '.join(map(repr, bad))} (known: {', '.join(known)}); ignored",
                  f"{key}: невідомі {', '.join(map(repr, bad))} (відомі: {', '.join(known)}); проігноровано")
        return tuple(k for k in known if k in items)
    return read


def _read_flag(raw: str, notices: list, _pairs):
    if raw in ("0", "1"):
        return raw == "1"
    _note(notices, f"narrate={raw!r} should be 0 or 1; ignored", f"narrate={raw!r}: має бути 0 або 1; проігноровано")
    return _DROP


def _param_names() -> tuple:
    names = [p.name for m in METHODS.values() for p in m.params]
    names += [p.name for s in SCHEDULES.values() for p in s.params] + list(SOURCE)
    names += [p.name for n in landscapes.names() for p in landscapes.params(n)]
    return tuple(dict.fromkeys(names))


SHOWABLE = _param_names()


# ---------------------------------------------------------------- the field table

def _text(v) -> str:
    return v if isinstance(v, str) else num_text(v)


@dataclass(frozen=True)
class Field:
    """One URL key: the Scene attribute(s) it sets, its reader and its writer.

    `read(raw, notices, pairs)` returns the value (a tuple of values for several `attrs`) or
    `_DROP`; `write(scene)` returns the (key, text) pairs for a scene whose value differs
    from the base scene's. `repeated` keys (run) get the list of all their raw values."""
    key: str
    read: Callable
    attrs: tuple = ()
    write: Callable | None = None
    repeated: bool = False
    also: tuple = ()            # further keys this field reads from `pairs` (custom surface: f, bounds)

    @property
    def names(self) -> tuple:
        return self.attrs or (self.key,)

    def value(self, scene: Scene):
        return tuple(getattr(scene, a) for a in self.names)

    def encode(self, scene: Scene) -> list:
        if self.write is not None:
            return self.write(scene)
        v = getattr(scene, self.names[0])
        if v is None:           # only `step`: the end
            v = scene.steps
        return [(self.key, _text(v))]


def _simple(key: str, spec) -> Field:
    read = _choice(key, spec) if isinstance(spec, tuple) else _number(key, spec)
    return Field(key, read)


FIELDS = (
    Field("surface", _read_surface, attrs=("surface", "surface_params"), write=_write_surface, also=("f", "bounds")),
    Field("start", _decode_start),          # written by `encode` (it depends on the preset's start)
    _simple("steps", STEPS_UI),
    Field("run", _read_runs, attrs=("runs",), write=lambda s: [("run", _encode_run(r)) for r in s.runs],
          repeated=True),
    _simple("batch", SOURCE["batch"]),
    _simple("sigma", SOURCE["sigma"]),
    _simple("seed", SOURCE["seed"]),
    _simple("view", VIEWS),
    _simple("step", replace(STEPS_UI, lo=0, default=0)),
    _simple("lang", LANGS),
    _simple("sweep_run", Param("sweep_run", "k", 0, -1, MAX_RUNS - 1, integer=True)),     # -1: every run (basins)
    _simple("outcome", OUTCOMES),
    _simple("grid", Param("grid", "n", 50, 5, MAX_GRID, integer=True)),
    _simple("basin_by", BASIN_BY),
    _simple("click", CLICKS),
    Field("hide", _names("hide", HIDEABLE), write=lambda s: [("hide", ",".join(s.hide))]),
    Field("show", _names("show", SHOWABLE), write=lambda s: [("show", ",".join(s.show))]),
    Field("narrate", _read_flag, write=lambda s: [("narrate", "1" if s.narrate else "0")]),
)
_BY_KEY = {f.key: f for f in FIELDS}
# keys read once (a repeat is reported): the table's single keys and the keys they read along
_SINGLE = {f.key for f in FIELDS if not f.repeated} | {k for f in FIELDS for k in f.also} | {"preset", "v"}


# ---------------------------------------------------------------- presets

def _merge_preset(pairs: list, notices: list):
    """Apply `preset=NAME`: its pairs first, then the link's own (which override them)."""
    names = [v.strip() for k, v in pairs if k == "preset"]
    if not names:
        return pairs, None
    name = names[-1]
    if name not in _presets.PRESETS:
        _note(notices, f"preset={name!r} is unknown; ignored", f"preset={name!r}: невідомий урок; проігноровано")
        return [(k, v) for k, v in pairs if k != "preset"], None
    own = {k for k, _ in pairs}
    base = [(k, v) for k, v in parse_qsl(_presets.PRESETS[name].query.lstrip("?"), keep_blank_values=True)
            if k not in own or (k == "run" and "run" not in own)]
    return base + [(k, v) for k, v in pairs if k != "preset"], name


def preset_scene(name: str | None) -> Scene:
    """The scene a preset alone gives (DEFAULT for None)."""
    if not name:
        return DEFAULT
    return decode(f"preset={name}")[0]


def _preset_start(name: str | None):
    """The start a preset's query sets (raw, before comparing with a landscape's default)."""
    if not name:
        return None
    starts = [v for k, v in parse_qsl(_presets.PRESETS[name].query.lstrip("?")) if k == "start"]
    return _decode_start(starts[-1], []) if starts else None


# ---------------------------------------------------------------- decode / encode

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
    raws: dict = {}             # key -> raw value(s), in the order the link gives the keys
    for key, raw in pairs:
        f = _BY_KEY.get(key)
        if f is None:
            continue            # unknown keys (v, future keys) are ignored
        if f.repeated:
            raws.setdefault(key, []).append(raw.strip())
        else:
            raws[key] = raw.strip()
    vals: dict = {"preset": preset}
    for key, raw in raws.items():       # (notices come in the link's order)
        f = _BY_KEY[key]
        v = f.read(raw, notices, pairs)
        if v is _DROP:
            continue
        vals.update(zip(f.names, v if len(f.names) > 1 else (v,)))
    scene = replace(DEFAULT, **vals)
    if scene.start is not None and tuple(scene.start) == tuple(scene.landscape.start):
        scene = replace(scene, start=None)
    if scene.step is not None and scene.step >= scene.steps:
        scene = replace(scene, step=None)
    return scene, notices


_SAFE = {"f": ",=-.:*()/"}      # a formula stays readable in a link: x**2%20%2B%2010*sin(y)


def _start_parts(scene: Scene) -> list:
    expect = _preset_start(scene.preset)
    if expect is not None and tuple(expect) == tuple(scene.landscape.start):
        expect = None
    if (tuple(scene.start) if scene.start is not None else None) == expect:
        return []
    x, y = scene.start_xy
    return [("start", f"{num_text(x)},{num_text(y)}")]


def encode(scene: Scene) -> str:
    """The URL query ('?...') for a scene; keys equal to defaults (or to the preset's values,
    when the scene comes from a preset) are omitted. decode(encode(s)) == s."""
    base = preset_scene(scene.preset)
    parts = [("preset", scene.preset)] if scene.preset else []
    for f in FIELDS:
        if f.key == "start":
            parts += _start_parts(scene)
        elif f.value(scene) != f.value(base):
            parts += f.encode(scene)
    if not parts:
        return ""
    parts.append(("v", str(VERSION)))
    return "?" + "&".join(f"{k}={quote(str(v), safe=_SAFE.get(k, ',=-.:'))}" for k, v in parts)
