"""The sweep and basin panel: its controls, and the picture it shows for a scene (computed
only when the view is sweep or basin)."""
from __future__ import annotations

from dash import dcc, html, no_update

from optim.sweeps import OUTCOMES


from ..compute.runs import TOL_TEXT, run_labels
from ..compute.sweeps import (ALL_RUNS, GRIDS, MAX_STEPS, chosen, compute_basins, compute_lines, compute_sweep,
                              grid_size, second_axes, source, sweep_axes)
from ..figures.analysis import axis_symbol, basin_figure, lines_figure, sweep_figure
from ..figures.map import color
from ..model import BASIN_BY, CLICKS, MAX_RUNS, Scene

from ..text import t
from . import ids

__all__ = ["panel", "controls", "analysis", "GRAPH_CONFIG", "SHOW", "HIDE"]


GRAPH_CONFIG = dict(displayModeBar=False, scrollZoom=False, doubleClick=False, responsive=True)


def panel() -> html.Div:
    """Hidden unless the view is sweep or basin (then the map and player are hidden: analysis.css)."""
    graph = lambda gid: dcc.Graph(id=gid, className=f"an-graph {gid}", config=GRAPH_CONFIG,  # noqa: E731
                                  figure={"data": [], "layout": {}}, style={"display": "none"})
    return html.Div(id=ids.ANALYSIS, className="analysis", children=[
        html.Div(id=ids.ANALYSIS_CONTROLS, className="analysis-controls"),
        html.Div(id=ids.ANALYSIS_NOTE, className="analysis-note"),
        dcc.Loading(type="circle", delay_show=150, color="#777", parent_className="an-loading",
                    children=html.Div(className="an-graphs", children=[graph(ids.HEAT), graph(ids.LINES), graph(ids.BASIN)])),
    ])


def _radio(name: str, value, options, lang: str):
    return dcc.RadioItems(id={"type": ids.SETTING, "name": name}, value=value, inline=True, className="an-radio",
                          options=options)


def controls(scene: Scene) -> list:
    lang = scene.lang
    k = chosen(scene)
    runs = [{"label": html.Span([html.Span(className="swatch", style={"background": color(i)}), lab]), "value": i}
            for i, lab in enumerate(run_labels(scene))]
    if scene.view == "basin" and len(scene.runs) > 1:
        runs.append({"label": t("an_all_runs", lang), "value": ALL_RUNS})
        if scene.sweep_run == ALL_RUNS:
            k = ALL_RUNS
    row = [html.Label(t("an_run", lang), className="an-label"),
           dcc.Dropdown(id={"type": ids.SETTING, "name": "sweep_run"}, value=k, options=runs, clearable=False,
                        searchable=False, className="an-run")]
    if scene.view == "sweep":
        row += [html.Label(t("outcome", lang), className="an-label"),
                _radio("outcome", scene.outcome, [{"label": t(f"outcome_{o}", lang, tol=TOL_TEXT), "value": o}
                                                  for o in OUTCOMES], lang)]
        second = second_axes(scene, k)
        if len(second) > 1:      # a choice of the heatmap's rows
            names = sweep_axes(scene, k)
            row += [html.Label(t("sweep_y", lang), className="an-label"),
                    _radio("sweep_y", names[1], [{"label": axis_symbol(n, scene.runs[k].method), "value": n}
                                                 for n in second], lang)]
    else:
        row += [html.Label(t("basin_by", lang), className="an-label"),
                _radio("basin_by", scene.basin_by, [{"label": t(f"basin_by_{o}", lang), "value": o} for o in BASIN_BY], lang)]
    grids = sorted(set(GRIDS) | {grid_size(scene)})
    row += [html.Label(t("grid", lang), className="an-label"),
            _radio("grid", grid_size(scene), [{"label": f"{g}²", "value": g} for g in grids], lang)]
    if scene.view == "sweep":
        full = len(scene.runs) >= MAX_RUNS
        row += [html.Label(t("click", lang), className="an-label"),
                _radio("click", "set" if full else scene.click,
                       [{"label": t(f"click_{c}", lang), "value": c, "disabled": full and c == "add"} for c in CLICKS],
                       lang)]
    hint = t("an_hint_sweep" if scene.view == "sweep" else "an_hint_basin", lang)
    if k == ALL_RUNS:
        hint += t("an_hint_basin_all", lang)
    return [html.Div(row, className="an-row"), html.Div(hint, className="muted small an-hint")]


SHOW, HIDE = {"display": "block"}, {"display": "none"}


def analysis(scene: Scene):
    """(panel class, controls, note, heat, lines, basin, heat style, lines style, basin style)."""
    lang = scene.lang
    ls = scene.landscape
    k = chosen(scene)
    r = scene.runs[k]
    note = []
    if scene.steps > MAX_STEPS:
        note.append(t("an_steps_capped", lang, n=MAX_STEPS))
    if scene.view == "sweep":
        sw = compute_sweep(scene)
        names = sweep_axes(scene, k)
        cur = {n: (source(scene, r)["batch"] if n == "batch" else r.values[n]) for n in names}
        heat = sweep_figure(ls, sw, scene.outcome, cur, color(k), lang)
        lines = compute_lines(scene)
        labels = run_labels(scene)
        ks = [i for i, s in enumerate(lines) if s is not None]      # a network: the swept run's line only
        lfig = lines_figure(ls, [lines[i] for i in ks], [labels[i] for i in ks], [color(i) for i in ks],
                            [scene.runs[i].values["alpha"] for i in ks], scene.outcome, lang)
        if sw.truncated or any(lines[i].truncated for i in ks):
            note.append(t("an_truncated", lang))
        return ("analysis on" + (" one-d" if len(names) == 1 else ""), controls(scene), note, heat, lfig, no_update,
                SHOW, SHOW, HIDE)
    bs = compute_basins(scene)
    if not bs:          # a network: no map of starts (app.compute.sweeps)
        note.append(t("net_basin", lang, P=ls.dim))
        return ("analysis on", controls(scene), note, no_update, no_update, no_update, HIDE, HIDE, HIDE)
    if any(b.truncated for b in bs):
        note.append(t("an_truncated", lang))
    ks = range(len(bs)) if len(bs) > 1 else [chosen(scene)]
    labels = run_labels(scene)
    fig = basin_figure(ls, bs, scene.basin_by, scene.start_xy, lang, [labels[k] for k in ks], [color(k) for k in ks])
    return ("analysis on", controls(scene), note, no_update, no_update, fig, HIDE, HIDE, SHOW)
