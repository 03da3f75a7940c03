"""Callbacks of the lesson bar: pick a lesson (one round trip: URL, controls and picture
together), narration on/off, and re-rendering the controls after back/forward.

Lecture mode (`hide=`, `show=`), copying the link and the narration's words happen in the
browser (assets/lessons.js).
"""
from __future__ import annotations

from dataclasses import replace

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, no_update

from ..components import ids
from ..components.layout import controls, header
from ..components.lessons import lesson_bar
from ..components.picture import main_query, render
from ..model import decode, encode
from ..model.presets import PRESETS
from .common import EDIT_OUTPUTS, edit_outputs, guarded


def register(app):
    @app.callback(Output(ids.LESSON_BAR, "children"), Input(ids.HEADER_BOX, "children"), State(ids.URL, "search"))
    @guarded
    def on_bar(_header, search):
        return lesson_bar(decode(search)[0])

    @app.callback(*edit_outputs(), Output(ids.HEADER_BOX, "children", allow_duplicate=True),
                  Output(ids.CONTROLS, "children", allow_duplicate=True),
                  Input({"type": ids.PICK, "name": ALL}, "n_clicks"), State(ids.URL, "search"),
                  State(ids.FIG_KEY, "data"), State(ids.MAP_SIZE, "data"), prevent_initial_call=True)
    @guarded
    def on_pick(_clicks, search, old_key, size):
        tid = ctx.triggered_id
        if not tid or not ctx.triggered or not ctx.triggered[0]["value"] or tid["name"] not in PRESETS:
            return (no_update,) * (EDIT_OUTPUTS + 2)
        old = decode(search)[0]
        scene = replace(decode(f"preset={tid['name']}")[0], lang=old.lang, hide=old.hide, show=old.show,
                        narrate=old.narrate)
        q = encode(scene)
        return (q, main_query(q), *render(scene, old_key, q, size), [], header(scene), controls(scene))

    @app.callback(Output(ids.URL, "search", allow_duplicate=True), Input(ids.NARRATE, "value"),
                  State(ids.URL, "search"), prevent_initial_call=True)
    @guarded
    def on_narrate(value, search):
        scene = decode(search)[0]
        on = bool(value)
        return no_update if on == scene.narrate else encode(replace(scene, narrate=on))

    # back / forward: the picture follows the URL already (on_scene); re-render the controls too
    app.clientside_callback(ClientsideFunction("lessons", "resync"),
                            Output(ids.RESYNC, "data"), Input(ids.SCENE_CHANGED, "data"), prevent_initial_call=True)

    @app.callback(Output(ids.HEADER_BOX, "children", allow_duplicate=True),
                  Output(ids.CONTROLS, "children", allow_duplicate=True),
                  Input(ids.RESYNC, "data"), State(ids.URL, "search"), prevent_initial_call=True)
    @guarded
    def on_resync(_n, search):
        scene = decode(search)[0]
        return header(scene), controls(scene)

    # narration: the browser writes it for the player's step (assets/lessons.js)
    app.clientside_callback(ClientsideFunction("lessons", "narrationData"),
                            Output(ids.NARRATION, "title"), Input(ids.DATA, "data"))
    # the tab's title follows the header's language
    app.clientside_callback(ClientsideFunction("lessons", "title"), Input(ids.HEADER_BOX, "children"))
