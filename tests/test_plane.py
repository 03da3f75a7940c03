"""Planes through a P-dimensional loss (landscapes/plane.py): what a projection shows and
hides, filter-normalised directions, the loss on the plane."""
from __future__ import annotations

import numpy as np

from landscapes.mlp import MLP
from landscapes.plane import pca_plane, random_plane
from optim import run_many


def test_paths_that_lie_in_a_plane_are_shown_exactly():
    rng = np.random.default_rng(0)
    c = rng.standard_normal(12)
    u, v = np.linalg.qr(rng.standard_normal((12, 2)))[0].T
    ab = rng.standard_normal((3, 40, 2))
    paths = c + ab[..., :1] * u + ab[..., 1:] * v
    plane = pca_plane(paths, c)
    assert abs(plane.explained(paths) - 1.0) < 1e-12
    np.testing.assert_allclose(plane.point(*np.moveaxis(plane.project(paths), -1, 0)), paths, atol=1e-12)
    np.testing.assert_allclose(plane.project(c), [0, 0], atol=1e-12)


def test_a_projection_says_how_much_it_hides():
    rng = np.random.default_rng(1)
    paths = rng.standard_normal((2, 50, 20))            # no plane holds these
    share = pca_plane(paths, np.zeros(20)).explained(paths)
    assert 0.05 < share < 0.5
    paths[0, -1] = np.nan                               # a diverged point is left out, not fatal
    assert np.isfinite(pca_plane(paths, np.zeros(20)).explained(paths))


def test_real_training_paths_on_their_plane():
    """Four runs on the network: the plane through the first run's end shows most of their
    spread, and the loss on the plane at (0, 0) is the loss at the centre."""
    net = MLP(n=100)
    res = run_many(net, [{"method": "gd", "alpha": 0.5}, {"method": "momentum", "alpha": 0.1},
                         {"method": "adam", "alpha": 0.02}, {"method": "rmsprop", "alpha": 0.01}], steps=200)
    plane = pca_plane(res.theta)
    np.testing.assert_array_equal(plane.center, res.theta[0, -1])
    assert 0.5 < plane.explained(res.theta) <= 1.0
    a, b, L = plane.loss_grid(net.loss, (-1, 1), (-1, 1), n=21)
    assert L.shape == (21, 21) and abs(L[10, 10] - net.loss(plane.center)) < 1e-12
    assert np.isclose(L[0, 3], net.loss(plane.point(a[3], b[0])))


def test_filter_normalised_random_directions():
    net = MLP(hidden=6, depth=2)
    c = net.theta0 + 0.1
    plane = random_plane(net, c, seed=4)
    for d in (plane.d1, plane.d2):
        for (Wd, bd), (Wc, _) in zip(net.layers(d), net.layers(c)):
            np.testing.assert_allclose(np.linalg.norm(Wd, axis=0), np.linalg.norm(Wc, axis=0), rtol=1e-12)
            assert not bd.any()
    assert not np.allclose(plane.d1, random_plane(net, c, seed=5).d1)
    np.testing.assert_array_equal(plane.d1, random_plane(net, c, seed=4).d1)


def test_the_pca_plane_is_oriented_the_same_on_every_machine():
    """An eigenvector's sign is the solver's choice; the plane fixes it (the first run starts
    at a ≤ 0, b ≤ 0), so that a link's start (a, b) names one θ everywhere."""
    rng = np.random.default_rng(5)
    for _ in range(5):
        paths = np.cumsum(rng.standard_normal((3, 40, 7)), axis=1)
        p = pca_plane(paths)
        a, b = p.project(paths[0, 0])
        assert a <= 0 and b <= 0
        np.testing.assert_allclose([p.d1 @ p.d1, p.d2 @ p.d2, p.d1 @ p.d2], [1, 1, 0], atol=1e-12)
