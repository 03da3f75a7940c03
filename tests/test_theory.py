"""Theory on convex quadratics (Distill, "Why Momentum Really Works"): formulas and the rates."""
from __future__ import annotations

import math

import numpy as np
import pytest

import landscapes
from app import theory as TH
from app.callbacks import render
from app.state import decode, encode
from optim import run_many


def test_formulas():
    a, q = TH.gd_optimal(1.0, 100.0)
    assert a == pytest.approx(2 / 101) and q == pytest.approx(99 / 101)
    a, b, q = TH.momentum_optimal(1.0, 100.0)
    assert a == pytest.approx((2 / 11) ** 2) and b == pytest.approx((9 / 11) ** 2) and q == pytest.approx(9 / 11)
    # the predicted rates at the optimum agree with the closed forms
    assert TH.rate("gd", {"alpha": 2 / 101}, (1.0, 100.0)) == pytest.approx(99 / 101)
    assert TH.rate("momentum", {"alpha": (2 / 11) ** 2, "beta": (9 / 11) ** 2}, (1.0, 100.0)) == pytest.approx(9 / 11, rel=1e-6)
    assert TH.rate("gd", {"alpha": 0.5}, (1.0, 100.0)) == pytest.approx(49)      # diverges
    assert TH.rate("adam", {"alpha": 0.1}, (1.0, 100.0)) is None
    # momentum beats GD: √κ instead of κ
    assert TH.momentum_optimal(1.0, 100.0)[2] < TH.gd_optimal(1.0, 100.0)[1]


def _slope(loss):
    gap = np.asarray(loss, float)
    t = np.arange(gap.size)
    ok = (gap > 1e-13) & np.isfinite(gap)
    ok[:5] = False
    return np.polyfit(t[ok], np.log(gap[ok]), 1)[0]


@pytest.mark.parametrize("method", ["gd", "momentum"])
def test_optimal_runs_converge_at_the_predicted_rate(method):
    ls = landscapes.get("narrow_valley")
    lmin, lmax = ls.quadratic
    hp = TH.optimal_values(method, ls.quadratic)
    res = run_many(ls, [{"method": method, **hp}], steps=150)
    q = TH.rate(method, hp, ls.quadratic)
    fmin = getattr(ls, "fmin", None) or 0.0
    measured = _slope(np.asarray(res.loss)[0] - fmin)
    if method == "gd":
        assert measured == pytest.approx(2 * math.log(q), rel=0.03)
    else:   # critically damped at both ends: t·q^t, a little slower than q^(2t) on a finite window
        assert measured == pytest.approx(2 * math.log(q), rel=0.15)


def test_optimal_button_and_envelope():
    scene, _ = decode("?surface=narrow_valley&run=gd&run=momentum&run=adam")
    new = TH.set_optimal(TH.set_optimal(TH.set_optimal(scene, 0), 1), 2)
    lmin, lmax = scene.landscape.quadratic
    assert new.runs[0].values["alpha"] == pytest.approx(2 / (lmin + lmax))
    assert new.runs[1].values["beta"] == pytest.approx(TH.momentum_optimal(lmin, lmax)[1])
    assert new.runs[2] == scene.runs[2]
    assert decode(encode(new))[0] == new
    _, loss, *_ = render(new, None)
    dashed = [tr for tr in loss["data"] if tr.get("line", {}).get("dash") == "dash"]
    assert len(dashed) == 2
    # no theory on a non-quadratic landscape
    assert TH.set_optimal(decode("?run=gd")[0], 0) == decode("?run=gd")[0]
    _, loss, *_ = render(decode("?run=gd")[0], None)
    assert not [tr for tr in loss["data"] if tr.get("line", {}).get("dash") == "dash"]


def test_tune_alpha_picks_the_best_of_the_sweep():
    from app.analysis import tune_alpha, tune_alphas
    scene, _ = decode("?surface=narrow_valley&run=gd,alpha=0.1&run=adam&steps=200")
    new = tune_alpha(scene, 0)
    a = new.runs[0].values["alpha"]
    assert (new.view, new.sweep_run, new.outcome) == ("sweep", 0, "final_loss")
    assert new.runs[1] == scene.runs[1]
    grid = tune_alphas(0.1)
    assert len(grid) == 40 and grid[0] == pytest.approx(1e-3) and grid[-1] == pytest.approx(10)
    # the stable limit is 2/λmax = 2: the best α is near α* and much better than the start
    res = run_many(scene.landscape, [{"method": "gd", "alpha": 0.1}, {"method": "gd", "alpha": a}], steps=200)
    assert 1.0 < a < 2.0
    assert np.asarray(res.loss)[1, -1] < 1e-3 * np.asarray(res.loss)[0, -1]
    assert decode(encode(new))[0] == new
