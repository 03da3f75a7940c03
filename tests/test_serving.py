"""Production behaviour of the server (app/serving.py): health, limits, errors, gzip, caching,
and the per-request limits of the computation, through the Flask test client."""
from __future__ import annotations

import gzip
import json
import re

import pytest

import app.serving as serving
from app.compute import runs
from app.components.picture import render
from app.model import decode
from app.compute.cache import BUDGET, ByteLRU, nbytes
from app.factory import create_app
from app.model import MAX_STEPS

RUNS_ALL = '{"name":["ALL"],"run":["ALL"],"type":"run-param"}'


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def compute_callback(client, inputs_key: str):
    """The dependency entry of the url_edit callback whose (single) input id is `inputs_key`."""
    for d in client.get("/_dash-dependencies").json:
        if d["inputs"] and d["inputs"][0]["id"] == inputs_key and d["output"].startswith("..url.search@"):
            return d
    raise AssertionError(f"no compute callback for {inputs_key}")


def payload(dep: dict, inputs: list, search: str = "", key=None, changed=None) -> dict:
    """The JSON the browser sends (captured from Chromium's performance log, Dash 4.4)."""
    outs = [dict(zip(("id", "property"), o.split(".", 1))) for o in dep["output"].strip(".").split("...")]
    return {"output": dep["output"], "outputs": outs, "inputs": inputs,
            "changedPropIds": changed or [], "state": [{"id": "url", "property": "search", "value": search},
                                                      {"id": "fig-key", "property": "data", "value": key},
                                                      {"id": "map-size", "property": "data", "value": None}]}


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json["status"] == "ok"
    assert "no-store" in r.headers["Cache-Control"]


def test_gzip_and_caching_of_static_files(client):
    html = client.get("/").data.decode()
    srcs = re.findall(r'src="([^"]+)"', html)
    bundle = next(s for s in srcs if s.startswith("/_dash-component-suites/"))
    asset = next(s for s in srcs if s.startswith("/assets/"))
    for url in (bundle, asset):
        r = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
        assert r.status_code == 200 and r.headers["Content-Encoding"] == "gzip", url
        assert "max-age=31536000" in r.headers["Cache-Control"] and "no-cache" not in r.headers["Cache-Control"]
        assert int(r.headers["Content-Length"]) == len(r.data)
        plain = client.get(url).data
        assert gzip.decompress(r.data) == plain and "Content-Encoding" not in client.get(url).headers
    r = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip" and json.loads(gzip.decompress(r.data))


def test_brotli_where_the_browser_prefers_it_and_static_bodies_compressed_once(client, monkeypatch):
    import brotli
    import flask_compress.flask_compress as fc
    html = client.get("/").data.decode()
    bundle = next(s for s in re.findall(r'src="([^"]+)"', html) if s.startswith("/_dash-component-suites/"))
    calls = []
    real = fc._compress_data
    monkeypatch.setattr(fc, "_compress_data", lambda app, data, algo: calls.append(algo) or real(app, data, algo))
    plain = client.get(bundle).data
    for _ in range(3):
        r = client.get(bundle, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert r.headers["Content-Encoding"] == "br" and brotli.decompress(r.data) == plain
        assert "max-age=31536000" in r.headers["Cache-Control"] and "Accept-Encoding" in r.headers["Vary"]
    assert calls.count("br") <= 1                       # once per process (it may be cached already)
    r = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    assert r.headers["Content-Encoding"] == "br" and json.loads(brotli.decompress(r.data))
    r = client.get("/healthz", headers={"Accept-Encoding": "br, gzip"})
    assert r.json["status"] == "ok" and "no-store" in r.headers["Cache-Control"]


def test_request_size_limit(client):
    r = client.post("/_dash-update-component", data="x" * (serving.MAX_BODY + 1), content_type="application/json")
    assert r.status_code == 413 and r.json["error"]


@pytest.mark.parametrize("body", ['{garbage', '{"output": "nope"}', '[]', '{"output": "..url.search..", "inputs": 3}'])
def test_malformed_callback_requests_are_400_without_traceback(client, body):
    r = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert r.status_code == 400
    assert b"Traceback" not in r.data and r.json["error"]


def test_hand_crafted_steps_are_clamped(client):
    dep = compute_callback(client, "steps")
    body = payload(dep, [{"id": "steps", "property": "value", "value": 10 ** 9}],
                   search="?steps=100&" + "&".join(["run=gd"] * 20), changed=["steps.value"])
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200
    resp = r.json["response"]
    assert f"steps={MAX_STEPS}" in resp["url"]["search"]
    assert resp["url"]["search"].count("run=") <= 8
    r = client.post("/_dash-update-component", json=payload(dep, [{"id": "steps", "property": "value", "value": 1e400}],
                                                            changed=["steps.value"]))
    assert r.status_code in (200, 204)      # float('inf') as JSON: a notice at most, no error page


def test_limit_clamps_runs_and_steps():
    from dataclasses import replace

    from app.model import DEFAULT, MAX_RUNS
    big = replace(DEFAULT, steps=10 ** 8, runs=DEFAULT.runs * 10)
    small = runs.limit(big)
    assert small.steps == MAX_STEPS and len(small.runs) == MAX_RUNS
    assert runs.limit(DEFAULT) is DEFAULT


def test_time_budget_truncates_with_a_notice(monkeypatch):
    monkeypatch.setattr(runs, "BUDGET", 0.0)
    monkeypatch.setattr(runs, "DERIVED", ByteLRU(BUDGET, size=nbytes))   # none computed yet
    scene, _ = decode("?steps=2000")
    *_, summary = render(scene, None)
    text = json.dumps(summary.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "stopped early" in text


def test_production_config_is_valid():
    """The documented production command: `gunicorn -c gunicorn.conf.py app.wsgi:server`."""
    import subprocess
    import sys
    from pathlib import Path
    pytest.importorskip("gunicorn")
    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", "-c", "gunicorn.conf.py", "app.wsgi:server"],
                       cwd=root, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-2000:]
