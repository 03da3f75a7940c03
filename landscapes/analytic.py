"""Analytic 2D loss surfaces: formula, gradient, plot window, known minima, source.

Every function here is a *factory* returning a `Landscape`. Its docstring states the
formula, the usual domain, the known minima and the source. The surface's `f(x, y)` and
`grad(x, y)` work elementwise on float64 arrays of any broadcastable shape and on plain
numbers (integer *arrays* must be converted first, as `Landscape.value` does); they are written with few NumPy operations because the optimizer core calls
`grad` once per step, on 8 to 10,000 points. So they reuse their own temporaries with
in-place operators (`t += 1.0` updates an array in place and simply rebinds a scalar),
and use tan(πx) instead of sin/cos (NumPy's float64 tan is vectorized, sin/cos are
several times slower): with τ = tan(πx), sin 2πx = 2τ/(1 + τ²), cos 2πx = (1 − τ²)/(1 + τ²)
and sin²πx = τ²/(1 + τ²), all within a few ulp. Far outside the plot window (a diverging
optimizer) they may overflow to inf/NaN; callers silence that with `np.errstate`.

Coordinates of minima are the published ones, polished by a few Newton steps on the
analytic gradient (so the gradient is ~0 at the stored point); the stored value is f
there. Tests check both against the published tables.

`log_scale` (colour the contours by log(f − f_min)) is set where f − f_min spans well
over a decade across most of the plot window: the rule is 90th / 10th percentile of
f − f_min on a grid over `bounds` > 20 (a test checks it). That holds for the curved
valleys and the wide-window quadratics, whose interesting part (the valley floor, the
neighbourhood of the minimum) otherwise falls inside the lowest contour band.

References used below:

* SB  — S. Surjanovic & D. Bingham, *Virtual Library of Simulation Experiments: Test
  Functions and Datasets*, https://www.sfu.ca/~ssurjano
* JY  — M. Jamil & X.-S. Yang (2013), "A literature survey of benchmark functions for
  global optimization problems", Int. J. Math. Modelling & Num. Optimisation 4(2):150–194.
"""
from __future__ import annotations

import math

import numpy as np

from params import Param

from .base import Landscape, Minimum
from .newton import newton

__all__ = [
    "bowl", "narrow_valley", "rosenbrock", "saddle", "saddle_minima", "booth", "matyas",
    "beale", "himmelblau", "six_hump_camel", "goldstein_price", "styblinski_tang",
    "rastrigin", "ackley", "trap", "reddi", "NARROW_VALLEY_PARAMS", "REDDI_PARAMS",
]

SB = "Surjanovic & Bingham, Virtual Library of Simulation Experiments (sfu.ca/~ssurjano)"
JY = ("Jamil & Yang 2013, A literature survey of benchmark functions for global "
      "optimization problems, IJMMNO 4(2)")

_PI = math.pi
_TWO_PI = 2.0 * math.pi
_E = math.e


def _pair(gx, gy):
    """(gx, gy) broadcast to one shape: separable gradients get it only when x, y differ."""
    sx, sy = np.shape(gx), np.shape(gy)
    if sx != sy:
        shape = np.broadcast_shapes(sx, sy)
        gx = np.array(np.broadcast_to(gx, shape), dtype=float)
        gy = np.array(np.broadcast_to(gy, shape), dtype=float)
    return gx, gy


def _polish(grad, x, y, steps=10):
    """Newton steps on the analytic gradient (central-difference Hessian) from (x, y)."""
    x, y, _ = newton(grad, x, y, steps=steps)
    return x, y


def _minima(f, grad, points):
    """Minimum records from published (x, y, is_global) triples: polished, with f there."""
    out = []
    for x, y, is_global in points:
        x, y = _polish(grad, x, y)
        out.append(Minimum(x, y, float(f(np.float64(x), np.float64(y))), is_global))
    return tuple(out)


# --------------------------------------------------------------------------- quadratics

def bowl() -> Landscape:
    """Isotropic bowl f(x, y) = x² + y².

    Domain: all of R² (plotted on [-2, 2]²). Minimum: f(0, 0) = 0, the only stationary
    point. Hessian 2·I: gradient descent with α = 0.5 lands on the minimum in one step and
    diverges for α > 1. The baseline for convergence checks.
    """
    def f(x, y):
        return x * x + y * y

    def grad(x, y):
        return _pair(2.0 * x, 2.0 * y)

    return Landscape(
        name="bowl", title="Bowl (isotropic quadratic)", title_uk="Чаша (ізотропна квадратична)",
        f=f, grad=grad, bounds=((-2.0, 2.0), (-2.0, 2.0)), start=(-1.5, 1.2),
        minima=(Minimum(0.0, 0.0, 0.0, True),), log_scale=False,
        formula_tex=r"f(x, y) = x^2 + y^2",
        reference="Textbook quadratic (e.g. Goodfellow, Bengio & Courville 2016, Deep Learning, §4.3)",
        quadratic=(2.0, 2.0),
    )


NARROW_VALLEY_PARAMS = (
    Param("kappa", "κ", 50.0, 1.0, 1000.0, "log", False, r"\kappa",
          {"en": "condition number λₘₐₓ/λₘᵢₙ", "uk": "число обумовленості λₘₐₓ/λₘᵢₙ"}),
    Param("angle", "θ", 0.0, -90.0, 90.0, "lin", False, r"\theta",
          {"en": "valley direction, degrees", "uk": "напрям долини, градуси"}),
)


def narrow_valley(kappa: float = 50.0, angle: float = 0.0) -> Landscape:
    """Ill-conditioned quadratic valley f = ½(λ₁u² + λ₂v²), rotated by `angle` degrees.

    u = x cos θ + y sin θ runs along the valley floor and v = −x sin θ + y cos θ across
    it; λ₁ = 1/κ (shallow, along the valley) and λ₂ = 1 (steep, across), so the Hessian
    has eigenvalues (1/κ, 1) and condition number κ. With θ = 0 the valley lies along x.
    Domain: R² (plotted on [-5, 5] × [-3, 3]). Minimum: f(0, 0) = 0, the only stationary
    point. GD converges for α < 2/λmax = 2, fastest at α = 2/(λmin + λmax), with rate
    (κ − 1)/(κ + 1) per step; heavy-ball momentum at its best gives (√κ − 1)/(√κ + 1)
    (Goh 2017, "Why Momentum Really Works", Distill; Polyak 1964).
    """
    kappa = float(kappa)
    angle = float(angle)
    lam1, lam2 = 1.0 / kappa, 1.0
    th = math.radians(angle)
    c, s = math.cos(th), math.sin(th)
    if abs(c) < 1e-15:  # exact axis-aligned forms at ±90°
        c = 0.0
    if abs(s) < 1e-15:
        s = 0.0
    # f = ½ (a x² + 2 b x y + d y²): the rotated Hessian [[a, b], [b, d]]
    a = lam1 * c * c + lam2 * s * s
    b = (lam1 - lam2) * c * s
    d = lam1 * s * s + lam2 * c * c
    a2, b2, d2 = 0.5 * a, b, 0.5 * d

    if b == 0.0:
        def f(x, y):
            return a2 * x * x + d2 * y * y

        def grad(x, y):
            return _pair(a * x, d * y)
    else:
        def f(x, y):
            return x * (a2 * x + b2 * y) + d2 * y * y

        def grad(x, y):
            return a * x + b * y, b * x + d * y

    return Landscape(
        name="narrow_valley", title="Narrow valley (ill-conditioned quadratic)",
        title_uk="Вузька долина (погано обумовлена квадратична)",
        f=f, grad=grad, bounds=((-5.0, 5.0), (-3.0, 3.0)), start=(-4.0, 1.5),
        minima=(Minimum(0.0, 0.0, 0.0, True),), log_scale=True,
        params={"kappa": kappa, "angle": angle},
        formula_tex=(r"f = \tfrac12\left(\lambda_1 u^2 + \lambda_2 v^2\right),\; "
                     r"u = x\cos\theta + y\sin\theta,\; v = -x\sin\theta + y\cos\theta,\; "
                     r"\lambda_1 = 1/\kappa,\; \lambda_2 = 1"),
        reference="Goh 2017, Why Momentum Really Works, Distill (distill.pub/2017/momentum)",
        quadratic=(lam1, lam2),
    )


def booth() -> Landscape:
    """Booth function f(x, y) = (x + 2y − 7)² + (2x + y − 5)².

    Domain: [-10, 10]² (SB, JY). Global minimum f(1, 3) = 0, the only stationary point.
    A convex quadratic: Hessian [[10, 8], [8, 10]], eigenvalues 2 and 18 (κ = 9).
    Source: SB (booth.html); JY no. 24.
    """
    def f(x, y):
        a = x + 2.0 * y             # full broadcast shape from here on
        a -= 7.0                    # x + 2y − 7
        b = 2.0 * x + y
        b -= 5.0                    # 2x + y − 5
        a *= a
        b *= b
        a += b
        return a

    def grad(x, y):
        # ∂f/∂x = 10x + 8y − 34, ∂f/∂y = 8x + 10y − 38
        gx = 10.0 * x + 8.0 * y
        gx -= 34.0
        gy = 8.0 * x + 10.0 * y
        gy -= 38.0
        return gx, gy

    return Landscape(
        name="booth", title="Booth", title_uk="Функція Бута",
        f=f, grad=grad, bounds=((-10.0, 10.0), (-10.0, 10.0)), start=(-8.0, 8.0),
        minima=(Minimum(1.0, 3.0, 0.0, True),), log_scale=True,
        formula_tex=r"f(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2",
        reference=SB + "; " + JY,
        quadratic=(2.0, 18.0),
    )


def matyas() -> Landscape:
    """Matyas function f(x, y) = 0.26 (x² + y²) − 0.48 x y.

    Domain: [-10, 10]² (SB, JY). Global minimum f(0, 0) = 0, the only stationary point.
    A convex quadratic whose Hessian [[0.52, −0.48], [−0.48, 0.52]] has eigenvalues 0.04
    (along the diagonal x = y) and 1 (across it): a diagonal valley with κ = 25.
    Source: SB (matya.html); JY no. 71.
    """
    def f(x, y):
        return 0.26 * (x * x + y * y) - 0.48 * x * y

    def grad(x, y):
        return 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x

    return Landscape(
        name="matyas", title="Matyas", title_uk="Функція Матьяса",
        f=f, grad=grad, bounds=((-10.0, 10.0), (-10.0, 10.0)), start=(-8.0, -3.0),
        minima=(Minimum(0.0, 0.0, 0.0, True),), log_scale=True,
        formula_tex=r"f(x, y) = 0.26\,(x^2 + y^2) - 0.48\,x y",
        reference=SB + "; " + JY,
        quadratic=(0.04, 1.0),
    )


# --------------------------------------------------------------------------- saddles

def plateau() -> Landscape:
    """A plateau around a well: f(x, y) = 1 − exp(−(x² + y²)/2).

    Domain: R² (plotted on [-4, 4]²). Minimum: f(0, 0) = 0, the only stationary point. The
    gradient r·exp(−r²/2) (r the distance from the minimum) vanishes away from it: at the
    start (3.2, 2.4), r = 4, it is 0.0013 long, and the loss there is 0.9997. The slides'
    vanishing gradient, as a saturated sigmoid unit sees it: GD crawls across the flat, momentum
    gathers speed on it, methods that divide by √r (RMSProp, Adam) step at full size at once.
    """
    def f(x, y):
        return 1.0 - np.exp(-(x * x + y * y) / 2.0)

    def grad(x, y):
        e = np.exp(-(x * x + y * y) / 2.0)
        return _pair(x * e, y * e)

    return Landscape(
        name="plateau", title="Plateau (vanishing gradient)", title_uk="Плато (згасання градієнта)",
        f=f, grad=grad, bounds=((-4.0, 4.0), (-4.0, 4.0)), start=(3.2, 2.4),
        minima=(Minimum(0.0, 0.0, 0.0, True),), log_scale=False,
        formula_tex=r"f(x, y) = 1 - e^{-(x^2 + y^2)/2}",
        reference="A Gaussian well on a plateau: the vanishing gradient of a saturated unit "
                  "(Goodfellow, Bengio & Courville 2016, Deep Learning, §8.2)",
    )


def trap() -> Landscape:
    """A bowl with a trap: f(x, y) = 0.1 (x² + y²) − 0.3 exp(−4 ((x − 2)² + (y − 1)²)).

    Domain: R² (plotted on [-1.5, 3.5] × [-1.5, 2.5]). Minima: the global one f(0, 0) = 0 (the
    dimple adds −0.3·e⁻²⁰ ≈ 0 there) and a shallow poor one in the dimple near (1.83, 0.91),
    f ≈ 0.16, behind a barrier of about 0.04 (the saddle on the way down to the origin). GD
    from the start (3, 2) rolls into the dimple and stays; noisy mini-batch gradients kick
    most runs out over the low barrier, and the bowl's high walls keep them from coming back:
    the slides' "SGD's noise can keep it out of bad local minima".
    """
    def f(x, y):
        dx, dy = x - 2.0, y - 1.0
        return 0.1 * (x * x + y * y) - 0.3 * np.exp(-4.0 * (dx * dx + dy * dy))

    def grad(x, y):
        dx, dy = x - 2.0, y - 1.0
        e = 2.4 * np.exp(-4.0 * (dx * dx + dy * dy))
        return 0.2 * x + e * dx, 0.2 * y + e * dy

    return Landscape(
        name="trap", title="A shallow trap near the start", title_uk="Мілка пастка біля старту",
        f=f, grad=grad, bounds=((-1.5, 3.5), (-1.5, 2.5)), start=(3.0, 2.0),
        minima=_minima(f, grad, ((0.0, 0.0, True), (1.83, 0.91, False))), log_scale=False,
        formula_tex=r"f(x, y) = 0.1\,(x^2 + y^2) - 0.3\,e^{-4\left((x-2)^2 + (y-1)^2\right)}",
        reference="A quadratic bowl with a Gaussian dimple: a poor local minimum that gradient noise "
                  "escapes (Goodfellow, Bengio & Courville 2016, Deep Learning, §8.2.2 and §8.3.1)",
    )


def saddle() -> Landscape:
    """Saddle f(x, y) = x² − y².

    Domain: R² (plotted on [-2, 2]²). No minimum: unbounded below along the y axis. The
    only stationary point is the saddle (0, 0), attracting along x and repelling along y.
    From a start just off the x axis, GD first slides towards the saddle and then escapes
    exponentially, |y_t| = |y_0| (1 + 2α)^t.
    """
    def f(x, y):
        return x * x - y * y

    def grad(x, y):
        return _pair(2.0 * x, -2.0 * y)

    return Landscape(
        name="saddle", title="Saddle", title_uk="Сідло",
        f=f, grad=grad, bounds=((-2.0, 2.0), (-2.0, 2.0)), start=(-1.5, 1e-3),
        minima=(), log_scale=False, bounded_below=False,
        formula_tex=r"f(x, y) = x^2 - y^2",
        reference="Textbook saddle (Goodfellow, Bengio & Courville 2016, Deep Learning, §4.3 and §8.2.3)",
    )


def saddle_minima() -> Landscape:
    """Saddle between two minima: f(x, y) = x² + (y² − 1)².

    Domain: R² (plotted on [-2, 2]²). Stationary points: the saddle (0, 0) with f = 1 and
    Hessian diag(2, −4), and the two global minima f(0, ±1) = 0 (Hessian diag(2, 8)).
    A start near the x axis (the saddle's stable manifold) makes GD crawl towards the
    saddle, stall there, and only then fall into one of the minima.
    """
    def f(x, y):
        t = y * y - 1.0
        return x * x + t * t

    def grad(x, y):
        return _pair(2.0 * x, 4.0 * y * (y * y - 1.0))

    pts = ((0.0, 1.0, True), (0.0, -1.0, True))
    return Landscape(
        name="saddle_minima", title="Saddle between two minima", title_uk="Сідло між двома мінімумами",
        f=f, grad=grad, bounds=((-2.0, 2.0), (-2.0, 2.0)), start=(-1.8, 1e-3),
        minima=tuple(Minimum(x, y, 0.0, g) for x, y, g in pts), log_scale=False,
        formula_tex=r"f(x, y) = x^2 + \left(y^2 - 1\right)^2",
        reference="Double-well quartic (Goodfellow, Bengio & Courville 2016, Deep Learning, §8.2.3)",
    )


# --------------------------------------------------------------------------- valleys

def rosenbrock() -> Landscape:
    """Rosenbrock's banana f(x, y) = (a − x)² + b (y − x²)², a = 1, b = 100.

    Domain: usually [-2, 2] × [-1, 3] for plots ([-5, 10]² in SB). Global minimum
    f(1, 1) = 0, the only stationary point, at the end of a curved flat-bottomed valley
    y ≈ x². Source: H. H. Rosenbrock (1960), Computer Journal 3(3):175–184; SB (rosen.html).
    """
    def f(x, y):
        t = y - x * x
        t *= t
        t *= 100.0
        d = 1.0 - x
        d *= d
        t += d
        return t

    def grad(x, y):
        gy = y - x * x
        gy *= 200.0                 # ∂f/∂y = 200 (y − x²)
        gx = x * gy
        gx -= x
        gx += 1.0
        gx *= -2.0                  # ∂f/∂x = −2 (1 − x) − 2x · ∂f/∂y
        return gx, gy

    return Landscape(
        name="rosenbrock", title="Rosenbrock", title_uk="Функція Розенброка",
        f=f, grad=grad, bounds=((-2.0, 2.0), (-1.0, 3.0)), start=(-1.5, 2.0),
        minima=(Minimum(1.0, 1.0, 0.0, True),), log_scale=True,
        formula_tex=r"f(x, y) = (1 - x)^2 + 100\,\left(y - x^2\right)^2",
        reference="Rosenbrock 1960, Computer Journal 3(3); " + SB,
    )


def beale() -> Landscape:
    """Beale function f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².

    Domain: [-4.5, 4.5]². Global minimum f(3, 0.5) = 0; the other stationary point in
    the window is a saddle at (0, 1), f = 14.203125. Flat plateaus and steep walls.
    Source: E. M. L. Beale (1958); SB (beale.html); JY no. 10.
    """
    def _terms(x, y):
        # t_k = c_k − x + x y^k = c_k + x (y^k − 1); returns them and y^k − 1
        y1 = y - 1.0
        y2 = y * y
        y3 = y2 * y
        y2 -= 1.0
        y3 -= 1.0
        t1 = x * y1
        t1 += 1.5
        t2 = x * y2
        t2 += 2.25
        t3 = x * y3
        t3 += 2.625
        return t1, t2, t3, y1, y2, y3

    def f(x, y):
        t1, t2, t3, _, _, _ = _terms(x, y)
        t1 *= t1
        t2 *= t2
        t3 *= t3
        t1 += t2
        t1 += t3
        return t1

    def grad(x, y):
        t1, t2, t3, y1, y2, y3 = _terms(x, y)
        # ∂f/∂y = 2x (t1 + 2y (t2 + 1.5 y t3))
        gy = t3 * y                 # t_k have the full broadcast shape, y^k that of y
        gy *= 1.5
        gy += t2
        gy *= y
        gy *= 2.0
        gy += t1
        gy *= x
        gy *= 2.0
        # ∂f/∂x = 2 (t1 (y − 1) + t2 (y² − 1) + t3 (y³ − 1))
        t1 *= y1
        t2 *= y2
        t3 *= y3
        t1 += t2
        t1 += t3
        t1 *= 2.0
        return t1, gy

    return Landscape(
        name="beale", title="Beale", title_uk="Функція Біла",
        f=f, grad=grad, bounds=((-4.5, 4.5), (-4.5, 4.5)), start=(0.7, 1.4),
        minima=_minima(f, grad, [(3.0, 0.5, True)]), log_scale=True,
        formula_tex=(r"f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 "
                     r"+ (2.625 - x + xy^3)^2"),
        reference="Beale 1958; " + SB + "; " + JY,
    )


# --------------------------------------------------------------------------- several minima

def himmelblau() -> Landscape:
    """Himmelblau's function f(x, y) = (x² + y − 11)² + (x + y² − 7)².

    Domain: [-5, 5]² (JY uses [-5, 5]²). Four global minima, all with f = 0:
    (3, 2), (−2.805118, 3.131312), (−3.779310, −3.283186), (3.584428, −1.848126);
    a local maximum at (−0.270845, −0.923039), f = 181.617, and four saddles.
    Source: D. M. Himmelblau (1972), Applied Nonlinear Programming; JY no. 65.
    """
    def _ab(x, y):
        a = x * x
        a = a + y                   # full broadcast shape from here on
        a -= 11.0                   # x² + y − 11
        b = y * y
        b = b + x
        b -= 7.0                    # x + y² − 7
        return a, b

    def f(x, y):
        a, b = _ab(x, y)
        a *= a
        b *= b
        a += b
        return a

    def grad(x, y):
        a, b = _ab(x, y)
        gx = a * x
        gx *= 2.0
        gx += b
        gx *= 2.0                   # 4x a + 2b
        b *= y
        b *= 2.0
        b += a
        b *= 2.0                    # 2a + 4y b
        return gx, b

    pts = [(3.0, 2.0, True), (-2.805118, 3.131312, True),
           (-3.779310, -3.283186, True), (3.584428, -1.848126, True)]
    return Landscape(
        name="himmelblau", title="Himmelblau", title_uk="Функція Хіммельблау",
        f=f, grad=grad, bounds=((-5.0, 5.0), (-5.0, 5.0)), start=(0.0, 0.0),
        minima=_minima(f, grad, pts), log_scale=False,
        formula_tex=r"f(x, y) = \left(x^2 + y - 11\right)^2 + \left(x + y^2 - 7\right)^2",
        reference="Himmelblau 1972, Applied Nonlinear Programming; " + JY,
    )


def six_hump_camel() -> Landscape:
    """Six-hump camel f(x, y) = (4 − 2.1x² + x⁴/3) x² + xy + (−4 + 4y²) y².

    Domain: x ∈ [-3, 3], y ∈ [-2, 2] (plotted, as in SB, on [-2, 2] × [-1, 1]).
    Six minima: two global, f = −1.0316284535 at (0.0898, −0.7126) and (−0.0898, 0.7126);
    local f = −0.2155 at (−1.7036, 0.7961) and (1.7036, −0.7961); local f = 2.1043 at
    (1.6071, 0.5687) and (−1.6071, −0.5687). Source: Dixon & Szegő (1978), Towards Global
    Optimisation 2; SB (camel6.html, global value −1.0316); JY no. 30 (−1.0316284535).
    """
    def f(x, y):
        x2 = x * x
        p = x2 * (1.0 / 3.0)
        p -= 2.1
        p *= x2
        p += 4.0
        p *= x2                     # (4 − 2.1x² + x⁴/3) x²
        y2 = y * y
        q = y2 - 1.0
        q *= y2
        q *= 4.0                    # (4y² − 4) y²
        q = q + p                   # full broadcast shape
        q += x * y
        return q

    def grad(x, y):
        x2 = x * x
        gx = 2.0 * x2
        gx -= 8.4
        gx *= x2
        gx += 8.0
        gx *= x
        gx = gx + y                 # 8x − 8.4x³ + 2x⁵ + y
        gy = 16.0 * (y * y)
        gy -= 8.0
        gy *= y
        gy = gy + x                 # x − 8y + 16y³
        return gx, gy

    pts = [(0.0898, -0.7126, True), (-0.0898, 0.7126, True),
           (-1.7036, 0.7961, False), (1.7036, -0.7961, False),
           (1.6071, 0.5687, False), (-1.6071, -0.5687, False)]
    return Landscape(
        name="six_hump_camel", title="Six-hump camel", title_uk="Шестигорбий верблюд",
        f=f, grad=grad, bounds=((-2.0, 2.0), (-1.0, 1.0)), start=(-1.2, 0.0),
        minima=_minima(f, grad, pts), log_scale=False,
        formula_tex=r"f(x, y) = \left(4 - 2.1x^2 + \tfrac{x^4}{3}\right)x^2 + xy + \left(4y^2 - 4\right)y^2",
        reference="Dixon & Szegő 1978, Towards Global Optimisation 2; " + SB + "; " + JY,
    )


def goldstein_price() -> Landscape:
    """Goldstein–Price function.

    f = [1 + (x + y + 1)² (19 − 14x + 3x² − 14y + 6xy + 3y²)]
        × [30 + (2x − 3y)² (18 − 32x + 12x² + 48y − 36xy + 27y²)].
    Domain: [-2, 2]². Global minimum f(0, −1) = 3; local minima f(−0.6, −0.4) = 30,
    f(1.8, 0.2) = 84, f(1.2, 0.8) = 840. Values span 3 … 10⁶ over the domain.
    Source: Goldstein & Price (1971), Math. Comp. 25(115):569–574; Dixon & Szegő (1978);
    SB (goldpr.html); JY no. 58.
    """
    # With s = x + y + 1 and d = 2x − 3y the two factors are
    #   p = 1 + s² A,  A = 19 − 14x + 3x² − 14y + 6xy + 3y² = 3s² − 20s + 36,
    #   q = 30 + d² B, B = 18 − 32x + 12x² + 48y − 36xy + 27y² = 3d² − 16d + 18,
    # so f = p(s) q(d) with ∂s/∂(x, y) = (1, 1) and ∂d/∂(x, y) = (2, −3):
    #   ∂f/∂x = p' q + 2 p q',  ∂f/∂y = p' q − 3 p q',
    #   p' = 12s³ − 60s² + 72s,  q' = 12d³ − 48d² + 36d.
    def f(x, y):
        s = x + y
        s += 1.0
        p = 3.0 * s
        p -= 20.0
        p *= s
        p += 36.0
        s *= s
        p *= s
        p += 1.0
        d = 2.0 * x
        d = d - 3.0 * y
        q = 3.0 * d
        q -= 16.0
        q *= d
        q += 18.0
        d *= d
        q *= d
        q += 30.0
        p *= q
        return p

    def grad(x, y):
        s = x + y
        s += 1.0
        d = 2.0 * x
        d = d - 3.0 * y
        # p and p' = s (12 s² − 60 s + 72)
        p = 3.0 * s
        p -= 20.0
        p *= s
        p += 36.0
        dp = 12.0 * s
        dp -= 60.0
        dp *= s
        dp += 72.0
        dp *= s
        s *= s
        p *= s
        p += 1.0
        # q and q' = d (12 d² − 48 d + 36)
        q = 3.0 * d
        q -= 16.0
        q *= d
        q += 18.0
        dq = 12.0 * d
        dq -= 48.0
        dq *= d
        dq += 36.0
        dq *= d
        d *= d
        q *= d
        q += 30.0
        dp *= q                     # p' q
        dq *= p                     # p q'
        gx = 2.0 * dq
        gx += dp
        dq *= -3.0
        dq += dp
        return gx, dq

    pts = [(0.0, -1.0, True), (-0.6, -0.4, False), (1.8, 0.2, False), (1.2, 0.8, False)]
    return Landscape(
        name="goldstein_price", title="Goldstein–Price", title_uk="Функція Голдстейна–Прайса",
        f=f, grad=grad, bounds=((-2.0, 2.0), (-2.0, 2.0)), start=(-1.2, 0.0),
        minima=_minima(f, grad, pts), log_scale=True,
        formula_tex=(r"f = \left[1 + (x + y + 1)^2\left(19 - 14x + 3x^2 - 14y + 6xy + 3y^2\right)\right]"
                     r"\left[30 + (2x - 3y)^2\left(18 - 32x + 12x^2 + 48y - 36xy + 27y^2\right)\right]"),
        reference="Goldstein & Price 1971, Math. Comp. 25(115); Dixon & Szegő 1978; " + SB + "; " + JY,
    )


def styblinski_tang() -> Landscape:
    """Styblinski–Tang function f(x, y) = ½ (x⁴ − 16x² + 5x + y⁴ − 16y² + 5y).

    Domain: [-5, 5]². Separable; in each coordinate t⁴ − 16t² + 5t has minima at
    t = −2.903534 (deeper) and t = 2.746803. Hence four minima: global f = −78.33233
    at (−2.903534, −2.903534) (SB tabulates −39.16599·d, JY −39.16617·d for d = 2);
    local f = −64.19561 at (−2.903534, 2.746803) and (2.746803, −2.903534);
    local f = −50.05889 at (2.746803, 2.746803).
    Source: Styblinski & Tang (1990), Neural Networks 3(4):467–483; SB (stybtang.html).
    """
    def _h(t):                      # ½ (t⁴ − 16t² + 5t)
        t2 = t * t
        h = 0.5 * t2
        h -= 8.0
        h *= t2
        h += 2.5 * t
        return h

    def _dh(t):                     # 2t³ − 16t + 2.5
        g = 2.0 * (t * t)
        g -= 16.0
        g *= t
        g += 2.5
        return g

    def f(x, y):
        return _h(x) + _h(y)

    def grad(x, y):
        return _pair(_dh(x), _dh(y))

    lo, hi = -2.903534, 2.746803
    pts = [(lo, lo, True), (lo, hi, False), (hi, lo, False), (hi, hi, False)]
    return Landscape(
        name="styblinski_tang", title="Styblinski–Tang", title_uk="Функція Стиблінського–Танга",
        f=f, grad=grad, bounds=((-5.0, 5.0), (-5.0, 5.0)), start=(4.5, 4.2),
        minima=_minima(f, grad, pts), log_scale=False,
        formula_tex=r"f(x, y) = \tfrac12\left(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y\right)",
        reference="Styblinski & Tang 1990, Neural Networks 3(4); " + SB,
    )


# --------------------------------------------------------------------------- many minima

def rastrigin() -> Landscape:
    """Rastrigin function (2D, A = 10) f = 2A + x² + y² − A (cos 2πx + cos 2πy).

    Domain: [-5.12, 5.12]². Global minimum f(0, 0) = 0; a local minimum near every
    integer point of the grid (about 100 in the window), so gradient methods stop in the
    nearest one. Source: Rastrigin (1974); SB (rastr.html); JY (Rastrigin).
    """
    # 10 (1 − cos 2πt) = 20 sin²πt = 20 τ²/(1 + τ²) and 10 · 2π sin 2πt = 40π τ/(1 + τ²),
    # τ = tan πt (see the module docstring).
    def _h(t):                      # t² + 20 sin²πt
        tau = np.tan(_PI * t)
        tau *= tau
        h = tau + 1.0
        tau /= h
        tau *= 20.0
        tau += t * t
        return tau

    def _dh(t):                     # 2t + 20π sin 2πt
        tau = np.tan(_PI * t)
        g = tau * tau
        g += 1.0
        tau /= g
        tau *= 40.0 * _PI
        tau += 2.0 * t
        return tau

    def f(x, y):
        return _h(x) + _h(y)

    def grad(x, y):
        return _pair(_dh(x), _dh(y))

    return Landscape(
        name="rastrigin", title="Rastrigin", title_uk="Функція Растригіна",
        f=f, grad=grad, bounds=((-5.12, 5.12), (-5.12, 5.12)), start=(-3.7, 3.3),
        minima=(Minimum(0.0, 0.0, 0.0, True),), log_scale=False,
        formula_tex=r"f(x, y) = 20 + x^2 + y^2 - 10\left(\cos 2\pi x + \cos 2\pi y\right)",
        reference="Rastrigin 1974; " + SB,
    )


_SQRT_HALF = math.sqrt(0.5)


def ackley() -> Landscape:
    """Ackley function (2D; a = 20, b = 0.2, c = 2π).

    f = −a exp(−b √(½(x² + y²))) − exp(½(cos cx + cos cy)) + a + e, evaluated in the
    cancellation-free form 20 (1 − e^{−0.2 r}) − e · expm1(−sin²πx − sin²πy).
    Domain: [-32.768, 32.768]² (SB); plotted on [-5, 5]². Global minimum f(0, 0) = 0,
    surrounded by a lattice of shallow local minima near integer points. f has a cone
    tip at the origin: the gradient is undefined there and `grad` returns 0.
    Source: D. H. Ackley (1987), A Connectionist Machine for Genetic Hillclimbing; SB (ackley.html).
    """
    # With ρ = √(x² + y²), r = ρ/√2 and τ = tan πx, σ = tan πy (module docstring):
    #   f = −20 expm1(−0.2 r) − e · expm1(−S),  S = sin²πx + sin²πy = τ²/(1+τ²) + σ²/(1+σ²)
    #   ∂f/∂x = 2√2 e^{−0.2 r} x/ρ + π sin 2πx · e^{1 − S}
    #         = 2√2 e^{−0.2 r} x/ρ + 2π τ/(1+τ²) · exp(1/(1+τ²) + 1/(1+σ²) − 1).
    # ρ is computed as √(x² + y²) (hypot is ~10× slower); below 1e-150, where x² may
    # underflow, x/ρ is replaced by x/1e-150 ≈ 0, the value at the cone tip.
    def f(x, y):
        rho = x * x + y * y
        rho = np.sqrt(rho)
        rho *= -0.2 * _SQRT_HALF
        cone = np.expm1(rho)
        cone *= -20.0
        tx = np.tan(_PI * x)
        tx *= tx
        tx /= tx + 1.0
        ty = np.tan(_PI * y)
        ty *= ty
        ty /= ty + 1.0
        tx = tx + ty                # full broadcast shape
        tx *= -1.0
        tx = np.expm1(tx)
        tx *= -_E
        tx += cone
        return tx

    def grad(x, y):
        rho = x * x + y * y
        rho = np.sqrt(rho)
        k = np.exp((-0.2 * _SQRT_HALF) * rho)
        k *= 2.0 * math.sqrt(2.0)
        k /= np.maximum(rho, 1e-150)        # 2√2 e^{−0.2 r} / ρ
        tx = np.tan(_PI * x)
        dx = tx * tx
        dx += 1.0
        dx = 1.0 / dx                       # 1/(1 + τ²) = cos²πx
        ty = np.tan(_PI * y)
        dy = ty * ty
        dy += 1.0
        dy = 1.0 / dy
        w = dx + dy
        w -= 1.0
        w = np.exp(w)
        w *= _TWO_PI                        # 2π e^{1 − S}
        tx *= dx
        tx = tx * w                         # π sin 2πx e^{1 − S}, full broadcast shape
        ty *= dy
        ty = ty * w
        tx += x * k
        ty += y * k
        return tx, ty

    return Landscape(
        name="ackley", title="Ackley", title_uk="Функція Еклі",
        f=f, grad=grad, bounds=((-5.0, 5.0), (-5.0, 5.0)), start=(-2.5, 2.3),
        minima=(Minimum(0.0, 0.0, 0.0, True),), log_scale=False,
        formula_tex=(r"f(x, y) = -20\,e^{-0.2\sqrt{\frac12(x^2 + y^2)}} "
                     r"- e^{\frac12(\cos 2\pi x + \cos 2\pi y)} + 20 + e"),
        reference="Ackley 1987, A Connectionist Machine for Genetic Hillclimbing; " + SB,
    )


# --------------------------------------------------------------------------- online problems

REDDI_PARAMS = (
    Param("c", "C", 3.0, 2.5, 20.0, "lin", False, "C",
          {"en": "the rare large gradient", "uk": "рідкісний великий градієнт"}),
)


def reddi(c: float = 3.0) -> Landscape:
    """Reddi, Kale & Kumar's counterexample to Adam (2018, "On the Convergence of Adam and
    Beyond", Theorem 1): the online problem f_t(x) = C x if t mod 3 = 1, else −x, on the
    feasible set x ∈ [−1, 1] (every step projected back onto it), with C > 2.

    Domain: the box [−1, 1]² (plotted on [−1.25, 1.25]²). Minimum: the edge x = −1, stored as
    (−1, 0), the start's line.

    Over each period of three steps the loss is (C − 2) x, so the mean loss (drawn, and the
    loss chart's) is f(x, y) = (C − 2)/3 · x, smallest at x = −1: f = −(C − 2)/3. The gradient
    the optimizer sees at step t is C, −1, −1, C, −1, −1, … The coordinate y has no loss and
    no gradient (box [−1, 1] too), so every path is a horizontal line. SGD and AMSGrad reach
    x = −1; Adam with β₁ = 0 and β₂ = 1/(1 + C²) (the paper's settings, α_t = α/√t) forgets
    the rare large gradient within a step or two, lets the frequent −1 win and ends at +1,
    the worst point there is.
    """
    slope = (c - 2.0) / 3.0

    def f(x, y):
        return slope * x + 0.0 * y

    def grad(x, y):
        return _pair(np.full(np.shape(x), slope), np.zeros(np.shape(y)))

    def online(x, y, t):
        return _pair(np.full(np.shape(x), c if t % 3 == 1 else -1.0), np.zeros(np.shape(y)))

    return Landscape(
        name="reddi", title="Adam's counterexample (Reddi et al.)", title_uk="Контрприклад для Adam (Редді та ін.)",
        f=f, grad=grad, bounds=((-1.25, 1.25), (-1.25, 1.25)), start=(0.0, 0.0),
        minima=(Minimum(-1.0, 0.0, -slope, True),), log_scale=False, params={"c": c},
        formula_tex=r"f_t(x) = \begin{cases} C x, & t \bmod 3 = 1 \\ -x, & \text{else} \end{cases},\ x \in [-1, 1]",
        reference="Reddi, Kale & Kumar 2018, On the Convergence of Adam and Beyond, ICLR (Theorem 1)",
        box=((-1.0, 1.0), (-1.0, 1.0)), online=online,
    )
