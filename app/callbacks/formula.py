"""Callback of the "your own f(x, y)" box: apply the formula (an edit like any other)."""
from __future__ import annotations

from dash import Input, Output, State, no_update

from ..components import ids
from ..model import CUSTOM
from ..model.edits import apply_formula
from . import common


def register(app):
    @common.url_edit(app, Input(ids.FORMULA_APPLY, "n_clicks"), Input(ids.FORMULA, "n_submit"),
                     Input(ids.FORMULA_BOUNDS, "n_submit"), State(ids.FORMULA, "value"),
                     State(ids.FORMULA_BOUNDS, "value"),
                     extra_outputs=(Output(ids.FORMULA_ERROR, "children"),
                                    Output(ids.SURFACE, "value", allow_duplicate=True),
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
