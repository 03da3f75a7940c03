"""2-D views of a P-dimensional loss (Li et al. 2018, "Visualizing the Loss Landscape of
Neural Nets"): a plane through a centre c spanned by two directions d₁, d₂, the loss on a
grid of that plane, and every run's path projected onto it, with the share of the paths'
spread the plane shows (a projection must say how much it hides).

    plane = pca_plane(paths, center)              # paths (K, T, P): the top two principal
    plane = random_plane(net, center, seed)       #   components, or filter-normalised directions
    ab = plane.project(theta)                     # (..., 2) coordinates a, b of θ ≈ c + a d₁ + b d₂
    theta = plane.point(a, b)                     # c + a d₁ + b d₂
    plane.explained(paths)                        # share of the paths' squared distance from c
    L = plane.loss_grid(loss, (a0, a1), (b0, b1), n)   # loss(θ) on an n × n grid (rows: b)
    view = NetworkView.of(net, plane, bounds)     # the plane as a 2-D landscape for maps

A `NetworkView` is both: a 2-D `Landscape` f(a, b) = loss(c + a d₁ + b d₂) over the plane
(what a map draws: contours, a start, arrows), and the network's own P-dimensional loss
(`dim`, `theta0`, `loss`, `gradient`: what a run's loss means), with `project` for the
paths. A result seen through it (`Result.on(view)`) has `xy` on the plane and the true loss.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .base import Landscape

__all__ = ["Plane", "pca_plane", "random_plane", "NetworkView"]


@dataclass(frozen=True)
class Plane:
    center: np.ndarray          # (P,)
    d1: np.ndarray              # (P,)
    d2: np.ndarray              # (P,)
    kind: str = "pca"

    def point(self, a, b):
        """c + a d₁ + b d₂ for numbers or arrays a, b (same shape): (..., P)."""
        a, b = np.asarray(a, dtype=float)[..., None], np.asarray(b, dtype=float)[..., None]
        return self.center + a * self.d1 + b * self.d2

    def project(self, theta):
        """The coordinates (a, b) of the point of the plane nearest to θ (least squares; the
        directions need not be orthogonal): (..., 2)."""
        D = np.stack([self.d1, self.d2], axis=1)                  # (P, 2)
        x = np.asarray(theta, dtype=float) - self.center
        return x @ D @ np.linalg.inv(D.T @ D)

    def coords(self, v):
        """A direction v (..., P) as plane coordinates (..., 2) (its projection's a, b)."""
        D = np.stack([self.d1, self.d2], axis=1)
        return np.asarray(v, dtype=float) @ D @ np.linalg.inv(D.T @ D)

    def explained(self, paths) -> float:
        """The share of the paths' squared distance from the centre that lies in the plane (1:
        the plane shows them exactly; NaN points are left out)."""
        x = np.asarray(paths, dtype=float).reshape(-1, self.center.size) - self.center
        x = x[np.isfinite(x).all(axis=1)]
        total = float((x * x).sum())
        if total == 0:
            return 1.0
        shown = self.point(*np.moveaxis(self.project(x + self.center), -1, 0)) - self.center
        return float((shown * shown).sum() / total)

    def loss_grid(self, loss, arange, brange, n: int = 60, block: int = 512):
        """loss(θ) at n × n points of the plane: (a values, b values, L (n, n), rows b)."""
        a = np.linspace(*arange, n)
        b = np.linspace(*brange, n)
        A, B = np.meshgrid(a, b)
        pts = self.point(A.ravel(), B.ravel())
        L = np.concatenate([np.asarray(loss(pts[i:i + block]), dtype=float) for i in range(0, len(pts), block)])
        return a, b, L.reshape(n, n)


def pca_plane(paths, center=None) -> Plane:
    """The plane through `center` (default: where the first run ends) spanned by the top two
    principal directions of every path point's offset from it."""
    paths = np.asarray(paths, dtype=float)
    P = paths.shape[-1]
    if center is None:                       # the first run's last finite point
        first = paths.reshape(-1, paths.shape[-2], P)[0]
        center = first[np.isfinite(first).all(axis=1)][-1]
    c = np.asarray(center, dtype=float)
    x = paths.reshape(-1, P)
    x = x[np.isfinite(x).all(axis=1)]
    x = x - c
    # the top two eigenvectors of the P × P scatter matrix (an SVD of the points is 100× slower)
    w, v = np.linalg.eigh(x.T @ x)
    d1, d2 = v[:, -1], v[:, -2]
    if w[-1] <= 0:                          # every point is the centre: any plane shows them
        d1, d2 = np.eye(P)[0], np.eye(P)[1]
    # an eigenvector's sign is the solver's choice: fix it so that the first run starts at the
    # lower left (a ≤ 0, b ≤ 0), whatever the machine (a link's start (a, b) must mean one θ)
    first = paths.reshape(-1, paths.shape[-2], P)[0]
    s = first[np.isfinite(first).all(axis=1)][0] - c if np.isfinite(first).all(axis=1).any() else np.zeros(P)
    d1 = -d1 if s @ d1 > 0 or (s @ d1 == 0 and d1[np.argmax(np.abs(d1))] < 0) else d1
    d2 = -d2 if s @ d2 > 0 or (s @ d2 == 0 and d2[np.argmax(np.abs(d2))] < 0) else d2
    return Plane(c, d1, d2, "pca")


def random_plane(net, center, seed: int = 0) -> Plane:
    """Two seeded random directions, filter-normalised (Li et al.): in every layer each
    unit's incoming weights (a column of W) are scaled to the norm of that unit's weights at
    the centre; bias directions are 0."""
    rng = np.random.default_rng(seed)
    c = np.asarray(center, dtype=float)
    dirs = []
    for _ in range(2):
        d = rng.standard_normal(c.size)
        for (Wd, bd), (Wc, _) in zip(net.layers(d), net.layers(c)):
            norm_d = np.linalg.norm(Wd, axis=0)
            Wd *= np.linalg.norm(Wc, axis=0) / np.where(norm_d > 0, norm_d, 1.0)
            bd[...] = 0.0
        dirs.append(d)
    return Plane(c, dirs[0], dirs[1], "random")


@dataclass(frozen=True)
class NetworkView(Landscape):
    """A network's loss seen on a plane (see the module's docstring). `explained` is the
    share of the paths' spread the plane shows; `key` names what the view was made from (the
    cache of its contour picture)."""
    net: object = field(default=None, repr=False, compare=False)
    plane: Plane | None = field(default=None, repr=False, compare=False)
    explained: float = 1.0
    key: str = ""
    coarse: int = 61            # a picture of it samples the loss on at most this many points per side

    @classmethod
    def of(cls, net, plane: Plane, bounds, start=(0.0, 0.0), explained: float = 1.0, key: str = ""):
        def f(a, b):
            a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
            return np.asarray(net.loss(plane.point(a, b)), dtype=float)

        def grad(a, b):         # the loss restricted to the plane: (∇L·d₁, ∇L·d₂)
            a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
            g = net.gradient(plane.point(a.ravel(), b.ravel()).reshape(-1, net.dim))
            return (g @ plane.d1).reshape(a.shape), (g @ plane.d2).reshape(a.shape)
        return cls(net.name, net.title, f, grad, tuple(map(tuple, bounds)), tuple(start), (), False,
                   dict(net.params), net.title_uk, data=net.data, net=net, plane=plane,
                   explained=float(explained), key=key)

    @property
    def dim(self) -> int:
        return self.net.dim

    @property
    def theta0(self):
        return self.net.theta0

    @property
    def validation(self):
        return self.net.validation

    def loss(self, theta, idx=None):
        return self.net.loss(theta, idx)

    def gradient(self, theta, idx=None):
        return self.net.gradient(theta, idx)

    def metrics(self, theta):
        return self.net.metrics(theta)

    def predict(self, theta, points):
        return self.net.predict(theta, points)

    def layers(self, theta):
        return self.net.layers(theta)

    def project(self, theta):
        return self.plane.project(theta)
