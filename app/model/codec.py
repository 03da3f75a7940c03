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
- `embed=1`: the page inside a slide's <iframe>: the picture and the player (and the sliders
  `show=` names), nothing else.
- `view=sweep|basin` with `sweep_run=K` (`-1`: every run's basin map, side by side),
  `outcome=final_loss|steps_to_tol|diverged`, `sweep_y=NAME` (the heatmap's second axis: a
  hyperparameter of the swept run's method, or `batch`), `grid=5..100`, `loss_x=steps|examples` (the loss
  chart's horizontal axis; examples on landscapes with data), `basin_by=minimum|steps`,
  `click=set|add`.

Numbers are written exactly (`num_text`: the shortest text that reads back as the same
float), so a link reproduces the same trajectories. Notices are `Notice` strings (English)
with a Ukrainian `.uk`. Old links are frozen in tests/data/links_v1.json.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Callable
from urllib.parse import parse_qsl, quote, unquote

import landscapes
from optim import METHODS, SCHEDULES
from optim.sweeps import OUTCOMES
from params import Param

from ..text import landscape_title
from . import presets as _presets
from .scene import (BASIN_BY, CLICKS, SWEEP_Y, LOSS_X, has_examples, CUSTOM, CUSTOM_BOUNDS, DEFAULT, HIDEABLE, LANGS, MAX_GRID, MAX_RUNS, SOURCE,
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
QUOTE = 60                  # a notice quotes at most this many characters of a bad value


def _q(raw, lang: str = "en") -> str:
    """A bad value as a notice quotes it: in quotes, at most QUOTE characters."""
    text = str(raw)
    if len(text) <= QUOTE:
        return repr(text)
    return repr(text[:QUOTE - 1] + "…") + (f" ({len(text)} символів)" if lang == "uk" else f" ({len(text)} characters)")


def _q_uk(raw) -> str:
    return _q(raw, "uk")


def _where(where, lang: str) -> str:
    """Where a notice points: one text, or (English, Ukrainian)."""
    return where if isinstance(where, str) else where[lang == "uk"]


# a number as links write it: ASCII digits, an optional sign, a decimal point, an exponent
# with or without its sign ("1e+3" arrives as "1e 3": a '+' in a query is a space)
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _float(raw) -> float:
    """The strict number grammar above (Python's float() also takes '1_000', '١٢', 'nan',
    'infinity'); ValueError otherwise."""
    text = str(raw).strip()
    text = re.sub(r"([eE]) ([0-9])", r"\1+\2", text)
    if not _NUMBER.fullmatch(text):
        raise ValueError(text)
    return float(text)


# ---------------------------------------------------------------- readers of one value

def _num(p: Param, raw, where, notices: list):
    we, wu = _where(where, "en"), _where(where, "uk")
    try:
        v = _float(raw)
    except (TypeError, ValueError, OverflowError):
        _note(notices, f"{we}: {_q(raw)} is not a number (digits, an optional sign, a decimal point, an "
                       f"exponent like 1e-3); ignored",
              f"{wu}: {_q_uk(raw)} — не число (цифри, необов'язковий знак, десяткова крапка, порядок на "
              f"кшталт 1e-3); проігноровано")
        return _DROP
    if not math.isfinite(v):
        _note(notices, f"{we}: {_q(raw)} is not finite; ignored",
              f"{wu}: {_q_uk(raw)} — нескінченне значення; проігноровано")
        return _DROP
    if p.integer and p.lo <= v <= p.hi and v != round(v):
        _note(notices, f"{we}={fmt(v)} is not a whole number; using {int(round(v))}",
              f"{wu}={fmt(v)} — не ціле число; взято {int(round(v))}")
        return int(round(v))
    c = p.clamp(v)
    if c != v:
        _note(notices, f"{we}={fmt(v)} is outside [{fmt(p.lo)}, {fmt(p.hi)}]; using {fmt(c)}",
              f"{wu}={fmt(v)} поза межами [{fmt(p.lo)}, {fmt(p.hi)}]; взято {fmt(c)}")
    return int(c) if p.integer else c


def _choice(key: str, choices: tuple):
    def read(raw: str, notices: list, _pairs):
        if raw in choices:
            return raw
        names = ", ".join(c for c in choices if c)
        _note(notices, f"{key}={_q(raw)} is not one of {names}; ignored",
              f"{key}={_q_uk(raw)}: має бути одне з {names}; проігноровано")
        return _DROP
    return read


def _number(key: str, p: Param):
    return lambda raw, notices, _pairs: _num(p, raw, key, notices)


def _pairs(items: list, specs: dict, where, notices: list) -> dict:
    """Parse `name=value` items against `specs`."""
    we, wu = _where(where, "en"), _where(where, "uk")
    out, given = {}, set()
    for item in items:
        name, eq, raw = item.partition("=")
        name = name.strip()
        if not eq or name not in specs:
            _note(notices, f"{we}: unknown setting {_q(item)}; ignored",
                  f"{wu}: невідоме налаштування {_q_uk(item)}; проігноровано")
            continue
        if name in given:
            _note(notices, f"{we}: {name} is given twice; using the last one, {_q(raw.strip())}",
                  f"{wu}: {name} задано двічі; взято останнє, {_q_uk(raw.strip())}")
        given.add(name)
        p = specs[name]
        if p.choices:
            v = p.clamp(raw)
            if v != raw.strip().lower():
                _note(notices, f"{we}: {name}={_q(raw.strip())} is not one of {', '.join(p.choices)}; using {v}",
                      f"{wu}: {name}={_q_uk(raw.strip())} — має бути одне з {', '.join(p.choices)}; взято {v}")
            out[name] = v
            continue
        v = _num(p, raw.strip(), (f"{we} {name}", f"{wu} {name}"), notices)
        if v is not _DROP:
            out[name] = v
    return out


def _decode_run(raw: str, notices: list):
    key, *items = raw.split(",")
    key = key.strip().lower()
    if key not in METHODS:
        _note(notices, f"run={_q(raw)}: unknown method {_q(key)} (known: {', '.join(METHODS)}); dropped",
              f"run={_q_uk(raw)}: невідомий метод {_q_uk(key)} (відомі: {', '.join(METHODS)}); пропущено")
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
            _note(notices, f"run {m.name}: unknown schedule {_q(val)} (known: {', '.join(SCHEDULES)}); constant α",
                  f"запуск {m.label('uk')}: невідомий розклад {_q_uk(val)} (відомі: {', '.join(SCHEDULES)}); сталий α")
    specs = {p.name: p for p in m.params} | {p.name: p for p in SCHEDULES[schedule].params} | SOURCE
    return RunState.make(key, schedule=schedule,
                         **_pairs(rest, specs, (f"run {m.name}", f"запуск {m.label('uk')}"), notices))


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
            _note(notices, f"bounds={_q(braw[-1])}: {exc}; using ±3", f"bounds={_q_uk(braw[-1])}: {exc}; взято ±3")
            bounds = None
    try:
        if not texts or not texts[-1].strip():
            _note(notices, f"surface=custom without a formula (f=...): showing {_default_title('en')}",
                  f"власна поверхня без формули (f=...): показано «{_default_title('uk')}»")
            return DEFAULT.surface, ()
        return CUSTOM, custom_params(texts[-1], bounds)
    except (ValueError, OverflowError, RecursionError) as exc:
        _note(notices, f"f={_q(texts[-1])}: {exc}; showing {_default_title('en')}",
              f"f={_q_uk(texts[-1])}: {exc}; показано «{_default_title('uk')}»")
        return DEFAULT.surface, ()


def _read_surface(raw: str, notices: list, pairs: list):
    name, *items = raw.split(",")
    name = name.strip().lower()
    if name == CUSTOM:
        return _decode_custom(pairs, notices)
    if name not in landscapes.names():
        _note(notices, f"surface={_q(name)} is unknown (known: {', '.join(landscapes.names())}); using {DEFAULT.surface}",
              f"surface={_q_uk(name)}: невідома поверхня (відомі: {', '.join(landscapes.names())}); взято {DEFAULT.surface}")
        return DEFAULT.surface, ()
    specs = {p.name: p for p in landscapes.params(name)}
    vals = _pairs(items, specs, (f"surface {name}", f"поверхня {name}"), notices)
    return name, tuple((p.name, vals[p.name]) for p in specs.values()
                       if p.name in vals and vals[p.name] != p.default)


def _write_surface(scene: Scene) -> list:
    if scene.surface == CUSTOM:
        cp = dict(scene.surface_params)
        parts = [("surface", CUSTOM), ("f", cp["text"])]
        if tuple(cp["bounds"]) != CUSTOM_BOUNDS:
            parts.append(("bounds", bounds_text(cp["bounds"])))
        return parts
    return [("surface", scene.surface + "".join(f",{k}={_text(v)}" for k, v in scene.surface_params))]


DEFAULT_START = "default"       # `start=default`: the landscape's own start (a network's θ₀)


def _decode_start(raw: str, notices: list, _pairs=None):
    if raw.strip().lower() == DEFAULT_START:
        return None
    try:
        x, y = (float(s) for s in raw.split(","))
    except (ValueError, OverflowError):
        _note(notices, f"start={_q(raw)} should be two numbers 'x,y'; using the landscape's start",
              f"start={_q_uk(raw)}: потрібні два числа 'x,y'; взято стандартний старт поверхні")
        return None
    if not (math.isfinite(x) and math.isfinite(y)):
        _note(notices, f"start={_q(raw)} is not finite; using the landscape's start",
              f"start={_q_uk(raw)}: нескінченне значення; взято стандартний старт поверхні")
        return None
    lim = 1e6
    if abs(x) > lim or abs(y) > lim:
        _note(notices, f"start={_q(raw)} is too far out; clamped", f"start={_q_uk(raw)}: надто далеко; обмежено")
        x, y = max(-lim, min(lim, x)), max(-lim, min(lim, y))
    return (x, y)


def _names(key: str, known):
    """`hide=runs,landscape` / `show=alpha`: known names in a canonical order, others dropped."""
    def read(raw: str, notices: list, _pairs):
        items = [s.strip() for s in raw.split(",") if s.strip()]
        bad = [s for s in items if s not in known]
        if bad:
            _note(notices, f"{key}: unknown {', '.join(map(_q, bad[:6]))} (known: {', '.join(known)}); ignored",
                  f"{key}: невідомі {', '.join(map(_q_uk, bad[:6]))} (відомі: {', '.join(known)}); проігноровано")
        return tuple(k for k in known if k in items)
    return read


def _flag(key: str):
    def read(raw: str, notices: list, _pairs):
        if raw in ("0", "1"):
            return raw == "1"
        _note(notices, f"{key}={_q(raw)} should be 0 or 1; ignored", f"{key}={_q_uk(raw)}: має бути 0 або 1; проігноровано")
        return _DROP
    return read


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
    _simple("sweep_y", SWEEP_Y),          # "": the method's own (written only against a lesson's choice)
    _simple("loss_x", LOSS_X),
    _simple("grid", Param("grid", "n", 50, 5, MAX_GRID, integer=True)),
    _simple("basin_by", BASIN_BY),
    _simple("click", CLICKS),
    Field("hide", _names("hide", HIDEABLE), write=lambda s: [("hide", ",".join(s.hide))]),
    Field("show", _names("show", SHOWABLE), write=lambda s: [("show", ",".join(s.show))]),
    Field("narrate", _flag("narrate"), write=lambda s: [("narrate", "1" if s.narrate else "0")]),
    Field("embed", _flag("embed"), write=lambda s: [("embed", "1" if s.embed else "0")]),
)
_BY_KEY = {f.key: f for f in FIELDS}
# keys read once (a repeat is reported): the table's single keys and the keys they read along
_SINGLE = {f.key for f in FIELDS if not f.repeated} | {k for f in FIELDS for k in f.also} | {"preset", "v"}
_ALSO = {k for f in FIELDS for k in f.also}
_HYPER = {p.name for m in METHODS.values() for p in m.params} | {p.name for sch in SCHEDULES.values() for p in sch.params}


# ---------------------------------------------------------------- presets

# ---------------------------------------------------------------- links that chats and mail mangled

_WRAPPERS = ("url", "u", "target", "link", "q")     # a mail client's or a redirector's wrapper key
_TRACKING = re.compile(r"(utm_\w*|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|igshid|ref|ref_src)$")
_FORMULA_KEYS = ("formula", "function", "func", "fn", "expr", "expression", "fx", "f(x,y)", "surface_f")
_JUNK = "\"'”’“»>.,;]}"          # glued to the end of a link by the text around it


def _repair(query: str, notices: list) -> str:
    """Undo what chats and mail clients do to a link, where the intent is unambiguous, and
    say so: a byte-order mark, a wrapper (`url=http%3A%2F%2F...%3Fsurface%3D...`), a query
    percent-encoded as a whole, HTML-escaped separators (`&amp;`), junk glued to the end."""
    def fixed(en, uk):
        _note(notices, f"the link was repaired: {en}", f"посилання виправлено: {uk}")
    q = query.lstrip("?")
    bom = re.match(r"(\ufeff|%ef%bb%bf)+", q, re.I)
    if bom:
        q = q[bom.end():].lstrip("?")
        fixed("a byte-order mark before the first key was removed", "прибрано позначку порядку байтів перед першим ключем")
    for _ in range(2):          # a wrapper may hold an encoded query, and the other way round
        pairs = parse_qsl(q, keep_blank_values=True)
        inner = [v for k, v in pairs if k.lower() in _WRAPPERS and "?" in v]     # (decoded once by parse_qsl)
        if inner and not any(k in _BY_KEY for k, _ in pairs):
            q = inner[0].split("?", 1)[1]
            fixed("the link inside a wrapper (url=…) was read", "прочитано посилання всередині обгортки (url=…)")
            continue
        if "=" not in q and re.search(r"%3d", q, re.I):
            q = unquote(q)
            fixed("the query was percent-encoded as a whole; decoded once",
                  "запит було закодовано цілком (%-кодування); розкодовано один раз")
            continue
        break
    if re.search(r"&(amp|#0*38|#x0*26);", q, re.I):
        q = re.sub(r"&(amp|#0*38|#x0*26);", "&", q, flags=re.I)
        fixed("HTML-escaped separators (&amp;) were read as &", "екрановані для HTML роздільники (&amp;) прочитано як &")
    end = len(q)
    while end and (q[end - 1] in _JUNK or (q[end - 1] == ")" and q[:end].count(")") > q[:end].count("("))
                   or q[end - 1] in " \t\n"):
        end -= 1
    if end < len(q):
        junk = q[end:]
        q = q[:end]
        if junk.strip():
            fixed(f"{_q(junk.strip())} at its end was removed", f"прибрано {_q_uk(junk.strip())} у кінці")
    return q


def _known(key: str) -> bool:
    return key in _BY_KEY or key in _ALSO or key in ("preset", "v")


def _tidy(pairs: list, notices: list) -> list:
    """Keys the page can use, repaired where unambiguous (`RUN` → `run`, `run[]` → `run`, a
    run's hyperparameter given on its own with one run, `f=` without `surface=custom`); every
    other key and value is named in a notice."""
    out, unused, tracking, moved = [], [], [], []
    for key, raw in pairs:
        k = key.strip()
        base = re.sub(r"\[[^\]]*\]$", "", k)
        if not _known(k) and base.lower() in _FORMULA_KEYS:
            base = "f"
        if not _known(k) and _known(base.lower()):
            _note(notices, f"the key {_q(key)} was read as {base.lower()}", f"ключ {_q_uk(key)} прочитано як {base.lower()}")
            k = base.lower()
        if _known(k):
            out.append((k, raw))
        elif _TRACKING.match(k.lower()):
            tracking.append(k)
        elif k in _HYPER:
            moved.append((k, raw))
        elif k:
            unused.append((f"{_q(k)}={_q(raw)}", f"{_q_uk(k)}={_q_uk(raw)}") if raw else (_q(k), _q_uk(k)))
        elif raw:
            unused.append((f"={_q(raw)}", f"={_q_uk(raw)}"))
    runs = [i for i, (k, _) in enumerate(out) if k == "run"]
    if moved and len(runs) == 1:
        i = runs[0]
        extra = ",".join(f"{k}={v}" for k, v in moved)
        out[i] = ("run", f"{out[i][1]},{extra}")
        _note(notices, f"{', '.join(k for k, _ in moved)} given on its own: applied to the link's only run",
              f"{', '.join(k for k, _ in moved)} задано окремо: застосовано до єдиного запуску посилання")
    elif moved:
        given = ", ".join(f"{_q(k)}={_q(v)}" for k, v in moved[:6])
        given_uk = ", ".join(f"{_q_uk(k)}={_q_uk(v)}" for k, v in moved[:6])
        _note(notices, f"{given} given on its own, but the link has {len(runs) or 'no'} runs: not used "
                       f"(write it inside a run: run=gd,alpha=0.1)",
              f"{given_uk} задано окремо, а запусків у посиланні {len(runs) or 'немає'}: не використано "
              f"(запишіть у запуск: run=gd,alpha=0.1)")
    surfaces = [v for k, v in out if k == "surface"]
    own = [k for k in dict.fromkeys(k for k, _ in out) if k in _ALSO]          # f=, bounds=: your own surface's
    if "f" in own and not surfaces:
        out.insert(0, ("surface", CUSTOM))
        _note(notices, "f= without surface=custom: drawing the formula", "f= без surface=custom: показано формулу")
    elif own and not any(k == "preset" for k, _ in out) and not (surfaces and surfaces[-1].strip().lower()
                                                                  .startswith(CUSTOM)):
        asked = _q(surfaces[-1]) if surfaces else DEFAULT.surface
        asked_uk = _q_uk(surfaces[-1]) if surfaces else DEFAULT.surface
        one = len(own) == 1
        _note(notices, f"{'=, '.join(own)}= {'applies' if one else 'apply'} only with surface=custom (the link "
                       f"shows {asked}); not used",
              f"{'=, '.join(own)}= {'діє' if one else 'діють'} лише з surface=custom (посилання показує {asked_uk}); "
              f"не використано")
    if tracking:
        _note(notices, f"tracking keys ignored: {', '.join(_q(k) for k in tracking[:6])}",
              f"ключі відстеження проігноровано: {', '.join(_q_uk(k) for k in tracking[:6])}")
    if unused:
        more = f" and {len(unused) - 6} more" if len(unused) > 6 else ""
        more_uk = f" та ще {len(unused) - 6}" if len(unused) > 6 else ""
        _note(notices, f"not used (unknown keys): {', '.join(en for en, _ in unused[:6])}{more}",
              f"не використано (невідомі ключі): {', '.join(uk for _, uk in unused[:6])}{more_uk}")
    return out


def _merge_preset(pairs: list, notices: list):
    """Apply `preset=NAME`: its pairs first, then the link's own (which override them)."""
    names = [v.strip() for k, v in pairs if k == "preset"]
    if not names:
        return pairs, None
    name = names[-1]
    if name not in _presets.PRESETS:
        _note(notices, f"preset={_q(name)} is unknown; ignored", f"preset={_q_uk(name)}: невідомий урок; проігноровано")
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
    pairs = _tidy(parse_qsl(_repair(query, notices), keep_blank_values=True, errors="replace"), notices)
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
        if f is None:           # `v`, the link's version: every version so far reads the same
            if key == "v" and raw.strip() != str(VERSION):
                _note(notices, f"v={_q(raw)}: not a link version this page knows; read as version {VERSION}",
                      f"v={_q_uk(raw)}: невідома версія посилання; прочитано як версію {VERSION}")
            continue
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
    if scene.start is not None and tuple(scene.start) == tuple(getattr(scene.landscape, "start", None) or ()):
        scene = replace(scene, start=None)
    if scene.step is not None and scene.step >= scene.steps:
        scene = replace(scene, step=None)
    if scene.loss_x == "examples" and not has_examples(scene.landscape):
        _note(notices, "loss_x=examples: this surface has no data set whose examples a step processes; "
                       "the loss chart counts steps",
              "loss_x=examples: у цієї поверхні немає набору даних, тож приклади не злічити; графік втрат — за кроками")
        scene = replace(scene, loss_x="steps")
    return scene, notices


_SAFE = {"f": ",=-.:*()/"}      # a formula stays readable in a link: x**2%20%2B%2010*sin(y)


def _start_parts(scene: Scene) -> list:
    expect = _preset_start(scene.preset)
    if expect is not None and tuple(expect) == tuple(getattr(scene.landscape, "start", None) or ()):
        expect = None
    if (tuple(scene.start) if scene.start is not None else None) == expect:
        return []
    xy = scene.start_xy
    if xy is None:              # a network's own initial weights, where the preset set a start
        return [("start", DEFAULT_START)]
    return [("start", f"{num_text(xy[0])},{num_text(xy[1])}")]


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
