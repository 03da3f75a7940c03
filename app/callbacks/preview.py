"""Sliders: the one edit a slider makes, and the live preview while it moves.

A slider changes the scene through `slider_edit` (a run's hyperparameter, its schedule's,
or the surface's). A run's sliders (`ids.PREVIEWED`) go faster than Dash's callback chain:
as the thumb moves (pointer or keys) the browser (assets/explorer.js `preview`) posts the
current query and the slider's position to `PREVIEW` and draws the payload it gets back,
one request in flight, the latest position waiting; once the map shows it and the hand
rests, the browser commits the moves (`ids.SLIDER_COMMIT`), and the ordinary edit
(`explorer.on_slider_commit`) writes the URL, the summary table and the loss chart's axes.
Stateless like every callback: the request carries the whole scene.
"""
from __future__ import annotations

import plotly.io.json as pjson
from flask import Response, jsonify, request

import landscapes
from optim import METHODS, SCHEDULES

from ..compute.runs import limit
from ..components import ids
from ..components.layout import from_slider, moved
from ..components.picture import preview
from ..model import Scene, decode, encode
from ..model.edits import set_run_param, set_surface_param

__all__ = ["slider_edit", "previewed_edits", "register", "PREVIEW"]

PREVIEW = "_preview"        # under Dash's routes prefix
MAX_EDITS = 8               # sliders in one preview request (the page sends one)


def slider_edit(scene: Scene, sid: dict, position) -> Scene:
    """The scene with the slider `sid` (the pattern id of a run's, a schedule's or the
    surface's parameter) at `position`; the same scene when the slider sits where the scene
    already puts it (re-rendered sliders report their positions) or names nothing there."""
    kind, name = sid.get("type"), sid.get("name")
    if kind == ids.SURFACE_PARAM:
        if scene.surface == "custom":
            return scene
        p = {q.name: q for q in landscapes.params(scene.surface)}.get(name)
        if p is None or not moved(p, scene.landscape.params.get(name, p.default), position):
            return scene
        return set_surface_param(scene, name, from_slider(p, position))
    if kind not in ids.PREVIEWED:
        raise ValueError(f"not a slider: {kind!r}")
    k = sid.get("run")
    if not isinstance(k, int) or not 0 <= k < len(scene.runs):
        return scene
    run = scene.runs[k]
    if kind == ids.RUN_PARAM:
        if name not in run.values:
            return scene
        p, current = METHODS[run.method].param(name), run.values[name]
    else:
        p = {q.name: q for q in SCHEDULES[run.schedule].params}.get(name)
        if p is None:
            return scene
        current = dict(run.schedule_params).get(name, p.default)
    return set_run_param(scene, k, name, from_slider(p, position)) if moved(p, current, position) else scene


def previewed_edits(scene: Scene, edits) -> Scene:
    """The scene after the previewed sliders' moves `[{"id", "value"}, ...]` (at most
    `MAX_EDITS`; anything else is refused with a ValueError)."""
    if not isinstance(edits, list):
        raise ValueError("expected a list of slider moves")
    for edit in edits[:MAX_EDITS]:
        if edit["id"]["type"] not in ids.PREVIEWED:
            raise ValueError(f"no preview for {edit['id']['type']!r}")
        scene = slider_edit(scene, edit["id"], float(edit["value"]))
    return scene


def register(app):
    def live_preview():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return jsonify(error="expected {search, edits: [{id, value}]}"), 400
        try:
            scene, _ = decode(str(body.get("search") or ""))
            new = limit(previewed_edits(scene, body.get("edits")))    # a hand-crafted request cannot ask for more
            data = preview(new, encode(new))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            return jsonify(error=str(exc) or type(exc).__name__), 400
        if data is None:        # a view the player does not draw: the release's edit redraws it
            return Response(status=204)
        return Response(pjson.to_json_plotly(dict(data=data)), mimetype="application/json")

    app.server.add_url_rule(app.config.routes_pathname_prefix + PREVIEW, "live_preview", live_preview,
                            methods=["POST"])
