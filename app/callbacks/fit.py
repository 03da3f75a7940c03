"""Callbacks of the landscape parameters that are not sliders: 0/1 ones shown as checkboxes
(outliers on data landscapes) and named options shown as menus (a network's data set)."""
from __future__ import annotations

from dash import ALL, Input, ctx

import landscapes

from ..components import ids
from ..model.edits import set_surface_param
from . import common


def _edits(scene, items, value_of):
    """The scene with each control's landscape parameter set to `value_of(param, value)`
    where that differs from the landscape's (re-rendered controls change nothing)."""
    if scene.surface not in landscapes.names():
        return scene
    specs = {q.name: q for q in landscapes.params(scene.surface)}
    current = scene.landscape.params
    for item in items:
        p = specs.get(item["id"]["name"])
        if p is None or item.get("value") is None:
            continue
        v = value_of(p, item["value"])
        if v != current.get(p.name, p.default):
            scene = set_surface_param(scene, p.name, v)
    return scene


def register(app):
    @common.url_edit(app, Input({"type": ids.SURFACE_TOGGLE, "name": ALL}, "value"))
    def on_toggle(scene, _values):
        return _edits(scene, ctx.inputs_list[0], lambda p, v: 1 if v else 0)

    @common.url_edit(app, Input({"type": ids.SURFACE_CHOICE, "name": ALL}, "value"))
    def on_choice(scene, _values):
        return _edits(scene, ctx.inputs_list[0], lambda p, v: p.clamp(v) if p.choices else p.default)
