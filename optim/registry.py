"""The registry of optimization methods: one entry per method, and everything else (the
core, the app's cards, URL keys, narration and sweep axes, the README's table, the tests'
lists) reads it.

An entry holds the method's hyperparameters (`Param` specs: label, default, range, scale,
both languages), its update as a readable pure function (`optim.rules`, over arrays (P, K))
with the names of the state it keeps, the rule in the slides' notation (TeX), what the
narration shows of each step, and the hyperparameter the sweep view puts on its second axis.

The slides' seven are also instances of one general update, which the core runs fused (one
set of array operations per step for any mix of them, in place) when a scene or a sweep
has only these::

    g ← g + l2·W                       an L2 penalty (Adam's weight decay), else nothing
    m ← a1·m + b1·g                    first moment (velocity)
    v ← a2·v + b2·g⊙g                  second moment (accumulator)
    u ← max(amax·u, v)                 running maximum (AMSGrad), else u = v
    m̂ = m / (1 − r1^t),  û = u / (1 − r2^t)          bias correction (Adam)
    W ← W − α · (c1·m̂ + c2·g) / (√û + e)

`fused(hp)` gives a method's *canonical coefficients*; tests check the fused core against
the readable rule step by step. A method without `fused` runs through its rule alone.

Adding a method is one `Method(...)` entry below, its update function in `optim.rules` and
the reference it is checked against in tests/test_rules.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from params import Param
from . import rules

__all__ = ["Method", "METHODS", "SOURCE_PARAMS", "get_method", "method_keys", "COEFFICIENTS", "Row"]

# The canonical coefficient names, in the order of the general update above.
COEFFICIENTS = ("l2", "a1", "b1", "a2", "b2", "amax", "r1", "r2", "c1", "c2", "e")

_IDENTITY = dict(l2=0.0, a1=0.0, b1=1.0, a2=0.0, b2=0.0, amax=0.0, r1=0.0, r2=0.0, c1=1.0, c2=0.0, e=1.0)


def _p(name, symbol, default, lo, hi, scale, tex, en, uk, integer=False, uk_symbol=None):
    return Param(name, symbol, default, lo, hi, scale, integer, tex, {"en": en, "uk": uk},
                 {"uk": uk_symbol} if uk_symbol else {})


def ALPHA(default):
    return _p("alpha", "α", default, 1e-5, 10.0, "log", r"\alpha", "learning rate", "крок навчання")


BETA = _p("beta", "β", 0.9, 0.0, 0.999, "lin", r"\beta", "momentum", "імпульс")


def RHO(default=0.99):
    return _p("rho", "ρ", default, 0.0, 0.999, "lin", r"\rho", "decay rate", "коефіцієнт згасання")


RHO1 = _p("rho1", "ρ₁", 0.9, 0.0, 0.999, "lin", r"\rho_1", "first-moment decay", "згасання першого моменту")


def RHO2(default=0.999):
    return _p("rho2", "ρ₂", default, 0.0, 0.999, "lin", r"\rho_2", "second-moment decay", "згасання другого моменту")


def EPS(default, lo=1e-12):
    return _p("eps", "ε", default, lo, 1.0, "log", r"\varepsilon", "stability constant", "адитивна константа")


def DECAY(default):
    return _p("weight_decay", "λ", default, 0.0, 1.0, "lin", r"\lambda", "weight decay", "згасання ваг")


L2 = _p("weight_decay", "λ", 0.0, 0.0, 1.0, "lin", r"\lambda", "L2 penalty (added to g)", "L2-штраф (додається до g)")
PSI = _p("momentum_decay", "ψ", 4e-3, 0.0, 0.1, "lin", r"\psi", "momentum decay", "згасання імпульсу")

# The gradient source: any method can run on the exact gradient (batch = 0: all the data)
# or on a B-example mini-batch estimate. On analytic surfaces that is g + (σ/√B)·ξ,
# ξ ~ N(0, I) from a generator seeded by `seed` (σ: the spread of one example's gradient);
# on data-driven landscapes, B real examples sampled without replacement.
SOURCE_PARAMS = (
    _p("batch", "B", 0, 0, 4096, "lin", "B", "batch size (0: all data)", "розмір пакету (0: усі дані)", integer=True),
    _p("sigma", "σ", 1.0, 0.0, 100.0, "lin", r"\sigma", "gradient noise of one example",
       "шум градієнта одного прикладу"),
    _p("seed", "seed", 0, 0, 2**31 - 1, "lin", "s", "random seed", "зерно генератора", integer=True,
       uk_symbol="зерно"),
)


@dataclass(frozen=True)
class Row:
    """One line of the narration of a step: a state array (`key`, or "g"), optionally scaled
    per step (`scale(t, hp)`, e.g. Adam's bias correction), with its label in each language;
    or a value `of(g, dW, hp)` computed from the run's gradients and the steps it took, both
    (steps, P), for a rule's equivalent form (heavy ball: −αg + β(Wₜ − Wₜ₋₁))."""
    key: str
    text: dict
    scale: Callable = None
    of: Callable = None


def _heavy_ball(g, dW, hp):
    """−α gₜ + β (Wₜ − Wₜ₋₁): the momentum step written without p (the same numbers)."""
    before = np.vstack([np.zeros_like(dW[:1]), dW[:-1]])
    return -hp["alpha"] * g + hp["beta"] * before


@dataclass(frozen=True)
class Method:
    """One optimization method.

    `update(W, g, state, t, hp)` is its rule (`optim.rules`); `state` names the arrays it
    keeps per parameter (their number is the memory it needs beyond W: GD none, Adam two) and
    `scalars` the per-run numbers with their initial values. `update_tex` is the rule in the
    slides' notation (typeset by KaTeX in the page), one equation per entry; an entry that
    starts with `⟦name⟧` (a penalty's term) is shown only while that value is not 0. `fused(hp)`, for
    the slides' seven, maps hyperparameters to the canonical coefficients of the general
    update. `narration` lists what the narration shows of each step beyond the gradient and
    the step taken; `sweep` is the hyperparameter on the sweep view's second axis (α is the
    first), or None.
    """
    key: str
    name: str
    params: tuple
    update: Callable = field(repr=False)
    update_tex: tuple = ()
    state: tuple = ()
    text: dict = field(default_factory=dict, compare=False)
    names: dict = field(default_factory=dict, compare=False)   # the short name in other languages
    narration: tuple = field(default=(), compare=False)
    sweep: str | None = None
    scalars: tuple = ()
    fused: Callable | None = field(default=None, repr=False)

    def label(self, lang: str = "en") -> str:
        """The short name as the slides write it in `lang` (GD is "ГС" in Ukrainian)."""
        return self.names.get(lang, self.name)

    @property
    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def init(self, W) -> dict:
        """The state before the first step, for W of shape (P, K): a zero array like W per
        state name, and each scalar's initial value per run."""
        return {**{n: np.zeros_like(W) for n in self.state},
                **{n: np.full(W.shape[-1], float(v)) for n, v in self.scalars}}

    def canonical(self, hp: dict) -> dict:
        """All canonical coefficients for hyperparameters `hp` (defaults filled in)."""
        if self.fused is None:
            raise ValueError(f"{self.name} has no fused form")
        full = {**self.defaults, **hp}
        return {**_IDENTITY, **self.fused(full)}


def _adam_like(h, amax=0.0):
    return dict(l2=h.get("weight_decay", 0.0), a1=h["rho1"], b1=1 - h["rho1"], a2=h["rho2"], b2=1 - h["rho2"],
                r1=h["rho1"], r2=h["rho2"], e=h["eps"], amax=amax)


def _t(en, uk=None):
    return {"en": en, "uk": uk or en}


_P_HEAVY = Row("p", _t("velocity p ← βp + g", "імпульс p ← βp + g"))
_P_ADAM = Row("p", _t("p ← ρ₁p + (1−ρ₁)g"))
_R_ADAM = Row("r", _t("r ← ρ₂r + (1−ρ₂)g⊙g"))
_ADAM_ROWS = (_P_ADAM, _R_ADAM,
              Row("p", _t("bias correction p̂ = p/(1−ρ₁ᵗ)", "корекція зсуву p̂ = p/(1−ρ₁ᵗ)"),
                  lambda t, h: 1.0 / (1.0 - h["rho1"] ** t)),
              Row("r", _t("r̂ = r/(1−ρ₂ᵗ)"), lambda t, h: 1.0 / (1.0 - h["rho2"] ** t)))
_ADAM_TEX = (r"p_t = \rho_1 p_{t-1} + (1-\rho_1)\, g_t", r"r_t = \rho_2 r_{t-1} + (1-\rho_2)\, g_t \odot g_t",
             r"\hat p_t = \frac{p_t}{1-\rho_1^t},\quad \hat r_t = \frac{r_t}{1-\rho_2^t}",
             r"W_{t+1} = W_t - \alpha \frac{\hat p_t}{\varepsilon + \sqrt{\hat r_t}}")

METHODS: dict[str, Method] = {m.key: m for m in (
    # ---------------------------------------------------------------- the slides' seven
    Method(
        "gd", "GD", (ALPHA(1e-3),), rules.gd,
        (r"W_{t+1} = W_t - \alpha g_t",), (),
        _t("Gradient descent", "Градієнтний спуск"), {"uk": "ГС"},
        fused=lambda h: {},
    ),
    Method(
        "momentum", "Momentum", (ALPHA(1e-3), BETA), rules.momentum,
        (r"p_{t+1} = \beta p_t + g_t", r"W_{t+1} = W_t - \alpha p_{t+1}"), ("p",),
        _t("Momentum (heavy ball)", "Імпульс (метод важкої кулі)"), {"uk": "Імпульс"},
        (_P_HEAVY, Row("eq", _t("the same step: −αg + β(Wₜ − Wₜ₋₁)", "той самий крок: −αg + β(Wₜ − Wₜ₋₁)"),
                       of=_heavy_ball)), "beta", fused=lambda h: dict(a1=h["beta"]),
    ),
    Method(
        "nesterov", "Nesterov", (ALPHA(1e-3), BETA), rules.nesterov,
        (r"p_{t+1} = \beta p_t + g_t", r"W_{t+1} = W_t - \alpha\,(g_t + \beta p_{t+1})"), ("p",),
        _t("Nesterov momentum", "Імпульс Нестерова"), {"uk": "Нестеров"},
        (_P_HEAVY,), "beta", fused=lambda h: dict(a1=h["beta"], c1=h["beta"], c2=1.0),
    ),
    Method(
        "adagrad", "AdaGrad", (ALPHA(0.01), EPS(1e-10)), rules.adagrad,
        (r"r_t = r_{t-1} + g_t \odot g_t", r"W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t"),
        ("r",), _t("AdaGrad"), {},
        (Row("r", _t("r ← r + g⊙g")),), fused=lambda h: dict(a2=1.0, b2=1.0, e=h["eps"]),
    ),
    Method(
        "rmsprop", "RMSProp", (ALPHA(0.01), RHO(), EPS(1e-8)), rules.rmsprop,
        (r"r_t = \rho r_{t-1} + (1-\rho)\, g_t \odot g_t",
         r"W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t"),
        ("r",), _t("RMSProp"), {},
        (Row("r", _t("r ← ρr + (1−ρ)g⊙g")),), "rho", fused=lambda h: dict(a2=h["rho"], b2=1 - h["rho"], e=h["eps"]),
    ),
    Method(
        "adam", "Adam", (ALPHA(1e-3), RHO1, RHO2(), EPS(1e-8), L2), rules.adam,
        (r"⟦weight_decay⟧g_t = \nabla f(W_t) + \lambda W_t",) + _ADAM_TEX, ("p", "r"),
        _t("Adam (RMSProp with momentum and bias correction)", "Adam (RMSProp з імпульсом і корекцією зсуву)"), {},
        _ADAM_ROWS, "rho1", fused=_adam_like,
    ),
    Method(
        "amsgrad", "AMSGrad", (ALPHA(1e-3), RHO1, RHO2(), EPS(1e-8)), rules.amsgrad,
        (r"\text{as Adam, but } \hat r_t = \frac{\max(r^{\max}_{t-1}, r_t)}{1-\rho_2^t}",), ("p", "r", "u"),
        _t("AMSGrad (Adam with a non-decreasing accumulator)", "AMSGrad (Adam з неспадним накопичувачем)"), {},
        _ADAM_ROWS[:2] + (Row("u", _t("r_max ← max(r_max, r)")),), "rho1", fused=lambda h: _adam_like(h, amax=1.0),
    ),
    # ---------------------------------------------------------------- the newer ones
    Method(
        "adamw", "AdamW", (ALPHA(1e-3), RHO1, RHO2(), EPS(1e-8), DECAY(0.01)), rules.adamw,
        (r"⟦weight_decay⟧W_t \leftarrow (1 - \alpha \cdot \lambda)\, W_t",) + _ADAM_TEX[:3]
        + (r"W_{t+1} = W_t - \alpha \frac{\hat p_t}{\varepsilon + \sqrt{\hat r_t}}",),
        ("p", "r"),
        _t("AdamW (Adam with decoupled weight decay)", "AdamW (Adam з відокремленим згасанням ваг)"), {},
        _ADAM_ROWS, "weight_decay",
    ),
    Method(
        "nadam", "NAdam", (ALPHA(2e-3), RHO1, RHO2(), EPS(1e-8), PSI), rules.nadam,
        (r"\mu_t = \rho_1 \bigl(1 - \tfrac12\, 0.96^{t \cdot \psi}\bigr)",) + _ADAM_TEX[:2]
        + (r"\hat r_t = \frac{r_t}{1-\rho_2^t}",
           r"W_{t+1} = W_t - \alpha \frac{\frac{1-\mu_t}{1-\prod_{i \le t}\mu_i} g_t"
           r" + \frac{\mu_{t+1}}{1-\prod_{i \le t+1}\mu_i} p_t}{\varepsilon + \sqrt{\hat r_t}}"),
        ("p", "r"),
        _t("NAdam (Adam with Nesterov's look-ahead)", "NAdam (Adam із випередженням Нестерова)"), {},
        _ADAM_ROWS[:2], "rho1", scalars=(("mu_product", 1.0),),
    ),
    Method(
        "radam", "RAdam", (ALPHA(1e-3), RHO1, RHO2(), EPS(1e-8)), rules.radam,
        _ADAM_TEX[:3] + (r"\rho_\infty = \tfrac{2}{1-\rho_2} - 1,\quad "
                         r"\rho_t = \rho_\infty - \frac{2t \cdot \rho_2^t}{1-\rho_2^t}",
                         r"W_{t+1} = W_t - \alpha \hat p_t \ \text{ while } \rho_t \le 5",
                         r"W_{t+1} = W_t - \alpha\, \varrho_t \frac{\hat p_t}{\varepsilon' + \sqrt{\hat r_t}}"
                         r",\quad \varrho_t = \sqrt{\frac{(\rho_t-4)(\rho_t-2)\rho_\infty}"
                         r"{(\rho_\infty-4)(\rho_\infty-2)\rho_t}}"),
        ("p", "r"),
        _t("RAdam (rectified Adam: no adaptive step until r is trustworthy)",
           "RAdam (випрямлений Adam: адаптивний крок, лише коли r надійне)"), {},
        _ADAM_ROWS, "rho1",
    ),
    Method(
        "adadelta", "Adadelta", (ALPHA(1.0), RHO(0.9), EPS(1e-6)), rules.adadelta,
        (r"r_t = \rho r_{t-1} + (1-\rho)\, g_t \odot g_t",
         r"\Delta_t = \frac{\sqrt{u_{t-1} + \varepsilon}}{\sqrt{r_t + \varepsilon}} \odot g_t",
         r"u_t = \rho u_{t-1} + (1-\rho)\, \Delta_t \odot \Delta_t",
         r"W_{t+1} = W_t - \alpha \Delta_t"),
        ("r", "u"),
        _t("Adadelta (the step's own scale instead of a learning rate)",
           "Adadelta (масштаб кроку замість кроку навчання)"), {},
        (Row("r", _t("r ← ρr + (1−ρ)g⊙g")), Row("u", _t("u ← ρu + (1−ρ)Δ⊙Δ"))), "rho",
    ),
    Method(
        "adamax", "Adamax", (ALPHA(2e-3), RHO1, RHO2(), EPS(1e-8)), rules.adamax,
        (r"p_t = \rho_1 p_{t-1} + (1-\rho_1)\, g_t",
         r"u_t = \max(\rho_2 u_{t-1},\, |g_t| + \varepsilon)",
         r"W_{t+1} = W_t - \frac{\alpha}{1-\rho_1^t} \frac{p_t}{u_t}"),
        ("p", "u"),
        _t("Adamax (Adam with the infinity norm)", "Adamax (Adam з нормою нескінченності)"), {},
        (_P_ADAM, Row("u", _t("u ← max(ρ₂u, |g|+ε)"))), "rho1",
    ),
    Method(
        "lion", "Lion", (ALPHA(1e-4), RHO1, RHO2(0.99), DECAY(0.0)), rules.lion,
        (r"c_t = \rho_1 p_{t-1} + (1-\rho_1)\, g_t",
         r"W_{t+1} = (1 - \alpha \cdot \lambda)\, W_t - \alpha\, \mathrm{sign}(c_t)",
         r"p_t = \rho_2 p_{t-1} + (1-\rho_2)\, g_t"),
        ("p",),
        _t("Lion (the sign of momentum: every coordinate moves by α)",
           "Lion (знак імпульсу: кожна координата зсувається на α)"), {},
        (Row("p", _t("p ← ρ₂p + (1−ρ₂)g")),), "rho1",
    ),
    Method(
        "adabelief", "AdaBelief", (ALPHA(1e-3), RHO1, RHO2(), EPS(1e-16, lo=1e-20), DECAY(0.0)), rules.adabelief,
        (r"⟦weight_decay⟧W_t \leftarrow (1 - \alpha \cdot \lambda)\, W_t", r"p_t = \rho_1 p_{t-1} + (1-\rho_1)\, g_t",
         r"r_t = \rho_2 r_{t-1} + (1-\rho_2)\, (g_t - p_t) \odot (g_t - p_t) + \varepsilon",
         r"W_{t+1} = W_t - \frac{\alpha}{1-\rho_1^t} \frac{p_t}{\varepsilon + \sqrt{r_t / (1-\rho_2^t)}}"),
        ("p", "r"),
        _t("AdaBelief (Adam scaled by how surprising g is)", "AdaBelief (Adam, масштабований несподіваністю g)"), {},
        (_P_ADAM, Row("r", _t("r ← ρ₂r + (1−ρ₂)(g−p)⊙(g−p) + ε"))), "rho1",
    ),
)}


def method_keys() -> tuple:
    return tuple(METHODS)


def get_method(key: str) -> Method:
    try:
        return METHODS[key]
    except KeyError:
        raise ValueError(f"unknown method {key!r}; choose one of: {', '.join(METHODS)}") from None


def stack_coefficients(groups) -> dict:
    """Canonical coefficients of K runs as float arrays of shape (K,).

    `groups` is a sequence of (method_key, hp, k): k runs of one method whose
    hyperparameters `hp` are floats or arrays of shape (k,).
    """
    parts = {c: [] for c in COEFFICIENTS}
    for key, hp, k in groups:
        canon = get_method(key).canonical(hp)
        for c in COEFFICIENTS:
            parts[c].append(np.broadcast_to(np.asarray(canon[c], dtype=float), (k,)))
    return {c: np.concatenate(v) for c, v in parts.items()}


# --- learning-rate schedules: α_t = α · factor(t), for every method ----------------------
# "The optimal learning rate can change during optimization": each schedule is one entry,
# with its own parameters; `factor(t, hp, T)` is vectorized over t (from 1) and over runs.

@dataclass(frozen=True)
class Schedule:
    key: str
    name: str
    params: tuple
    factor: Callable = field(repr=False)
    tex: str = ""
    text: dict = field(default_factory=dict, compare=False)
    names: dict = field(default_factory=dict, compare=False)   # the short name in other languages

    def label(self, lang: str = "en") -> str:
        """The short name as the slides write it in `lang` (GD is "ГС" in Ukrainian)."""
        return self.names.get(lang, self.name)

    @property
    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}


def _gamma(default):
    return _p("gamma", "γ", default, 0.01, 1.0, "lin", r"\gamma", "decay factor", "коефіцієнт спадання")


SCHEDULES: dict[str, Schedule] = {s.key: s for s in (
    Schedule("constant", "constant", (), lambda t, h, T: np.ones_like(t), r"\alpha_t = \alpha",
             {"en": "constant", "uk": "сталий"}),
    Schedule("step", "step decay",
             (_gamma(0.5), _p("every", "k", 100, 1, 100_000, "log", "k", "steps between drops",
                              "кроків між зменшеннями", integer=True)),
             lambda t, h, T: h["gamma"] ** np.floor((t - 1) / h["every"]),
             r"\alpha_t = \alpha\,\gamma^{\lfloor (t-1)/k \rfloor}", {"en": "step decay", "uk": "східчасте спадання"}),
    Schedule("inverse", "1/t decay",
             (_p("k", "k", 0.01, 1e-4, 10.0, "log", "k", "decay rate", "швидкість спадання"),),
             lambda t, h, T: 1.0 / (1.0 + h["k"] * (t - 1)),
             r"\alpha_t = \frac{\alpha}{1 + k\,(t-1)}", {"en": "1/t decay", "uk": "спадання 1/t"}),
    Schedule("inv_sqrt", "1/√t decay", (),
             lambda t, h, T: 1.0 / np.sqrt(t),
             r"\alpha_t = \frac{\alpha}{\sqrt{t}}", {"en": "1/√t decay", "uk": "спадання 1/√t"}),
    Schedule("exponential", "exponential decay", (_gamma(0.99),),
             lambda t, h, T: h["gamma"] ** (t - 1),
             r"\alpha_t = \alpha\,\gamma^{t-1}", {"en": "exponential decay", "uk": "експоненційне спадання"}),
    Schedule("cosine", "cosine", (),
             lambda t, h, T: 0.5 * (1.0 + np.cos(np.pi * (t - 1) / max(T, 1))),
             r"\alpha_t = \frac{\alpha}{2}\left(1 + \cos\frac{\pi (t-1)}{T}\right)", {"en": "cosine", "uk": "косинусний"}),
)}


def get_schedule(key: str) -> Schedule:
    try:
        return SCHEDULES[key]
    except KeyError:
        raise ValueError(f"unknown schedule {key!r}; choose one of: {', '.join(SCHEDULES)}") from None
