"""Your own surface f(x, y): the text box and its window.

Applying a formula (`app.model.edits.apply_formula`) makes the landscape `custom` (URL:
`surface=custom&f=...&bounds=...`). A formula that does not parse leaves the scene as it
was and shows the `FormulaError` message right under the box.
"""
from __future__ import annotations

from dash import dcc, html

from ..model import CUSTOM, CUSTOM_BOUNDS, CUSTOM_TEXT, Scene, bounds_text
from ..text import t
from . import ids


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
