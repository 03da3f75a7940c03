"""Thin glue: controls edit the URL, the URL drives the picture.

Flow (each arrow is one callback)::

    control --edit--> url.search + the new picture (map, loss, summary, anim-data) in one response
    url.search changed elsewhere (page load, back button) --(browser: drop `step`; new?)-->
        scene-changed --on_scene--> the picture
    anim-data --(browser, assets/explorer.js)--> playback: Plotly.animate on the existing figures

Every edit callback decodes the current URL, changes one thing and encodes it again
(`_edits` below); nothing is kept on the server between requests. Any exception in a
callback becomes a short visible notice, never an error page.
"""
from __future__ import annotations

import logging
import math
from dataclasses import replace
from functools import wraps

from dash import ALL, MATCH, Input, Output, Patch, State, ctx, html, no_update, set_props

import landscapes
from optim import METHODS, SCHEDULES, run_many

from . import figures as F
from . import fit as FIT
from . import ids, serving
from . import theory as TH
from .layout import (LOG_STEP, SOURCE, controls, from_slider, header, player_labels, rule_md, runs_panel,
                     surface_params, to_slider)
from .state import CUSTOM_TEXT, DEFAULT, MAX_RUNS, RunState, Scene, custom_params, decode, encode, localize
from .text import t

log = logging.getLogger(__name__)


def notice(msgs, kind: str = "warn"):
    if not msgs:
        return []
    return [html.Div(m, className=f"notice {kind}") for m in msgs]


def guarded(fn):
    """Turn any exception of a callback into a visible notice (and no update)."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # a callback must never produce a server error page
            log.exception("callback %s failed", fn.__name__)
            set_props(ids.NOTICES, {"children": notice([t("error", "en", msg=str(exc) or type(exc).__name__)], "error")})
            return no_update
    return wrapper


def compute(scene: Scene):
    """Run every trajectory of the scene (one vectorized call), within the per-request limits
    (`serving.limit`: steps and runs clamped again, `serving.BUDGET` seconds at most)."""
    scene = serving.limit(scene)
    return run_many(scene.landscape, [r.spec() for r in scene.runs], start=scene.start_xy, steps=scene.steps,
                    batch=scene.batch, sigma=scene.sigma, seed=scene.seed, trace=True, budget=serving.BUDGET)


def main_query(search: str) -> str:
    """The query without the animation step (what `explorer.mainQuery` computes in the browser)."""
    return "&".join(kv for kv in (search or "").lstrip("?").split("&") if kv and kv.split("=")[0] != "step")


def fig_key(scene: Scene) -> str:
    n = len(scene.runs) if scene.view == "multiples" else 0
    return f"{scene.surface}|{scene.surface_params}|{scene.view}|{n}"


def summary_table(rows: list, lang: str) -> html.Table:
    def num(v):
        return "–" if v is None else f"{v:.3g}"
    head = html.Tr([html.Th(t(k, lang)) for k in ("col_run", "col_final", "col_dist", "col_hit")])
    body = []
    for r in rows:
        status = (html.Span(t("diverged_short", lang, k=r["diverged"]), className="bad") if r["diverged"] is not None
                  else (str(r["reached"]) if r["reached"] is not None else "–"))
        body.append(html.Tr([
            html.Td([html.Span(className="swatch", style={"background": r["color"]}), r["label"]]),
            html.Td(num(r["final_loss"])), html.Td(num(r["distance"])), html.Td(status)]))
    return html.Table([html.Thead(head), html.Tbody(body)], className="table")


def render(scene: Scene, old_key: str | None):
    """Everything the picture needs for a scene: (map figure or Patch, loss figure, data,
    key of the map's background, summary)."""
    ls = scene.landscape
    res = compute(scene)
    labels = FIT.run_labels(scene, [F.run_label(m, p) for m, p in zip(res.methods, res.params)],
                            getattr(res, "schedules", ()) or None)
    # 2D heads/trails/arrows and the loss cursor are drawn by the browser (assets/explorer.js)
    traces, anim = F.map_traces(ls, res, scene.view, scene.step, scene.lang, labels, animated=scene.view == "3d")
    ltraces, lmeta = F.loss_traces(ls, res, scene.step, labels, animated=False)
    key = fig_key(scene)
    if key == old_key and scene.view != "3d":
        fig = Patch()
        fig["data"] = traces
    else:
        fig = {"data": traces, "layout": F.map_background(ls, scene.view, len(scene.runs), scene.lang)}
    loss = {"data": ltraces, "layout": F.loss_layout(ls, scene.steps, scene.step, scene.lang, lmeta["log"],
                                                     F.loss_range(ls, res))}
    data = F.anim_data(ls, res, scene.view, anim, lmeta)
    data["step"] = scene.step
    data["fit"] = FIT.fit_data(ls, scene.lang)         # data landscapes: the fit panel (assets/fit.js)
    loss["data"] = loss["data"] + FIT.batch_loss_traces(ls, res)
    loss["layout"]["shapes"] = FIT.epoch_shapes(res)
    if lmeta["log"]:        # convex quadratics: the theory's convergence envelope (app/theory.py)
        y, _ = F.loss_values(ls, res.loss)
        loss["data"] = loss["data"] + TH.envelope_traces(scene, res, y, [F.color(k) for k in range(len(labels))], labels)
    lr = F.lr_traces(scene.runs[:len(labels)], scene.steps, labels, scene.lang)
    if lr:                  # learning-rate schedules: α_t on a right-hand axis
        loss["data"] = loss["data"] + lr
        loss["layout"]["yaxis3"] = F.lr_axis(lr, scene.lang)
        loss["layout"]["margin"] = dict(loss["layout"]["margin"], r=58)
    data["key"] = main_query(encode(scene))
    if scene.narrate:
        from .lessons import narration_data
        data["narrate"] = narration_data(scene, res)
    rows = F.summary_rows(ls, res, labels)
    return fig, loss, data, key, serving.with_truncation(summary_table(rows, scene.lang), res, scene.lang)


# ------------------------------------------------------------------ scene edits (pure)

def moved(p, current: float, position) -> bool:
    """Is a slider at `position` somewhere else than where `current` puts it? (Edits are
    idempotent: re-rendered controls fire their callbacks without changing anything.)"""
    if position is None:
        return False
    return abs(float(to_slider(p, current)) - float(position)) > 1e-9


def set_run_param(scene: Scene, k: int, name: str, value: float) -> Scene:
    runs = list(scene.runs)
    runs[k] = runs[k].with_value(name, value)
    return replace(scene, runs=tuple(runs))


def set_method(scene: Scene, k: int, method: str) -> Scene:
    runs = list(scene.runs)
    old = runs[k]
    runs[k] = RunState(method, RunState.make(method).params, old.batch, old.sigma, old.seed,
                       old.schedule, old.schedule_params)       # the schedule stays
    return replace(scene, runs=tuple(runs))


def set_schedule(scene: Scene, k: int, key: str) -> Scene:
    """Run k's learning-rate schedule (its parameters at their defaults when it changes)."""
    if key not in SCHEDULES:
        raise ValueError(f"unknown schedule {key!r}")
    runs = list(scene.runs)
    if runs[k].schedule == key:
        return scene
    sp = tuple((p.name, float(p.default)) for p in SCHEDULES[key].params)
    runs[k] = replace(runs[k], schedule=key, schedule_params=sp)
    return replace(scene, runs=tuple(runs))


def add_run(scene: Scene) -> Scene:
    if len(scene.runs) >= MAX_RUNS:
        return scene
    used = {r.method for r in scene.runs}
    method = next((m for m in METHODS if m not in used), "gd")
    return replace(scene, runs=scene.runs + (RunState.make(method),))


def duplicate_run(scene: Scene, k: int) -> Scene:
    if len(scene.runs) >= MAX_RUNS:
        return scene
    return replace(scene, runs=scene.runs[:k + 1] + (scene.runs[k],) + scene.runs[k + 1:])


def remove_run(scene: Scene, k: int) -> Scene:
    if len(scene.runs) <= 1:
        return scene
    return replace(scene, runs=scene.runs[:k] + scene.runs[k + 1:])


def set_surface(scene: Scene, name: str) -> Scene:
    if name == "custom":        # the picker's "your own f(x, y)": an example formula to edit
        return replace(scene, surface=name, surface_params=custom_params(CUSTOM_TEXT), start=None, step=None)
    return replace(scene, surface=name, surface_params=(), start=None, step=None)


def set_surface_param(scene: Scene, name: str, value: float) -> Scene:
    vals = dict(scene.surface_params)
    vals[name] = value
    specs = landscapes.params(scene.surface)
    return replace(scene, surface_params=tuple((p.name, vals[p.name]) for p in specs
                                               if p.name in vals and vals[p.name] != p.default))


def set_start(scene: Scene, x, y) -> Scene:
    x, y = float(x), float(y)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError("the start point must be two finite numbers")
    return replace(scene, start=(round(x, 4), round(y, 4)), step=None)


# ------------------------------------------------------------------ registration

def register(app):
    picture = (Output(ids.MAIN_Q, "data", allow_duplicate=True), Output(ids.MAP, "figure", allow_duplicate=True),
               Output(ids.LOSS, "figure", allow_duplicate=True), Output(ids.DATA, "data", allow_duplicate=True),
               Output(ids.FIG_KEY, "data", allow_duplicate=True), Output(ids.SUMMARY, "children", allow_duplicate=True),
               Output(ids.NOTICES, "children", allow_duplicate=True))

    def url_edit(*inputs, extra_outputs=()):
        """Decorator: fn(scene, *values) -> Scene (or (Scene, *extra)) becomes a callback that
        writes the new URL and, in the same response, the new picture (one round trip per
        edit; the browser-side `main-query` then sees nothing new and stays quiet)."""
        n_out = 1 + len(picture) + len(extra_outputs)

        def deco(fn):
            @app.callback(Output(ids.URL, "search", allow_duplicate=True), *picture, *extra_outputs,
                          *inputs, State(ids.URL, "search"), State(ids.FIG_KEY, "data"), prevent_initial_call=True)
            @guarded
            @wraps(fn)
            def cb(*args):
                search, old_key = args[len(inputs)], args[len(inputs) + 1]
                scene, _ = decode(search)
                out = fn(scene, *args[:len(inputs)])
                new, extra = (out[0], out[1:]) if isinstance(out, tuple) else (out, ())
                new = serving.limit(new)    # a hand-crafted request cannot ask for more
                if new == scene:
                    return (no_update,) * (n_out - len(extra)) + tuple(extra)
                q = encode(new)
                fig, loss, data, key, summary = render(new, old_key)
                return (q, main_query(q), fig, loss, data, key, summary, []) + tuple(extra)
            return cb
        return deco

    # --- the whole control panel on page load (and after reset / language change)
    @app.callback(Output("header-box", "children"), Output("controls", "children"),
                  Input(ids.URL, "pathname"), State(ids.URL, "search"))
    @guarded
    def on_load(_path, search):
        scene, msgs = decode(search)
        if msgs:
            set_props(ids.NOTICES, {"children": notice(localize(msgs, scene.lang))})
        if scene.lang != DEFAULT.lang:
            for cid, props in player_labels(scene.lang).items():
                set_props(cid, props)
        return header(scene), controls(scene)

    # --- edits
    @url_edit(Input(ids.SURFACE, "value"), extra_outputs=(Output(ids.SURFACE_PARAMS, "children"),
                                                          Output(ids.START_X, "value"), Output(ids.START_Y, "value"),
                                                          Output(ids.RUNS, "children", allow_duplicate=True)))
    def on_surface(scene, name):
        if name == scene.surface:
            return scene, no_update, no_update, no_update, no_update
        new = set_surface(scene, name)
        x, y = new.start_xy
        return new, surface_params(new), x, y, runs_panel(new)

    @url_edit(Input({"type": ids.SURFACE_PARAM, "name": ALL}, "value"))
    def on_surface_param(scene, _values):
        if scene.surface == "custom":
            return scene
        specs = {q.name: q for q in landscapes.params(scene.surface)}
        current = scene.landscape.params
        for item in ctx.inputs_list[0]:
            p = specs.get(item["id"]["name"])
            if p is not None and moved(p, current.get(p.name, p.default), item.get("value")):
                scene = set_surface_param(scene, p.name, from_slider(p, item["value"]))
        return scene

    @url_edit(Input({"type": ids.RUN_PARAM, "run": ALL, "name": ALL}, "value"))
    def on_run_param(scene, _values):
        for item in ctx.inputs_list[0]:
            k, name = item["id"]["run"], item["id"]["name"]
            if k >= len(scene.runs) or name not in scene.runs[k].values:
                continue
            p = METHODS[scene.runs[k].method].param(name)
            if moved(p, scene.runs[k].values[name], item.get("value")):
                scene = set_run_param(scene, k, name, from_slider(p, item["value"]))
        return scene

    @url_edit(Input({"type": ids.RUN_METHOD, "run": ALL}, "value"), extra_outputs=(Output(ids.RUNS, "children"),))
    def on_method(scene, values):
        new = scene
        for k, method in enumerate(values):
            if k < len(new.runs) and method in METHODS and new.runs[k].method != method:
                new = set_method(new, k, method)
        return new, (runs_panel(new) if new != scene else no_update)

    @url_edit(Input({"type": ids.RUN_SCHEDULE, "run": ALL}, "value"), extra_outputs=(Output(ids.RUNS, "children", allow_duplicate=True),))
    def on_schedule(scene, values):
        new = scene
        for k, key in enumerate(values):
            if k < len(new.runs) and key in SCHEDULES:
                new = set_schedule(new, k, key)
        return new, (runs_panel(new) if new != scene else no_update)

    @url_edit(Input({"type": ids.RUN_SCHED_PARAM, "run": ALL, "name": ALL}, "value"))
    def on_schedule_param(scene, _values):
        for item in ctx.inputs_list[0]:
            k, name = item["id"]["run"], item["id"]["name"]
            if k >= len(scene.runs):
                continue
            specs = {p.name: p for p in SCHEDULES[scene.runs[k].schedule].params}
            sp = dict(scene.runs[k].schedule_params)
            if name in specs and moved(specs[name], sp.get(name, specs[name].default), item.get("value")):
                scene = set_run_param(scene, k, name, from_slider(specs[name], item["value"]))
        return scene

    @url_edit(Input({"type": ids.RUN_OPTIMAL, "run": ALL}, "n_clicks"), extra_outputs=(Output(ids.RUNS, "children", allow_duplicate=True),))
    def on_optimal(scene, _clicks):
        tid = ctx.triggered_id
        if tid is None or not ctx.triggered or not ctx.triggered[0]["value"]:
            return scene, no_update
        new = TH.set_optimal(scene, tid["run"])
        return new, (runs_panel(new) if new != scene else no_update)

    @url_edit(Input(ids.ADD_RUN, "n_clicks"), Input({"type": ids.RUN_DUP, "run": ALL}, "n_clicks"),
              Input({"type": ids.RUN_REMOVE, "run": ALL}, "n_clicks"), extra_outputs=(Output(ids.RUNS, "children"),))
    def on_runs(scene, _add, _dup, _rem):
        tid = ctx.triggered_id
        if tid is None or not ctx.triggered or not ctx.triggered[0]["value"]:
            return scene, no_update
        if tid == ids.ADD_RUN:
            new = add_run(scene)
        elif tid["type"] == ids.RUN_DUP:
            new = duplicate_run(scene, tid["run"])
        else:
            new = remove_run(scene, tid["run"])
        return new, runs_panel(new)

    @url_edit(Input(ids.STEPS, "value"))
    def on_steps(scene, steps):
        if steps is None or int(steps) == scene.steps:
            return scene
        return replace(scene, steps=int(steps), step=None)

    @url_edit(Input(ids.SOURCE, "value"), Input({"type": ids.SCENE_PARAM, "name": ALL}, "value"),
              extra_outputs=(Output(ids.SOURCE_BOX, "style"),))
    def on_source(scene, source, _values):
        vals = {i["id"]["name"]: i.get("value") for i in ctx.inputs_list[1]}
        noisy = source == "minibatch"
        style = None if noisy else {"display": "none"}
        if not noisy:
            return replace(scene, batch=0), style
        new = {}
        for name, raw in vals.items():
            p = SOURCE[name]
            if raw is None:
                continue
            if name == "seed":
                new[name] = int(p.clamp(float(raw)))
            elif moved(p, getattr(scene, name), raw) or (name == "batch" and scene.batch == 0):
                v = from_slider(p, raw)
                new[name] = int(v) if p.integer else v
        if max(new.get("batch", scene.batch), 0) < 1:
            new["batch"] = 8
        return replace(scene, **new), style

    @url_edit(Input(ids.START_X, "value"), Input(ids.START_Y, "value"))
    def on_start_typed(scene, x, y):
        if x is None or y is None:
            raise ValueError("type two numbers for the start point")
        sx, sy = scene.start_xy
        if abs(float(x) - round(sx, 4)) < 1e-9 and abs(float(y) - round(sy, 4)) < 1e-9:
            return scene
        return set_start(scene, x, y)

    @url_edit(Input(ids.CLICK, "data"), extra_outputs=(Output(ids.START_X, "value", allow_duplicate=True),
                                                       Output(ids.START_Y, "value", allow_duplicate=True)))
    def on_click(scene, click):
        if not click:
            return scene, no_update, no_update
        new = set_start(scene, click["x"], click["y"])
        return new, new.start[0], new.start[1]

    @url_edit(Input(ids.VIEW, "value"))
    def on_view(scene, view):
        return replace(scene, view=view) if view in ("overlay", "multiples", "3d", "sweep", "basin") else scene

    @url_edit(Input(ids.LANG, "value"), extra_outputs=(Output("header-box", "children", allow_duplicate=True),
                                                       Output("controls", "children", allow_duplicate=True)))
    def on_lang(scene, lang):
        if lang == scene.lang or lang not in ("en", "uk"):
            return scene, no_update, no_update
        new = replace(scene, lang=lang)
        for cid, props in player_labels(lang).items():
            set_props(cid, props)
        return new, header(new), controls(new)

    @url_edit(Input(ids.RESET, "n_clicks"), extra_outputs=(Output("header-box", "children", allow_duplicate=True),
                                                           Output("controls", "children", allow_duplicate=True)))
    def on_reset(scene, n):
        if not n:
            return scene, no_update, no_update
        new = replace(DEFAULT, lang=scene.lang)
        return new, header(new), controls(new)

    from . import formula_ui
    formula_ui.register(app, url_edit)
    FIT.register(app, url_edit)
    from . import analysis
    analysis.register(app, url_edit)      # the sweep and basin views

    # --- the rule under each run, with its current values (MathJax)
    @app.callback(Output({"type": ids.RUN_RULE, "run": MATCH}, "children"),
                  Input({"type": ids.RUN_PARAM, "run": MATCH, "name": ALL}, "value"),
                  State({"type": ids.RUN_METHOD, "run": MATCH}, "value"),
                  State({"type": ids.RUN_SCHEDULE, "run": MATCH}, "value"), prevent_initial_call=True)
    @guarded
    def on_rule(values, method, schedule):
        m = METHODS[method]
        names = [i["id"]["name"] for i in ctx.inputs_list[0]]
        vals = {n: from_slider(m.param(n), v) for n, v in zip(names, values) if n in {p.name for p in m.params}}
        return rule_md(method, vals, schedule or "constant")

    # --- the picture
    app.clientside_callback(
        "function(search, old) { var q = window.explorer.mainQuery(search, old); return [q, q]; }",
        Output(ids.MAIN_Q, "data"), Output(ids.SCENE_CHANGED, "data"), Input(ids.URL, "search"), State(ids.MAIN_Q, "data"))

    @app.callback(Output(ids.MAP, "figure"), Output(ids.LOSS, "figure"), Output(ids.DATA, "data"),
                  Output(ids.FIG_KEY, "data"), Output(ids.SUMMARY, "children"), Output(ids.NOTICES, "children"),
                  Input(ids.SCENE_CHANGED, "data"), State(ids.URL, "search"), State(ids.FIG_KEY, "data"))
    def on_scene(_main, search, old_key):
        scene, msgs = decode(search)
        try:
            fig, loss, data, key, summary = render(scene, old_key)
        except Exception as exc:
            log.exception("render failed")
            return no_update, no_update, no_update, no_update, no_update, notice(localize(msgs, scene.lang) + [str(exc)], "error")
        return fig, loss, data, key, summary, notice(localize(msgs, scene.lang))

    # --- live slider labels (browser only)
    for kind, label in ((ids.RUN_PARAM, ids.RUN_PARAM_LABEL), (ids.RUN_SCHED_PARAM, ids.RUN_SCHED_PARAM_LABEL),
                        (ids.SURFACE_PARAM, ids.SURFACE_PARAM_LABEL),
                        (ids.SCENE_PARAM, ids.SCENE_PARAM_LABEL)):
        pat = {"type": kind, "name": MATCH}
        lpat = {"type": label, "name": MATCH}
        if kind in (ids.RUN_PARAM, ids.RUN_SCHED_PARAM):
            pat["run"] = lpat["run"] = MATCH
        # A freshly rendered slider reports its (snapped) position: while that is where the
        # label's exact value (from the URL, e.g. α = 1.9) sits, the label keeps that value.
        app.clientside_callback(
            """function(v, cur, meta) {
                var id = window.dash_clientside.callback_context.outputs_list.id;
                var p = meta && id && meta[id.name];
                var num = typeof cur === "string" ? parseFloat(cur.split("=").pop()) : NaN;
                if (p && isFinite(num) && v !== null && v !== undefined) {
                    var pos = p.scale === "log" ? Math.round(Math.log10(Math.max(num, p.lo)) / %r) * %r
                            : p.scale === "pow2" ? Math.round(Math.log2(Math.max(num, 1))) : num;
                    if (Math.abs(pos - v) < 1e-6) return window.dash_clientside.no_update;
                }
                return window.explorer.paramLabel(v, meta);
            }""" % (LOG_STEP, LOG_STEP),
            Output(lpat, "children"), Input(pat, "drag_value"), State(lpat, "children"), State(ids.META, "data"),
            prevent_initial_call=True)
    app.clientside_callback(
        "function(v) { return window.explorer.stepsLabel(v); }",
        Output(ids.STEPS_LABEL, "children"), Input(ids.STEPS, "drag_value"), prevent_initial_call=True)
    # --- playback: the browser takes over whenever new trajectories arrive
    app.clientside_callback(
        "function(data) { return window.explorer.load(data); }",
        Output(ids.STEP_READOUT, "title"), Input(ids.DATA, "data"))
