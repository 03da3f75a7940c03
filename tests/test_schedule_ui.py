"""The learning-rate schedule on each run card: the pure scene edit and the card's controls."""
from __future__ import annotations

from app.components import ids
from app.model.edits import set_method, set_run_param, set_schedule
from app.components.layout import run_card
from app.model import decode, encode


def _ids(component):
    out = []

    def walk(c):
        cid = getattr(c, "id", None)
        if cid is not None:
            out.append(cid)
        kids = getattr(c, "children", None)
        for ch in (kids if isinstance(kids, (list, tuple)) else [kids]):
            if ch is not None and hasattr(ch, "to_plotly_json"):
                walk(ch)
    walk(component)
    return out


def test_set_schedule_writes_the_url_and_keeps_the_method():
    scene, _ = decode("?run=gd,alpha=0.1&run=adam")
    new = set_schedule(scene, 0, "step")
    r = new.runs[0]
    assert (r.method, r.values["alpha"], r.schedule) == ("gd", 0.1, "step")
    assert dict(r.schedule_params) == {"gamma": 0.5, "every": 100}
    assert "run=gd,alpha=0.1,schedule=step&" in encode(new)
    assert new.runs[1] == scene.runs[1]
    assert set_schedule(new, 0, "step") == new               # idempotent
    tuned = set_run_param(new, 0, "every", 50)
    assert "schedule=step,every=50" in encode(tuned)
    assert decode(encode(tuned))[0] == tuned
    assert set_schedule(tuned, 0, "constant").runs[0].spec() == {"method": "gd", "alpha": 0.1}
    # changing the method keeps the schedule
    assert set_method(tuned, 0, "momentum").runs[0].schedule == "step"


def test_card_has_a_schedule_picker_and_its_sliders():
    scene, _ = decode("?run=gd,alpha=0.1,schedule=step,every=50")
    found = _ids(run_card(0, scene.runs[0], "uk", 1))
    assert {"type": ids.RUN_SCHEDULE, "run": 0} in found
    names = [i["name"] for i in found if isinstance(i, dict) and i["type"] == ids.RUN_SCHED_PARAM]
    assert names == ["gamma", "every"]
    plain = _ids(run_card(0, decode("?run=gd")[0].runs[0], "en", 1))
    assert not [i for i in plain if isinstance(i, dict) and i["type"] == ids.RUN_SCHED_PARAM]


def test_loss_chart_draws_each_runs_learning_rate_when_a_schedule_is_on():
    import numpy as np
    from app.components.picture import render
    scene, _ = decode("?surface=bowl&steps=120&run=gd,alpha=0.1&run=gd,alpha=0.1,schedule=step,gamma=0.5,every=50"
                      "&run=adam,alpha=0.02,schedule=cosine")
    _, loss, *_ = render(scene, None)
    lr = [tr for tr in loss["data"] if tr.get("yaxis") == "y3"]
    assert len(lr) == 3 and loss["layout"]["yaxis3"]["type"] == "log"
    t = np.asarray(lr[1]["x"])
    assert t[0] == 1 and t[-1] == 120
    const, step, cos = (np.asarray(tr["y"], dtype=float) for tr in lr)
    assert np.allclose(const, 0.1)
    # α_t = α γ^⌊(t−1)/k⌋: 0.1 up to step 50, 0.05 from 51, 0.025 from 101
    assert step[0] == step[49] == 0.1 and step[50] == step[99] == 0.05 and step[100] == step[-1] == 0.025
    assert cos[0] == 0.02 and np.all(np.diff(cos) < 0) and cos[-1] < 1e-5
    assert all(tr["line"]["dash"] == "dot" for tr in lr)
    # every schedule constant: no second axis
    _, loss, *_ = render(decode("?surface=bowl&run=gd&run=adam")[0], None)
    assert "yaxis3" not in loss["layout"] and not [tr for tr in loss["data"] if tr.get("yaxis") == "y3"]
