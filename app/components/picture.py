"""The picture of a scene: one named result with everything the page shows for it.

`render(scene, old_key)` computes the scene's runs once and builds, for the visible view
only, the browser's payload (paths, losses, arrows, labels: the player draws them), the
summary table, and the map and loss figures only when what Plotly draws of them changed
(`old_key`: the keys of what the page shows now). `Picture.outputs()` is the one list
of Dash outputs every callback that redraws the picture writes, in the order of the fields.
"""
from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import numpy as np

from dash import Output, Patch, html, no_update

from ..compute.network import is_network
from ..compute.runs import BUDGET, TOL_TEXT, compute, run_label, run_labels
from ..figures import fit as FIT
from ..figures import map as F
from ..figures import network as N
from ..figures.narration import narration_data
from ..model import VIEW, Scene, encode, pretty
from ..text import t
from . import ids

__all__ = ["Picture", "render", "preview", "summary_table", "notice", "main_query", "fig_key", "with_truncation"]


class Picture(NamedTuple):
    map: object         # figure dict, a Patch of its traces, or no_update (view without a map)
    loss: dict
    data: dict          # the browser's payload: trajectories, arrows, loss, fit panel, narration
    fig_key: object     # what the figures show now ({"map", "loss", "analysis"}): unchanged -> not sent
    summary: object

    @staticmethod
    def outputs(duplicate: bool = False) -> list:
        props = {"map": (ids.MAP, "figure"), "loss": (ids.LOSS, "figure"), "data": (ids.DATA, "data"),
                 "fig_key": (ids.FIG_KEY, "data"), "summary": (ids.SUMMARY, "children")}
        return [Output(*props[f], allow_duplicate=duplicate) for f in Picture._fields]


def notice(msgs, kind: str = "warn") -> list:
    if not msgs:
        return []
    return [html.Div(m, className=f"notice {kind}") for m in msgs]


def main_query(search: str) -> str:
    """The query without the animation step (what the browser player computes too)."""
    return "&".join(kv for kv in (search or "").lstrip("?").split("&") if kv and kv.split("=")[0] != "step")


def fig_key(scene: Scene, aspect: float | None = None, ls=None, narrow: bool = False) -> str:
    """What the map's figure depends on: its background (landscape, view, panels, the
    panels' shape; a network's plane, which its runs decide) and, for a 2-D map whose paths
    the browser draws, the start and the language of its labels."""
    view = VIEW[scene.view]
    n = len(scene.runs) if view.panels == "run" else 0
    key = f"{scene.surface}|{scene.surface_params}|{getattr(ls, 'key', '')}|{narrow}|{scene.view}|{n}|{aspect}"
    return key + (f"#{scene.start_xy}|{scene.lang}" if view.kind == "map" else "")


def summary_table(rows: list, lang: str) -> html.Table:
    def num(v):
        return "–" if v is None else pretty(float(f"{v:.3g}"))
    head = html.Tr([html.Th(t(k, lang)) for k in ("col_run", "col_final", "col_dist")]
                   + [html.Th(t("col_hit", lang, tol=TOL_TEXT), title=t("col_hit_title", lang, tol=TOL_TEXT))])
    body = []
    for r in rows:
        status = (html.Span(t("diverged_short", lang, k=r["diverged"]), className="bad") if r["diverged"] is not None
                  else (str(r["reached"]) if r["reached"] is not None else "–"))
        body.append(html.Tr([
            html.Td([html.Span(className="swatch", style={"background": r["color"]}), r["label"]]),
            html.Td(num(r["final_loss"])), html.Td(num(r["distance"])), html.Td(status)]))
    return html.Table([html.Thead(head), html.Tbody(body)], className="table")


def network_table(rows: list, lang: str) -> html.Table:
    """A network's runs at their end: training and validation loss and accuracy."""
    def num(v):
        return "–" if v is None else pretty(float(f"{v:.3g}"))

    def pct(v):
        return "–" if v is None else f"{100 * v:.0f}%"
    head = html.Tr([html.Th(t("col_run", lang))] + [
        html.Th([t(k, lang), html.Br(), html.Span(t("col_tv", lang), className="muted small")])
        for k in ("col_loss", "col_acc")])
    body = []
    for r in rows:
        cells = ([html.Td(html.Span(t("diverged_short", lang, k=r["diverged"]), className="bad"), colSpan=2)]
                 if r["diverged"] is not None else
                 [html.Td(f"{num(r['final_loss'])} / {num(r['val_loss'])}"),
                  html.Td(f"{pct(r['train_acc'])} / {pct(r['val_acc'])}")])
        body.append(html.Tr([html.Td([html.Span(className="swatch", style={"background": r["color"]}), r["label"]],
                                     className="nowrap")] + cells))
    return html.Table([html.Thead(head), html.Tbody(body)], className="table")


def with_truncation(summary, res, lang: str):
    """`summary` with a notice above it when the computation ran out of its time budget."""
    if not getattr(res, "truncated", False):
        return summary
    return html.Div([html.Div(t("truncated", lang, s=f"{BUDGET:g}"), className="notice warn"), summary])


NARROW = 560        # px: a map narrower than this (a phone) gets the short words


def _width(size) -> float:
    try:
        return float(size[0])
    except (TypeError, ValueError, IndexError):
        return float("inf")


def _map(scene: Scene, ls, res, labels, old_key, size=None):
    """The map for a view that shows one. On a 2-D map the browser draws the paths, end
    marks, heads, trails and arrows (`marks` in the payload), so the figure changes only with
    its background or start: a slider move sends no map at all."""
    view = VIEW[scene.view]
    if not view.player:
        return no_update, no_update, []
    aspect = F.panel_aspect(scene.view, len(scene.runs), size)
    narrow = getattr(ls, "plane", None) is not None and _width(size) < NARROW
    key = fig_key(scene, aspect, ls, narrow)
    if view.kind == "map" and key == old_key:
        return no_update, key, []
    traces, anim = F.map_traces(ls, res, scene.view, scene.step, scene.lang, labels, animated=view.kind == "3d",
                                paths=view.kind != "map")
    if view.kind != "3d" and old_key and key.split("#")[0] == old_key.split("#")[0]:
        fig = Patch()           # same background: only the traces
        fig["data"] = traces
    else:
        layout = F.map_background(ls, scene.view, len(scene.runs), scene.lang, aspect)
        if getattr(ls, "plane", None) is not None:       # a network: which plane, and how much it shows
            layout["annotations"] = [N.plane_note(ls, scene.lang, narrow)]
        fig = {"data": traces, "layout": layout}
    return fig, key, anim


def _loss(scene: Scene, ls, res, labels, old_key) -> tuple[object, str | None]:
    """The loss chart: its axes and the traces the browser does not draw (mini-batch losses,
    the theory's envelope, α_t). The runs' curves are the player's, from the payload; when
    the axes are unchanged and there are no such traces, a slider move sends no chart."""
    y, log = F.loss_values(ls, res.loss)
    # an empty trace on the loss axes keeps them drawn when the only Plotly lines are α_t's
    anchor = dict(type="scatter", mode="lines", x=[], y=[], hoverinfo="skip", showlegend=False)
    per = _per(scene, res)      # x counts examples processed: each run's examples per step
    extra = FIT.batch_loss_traces(ls, res, per)
    network = getattr(ls, "plane", None) is not None
    layout = F.loss_layout(ls, scene.steps, scene.step, scene.lang, log,
                           N.network_range(ls, res) if network else F.loss_range(ls, res, snap=True))
    if per is None:
        layout["shapes"] = FIT.epoch_shapes(res)
    else:                   # one epoch = one step of the exact gradient: marked at 1, 10, 100 … epochs
        layout["xaxis"] = F.examples_axis(per, scene.steps, scene.lang)
        layout["shapes"], layout["annotations"] = FIT.epoch_marks(res, per, scene.lang)
    if network:             # validation loss and accuracy beside the player's training loss
        val = N.validation_traces(ls, res, labels, scene.lang, per)
        if val:
            extra += val
            layout["yaxis4"] = N.accuracy_axis(scene.lang)
            if per is None:
                layout["xaxis"]["title"]["text"] = t("step_net", scene.lang)
            layout["yaxis"]["title"]["text"] = t("loss_word", scene.lang)
            layout["margin"] = dict(layout["margin"], r=58)
    if log and per is None:     # convex quadratics: the theory's convergence envelope (over steps)
        extra += F.envelope_traces(scene, res, y, [F.color(k) for k in range(len(labels))], labels)
    lr = F.lr_traces(scene.runs[:len(labels)], scene.steps, labels, scene.lang, per)
    if lr:                  # learning-rate schedules: α_t on a right-hand axis
        extra += lr
        layout["yaxis3"] = F.lr_axis(lr, scene.lang)
        layout["margin"] = dict(layout["margin"], r=58)
    key = None if extra else f"{scene.steps}|{log}|{layout['yaxis']['range']}|{scene.lang}|{per}"
    if key is not None and key == old_key:
        return no_update, key
    return {"data": [anchor] + extra, "layout": layout}, key


def _per(scene: Scene, res) -> list | None:
    """Examples per step of each run when the loss chart counts examples (else None)."""
    ex = np.asarray(getattr(res, "examples", ()), dtype=int)
    return ex.tolist() if scene.per_example and ex.size and (ex > 0).all() else None


def _runs(scene: Scene):
    res = compute(scene)
    labels = run_labels(scene, [run_label(m, p, scene.lang) for m, p in zip(res.methods, res.params)],
                        getattr(res, "schedules", ()) or None)
    return res, labels


def _payload(scene: Scene, res, labels, anim: list, query: str | None) -> dict:
    ls, view = res.surface, VIEW[scene.view]       # a network's: the plane its runs are drawn on
    data = F.anim_data(ls, res, scene.view, anim)
    data.update(step=scene.step, kind=view.kind, panels=view.panels, player=view.player)
    if view.kind == "map":
        data["marks"] = F.map_marks(ls, res, scene.view, scene.lang, labels)
        data["shape"] = F.map_shape(ls, scene.view, len(scene.runs))
        for r, lab in zip(data["runs"], labels):
            r["label"] = lab
    data["fit"] = FIT.fit_data(ls, scene.lang)         # data landscapes: the fit panel (assets/fit.js)
    if getattr(ls, "plane", None) is not None:          # a network: the model panel (assets/network.js)
        data["model"] = N.model_data(ls, res, scene.lang)
    data["key"] = main_query(encode(scene) if query is None else query)
    data["per"] = _per(scene, res)          # the loss chart counts examples: x = step × per[k]
    if scene.narrate:
        data["narrate"] = narration_data(scene, res)
    return data


def preview(scene: Scene, query: str | None = None) -> dict | None:
    """The browser's payload alone (what the player draws: paths, marks, losses), for a view
    whose paths the player draws on a 2-D map; None for other views. What a slider sends
    while it is still moving: the figures and the table follow when it is released."""
    view = VIEW[scene.view]
    if view.kind != "map" or not view.player:
        return None
    res, labels = _runs(scene)
    return _payload(scene, res, labels, [], query)


def render(scene: Scene, old_key: str | dict | None, query: str | None = None, size=None) -> Picture:
    """Everything the picture needs for a scene, computed once, for the visible view
    (`query`: the scene's encoded URL, when the caller has it already; `size`: the map's
    [width, height] in the browser, which shapes its panels)."""
    notes = []
    if is_network(scene.surface) and VIEW[scene.view].kind == "3d":     # no surface to stand P-dim paths on
        notes.append(t("net_3d", scene.lang, P=scene.landscape.dim))
        query = encode(scene) if query is None else query           # the page's own link stays its key
        scene = replace(scene, view="overlay")
    res, labels = _runs(scene)
    ls = res.surface            # the landscape as the map shows it (a network's: its plane)
    old = old_key if isinstance(old_key, dict) else {"map": old_key}
    fig, key, anim = _map(scene, ls, res, labels, old.get("map"), size)
    loss, loss_key = _loss(scene, ls, res, labels, old.get("loss"))
    data = _payload(scene, res, labels, anim, query)
    if getattr(ls, "plane", None) is not None:
        table = network_table(N.network_rows(ls, res, labels), scene.lang)
    else:
        table = summary_table(F.summary_rows(ls, res, labels), scene.lang)
    keys = {"map": key if key is not no_update else old.get("map"), "loss": loss_key,
            "analysis": data["key"] if VIEW[scene.view].kind == "analysis" else ""}     # what the analysis panel shows
    summary = with_truncation(table, res, scene.lang)
    if notes:
        summary = html.Div([*notice(notes, "info"), summary])
    return Picture(fig, loss, data, keys, summary)
