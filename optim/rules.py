"""Every method's update, written to be read: a pair of pure functions per method, in the
manner of optax (`init`, `update`) and torch.optim's single-tensor path.

    state = rule.init(W)                          # W: (K, P), K runs of P parameters
    W, state = rule.update(W, g, state, t, hp)    # g: (K, P), t: the step (1, 2, ...)

`hp` maps each hyperparameter to a value or an array that broadcasts against (K, 1), so K
runs may each have their own. Nothing here knows about surfaces, dimensions or the app:
P is whatever the arrays say. `run_rule` drives one rule from W0 with a gradient function.

The rules follow PyTorch's conventions operation by operation (`_lerp` is torch's `lerp`,
bias corrections are Python floats as torch computes them), so that float64 runs agree with
torch.optim to 1e-9 (tests/test_rules.py, against PyTorch and lion-pytorch). For the seven
methods of the slides this module is the readable reference of the fused core
(`optim.core`), checked against it step by step; the six newer methods (AdamW, NAdam, RAdam,
Adadelta, Adamax, Lion) exist only here so far: the core does not run them yet.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["Rule", "RULES", "run_rule"]


@dataclass(frozen=True)
class Rule:
    """One method's update. `defaults`: its hyperparameters with PyTorch's default values
    (names as in `optim.METHODS`: alpha, beta, rho, rho1, rho2, eps, weight_decay,
    momentum_decay); `state`: the arrays it keeps per parameter (their count is the memory it
    needs beyond W: GD none, Adam two)."""
    name: str
    defaults: dict
    state: tuple
    update: Callable
    scalars: tuple = ()         # (name, initial value) of per-run numbers it keeps (NAdam's μ product)

    def init(self, W) -> dict:
        """The state at the start: a zero array like W for each of `state`, and the scalars."""
        return {**{n: np.zeros_like(W) for n in self.state}, **dict(self.scalars)}


def _lerp(a, b, w):
    """torch.lerp(a, b, w): a + w (b − a), computed from the nearer end as torch does."""
    return a + w * (b - a) if w < 0.5 else b - (b - a) * (1.0 - w)


def _hp(hp, name):
    v = hp[name]
    return v if np.ndim(v) == 0 else np.asarray(v, dtype=float).reshape(-1, 1)


def _scalar(v, name):
    """A hyperparameter the update uses in a Python-float power or branch (bias corrections,
    schedules): one value for every run."""
    a = np.unique(np.asarray(v, dtype=float))
    if a.size != 1:
        raise ValueError(f"{name} must be the same for every run of this rule")
    return float(a[0])


# ------------------------------------------------------------------ the slides' seven

def _gd(W, g, s, t, hp):
    return W - _hp(hp, "alpha") * g, s


def _momentum(W, g, s, t, hp):
    p = _hp(hp, "beta") * s["p"] + g
    return W - _hp(hp, "alpha") * p, {"p": p}


def _nesterov(W, g, s, t, hp):
    b = _hp(hp, "beta")
    p = b * s["p"] + g
    return W - _hp(hp, "alpha") * (g + b * p), {"p": p}


def _adagrad(W, g, s, t, hp):
    r = s["r"] + g * g
    return W - _hp(hp, "alpha") * g / (np.sqrt(r) + _hp(hp, "eps")), {"r": r}


def _rmsprop(W, g, s, t, hp):
    rho = _hp(hp, "rho")
    r = rho * s["r"] + (1 - rho) * g * g
    return W - _hp(hp, "alpha") * g / (np.sqrt(r) + _hp(hp, "eps")), {"r": r}


def _moments(g, s, hp):
    r1, r2 = _scalar(hp["rho1"], "rho1"), _hp(hp, "rho2")
    p = _lerp(s["p"], g, 1.0 - r1)
    r = r2 * s["r"] + (1 - r2) * g * g
    return p, r, r1


def _adam_step(W, g, s, t, hp, amsgrad=False):
    p, r, r1 = _moments(g, s, hp)
    r2 = _scalar(hp["rho2"], "rho2")
    state = {"p": p, "r": r}
    if amsgrad:
        state["u"] = np.maximum(s["u"], r)
        r = state["u"]
    step = _hp(hp, "alpha") / (1.0 - r1 ** t)
    denom = np.sqrt(r) / math.sqrt(1.0 - r2 ** t) + _hp(hp, "eps")
    return W - step * (p / denom), state


def _adam(W, g, s, t, hp):
    return _adam_step(W, g, s, t, hp)


def _amsgrad(W, g, s, t, hp):
    return _adam_step(W, g, s, t, hp, amsgrad=True)


# ------------------------------------------------------------------ the newer six

def _adamw(W, g, s, t, hp):
    """Decoupled weight decay (Loshchilov & Hutter 2019): W shrinks by αλ, then Adam's step."""
    W = W * (1.0 - _hp(hp, "alpha") * _hp(hp, "weight_decay"))
    return _adam_step(W, g, s, t, hp)


def _nadam(W, g, s, t, hp):
    """Adam with Nesterov's look-ahead (Dozat 2016), torch's momentum schedule
    μ_t = ρ₁ (1 − ½·0.96^(tψ))."""
    r1, r2 = _scalar(hp["rho1"], "rho1"), _scalar(hp["rho2"], "rho2")
    psi = _scalar(hp["momentum_decay"], "momentum_decay")
    mu = r1 * (1.0 - 0.5 * 0.96 ** (t * psi))
    mu_next = r1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
    prod = s["mu_product"] * mu
    prod_next = prod * mu_next
    p, r, _ = _moments(g, s, hp)
    denom = np.sqrt(r / (1.0 - r2 ** t)) + _hp(hp, "eps")
    a = _hp(hp, "alpha")
    W = W - a * (1.0 - mu) / (1.0 - prod) * g / denom
    W = W - a * mu_next / (1.0 - prod_next) * p / denom
    return W, {"p": p, "r": r, "mu_product": prod}


def _radam(W, g, s, t, hp):
    """Rectified Adam (Liu et al. 2020): a plain momentum step while the variance estimate has
    too few samples (ρ_t ≤ 5), Adam's step scaled by the rectification term after."""
    r1, r2 = _scalar(hp["rho1"], "rho1"), _scalar(hp["rho2"], "rho2")
    p, r, _ = _moments(g, s, hp)
    corrected = p / (1.0 - r1 ** t)
    bc2 = 1.0 - r2 ** t
    rho_inf = 2.0 / (1.0 - r2) - 1.0
    rho_t = rho_inf - 2.0 * t * r2 ** t / bc2
    a = _hp(hp, "alpha")
    if rho_t > 5.0:
        rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        adaptive = math.sqrt(bc2) / (np.sqrt(r) + _hp(hp, "eps"))
        W = W - corrected * a * adaptive * rect
    else:
        W = W - corrected * a
    return W, {"p": p, "r": r}


def _adadelta(W, g, s, t, hp):
    """Adadelta (Zeiler 2012): the step's scale is the running RMS of past steps over that of
    the gradients; α = 1 is the paper's rule, no learning rate to tune."""
    rho, eps = _hp(hp, "rho"), _hp(hp, "eps")
    r = rho * s["r"] + (1 - rho) * g * g
    delta = np.sqrt(s["u"] + eps) / np.sqrt(r + eps) * g
    u = rho * s["u"] + (1 - rho) * delta * delta
    return W - _hp(hp, "alpha") * delta, {"r": r, "u": u}


def _adamax(W, g, s, t, hp):
    """Adamax (Kingma & Ba 2015, §7.1): Adam with the infinity norm, u ← max(ρ₂u, |g| + ε)."""
    r1 = _scalar(hp["rho1"], "rho1")
    p = _lerp(s["p"], g, 1.0 - r1)
    u = np.maximum(_hp(hp, "rho2") * s["u"], np.abs(g) + _hp(hp, "eps"))
    return W - _hp(hp, "alpha") / (1.0 - r1 ** t) * p / u, {"p": p, "u": u}


def _lion(W, g, s, t, hp):
    """Lion (Chen et al. 2023, lion-pytorch): the sign of an interpolation of momentum and
    gradient, every coordinate moves by exactly α; decoupled decay λ."""
    a, r1, r2 = _hp(hp, "alpha"), _hp(hp, "rho1"), _hp(hp, "rho2")
    W = W * (1.0 - a * _hp(hp, "weight_decay"))
    W = W - a * np.sign(r1 * s["p"] + (1 - r1) * g)
    return W, {"p": r2 * s["p"] + (1 - r2) * g}


_ADAM = dict(alpha=1e-3, rho1=0.9, rho2=0.999, eps=1e-8)
RULES: dict[str, Rule] = {r.name: r for r in (
    Rule("gd", dict(alpha=1e-3), (), _gd),
    Rule("momentum", dict(alpha=1e-3, beta=0.9), ("p",), _momentum),
    Rule("nesterov", dict(alpha=1e-3, beta=0.9), ("p",), _nesterov),
    Rule("adagrad", dict(alpha=1e-2, eps=1e-10), ("r",), _adagrad),
    Rule("rmsprop", dict(alpha=1e-2, rho=0.99, eps=1e-8), ("r",), _rmsprop),
    Rule("adam", _ADAM, ("p", "r"), _adam),
    Rule("amsgrad", _ADAM, ("p", "r", "u"), _amsgrad),
    Rule("adamw", dict(_ADAM, weight_decay=1e-2), ("p", "r"), _adamw),
    Rule("nadam", dict(_ADAM, alpha=2e-3, momentum_decay=4e-3), ("p", "r"), _nadam, (("mu_product", 1.0),)),
    Rule("radam", dict(_ADAM), ("p", "r"), _radam),
    Rule("adadelta", dict(alpha=1.0, rho=0.9, eps=1e-6), ("r", "u"), _adadelta),
    Rule("adamax", dict(_ADAM, alpha=2e-3), ("p", "u"), _adamax),
    Rule("lion", dict(alpha=1e-4, rho1=0.9, rho2=0.99, weight_decay=0.0), ("p",), _lion),
)}


def run_rule(grad, method: str, W0, steps: int, **hp) -> np.ndarray:
    """The path (K, steps + 1, P) of `method` from W0 (K, P) under `grad` ((K, P) -> (K, P)),
    with the rule's defaults for hyperparameters not given."""
    rule = RULES[method]
    hp = dict(rule.defaults, **hp)
    W = np.array(W0, dtype=float, ndmin=2)
    state = rule.init(W)
    path = [W]
    for t in range(1, int(steps) + 1):
        W, state = rule.update(W, grad(W), state, t, hp)
        path.append(W)
    return np.stack(path, axis=1)
