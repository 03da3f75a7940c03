"""The views registry drives the picker, the codec, the picture and the browser payload:
every entry works everywhere, in both languages."""
from __future__ import annotations

import pytest
from dash import no_update

from app.components.layout import header
from app.components.picture import render
from app.model import VIEW, VIEWS, decode, encode
from app.text import TEXT


@pytest.mark.parametrize("key", VIEWS)
def test_every_view_is_named_picked_linked_and_drawn(key):
    view = VIEW[key]
    assert set(TEXT[view.text]) == {"en", "uk"}
    scene, notes = decode(f"?view={key}&steps=20")
    assert notes == [] and scene.view == key and decode(encode(scene))[0] == scene
    picker = [c for c in header(scene).children if getattr(c, "id", None) == "view"][0]
    assert key in [o["value"] for o in picker.options]
    pic = render(scene, None)
    assert pic.data["kind"] == view.kind and pic.data["panels"] == view.panels
    if view.player:
        assert pic.map["data"] and pic.map["layout"]
    else:                                           # the analysis panel replaces the map: not built
        assert pic.map is no_update


def test_an_unknown_view_is_refused_with_a_notice():
    scene, notes = decode("?view=4d")
    assert scene.view == "overlay" and any("4d" in n for n in notes)
