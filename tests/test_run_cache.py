"""Runs whose settings did not change are not computed again (app/compute/runs.py), and
the byte-bounded cache behind it (app/compute/cache.py)."""
from __future__ import annotations

import numpy as np
import pytest

from app.callbacks.preview import slider_edit
from app.compute import runs as R
from app.compute.cache import BUDGET, ByteLRU, nbytes
from app.components import ids
from app.model import DEFAULT, decode
from optim import Result

SCENES = ["", "?steps=1000&run=gd,alpha=0.001&run=momentum,alpha=0.001&run=nesterov,alpha=0.001&run=adagrad,alpha=0.3"
              "&run=rmsprop,alpha=0.01&run=adam,alpha=0.1&run=amsgrad,alpha=0.1&run=gd,alpha=0.0005",
          "?surface=linreg_mse&batch=4&run=gd,alpha=0.05&run=adam,alpha=0.05,seed=3&run=momentum,schedule=step",
          "?surface=himmelblau&batch=2&sigma=3&run=sgd&run=rmsprop&run=adam"]


@pytest.fixture
def fresh_cache(monkeypatch):
    monkeypatch.setattr(R, "DERIVED", ByteLRU(BUDGET, size=nbytes))
    calls = []
    real = R._run_many

    def counting(scene, runs, *start):
        calls.append(len(runs))
        return real(scene, runs, *start)
    monkeypatch.setattr(R, "_run_many", counting)
    return calls


def same(a, b):
    """The same trajectories (to float rounding: NumPy's vector kernels may round the last
    bit of a run differently with other runs beside it)."""
    assert a.methods == b.methods and a.params == b.params and a.schedules == b.schedules
    np.testing.assert_allclose(a.xy, b.xy, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a.loss, b.loss, rtol=1e-9, atol=1e-12)
    assert np.array_equal(a.diverged_at, b.diverged_at) and np.array_equal(a.epoch_steps, b.epoch_steps)
    assert a.trace.keys() == b.trace.keys()
    for k in a.trace:           # up to a divergence (what comes after overflows either way)
        for run, d in enumerate(a.diverged_at):
            end = d - 1 if d >= 0 else None
            np.testing.assert_allclose(a.trace[k][run][:end], b.trace[k][run][:end], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("query", SCENES)
def test_moving_one_run_computes_only_that_run(fresh_cache, query):
    scene, _ = decode(query)
    scene = R.limit(scene)
    R.compute(scene)
    assert fresh_cache == [len(scene.runs)]
    moved = slider_edit(scene, {"type": ids.RUN_PARAM, "run": 0, "name": "alpha"}, -1.5)
    assert moved != scene
    res = R.compute(moved)
    assert fresh_cache == [len(scene.runs), 1]                 # the others came from the cache
    same(res, R._run_many(moved, moved.runs))
    again = R.compute(moved)                                    # nothing new: nothing computed
    assert fresh_cache[-1] == len(moved.runs) and len(fresh_cache) == 3
    same(again, res)


def test_stack_is_the_runs_in_the_order_asked():
    scene, _ = decode(SCENES[2])
    whole = R._run_many(scene, scene.runs)
    parts = [R._run_many(scene, (r,)) for r in scene.runs]
    same(Result.stack([(p, 0) for p in parts]), whole)
    rev = Result.stack([(whole, k) for k in reversed(range(len(scene.runs)))])
    assert rev.methods == tuple(reversed(whole.methods))
    np.testing.assert_array_equal(rev.xy[0], whole.xy[-1])


def test_truncated_runs_are_not_kept(fresh_cache, monkeypatch):
    monkeypatch.setattr(R, "BUDGET", 0.0)
    scene, _ = decode("?steps=2000")
    assert R.compute(scene).truncated
    assert len(R.DERIVED) == 0


def test_the_cache_is_bounded_in_bytes():
    c = ByteLRU(100)
    for i in range(20):
        c.put(i, b"x" * 20)
    assert c.size <= 100 and len(c) == 5 and c.peek(19) and c.peek(0) is None
    c.put("big", b"x" * 26)               # more than a quarter of the limit: not kept
    assert c.peek("big") is None
    assert c.get("made", lambda: b"y") == b"y" and c.peek("made") == b"y"
    assert nbytes(R.compute(DEFAULT)) > 0
