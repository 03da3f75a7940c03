"""Any number of parameters P: the core runs every method, gradient source and schedule on a
P-dimensional landscape exactly as the readable reference does, and a 2-D surface is P = 2."""
from __future__ import annotations

import numpy as np
import pytest

import landscapes
from landscapes import nd
from optim import METHODS, SCHEDULES, run, run_many
from optim.reference import reference_run

ROSEN = nd.rosenbrock(6)
QUAD = nd.quadratic(12, 50.0)


def test_a_run_starts_at_theta0_and_reports_theta_and_loss():
    res = run(QUAD, "adam", steps=50, alpha=0.05)
    assert res.theta.shape == (51, 12) and res.loss.shape == (51,) and res.dim == 12
    np.testing.assert_array_equal(res.theta[0], QUAD.theta0)
    np.testing.assert_allclose(res.loss, QUAD.loss(res.theta))
    assert res.loss[-1] < 0.1 * res.loss[0]
    with pytest.raises(ValueError, match="view plane"):
        res.xy
    frame = res.to_frame()
    assert len(frame) == 51 and "x" not in frame and frame["loss"].iloc[-1] == res.loss[-1]


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_with_noise_and_a_schedule_matches_the_reference(method):
    """Mini-batch noise ξ ∈ R^P from the run's seed, and a cosine schedule, on 6-D Rosenbrock."""
    hp = dict(METHODS[method].defaults, alpha={"adadelta": 1.0, "lion": 1e-3}.get(method, 1e-4))
    start = np.linspace(-1.0, 1.0, 6)
    res = run(ROSEN, method, start=start, steps=60, batch=4, sigma=2.0, seed=5, schedule="cosine", **hp)
    factor = SCHEDULES["cosine"].factor
    ref = reference_run(ROSEN, method, start, 60, batch=4, sigma=2.0, seed=5,
                        schedule=lambda t: factor(np.array([[float(t)]]), {}, 60)[0, 0], **hp)
    np.testing.assert_allclose(res.theta, ref, rtol=1e-9, atol=1e-12)
    assert np.abs(res.theta[-1] - start).max() > 1e-4


def test_a_2d_surface_is_p_2():
    surf = landscapes.get("himmelblau")
    res = run_many(surf, ["adam", "lion", "adadelta"], start=(0.5, 0.5), steps=40)
    np.testing.assert_array_equal(res.theta, res.xy)
    assert res.dim == 2 and res.final.shape == (3, 2)


def test_divergence_is_found_in_any_coordinate():
    """One coordinate of twelve blows up under GD with α beyond 2/λ_max: the run stops there."""
    res = run(QUAD, "gd", steps=200, alpha=np.array([0.01, 0.05]))
    assert res.diverged_at[0] == -1 and res.diverged_at[1] > 0
    k = res.diverged_at[1]
    assert np.isnan(res.theta[1, k:]).all() and np.isfinite(res.theta[1, :k]).all()
    final = run(QUAD, "gd", steps=200, alpha=np.array([0.01, 0.05]), path=False)
    np.testing.assert_array_equal(final.diverged_at, res.diverged_at)


def test_a_start_of_the_wrong_size_is_refused_clearly():
    with pytest.raises(ValueError, match=r"shape \(12,\) or \(K, 12\)"):
        run(QUAD, "adam", start=(1.0, 2.0))


class LeastSquares:
    """A P-parameter data landscape: (1/n) Σ (x_i·θ − y_i)² with per-batch losses, for the
    sampler's real mini-batches in P dimensions."""
    dim = 4

    def __init__(self, n=24, seed=0):
        rng = np.random.default_rng(seed)
        self.X = rng.normal(size=(n, self.dim))
        self.y = self.X @ np.array([1.0, -2.0, 0.5, 3.0]) + 0.1 * rng.normal(size=n)
        self.data = (self.X, self.y)
        self.theta0 = np.zeros(self.dim)

    def _rows(self, theta, idx):
        theta = np.atleast_2d(theta)
        if idx is None:
            idx = np.broadcast_to(np.arange(len(self.y)), (len(theta), len(self.y)))
        return theta, self.X[idx], self.y[idx]             # (K, P), (K, B, P), (K, B)

    def loss(self, theta, idx=None):
        th = np.asarray(theta, dtype=float)
        flat = th.reshape(-1, self.dim)
        t, X, y = self._rows(flat, None if idx is None else idx)
        r = np.einsum("kbp,kp->kb", X, t) - y
        return (r * r).mean(axis=1).reshape(th.shape[:-1])

    def gradient(self, theta, idx=None):
        t, X, y = self._rows(theta, idx)
        r = np.einsum("kbp,kp->kb", X, t) - y
        return 2.0 * np.einsum("kb,kbp->kp", r, X) / X.shape[1]


def test_real_minibatches_in_p_dimensions():
    """B = 6 of n = 24 examples without replacement, epoch by epoch, seeded: the core's path is
    the readable rule fed the same batches by hand; the full batch is the exact gradient."""
    ls = LeastSquares()
    res = run_many(ls, [{"method": "adam", "alpha": 0.05, "batch": 6, "seed": 2},
                        {"method": "lion", "alpha": 0.01, "batch": 0}], steps=20, trace=True)
    assert list(res.epoch_steps) == [4, 0]
    rng = np.random.default_rng(2)
    batches = np.concatenate([rng.permutation(24)[:24].reshape(4, 6) for _ in range(5)])[:20]
    m = METHODS["adam"]
    W, state, hp = ls.theta0[:, None].copy(), m.init(np.zeros((4, 1))), dict(m.defaults, alpha=0.05)
    for t in range(1, 21):
        g = ls.gradient(W.T, batches[t - 1][None]).T
        W, state = m.update(W, g, state, t, hp)
        np.testing.assert_allclose(res.theta[0, t], W[:, 0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(res.trace["batch_loss"][0, 0], ls.loss(ls.theta0[None], batches[0][None])[0])
    exact = reference_run(type("G", (), {"dim": 4, "gradient": lambda self, th: ls.gradient(th)})(),
                          "lion", ls.theta0, 20, alpha=0.01)
    np.testing.assert_allclose(res.theta[1], exact, rtol=1e-12)
    assert res.loss[0, -1] < 0.5 * res.loss[0, 0]
