"""The network landscape (landscapes/mlp.py) against PyTorch with the same weights and against
finite differences; the core trains it like torch.optim does; the slides' warning about
all-zero weights holds."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from landscapes.mlp import DATASETS, MLP, make_data
from optim import run

torch.set_default_dtype(torch.float64)


def torch_net(net: MLP, theta):
    """A torch model holding the same weights, and a function computing the mean BCE."""
    layers = [torch.nn.Linear(a, b) for a, b in net.shapes]
    with torch.no_grad():
        for lin, (W, b) in zip(layers, net.layers(theta)):
            lin.weight.copy_(torch.from_numpy(np.array(W).T))
            lin.bias.copy_(torch.from_numpy(np.array(b)))
    X, y = (torch.from_numpy(np.array(a)) for a in net.data)

    def loss():
        h = X
        for lin in layers[:-1]:
            h = torch.tanh(lin(h))
        return torch.nn.functional.binary_cross_entropy_with_logits(layers[-1](h)[:, 0], y)
    return layers, loss


def flat_grad(net, layers):
    return np.concatenate([np.concatenate([lin.weight.grad.numpy().T.ravel(), lin.bias.grad.numpy()])
                           for lin in layers])


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_loss_and_gradient_equal_torchs(dataset, depth):
    net = MLP(dataset=dataset, hidden=6, depth=depth, n=60, init_seed=depth)
    theta = net.theta0 + 0.3 * np.random.default_rng(1).standard_normal(net.dim)
    layers, loss = torch_net(net, theta)
    L = loss()
    L.backward()
    assert abs(net.loss(theta) - L.item()) < 1e-12
    np.testing.assert_allclose(net.gradient(theta), flat_grad(net, layers), rtol=1e-10, atol=1e-13)
    h = torch.from_numpy(np.array(net.data[0]))
    for lin in layers[:-1]:
        h = torch.tanh(lin(h))
    np.testing.assert_allclose(net.predict(theta, net.data[0]), torch.sigmoid(layers[-1](h)[:, 0]).detach().numpy(),
                               rtol=1e-12, atol=1e-15)


def test_gradient_matches_finite_differences_for_many_runs_and_batches():
    net = MLP(dataset="spiral", hidden=5, depth=2, n=40, val=0)
    rng = np.random.default_rng(2)
    theta = net.theta0 + 0.5 * rng.standard_normal((3, net.dim))
    idx = np.stack([rng.permutation(40)[:8] for _ in range(3)])
    g = net.gradient(theta, idx)
    h = 1e-6
    for k in range(3):
        for j in rng.choice(net.dim, 10, replace=False):
            e = np.zeros(net.dim)
            e[j] = h
            num = (net.loss((theta[k] + e)[None], idx[k:k + 1])[0] - net.loss((theta[k] - e)[None], idx[k:k + 1])[0]) / (2 * h)
            assert abs(num - g[k, j]) < 1e-7 * max(1, abs(num))


def test_the_core_trains_it_as_torch_does():
    """The same loss curve to 1e-8: full-batch GD (α = 0.5) and Adam (α = 0.05), 100 steps."""
    net = MLP(dataset="moons", hidden=8, depth=2, n=100)
    for method, opt, alpha in (("gd", torch.optim.SGD, 0.5), ("adam", torch.optim.Adam, 0.05)):
        res = run(net, method, steps=100, alpha=alpha)
        layers, loss = torch_net(net, net.theta0)
        o = opt([p for lin in layers for p in lin.parameters()], lr=alpha)
        curve = []
        for _ in range(100):
            o.zero_grad()
            L = loss()
            curve.append(L.item())
            L.backward()
            o.step()
        curve.append(loss().item())
        np.testing.assert_allclose(res.loss, curve, rtol=1e-8, atol=1e-12)
        assert res.loss[-1] < 0.6 * res.loss[0]
    many = run(net, "adam", steps=30, alpha=np.array([0.01, 0.05, 0.1]))         # K runs: (K, steps + 1)
    assert many.loss.shape == (3, 31)
    np.testing.assert_allclose(many.loss[1], run(net, "adam", steps=30, alpha=0.05).loss, rtol=1e-12)


def test_all_zero_weights_keep_the_hidden_units_identical():
    """The slides' warning: from all-zero weights every hidden unit gets the same gradient, so
    they stay copies of each other whatever the training does."""
    net = MLP(dataset="xor", hidden=6, depth=2, n=80, init="zero")
    res = run(net, "adam", steps=200, alpha=0.05)
    for W, b in net.layers(res.theta[-1])[:-1]:
        assert np.allclose(W, W[:, :1]) and np.allclose(b, b[0])


def test_data_sets_and_arguments():
    for name in DATASETS:
        X, y = make_data(name, 101, 0.1, 3)
        assert X.shape == (101, 2) and set(np.unique(y)) == {0.0, 1.0} and np.isfinite(X).all()
        assert np.array_equal(X, make_data(name, 101, 0.1, 3)[0])
    with pytest.raises(ValueError, match="data set"):
        make_data("iris")
    with pytest.raises(ValueError, match="initialisation"):
        MLP(init="ones")
    net = MLP(hidden=4, depth=3)
    assert net.dim == (2 * 4 + 4) + 2 * (4 * 4 + 4) + (4 + 1) == net.theta0.size
    assert [W.shape for W, _ in net.layers(net.theta0)] == [(2, 4), (4, 4), (4, 4), (4, 1)]
    assert np.shares_memory(net.layers(net.theta0)[0][0], net.theta0)
