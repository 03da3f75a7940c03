"""The optimizer core: exact update rules, vectorization, noise, divergence, errors."""
import math
import zlib

import numpy as np
import pytest

import landscapes
from optim import METHODS, SOURCE_PARAMS, get_method, run, run_many
from optim.reference import reference_run


class Quadratic:
    """f = ½(x² + 4y²): gradient (x, 4y). Simple enough to work steps out by hand."""
    name = "quadratic"
    start = (1.0, 1.0)

    @staticmethod
    def f(x, y):
        return 0.5 * (x * x + 4 * y * y)

    @staticmethod
    def grad(x, y):
        return 1.0 * x, 4.0 * y


Q = Quadratic()


def steps_of(method, n=2, **hp):
    return run(Q, method, start=(1.0, 1.0), steps=n, **hp).xy


# --- every method against steps worked out by hand on Q from (1, 1) ----------------------

def test_gd_by_hand():
    # g0 = (1, 4): W1 = (1 - .1, 1 - .4); g1 = (.9, 2.4): W2 = (.9 - .09, .6 - .24)
    np.testing.assert_allclose(steps_of("gd", alpha=0.1), [[1, 1], [0.9, 0.6], [0.81, 0.36]], atol=1e-15)


def test_momentum_by_hand():
    # p1 = g0 = (1, 4), W1 = (.9, .6); g1 = (.9, 2.4), p2 = .9(1, 4) + g1 = (1.8, 6), W2 = W1 - .1 p2
    np.testing.assert_allclose(steps_of("momentum", alpha=0.1, beta=0.9), [[1, 1], [0.9, 0.6], [0.72, 0.0]],
                               atol=1e-15)


def test_nesterov_by_hand():
    # p1 = (1, 4), W1 = W0 - .1 (g0 + .9 p1) = (.81, .24); g1 = (.81, .96), p2 = (1.71, 4.56),
    # W2 = W1 - .1 (g1 + .9 p2) = (.81 - .2349, .24 - .5064)
    np.testing.assert_allclose(steps_of("nesterov", alpha=0.1, beta=0.9),
                               [[1, 1], [0.81, 0.24], [0.5751, -0.2664]], atol=1e-14)


def test_adagrad_by_hand():
    eps = 1e-10
    # r1 = (1, 16): W1 = 1 - .1 g/(ε + √r) = (.9, .9) up to ε; g1 = (.9, 3.6), r2 = (1.81, 28.96)
    w1 = 1 - 0.1 * np.array([1 / (eps + 1), 4 / (eps + 4)])
    w2 = w1 - 0.1 * np.array([0.9, 3.6]) / (eps + np.sqrt([1.81, 28.96]))
    np.testing.assert_allclose(steps_of("adagrad", alpha=0.1, eps=eps), [[1, 1], w1, w2], atol=1e-15)


def test_rmsprop_first_step_is_alpha_over_sqrt_one_minus_rho():
    # r1 = (1 - ρ) g²: the first step is α g / √((1-ρ) g²) = α / √(1 - ρ) per coordinate
    xy = steps_of("rmsprop", n=1, alpha=0.1, rho=0.9, eps=1e-12)
    np.testing.assert_allclose(xy[1], 1 - 0.1 / math.sqrt(0.1), rtol=1e-11)


def test_adam_by_hand():
    eps = 1e-8
    # step 1: p̂ = g0, r̂ = g0² -> W1 = W0 - α sign(g0) = (.9, .9)
    # step 2: g1 = (.9, 3.6); p2 = .9·.1·g0 + .1·g1 = (.18, .72); r2 = .999·.001·g0² + .001·g1²
    g0, g1 = np.array([1.0, 4.0]), np.array([0.9, 3.6])
    w1 = 1 - 0.1 * g0 / (eps + np.abs(g0))
    p2 = 0.09 * g0 + 0.1 * g1
    r2 = 0.999 * 0.001 * g0 ** 2 + 0.001 * g1 ** 2
    w2 = w1 - 0.1 * (p2 / (1 - 0.9 ** 2)) / (eps + np.sqrt(r2 / (1 - 0.999 ** 2)))
    np.testing.assert_allclose(steps_of("adam", alpha=0.1), [[1, 1], w1, w2], atol=1e-14)
    np.testing.assert_allclose(w2, [0.800412, 0.800412], atol=1e-6)


class Cliff:
    """Gradient 10 for x > 0.995, else 0.1 (in both coordinates): r shrinks after step 1."""
    start = (1.0, 1.0)

    @staticmethod
    def f(x, y):
        return np.where(x > 0.995, 10 * x, 0.1 * x) + np.where(y > 0.995, 10 * y, 0.1 * y)

    @staticmethod
    def grad(x, y):
        return np.where(x > 0.995, 10.0, 0.1) + 0 * x, np.where(y > 0.995, 10.0, 0.1) + 0 * y


def test_amsgrad_keeps_the_largest_accumulator():
    a, r1, r2, eps = 0.01, 0.9, 0.999, 1e-8
    xy = run(Cliff(), "amsgrad", start=(1.0, 1.0), steps=2, alpha=a).xy
    adam = run(Cliff(), "adam", start=(1.0, 1.0), steps=2, alpha=a).xy
    w1 = 1 - a * 10.0 / (eps + 10.0)                     # first step: α·sign(g)
    p2 = r1 * (1 - r1) * 10 + (1 - r1) * 0.1
    v1, v2 = (1 - r2) * 100, r2 * (1 - r2) * 100 + (1 - r2) * 0.01
    assert v2 < v1
    ams = w1 - a * (p2 / (1 - r1 ** 2)) / (eps + math.sqrt(v1 / (1 - r2 ** 2)))
    ada = w1 - a * (p2 / (1 - r1 ** 2)) / (eps + math.sqrt(v2 / (1 - r2 ** 2)))
    np.testing.assert_allclose(xy[2], [ams, ams], rtol=1e-13)
    np.testing.assert_allclose(adam[2], [ada, ada], rtol=1e-13)


# --- the fast core against the independent reference ------------------------------------

SURFACES = ["rosenbrock", "beale", "himmelblau", "six_hump_camel", "narrow_valley", "saddle"]


def _random_hp(method, rng):
    hp = {}
    for p in get_method(method).params:
        if p.name == "alpha":
            hp["alpha"] = float(10 ** rng.uniform(-4, -2))
        elif p.name == "weight_decay":       # a penalty: small, or the runs sit where it balances f
            hp[p.name] = float(rng.uniform(0.0, 0.05))
        elif p.scale == "log":
            hp[p.name] = float(10 ** rng.uniform(math.log10(p.lo), -4))
        else:
            hp[p.name] = float(rng.uniform(min(0.5, p.hi / 2), p.hi))
    return hp


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("surface", SURFACES)
def test_core_matches_reference(method, surface):
    surf = landscapes.get(surface)
    rng = np.random.default_rng(zlib.crc32(f"{method}-{surface}".encode()))
    for _ in range(3):
        hp = _random_hp(method, rng)
        res = run(surf, method, start=surf.start, steps=200, **hp)
        ref = reference_run(surf.grad, method, surf.start, 200, **hp)
        k = res.diverged_at if res.diverged_at >= 0 else 201
        np.testing.assert_allclose(res.xy[:k], ref[:k], rtol=1e-9, atol=1e-9)
        if k <= 200:  # diverged: the reference went non-finite at the same step
            assert not (np.abs(ref[k]) <= 1e12).all() and np.isfinite(ref[:k]).all()


@pytest.mark.parametrize("method", list(METHODS))
def test_core_matches_reference_with_noise(method):
    surf = landscapes.get("rosenbrock")
    hp = get_method(method).defaults | {"alpha": 1e-3}
    got = run(surf, method, start=(-1.0, 1.5), steps=100, batch=4, sigma=3.0, seed=11, **hp).xy
    ref = reference_run(surf.grad, method, (-1.0, 1.5), 100, batch=4, sigma=3.0, seed=11, **hp)
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12)


def test_vectorized_equals_per_run_loop():
    surf = landscapes.get("rosenbrock")
    rng = np.random.default_rng(1)
    K = 12
    starts = np.column_stack([rng.uniform(-2, 2, K), rng.uniform(-1, 3, K)])
    alpha = 10 ** rng.uniform(-4, -2, K)
    rho1 = rng.uniform(0.5, 0.99, K)
    many = run(surf, "adam", start=starts, steps=150, alpha=alpha, rho1=rho1)
    assert many.xy.shape == (K, 151, 2) and many.loss.shape == (K, 151)
    for k in range(K):
        one = run(surf, "adam", start=starts[k], steps=150, alpha=alpha[k], rho1=rho1[k])
        assert one.xy.shape == (151, 2)
        np.testing.assert_allclose(many.xy[k], one.xy, rtol=1e-13, atol=1e-15)


def test_mixed_methods_in_one_call_equal_separate_calls():
    surf = landscapes.get("rosenbrock")
    runs = [{"method": m, **get_method(m).defaults, "alpha": a}
            for m, a in zip(METHODS, [1e-3, 1e-3, 5e-4, 0.05, 0.01, 0.02, 0.02])]
    runs.append({"method": "gd", "alpha": 1e-3, "sigma": 5.0, "batch": 16, "start": (0.0, 0.0)})
    both = run_many(surf, runs, start=(-1.5, 2.0), steps=300, seed=4)
    assert both.methods == tuple(r["method"] for r in runs)
    for k, r in enumerate(runs):
        r = dict(r)
        one = run(surf, r.pop("method"), start=r.pop("start", (-1.5, 2.0)), steps=300, seed=4, **r)
        np.testing.assert_allclose(both.xy[k], one.xy, rtol=1e-13, atol=1e-15)


# --- convergence, noise, divergence -------------------------------------------------------

@pytest.mark.parametrize("method,alpha", [("gd", 0.1), ("momentum", 0.05), ("nesterov", 0.05), ("adagrad", 0.5),
                                          ("rmsprop", 0.01), ("adam", 0.05), ("amsgrad", 0.05)])
def test_every_method_converges_on_a_convex_bowl(method, alpha):
    res = run(Q, method, start=(2.0, -1.5), steps=2000, alpha=alpha)
    assert res.diverged_at == -1
    assert np.hypot(*res.xy[-1]) < 1e-2, res.xy[-1]
    assert res.loss[-1] < 1e-4 * res.loss[0]


def test_same_seed_same_trajectory_other_seed_other_trajectory():
    a = run("rosenbrock", "momentum", steps=200, sigma=2.0, batch=2, seed=7).xy
    b = run("rosenbrock", "momentum", steps=200, sigma=2.0, batch=2, seed=7).xy
    c = run("rosenbrock", "momentum", steps=200, sigma=2.0, batch=2, seed=8).xy
    np.testing.assert_array_equal(a, b)
    assert np.abs(a - c).max() > 1e-3


def test_noise_variance_shrinks_as_one_over_batch():
    # On a flat surface, GD's displacement per step is α (σ/√B) ξ: its variance is α²σ²/B.
    class Flat:
        start = (0.0, 0.0)
        f = staticmethod(lambda x, y: 0 * x)
        grad = staticmethod(lambda x, y: (0 * x, 0 * y))

    var = []
    for B in (1, 4, 16, 64):
        step = np.diff(run(Flat(), "gd", steps=4000, alpha=1.0, sigma=2.0, batch=B, seed=3).xy, axis=0)
        var.append(step.var())
    np.testing.assert_allclose(var, [4.0 / B for B in (1, 4, 16, 64)], rtol=0.06)


def test_exact_gradient_with_the_full_batch_or_no_noise():
    exact = run("rosenbrock", "gd", steps=50).xy
    np.testing.assert_array_equal(run("rosenbrock", "gd", steps=50, batch=0, sigma=3.0, seed=5).xy, exact)
    np.testing.assert_array_equal(run("rosenbrock", "gd", steps=50, batch=8, sigma=0.0, seed=5).xy, exact)
    assert np.abs(run("rosenbrock", "gd", steps=50, batch=8, seed=5).xy - exact).max() > 1e-4


def test_divergence_is_frozen_and_reported_without_warnings():
    res = run("rosenbrock", "gd", start=(-1.5, 2.0), steps=500, alpha=np.array([1e-3, 0.1, 5.0]))
    k = res.diverged_at
    assert k[0] == -1 and k[1] > 0 and k[2] > 0
    for i in (1, 2):
        assert np.isfinite(res.xy[i, :k[i]]).all()
        assert np.isnan(res.xy[i, k[i]:]).all()
        assert np.isnan(res.loss[i, k[i]:]).all()
    assert np.isfinite(res.xy[0]).all()
    assert list(res.diverged) == [False, True, True]


def test_divergence_without_path_matches_with_path():
    kw = dict(start=(-1.5, 2.0), steps=400, alpha=np.array([1e-3, 0.1, 5.0]))
    full = run("rosenbrock", "adam", **kw)
    final = run("rosenbrock", "adam", path=False, **kw)
    np.testing.assert_array_equal(full.diverged_at, final.diverged_at)
    np.testing.assert_array_equal(full.xy[:, -1], final.final)
    with pytest.raises(ValueError, match="final positions"):
        final.xy


def test_trace_records_gradient_and_moments():
    res = run(Q, "momentum", start=(1.0, 1.0), steps=2, alpha=0.1, beta=0.9, trace=True)
    np.testing.assert_allclose(res.trace["g"], [[1, 4], [0.9, 2.4]])
    np.testing.assert_allclose(res.trace["p"], [[1, 4], [1.8, 6.0]])
    res = run(Q, "adagrad", start=(1.0, 1.0), steps=2, alpha=0.1, trace=True)
    np.testing.assert_allclose(res.trace["r"], [[1, 16], [1.81, 28.96]], rtol=1e-9)


def test_trace_names_each_state_and_leaves_runs_without_it_empty():
    """A scene of GD, momentum, Adadelta: p is momentum's velocity (NaN for the others), r and u
    Adadelta's accumulators (the rule's state, through the readable path)."""
    res = run_many(Q, ["gd", "momentum", "adadelta"], start=(1.0, 1.0), steps=3, trace=True)
    tr = res.trace
    assert set(tr) == {"g", "p", "r", "u"}
    assert np.isnan(tr["p"][[0, 2]]).all() and np.isfinite(tr["p"][1]).all()
    assert np.isnan(tr["r"][:2]).all() and np.isfinite(tr["r"][2]).all() and (tr["u"][2] > 0).all()


def test_time_budget_truncates():
    res = run("rosenbrock", "adam", start=np.zeros((20000, 2)), steps=100000, path=False, budget=0.05)
    assert res.truncated


# --- the result table and errors ----------------------------------------------------------

def test_to_frame_is_tidy():
    res = run_many("rosenbrock", ["gd", {"method": "adam", "alpha": 0.05}], steps=10)
    df = res.to_frame()
    assert len(df) == 2 * 11
    assert {"run", "method", "step", "x", "y", "loss", "alpha", "rho1", "batch", "sigma", "seed"} <= set(df.columns)
    assert list(df.groupby("run")["method"].first()) == ["gd", "adam"]
    assert df["alpha"].tolist()[:11] == [1e-3] * 11
    np.testing.assert_array_equal(df[df.run == 1][["x", "y"]].to_numpy(), res.xy[1])


@pytest.mark.parametrize("call,message", [
    (lambda: run("rosenbrock", "sophia"), "unknown method 'sophia'"),
    (lambda: run("rosenbrock", "adam", beta=0.9), "Adam has no hyperparameter 'beta'"),
    (lambda: run("rosenbrock", "gd", alpha=-1), r"alpha=-1 is outside its range"),
    (lambda: run("rosenbrock", "gd", alpha=float("nan")), "alpha must be finite"),
    (lambda: run("rosenbrock", "gd", alpha="abc"), "alpha must be a number"),
    (lambda: run("rosenbrock", "gd", start=(1, 2, 3)), "start must have shape"),
    (lambda: run("rosenbrock", "gd", start=(np.inf, 0)), "start must be finite"),
    (lambda: run("rosenbrock", "gd", steps=-5), "steps=-5 is outside"),
    (lambda: run("rosenbrock", "gd", batch=2.5, sigma=1), "batch must be a whole number"),
    (lambda: run("rosenbrock", "gd", start=np.zeros((3, 2)), alpha=np.ones(4) * 1e-3), "share their length"),
    (lambda: run("nowhere", "gd"), "nowhere"),
    (lambda: run_many("rosenbrock", []), "at least one run"),
    (lambda: run("rosenbrock", "gd", start=np.zeros((100_000, 2)), steps=1000), "stored points"),
])
def test_bad_input_is_rejected_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_registry_is_consistent():
    for key, m in METHODS.items():
        assert m.key == key and m.params[0].name == "alpha"
        assert m.update_tex and m.text["en"] and m.text["uk"]
        for p in m.params:
            assert p.lo <= p.default <= p.hi and p.scale in ("lin", "log")
    for p in SOURCE_PARAMS:
        assert p.name in ("batch", "sigma", "seed")
    assert get_method("adagrad").defaults == {"alpha": 0.01, "eps": 1e-10}
    assert get_method("rmsprop").defaults == {"alpha": 0.01, "rho": 0.99, "eps": 1e-8}
    assert get_method("adam").defaults == {"alpha": 1e-3, "rho1": 0.9, "rho2": 0.999, "eps": 1e-8, "weight_decay": 0.0}


# --- real mini-batches on a data-driven landscape ---------------------------------------

class LineFit:
    """J(w, b) = (1/n) Σ (w x_i + b − y_i)² on a tiny data set, with per-batch gradients."""
    start = (-2.0, 2.0)
    f_min = None

    def __init__(self):
        rng = np.random.default_rng(0)
        self.X = np.linspace(-1, 1, 12)
        self.Y = 0.7 * self.X - 0.2 + 0.3 * rng.standard_normal(12)
        self.data = (self.X, self.Y)

    def f(self, w, b):
        w, b = np.asarray(w, float), np.asarray(b, float)
        r = w[..., None] * self.X + b[..., None] - self.Y
        return (r * r).mean(axis=-1)

    def grad(self, w, b):
        return self.batch_grad(w, b, np.broadcast_to(np.arange(12), np.shape(w) + (12,)))

    def batch_grad(self, w, b, idx):
        x, y = self.X[idx], self.Y[idx]
        r = w[:, None] * x + b[:, None] - y
        return 2 * (r * x).mean(axis=1), 2 * r.mean(axis=1)

    def batch_loss(self, w, b, idx):
        x, y = self.X[idx], self.Y[idx]
        r = w[:, None] * x + b[:, None] - y
        return (r * r).mean(axis=1)


def test_minibatches_sample_without_replacement_epoch_by_epoch():
    surf = LineFit()
    res = run_many(surf, [{"method": "gd", "alpha": 0.1, "batch": b} for b in (0, 4, 1, 4)],
                   steps=30, seed=5, trace=True)
    assert list(res.epoch_steps) == [0, 3, 12, 3]
    # B = n is the exact gradient
    np.testing.assert_allclose(res.xy[0], run(surf, "gd", alpha=0.1, steps=30).xy, rtol=1e-13)
    # B = 4: each epoch's 3 batches cover the 12 examples once; rebuild the steps by hand
    rng = np.random.default_rng(5)
    W = np.array(surf.start)
    for t in range(30):
        if t % 3 == 0:
            perm = rng.permutation(12)
        idx = perm[(t % 3) * 4:(t % 3) * 4 + 4]
        gw, gb = surf.batch_grad(W[:1], W[1:], idx[None, :])
        W = W - 0.1 * np.array([gw[0], gb[0]])
        np.testing.assert_allclose(res.xy[1, t + 1], W, rtol=1e-12)
    np.testing.assert_array_equal(res.xy[1], res.xy[3])          # same (B, seed), same batches
    assert res.trace["batch_loss"].shape == (4, 30)
    np.testing.assert_allclose(res.trace["batch_loss"][0], res.loss[0, :-1], rtol=1e-12)
    assert np.abs(res.trace["batch_loss"][2] - res.loss[2, :-1]).max() > 1e-3  # one-example loss is noisy


def test_reached_at_tolerance():
    res = run(Q, "gd", start=(1.0, 1.0), steps=200, alpha=np.array([0.1, 0.01]))
    Q.f_min = 0.0
    try:
        at = res.reached_at(1e-6)
    finally:
        del Q.f_min
    assert at[0] > 0 and (at[1] == -1 or at[1] > at[0])
    assert res.loss[0, at[0]] <= 1e-6 < res.loss[0, at[0] - 1]


# --- learning-rate schedules --------------------------------------------------------------

from optim import SCHEDULES  # noqa: E402


@pytest.mark.parametrize("key,hp,factor", [
    ("step", {"gamma": 0.5, "every": 3}, lambda t: 0.5 ** ((t - 1) // 3)),
    ("inverse", {"k": 0.1}, lambda t: 1 / (1 + 0.1 * (t - 1))),
    ("inv_sqrt", {}, lambda t: 1 / math.sqrt(t)),
    ("exponential", {"gamma": 0.9}, lambda t: 0.9 ** (t - 1)),
    ("cosine", {}, lambda t: 0.5 * (1 + math.cos(math.pi * (t - 1) / 10))),
])
def test_schedules_scale_every_step(key, hp, factor):
    for method in ("gd", "momentum", "adam"):
        got = run(Q, method, start=(1.0, 1.0), steps=10, alpha=0.05, schedule=key, **hp).xy
        ref = reference_run(Q.grad, method, (1.0, 1.0), 10, schedule=factor,
                            **get_method(method).defaults | {"alpha": 0.05})
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-15)


def test_gd_step_size_follows_the_schedule():
    class Slope:  # constant gradient (1, 0): GD's step is exactly α_t
        start = (0.0, 0.0)
        f = staticmethod(lambda x, y: x)
        grad = staticmethod(lambda x, y: (np.ones_like(x), np.zeros_like(y)))

    xy = run(Slope(), "gd", steps=6, alpha=1.0, schedule="step", gamma=0.5, every=2).xy
    np.testing.assert_allclose(-np.diff(xy[:, 0]), [1, 1, 0.5, 0.5, 0.25, 0.25])


def test_mixed_schedules_in_one_call():
    runs = [{"method": "gd", "alpha": 0.05, "schedule": s} for s in SCHEDULES]
    res = run_many(Q, runs, start=(1.0, 1.0), steps=20)
    assert res.schedules == tuple(SCHEDULES)
    for k, s in enumerate(SCHEDULES):
        np.testing.assert_allclose(res.xy[k], run(Q, "gd", start=(1.0, 1.0), steps=20, alpha=0.05,
                                                  schedule=s).xy, rtol=1e-13)
    assert "schedule" in res.to_frame().columns
    with pytest.raises(ValueError, match="unknown schedule 'linear'"):
        run(Q, "gd", schedule="linear")
    with pytest.raises(ValueError, match="has no hyperparameter 'gamma'"):
        run(Q, "gd", schedule="cosine", gamma=0.5)


def test_full_batch_on_a_data_landscape_is_exact():
    import landscapes
    surf = landscapes.get("linreg_mse")
    n = len(surf.data[0])
    exact = run(surf, "gd", steps=20, alpha=0.05).xy
    for b in (0, n, 10 * n):
        np.testing.assert_array_equal(run(surf, "gd", steps=20, alpha=0.05, batch=b, sigma=3.0).xy, exact)
    assert np.abs(run(surf, "gd", steps=20, alpha=0.05, batch=4).xy - exact).max() > 1e-6


def test_a_truncated_call_does_not_mark_runs_as_diverged():
    res = run("rosenbrock", "adam", start=np.zeros((400, 2)), steps=100000, budget=0.05)
    assert res.truncated
    assert (res.diverged_at == -1).all()


def test_readme_lists_every_method_with_its_defaults():
    """The README's table of rules follows the registry: a row per method, its default α."""
    from pathlib import Path
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    rows = {line.split("|")[1].strip(" `"): line for line in text.splitlines() if line.startswith("| `")}
    for key, m in METHODS.items():
        assert key in rows, key
        alpha = rows[key].rstrip(" |").split("|")[-1].split("α = ")[1].split(",")[0]
        assert float(alpha) == m.defaults["alpha"], key
