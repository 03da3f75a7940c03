"""Your own surface f(x, y): the text box, its window, and the callback that applies it.

Applying a formula makes the landscape `custom` (URL: `surface=custom&f=...&bounds=...`,
see `app.state`). A formula that does not parse leaves the scene as it was and shows the
`FormulaError` message right under the box.
"""
from __future__ import annotations

from dataclasses import replace

from dash import Input, Output, State, dcc, html, no_update

import landscapes

from . import ids
from .state import CUSTOM, CUSTOM_BOUNDS, CUSTOM_TEXT, Scene, bounds_text, custom_params, parse_bounds
from .text import t


def formula_box(scene: Scene) -> html.Details:
    """The box (open on a custom surface, folded away under the others)."""
    lang = scene.lang
    own = scene.surface == CUSTOM
    cp = dict(scene.surface_params) if own else {}
    return html.Details(open=own, className="formula-box", children=[
        html.Summary(t("formula_title", lang), className="panel-title"),
        html.Div(className="formula-row", children=[
            html.B("f(x, y) ="),
            dcc.Input(id=ids.FORMULA, type="text", value=cp.get("text", CUSTOM_TEXT), debounce=True,
                      spellCheck=False, autoComplete="off", className="formula-input"),
        ]),
        html.Div(className="formula-row", children=[
            dcc.Input(id=ids.FORMULA_BOUNDS, type="text", value=bounds_text(cp.get("bounds", CUSTOM_BOUNDS)),
                      debounce=True, className="num formula-bounds", placeholder="3"),
            html.Span(t("formula_bounds", lang), className="muted small"),
            html.Button(t("formula_apply", lang), id=ids.FORMULA_APPLY, className="formula-apply"),
        ]),
        html.Div(id=ids.FORMULA_ERROR, className="formula-error", **{"aria-live": "polite"}),
        html.Div(t("formula_hint", lang), className="muted small"),
    ])


def apply_formula(scene: Scene, text, bounds_raw) -> Scene:
    """The scene with f(x, y) = text (raises FormulaError / ValueError with a user-facing message)."""
    bounds = None
    if bounds_raw not in (None, ""):
        bounds = parse_bounds(bounds_raw)
    if not str(text or "").strip():
        raise landscapes.FormulaError("type a formula in x and y, e.g. x**2 + 10*sin(y)")
    params = custom_params(text, bounds)
    if scene.surface == CUSTOM and scene.surface_params == params:
        return scene
    return replace(scene, surface=CUSTOM, surface_params=params, start=None, step=None)


def register(app, url_edit):
    """Callbacks of the box; `url_edit` is the edit decorator of `app.callbacks.register`."""
    @url_edit(Input(ids.FORMULA_APPLY, "n_clicks"), Input(ids.FORMULA, "n_submit"), Input(ids.FORMULA_BOUNDS, "n_submit"),
              State(ids.FORMULA, "value"), State(ids.FORMULA_BOUNDS, "value"),
              extra_outputs=(Output(ids.FORMULA_ERROR, "children"), Output(ids.SURFACE, "value", allow_duplicate=True),
                             Output(ids.START_X, "value", allow_duplicate=True),
                             Output(ids.START_Y, "value", allow_duplicate=True)))
    def on_formula(scene, n_apply, n_sub, n_sub2, text, bounds_raw):
        if not (n_apply or n_sub or n_sub2):
            return scene, no_update, no_update, no_update, no_update
        try:
            new = apply_formula(scene, text, bounds_raw)
        except (ValueError, OverflowError, RecursionError) as exc:
            return scene, str(exc), no_update, no_update, no_update
        x, y = new.start_xy
        return new, "", CUSTOM, round(x, 4), round(y, 4)
