"""A small neural network's loss as a landscape of P parameters: a multilayer perceptron
(tanh hidden layers, a sigmoid output, the mean binary cross-entropy of the slides,
−[y log ŷ + (1−y) log(1−ŷ)]) on a 2-D data set made here in NumPy.

    net = mlp(dataset="moons", hidden=8, depth=2, n=200, noise=0.2, data_seed=0, init_seed=0,
              init="glorot")
    net.dim, net.theta0             # P, and the initial weights as one flat vector
    net.layers(theta)               # [(W (in, out), b (out,)), ...]: views of the flat vector
    net.data                        # (X (n, 2), y (n,))
    net.loss(theta, idx=None)       # θ (P,) or (K, P); idx (K, B): each run's mini-batch
    net.gradient(theta, idx=None)   # exact backpropagation, vectorised over the K runs

Initialisation (biases start at 0): "glorot" (uniform ±√(6/(in+out))), "he" (normal, std
√(2/in)), "zero" (every weight 0: the hidden units stay identical, as the slides warn), each
times `scale` (too large saturates tanh and explodes the loss, too small vanishes the
gradient). The loss is computed from the logits (softplus(z) − y z), so it stays finite
however sure the network is. Checked against PyTorch with the same weights and against
finite differences (tests/test_mlp.py).
"""
from __future__ import annotations

import numpy as np

__all__ = ["DATASETS", "INITS", "make_data", "MLP", "mlp"]

DATASETS = ("moons", "circles", "xor", "spiral")
INITS = ("glorot", "he", "zero")


def make_data(name: str = "moons", n: int = 200, noise: float = 0.2, seed: int = 0):
    """(X (n, 2), y (n,)) of a two-class data set: half the points in each class (±1 for n odd)."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of: {', '.join(DATASETS)}")
    rng = np.random.default_rng(seed)
    n1 = n // 2
    n0 = n - n1
    if name == "moons":
        a0, a1 = np.pi * rng.random(n0), np.pi * rng.random(n1)
        X = np.concatenate([np.column_stack([np.cos(a0), np.sin(a0)]),
                            np.column_stack([1 - np.cos(a1), 0.5 - np.sin(a1)])])
    elif name == "circles":
        a0, a1 = 2 * np.pi * rng.random(n0), 2 * np.pi * rng.random(n1)
        X = np.concatenate([np.column_stack([np.cos(a0), np.sin(a0)]),
                            0.5 * np.column_stack([np.cos(a1), np.sin(a1)])])
    elif name == "xor":
        P = rng.uniform(-1, 1, (n, 2))
        lab = (P[:, 0] * P[:, 1] > 0)
        order = np.argsort(lab, kind="stable")
        X = P[order]
        n0 = int((~lab).sum())
    else:   # two interleaved spiral arms
        t0, t1 = rng.random(n0), rng.random(n1)
        arm = lambda t, phase: np.column_stack([t * np.cos(3 * np.pi * t + phase), t * np.sin(3 * np.pi * t + phase)])  # noqa: E731
        X = np.concatenate([arm(t0, 0.0), arm(t1, np.pi)])
    y = np.concatenate([np.zeros(n0), np.ones(n - n0)])
    X = X + noise * rng.standard_normal(X.shape) * (0.5 if name in ("xor", "spiral") else 1.0)
    for a in (X, y):
        a.setflags(write=False)
    return X, y


class MLP:
    """The network's loss over its flat parameter vector (see the module's docstring)."""

    def __init__(self, dataset="moons", hidden=8, depth=2, n=200, noise=0.2, data_seed=0, init_seed=0,
                 init="glorot", scale=1.0):
        if init not in INITS:
            raise ValueError(f"unknown initialisation {init!r}; choose one of: {', '.join(INITS)}")
        if not (1 <= int(depth) <= 3 and 2 <= int(hidden) <= 32):
            raise ValueError("depth must be 1-3 and hidden 2-32")
        self.sizes = [2] + [int(hidden)] * int(depth) + [1]
        self.shapes = list(zip(self.sizes[:-1], self.sizes[1:]))
        self.dim = sum(a * b + b for a, b in self.shapes)
        self.data = make_data(dataset, int(n), float(noise), int(data_seed))
        self.name = f"mlp-{dataset}"
        self.f_min = None
        rng = np.random.default_rng(int(init_seed))
        parts = []
        for a, b in self.shapes:
            if init == "glorot":
                W = rng.uniform(-1, 1, (a, b)) * np.sqrt(6.0 / (a + b))
            elif init == "he":
                W = rng.standard_normal((a, b)) * np.sqrt(2.0 / a)
            else:
                W = np.zeros((a, b))
            parts += [W.ravel() * float(scale), np.zeros(b)]
        self.theta0 = np.concatenate(parts)

    def layers(self, theta):
        """[(W (..., in, out), b (..., out)), ...]: views of θ (..., P), in order."""
        theta = np.asarray(theta, dtype=float)
        out, at = [], 0
        for a, b in self.shapes:
            W = theta[..., at:at + a * b].reshape(theta.shape[:-1] + (a, b))
            at += a * b
            out.append((W, theta[..., at:at + b]))
            at += b
        return out

    def _batch(self, K, idx):
        X, y = self.data
        if idx is None:
            return np.broadcast_to(X, (K,) + X.shape), np.broadcast_to(y, (K, y.size))
        idx = np.asarray(idx)
        return X[idx], y[idx]                                   # (K, B, 2), (K, B)

    def _activations(self, th, X):
        """Each layer's input for inputs X (K, B, 2) under θ (K, P), and the logits (K, B)."""
        hs = [X]
        layers = self.layers(th)
        for W, b in layers[:-1]:
            hs.append(np.tanh(np.matmul(hs[-1], W) + b[:, None, :]))
        W, b = layers[-1]
        return layers, hs, (np.matmul(hs[-1], W) + b[:, None, :])[..., 0]

    def _forward(self, theta, idx):
        th = np.atleast_2d(np.asarray(theta, dtype=float))
        X, y = self._batch(th.shape[0], idx)
        layers, hs, z = self._activations(th, X)
        return th, layers, hs, z, y

    def loss(self, theta, idx=None):
        """Mean binary cross-entropy of θ (..., P): (...) (a number for θ (P,)). With `idx`
        (K, B), θ is (K, P) and run k's loss is over its batch idx[k]. Paths of many θ are
        evaluated a block at a time, so the activations stay small."""
        th = np.asarray(theta, dtype=float)
        if idx is not None or th.ndim <= 2:
            _, _, _, z, y = self._forward(th, idx)
            with np.errstate(over="ignore", invalid="ignore"):
                out = (np.logaddexp(0.0, z) - y * z).mean(axis=-1)
            return out if th.ndim > 1 else float(out[0])
        flat = th.reshape(-1, self.dim)
        out = np.concatenate([self.loss(flat[i:i + 256]) for i in range(0, len(flat), 256)])
        return out.reshape(th.shape[:-1])

    def gradient(self, theta, idx=None):
        """∂loss/∂θ by backpropagation, the shape of θ."""
        th, layers, hs, z, y = self._forward(theta, idx)
        with np.errstate(over="ignore", invalid="ignore"):
            delta = ((1.0 / (1.0 + np.exp(-z)) - y) / z.shape[-1])[..., None]     # (K, B, 1)
            grads = []
            for i in range(len(layers) - 1, -1, -1):
                W, _ = layers[i]
                h = hs[i]
                grads.append((np.matmul(np.swapaxes(h, -1, -2), delta), delta.sum(axis=-2)))
                if i:
                    delta = np.matmul(delta, np.swapaxes(W, -1, -2)) * (1.0 - h * h)
        flat = np.concatenate([part.reshape(th.shape[0], -1) for gW, gb in reversed(grads) for part in (gW, gb)],
                              axis=1)
        return flat if np.ndim(theta) > 1 else flat[0]

    def predict(self, theta, points):
        """The probability of class 1 at points (M, 2) for each θ: (K, M) (or (M,))."""
        th = np.atleast_2d(np.asarray(theta, dtype=float))
        X = np.broadcast_to(np.asarray(points, dtype=float), (th.shape[0],) + np.shape(points))
        with np.errstate(over="ignore"):
            p = 1.0 / (1.0 + np.exp(-self._activations(th, X)[2]))
        return p if np.ndim(theta) > 1 else p[0]


def mlp(**params) -> MLP:
    return MLP(**params)
