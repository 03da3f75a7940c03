"""The registry of optimization methods: one entry per method.

Every method is declared once, with its hyperparameters (as `Param` specs), its update
rule in the slides' notation, and its *canonical coefficients*. All methods here are
instances of one general update, which is what the vectorized core executes::

    m ← a1·m + b1·g                    first moment (velocity)
    v ← a2·v + b2·g⊙g                  second moment (accumulator)
    u ← max(amax·u, v)                 running maximum (AMSGrad), else u = v
    m̂ = m / (1 − r1^t),  û = u / (1 − r2^t)          bias correction (Adam)
    W ← W − α · (c1·m̂ + c2·g) / (√û + e)

Multiplying by 1, adding 0 and dividing by 1 are exact in floating point, so a method
run through the general form gives the same numbers as its own textbook rule (tests
check this against `optim.reference`, an independent, straightforward implementation).
The core skips every term whose coefficients are trivial for the whole batch, so plain
GD costs two array operations per step, and a scene that mixes eight different methods
still costs one set of operations per step rather than eight.

Adding a method is one `Method(...)` entry below.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from params import Param

__all__ = ["Method", "METHODS", "SOURCE_PARAMS", "get_method", "method_keys", "COEFFICIENTS"]

# The canonical coefficient names, in the order of the general update above.
COEFFICIENTS = ("a1", "b1", "a2", "b2", "amax", "r1", "r2", "c1", "c2", "e")

_IDENTITY = dict(a1=0.0, b1=1.0, a2=0.0, b2=0.0, amax=0.0, r1=0.0, r2=0.0, c1=1.0, c2=0.0, e=1.0)


def _p(name, symbol, default, lo, hi, scale, tex, en, uk, integer=False, uk_symbol=None):
    return Param(name, symbol, default, lo, hi, scale, integer, tex, {"en": en, "uk": uk},
                 {"uk": uk_symbol} if uk_symbol else {})


def ALPHA(default):
    return _p("alpha", "α", default, 1e-5, 10.0, "log", r"\alpha", "learning rate", "крок навчання")


BETA = _p("beta", "β", 0.9, 0.0, 0.999, "lin", r"\beta", "momentum", "імпульс")
RHO = _p("rho", "ρ", 0.99, 0.0, 0.999, "lin", r"\rho", "decay rate", "коефіцієнт згасання")
RHO1 = _p("rho1", "ρ₁", 0.9, 0.0, 0.999, "lin", r"\rho_1", "first-moment decay", "згасання першого моменту")
RHO2 = _p("rho2", "ρ₂", 0.999, 0.0, 0.999, "lin", r"\rho_2", "second-moment decay", "згасання другого моменту")


def EPS(default):
    return _p("eps", "ε", default, 1e-12, 1.0, "log", r"\varepsilon", "stability constant", "адитивна константа")


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
class Method:
    """One optimization method.

    `coefficients(hp)` maps hyperparameters (floats or arrays of shape (K,)) to the
    canonical coefficients of the general update (missing ones take the identity value).
    `update_tex` is the rule in the slides' notation (TeX, typeset by KaTeX in the page), `state` names the
    method's state variables as on the slides ("p" velocity / first moment, "r" accumulator).
    """
    key: str
    name: str
    params: tuple
    coefficients: Callable = field(repr=False)
    update_tex: str = ""
    state: tuple = ()
    text: dict = field(default_factory=dict, compare=False)
    names: dict = field(default_factory=dict, compare=False)   # the short name in other languages

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

    def canonical(self, hp: dict) -> dict:
        """All canonical coefficients for hyperparameters `hp` (defaults filled in)."""
        full = {**self.defaults, **hp}
        return {**_IDENTITY, **self.coefficients(full)}


def _adam_like(h, amax=0.0):
    return dict(a1=h["rho1"], b1=1 - h["rho1"], a2=h["rho2"], b2=1 - h["rho2"],
                r1=h["rho1"], r2=h["rho2"], e=h["eps"], amax=amax)


METHODS: dict[str, Method] = {m.key: m for m in (
    Method(
        "gd", "GD", (ALPHA(1e-3),),
        lambda h: {},
        r"W_{t+1} = W_t - \alpha g_t",
        (),
        {"en": "Gradient descent", "uk": "Градієнтний спуск"}, {"uk": "ГС"},
    ),
    Method(
        "momentum", "Momentum", (ALPHA(1e-3), BETA),
        lambda h: dict(a1=h["beta"]),
        r"p_{t+1} = \beta p_t + g_t,\quad W_{t+1} = W_t - \alpha p_{t+1}",
        ("p",),
        {"en": "Momentum (heavy ball)", "uk": "Імпульс (метод важкої кулі)"}, {"uk": "Імпульс"},
    ),
    Method(
        "nesterov", "Nesterov", (ALPHA(1e-3), BETA),
        lambda h: dict(a1=h["beta"], c1=h["beta"], c2=1.0),
        r"p_{t+1} = \beta p_t + g_t,\quad W_{t+1} = W_t - \alpha\,(g_t + \beta p_{t+1})",
        ("p",),
        {"en": "Nesterov momentum", "uk": "Імпульс Нестерова"}, {"uk": "Нестеров"},
    ),
    Method(
        "adagrad", "AdaGrad", (ALPHA(0.01), EPS(1e-10)),
        lambda h: dict(a2=1.0, b2=1.0, e=h["eps"]),
        r"r_t = r_{t-1} + g_t \odot g_t,\quad W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t",
        ("r",),
        {"en": "AdaGrad", "uk": "AdaGrad"},
    ),
    Method(
        "rmsprop", "RMSProp", (ALPHA(0.01), RHO, EPS(1e-8)),
        lambda h: dict(a2=h["rho"], b2=1 - h["rho"], e=h["eps"]),
        r"r_t = \rho r_{t-1} + (1-\rho)\, g_t \odot g_t,\quad W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t",
        ("r",),
        {"en": "RMSProp", "uk": "RMSProp"},
    ),
    Method(
        "adam", "Adam", (ALPHA(1e-3), RHO1, RHO2, EPS(1e-8)),
        _adam_like,
        r"p_t = \rho_1 p_{t-1} + (1-\rho_1) g_t,\quad r_t = \rho_2 r_{t-1} + (1-\rho_2)\, g_t \odot g_t,\quad "
        r"\hat p_t = \frac{p_t}{1-\rho_1^t},\quad \hat r_t = \frac{r_t}{1-\rho_2^t},\quad "
        r"W_{t+1} = W_t - \alpha \frac{\hat p_t}{\varepsilon + \sqrt{\hat r_t}}",
        ("p", "r"),
        {"en": "Adam (RMSProp with momentum and bias correction)", "uk": "Adam (RMSProp з імпульсом і корекцією зсуву)"},
    ),
    Method(
        "amsgrad", "AMSGrad", (ALPHA(1e-3), RHO1, RHO2, EPS(1e-8)),
        lambda h: _adam_like(h, amax=1.0),
        r"\text{as Adam, but } \hat r_t = \frac{\max(r^{\max}_{t-1}, r_t)}{1-\rho_2^t}",
        ("p", "r"),
        {"en": "AMSGrad (Adam with a non-decreasing accumulator)", "uk": "AMSGrad (Adam з неспадним накопичувачем)"},
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
