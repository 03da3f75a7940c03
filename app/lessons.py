"""Lessons, shared links and narration: the lesson bar above the picture.

- a "Lessons" menu (a <details> drawer) listing the presets by group, in the lecture's order;
  choosing one loads it (one round trip: URL, controls and picture together);
- the current preset's caption, above the picture;
- "Copy link" (assets/lessons.js: the clipboard API, a visible confirmation, a text field
  to copy by hand where the clipboard is unavailable);
- after back/forward the controls are re-rendered from the URL (sliders re-sync);
- `narration_data`: what the browser needs to narrate each update (the core's trace g, p, r
  and the hyperparameters), sent once with the trajectories when `narrate=1`.

Lecture mode (`hide=`, `show=`) is applied in the browser (assets/lessons.js) from the URL.
"""
from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from optim import METHODS

from . import ids
from .presets import GROUPS, PRESETS
from .state import decode, encode, localize
from .text import t

log = logging.getLogger(__name__)

BAR = "lesson-bar"
PICK = "preset-pick"            # {"type": PICK, "name": preset}
RESYNC = "resync"               # set by the browser after back/forward
NARRATION = "narration"

def lesson_menu(current: str | None, lang: str) -> html.Details:
    items = [html.Summary(["☰ ", t("lessons", lang)], title=t("lessons_title", lang))]
    menu = []
    for g, names in GROUPS.items():
        menu.append(html.Div(names.get(lang) or names["en"], className="lesson-group"))
        for p in PRESETS.values():
            if p.group != g:
                continue
            menu.append(html.Button([html.B(p.text("title", lang)), html.Span(p.text("caption", lang))],
                                    id={"type": PICK, "name": p.name}, n_clicks=0,
                                    className="lesson" + (" current" if p.name == current else "")))
    items.append(html.Div(menu, className="lesson-menu"))
    return html.Details(items, className="lessons", id="lessons")


def lesson_bar(scene) -> list:
    lang = scene.lang
    cap = []
    if scene.preset in PRESETS:
        p = PRESETS[scene.preset]
        cap = [html.B(p.text("title", lang) + ": "), p.text("caption", lang)]
    return [
        lesson_menu(scene.preset, lang),
        html.Div(cap, id="lesson-caption", className="lesson-caption"),
        dcc.Checklist(id="narrate-toggle", options=[{"label": t("narrate", lang), "value": "on"}],
                      value=["on"] if scene.narrate else [], inline=True, className="narrate-toggle"),
        html.Button(t("copy_link", lang), id="copy-link", className="copy-link",
                    **{"data-copied": t("copied", lang)}),
        html.Span(id="copy-status", className="copy-status", role="status"),
        html.Label([t("copy_by_hand", lang), " ", dcc.Input(id="copy-fallback", readOnly=True, className="copy-fallback")],
                   id="copy-fallback-box", className="copy-fallback-box", style={"display": "none"}),
    ]


# ------------------------------------------------------------------ narration data

def _r6(a) -> list:
    a = np.asarray(a, dtype=float)
    out = np.array([float(f"{v:.6g}") if np.isfinite(v) else None for v in a.ravel()], dtype=object)
    return out.reshape(a.shape).tolist()


def narration_data(scene, res) -> list:
    """Per run: the method, its hyperparameters and the core's trace (g, p, r per step, as
    (steps, 2) lists) for the browser to narrate any step without asking the server."""
    tr = res.trace
    dw = np.diff(np.asarray(res.xy), axis=1)         # the step actually taken, exactly
    out = []
    for k, run in enumerate(scene.runs):
        m = METHODS[run.method]
        hp = dict(run.values)
        if run.schedule != "constant":
            hp["schedule"] = run.schedule
        out.append(dict(method=run.method, name=m.name, state=list(m.state), hp=hp,
                        g=_r6(tr["g"][k]), m=_r6(tr["m"][k]), v=_r6(tr["v"][k]), d=_r6(dw[k])))
    return out


# ------------------------------------------------------------------ callbacks

def register(app):
    from . import callbacks as C
    from .layout import controls, header

    @app.callback(Output(BAR, "children"), Input("header-box", "children"), State(ids.URL, "search"))
    @C.guarded
    def on_bar(_header, search):
        return lesson_bar(decode(search)[0])

    picture = (Output(ids.MAIN_Q, "data", allow_duplicate=True), Output(ids.MAP, "figure", allow_duplicate=True),
               Output(ids.LOSS, "figure", allow_duplicate=True), Output(ids.DATA, "data", allow_duplicate=True),
               Output(ids.FIG_KEY, "data", allow_duplicate=True),
               Output(ids.SUMMARY, "children", allow_duplicate=True),
               Output(ids.NOTICES, "children", allow_duplicate=True))

    @app.callback(Output(ids.URL, "search", allow_duplicate=True), *picture,
                  Output("header-box", "children", allow_duplicate=True),
                  Output("controls", "children", allow_duplicate=True),
                  Input({"type": PICK, "name": ALL}, "n_clicks"), State(ids.URL, "search"), State(ids.FIG_KEY, "data"),
                  prevent_initial_call=True)
    @C.guarded
    def on_pick(_clicks, search, old_key):
        tid = ctx.triggered_id
        if not tid or not ctx.triggered or not ctx.triggered[0]["value"] or tid["name"] not in PRESETS:
            return (no_update,) * 10
        old = decode(search)[0]
        scene = replace(decode(f"preset={tid['name']}")[0], lang=old.lang, hide=old.hide, show=old.show,
                        narrate=old.narrate)
        q = encode(scene)
        fig, loss, data, key, summary = C.render(scene, old_key)
        return q, C.main_query(q), fig, loss, data, key, summary, [], header(scene), controls(scene)

    @app.callback(Output(ids.URL, "search", allow_duplicate=True), Input("narrate-toggle", "value"),
                  State(ids.URL, "search"), prevent_initial_call=True)
    @C.guarded
    def on_narrate(value, search):
        scene = decode(search)[0]
        on = bool(value)
        return no_update if on == scene.narrate else encode(replace(scene, narrate=on))

    # back / forward: the picture follows the URL already (on_scene); re-render the controls too
    app.clientside_callback("function(q) { return window.lessons ? window.lessons.resync(q) : "
                            "window.dash_clientside.no_update; }",
                            Output(RESYNC, "data"), Input(ids.SCENE_CHANGED, "data"), prevent_initial_call=True)

    @app.callback(Output("header-box", "children", allow_duplicate=True),
                  Output("controls", "children", allow_duplicate=True),
                  Input(RESYNC, "data"), State(ids.URL, "search"), prevent_initial_call=True)
    @C.guarded
    def on_resync(_n, search):
        scene = decode(search)[0]
        return header(scene), controls(scene)

    # narration: the browser writes it for the player's step (assets/lessons.js)
    app.clientside_callback("function(data) { if (window.lessons) window.lessons.narrationData(data); "
                            "return window.dash_clientside.no_update; }",
                            Output(NARRATION, "title"), Input(ids.DATA, "data"))


def notices_text(msgs, search) -> list:
    """Notices in the scene's language."""
    return localize(msgs, decode(search)[0].lang)
