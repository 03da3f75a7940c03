"""A run's slider: the live preview route and the commit that follows it (app/callbacks/preview.py)."""
from __future__ import annotations

import base64

import numpy as np
import pytest

from app.callbacks.preview import MAX_EDITS, previewed_edits, slider_edit
from app.components import ids
from app.factory import create_app
from app.model import DEFAULT, MAX_STEPS, decode, encode

ALPHA0 = {"type": ids.RUN_PARAM, "run": 0, "name": "alpha"}


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def xs(data, k=0):
    b = data["runs"][k]["x"]
    return np.frombuffer(base64.b64decode(b["bdata"]), dtype=np.float32)


def post(client, search="", edits=None, **kw):
    return client.post("/_preview", json=dict(search=search, edits=edits if edits is not None else [], **kw))


def test_slider_edit_sets_the_value_and_ignores_a_slider_that_did_not_move():
    moved = slider_edit(DEFAULT, ALPHA0, -2.0)             # log slider: 10^-2
    assert moved.runs[0].values["alpha"] == pytest.approx(0.01)
    assert slider_edit(DEFAULT, ALPHA0, -3.0) is DEFAULT    # where α = 0.001 already sits
    assert slider_edit(DEFAULT, dict(ALPHA0, run=17), -2.0) is DEFAULT
    assert slider_edit(DEFAULT, dict(ALPHA0, name="nope"), -2.0) is DEFAULT
    with pytest.raises(ValueError):
        slider_edit(DEFAULT, {"type": "steps"}, 3)


def test_previewed_edits_refuse_other_controls_and_cap_the_count():
    with pytest.raises(ValueError):
        previewed_edits(DEFAULT, [{"id": {"type": ids.SURFACE_PARAM, "name": "a"}, "value": 1}])
    with pytest.raises(ValueError):
        previewed_edits(DEFAULT, "alpha=1")
    many = [{"id": ALPHA0, "value": -5 + 0.05 * i} for i in range(MAX_EDITS + 5)]
    last_used = many[MAX_EDITS - 1]["value"]
    assert previewed_edits(DEFAULT, many).runs[0].values["alpha"] == pytest.approx(10 ** last_used, rel=0.05)


def test_preview_answers_the_moved_scene(client):
    base = post(client).json["data"]
    r = post(client, edits=[{"id": ALPHA0, "value": -2.0}])
    assert r.status_code == 200 and r.mimetype == "application/json"
    data = r.json["data"]
    assert data["key"] == encode(slider_edit(DEFAULT, ALPHA0, -2.0)).lstrip("?")
    assert not np.array_equal(xs(data, 0), xs(base, 0))        # run 0 moved
    assert np.array_equal(xs(data, 1), xs(base, 1))            # the others did not
    assert data["marks"] and data["runs"][0]["label"].startswith("GD")
    assert len(r.data) < 30_000


def test_preview_is_relative_to_the_query_and_limited(client):
    search = "?steps=50&run=adam,alpha=0.05&run=gd"
    data = post(client, search, [{"id": ALPHA0, "value": -1.0}]).json["data"]
    scene, _ = decode(data["key"])
    assert scene.steps == 50 and scene.runs[0].method == "adam" and scene.runs[0].values["alpha"] == pytest.approx(0.1)
    big = post(client, f"?steps={10 ** 9}&" + "&".join(["run=gd"] * 30), [{"id": ALPHA0, "value": -2}]).json["data"]
    assert big["steps"] == MAX_STEPS and len(big["runs"]) <= 8


@pytest.mark.parametrize("body", [None, [], {"edits": "x"}, {"edits": [{"id": ALPHA0}]},
                                  {"edits": [{"id": ALPHA0, "value": "left"}]},
                                  {"edits": [{"id": {"type": ids.SCENE_PARAM, "name": "sigma"}, "value": 1}]}])
def test_bad_previews_are_400_with_a_reason(client, body):
    r = client.post("/_preview", json=body) if body is not None else client.post("/_preview", data="{nope")
    assert r.status_code == 400 and r.json["error"] and b"Traceback" not in r.data


def test_a_view_without_a_2d_map_gets_no_preview(client):
    assert post(client, "?view=3d", [{"id": ALPHA0, "value": -2}]).status_code == 204


def test_the_commit_is_an_ordinary_edit(client):
    dep = next(d for d in client.get("/_dash-dependencies").json
               if d["inputs"] and d["inputs"][0]["id"] == ids.SLIDER_COMMIT)
    outs = [dict(zip(("id", "property"), o.split(".", 1))) for o in dep["output"].strip(".").split("...")]
    commit = {"edits": [{"id": ALPHA0, "value": -2.0}, {"id": dict(ALPHA0, run=1), "value": -1.0}], "t": 1}
    body = {"output": dep["output"], "outputs": outs,
            "inputs": [{"id": ids.SLIDER_COMMIT, "property": "data", "value": commit}],
            "changedPropIds": [f"{ids.SLIDER_COMMIT}.data"],
            "state": [{"id": ids.URL, "property": "search", "value": ""},
                      {"id": ids.FIG_KEY, "property": "data", "value": None},
                      {"id": ids.MAP_SIZE, "property": "data", "value": [900, 600]}]}
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200
    scene, msgs = decode(r.json["response"][ids.URL]["search"])
    assert not msgs
    assert scene.runs[0].values["alpha"] == pytest.approx(0.01) and scene.runs[1].values["alpha"] == pytest.approx(0.1)
