"""Every method against the implementation it follows, in float64 to 1e-9: torch.optim,
lion-pytorch for Lion, adabelief-pytorch for AdaBelief; on a 5-parameter quadratic, a
4-parameter Rosenbrock and two 2-D surfaces from several starts. Both the readable rule (`optim.reference`) and the core
(`optim.run`, fused for the slides' seven) are checked, alone and with every other method in
one scene. The registry drives the lists: a method without a reference fails."""
from __future__ import annotations

import numpy as np
import pytest

import torch  # a test extra: missing, this module fails rather than skips
from adabelief_pytorch import AdaBelief
from lion_pytorch import Lion

import landscapes
from landscapes import nd
from optim import METHODS, run, run_many
from optim.reference import reference_run

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
    "adam": lambda P, alpha, rho1, rho2, eps, weight_decay: O.Adam(P, lr=alpha, betas=(rho1, rho2), eps=eps,
                                                                  weight_decay=weight_decay),
    "amsgrad": lambda P, alpha, rho1, rho2, eps: O.Adam(P, lr=alpha, betas=(rho1, rho2), eps=eps, amsgrad=True),
    "adamw": lambda P, alpha, rho1, rho2, eps, weight_decay: O.AdamW(P, lr=alpha, betas=(rho1, rho2), eps=eps,
                                                                    weight_decay=weight_decay),
    "nadam": lambda P, alpha, rho1, rho2, eps, momentum_decay: O.NAdam(P, lr=alpha, betas=(rho1, rho2), eps=eps,
                                                                      momentum_decay=momentum_decay),
    "radam": lambda P, alpha, rho1, rho2, eps: O.RAdam(P, lr=alpha, betas=(rho1, rho2), eps=eps),
    "adadelta": lambda P, alpha, rho, eps: O.Adadelta(P, lr=alpha, rho=rho, eps=eps),
    "adamax": lambda P, alpha, rho1, rho2, eps: O.Adamax(P, lr=alpha, betas=(rho1, rho2), eps=eps),
    "lion": lambda P, **hp: _lion(P, **hp),
    "adabelief": lambda P, alpha, rho1, rho2, eps, weight_decay: AdaBelief(
        P, lr=alpha, betas=(rho1, rho2), eps=eps, weight_decay=weight_decay, rectify=False, print_change_log=False),
}
rng = np.random.default_rng(0)
SURFACES = {    # name: (landscape, starts (K, P), steps)
    "quadratic-5": (nd.quadratic(5, 10.0), rng.uniform(-2, 2, (6, 5)), 120),
    "rosenbrock-4": (nd.rosenbrock(4), rng.uniform(-1.5, 1.5, (3, 4)), 60),
    "rosenbrock": (landscapes.get("rosenbrock"), np.array([[-1.5, 2.0], [0.5, -0.5], [-0.3, 1.2]]), 80),
    "himmelblau": (landscapes.get("himmelblau"), np.array([[0.0, 0.0], [-1.0, 3.5], [2.0, -3.0]]), 80),
}


def gradient(name):
    """The landscape's gradient as torch is handed it: (K, P) -> (K, P)."""
    surf = SURFACES[name][0]
    if hasattr(surf, "dim"):
        return surf.gradient
    return lambda W: np.stack(surf.grad(W[:, 0], W[:, 1]), axis=1)


def settings(method, surface="quadratic-5"):
    """The rule's defaults, with a learning rate that moves visibly in 80-120 steps (and that
    the plain methods survive on Rosenbrock's steep walls)."""
    hp = dict(METHODS[method].defaults)
    hp["alpha"] = {"adadelta": 1.0, "lion": 3e-3, "gd": 1e-3}.get(method, 1e-2)
    if surface.startswith("rosenbrock") and method in ("gd", "momentum", "nesterov", "radam"):
        hp["alpha"] = 2e-4
    if method in ("adam", "adamw", "lion", "adabelief"):     # Adam's is L2 (coupled), the others' decoupled
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


def test_every_method_has_a_reference():
    assert set(METHODS) == set(TORCH)


@pytest.mark.parametrize("surface", list(SURFACES))
@pytest.mark.parametrize("method", list(METHODS))
def test_method_matches_its_reference(method, surface):
    """The readable rule and the core, each against torch (or lion-pytorch)."""
    surf, W0, steps = SURFACES[surface]
    hp = settings(method, surface)
    ref = torch_path(method, gradient(surface), W0, steps, hp)
    ours = reference_run(surf, method, W0, steps, **hp)
    core = run(surf, method, start=W0, steps=steps, **hp).theta
    assert ours.shape == core.shape == ref.shape == (len(W0), steps + 1, W0.shape[1])
    assert np.isfinite(ref).all()
    np.testing.assert_allclose(ours, ref, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(core, ref, rtol=1e-9, atol=1e-12)
    assert np.abs(ref[:, -1] - ref[:, 0]).max() > 1e-3          # it moved: the check saw something


@pytest.mark.parametrize("surface", ["quadratic-5", "himmelblau"])
def test_every_method_in_one_scene(surface):
    """Every method in one call, each with its own start and settings, in a mixed order: each
    run is what torch computes for it alone."""
    surf, W0, steps = SURFACES[surface]
    keys = list(METHODS)[::-1]
    runs = [{"method": m, "start": W0[i % len(W0)], **settings(m, surface)} for i, m in enumerate(keys)]
    res = run_many(surf, runs, steps=steps)
    assert res.methods == tuple(keys)
    for i, m in enumerate(keys):
        ref = torch_path(m, gradient(surface), W0[i % len(W0)][None], steps, settings(m, surface))[0]
        np.testing.assert_allclose(res.theta[i], ref, rtol=1e-9, atol=1e-12, err_msg=m)


@pytest.mark.parametrize("method", list(METHODS))
def test_runs_may_differ_in_every_hyperparameter(method):
    """Hyperparameters given per run (arrays (K,)): K runs at once are K separate runs."""
    surf, W0, steps = SURFACES["quadratic-5"]
    hp = settings(method)
    per_run = {name: np.array([v * f for f in (0.5, 0.8, 1.0, 0.9, 0.7, 0.6)]) if v else v
               for name, v in hp.items()}
    together = run(surf, method, start=W0, steps=30, **per_run).theta
    for k in range(len(W0)):
        alone = run(surf, method, start=W0[k], steps=30, **{n: (v[k] if np.ndim(v) else v)
                                                             for n, v in per_run.items()}).theta
        np.testing.assert_allclose(together[k], alone, rtol=1e-12, atol=1e-15)


def test_each_run_card_says_how_much_memory_its_method_keeps():
    """The slides' "Adam needs more memory than SGD": the card states, from the registry, the
    numbers of state per weight (Adam: p and r, 3× GD's; AMSGrad: 4×)."""
    import json

    from app.components.layout import run_card
    from app.model.scene import RunState
    for key, m in METHODS.items():
        for lang in ("en", "uk"):
            card = json.dumps(run_card(0, RunState.make(key), lang, 2).to_plotly_json(),
                              default=lambda o: o.to_plotly_json(), ensure_ascii=False)
            n = len(m.state)
            if n:
                assert (f"{n + 1}× GD" if lang == "en" else f"у {n + 1} рази") in card, (key, lang)
                assert ", ".join(m.state) in card
            else:
                assert ("only W" if lang == "en" else "лише W") in card
    assert len(METHODS["adam"].state) == 2 and len(METHODS["gd"].state) == 0


def test_momentum_narrates_its_heavy_ball_form_with_the_numbers():
    """The slides' momentum as the previous step and the new gradient: −αg + β(Wₜ − Wₜ₋₁) is,
    number for number, the step the run took."""
    from app.compute.runs import compute
    from app.figures.narration import narration_data
    from app.model import decode
    scene = decode("?preset=valley-zigzag&narrate=1")[0]
    res = compute(scene)
    for k, n in enumerate(narration_data(scene, res)):
        eq = [r for r in n["rows"] if "Wₜ − Wₜ₋₁" in r["label"]]
        if n["method"] != "momentum":
            assert not eq
            continue
        v, d = np.array(eq[0]["v"], dtype=float), np.array(n["d"], dtype=float)
        np.testing.assert_allclose(v, d, rtol=1e-5, atol=1e-9)
    assert any(n["method"] == "momentum" for n in narration_data(scene, res))
