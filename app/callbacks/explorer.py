"""The explorer's callbacks: thin glue from controls to pure scene edits and back.

Flow (each arrow is one callback)::

    control --edit--> url.search + the new picture (map, loss, summary, anim-data) in one response
    a run's slider --(browser: POST _preview, app/callbacks/preview.py)--> the map at once;
        then --slider-commit--> the same edit as any control
    url.search changed elsewhere (page load, back button) --(browser: drop `step`; new?)-->
        scene-changed --on_scene--> the picture
    anim-data --(browser, assets/explorer.js)--> the player: heads, trails, arrows, cursor

Every edit decodes the current URL, changes one thing (`app.model.edits`) and encodes it
again (`common.url_edit`); nothing is kept on the server between requests. Any exception
in a callback becomes a short visible notice, never an error page.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from dash import ALL, MATCH, ClientsideFunction, Input, Output, State, ctx, no_update, set_props

from optim import METHODS, SCHEDULES

from ..compute import theory as TH
from ..components import ids
from ..components.layout import (SOURCE, controls, from_slider, header, moved, player_labels, runs_panel,
                                  surface_params)
from ..components.picture import Picture, notice, render
from ..model import DEFAULT, LOSS_X, decode, localize
from ..model.edits import (add_run, duplicate_run, remove_run, reset, set_lang, set_method, set_schedule, set_start,
                           set_surface, set_view)
from . import common
from .common import guarded
from .preview import previewed_edits, slider_edit

log = logging.getLogger(__name__)


def register(app):
    def url_edit(*inputs, extra_outputs=()):
        return common.url_edit(app, *inputs, extra_outputs=extra_outputs)

    # --- the whole control panel on page load (and after reset / language change)
    @app.callback(Output(ids.HEADER_BOX, "children"), Output(ids.CONTROLS, "children"),
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
        x, y = new.start_xy or (None, None)
        return new, surface_params(new), x, y, runs_panel(new)

    @url_edit(Input({"type": ids.SURFACE_PARAM, "name": ALL}, "value"))
    def on_surface_param(scene, _values):
        for item in ctx.inputs_list[0]:     # those that did not move change nothing
            scene = slider_edit(scene, item["id"], item.get("value"))
        return scene

    @url_edit(Input(ids.SLIDER_COMMIT, "data"))
    def on_slider_commit(scene, commit):
        """A run's sliders, once the browser's preview shows their moves (app/callbacks/preview.py)."""
        return previewed_edits(scene, (commit or {}).get("edits", []))

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

    @url_edit(Input(ids.LOSS_X, "value"))
    def on_loss_x(scene, value):
        return replace(scene, loss_x=value) if value in LOSS_X else scene

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
        if x is None and y is None and scene.landscape.start is None:
            return replace(scene, start=None) if scene.start is not None else scene    # a network: back to θ₀
        if x is None or y is None:
            raise ValueError("type two numbers for the start point")
        if scene.start_xy is None:
            return set_start(scene, x, y)
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
        return set_view(scene, view)

    @url_edit(Input(ids.LANG, "value"), extra_outputs=(Output(ids.HEADER_BOX, "children", allow_duplicate=True),
                                                       Output(ids.CONTROLS, "children", allow_duplicate=True)))
    def on_lang(scene, lang):
        new = set_lang(scene, lang)
        if new == scene:
            return scene, no_update, no_update
        for cid, props in player_labels(lang).items():
            set_props(cid, props)
        return new, header(new), controls(new)

    @url_edit(Input(ids.RESET, "n_clicks"), extra_outputs=(Output(ids.HEADER_BOX, "children", allow_duplicate=True),
                                                           Output(ids.CONTROLS, "children", allow_duplicate=True)))
    def on_reset(scene, n):
        if not n:
            return scene, no_update, no_update
        new = reset(scene)
        return new, header(new), controls(new)

    # --- the picture
    app.clientside_callback(ClientsideFunction("explorer", "mainQuery"),
                            Output(ids.MAIN_Q, "data"), Output(ids.SCENE_CHANGED, "data"), Output(ids.MAP_SIZE, "data"),
                            Input(ids.URL, "search"), State(ids.MAIN_Q, "data"))

    @app.callback(*Picture.outputs(), Output(ids.NOTICES, "children"),
                  Input(ids.SCENE_CHANGED, "data"), State(ids.URL, "search"), State(ids.FIG_KEY, "data"),
                  State(ids.MAP_SIZE, "data"))
    def on_scene(_main, search, old_key, size):
        scene, msgs = decode(search)
        try:
            pic = render(scene, old_key, size=size)
        except Exception as exc:
            log.exception("render failed")
            return (*[no_update] * len(Picture._fields), notice(localize(msgs, scene.lang) + [str(exc)], "error"))
        return (*pic, notice(localize(msgs, scene.lang)))

    # --- the map's shape changed (window resized, phone turned): the panels follow
    @app.callback(Output(ids.MAP, "figure", allow_duplicate=True), Output(ids.FIG_KEY, "data", allow_duplicate=True),
                  Input(ids.MAP_SIZE, "data"), State(ids.URL, "search"), State(ids.FIG_KEY, "data"),
                  prevent_initial_call=True)
    @guarded
    def on_map_size(size, search, old_key):
        pic = render(decode(search)[0], old_key, size=size)
        if pic.fig_key == old_key:
            return no_update, no_update
        return pic.map, pic.fig_key

    # --- live slider labels (browser only: assets/explorer.js)
    for kind, label in ((ids.RUN_PARAM, ids.RUN_PARAM_LABEL), (ids.RUN_SCHED_PARAM, ids.RUN_SCHED_PARAM_LABEL),
                        (ids.SURFACE_PARAM, ids.SURFACE_PARAM_LABEL), (ids.SCENE_PARAM, ids.SCENE_PARAM_LABEL)):
        pat = {"type": kind, "name": MATCH}
        lpat = {"type": label, "name": MATCH}
        if kind in (ids.RUN_PARAM, ids.RUN_SCHED_PARAM):
            pat["run"] = lpat["run"] = MATCH
        app.clientside_callback(ClientsideFunction("explorer", "paramLabel"),
                                Output(lpat, "children"), Input(pat, "drag_value"), State(lpat, "children"),
                                State(ids.META, "data"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("explorer", "stepsLabel"),
                            Output(ids.STEPS_LABEL, "children"), Input(ids.STEPS, "drag_value"), prevent_initial_call=True)
    # --- the player: the browser takes over whenever new trajectories arrive
    app.clientside_callback(ClientsideFunction("explorer", "load"), Output(ids.STEP_READOUT, "title"),
                            Input(ids.DATA, "data"))
