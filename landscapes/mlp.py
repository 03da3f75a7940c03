"""A small neural network's loss as a landscape of P parameters: a multilayer perceptron
(tanh hidden layers, a sigmoid output, the mean binary cross-entropy of the slides,
−[y log ŷ + (1−y) log(1−ŷ)]) on a 2-D data set made here in NumPy.

    net = mlp(dataset="moons", hidden=8, depth=2, n=200, noise=0.2, data_seed=0, init_seed=0,
              init="glorot", val=0.0)
    net.dim, net.theta0             # P, and the initial weights as one flat vector
    net.layers(theta)               # [(W (in, out), b (out,)), ...]: views of the flat vector
    net.data                        # (X (n, 2), y (n,)): the training examples
    net.validation                  # the held-out share `val` of the n examples (may be empty)
    net.loss(theta, idx=None)       # θ (P,) or (K, P); idx (K, B): each run's mini-batch
    net.gradient(theta, idx=None)   # exact backpropagation, vectorised over the K runs
    net.metrics(theta)              # validation loss, training and validation accuracy of θ (..., P)

`val` is the share of the n examples held out for validation (a seeded draw; the rest is
`data`, what the loss and every mini-batch see). `plane` and `plane_seed` choose the 2-D view
(`landscapes.plane`): they travel with the landscape's parameters but do not change its loss.

Initialisation (biases start at 0): "glorot" (uniform ±√(6/(in+out))), "he" (normal, std
√(2/in)), "zero" (every weight 0: the hidden units stay identical, as the slides warn), each
times `scale` (too large saturates tanh and explodes the loss, too small vanishes the
gradient). The loss is computed from the logits (softplus(z) − y z), so it stays finite
however sure the network is. Checked against PyTorch with the same weights and against
finite differences (tests/test_mlp.py).
"""
from __future__ import annotations

import numpy as np

from params import Param

__all__ = ["DATASETS", "INITS", "PLANES", "MLP_PARAMS", "make_data", "MLP", "mlp"]

DATASETS = ("moons", "circles", "xor", "spiral")
INITS = ("glorot", "he", "zero")
PLANES = ("pca", "random")
CHUNK = 16384       # numbers per temporary array (128 kB): see MLP._block


def _choice(name, symbol, default, choices, text, labels, symbols=None):
    return Param(name, symbol, default, 0, 0, tex=rf"\text{{{name}}}", text=text, symbols=symbols or {},
                 choices=choices, labels=labels)


MLP_PARAMS = (
    _choice("dataset", "data", "moons", DATASETS, {"en": "data set", "uk": "набір даних"},
            {"moons": {"en": "two moons", "uk": "два півмісяці"}, "circles": {"en": "circles", "uk": "кола"},
             "xor": {"en": "XOR", "uk": "XOR"}, "spiral": {"en": "spirals", "uk": "спіралі"}}, {"uk": "дані"}),
    Param("hidden", "units", 8, 2, 32, "lin", True, r"\text{units}",
          {"en": "hidden units per layer", "uk": "нейронів у прихованому шарі"}, {"uk": "нейрони"}),
    Param("depth", "layers", 2, 1, 3, "lin", True, r"\text{layers}",
          {"en": "hidden layers (tanh)", "uk": "прихованих шарів (tanh)"}, {"uk": "шари"}),
    Param("n", "n", 200, 8, 200, "lin", True, "n", {"en": "number of examples", "uk": "кількість прикладів"}),
    Param("noise", "noise", 0.2, 0.0, 3.0, "lin", False, r"\sigma_\varepsilon",
          {"en": "noise: spread of the points around their class's shape",
           "uk": "шум: розкид точок навколо форми їхнього класу"}, {"uk": "шум"}),
    Param("val", "val", 0.0, 0.0, 0.5, "lin", False, r"\text{val}",
          {"en": "share of the examples held out for validation", "uk": "частка прикладів, відкладених для валідації"},
          {"uk": "валідація"}),
    Param("data_seed", "data seed", 0, 0, 999, "lin", True, r"\text{seed}",
          {"en": "random seed of the data set", "uk": "зерно генератора даних"}, {"uk": "зерно даних"}),
    _choice("init", "init", "glorot", INITS, {"en": "initial weights", "uk": "початкові ваги"},
            {"glorot": {"en": "Glorot (Xavier)", "uk": "Глоро (Ксав'є)"}, "he": {"en": "He", "uk": "Хе"},
             "zero": {"en": "all zero", "uk": "усі нулі"}}, {"uk": "ініціалізація"}),
    Param("scale", "scale", 1.0, 0.01, 10.0, "log", False, r"\text{scale}",
          {"en": "initial weights × this factor (large: saturation; small: vanishing)",
           "uk": "початкові ваги × цей множник (великий: насичення; малий: згасання)"}, {"uk": "масштаб"}),
    Param("init_seed", "init seed", 0, 0, 999, "lin", True, r"\text{seed}",
          {"en": "random seed of the initial weights", "uk": "зерно початкових ваг"}, {"uk": "зерно ваг"}),
    _choice("plane", "plane", "pca", PLANES, {"en": "the map's plane", "uk": "площина карти"},
            {"pca": {"en": "principal components of the paths", "uk": "головні компоненти шляхів"},
             "random": {"en": "random directions (filter-normalised)", "uk": "випадкові напрями (нормовані)"}},
            {"uk": "площина"}),
    Param("plane_seed", "plane seed", 0, 0, 999, "lin", True, r"\text{seed}",
          {"en": "random seed of the plane's directions", "uk": "зерно напрямів площини"}, {"uk": "зерно площини"}),
)


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
                 init="glorot", scale=1.0, val=0.0, plane="pca", plane_seed=0):
        if init not in INITS:
            raise ValueError(f"unknown initialisation {init!r}; choose one of: {', '.join(INITS)}")
        if plane not in PLANES:
            raise ValueError(f"unknown plane {plane!r}; choose one of: {', '.join(PLANES)}")
        if not (1 <= int(depth) <= 3 and 2 <= int(hidden) <= 32):
            raise ValueError("depth must be 1-3 and hidden 2-32")
        if not 0 <= float(val) < 1:
            raise ValueError("val is a share of the examples in [0, 1)")
        self.params = dict(dataset=dataset, hidden=int(hidden), depth=int(depth), n=int(n), noise=float(noise),
                           data_seed=int(data_seed), init_seed=int(init_seed), init=init, scale=float(scale),
                           val=float(val), plane=plane, plane_seed=int(plane_seed))
        self.sizes = [2] + [int(hidden)] * int(depth) + [1]
        self.shapes = list(zip(self.sizes[:-1], self.sizes[1:]))
        self.dim = sum(a * b + b for a, b in self.shapes)
        X, y = make_data(dataset, int(n), float(noise), int(data_seed))
        held = np.zeros(len(y), dtype=bool)
        n_val = min(int(round(float(val) * len(y))), len(y) - 2)
        held[np.random.default_rng([int(data_seed), 1]).permutation(len(y))[:max(n_val, 0)]] = True
        self.data, self.validation = (X[~held], y[~held]), (X[held], y[held])
        for a in (*self.data, *self.validation):
            a.setflags(write=False)
        self.name = "mlp"
        self.title, self.title_uk = "Neural network (MLP)", "Нейронна мережа"
        self.f_min = None
        self.start = None           # its start is θ₀ (theta0), not a point of a map
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

    def _batch(self, K, idx, data=None):
        X, y = self.data if data is None else data
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

    def _forward(self, theta, idx, data=None):
        th = np.atleast_2d(np.asarray(theta, dtype=float))
        X, y = self._batch(th.shape[0], idx, data)
        layers, hs, z = self._activations(th, X)
        return th, layers, hs, z, y

    def _block(self, B: int) -> int:
        """Runs per block so that each temporary (runs × B × width) stays under `CHUNK`
        numbers: small arrays are recycled by the allocator, large ones cost page faults
        (twice the time of the whole step, measured)."""
        return max(1, CHUNK // (max(B, 1) * max(self.sizes)))

    def loss(self, theta, idx=None):
        """Mean binary cross-entropy of θ (..., P): (...) (a number for θ (P,)). With `idx`
        (K, B), θ is (K, P) and run k's loss is over its batch idx[k]. Many θ are evaluated
        a block at a time, so the activations stay small."""
        th = np.asarray(theta, dtype=float)
        flat = th.reshape(-1, self.dim)
        B = len(self.data[1]) if idx is None else np.shape(idx)[-1]
        step = self._block(B)
        out = np.empty(len(flat))
        for i in range(0, len(flat), step):
            _, _, _, z, y = self._forward(flat[i:i + step], None if idx is None else np.asarray(idx)[i:i + step])
            with np.errstate(over="ignore", invalid="ignore"):
                out[i:i + step] = (np.logaddexp(0.0, z) - y * z).mean(axis=-1)
        return out.reshape(th.shape[:-1]) if th.ndim > 1 else float(out[0])

    def metrics(self, theta) -> dict:
        """For θ (..., P): "val_loss" (NaN without held-out examples), "train_acc" and
        "val_acc" (the share of examples on the right side of p = 0.5), each (...)."""
        th = np.asarray(theta, dtype=float)
        flat = th.reshape(-1, self.dim)
        out = {k: np.full(len(flat), np.nan) for k in ("val_loss", "train_acc", "val_acc")}
        block = self._block(len(self.data[1]))
        for i in range(0, len(flat), block):
            part = flat[i:i + block]
            for which, data in (("train", self.data), ("val", self.validation)):
                if not len(data[1]):
                    continue
                _, _, _, z, y = self._forward(part, None, data)
                with np.errstate(over="ignore", invalid="ignore"):
                    if which == "val":
                        out["val_loss"][i:i + block] = (np.logaddexp(0.0, z) - y * z).mean(axis=-1)
                    ok = ((z > 0) == (y > 0.5)).mean(axis=-1)
                out[f"{which}_acc"][i:i + block] = np.where(np.isfinite(z).all(axis=-1), ok, np.nan)
        return {k: v.reshape(th.shape[:-1]) for k, v in out.items()}

    def gradient(self, theta, idx=None):
        """∂loss/∂θ by backpropagation, the shape of θ."""
        th = np.atleast_2d(np.asarray(theta, dtype=float))
        flat = np.empty((th.shape[0], self.dim))
        step = self._block(len(self.data[1]) if idx is None else np.shape(idx)[-1])
        for i in range(0, len(th), step):
            self._backprop(th[i:i + step], None if idx is None else np.asarray(idx)[i:i + step], flat[i:i + step])
        return flat if np.ndim(theta) > 1 else flat[0]

    def _backprop(self, th, idx, out):
        """The gradient of runs θ (K, P) on their batches, written into out (K, P)."""
        _, layers, hs, z, y = self._forward(th, idx)
        ones = np.ones((1, 1, z.shape[-1]))         # sums over the batch as products (a reduce is slower)
        with np.errstate(over="ignore", invalid="ignore"):
            delta = ((1.0 / (1.0 + np.exp(-z)) - y) / z.shape[-1])[..., None]     # (K, B, 1)
            for i, (gW, gb) in reversed(list(enumerate(self.layers(out)))):
                W, _ = layers[i]
                h = hs[i]
                gW[...] = np.matmul(np.swapaxes(h, -1, -2), delta)
                gb[...] = np.matmul(ones, delta)[:, 0, :]
                if i:
                    delta = np.matmul(delta, np.swapaxes(W, -1, -2)) * (1.0 - h * h)

    def predict(self, theta, points):
        """The probability of class 1 at points (M, 2) for each θ: (K, M) (or (M,))."""
        th = np.atleast_2d(np.asarray(theta, dtype=float))
        X = np.broadcast_to(np.asarray(points, dtype=float), (th.shape[0],) + np.shape(points))
        with np.errstate(over="ignore"):
            p = 1.0 / (1.0 + np.exp(-self._activations(th, X)[2]))
        return p if np.ndim(theta) > 1 else p[0]


def mlp(**params) -> MLP:
    return MLP(**params)
