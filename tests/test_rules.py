"""The readable rules (optim/rules.py) against the implementations they follow, in float64:
torch.optim for twelve methods and lion-pytorch for Lion, to 1e-9 on a 5-parameter quadratic
and two 2-D surfaces from several starts; and, for the slides' seven, against the fused core
(`optim.run`) step by step. The registry drives the lists: a rule without a reference fails."""
from __future__ import annotations

import numpy as np
import pytest

import torch  # a test extra: missing, this module fails rather than skips
from lion_pytorch import Lion

import landscapes
from optim import METHODS, run
from optim.rules import RULES, run_rule

torch.set_default_dtype(torch.float64)


def _lion(params, alpha, rho1, rho2, weight_decay):
    return Lion(params, lr=alpha, betas=(rho1, rho2), weight_decay=weight_decay)


O = torch.optim
TORCH = {   # each rule's reference, called with the rule's hyperparameters
    "gd": lambda P, alpha: O.SGD(P, lr=alpha),
    "momentum": lambda P, alpha, beta: O.SGD(P, lr=alpha, momentum=beta),
    "nesterov": lambda P, alpha, beta: O.SGD(P, lr=alpha, momentum=beta, nesterov=True),
    "adagrad": lambda P, alpha, eps: O.Adagrad(P, lr=alpha, eps=eps),
    "rmsprop": lambda P, alpha, rho, eps: O.RMSprop(P, lr=alpha, alpha=rho, eps=eps),
    "adam": lambda P, alpha, rho1, rho2, eps: O.Adam(P, lr=alpha, betas=(rho1, rho2), eps=eps),
    "amsgrad": lambda P, alpha, rho1, rho2, eps: O.Adam(P, lr=alpha, betas=(rho1, rho2), eps=eps, amsgrad=True),
    "adamw": lambda P, alpha, rho1, rho2, eps, weight_decay: O.AdamW(P, lr=alpha, betas=(rho1, rho2), eps=eps,
                                                                    weight_decay=weight_decay),
    "nadam": lambda P, alpha, rho1, rho2, eps, momentum_decay: O.NAdam(P, lr=alpha, betas=(rho1, rho2), eps=eps,
                                                                      momentum_decay=momentum_decay),
    "radam": lambda P, alpha, rho1, rho2, eps: O.RAdam(P, lr=alpha, betas=(rho1, rho2), eps=eps),
    "adadelta": lambda P, alpha, rho, eps: O.Adadelta(P, lr=alpha, rho=rho, eps=eps),
    "adamax": lambda P, alpha, rho1, rho2, eps: O.Adamax(P, lr=alpha, betas=(rho1, rho2), eps=eps),
    "lion": lambda P, **hp: _lion(P, **hp),
}
LAM = np.array([1.0, 3.0, 10.0, 0.3, 0.1])
rng = np.random.default_rng(0)
SURFACES = {    # name: (gradient of (K, P), starts (K, P), steps)
    "quadratic-5": (lambda W: LAM * W, rng.uniform(-2, 2, (6, 5)), 120),
    "rosenbrock": (None, np.array([[-1.5, 2.0], [0.5, -0.5], [-0.3, 1.2]]), 80),
    "himmelblau": (None, np.array([[0.0, 0.0], [-1.0, 3.5], [2.0, -3.0]]), 80),
}


def gradient(name):
    g = SURFACES[name][0]
    if g is not None:
        return g
    surf = landscapes.get(name)
    return lambda W: np.stack(surf.grad(W[:, 0], W[:, 1]), axis=1)


def settings(method, surface="quadratic-5"):
    """The rule's defaults, with a learning rate that moves visibly in 80-120 steps (and that
    the plain methods survive on Rosenbrock's steep walls)."""
    hp = dict(RULES[method].defaults)
    hp["alpha"] = {"adadelta": 1.0, "lion": 3e-3, "gd": 1e-3}.get(method, 1e-2)
    if surface == "rosenbrock" and method in ("gd", "momentum", "nesterov"):
        hp["alpha"] = 2e-4
    if method in ("adamw", "lion"):
        hp["weight_decay"] = 0.05
    return hp


def torch_path(method, grad, W0, steps, hp):
    W = torch.tensor(W0, requires_grad=True)
    opt = TORCH[method]([W], **hp)
    path = [W.detach().clone()]
    for _ in range(steps):
        W.grad = torch.from_numpy(grad(W.detach().numpy()))
        opt.step()
        path.append(W.detach().clone())
    return torch.stack(path, dim=1).numpy()


def test_every_method_has_a_rule_and_every_rule_a_reference():
    assert set(METHODS) <= set(RULES) and set(RULES) == set(TORCH)


@pytest.mark.parametrize("surface", list(SURFACES))
@pytest.mark.parametrize("method", list(RULES))
def test_rule_matches_its_reference(method, surface):
    grad, W0, steps = gradient(surface), SURFACES[surface][1], SURFACES[surface][2]
    hp = settings(method, surface)
    ours = run_rule(grad, method, W0, steps, **hp)
    ref = torch_path(method, grad, W0, steps, hp)
    assert ours.shape == ref.shape == (len(W0), steps + 1, W0.shape[1])
    assert np.isfinite(ref).all()
    np.testing.assert_allclose(ours, ref, rtol=1e-9, atol=1e-12)
    assert np.abs(ours[:, -1] - ours[:, 0]).max() > 1e-3          # it moved: the check saw something


@pytest.mark.parametrize("method", list(METHODS))
def test_the_fused_core_takes_the_readable_rules_steps(method):
    surf = landscapes.get("rosenbrock")
    W0 = SURFACES["rosenbrock"][1]
    hp = {p.name: p.default for p in METHODS[method].params}
    res = run(surf, method, start=W0, steps=80, **hp)
    np.testing.assert_allclose(res.xy, run_rule(gradient("rosenbrock"), method, W0, 80, **hp), rtol=1e-9, atol=1e-12)


def test_runs_may_differ_in_learning_rate():
    """hp broadcast per run: K runs with K learning rates are K separate runs."""
    grad, W0 = gradient("quadratic-5"), SURFACES["quadratic-5"][1]
    alphas = np.array([1e-3, 1e-2, 3e-2, 1e-1, 3e-3, 2e-2])
    together = run_rule(grad, "adamw", W0, 30, alpha=alphas)
    for k, a in enumerate(alphas):
        np.testing.assert_array_equal(together[k], run_rule(grad, "adamw", W0[k:k + 1], 30, alpha=a)[0])
