"""Callbacks of the sweep and basin views: the panel follows the drawn query; its settings,
"tune α" and clicks on its charts are edits like any other control."""
from __future__ import annotations

import logging
from dataclasses import replace

from dash import ALL, Input, Output, ctx, html, no_update

from optim.sweeps import OUTCOMES

from ..compute.sweeps import ALL_RUNS, chosen, config_from_click, tune_alpha
from ..components import ids
from ..components.analysis import HIDE, analysis, controls
from ..components.layout import runs_panel
from ..model import BASIN_BY, CLICKS, MAX_GRID, SWEEP_Y, VIEW, decode
from ..model.edits import load_config, set_start
from ..text import t
from . import common

log = logging.getLogger(__name__)


def register(app):
    def url_edit(*inputs, extra_outputs=()):
        return common.url_edit(app, *inputs, extra_outputs=extra_outputs)

    @app.callback(Output(ids.ANALYSIS, "className"), Output(ids.ANALYSIS_CONTROLS, "children"),
                  Output(ids.ANALYSIS_NOTE, "children"), Output(ids.HEAT, "figure"), Output(ids.LINES, "figure"),
                  Output(ids.BASIN, "figure"), Output(ids.HEAT, "style"), Output(ids.LINES, "style"),
                  Output(ids.BASIN, "style"),
                  Input(ids.FIG_KEY, "data"))
    def on_analysis(keys):
        """Runs when what the figures show changed; the analysis key is the drawn query of an
        analysis view ("" otherwise), so a slider move in the overlay view asks nothing here."""
        query = (keys or {}).get("analysis") if isinstance(keys, dict) else None
        if not query:
            return ("analysis", [], [], no_update, no_update, no_update, HIDE, HIDE, HIDE)
        scene, _ = decode(query)
        if VIEW[scene.view].kind != "analysis" or not scene.runs:
            return ("analysis", [], [], no_update, no_update, no_update, HIDE, HIDE, HIDE)
        try:
            return analysis(scene)
        except Exception as exc:   # shown in the panel; the page keeps working
            log.exception("analysis failed")
            return ("analysis on", controls(scene), [html.Div(t("error", scene.lang, msg=str(exc)), className="notice error")],
                    no_update, no_update, no_update, HIDE, HIDE, HIDE)

    @url_edit(Input({"type": ids.RUN_TUNE, "run": ALL}, "n_clicks"),
              extra_outputs=(Output(ids.RUNS, "children", allow_duplicate=True),
                             Output(ids.VIEW, "value", allow_duplicate=True)))
    def on_tune(scene, _clicks):
        tid = ctx.triggered_id
        if tid is None or not ctx.triggered or not ctx.triggered[0]["value"] or tid["run"] >= len(scene.runs):
            return scene, no_update, no_update
        new = tune_alpha(scene, None if tid["run"] < 0 else tid["run"])     # run -1: every run
        return new, runs_panel(new), new.view

    @url_edit(Input({"type": ids.SETTING, "name": ALL}, "value"))
    def on_setting(scene, _values):
        for item in ctx.inputs_list[0]:
            name, v = item["id"]["name"], item.get("value")
            if v is None:
                continue
            if name in ("sweep_run", "grid"):
                v = int(v)
                if name == "grid":
                    v = min(max(v, 5), MAX_GRID)
                elif v != ALL_RUNS:
                    v = min(max(v, 0), max(len(scene.runs) - 1, 0))
            elif v not in {"outcome": OUTCOMES, "basin_by": BASIN_BY, "click": CLICKS, "sweep_y": SWEEP_Y}.get(name, ()):
                continue
            if getattr(scene, name) != v:
                scene = replace(scene, **{name: v})
        return scene

    back = (Output(ids.VIEW, "value", allow_duplicate=True), Output(ids.RUNS, "children", allow_duplicate=True))

    @url_edit(Input(ids.HEAT, "clickData"), extra_outputs=back)
    def on_heat_click(scene, click):
        if not click or not click.get("points") or scene.view != "sweep":
            return scene, no_update, no_update
        new = load_config(scene, chosen(scene), config_from_click(scene, click["points"][0]))
        return new, "overlay", runs_panel(new)

    @url_edit(Input(ids.LINES, "clickData"), extra_outputs=back)
    def on_line_click(scene, click):
        if not click or not click.get("points") or scene.view != "sweep":
            return scene, no_update, no_update
        pt = click["points"][0]
        k = pt.get("customdata")
        k = int(k[0] if isinstance(k, list) else k) if k is not None else chosen(scene)
        if not 0 <= k < len(scene.runs):
            return scene, no_update, no_update
        new = load_config(scene, k, {"alpha": pt["x"]})
        return new, "overlay", runs_panel(new)

    @url_edit(Input(ids.BASIN, "clickData"), extra_outputs=(Output(ids.VIEW, "value", allow_duplicate=True),
                                                        Output(ids.START_X, "value", allow_duplicate=True),
                                                        Output(ids.START_Y, "value", allow_duplicate=True)))
    def on_basin_click(scene, click):
        if not click or not click.get("points") or scene.view != "basin":
            return scene, no_update, no_update, no_update
        pt = click["points"][0]
        new = replace(set_start(scene, pt["x"], pt["y"]), view="overlay")
        return new, "overlay", new.start[0], new.start[1]
