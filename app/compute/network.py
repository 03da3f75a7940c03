"""A network scene: runs in the network's P dimensions, seen on a plane.

The plane (`landscapes.plane`) is fitted to the *reference runs*: the scene's runs from the
network's initial weights θ₀. Its centre is where the first of them ends; its directions
are the top two principal components of every reference path (`plane=pca`) or two seeded
filter-normalised random directions (`plane=random`). A start clicked on the map, (a, b),
is the point c + a d₁ + b d₂ of that plane: the runs from there are drawn on the same plane,
so the start sits where it was clicked, and the reference runs (cached) fix the plane
whatever the start. The view tells how much of the paths' spread the plane shows.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace

import numpy as np

import landscapes
from landscapes.plane import NetworkView, Plane, pca_plane, random_plane

from .cache import DERIVED

__all__ = ["is_network", "network_view", "reference_plane", "start_theta", "view_bounds", "metrics", "seen_on_plane"]

PAD = 0.12          # the map's margin around the paths, as a share of their extent
MIN_HALF = 0.5      # the map's smallest half-width, in units of the plane's directions (weights)
NOTE_BAND = 0.22    # room above the paths for the map's note on its plane (app.figures.network.plane_note)


def is_network(name: str) -> bool:
    return name in landscapes.names("network")


def _digest(*parts) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def reference_plane(scene, runs_from) -> Plane:
    """The plane of the scene's reference runs (cached): `runs_from(scene, theta0)` computes them."""
    net = scene.landscape
    key = ("plane", scene.surface, scene.surface_params, scene.runs, scene.steps, scene.batch, scene.sigma, scene.seed)

    def make():
        ref = runs_from(replace(scene, start=None), None)
        paths = ref.theta
        if net.params.get("plane") == "random":
            first = paths[0][np.isfinite(paths[0]).all(axis=1)]
            center = first[-1] if len(first) else net.theta0
            p = random_plane(net, center, int(net.params.get("plane_seed", 0)))
        else:
            p = pca_plane(paths)
        return (p.center, p.d1, p.d2, p.kind)
    c, d1, d2, kind = DERIVED.get(key, make)
    return Plane(c, d1, d2, kind)


def start_theta(scene, plane: Plane):
    """The runs' start θ: the initial weights, or the clicked point of the plane."""
    if scene.start is None:
        return scene.landscape.theta0
    return plane.point(*scene.start)


def view_bounds(ab: np.ndarray, extra=()) -> tuple:
    """A box around the finite points ab (..., 2) and `extra` points, with a margin, never
    thinner than a quarter of its width (equal scales keep the contours round) nor than
    `MIN_HALF` on either side of its middle (paths that barely move, as from all-zero weights)."""
    pts = np.concatenate([np.asarray(ab, dtype=float).reshape(-1, 2), np.asarray(extra, dtype=float).reshape(-1, 2)])
    pts = pts[np.isfinite(pts).all(axis=1) & (np.abs(pts) < 1e6).all(axis=1)]
    if not len(pts):
        return ((-1.0, 1.0), (-1.0, 1.0))
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = max(float((hi - lo).max()), 1e-3)
    half = np.maximum(np.maximum((hi - lo) / 2, span / 8), MIN_HALF) * (1 + 2 * PAD)
    mid = (lo + hi) / 2
    return tuple((float(m - h), float(m + h)) for m, h in zip(mid, half))


def network_view(scene, runs_from):
    """The scene's result seen on its plane: `runs_from(scene, start)` computes the runs from
    the start θ (None: θ₀), cached per run. Its `surface` is the `NetworkView` every map draws."""
    net = scene.landscape
    plane = reference_plane(scene, runs_from)
    res = runs_from(scene, None if scene.start is None else start_theta(scene, plane))
    key = _digest(scene.surface_params, scene.runs, scene.start, scene.steps, scene.batch, scene.sigma, scene.seed)
    return _view(net, plane, res, plane.project(start_theta(scene, plane)), key)


def _view(net, plane, res, start, key):
    """`res` seen on `plane`: a NetworkView over a box around its paths (and the start)."""
    ab = plane.project(res.theta)
    (x0, x1), (y0, y1) = view_bounds(ab, [start, (0.0, 0.0)])
    bounds = ((x0, x1), (y0, y1 + NOTE_BAND * (y1 - y0)))     # a band at the top for the plane's note
    return res.on(NetworkView.of(net, plane, bounds, tuple(map(float, start)), plane.explained(res.theta), key))


def seen_on_plane(res, plane: Plane | None = None):
    """A network's result (from `optim.run_many` on `landscapes.get("mlp", ...)`) seen on
    `plane` (default: the PCA plane of its own paths, through where its first run ends),
    as the app draws it; a 2-D result as it is."""
    if getattr(res.surface, "plane", None) is not None or not callable(getattr(res.surface, "loss", None)):
        return res
    plane = plane or pca_plane(res.theta.reshape(-1, *res.theta.shape[-2:]))
    first = res.theta.reshape(-1, *res.theta.shape[-2:])[0, 0]
    # the view's key names what its pictures and metrics come from (an object's id would be
    # reused by a later result in the same notebook)
    key = _digest(sorted(res.surface.params.items()), res.theta.tobytes(), plane.center.tobytes(),
                  plane.d1.tobytes(), plane.d2.tobytes())
    return _view(res.surface, plane, res, plane.project(first), key)


def metrics(res) -> dict:
    """Per run and step: "val_loss", "train_acc", "val_acc" (K, steps + 1) of a network
    result (seen on its view), kept in the process's cache."""
    view = res.surface
    return DERIVED.get(("metrics", view.key), lambda: view.metrics(res.theta))
