"""Data-driven landscapes: the lecture's loss functions over a model's two parameters.

A model with two parameters (w, b) is fitted to a small synthetic data set; the landscape is
the loss J(w, b) over the parameter plane, with the plot's x-axis = w and y-axis = b (so
`Landscape.f(w, b)`). The losses are the slides' ("Загальні функції втрати", lecture 4),
with the residuals r⁽ⁱ⁾ = ŷ⁽ⁱ⁾ − y⁽ⁱ⁾ of n examples:

=========  ===============================================  ==================================
 loss       J(w, b)                                           note
=========  ===============================================  ==================================
 ``mse``    (1/n) Σ r²                                        the slide shows a square root: a typo
 ``mae``    (1/n) Σ |r|
 ``l2``     ‖r‖₂ = √(Σ r²)                                    Euclidean distance; argmin = MSE's
 ``l1``     ‖r‖₁ = Σ |r|                                      Manhattan distance; argmin = MAE's
 ``huber``  (1/n) Σ h_δ(r), h_δ = r²/2 (|r| ≤ δ),             Huber (1964): quadratic near 0,
            δ(|r| − δ/2) otherwise                            linear in the tails
 ``bce``    −(1/n) Σ [y log ŷ + (1 − y) log(1 − ŷ)]           the slide misses a bracket
=========  ===============================================  ==================================

Linear regression ŷ = w x + b uses the first five; logistic regression ŷ = σ(w x + b) the
binary cross-entropy, computed stably as (1/n) Σ log(1 + e^{∓z}) with `logaddexp`.
Gradients are analytic; for |·| the subgradient sign(r) (0 at a kink), and for the L2 norm
at a perfect fit (r = 0, only when noise = 0) the gradient 0.

Mini-batches (for real SGD in the optimizer core): `batch_loss(w, b, idx)` and
`batch_grad(w, b, idx)` take w, b of shape (K,) and example indices idx of shape (K, B),
one row per run. Mean-type losses (MSE, MAE, Huber, BCE) use the mean over the batch; the
sum-type L1 uses (n/B) Σ_batch |r|, so that for every loss above except L2 the average of
the batch loss and gradient over all batches of size B is exactly the full loss and
gradient (unbiased estimates). L2 = √(Σ r²) is not a sum over examples; its batch version is
√((n/B) Σ_batch r²), the norm of the batch's residuals rescaled to n examples (exact for the
full batch, slightly biased low otherwise, by Jensen's inequality).

Data sets are generated from `numpy.random.default_rng(data_seed)` so that the first k
examples do not depend on n: moving the n slider adds or removes examples, the others stay.

* Regression: x ~ U(0, 3), y = 2x + 1 + noise·ε, ε ~ N(0, 1). With outliers on, every tenth
  example (i = 3, 13, 23, ...) is put at the right end (x ∈ [2.5, 3]) 8–12 units below the
  line: MSE's fit tilts towards them, MAE's barely moves. x is not centred, so MSE's bowl is a tilted, elongated valley (condition number ≈ 19).
* Classification: labels alternate 0, 1, 0, 1, ...; x ~ N(0, s²) for class 0 and N(2, s²)
  for class 1, s = `overlap`. If the two classes happen to be separable (possible for small
  n and s), the labels of the two innermost examples are swapped, so the minimum is finite.

Minima are computed precisely: normal equations for MSE/L2; for MAE/L1 (a linear program)
exactly, by checking the O(n²) lines through two data points (an optimal vertex passes
through two of them); Newton's method with backtracking for Huber and BCE, to a gradient of
~1e-15.
"""
from __future__ import annotations

import math

import numpy as np

from params import Param

from .base import Landscape, Minimum
from .newton import newton

__all__ = ["regression", "classification", "linreg", "logreg", "LOSSES", "linreg_mse", "linreg_mae",
           "linreg_l2", "linreg_l1", "linreg_huber",
           "LINREG_PARAMS", "HUBER_PARAMS", "LOGREG_PARAMS", "regression_data", "classification_data"]

SLIDES = "Lecture 4 slides, «Загальні функції втрати» (common loss functions)"
HUBER = "P. J. Huber (1964), Robust estimation of a location parameter, Ann. Math. Statist. 35(1)"
MAX_N = 200
_CHUNK = 1 << 17          # elements per temporary (runs × examples) in the chunked kernels

_N = Param("n", "n", 40, 8, MAX_N, "lin", True, "n",
           {"en": "number of examples", "uk": "кількість прикладів"})
_SEED = Param("data_seed", "data seed", 0, 0, 999, "lin", True, r"\text{seed}",
              {"en": "random seed of the data set", "uk": "зерно генератора даних"}, {"uk": "зерно даних"})
LINREG_PARAMS = (
    _N,
    Param("noise", "noise", 1.0, 0.0, 3.0, "lin", False, r"\sigma_\varepsilon",
          {"en": "noise: spread of y around the line y = 2x + 1",
           "uk": "шум: розкид y навколо прямої y = 2x + 1"}, {"uk": "шум"}),
    Param("outliers", "outliers", 0, 0, 1, "lin", True, r"\text{outliers}",
          {"en": "outliers: every 10th example far below the line, at the right (0 off, 1 on)",
           "uk": "викиди: кожен 10-й приклад далеко під прямою, справа (0 ні, 1 так)"}, {"uk": "викиди"}),
    _SEED,
)
HUBER_PARAMS = LINREG_PARAMS + (
    Param("delta", "δ", 1.0, 0.1, 10.0, "log", False, r"\delta",
          {"en": "Huber threshold: quadratic for |r| ≤ δ, linear beyond",
           "uk": "поріг Губера: квадратична для |r| ≤ δ, лінійна далі"}),
)
LOGREG_PARAMS = (
    _N,
    Param("overlap", "overlap", 0.5, 0.25, 3.0, "lin", False, "s",
          {"en": "class overlap: spread of each class (centres 2 apart)",
           "uk": "перекриття класів: розкид кожного класу (центри на відстані 2)"}, {"uk": "перекриття"}),
    _SEED,
)

#: loss key -> (English title, Ukrainian title, LaTeX of J)
LOSSES = {
    "mse": ("Linear regression, MSE", "Лінійна регресія, MSE (середньоквадратична похибка)",
            r"J(w, b) = \frac{1}{n}\sum_{i=1}^{n}\left(w x^{(i)} + b - y^{(i)}\right)^2"),
    "mae": ("Linear regression, MAE", "Лінійна регресія, MAE (середня абсолютна похибка)",
            r"J(w, b) = \frac{1}{n}\sum_{i=1}^{n}\left|w x^{(i)} + b - y^{(i)}\right|"),
    "l2": ("Linear regression, L2 (Euclidean distance)", "Лінійна регресія, L2 (евклідова відстань)",
           r"J(w, b) = \sqrt{\sum_{i=1}^{n}\left(w x^{(i)} + b - y^{(i)}\right)^2} = \lVert \hat y - y \rVert_2"),
    "l1": ("Linear regression, L1 (Manhattan distance)", "Лінійна регресія, L1 (манхеттенська відстань)",
           r"J(w, b) = \sum_{i=1}^{n}\left|w x^{(i)} + b - y^{(i)}\right| = \lVert \hat y - y \rVert_1"),
    "huber": ("Linear regression, Huber loss", "Лінійна регресія, функція втрат Губера",
              r"J(w, b) = \frac{1}{n}\sum_{i=1}^{n} h_\delta\left(w x^{(i)} + b - y^{(i)}\right),\; "
              r"h_\delta(r) = \begin{cases} r^2/2 & |r| \le \delta \\ \delta\,(|r| - \delta/2) & |r| > \delta \end{cases}"),
    "bce": ("Logistic regression, binary cross-entropy",
            "Логістична регресія, бінарна перехресна ентропія",
            r"J(w, b) = -\frac{1}{n}\sum_{i=1}^{n}\Big[y^{(i)} \log \hat y^{(i)} + "
            r"\left(1 - y^{(i)}\right)\log\left(1 - \hat y^{(i)}\right)\Big],\; \hat y = \sigma(w x + b)"),
}
_TRUE_W, _TRUE_B = 2.0, 1.0


# --------------------------------------------------------------------------- data sets

def regression_data(n=40, noise=1.0, outliers=0, data_seed=0):
    """(X, Y) for linear regression (see the module docstring); the first k examples do not depend on n."""
    n = int(n)
    rng = np.random.default_rng(int(data_seed))
    x = rng.uniform(0.0, 3.0, MAX_N)[:n]
    eps = rng.standard_normal(MAX_N)[:n]
    u = rng.uniform(size=(2, MAX_N))[:, :n]
    if outliers:                 # far below the line at the right end: points of high leverage
        x[3::10] = 2.5 + 0.5 * u[0, 3::10]
    y = _TRUE_W * x + _TRUE_B + float(noise) * eps
    if outliers:
        y[3::10] -= 8.0 + 4.0 * u[1, 3::10]
    return x, y


def classification_data(n=40, overlap=0.5, data_seed=0):
    """(X, Y) with labels 0/1 for logistic regression; never linearly separable."""
    n = int(n)
    rng = np.random.default_rng(int(data_seed))
    eps = rng.standard_normal(MAX_N)[:n]
    y = (np.arange(n) % 2).astype(float)
    x = 2.0 * y + float(overlap) * eps
    i = np.arange(n) % 10
    y[(i == 4) | (i == 5)] = 1.0 - y[(i == 4) | (i == 5)]     # label noise: one pair in ten mislabelled
    for lo, hi in ((0.0, 1.0), (1.0, 0.0)):      # separable either way round: swap the innermost pair
        a, b = np.flatnonzero(y == lo), np.flatnonzero(y == hi)
        if x[a].max() < x[b].min():
            i, j = a[np.argmax(x[a])], b[np.argmin(x[b])]
            y[i], y[j] = y[j], y[i]
    return x, y


# --------------------------------------------------------------------------- kernels

def _sigmoid(t):
    return np.exp(-np.logaddexp(0.0, -t))


def _pointwise(loss, r, delta, need_loss=True, need_grad=True):
    """Per-example loss and its derivative with respect to the prediction (or the logit)."""
    v = d = None
    if loss in ("mse", "l2"):
        v = r * r if need_loss else None
        d = 2.0 * r if need_grad else None
    elif loss in ("mae", "l1"):
        v = np.abs(r) if need_loss else None
        d = np.sign(r) if need_grad else None
    elif loss == "huber":
        if need_loss:
            a = np.abs(r)
            v = np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))
        d = np.clip(r, -delta, delta) if need_grad else None
    else:  # bce: r is s·z with s = 1 - 2y (+1 for class 0, -1 for class 1)
        v = np.logaddexp(0.0, r) if need_loss else None
        d = _sigmoid(r) if need_grad else None
    return v, d


class _Model:
    """The loss of one data set and model: full and mini-batch values and gradients."""

    def __init__(self, X, Y, loss, delta=1.0):
        self.X = np.asarray(X, dtype=float).copy()
        self.Y = np.asarray(Y, dtype=float).copy()
        for a in (self.X, self.Y):
            a.setflags(write=False)
        if self.X.shape != self.Y.shape or self.X.ndim != 1 or self.X.size < 2:
            raise ValueError("X and Y must be 1-D arrays of the same length (at least 2)")
        if not (np.isfinite(self.X).all() and np.isfinite(self.Y).all()) or np.ptp(self.X) == 0:
            raise ValueError("X and Y must be finite, and X must take at least two different values")
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; valid: {', '.join(LOSSES)}")
        self.loss, self.delta, self.n = loss, float(delta), self.X.size
        self.S = 1.0 - 2.0 * self.Y                       # BCE: the sign of z in each example's loss
        self.S.setflags(write=False)
        if loss == "bce" and not np.isin(self.Y, (0.0, 1.0)).all():
            raise ValueError("logistic regression needs labels 0 and 1")
        x, y = self.X, self.Y
        self.mx, self.mxx = float(x.mean()), float((x * x).mean())
        # the least-squares solution (MSE and L2 are evaluated around it), centred for accuracy
        xc = x - x.mean()
        self.w_ls = float((xc * (y - y.mean())).sum() / (xc * xc).sum())
        self.b_ls = float(y.mean() - self.w_ls * x.mean())
        r = self.w_ls * x + self.b_ls - y
        self.mse_min = float((r * r).mean())

    # ---- the core: mean per-example loss and gradient over rows of examples

    def _rows(self, w, b, x, y, s, need_loss, need_grad):
        """w, b (m,); x, y, s (m, B) or (B,): mean loss and mean gradient per row
        (s = 1 - 2y, the sign of the logit in the BCE of each example)."""
        z = w[:, None] * x + b[:, None]
        if self.loss == "bce":
            v, d = _pointwise("bce", s * z, self.delta, need_loss, need_grad)
            if need_grad:
                d = s * d
        else:
            v, d = _pointwise(self.loss, z - y, self.delta, need_loss, need_grad)
        out = []
        if need_loss:
            out.append(v.mean(axis=1))
        if need_grad:
            out += [(d * x).mean(axis=1), d.mean(axis=1)]
        return out

    def _finish(self, scale, mean_loss=None, gw=None, gb=None):
        """From per-example means to the loss: ×1 (mean losses), ×n (L1), √(n·mean) (L2)."""
        if self.loss == "l2":
            L = np.sqrt(scale * mean_loss) if mean_loss is not None else None
            if gw is not None:
                with np.errstate(all="ignore"):
                    k = np.where(L > 0, scale / (2.0 * np.where(L > 0, L, 1.0)), 0.0)
                return L, gw * k, gb * k
            return L, None, None
        if self.loss == "l1":
            return (None if mean_loss is None else scale * mean_loss,
                    None if gw is None else scale * gw, None if gb is None else scale * gb)
        return mean_loss, gw, gb

    def _chunked(self, w, b, need_loss, need_grad):
        """Full-data loss/gradient for w, b of any broadcastable shape, in bounded memory."""
        w, b = np.broadcast_arrays(np.asarray(w, dtype=float), np.asarray(b, dtype=float))
        shape = w.shape
        wf, bf = w.reshape(-1), b.reshape(-1)
        m = wf.size
        k = (1 if need_loss else 0) + (2 if need_grad else 0)
        outs = [np.empty(m) for _ in range(k)]
        step = max(1, _CHUNK // self.n)
        with np.errstate(all="ignore"):
            for i in range(0, m, step):
                part = self._rows(wf[i:i + step], bf[i:i + step], self.X, self.Y, self.S, need_loss, need_grad)
                for o, p in zip(outs, part):
                    o[i:i + step] = p
        outs = [o.reshape(shape) if shape else np.float64(o[0]) for o in outs]
        return outs

    # ---- the Landscape's functions

    def f(self, w, b):
        if self.loss in ("mse", "l2"):
            return self._quadratic(w, b, need_grad=False)[0]
        (v,) = self._chunked(w, b, True, False)
        if self.loss == "l1":
            return v * self.n
        return v

    def grad(self, w, b):
        if self.loss in ("mse", "l2"):
            _, gw, gb = self._quadratic(w, b, need_grad=True)
            return gw, gb
        gw, gb = self._chunked(w, b, False, True)
        if self.loss == "l1":
            return gw * self.n, gb * self.n
        return gw, gb

    def _quadratic(self, w, b, need_grad):
        """MSE (and L2 = √(n·MSE)) from the exact expansion around the least-squares solution:
        MSE = J* + E[x²] dw² + 2 E[x] dw db + db², written as a sum of squares (never below J*),
        so the cost does not depend on n and a whole grid is cheap."""
        w = np.asarray(w, dtype=float)
        b = np.asarray(b, dtype=float)
        dw, db = w - self.w_ls, b - self.b_ls
        a, c = self.mxx, self.mx
        with np.errstate(all="ignore"):
            u = dw + (c / a) * db
            mse = self.mse_min + a * (u * u) + (1.0 - c * c / a) * (db * db)
            gw = 2.0 * (a * dw + c * db) if need_grad else None
            gb = 2.0 * (c * dw + db) if need_grad else None
        if self.loss == "mse":
            return mse, gw, gb
        return self._finish(self.n, mse, gw, gb)

    def batch_loss(self, w, b, idx):
        return self._batch(w, b, idx, need_grad=False)[0]

    def batch_grad(self, w, b, idx):
        return self._batch(w, b, idx, need_grad=True)[1:]

    def _batch(self, w, b, idx, need_grad):
        w = np.asarray(w, dtype=float).reshape(-1)
        b = np.asarray(b, dtype=float).reshape(-1)
        idx = np.asarray(idx)
        if idx.ndim != 2 or idx.shape[0] != w.size or b.size != w.size:
            raise ValueError(f"idx must have shape (K, B) for K = {w.size} runs, got {idx.shape}")
        K, B = idx.shape
        L, GW, GB = np.empty(K), np.empty(K), np.empty(K)
        step = max(1, _CHUNK // max(B, 1))
        need_loss = not need_grad or self.loss == "l2"       # √ needs the loss for its gradient
        shared = K > 1 and idx.strides[0] == 0                # one batch for all runs (a broadcast view)
        if shared:
            one = idx[0]
            xs, ys, ss = self.X[one], self.Y[one], self.S[one]
        with np.errstate(all="ignore"):
            for i in range(0, K, step):
                sl = slice(i, i + step)
                if not shared:
                    rows = idx[sl]
                    xs, ys, ss = self.X[rows], self.Y[rows], self.S[rows]
                res = self._rows(w[sl], b[sl], xs, ys, ss, need_loss, need_grad)
                if need_loss:
                    L[sl] = res.pop(0)
                if need_grad:
                    GW[sl], GB[sl] = res
            L, gw, gb = self._finish(self.n, L, GW if need_grad else None, GB if need_grad else None)
        return L, gw, gb

    def model(self, w, b, xs):
        """Predictions at inputs xs: w x + b, or σ(w x + b) for logistic regression."""
        w = np.asarray(w, dtype=float)
        b = np.asarray(b, dtype=float)
        xs = np.asarray(xs, dtype=float)
        z = np.multiply.outer(w, xs) + np.multiply.outer(b, np.ones_like(xs))
        if self.loss == "bce":
            with np.errstate(all="ignore"):
                return _sigmoid(z)
        return z

    # ---- the minimum

    def minimum(self):
        """(w*, b*) of the loss, computed as precisely as float64 allows."""
        w, b = self.w_ls, self.b_ls
        if self.loss in ("mse", "l2"):
            return w, b
        if self.loss in ("mae", "l1"):
            return self._lad()
        return self._newton(w if self.loss == "huber" else 0.0, b if self.loss == "huber" else 0.0)

    def _lad(self):
        """Least absolute deviations, exactly: Σ|r| is convex and piecewise linear, so an
        optimal line passes through two data points (a vertex of the linear program). For
        the lines through point i, Σ_j |(x_j − x_i) w − (y_j − y_i)| = Σ_j a_j |w − s_j| with
        slopes s_j and weights a_j = |x_j − x_i| is minimized by the weighted median of the
        slopes; the best of these n lines (and their neighbours in slope order, against
        rounding) is optimal. O(n² log n).
        """
        x, y = self.X, self.Y
        dx = x[None, :] - x[:, None]
        dy = y[None, :] - y[:, None]
        a = np.abs(dx)
        with np.errstate(all="ignore"):
            s = np.where(a > 0, dy / np.where(a > 0, dx, 1.0), 0.0)
        order = np.argsort(s, axis=1, kind="stable")
        s = np.take_along_axis(s, order, axis=1)
        c = np.cumsum(np.take_along_axis(a, order, axis=1), axis=1)
        k = np.argmax(c >= 0.5 * c[:, -1:], axis=1)
        ks = np.clip(np.concatenate([k - 1, k, k + 1]), 0, self.n - 1)
        rows = np.tile(np.arange(self.n), 3)
        W = s[rows, ks]
        Bs = y[rows] - W * x[rows]
        v = np.abs(W[:, None] * x + Bs[:, None] - y).sum(axis=1)
        best = int(np.argmin(v))
        return float(W[best]), float(Bs[best])

    def _newton(self, w, b):
        """Newton's method with backtracking on the (convex, smooth) Huber or BCE loss, with
        its exact Hessian (ridged: Huber's may be singular)."""
        x = self.X

        def parts(w, b):
            z = w * x + b
            if self.loss == "bce":
                p = _sigmoid(z)
                return p - self.Y, p * (1.0 - p)
            r = z - self.Y
            return np.clip(r, -self.delta, self.delta), (np.abs(r) <= self.delta).astype(float)

        def grad(w, b):
            d, _ = parts(w, b)
            return (d * x).mean(), d.mean()

        def hess(w, b):
            _, h = parts(w, b)
            return [[(h * x * x).mean(), (h * x).mean()], [(h * x).mean(), h.mean()]]

        w, b, _ = newton(grad, w, b, f=self.f, hess=hess, steps=200, ridge=1e-12)
        return w, b


# --------------------------------------------------------------------------- Landscapes

_LOG_GRID = 61      # grid points per side for the log-scale rule


def _frame(default, points, margin=0.15):
    """`default` bounds, grown (to whole numbers) where needed to show `points` with a margin."""
    (x0, x1), (y0, y1) = default
    for px, py in points:
        mx, my = margin * (x1 - x0), margin * (y1 - y0)
        x0, x1 = min(x0, math.floor(px - mx)), max(x1, math.ceil(px + mx))
        y0, y1 = min(y0, math.floor(py - my)), max(y1, math.ceil(py + my))
    return (float(x0), float(x1)), (float(y0), float(y1))


def _log_scale(f, bounds, fmin):
    (x0, x1), (y0, y1) = bounds
    W, B = np.meshgrid(np.linspace(x0, x1, _LOG_GRID), np.linspace(y0, y1, _LOG_GRID))
    d = f(W, B) - fmin
    p10, p90 = np.percentile(d, [10, 90])
    return bool(p10 > 0 and p90 / p10 > 20)


def _landscape(model, name, title, title_uk, tex, reference, default_bounds, start, params):
    w, b = model.minimum()
    value = float(model.f(np.float64(w), np.float64(b)))
    bounds = _frame(default_bounds, [(w, b), start])
    quadratic = None
    if model.loss == "mse":
        lam = np.linalg.eigvalsh(2.0 * np.array([[model.mxx, model.mx], [model.mx, 1.0]]))
        quadratic = (float(lam[0]), float(lam[1]))
    return Landscape(
        name=name, title=title, title_uk=title_uk, f=model.f, grad=model.grad,
        bounds=bounds, start=start, minima=(Minimum(w, b, value, True),),
        log_scale=_log_scale(model.f, bounds, value), params=params,
        formula_tex=tex, reference=reference, bounded_below=True, quadratic=quadratic,
        data=(model.X, model.Y), batch_grad=model.batch_grad, batch_loss=model.batch_loss,
        model=model.model,
    )


def regression(X, Y, loss="mse", delta=1.0, *, name=None, bounds=((-3.0, 5.0), (-4.0, 5.0)),
               start=(-1.0, -2.0), params=None) -> Landscape:
    """The landscape J(w, b) of linear regression ŷ = w x + b on the data (X, Y).

    `loss` is one of "mse", "mae", "l2", "l1", "huber" (`delta` is Huber's δ). `bounds` is
    the default window, grown if the minimum or the start would fall outside it.
    """
    if loss == "bce":
        raise ValueError("binary cross-entropy belongs to classification(); regression losses: "
                         "mse, mae, l2, l1, huber")
    if not (math.isfinite(float(delta)) and float(delta) > 0):
        raise ValueError(f"delta must be positive, got {delta!r}")
    model = _Model(X, Y, loss, delta)
    title, title_uk, tex = LOSSES[loss]
    ref = SLIDES + ("; " + HUBER if loss == "huber" else "")
    return _landscape(model, name or f"linreg_{loss}", title, title_uk, tex, ref, bounds,
                      tuple(map(float, start)), dict(params or {}))


def classification(X, Y, *, name="logreg", bounds=((-4.0, 5.0), (-5.0, 4.0)),
                   start=(-2.0, 2.0), params=None) -> Landscape:
    """The landscape J(w, b) of logistic regression ŷ = σ(w x + b) on (X, Y), labels 0/1, BCE loss."""
    model = _Model(X, Y, "bce")
    title, title_uk, tex = LOSSES["bce"]
    return _landscape(model, name, title, title_uk, tex, SLIDES, bounds,
                      tuple(map(float, start)), dict(params or {}))


def linreg(loss: str, n=40, noise=1.0, outliers=0, data_seed=0, delta=None) -> Landscape:
    """Linear regression ŷ = w x + b on a synthetic data set, loss J(w, b) as in the slides.

    Formula: J(w, b) as in `LOSSES[loss]` with r = w x + b − y over n examples
    x ~ U(0, 3), y = 2x + 1 + noise·ε (with outliers on, every tenth put at x ∈ [2.5, 3],
    8–12 below the line).
    Domain: all (w, b) ∈ R² (plotted around the minimum and the start (−1, −2)).
    Minimum: the unique (MSE, L2, Huber) or an optimal (MAE, L1) fit, computed exactly
    (normal equations, lines through two points) or by Newton's method (Huber).
    Source: lecture 4 slides; Huber (1964).
    """
    X, Y = regression_data(n, noise, outliers, data_seed)
    params = {"n": float(n), "noise": float(noise), "outliers": float(outliers), "data_seed": float(data_seed)}
    if loss == "huber":
        params["delta"] = float(1.0 if delta is None else delta)
    return regression(X, Y, loss, params.get("delta", 1.0), params=params)


def logreg(n=40, overlap=0.5, data_seed=0) -> Landscape:
    """Logistic regression ŷ = σ(w x + b) with the binary cross-entropy loss.

    Formula: J(w, b) = −(1/n) Σ [y log ŷ + (1 − y) log(1 − ŷ)] (the slide's missing
    bracket restored), computed as (1/n) Σ log(1 + exp(∓(w x + b))). Data: labels 0, 1
    alternating, x ~ N(2y, overlap²), never linearly separable.
    Domain: all (w, b) ∈ R² (plotted around the minimum and the start (−2, 2)).
    Minimum: unique (the data are not separable), found by Newton's method.
    Source: lecture 4 slides.
    """
    X, Y = classification_data(n, overlap, data_seed)
    return classification(X, Y, params={"n": float(n), "overlap": float(overlap),
                                        "data_seed": float(data_seed)})


# --------------------------------------------------------------------------- registry factories

def linreg_mse(n=40, noise=1.0, outliers=0, data_seed=0) -> Landscape:
    """Linear regression with the mean squared error (1/n) Σ (w x + b − y)² (see `linreg`)."""
    return linreg("mse", n, noise, outliers, data_seed)


def linreg_mae(n=40, noise=1.0, outliers=0, data_seed=0) -> Landscape:
    """Linear regression with the mean absolute error (1/n) Σ |w x + b − y| (see `linreg`)."""
    return linreg("mae", n, noise, outliers, data_seed)


def linreg_l2(n=40, noise=1.0, outliers=0, data_seed=0) -> Landscape:
    """Linear regression with the L2 loss ‖ŷ − y‖₂ = √(Σ (w x + b − y)²) (see `linreg`)."""
    return linreg("l2", n, noise, outliers, data_seed)


def linreg_l1(n=40, noise=1.0, outliers=0, data_seed=0) -> Landscape:
    """Linear regression with the L1 loss ‖ŷ − y‖₁ = Σ |w x + b − y| (see `linreg`)."""
    return linreg("l1", n, noise, outliers, data_seed)


def linreg_huber(n=40, noise=1.0, outliers=0, data_seed=0, delta=1.0) -> Landscape:
    """Linear regression with the Huber loss (1/n) Σ h_δ(w x + b − y) (see `linreg`)."""
    return linreg("huber", n, noise, outliers, data_seed, delta)
