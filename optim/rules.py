"""Every method's update, written to be read: one pure function per method, in the manner of
optax's `update` and torch.optim's single-tensor path.

    W, state = update(W, g, state, t, hp)

W and g are arrays (P, K): column k holds run k's P parameters, so a hyperparameter given
per run, an array of shape (K,), broadcasts along the last axis without a reshape. `state`
maps the method's state names (`optim.METHODS[key].state`, zeros at the start) to arrays
like W, and its per-run scalars (NAdam's product of momentum factors) to arrays (K,). `t` is
the step, 1, 2, ...; `hp` holds every hyperparameter (the learning rate already scheduled).
Nothing here knows about surfaces, dimensions or the app: P is whatever the arrays say.

The rules follow PyTorch's conventions operation by operation (`_lerp` is torch's `lerp`,
ε where torch adds it), so that float64 runs agree with torch.optim and lion-pytorch to 1e-9
(tests/test_rules.py). The core (`optim.core`) runs these functions as they are, except for
the slides' seven, which it also runs through one fused update tested against these.
"""
from __future__ import annotations

import numpy as np

__all__ = ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "amsgrad", "adamw", "nadam", "radam",
           "adadelta", "adamax", "lion", "adabelief"]


def _lerp(a, b, w):
    """torch.lerp(a, b, w) = a + w (b − a), computed from the nearer end as torch does (w per
    run: an array (K,); one w for all runs: a number, and one branch)."""
    if np.ndim(w) == 0:
        return a + w * (b - a) if w < 0.5 else b - (b - a) * (1.0 - w)
    return np.where(w < 0.5, a + w * (b - a), b - (b - a) * (1.0 - w))


# ------------------------------------------------------------------ the slides' seven

def gd(W, g, s, t, hp):
    return W - hp["alpha"] * g, s


def momentum(W, g, s, t, hp):
    p = hp["beta"] * s["p"] + g
    return W - hp["alpha"] * p, {"p": p}


def nesterov(W, g, s, t, hp):
    p = hp["beta"] * s["p"] + g
    return W - hp["alpha"] * (g + hp["beta"] * p), {"p": p}


def adagrad(W, g, s, t, hp):
    r = s["r"] + g * g
    return W - hp["alpha"] * g / (np.sqrt(r) + hp["eps"]), {"r": r}


def rmsprop(W, g, s, t, hp):
    rho = hp["rho"]
    r = rho * s["r"] + (1 - rho) * g * g
    return W - hp["alpha"] * g / (np.sqrt(r) + hp["eps"]), {"r": r}


def _moments(g, s, hp):
    """Adam's two running averages: p of the gradient, r of its square."""
    r2 = hp["rho2"]
    return _lerp(s["p"], g, 1.0 - hp["rho1"]), r2 * s["r"] + (1 - r2) * g * g


def _adam_step(W, p, r, t, hp):
    step = hp["alpha"] / (1.0 - hp["rho1"] ** t)
    denom = np.sqrt(r) / np.sqrt(1.0 - hp["rho2"] ** t) + hp["eps"]
    return W - step * (p / denom)


def adam(W, g, s, t, hp):
    """Adam; a weight decay λ here is torch.optim.Adam's: an L2 penalty added to the gradient
    (g + λW), which the step then divides by √r̂ like the rest of g."""
    if "weight_decay" in hp:
        g = g + hp["weight_decay"] * W
    p, r = _moments(g, s, hp)
    return _adam_step(W, p, r, t, hp), {"p": p, "r": r}


def amsgrad(W, g, s, t, hp):
    """Adam whose denominator never shrinks: it divides by the largest r so far."""
    p, r = _moments(g, s, hp)
    u = np.maximum(s["u"], r)
    return _adam_step(W, p, u, t, hp), {"p": p, "r": r, "u": u}


# ------------------------------------------------------------------ the newer ones

def adamw(W, g, s, t, hp):
    """Decoupled weight decay (Loshchilov & Hutter 2019): W shrinks by αλ, then Adam's step.
    Adam with L2 would add λW to g instead, and its step would divide that by √r̂ too."""
    W = W * (1.0 - hp["alpha"] * hp["weight_decay"])
    p, r = _moments(g, s, hp)
    return _adam_step(W, p, r, t, hp), {"p": p, "r": r}


def nadam(W, g, s, t, hp):
    """Adam with Nesterov's look-ahead (Dozat 2016) as torch.optim.NAdam computes it: the
    momentum factor follows μ_t = ρ₁ (1 − ½·0.96^(tψ)), and the step mixes the gradient
    (weight 1 − μ_t) with the momentum one step ahead (μ_{t+1})."""
    r1, psi = hp["rho1"], hp["momentum_decay"]
    mu = r1 * (1.0 - 0.5 * 0.96 ** (t * psi))
    mu_next = r1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
    prod = s["mu_product"] * mu
    p, r = _moments(g, s, hp)
    denom = np.sqrt(r / (1.0 - hp["rho2"] ** t)) + hp["eps"]
    a = hp["alpha"]
    W = W - a * (1.0 - mu) / (1.0 - prod) * g / denom
    W = W - a * mu_next / (1.0 - prod * mu_next) * p / denom
    return W, {"p": p, "r": r, "mu_product": prod}


def radam(W, g, s, t, hp):
    """Rectified Adam (Liu et al. 2020): while the variance estimate rests on too few samples
    (ρ_t ≤ 5: the first 5 steps at ρ₂ = 0.999) a plain momentum step α p̂; after, Adam's step
    scaled by the rectification term, which grows from 0 towards 1."""
    r1, r2 = hp["rho1"], hp["rho2"]
    p, r = _moments(g, s, hp)
    corrected = p / (1.0 - r1 ** t)
    bc2 = 1.0 - r2 ** t
    rho_inf = 2.0 / (1.0 - r2) - 1.0
    rho_t = rho_inf - 2.0 * t * r2 ** t / bc2
    a = hp["alpha"]
    plain = np.ndim(rho_t) == 0 and rho_t <= 5.0       # (one ρ₂ for all runs: one branch)
    if not plain:
        with np.errstate(invalid="ignore", divide="ignore"):
            rect = np.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        adaptive = W - corrected * a * (np.sqrt(bc2) / (np.sqrt(r) + hp["eps"])) * rect
    if np.ndim(rho_t) == 0:
        return (W - corrected * a if plain else adaptive), {"p": p, "r": r}
    return np.where(rho_t > 5.0, adaptive, W - corrected * a), {"p": p, "r": r}


def adadelta(W, g, s, t, hp):
    """Adadelta (Zeiler 2012): the step is the gradient times the running RMS of past steps
    over that of the gradients; with α = 1 (the paper's rule) there is no learning rate."""
    rho, eps = hp["rho"], hp["eps"]
    r = rho * s["r"] + (1 - rho) * g * g
    delta = np.sqrt(s["u"] + eps) / np.sqrt(r + eps) * g
    u = rho * s["u"] + (1 - rho) * delta * delta
    return W - hp["alpha"] * delta, {"r": r, "u": u}


def adamax(W, g, s, t, hp):
    """Adamax (Kingma & Ba 2015, §7.1): Adam with the infinity norm, u ← max(ρ₂u, |g| + ε)."""
    p = _lerp(s["p"], g, 1.0 - hp["rho1"])
    u = np.maximum(hp["rho2"] * s["u"], np.abs(g) + hp["eps"])
    return W - hp["alpha"] / (1.0 - hp["rho1"] ** t) * p / u, {"p": p, "u": u}


def lion(W, g, s, t, hp):
    """Lion (Chen et al. 2023, as lion-pytorch): the sign of an interpolation of momentum and
    gradient, so every coordinate moves by exactly α; decoupled decay λ; the momentum is
    updated after, with ρ₂."""
    a, r1, r2 = hp["alpha"], hp["rho1"], hp["rho2"]
    W = W * (1.0 - a * hp["weight_decay"])
    W = W - a * np.sign(r1 * s["p"] + (1 - r1) * g)
    return W, {"p": r2 * s["p"] + (1 - r2) * g}


def adabelief(W, g, s, t, hp):
    """AdaBelief (Zhuang et al. 2020, adabelief-pytorch without rectification): Adam whose r
    tracks (g − p)², how far g strays from its running mean, instead of g²: a gradient that
    agrees with the momentum gets a large step, a surprising one a small step."""
    W = W * (1.0 - hp["alpha"] * hp["weight_decay"])
    r1, r2, eps = hp["rho1"], hp["rho2"], hp["eps"]
    p = r1 * s["p"] + (1 - r1) * g
    r = r2 * s["r"] + (1 - r2) * (g - p) * (g - p) + eps
    denom = np.sqrt(r) / np.sqrt(1.0 - r2 ** t) + eps
    return W - hp["alpha"] / (1.0 - r1 ** t) * (p / denom), {"p": p, "r": r}
