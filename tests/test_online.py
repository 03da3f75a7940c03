"""Online problems and feasible boxes in the optimizer core: Reddi et al.'s counterexample to
Adam, checked against torch.optim stepping on the same gradients with the same projection."""
from __future__ import annotations

import math

import numpy as np
import pytest

import landscapes
from optim import run, run_many

torch = pytest.importorskip("torch")


def torch_path(method, steps, alpha, c=3.0, **hp):
    """x_t of torch.optim's `method` on f_t(x) = C x (t mod 3 = 1) or −x, α_t = α/√t,
    each step clamped to [−1, 1] (the paper's projected update)."""
    x = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    if method == "gd":
        opt = torch.optim.SGD([x], lr=alpha)
    else:
        opt = torch.optim.Adam([x], lr=alpha, betas=(hp["rho1"], hp["rho2"]), eps=1e-8, amsgrad=method == "amsgrad")
    out = [0.0]
    for t in range(1, steps + 1):
        for g in opt.param_groups:
            g["lr"] = alpha / math.sqrt(t)
        x.grad = torch.tensor([c if t % 3 == 1 else -1.0], dtype=torch.float64)
        opt.step()
        with torch.no_grad():
            x.clamp_(-1.0, 1.0)
        out.append(float(x.detach()))
    return np.array(out)


@pytest.mark.parametrize("method,hp", [("adam", {"rho1": 0.0, "rho2": 0.1}), ("amsgrad", {"rho1": 0.0, "rho2": 0.1}),
                                       ("adam", {"rho1": 0.9, "rho2": 0.999}), ("gd", {})])
def test_reddi_equals_torch(method, hp):
    res = run("reddi", method, steps=300, alpha=0.2, schedule="inv_sqrt", **hp)
    np.testing.assert_allclose(res.xy[:, 0], torch_path(method, 300, 0.2, **hp), rtol=0, atol=1e-9)
    assert np.all(res.xy[:, 1] == 0.0)


def test_the_mean_loss_and_its_minimum():
    ls = landscapes.get("reddi", c=5)
    assert ls.f(np.array([-1.0, 1.0]), np.zeros(2)).tolist() == pytest.approx([-1.0, 1.0])
    assert ls.f_min == pytest.approx(-1.0) and (ls.minima[0].x, ls.minima[0].y) == (-1.0, 0.0)
    assert [float(ls.online(0.0, 0.0, t)[0]) for t in (1, 2, 3, 4)] == [5.0, -1.0, -1.0, 5.0]
    with pytest.raises(ValueError):
        landscapes.get("reddi", c=2.0)        # C > 2, or the minimum is not at −1


def test_a_box_projects_the_start_and_every_step():
    """A run that would leave the box stays on it; a start outside it is moved onto it."""
    res = run_many("reddi", [{"method": "gd", "alpha": 1.0}, {"method": "adam", "alpha": 5.0}],
                   start=(3.0, -2.0), steps=50)
    assert res.theta[:, 0].tolist() == [[1.0, -1.0], [1.0, -1.0]]
    assert np.all(np.abs(res.theta) <= 1.0) and (res.diverged_at == -1).all()
    only = run("reddi", "gd", steps=10, alpha=1.0, path=False)        # the path-free loop projects too
    assert np.all(np.abs(only.final) <= 1.0)


def test_noise_adds_to_an_online_gradient():
    """The gradient source's noise model still applies on top of the step's own gradient."""
    a = run("reddi", "gd", steps=20, alpha=0.01)
    b = run("reddi", "gd", steps=20, alpha=0.01, batch=1, sigma=1.0, seed=3)
    assert not np.allclose(a.xy, b.xy) and np.all(b.xy[1:, 1] != 0.0)


def test_examples_per_step_on_data_landscapes():
    """`Result.examples`: B for a mini-batch run, n for the exact gradient, 0 without data;
    kept when results are stacked."""
    from optim.core import Result
    res = run_many("linreg_mse", [{"method": "gd", "batch": 1}, {"method": "gd", "batch": 500}, "gd",
                                  {"method": "adam", "batch": 8}], steps=5)
    assert res.examples.tolist() == [1, 40, 40, 8]
    assert Result.stack([(res, 3), (res, 0)]).examples.tolist() == [8, 1]
    assert run_many("bowl", ["gd"], steps=3).examples.tolist() == [0]
