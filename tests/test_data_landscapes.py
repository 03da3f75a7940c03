"""Tests of `landscapes.data`: the lecture's loss functions over (w, b) of a model fitted to data.

Values against hand-computed ones on a 3-point data set, gradients against finite
differences, minima against optimality conditions and a dense grid, mini-batch estimates
against the full loss, data sets against their seeds.
"""
from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest

from conftest import fd_gradient, grid, random_points
import landscapes
from landscapes import Landscape, Minimum, data
from params import Param

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

NAMES = landscapes.names("data")
LINREG = [n for n in NAMES if n.startswith("linreg_")]
# a few non-default settings on top of the defaults
VARIANTS = {
    "linreg_mse": [dict(n=8, noise=3.0, outliers=1, data_seed=5), dict(n=200, noise=0.0)],
    "linreg_mae": [dict(n=8, noise=0.5, data_seed=2), dict(n=200, outliers=1, data_seed=3)],
    "linreg_l2": [dict(n=17, noise=2.0, outliers=1, data_seed=4)],
    "linreg_l1": [dict(n=31, noise=0.0, outliers=1), dict(n=9, noise=2.5, data_seed=7)],
    "linreg_huber": [dict(delta=0.1, outliers=1), dict(delta=10.0, n=8, data_seed=1), dict(n=120, noise=3.0, delta=0.3)],
    "logreg": [dict(overlap=0.25, n=200), dict(overlap=3.0, n=8, data_seed=3), dict(n=9, overlap=1.0, data_seed=11)],
}
CASES = [(n, {}) for n in NAMES] + [(n, p) for n in NAMES for p in VARIANTS[n]]
IDS = [n + "".join(f"-{k}{v:g}" for k, v in p.items()) for n, p in CASES]
LOSS = {"linreg_mse": "mse", "linreg_mae": "mae", "linreg_l2": "l2", "linreg_l1": "l1",
        "linreg_huber": "huber", "logreg": "bce"}


# --------------------------------------------------------------------------- by hand

X3, Y3 = np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 5.0])
# (w, b) -> residuals r = w x + b - y: (1, 1) -> (0, 0, -2); (2, 0) -> (-1, 0, -1)
HAND = {  # loss: [((w, b), J, dJ/dw, dJ/db), ...]
    "mse": [((1, 1), 4 / 3, -8 / 3, -4 / 3), ((2, 0), 2 / 3, -4 / 3, -4 / 3)],
    "mae": [((1, 1), 2 / 3, -2 / 3, -1 / 3), ((2, 0), 2 / 3, -2 / 3, -2 / 3)],
    "l2": [((1, 1), 2.0, -2.0, -1.0), ((2, 0), math.sqrt(2), -2 / math.sqrt(2), -2 / math.sqrt(2))],
    "l1": [((1, 1), 2.0, -2.0, -1.0), ((2, 0), 2.0, -2.0, -2.0)],
    "huber": [((1, 1), 0.5, -2 / 3, -1 / 3), ((2, 0), 1 / 3, -2 / 3, -2 / 3)],
}
# minima on the 3 points: least squares w = 2, b = 2/3, MSE = 2/9; least absolute deviations:
# the line through (0, 1) and (2, 5), w = 2, b = 1, Σ|r| = 1
HAND_MIN = {"mse": (2, 2 / 3, 2 / 9), "l2": (2, 2 / 3, math.sqrt(2 / 3)), "mae": (2, 1, 1 / 3),
            "l1": (2, 1, 1.0)}


@pytest.mark.parametrize("loss", list(HAND))
def test_three_points_by_hand(loss):
    ls = data.regression(X3, Y3, loss)
    for (w, b), J, gw, gb in HAND[loss]:
        assert ls.f(float(w), float(b)) == pytest.approx(J, rel=1e-14, abs=1e-14)
        g = ls.grad(float(w), float(b))
        assert g[0] == pytest.approx(gw, rel=1e-14, abs=1e-14) and g[1] == pytest.approx(gb, rel=1e-14, abs=1e-14)
        idx = np.array([[0, 1, 2]])
        assert ls.batch_loss(np.array([w], float), np.array([b], float), idx)[0] == pytest.approx(J, rel=1e-14)
    if loss in HAND_MIN:
        w, b, v = HAND_MIN[loss]
        (m,) = ls.minima
        assert (m.x, m.y, m.value) == pytest.approx((w, b, v), rel=1e-14, abs=1e-14)


def test_bce_three_points_by_hand():
    X, Y = np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 0.0])
    ls = data.classification(X, Y)
    sig = lambda t: 1 / (1 + math.exp(-t))
    # w = 1, b = 0: z = (0, 1, 2); the slide's formula with the bracket restored
    yhat = [sig(0), sig(1), sig(2)]
    J = -sum(y * math.log(p) + (1 - y) * math.log(1 - p) for y, p in zip(Y, yhat)) / 3
    assert ls.f(1.0, 0.0) == pytest.approx(J, rel=1e-14)
    assert J == pytest.approx((math.log(2) + math.log(1 + math.exp(-1)) + math.log(1 + math.exp(2))) / 3)
    gw, gb = ls.grad(1.0, 0.0)
    assert gw == pytest.approx((sig(1) - 1 + 2 * sig(2)) / 3, rel=1e-14)
    assert gb == pytest.approx((0.5 + sig(1) - 1 + sig(2)) / 3, rel=1e-14)
    # the minimum: zero gradient (by symmetry-free Newton), below the grid
    (m,) = ls.minima
    assert np.abs(ls.grad(m.x, m.y)).max() < 1e-14
    np.testing.assert_allclose(ls.model(1.0, 0.0, X), yhat, rtol=1e-15)


def test_bce_matches_the_slide_formula_and_is_stable():
    ls = landscapes.get("logreg")
    X, Y = ls.data
    w, b = random_points(ls, 50, seed=4)
    p = 1 / (1 + np.exp(-(w[:, None] * X + b[:, None])))
    slide = -(Y * np.log(p) + (1 - Y) * np.log(1 - p)).mean(axis=1)
    np.testing.assert_allclose(ls.f(w, b), slide, rtol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        far = np.array([1e3, -1e3, 1e6, 1e300])
        v = ls.f(far, far)
        g = ls.grad(far, far)
    assert np.isfinite(v).all() and all(np.isfinite(a).all() for a in g)
    assert (v > 1).all()                    # confidently wrong on some examples: a large loss


def test_losses_are_related_as_in_the_slides():
    kw = dict(n=40, noise=1.0, outliers=1, data_seed=2)
    mse, mae, l2, l1 = (landscapes.get(f"linreg_{k}", **kw) for k in ("mse", "mae", "l2", "l1"))
    w, b = random_points(mse, 300, seed=1)
    n = 40
    np.testing.assert_allclose(l2.f(w, b), np.sqrt(n * mse.f(w, b)), rtol=1e-12)
    np.testing.assert_allclose(l1.f(w, b), n * mae.f(w, b), rtol=1e-12)
    X, Y = mse.data
    r = w[:, None] * X + b[:, None] - Y
    np.testing.assert_allclose(mse.f(w, b), (r ** 2).mean(axis=1), rtol=1e-11)   # no square root
    np.testing.assert_allclose(mae.f(w, b), np.abs(r).mean(axis=1), rtol=1e-12)
    # same argmin for MSE and L2, for MAE and L1
    assert (mse.minima[0].x, mse.minima[0].y) == (l2.minima[0].x, l2.minima[0].y)
    assert (mae.minima[0].x, mae.minima[0].y) == (l1.minima[0].x, l1.minima[0].y)
    # Huber: MSE/2 where every |r| <= δ, δ (MAE − δ/2) where every |r| > δ
    hub = landscapes.get("linreg_huber", delta=10.0, **{**kw, "outliers": 0})
    m = landscapes.get("linreg_mse", **{**kw, "outliers": 0}).minima[0]
    assert np.abs(m.x * hub.data[0] + m.y - hub.data[1]).max() < 10
    assert hub.f(m.x, m.y) == pytest.approx(m.value / 2, rel=1e-12)
    tiny = landscapes.get("linreg_huber", delta=0.1, **kw)
    far_w, far_b = -2.5, -3.5
    assert (np.abs(far_w * X + far_b - Y) > 0.1).all()
    assert tiny.f(far_w, far_b) == pytest.approx(0.1 * (mae.f(far_w, far_b) - 0.05), rel=1e-12)


# --------------------------------------------------------------------------- registry, metadata

def test_registry_and_params():
    assert set(NAMES) == set(LOSS) and landscapes.names("data") == NAMES
    for name in NAMES:
        ps = landscapes.params(name)
        assert all(isinstance(p, Param) for p in ps) and len({p.name for p in ps}) == len(ps)
        assert {p.name for p in ps} >= {"n", "data_seed"}
        for p in ps:
            assert p.text.get("en") and p.text.get("uk") and p.tex
        n = {p.name: p for p in ps}["n"]
        assert (n.default, n.lo, n.hi, n.integer) == (40, 8, 200, True)
    # no clash with the names of methods and gradient sources (shared CLI flags and URL keys)
    from optim.registry import METHODS, SCHEDULES, SOURCE_PARAMS
    taken = ({p.name for m in METHODS.values() for p in m.params} | {p.name for p in SOURCE_PARAMS}
             | {p.name for s in SCHEDULES.values() for p in s.params})
    assert not taken & {p.name for n in NAMES for p in landscapes.params(n)}
    assert [p.name for p in landscapes.params("linreg_huber")] == ["n", "noise", "outliers", "data_seed", "delta"]
    assert [p.name for p in landscapes.params("logreg")] == ["n", "overlap", "data_seed"]
    with pytest.raises(ValueError, match=r"n=5 is outside its range \[8, 200\]"):
        landscapes.get("linreg_mse", n=5)
    with pytest.raises(ValueError, match="n must be a whole number"):
        landscapes.get("linreg_mse", n=20.5)
    with pytest.raises(ValueError, match="no parameter 'delta'"):
        landscapes.get("linreg_mse", delta=2)
    assert landscapes.get("logreg", n=50) is landscapes.get("logreg", n=50.0, overlap=0.5)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_metadata(name, params):
    ls = landscapes.get(name, **params)
    assert isinstance(ls, Landscape) and ls.name == name
    assert ls.title and ls.title_uk and ls.formula_tex and ls.reference
    specs = landscapes.params(name)
    assert ls.params == {p.name: float(params.get(p.name, p.default)) for p in specs}
    X, Y = ls.data
    n = int(ls.params["n"])
    assert X.shape == Y.shape == (n,) and X.dtype == Y.dtype == np.float64
    assert not X.flags.writeable and not Y.flags.writeable
    if name == "logreg":
        assert set(np.unique(Y)) == {0.0, 1.0}
        assert not (X[Y == 0].max() < X[Y == 1].min() or X[Y == 1].max() < X[Y == 0].min())  # not separable
    (x0, x1), (y0, y1) = ls.bounds
    (m,) = ls.minima
    assert isinstance(m, Minimum) and m.is_global and all(type(v) is float for v in (m.x, m.y, m.value))
    assert x0 < m.x < x1 and y0 < m.y < y1
    sx, sy = ls.start
    assert x0 < sx < x1 and y0 < sy < y1
    assert np.hypot(sx - m.x, sy - m.y) > 0.2 * min(x1 - x0, y1 - y0)
    assert np.hypot(*ls.grad(sx, sy)) > 1e-2
    assert ls.bounded_below and callable(ls.batch_grad) and callable(ls.batch_loss) and callable(ls.model)
    hash(ls)
    # the percentile rule of the analytic landscapes (p90/p10 of f − f* > 20), on a coarse grid
    d = ls.f(*grid(ls, data._LOG_GRID)) - ls.f_min
    p10, p90 = np.percentile(d, [10, 90])
    assert ls.log_scale == bool(p10 > 0 and p90 / p10 > 20)


def test_default_window_is_stable_under_the_sliders():
    """The usual settings share one window, so dragging a slider does not move the picture."""
    for name in LINREG:
        for n, noise, out, seed in itertools.product((20, 40, 200), (0.0, 1.0), (0, 1), (0, 1)):
            ls = landscapes.get(name, n=n, noise=noise, outliers=out, data_seed=seed)
            assert ls.bounds == ((-3.0, 5.0), (-4.0, 5.0)), (name, n, noise, out, seed)
    for n, ov, seed in itertools.product((20, 40, 200), (0.25, 0.5, 1.0, 2.0), (0, 1)):
        assert landscapes.get("logreg", n=n, overlap=ov, data_seed=seed).bounds == ((-4.0, 5.0), (-5.0, 4.0))


def test_mse_is_the_quadratic_it_claims():
    ls = landscapes.get("linreg_mse")
    X, _ = ls.data
    H = 2 * np.array([[np.mean(X * X), np.mean(X)], [np.mean(X), 1.0]])
    lo, hi = ls.quadratic
    np.testing.assert_allclose((lo, hi), np.linalg.eigvalsh(H), rtol=1e-12)
    assert hi / lo > 10                      # x is not centred: a tilted, narrow valley
    assert all(landscapes.get(n).quadratic is None for n in NAMES if n != "linreg_mse")


# --------------------------------------------------------------------------- gradients

@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_gradient_matches_finite_differences(name, params):
    ls = landscapes.get(name, **params)
    w, b = random_points(ls, 300, seed=2)
    X, Y = ls.data
    gw, gb = ls.grad(w, b)
    if LOSS[name] in ("mae", "l1"):
        # piecewise linear: central differences are exact unless a kink lies within h
        h = 1e-6
        r = w[:, None] * X + b[:, None] - Y
        ok = (np.abs(r) > 10 * h * (1 + np.abs(X))).all(axis=1)
        assert ok.mean() > 0.9
        fdw = (ls.f(w + h, b) - ls.f(w - h, b)) / (2 * h)
        fdb = (ls.f(w, b + h) - ls.f(w, b - h)) / (2 * h)
        scale = np.abs(ls.f(w, b)).max() * 1e-15 / h + 1e-12
        np.testing.assert_allclose(gw[ok], fdw[ok], rtol=1e-6, atol=scale)
        np.testing.assert_allclose(gb[ok], fdb[ok], rtol=1e-6, atol=scale)
        return
    h = 1e-4
    f = ls.f
    fdw, fdb = fd_gradient(f, w, b, h)
    atol = 1e-12 * (np.abs(f(w, b)).max() + 1) / h
    ok = np.ones(w.shape, bool)
    if LOSS[name] == "huber":   # skip points with a residual within 2h·(1 + |x|) of ±δ (a kink of J'')
        r = np.abs(w[:, None] * X + b[:, None] - Y)
        ok = (np.abs(r - ls.params["delta"]) > 3 * h * (1 + np.abs(X))).all(axis=1)
        assert ok.mean() > 0.8
    np.testing.assert_allclose(gw[ok], fdw[ok], rtol=1e-6, atol=atol)
    np.testing.assert_allclose(gb[ok], fdb[ok], rtol=1e-6, atol=atol)


@pytest.mark.parametrize("name", NAMES)
def test_shapes_scalars_and_inputs_untouched(name):
    ls = landscapes.get(name)
    W, B = grid(ls, 7)
    F = ls.f(W, B)
    GW, GB = ls.grad(W, B)
    assert F.shape == GW.shape == GB.shape == W.shape and F.dtype == np.float64
    np.testing.assert_array_equal(ls.f(W[:1, :], B[:, :1]), F)          # broadcasting
    f0, (g0, h0) = ls.f(float(W[2, 3]), float(B[2, 3])), ls.grad(float(W[2, 3]), float(B[2, 3]))
    assert np.ndim(f0) == 0 and isinstance(f0, np.float64) and isinstance(g0, np.float64)
    assert f0 == pytest.approx(F[2, 3], rel=1e-13) and (g0, h0) == pytest.approx((GW[2, 3], GB[2, 3]), rel=1e-12)
    Wc = W.copy()
    ls.f(W, B)
    ls.grad(W, B)
    np.testing.assert_array_equal(W, Wc)
    assert ls.value(1, 2).dtype == np.float64
    # a large grid is evaluated in bounded memory (chunks), with the same values
    big_w = np.linspace(-3, 5, 300 * 300).reshape(300, 300)
    v = ls.f(big_w, 0.5)
    np.testing.assert_allclose(v[::97, ::89], ls.f(big_w[::97, ::89], 0.5), rtol=1e-13)


# --------------------------------------------------------------------------- minima

def _directional_derivatives(ls, m):
    """min over all directions d of f'(m; d) for Σ|r| (exact: check the breakpoints d ⊥ (x_i, 1))."""
    X, Y = ls.data
    r = m.x * X + m.y - Y
    active = np.abs(r) <= 1e-9 * (1 + np.abs(Y).max())
    A = np.stack([X, np.ones_like(X)], axis=1)
    angles = np.concatenate([np.arctan2(-A[:, 0], A[:, 1]), np.linspace(0, np.pi, 181)])
    angles = np.concatenate([angles, angles + np.pi])
    D = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    AD = D @ A.T                                            # (directions, n)
    dd = (np.sign(r) * ~active * AD).sum(axis=1) + (np.abs(AD) * active).sum(axis=1)
    return dd.min(), active.sum()


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_minimum_is_stationary(name, params):
    ls = landscapes.get(name, **params)
    (m,) = ls.minima
    assert m.value == float(ls.f(m.x, m.y))
    loss = LOSS[name]
    if loss in ("mae", "l1"):
        worst, n_active = _directional_derivatives(ls, m)
        assert n_active >= 2                                # a vertex: a line through two points
        assert worst >= -1e-9, worst                        # no descent direction: 0 ∈ ∂J
        return
    if loss == "l2" and m.value < 1e-6:                     # a perfect fit: the cone's tip
        assert ls.grad(m.x, m.y) == (0.0, 0.0) or np.hypot(*ls.grad(m.x, m.y)) <= math.sqrt(ls.params["n"]) * 3
        return
    gw, gb = ls.grad(m.x, m.y)
    X, _ = ls.data
    scale = 1 + np.abs(X).max()
    assert np.hypot(gw, gb) <= 1e-13 * scale * (1 + abs(m.x) + abs(m.y)), (gw, gb)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_minimum_is_below_a_densegrid(name, params):
    ls = landscapes.get(name, **params)
    vals = ls.f(*grid(ls, 201))
    assert vals.min() >= ls.f_min - 1e-12 * (1 + abs(ls.f_min))
    assert vals.min() - ls.f_min <= 1e-2 * (np.percentile(vals, 50) - ls.f_min)
    # and below random points near it
    m = ls.minima[0]
    rng = np.random.default_rng(3)
    for eps in (1e-3, 1e-6):
        near = ls.f(m.x + eps * rng.standard_normal(200), m.y + eps * rng.standard_normal(200))
        assert near.min() >= ls.f_min - 1e-13 * (1 + abs(ls.f_min))


def test_minimum_of_noiseless_data_is_the_true_line():
    for name in LINREG:
        m = landscapes.get(name, noise=0.0).minima[0]
        assert abs(m.x - 2) < 1e-12 and abs(m.y - 1) < 1e-12 and m.value < 1e-12


def test_outliers_pull_mse_much_more_than_mae():
    for seed in range(5):
        shift = {}
        for name in ("linreg_mse", "linreg_mae", "linreg_huber"):
            a = landscapes.get(name, data_seed=seed).minima[0]
            b = landscapes.get(name, data_seed=seed, outliers=1).minima[0]
            shift[name] = math.hypot(a.x - b.x, a.y - b.y)
        assert shift["linreg_mse"] > 3 * shift["linreg_mae"], shift
        assert shift["linreg_mse"] > shift["linreg_huber"] > shift["linreg_mae"] / 2, shift


# --------------------------------------------------------------------------- mini-batches

@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_full_batch_is_the_exact_loss_and_gradient(name, params):
    ls = landscapes.get(name, **params)
    w, b = random_points(ls, 64, seed=5)
    n = len(ls.data[0])
    rng = np.random.default_rng(1)
    idx = np.stack([rng.permutation(n) for _ in range(64)])        # every example, any order
    np.testing.assert_allclose(ls.batch_loss(w, b, idx), ls.f(w, b), rtol=1e-12, atol=1e-13)
    gw, gb = ls.batch_grad(w, b, idx)
    fw, fb = ls.grad(w, b)
    scale = 1e-12 * (1 + np.abs(fw).max() + np.abs(fb).max())
    np.testing.assert_allclose(gw, fw, rtol=1e-11, atol=scale)
    np.testing.assert_allclose(gb, fb, rtol=1e-11, atol=scale)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("B", [1, 2, 3])
def test_batch_estimates_are_unbiased(name, B):
    """The mean over all batches of B examples is the full loss and gradient (but for L2)."""
    kw = {"n": 9, "data_seed": 4}
    if name != "logreg":
        kw["outliers"] = 1
    ls = landscapes.get(name, **kw)
    batches = np.array(list(itertools.combinations(range(9), B)))
    K = len(batches)
    w, b = np.full(K, 0.3), np.full(K, -0.7)
    gw, gb = ls.batch_grad(w, b, batches)
    L = ls.batch_loss(w, b, batches)
    fw, fb = ls.grad(0.3, -0.7)
    if LOSS[name] == "l2":   # √ of an unbiased estimate: exact for B = n only, biased low (Jensen)
        assert L.mean() < ls.f(0.3, -0.7)
        return
    assert L.mean() == pytest.approx(ls.f(0.3, -0.7), rel=1e-12)
    assert gw.mean() == pytest.approx(fw, rel=1e-12, abs=1e-13)
    assert gb.mean() == pytest.approx(fb, rel=1e-12, abs=1e-13)


def test_batch_grad_by_hand_and_many_runs():
    ls = data.regression(X3, Y3, "l1")
    # batch {2} of one example at (1, 1): r = -2, scaled by n/B = 3
    gw, gb = ls.batch_grad(np.array([1.0]), np.array([1.0]), np.array([[2]]))
    assert (gw[0], gb[0]) == (-6.0, -3.0)
    assert ls.batch_loss(np.array([1.0]), np.array([1.0]), np.array([[2]]))[0] == 6.0
    ls = data.regression(X3, Y3, "l2")
    L = ls.batch_loss(np.array([1.0]), np.array([1.0]), np.array([[2, 0]]))   # √(3/2 · (4 + 0))
    assert L[0] == pytest.approx(math.sqrt(6))
    # 10,000 runs of batches of 200 (in bounded memory) and of different sizes per call
    big = landscapes.get("linreg_huber", n=200)
    K = 10_000
    rng = np.random.default_rng(0)
    idx = rng.integers(0, 200, size=(K, 200))
    w, b = rng.uniform(-3, 5, K), rng.uniform(-4, 5, K)
    gw, gb = big.batch_grad(w, b, idx)
    assert gw.shape == gb.shape == (K,) and np.isfinite(gw).all()
    sub = slice(123, 130)
    gw2, gb2 = big.batch_grad(w[sub], b[sub], idx[sub])
    np.testing.assert_allclose(gw2, gw[sub], rtol=1e-13)
    with pytest.raises(ValueError, match="shape"):
        big.batch_grad(w[:3], b[:3], idx[:2])
    # one batch shared by every run, as the core passes it (a broadcast view): the same numbers
    for name in NAMES:
        ls = landscapes.get(name, n=60)
        shared = np.broadcast_to(rng.integers(0, 60, 7), (50, 7))
        for fn in (ls.batch_grad, ls.batch_loss):
            got = np.array(fn(w[:50], b[:50], shared))
            np.testing.assert_allclose(got, np.array(fn(w[:50], b[:50], np.ascontiguousarray(shared))), rtol=1e-14)


def test_minibatch_runs_in_the_optimizer_core():
    from optim import run, run_many
    ls = landscapes.get("linreg_mse")
    exact = run(ls, "gd", steps=60, alpha=0.1)
    both = run_many(ls, [{"method": "gd", "alpha": 0.1, "batch": 40},   # B = n: the exact gradient
                         {"method": "gd", "alpha": 0.1, "batch": 4}], steps=60)
    np.testing.assert_allclose(both.xy[0], exact.xy, rtol=1e-12)
    sgd = run(ls, "gd", steps=60, alpha=0.1, batch=4, seed=3)
    again = run(ls, "gd", steps=60, alpha=0.1, batch=4, seed=3)
    np.testing.assert_array_equal(sgd.xy, again.xy)
    assert np.abs(sgd.xy - exact.xy).max() > 1e-3
    # SGD hovers around the minimum; the loss is the full loss at each point
    m = ls.minima[0]
    long = run(ls, "gd", steps=800, alpha=0.05, batch=4, seed=1)
    assert np.hypot(long.xy[-1, 0] - m.x, long.xy[-1, 1] - m.y) < 0.6
    np.testing.assert_allclose(long.loss, ls.f(long.xy[:, 0], long.xy[:, 1]), rtol=1e-12)
    # logistic regression converges with the exact gradient
    lr = landscapes.get("logreg")
    res = run(lr, "momentum", steps=400, alpha=0.5, beta=0.9)
    assert np.hypot(res.xy[-1, 0] - lr.minima[0].x, res.xy[-1, 1] - lr.minima[0].y) < 1e-3


# --------------------------------------------------------------------------- data sets

def test_data_are_determined_by_the_seed_and_grow_with_n():
    a = landscapes.get("linreg_mse", data_seed=1, outliers=1)
    b = landscapes.get("linreg_mae", data_seed=1, outliers=1)
    np.testing.assert_array_equal(a.data[0], b.data[0])
    np.testing.assert_array_equal(a.data[1], b.data[1])
    X1, Y1 = data.regression_data(40, 1.0, 1, 1)
    np.testing.assert_array_equal(X1, a.data[0])
    X2, Y2 = data.regression_data(40, 1.0, 1, 2)
    assert not np.array_equal(X1, X2)
    # the first k examples do not depend on n (moving the n slider adds examples)
    Xs, Ys = data.regression_data(13, 1.0, 1, 1)
    np.testing.assert_array_equal(Xs, X1[:13])
    np.testing.assert_array_equal(Ys, Y1[:13])
    Xc, Yc = data.classification_data(100, 1.0, 3)
    Xd, Yd = data.classification_data(60, 1.0, 3)
    np.testing.assert_array_equal(Xd, Xc[:60])
    np.testing.assert_array_equal(Yd, Yc[:60])
    # outliers: every tenth example (i = 3, 13, ...) at x in [2.5, 3], 8 to 12 below the line
    X0, Y0 = data.regression_data(40, 1.0, 0, 1)
    moved = np.flatnonzero(Y0 != Y1)
    assert moved.tolist() == [3, 13, 23, 33]
    below = 2 * X1[moved] + 1 - Y1[moved]
    assert ((X1[moved] >= 2.5) & (X1[moved] <= 3)).all() and (below > 4).all()
    keep = np.setdiff1d(np.arange(40), moved)
    np.testing.assert_array_equal(X0[keep], X1[keep])
    # noise scales the same draws
    Xq, Yq = data.regression_data(40, 0.0, 0, 1)
    np.testing.assert_allclose(Yq, 2 * Xq + 1)
    np.testing.assert_allclose(data.regression_data(40, 2.0, 0, 1)[1] - Yq, 2 * (Y0 - Yq), rtol=1e-12)


def test_model_predictions():
    ls = landscapes.get("linreg_mse")
    xs = np.linspace(0, 3, 5)
    np.testing.assert_allclose(ls.model(2.0, 1.0, xs), 2 * xs + 1)
    P = ls.model(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, -1.0]), xs)
    assert P.shape == (3, 5)
    np.testing.assert_allclose(P[2], 3 * xs - 1)
    lr = landscapes.get("logreg")
    P = lr.model(np.array([1.0, -50.0]), np.array([0.5, 100.0]), xs)
    np.testing.assert_allclose(P[0], 1 / (1 + np.exp(-(xs + 0.5))), rtol=1e-14)
    assert ((P > 0) & (P <= 1)).all() and P[1, -1] > 0                 # no underflow to exactly 0 / 1 junk


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown loss"):
        data.regression(X3, Y3, "hinge")
    with pytest.raises(ValueError, match="classification"):
        data.regression(X3, Y3, "bce")
    with pytest.raises(ValueError, match="same length"):
        data.regression(X3, Y3[:2])
    with pytest.raises(ValueError, match="labels 0 and 1"):
        data.classification(X3, Y3)
    with pytest.raises(ValueError, match="delta"):
        data.regression(X3, Y3, "huber", delta=0.0)
    with pytest.raises(ValueError, match="two different values"):
        data.regression([1.0, 1.0, 1.0], Y3)
    with pytest.raises(ValueError, match="finite"):
        data.regression([0.0, 1.0, np.nan], Y3)
