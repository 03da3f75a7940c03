"""Tests of the `landscapes` package: registry, formulas, gradients, minima, broadcasting.

Every registered landscape is checked against an independent textbook formula (below),
its gradient against finite differences, and its minima against the published tables.
"""
from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from conftest import fd_gradient, grid, random_points
import landscapes
from landscapes import Landscape, Minimum
from params import Param

pytestmark = pytest.mark.filterwarnings("error")  # no RuntimeWarning at normal values

NAMES = landscapes.names("analytic")  # the data-driven ones: tests/test_data_landscapes.py
REQUIRED = ("rosenbrock", "saddle", "saddle_minima", "narrow_valley", "beale", "himmelblau",
            "booth", "goldstein_price", "six_hump_camel", "rastrigin", "ackley")
# narrow_valley variants (kappa, angle) on top of the defaults
VALLEYS = [(1.0, 0.0), (1000.0, 0.0), (50.0, 30.0), (10.0, -90.0), (200.0, 90.0), (7.0, -45.0)]
CASES = [(n, {}) for n in NAMES] + [("narrow_valley", {"kappa": k, "angle": a}) for k, a in VALLEYS]
IDS = [n if not p else f"{n}-k{p['kappa']:g}-a{p['angle']:g}" for n, p in CASES]


def _valley(x, y, kappa=50.0, angle=0.0):
    th = np.radians(angle)
    u = x * np.cos(th) + y * np.sin(th)
    v = -x * np.sin(th) + y * np.cos(th)
    return 0.5 * (u ** 2 / kappa + v ** 2)


# The textbook formulas, written as printed in the sources (no rearrangement).
TEXTBOOK = {
    "bowl": lambda x, y: x ** 2 + y ** 2,
    "narrow_valley": _valley,
    "booth": lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
    "matyas": lambda x, y: 0.26 * (x ** 2 + y ** 2) - 0.48 * x * y,
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2,
    "beale": lambda x, y: ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2
                           + (2.625 - x + x * y ** 3) ** 2),
    "saddle": lambda x, y: x ** 2 - y ** 2,
    "plateau": lambda x, y: 1 - np.exp(-(x ** 2 + y ** 2) / 2),
    "trap": lambda x, y: 0.1 * (x ** 2 + y ** 2) - 0.3 * np.exp(-4 * ((x - 2) ** 2 + (y - 1) ** 2)),
    "saddle_minima": lambda x, y: x ** 2 + (y ** 2 - 1) ** 2,
    "himmelblau": lambda x, y: (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2,
    "six_hump_camel": lambda x, y: ((4 - 2.1 * x ** 2 + x ** 4 / 3) * x ** 2 + x * y
                                    + (-4 + 4 * y ** 2) * y ** 2),
    "styblinski_tang": lambda x, y: 0.5 * ((x ** 4 - 16 * x ** 2 + 5 * x)
                                           + (y ** 4 - 16 * y ** 2 + 5 * y)),
    "goldstein_price": lambda x, y: (
        (1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x ** 2 - 14 * y + 6 * x * y + 3 * y ** 2))
        * (30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x ** 2 + 48 * y - 36 * x * y + 27 * y ** 2))),
    "rastrigin": lambda x, y: (20 + (x ** 2 - 10 * np.cos(2 * np.pi * x))
                               + (y ** 2 - 10 * np.cos(2 * np.pi * y))),
    "ackley": lambda x, y: (-20 * np.exp(-0.2 * np.sqrt(0.5 * (x ** 2 + y ** 2)))
                            - np.exp(0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y)))
                            + np.e + 20),
}

# Published minima: (x, y, f, is_global), coordinates and values to the digits printed
# in the sources (SB = sfu.ca/~ssurjano, JY = Jamil & Yang 2013), with the tolerance that
# precision allows (one unit of the last printed digit: some tables truncate).
PUBLISHED = {
    "bowl": ([(0, 0, 0, True)], 0, 0),
    "narrow_valley": ([(0, 0, 0, True)], 0, 0),
    "booth": ([(1, 3, 0, True)], 0, 0),
    "matyas": ([(0, 0, 0, True)], 0, 0),
    "rosenbrock": ([(1, 1, 0, True)], 0, 0),
    "beale": ([(3, 0.5, 0, True)], 1e-12, 1e-20),
    "plateau": ([(0, 0, 0, True)], 0, 0),
    "trap": ([(0, 0, 0, True), (1.8221, 0.9111, 0.1589, False)], 1e-4, 1e-4),    # ours: computed, not published
    "saddle": ([], 0, 0),
    "saddle_minima": ([(0, 1, 0, True), (0, -1, 0, True)], 0, 0),
    "himmelblau": ([(3, 2, 0, True), (-2.805118, 3.131312, 0, True),
                    (-3.779310, -3.283186, 0, True), (3.584428, -1.848126, 0, True)], 1e-6, 1e-20),
    "six_hump_camel": ([(0.0898, -0.7126, -1.031628453, True), (-0.0898, 0.7126, -1.031628453, True),
                        (-1.7036, 0.7961, -0.2155, False), (1.7036, -0.7961, -0.2155, False),
                        (1.6071, 0.5687, 2.1043, False), (-1.6071, -0.5687, 2.1043, False)], 1e-4, 1e-4),
    "goldstein_price": ([(0, -1, 3, True), (-0.6, -0.4, 30, False), (1.8, 0.2, 84, False),
                         (1.2, 0.8, 840, False)], 1e-12, 1e-9),
    "styblinski_tang": ([(-2.903534, -2.903534, -78.33233, True), (-2.903534, 2.746803, -64.19561, False),
                         (2.746803, -2.903534, -64.19561, False), (2.746803, 2.746803, -50.05889, False)],
                        1e-6, 1e-5),
    "rastrigin": ([(0, 0, 0, True)], 0, 0),
    "ackley": ([(0, 0, 0, True)], 0, 0),
}
GLOBAL_VALUE_DIGITS = {"six_hump_camel": 1e-9}  # JY: −1.0316284535; SB: −1.0316


def _get(name, params):
    return landscapes.get(name, **params)


def _hessian(ls, x, y, h=1e-5):
    gxp, gyp = ls.grad(np.float64(x + h), np.float64(y))
    gxm, gym = ls.grad(np.float64(x - h), np.float64(y))
    gxq, gyq = ls.grad(np.float64(x), np.float64(y + h))
    gxr, gyr = ls.grad(np.float64(x), np.float64(y - h))
    hess = np.array([[gxp - gxm, gxq - gxr], [gyp - gym, gyq - gyr]]) / (2 * h)
    return 0.5 * (hess + hess.T)


# --------------------------------------------------------------------------- registry

def test_names_are_unique_snake_case_and_complete():
    assert len(NAMES) == len(set(NAMES))
    for n in NAMES:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", n), n
    assert set(REQUIRED) <= set(NAMES)
    assert tuple(landscapes.REGISTRY) == landscapes.names()
    assert NAMES == landscapes.names()[:len(NAMES)]          # analytic ones first
    others = {n for kind in ("online", "data", "network") for n in landscapes.names(kind)}
    assert others | set(NAMES) == set(landscapes.names()) and not others & set(NAMES)


def test_params_specs():
    for n in NAMES:
        ps = landscapes.params(n)
        assert isinstance(ps, tuple) and all(isinstance(p, Param) for p in ps)
        assert len({p.name for p in ps}) == len(ps)
        for p in ps:
            assert p.text.get("en") and p.text.get("uk") and p.tex
    kappa, angle = landscapes.params("narrow_valley")
    assert (kappa.name, kappa.default, kappa.lo, kappa.hi, kappa.scale) == ("kappa", 50, 1, 1000, "log")
    assert (angle.name, angle.default, angle.lo, angle.hi, angle.scale) == ("angle", 0, -90, 90, "lin")
    assert landscapes.params("rosenbrock") == ()
    with pytest.raises(ValueError, match="rosenbrock"):
        landscapes.params("nope")


def test_get_caches():
    assert landscapes.get("rosenbrock") is landscapes.get("rosenbrock")
    v = landscapes.get("narrow_valley")
    assert v is landscapes.get("narrow_valley", kappa=50) is landscapes.get("narrow_valley", angle=0.0, kappa=50.0)
    w = landscapes.get("narrow_valley", kappa=100, angle=30)
    assert w is not v and w is landscapes.get("narrow_valley", angle=30, kappa=100.0)
    assert w.params == {"kappa": 100.0, "angle": 30.0}
    assert v.params == {"kappa": 50.0, "angle": 0.0}
    assert len({landscapes.get(n) for n in NAMES} | {v, w}) == len(NAMES) + 1  # hashable


def test_get_errors():
    with pytest.raises(ValueError, match="unknown landscape 'nope'.*rosenbrock.*ackley"):
        landscapes.get("nope")
    with pytest.raises(ValueError, match="unknown landscape"):
        landscapes.get(None)
    with pytest.raises(ValueError, match="takes no parameters.*'kappa'"):
        landscapes.get("rosenbrock", kappa=3)
    with pytest.raises(ValueError, match="no parameter 'kapa'.*kappa, angle"):
        landscapes.get("narrow_valley", kapa=3)
    with pytest.raises(ValueError, match=r"kappa=0.5 is outside its range \[1, 1000\]"):
        landscapes.get("narrow_valley", kappa=0.5)
    with pytest.raises(ValueError, match=r"angle=120 is outside its range \[-90, 90\]"):
        landscapes.get("narrow_valley", angle=120)
    with pytest.raises(ValueError, match="kappa must be a number"):
        landscapes.get("narrow_valley", kappa="steep")
    with pytest.raises(ValueError, match="kappa must be finite"):
        landscapes.get("narrow_valley", kappa=float("nan"))


# --------------------------------------------------------------------------- metadata

@pytest.mark.parametrize("name", NAMES)
def test_metadata(name):
    ls = landscapes.get(name)
    assert isinstance(ls, Landscape) and ls.name == name
    assert ls.title and ls.title_uk and ls.formula_tex and ls.reference
    assert ls.params == {p.name: p.default for p in landscapes.params(name)}
    (x0, x1), (y0, y1) = ls.bounds
    assert x0 < x1 and y0 < y1
    doc = landscapes.REGISTRY[name].factory.__doc__
    assert doc and "Domain" in doc and "inim" in doc  # formula, domain, minima, source
    assert ls.bounded_below == (name != "saddle")
    assert all(isinstance(m, Minimum) for m in ls.minima)
    assert all(type(v) is float for m in ls.minima for v in (m.x, m.y, m.value))


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_start_is_a_good_demo(name, params):
    ls = _get(name, params)
    (x0, x1), (y0, y1) = ls.bounds
    sx, sy = ls.start
    assert x0 < sx < x1 and y0 < sy < y1
    gx, gy = ls.grad(np.float64(sx), np.float64(sy))
    assert np.hypot(gx, gy) > 1e-3                       # not at a stationary point
    for m in ls.minima:
        assert np.hypot(sx - m.x, sy - m.y) > 0.05 * min(x1 - x0, y1 - y0)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_log_scale_rule(name, params):
    """log_scale where f − f_min spans over a decade across most of the window (p90/p10 > 20)."""
    ls = _get(name, params)
    if not ls.bounded_below:
        assert not ls.log_scale
        return
    d = ls.f(*grid(ls, 201)) - ls.f_min
    p10, p90 = np.percentile(d, [10, 90])
    if name == "narrow_valley":  # one setting for every κ, chosen for the default κ = 50
        assert ls.log_scale
    else:
        assert ls.log_scale == (p90 / p10 > 20), (p90 / p10)


# --------------------------------------------------------------------------- formulas

@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_f_matches_textbook_formula(name, params):
    ls = _get(name, params)
    x, y = random_points(ls, 2000, seed=1)
    ref = TEXTBOOK[name](x, y, **params)
    scale = np.abs(ls.f(*grid(ls, 51))).max()
    np.testing.assert_allclose(ls.f(x, y), ref, rtol=1e-12, atol=1e-13 * scale)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_grad_matches_finite_differences(name, params):
    ls = _get(name, params)
    x, y = random_points(ls, 500, seed=2)
    (x0, x1), (y0, y1) = ls.bounds
    h = 1e-4 * max(x1 - x0, y1 - y0)
    f = ls.f
    fdx, fdy = fd_gradient(f, x, y, h)
    gx, gy = ls.grad(x, y)
    # round-off of the difference quotient: a few ulps of f over h
    atol = 1e-13 * (np.abs(f(x, y)) + 1.0) / h
    np.testing.assert_allclose(gx, fdx, rtol=1e-6, atol=atol.max())
    np.testing.assert_allclose(gy, fdy, rtol=1e-6, atol=atol.max())


# --------------------------------------------------------------------------- minima

@pytest.mark.parametrize("name", NAMES)
def test_minima_match_published_tables(name):
    ls = landscapes.get(name)
    table, xtol, vtol = PUBLISHED[name]
    assert len(ls.minima) == len(table)
    for m, (px, py, pv, pg) in zip(ls.minima, table):
        assert abs(m.x - px) <= xtol and abs(m.y - py) <= xtol, (m, px, py)
        assert abs(m.value - pv) <= vtol, (m, pv)
        assert m.is_global == pg
        assert m.value == float(ls.f(m.x, m.y))
    glob = [m.value for m in ls.minima if m.is_global]
    if ls.minima:
        assert ls.minima[0].is_global                     # global ones first
        assert [m.is_global for m in ls.minima] == sorted((m.is_global for m in ls.minima), reverse=True)
        assert max(glob) - min(glob) <= 1e-12 * (1 + abs(min(glob)))
        assert ls.f_min == min(glob)
        assert all(m.value >= ls.f_min - 1e-12 for m in ls.minima)
    if name in GLOBAL_VALUE_DIGITS:
        assert abs(ls.f_min - table[0][2]) <= GLOBAL_VALUE_DIGITS[name]


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_gradient_vanishes_and_hessian_is_positive_at_minima(name, params):
    ls = _get(name, params)
    (x0, x1), (y0, y1) = ls.bounds
    for m in ls.minima:
        assert x0 <= m.x <= x1 and y0 <= m.y <= y1
        gx, gy = ls.grad(np.float64(m.x), np.float64(m.y))
        hess = _hessian(ls, m.x, m.y)
        lam = np.linalg.eigvalsh(hess)
        assert lam[0] > 0, (m, lam)                       # a minimum, not a saddle
        # |∇f| below what one ulp of the coordinates can produce through the Hessian
        assert np.hypot(gx, gy) <= 1e-13 * lam[-1] * (1 + abs(m.x) + abs(m.y)) + 1e-14, (m, gx, gy)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_global_minimum_is_below_a_densegrid(name, params):
    ls = _get(name, params)
    vals = ls.f(*grid(ls, 501))
    if not ls.bounded_below:
        assert ls.f_min is None and not ls.minima
        return
    assert vals.min() >= ls.f_min - 1e-12 * (1 + abs(ls.f_min))
    # and the grid gets close to it (the window shows the minimum)
    assert vals.min() - ls.f_min <= 1e-2 * (np.percentile(vals, 50) - ls.f_min)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_quadratic_spectrum(name, params):
    ls = _get(name, params)
    if ls.quadratic is None:
        return
    lo, hi = ls.quadratic
    assert 0 < lo <= hi
    x, y = random_points(ls, 3, seed=3)
    for a, b in zip(x, y):
        np.testing.assert_allclose(np.linalg.eigvalsh(_hessian(ls, a, b, h=1e-3)), [lo, hi], rtol=1e-7)


def test_quadratic_set_where_expected():
    expected = {"bowl": (2, 2), "narrow_valley": (1 / 50, 1), "booth": (2, 18), "matyas": (0.04, 1)}
    for n in NAMES:
        q = landscapes.get(n).quadratic
        if n in expected:
            np.testing.assert_allclose(q, expected[n], rtol=1e-12)
        else:
            assert q is None, n


@pytest.mark.parametrize("kappa,angle", VALLEYS + [(50.0, 0.0)])
def test_narrow_valley_geometry(kappa, angle):
    ls = landscapes.get("narrow_valley", kappa=kappa, angle=angle)
    assert ls.quadratic == pytest.approx((1 / kappa, 1.0))
    th = np.radians(angle)
    # along the valley floor (cos θ, sin θ) the curvature is 1/κ, across it 1
    t = 2.0
    assert ls.f(t * np.cos(th), t * np.sin(th)) == pytest.approx(0.5 * t * t / kappa, rel=1e-12)
    assert ls.f(-t * np.sin(th), t * np.cos(th)) == pytest.approx(0.5 * t * t, rel=1e-12)


# --------------------------------------------------------------------------- arrays

@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_shapes_dtypes_and_scalars(name, params):
    ls = _get(name, params)
    (x0, x1), (y0, y1) = ls.bounds
    xs = np.linspace(x0, x1, 7)[1:-1] + 0.013
    ys = np.linspace(y0, y1, 5)[1:-1] - 0.017
    X, Y = np.meshgrid(xs, ys)
    F = ls.f(X, Y)
    GX, GY = ls.grad(X, Y)
    for arr in (F, GX, GY):
        assert arr.shape == X.shape and arr.dtype == np.float64
    # (K, 1) with (1, M) broadcasts to (K, M), the same values
    for a, b in ((ys[:, None], xs[None, :]),):
        f2 = ls.f(b, a)
        g2 = ls.grad(b, a)
        assert f2.shape == X.shape and g2[0].shape == X.shape and g2[1].shape == X.shape
        np.testing.assert_array_equal(f2, F)
        np.testing.assert_array_equal(g2[0], GX)
        np.testing.assert_array_equal(g2[1], GY)
    # (K,) with a scalar
    f3 = ls.f(xs, float(ys[0]))
    g3 = ls.grad(xs, float(ys[0]))
    assert f3.shape == xs.shape and g3[0].shape == xs.shape and g3[1].shape == xs.shape
    np.testing.assert_array_equal(f3, F[0])
    # Python floats and 0-d arrays give float64 scalars with the same values
    i, j = 1, 2
    for x, y in ((float(X[i, j]), float(Y[i, j])), (np.array(X[i, j]), np.array(Y[i, j])),
                 (np.float64(X[i, j]), np.float64(Y[i, j]))):
        f0 = ls.f(x, y)
        g0 = ls.grad(x, y)
        assert np.ndim(f0) == 0 and np.asarray(f0).dtype == np.float64 and f0 == F[i, j]
        assert np.ndim(g0[0]) == 0 and np.ndim(g0[1]) == 0
        assert (g0[0], g0[1]) == (GX[i, j], GY[i, j])
    assert np.asarray(ls.value(x0, y0)).dtype == np.float64  # ints through the helper
    # inputs are never modified in place
    Xc, Yc = X.copy(), Y.copy()
    ls.f(X, Y)
    ls.grad(X, Y)
    np.testing.assert_array_equal(X, Xc)
    np.testing.assert_array_equal(Y, Yc)


@pytest.mark.parametrize("name,params", CASES, ids=IDS)
def test_extreme_inputs_do_not_raise(name, params):
    ls = _get(name, params)
    v = np.array([0.0, -0.0, 1e-300, -5e-324, 1e150, -1e200, 1e308, np.inf, -np.inf, np.nan])
    X, Y = np.meshgrid(v, v)
    with np.errstate(all="ignore"):
        F = ls.f(X, Y)
        GX, GY = ls.grad(X, Y)
    assert F.shape == GX.shape == GY.shape == X.shape
    # tiny inputs are normal values: finite and warning-free
    t = np.array([0.0, 1e-300, -1e-200, 5e-324, 1e-160])
    Tx, Ty = np.meshgrid(t, t)
    assert np.isfinite(ls.f(Tx, Ty)).all()
    assert all(np.isfinite(g).all() for g in ls.grad(Tx, Ty))


def test_ackley_origin():
    ls = landscapes.get("ackley")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ls.f(0.0, 0.0) == 0.0
        gx, gy = ls.grad(np.zeros(3), np.zeros(3))
        assert (gx == 0).all() and (gy == 0).all()
        gx, gy = ls.grad(0.0, 0.0)
        assert gx == 0.0 and gy == 0.0
        # next to the cone tip the gradient has the cone's slope 2√2
        gx, gy = ls.grad(1e-9, 0.0)
        assert gx == pytest.approx(2 * np.sqrt(2), rel=1e-6)


def test_convergence_on_the_bowl():
    """GD with α = 0.25 on x² + y² halves the distance every step."""
    ls = landscapes.get("bowl")
    x, y = np.array(ls.start)
    for _ in range(60):
        gx, gy = ls.grad(x, y)
        x, y = x - 0.25 * gx, y - 0.25 * gy
    assert np.hypot(x, y) < 1e-17


def test_one_newton_solver_for_every_minimum():
    """landscapes.newton: the quadratic step from a nearby point lands on a quadratic's
    minimum; a singular Hessian says so instead of stepping; f never goes up."""
    from landscapes.newton import newton
    grad = lambda x, y: (2 * (x - 1) + y, 2 * y + x)                     # noqa: E731 - f = (x-1)² + xy + y²
    f = lambda x, y: (x - 1) ** 2 + x * y + y ** 2                       # noqa: E731
    x, y, ok = newton(grad, 3.0, -2.0, f=f)
    assert ok and (x, y) == pytest.approx((4 / 3, -2 / 3), abs=1e-12)
    _, _, ok = newton(lambda x, y: (np.float64(1.0), np.float64(0.0)), 0.0, 0.0, hess=lambda x, y: [[0, 0], [0, 0]])
    assert not ok
    x, y, ok = newton(lambda x, y: (4 * x ** 3, 2 * y), 1.0, 1.0, f=lambda x, y: x ** 4 + y ** 2, steps=100)
    assert ok and abs(x) < 1e-3 and abs(y) < 1e-12
