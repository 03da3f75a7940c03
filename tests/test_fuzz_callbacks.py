"""Bad input everywhere: every server-side callback, through the real Dash endpoint
(POST /_dash-update-component on the Flask test client), with anything a browser or a
hand-crafted request could send: wrong types, NaN, inf, huge numbers, absurd strings,
unknown methods and surfaces, broken URLs. Each answer must be a valid Dash response (200,
or 204 "nothing to update"), never a 500 or a traceback; numerical trouble must not raise
RuntimeWarnings (pytest turns them into errors, and a callback's guard would log them).

Bounded: a few dozen examples per callback, deadline=None; the file runs in ~10 s.
"""
from __future__ import annotations

import json
import logging
import math

import numpy as np
import plotly.io.json as pjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import landscapes
from app.factory import create_app
from app.components.picture import render
from app.model import decode
from optim import METHODS

EXAMPLES = 25
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))

APP = create_app()
DEPS = [d for d in APP.server.test_client().get("/_dash-dependencies").json if d["clientside_function"] is None]
NAMES = sorted({p.name for m in METHODS.values() for p in m.params} | {"batch", "sigma", "seed", "kappa", "angle"})
WORDS = (list(METHODS) + list(landscapes.names()) + ["overlay", "multiples", "3d", "en", "uk", "minibatch", "exact",
         "lion", "", "../../etc/passwd", "<script>alert(1)</script>", "1e309", "NaN", "-0", "ʕ•ᴥ•ʔ" * 20])

finite = st.floats(-1e6, 1e6, allow_nan=False)
number = st.one_of(finite, st.floats(allow_nan=True, allow_infinity=True), st.integers(-10 ** 30, 10 ** 30),
                   st.sampled_from([0, -1, 1e308, -1e308, 5e-324, 2 ** 63, 10 ** 400 // 10 ** 380]))
scalar = st.one_of(st.none(), st.booleans(), number, st.sampled_from(WORDS), st.text(max_size=30))
junk = st.recursive(scalar, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=4), c, max_size=3),
                    max_leaves=6)
value = st.one_of(scalar, scalar, junk)

QKEYS = ["surface", "start", "steps", "run", "batch", "sigma", "seed", "view", "lang", "step", "preset", "v", "hide"]
qpart = st.tuples(st.sampled_from(QKEYS + ["x", ""]),
                  st.one_of(st.sampled_from(WORDS), st.builds(str, number),
                            st.builds(lambda m, a: f"{m},alpha={a}", st.sampled_from(WORDS), st.builds(str, number)),
                            st.text(max_size=20)))
search = st.one_of(st.just(""), st.builds(lambda ps: "?" + "&".join(f"{k}={v}" for k, v in ps), st.lists(qpart, max_size=8)),
                   st.text(max_size=60), st.sampled_from(["?run=adam,alpha=10&steps=2000&surface=saddle",
                                                          "?surface=linreg_huber&batch=1&sigma=100&steps=2000"]))


def _parse(pattern: str):
    """'{"run":["ALL"],"type":"x"}' -> dict id with wildcards; 'steps' -> 'steps'."""
    return json.loads(pattern) if pattern.startswith("{") else pattern


def concrete(pid, draw, run=None):
    if not isinstance(pid, dict):
        return pid
    out = {}
    for k, v in pid.items():
        if not isinstance(v, list):
            out[k] = v
        elif k == "run":
            out[k] = run if run is not None else draw(st.one_of(st.integers(0, 9), st.integers(-3, 100), scalar))
        else:
            out[k] = draw(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)))
    return out


def wildcards(pid) -> str | None:
    if isinstance(pid, dict):
        for v in pid.values():
            if isinstance(v, list):
                return v[0]
    return None


@st.composite
def request_for(draw, dep):
    run = draw(st.integers(0, 9))         # one value for MATCH

    def item(spec, prop_value):
        pid = _parse(spec["id"])
        kind = wildcards(pid)
        if kind in ("ALL", "ALLSMALLER"):
            n = draw(st.integers(0, 4))
            return [{"id": concrete(pid, draw), "property": spec["property"], "value": prop_value()} for _ in range(n)]
        return {"id": concrete(pid, draw, run), "property": spec["property"], "value": prop_value()}

    def state_value(spec):
        if spec["id"] == "url" and spec["property"] == "search":
            return lambda: draw(search)
        if spec["id"] == "fig-key":
            return lambda: draw(st.one_of(st.none(), st.sampled_from(["rosenbrock|()|overlay|0"]), st.text(max_size=20)))
        return lambda: draw(value)

    inputs = [item(s, lambda: draw(value)) for s in dep["inputs"]]
    state = [item(s, state_value(s)) for s in dep["state"]]
    multi = dep["output"].startswith("..")
    outs = []
    for o in (dep["output"].strip(".").split("...") if multi else [dep["output"]]):
        oid, prop = o.rsplit(".", 1)
        outs.append({"id": concrete(_parse(oid), draw, run), "property": prop})
    changed = [f"{json.dumps(i['id'], separators=(',', ':'), sort_keys=True) if isinstance(i['id'], dict) else i['id']}"
               f".{i['property']}" for i in inputs if isinstance(i, dict)][:1]
    return {"output": dep["output"], "outputs": outs if multi else outs[0], "inputs": inputs,
            "changedPropIds": changed, "state": state}


class Bad(logging.Handler):
    """Collects exceptions that callbacks caught: a Warning among them is a numerical bug."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.mark.parametrize("dep", DEPS, ids=[d["output"].split("@")[0].strip(".")[:40] + "<-" + d["inputs"][0]["id"][:30]
                                          for d in DEPS])
def test_any_request_gets_a_valid_answer(dep):
    client = APP.server.test_client()
    bad = Bad()
    logging.getLogger("app").addHandler(bad)
    try:
        @SETTINGS
        @given(request_for(dep))
        def check(body):
            raw = json.dumps(body, allow_nan=True)
            r = client.post("/_dash-update-component", data=raw, content_type="application/json")
            assert r.status_code in (200, 204), (r.status_code, r.data[:300], raw[:500])
            assert b"Traceback" not in r.data
            if r.status_code == 200:
                json.loads(r.data)
            warned = [rec for rec in bad.records if rec.exc_info and issubclass(rec.exc_info[0], Warning)]
            assert not warned, (warned[0].getMessage(), raw[:500])
        check()
    finally:
        logging.getLogger("app").removeHandler(bad)


# ------------------------------------------------------------------ numerical hazards

HAZARDS = [
    "?steps=2000&run=gd,alpha=10&run=momentum,alpha=10,beta=0.999&run=adam,alpha=10&run=adagrad,alpha=10,eps=1e-12",
    "?steps=2000&run=rmsprop,alpha=10,rho=0,eps=1e-12&run=nesterov,alpha=10,beta=0.999&batch=1&sigma=100",
    "?steps=2000&start=1e6,-1e6&run=gd,alpha=10&run=amsgrad,alpha=10,rho1=0,rho2=0,eps=1e-12",
]


@pytest.mark.parametrize("name", landscapes.names())
@pytest.mark.parametrize("hazard", range(len(HAZARDS)))
def test_numerical_hazards_keep_the_figure_whole(name, hazard):
    """Divergence, overflow and surfaces unbounded below (the saddle): no RuntimeWarning
    (pytest turns it into an error here), and every figure still serializes to JSON without
    NaN or inf (Plotly gets null for the points after a run diverged)."""
    scene, _ = decode(f"{HAZARDS[hazard]}&surface={name}")
    fig, loss, data, key, summary = render(scene, None)
    text = pjson.to_json_plotly([fig, loss, data, summary.to_plotly_json()])

    def refuse(const):
        raise AssertionError(f"{const} in the JSON sent to the browser")
    assert json.loads(text, parse_constant=refuse)


def test_hazard_results_are_finite_or_marked_diverged():
    from app.compute.runs import compute
    scene, _ = decode(HAZARDS[0] + "&surface=saddle")
    res = compute(scene)
    xy = np.asarray(res.xy)
    assert not np.isinf(xy).any()
    assert all(d is None or 0 <= d <= scene.steps for d in
               (None if int(k) < 0 else int(k) for k in np.atleast_1d(res.diverged)))
    assert math.isfinite(float(np.nanmax(np.abs(xy))))
