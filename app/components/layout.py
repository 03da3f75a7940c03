"""The page: components generated from a `Scene` and the registries (no per-parameter code):
sliders from `Param` specs, run cards, the scene panel, the header, the player bar."""
from __future__ import annotations

import json
import math

from dash import dcc, html

import landscapes
from optim import METHODS, SCHEDULES, SOURCE_PARAMS

from ..figures.map import color, rule_template
from ..model import DEFAULT, LOSS_X, MAX_RUNS, STEPS_UI, VIEW, Scene, fmt, has_examples, nice, pretty
from ..text import landscape_title, memory_text, t
from . import ids
from .analysis import panel as analysis_panel
from .export import menu as export_menu
from .formula import formula_box

SOURCE = {p.name: p for p in SOURCE_PARAMS}
SPEEDS = (10, 30, 100, 300, 1000)
LOG_STEP = 0.05     # log sliders: 20 positions per decade (1, 1.1, 1.3, 1.4, 1.6, 1.8, 2, 2.2, 2.5, ...)
GRAPH_CONFIG = dict(displayModeBar=False, scrollZoom=False, doubleClick=False, responsive=True)


# ------------------------------------------------------------------ sliders from Param specs

def _log_marks(lo: float, hi: float) -> dict:
    a, b = math.ceil(math.log10(lo) - 1e-9), math.floor(math.log10(hi) + 1e-9)
    every = max(1, math.ceil((b - a + 1) / 5))
    marks = {}
    for e in range(a, b + 1):
        if (e - a) % every == 0 or e == b:
            v = 10.0 ** e
            marks[e] = pretty(v)
    return marks


def slider_spec(p, ui_hi: float | None = None) -> dict:
    """min/max/step/marks of a slider for Param `p` (log: the slider moves log10(value);
    batch sizes move in powers of two). The labelled marks stay inside the range and apart
    on a phone's card (tests/test_sliders.py)."""
    hi = ui_hi if ui_hi is not None else p.hi
    if _pow2(p):
        a, b = int(math.log2(max(p.lo, 1))), int(math.log2(hi))
        every = 2 * max(1, math.ceil((b - a) / 10))         # at most six labels
        return dict(min=a, max=b, step=1, marks={e: str(2 ** e) for e in range(a, b + 1, every)})
    if p.scale == "log":
        return dict(min=math.log10(p.lo), max=math.log10(hi), step=LOG_STEP, marks=_log_marks(p.lo, hi))
    if p.lo == 0 and 0.95 <= hi <= 1:
        # a decay rate: 0.9, the lecture's usual β, is marked; the end (0.999) only where its label clears 0.9's
        return dict(min=0, max=hi, step=0.001, marks={0: "0", 0.5: "0.5", 0.9: "0.9", hi: fmt(hi) if hi - 0.9 > 0.15 else ""})
    if hi <= 1 and p.lo != 0:
        return dict(min=p.lo, max=hi, step=0.001, marks=None)
    step = 1 if p.integer else 0.001 if hi <= 1 else (hi - p.lo) / 200
    mid = round((p.lo + hi) / 2) if p.integer else (p.lo + hi) / 2
    return dict(min=p.lo, max=hi, step=step, marks={v: fmt(v) for v in (p.lo, mid, hi)})


def _pow2(p) -> bool:
    """Integer parameters spanning orders of magnitude (batch sizes) move in powers of two;
    a random seed is any integer, 0 included, and moves by one."""
    return p.integer and (p.scale == "log" or p.hi / max(p.lo, 1) >= 256) and not p.name.endswith("seed")


def to_slider(p, v: float) -> float:
    if _pow2(p):
        return round(math.log2(max(v, p.lo, 1)))
    if p.scale == "log":
        return round(round(math.log10(max(v, p.lo)) / LOG_STEP) * LOG_STEP, 2)
    return v


def from_slider(p, s: float) -> float:
    """The parameter value for a slider position (log sliders snap to 2 significant digits)."""
    if s is None:
        return p.default
    if _pow2(p):
        return p.clamp(2 ** round(s))
    if p.scale == "log":
        return p.clamp(nice(10 ** s))
    return p.clamp(round(s, 6))


def moved(p, current: float, position) -> bool:
    """Is a slider at `position` somewhere else than where `current` puts it? (Edits are
    idempotent: re-rendered controls fire their callbacks without changing anything.)"""
    if position is None:
        return False
    return abs(float(to_slider(p, current)) - float(position)) > 1e-9


def value_text(p, v: float, lang: str = "en") -> str:
    return f"{p.sym(lang)} = {pretty(v)}"


def param_row(p, v: float, sid: dict, lid: dict, lang: str, ui_hi: float | None = None) -> html.Div:
    """A parameter's label and slider. A previewed slider (`ids.PREVIEWED`) is `live-slider`: the
    browser previews its moves and commits them (`ids.SLIDER_COMMIT`) once the map shows them."""
    live = sid.get("type") in ids.PREVIEWED
    return html.Div(className="param", children=[
        html.Label([html.B(value_text(p, v, lang), id=lid), html.Span(f" {p.describe(lang)}", className="muted")],
                   className="param-label"),
        dcc.Slider(id=sid, value=to_slider(p, v), allow_direct_input=False, updatemode="mouseup" if live else "drag",
                   included=True, className="slider live-slider" if live else "slider", **slider_spec(p, ui_hi)),
    ])


def param_meta() -> dict:
    """What the browser needs to format slider values: every Param by name (the slider
    scales come from here, not from copies in JS)."""
    specs = [p for m in METHODS.values() for p in m.params] + list(SOURCE_PARAMS)
    specs += [p for s in SCHEDULES.values() for p in s.params]
    specs += [p for n in landscapes.names() for p in landscapes.params(n) if not p.choices]
    return {p.name: dict(symbol=p.symbol, symbols=p.symbols, scale="pow2" if _pow2(p) else p.scale, integer=p.integer, lo=p.lo, hi=p.hi,
                         step=LOG_STEP) for p in specs}


# ------------------------------------------------------------------ the runs

def theory_row(k: int, run, lang: str, quadratic) -> list:
    """"Tune α" (a 1-D sweep), and on convex quadratics a button that sets the theory's optimal
    α (GD) or α, β (momentum)."""
    kids = [html.Button(t("tune", lang), id={"type": ids.RUN_TUNE, "run": k}, className="tune",
                        title=t("tune_title", lang))]
    if quadratic and run.method in ("gd", "momentum"):
        kids += [html.Span(t("theory", lang), className="muted small"),
                 html.Button(t(f"optimal_{run.method}", lang), id={"type": ids.RUN_OPTIMAL, "run": k},
                             className="theory", title=t(f"optimal_{run.method}_title", lang))]
    return [html.Div(className="theory-row", children=kids)]


def run_card(k: int, run, lang: str, n_runs: int, quadratic=None) -> html.Div:
    m = METHODS[run.method]
    vals = run.values
    rows = [param_row(p, vals.get(p.name, p.default), {"type": ids.RUN_PARAM, "run": k, "name": p.name},
                      {"type": ids.RUN_PARAM_LABEL, "run": k, "name": p.name}, lang) for p in m.params]
    head = html.Div(className="run-head", children=[
        html.Span(className="swatch", style={"background": color(k)}),
        html.B(m.label(lang), className="run-name", style={"color": color(k)}),     # lecture mode's name (lessons.css)
        dcc.Dropdown(id={"type": ids.RUN_METHOD, "run": k}, value=run.method, clearable=False, searchable=False,
                     options=[{"label": mm.label(lang), "value": key} for key, mm in METHODS.items()],
                     className="method"),
        html.Button(t("copy", lang), id={"type": ids.RUN_DUP, "run": k}, title=t("duplicate", lang), className="icon",
                    disabled=n_runs >= MAX_RUNS),
        html.Button("✕", id={"type": ids.RUN_REMOVE, "run": k}, title=t("remove", lang), className="icon",
                    disabled=n_runs <= 1),
    ])
    extra = []
    for name in ("batch", "sigma", "seed"):
        if getattr(run, name) is not None:
            extra.append(f"{SOURCE[name].sym(lang)}={fmt(getattr(run, name))}")
    return html.Div(className="run-card", style={"borderLeftColor": color(k)}, children=[
        head, *rows, *schedule_rows(k, run, lang), *theory_row(k, run, lang, quadratic),
        html.Div(" ".join(extra), className="muted small") if extra else None,
        rule_box(k, run.method, vals, run.schedule),
        html.Div(memory_text(m.state, lang), className="muted small memory"),
    ])


def rule_box(k: int, method: str, vals: dict, schedule: str = "constant") -> html.Div:
    """The update rule under a run card, and its learning-rate schedule (unless constant):
    TeX templates whose `⟨name⟩` markers the page fills with the sliders' live values and
    typesets with the bundled KaTeX (assets/explorer.js `rules`), no server round trip."""
    lines = rule_template(method).split(r",\quad ")     # one equation a line: the card is narrow
    if schedule in SCHEDULES and schedule != "constant":
        lines.append(SCHEDULES[schedule].tex)
    return html.Div(id={"type": ids.RUN_RULE, "run": k}, className="rule",
                    **{"data-tex": json.dumps(lines), "data-values": json.dumps(vals), "data-run": str(k)})


def schedule_rows(k: int, run, lang: str) -> list:
    """The learning-rate schedule picker of a run and its schedule's sliders (from its Param specs)."""
    sch = SCHEDULES[run.schedule]
    sp = dict(run.schedule_params)
    pick = html.Div(className="schedule-row", children=[
        html.Span(t("schedule", lang), className="muted small"),
        dcc.Dropdown(id={"type": ids.RUN_SCHEDULE, "run": k}, value=run.schedule, clearable=False, searchable=False,
                     options=[{"label": s.text.get(lang) or s.name, "value": key} for key, s in SCHEDULES.items()],
                     className="schedule"),
    ])
    return [pick] + [param_row(p, sp.get(p.name, p.default), {"type": ids.RUN_SCHED_PARAM, "run": k, "name": p.name},
                               {"type": ids.RUN_SCHED_PARAM_LABEL, "run": k, "name": p.name}, lang)
                     for p in sch.params]


def runs_panel(scene: Scene) -> list:
    n = len(scene.runs)
    try:
        quad = getattr(scene.landscape, "quadratic", None)
    except Exception:       # a bad custom formula: no theory
        quad = None
    lang = scene.lang
    foot = [html.Button(t("add_run", lang), id=ids.ADD_RUN, className="add", disabled=n >= MAX_RUNS)]
    if n > 1:       # a fair race: every method at its own best α (run -1: all of them)
        foot.append(html.Button(t("tune_all", lang), id={"type": ids.RUN_TUNE, "run": -1}, className="add tune-all",
                                title=t("tune_all_title", lang)))
    return [run_card(k, r, lang, n, quad) for k, r in enumerate(scene.runs)] + [html.Div(foot, className="runs-foot")]


# ------------------------------------------------------------------ scene controls

def is_toggle(p) -> bool:
    """A landscape parameter that is on/off (outliers), shown as a checkbox, not a slider."""
    return p.integer and p.lo == 0 and p.hi == 1


def toggle_row(p, value, lang: str = "en"):
    return html.Div(className="param toggle", children=dcc.Checklist(
        id={"type": ids.SURFACE_TOGGLE, "name": p.name}, value=["on"] if value else [], inline=True,
        options=[{"label": html.Span(p.describe(lang).split(" (")[0]),
                  "value": "on"}]))


def choice_row(p, value, lang: str = "en"):
    """A named option (a network's data set, initialisation, plane) as a menu."""
    return html.Div(className="param choice", children=[
        html.Label(p.describe(lang), className="param-label muted"),
        dcc.Dropdown(id={"type": ids.SURFACE_CHOICE, "name": p.name}, value=value, clearable=False, searchable=False,
                     options=[{"label": p.label(c, lang), "value": c} for c in p.choices], className="dropdown")])


def surface_params(scene: Scene) -> list:
    if scene.surface == "custom":
        return [formula_box(scene)]
    ls = scene.landscape
    return [toggle_row(p, ls.params.get(p.name, p.default), scene.lang) if is_toggle(p) else
            choice_row(p, ls.params.get(p.name, p.default), scene.lang) if p.choices else
            param_row(p, ls.params.get(p.name, p.default), {"type": ids.SURFACE_PARAM, "name": p.name},
                      {"type": ids.SURFACE_PARAM_LABEL, "name": p.name}, scene.lang)
            for p in landscapes.params(scene.surface)] + [formula_box(scene)] + loss_x_row(scene)


def loss_x_row(scene: Scene) -> list:
    """On a landscape with data: whether the loss chart counts steps or examples processed."""
    if not has_examples(scene.landscape):
        return []
    lang = scene.lang
    return [html.Div(className="start-row loss-x", children=[
        html.B(t("loss_x", lang)),
        dcc.RadioItems(id=ids.LOSS_X, value=scene.loss_x, inline=True,
                       options=[{"label": t(f"loss_x_{v}", lang), "value": v} for v in LOSS_X])])]


SOURCE_UI_HI = {"sigma": 20.0, "batch": 1024}


def scene_panel(scene: Scene) -> list:
    lang = scene.lang
    x, y = scene.start_xy or (None, None)      # a network starts at θ₀ unless a point of its plane is given
    noisy = scene.batch > 0
    return [
        html.Div(className="param", children=[
            html.Label([html.B(f"T = {scene.steps}", id=ids.STEPS_LABEL), html.Span(f" {t('steps', lang)}", className="muted")],
                       className="param-label"),
            dcc.Slider(id=ids.STEPS, value=scene.steps, updatemode="mouseup", allow_direct_input=False,
                       min=10, max=STEPS_UI.hi, step=10, marks={v: str(v) for v in (10, 500, 1000, 1500, 2000)},
                       className="slider"),
        ]),
        html.Div(className="start-row", children=[
            html.B(t("start", lang)),
            dcc.Input(id=ids.START_X, type="number", value=None if x is None else round(x, 4), debounce=True,
                      className="num"),
            dcc.Input(id=ids.START_Y, type="number", value=None if y is None else round(y, 4), debounce=True,
                      className="num"),
            html.Span(t("start_hint" if scene.landscape.start is not None else "start_hint_net", lang),
                      className="muted small"),
        ]),
        html.Div(className="source", children=[
            html.B(t("gradient", lang)),
            dcc.RadioItems(id=ids.SOURCE, value="minibatch" if noisy else "exact", inline=True,
                           options=[{"label": t("source_exact", lang), "value": "exact"},
                                    {"label": t("source_minibatch", lang), "value": "minibatch"}]),
        ]),
        html.Div(id=ids.SOURCE_BOX, className="source-box", style=None if noisy else {"display": "none"}, children=[
            html.Div(className=f"src-{name}", children=param_row(
                SOURCE[name], getattr(scene, name) if name != "batch" or noisy else 8,
                {"type": ids.SCENE_PARAM, "name": name}, {"type": ids.SCENE_PARAM_LABEL, "name": name},
                lang, SOURCE_UI_HI.get(name)))
            for name in ("batch", "sigma")
        ] + [html.Div(className="start-row", children=[
            html.B(t("seed", lang)),
            dcc.Input(id={"type": ids.SCENE_PARAM, "name": "seed"}, type="number", value=scene.seed, min=0,
                      step=1, debounce=True, className="num")])]),
    ]


def controls(scene: Scene) -> list:
    """Everything that depends on the scene's structure (re-rendered on load and reset)."""
    lang = scene.lang
    return [
        html.Div(className="panel-title", children=t("runs", lang)),
        html.Div(id=ids.RUNS, className="runs", children=runs_panel(scene)),
        html.Div(className="panel-title", children=t("scene", lang)),
        html.Div(id=ids.SURFACE_PARAMS, children=surface_params(scene)),
        *scene_panel(scene),
    ]


def header(scene: Scene) -> html.Div:
    lang = scene.lang
    return html.Div(className="header", children=[
        html.H1(t("title", lang), id=ids.TITLE),
        dcc.Dropdown(id=ids.SURFACE, value=scene.surface, clearable=False, searchable=False, className="surface",
                     options=[{"label": landscape_title(landscapes.get(n), lang), "value": n}
                              for n in landscapes.names()] + [{"label": t("own_surface", lang), "value": "custom"}]),
        dcc.RadioItems(id=ids.VIEW, value=scene.view, inline=True, className="view",
                       options=[{"label": t(v.text, lang), "value": v.key} for v in VIEW.values()]),
        html.Div(className="spacer"),
        dcc.RadioItems(id=ids.LANG, value=lang, inline=True, className="lang",
                       options=[{"label": "EN", "value": "en"}, {"label": "УКР", "value": "uk"}]),
    ])


def player_labels(lang: str) -> dict:
    """The player bar's words, by component id: built once with the page, then set again
    (dash.set_props) whenever the page's language is known or changes."""
    return {
        ids.RESTART: {"title": t("restart", lang)},
        ids.BACK: {"title": t("step_back", lang)},
        ids.PLAY: {"title": t("play", lang)},
        ids.FWD: {"title": t("step_fwd", lang)},
        ids.SPEED: {"title": t("speed", lang), "children": [
            html.Option(f"{s} {t('steps_per_s', lang)}", value=str(s), selected=(s == 100)) for s in SPEEDS]},
        ids.ARROWS: {"options": [{"label": t("arrows", lang), "value": "on"}]},
        ids.EXPORT_SUMMARY: {"children": t("export", lang) + " ▾", "title": t("export_title", lang)},
        ids.EXPORT_CSV: {"title": t("export_csv", lang)},
        ids.EXPORT_HTML: {"title": t("export_html", lang)},
        ids.EXPORT_PNG: {"title": t("export_png", lang)},
        ids.EXPORT_GIF: {"title": t("export_gif", lang)},
        ids.EXPORT_WEBM: {"title": t("export_webm", lang)},
        ids.EXPORT_EMBED: {"title": t("export_embed", lang), "data-copied": t("embed_copied", lang)},
    }


def player(scene: Scene) -> html.Div:
    lang = scene.lang
    words = player_labels(lang)
    return html.Div(className="player", children=[
        html.Button("↺", id=ids.RESTART, className="pbtn", **words[ids.RESTART]),
        html.Button("◀", id=ids.BACK, className="pbtn", **words[ids.BACK]),
        html.Button("▶", id=ids.PLAY, className="pbtn play", **words[ids.PLAY]),
        html.Button("▶|", id=ids.FWD, className="pbtn", **words[ids.FWD]),
        dcc.Input(id=ids.SCRUB, type="range", min=0, max=scene.steps, step=1,
                  value=scene.steps if scene.step is None else scene.step, className="scrub"),
        html.Span(id=ids.STEP_READOUT, className="readout"),
        html.Select(id=ids.SPEED, className="speed", **words[ids.SPEED]),
        dcc.Checklist(id=ids.ARROWS, value=["on"], className="arrows", inline=True, **words[ids.ARROWS]),
        export_menu(lang),
    ])


def page(scene: Scene = DEFAULT) -> html.Div:
    return html.Div(className="app", children=[
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        dcc.Store(id=ids.MAIN_Q),
        dcc.Store(id=ids.SCENE_CHANGED),
        dcc.Store(id=ids.FIG_KEY),
        dcc.Store(id=ids.MAP_SIZE),
        dcc.Store(id=ids.DATA),
        dcc.Store(id=ids.CLICK),
        dcc.Store(id=ids.SLIDER_COMMIT),
        dcc.Store(id=ids.META, data=param_meta()),
        html.Div(id=ids.HEADER_BOX, className="header-box"),     # filled from the URL on load
        html.Div(id=ids.LESSON_BAR, className="lesson-bar"),     # lessons, caption, copy link (components/lessons.py)
        dcc.Store(id=ids.RESYNC),
        html.Div(id=ids.NOTICES, className="notices"),
        html.Div(className="main", children=[
            html.Div(className="stage", children=[
                analysis_panel(),       # sweep / basin views (components/analysis.py)
                dcc.Graph(id=ids.MAP, className="map", config=GRAPH_CONFIG, style={"height": None}, figure={"data": [], "layout": {}}),
                player(scene),
                html.Div(id=ids.NARRATION, className="narration", **{"aria-live": "polite"}),
            ]),
            html.Div(className="side", children=[
                html.Div(id=ids.FIT, className="fit", style={"display": "none"}),     # assets/fit.js
                html.Div(id=ids.MODEL, className="model", style={"display": "none"}),     # assets/network.js
                dcc.Graph(id=ids.LOSS, className="loss", config=GRAPH_CONFIG, style={"height": None}, figure={"data": [], "layout": {}}),
                html.Div(id=ids.SUMMARY, className="summary"),
                html.Div(id=ids.CONTROLS, className="controls"),     # filled from the URL on load
            ]),
        ]),
    ])
