"""The fit panel's figure, the mini-batch loss traces and epoch lines (pure functions)."""

import landscapes
from app.components import layout
from app.compute import runs
from app.figures import fit
from optim import run_many


def _runs(ls, batches, steps=100):
    return run_many(ls, [{"method": "gd", "alpha": 0.05, "batch": b} for b in batches], start=ls.start,
                    steps=steps, seed=1, trace=True)


def test_fit_figure_regression_and_classification():
    ls = landscapes.get("linreg_mse", outliers=1)
    fig = fit.fit_figure(ls, "uk")
    assert len(fig["data"]) == 1 and len(fig["data"][0]["x"]) == ls.params["n"]
    xr, yr = fit.fit_window(ls)
    X, Y = ls.data
    assert xr[0] < X.min() and xr[1] > X.max() and yr[0] < Y.min() and yr[1] > Y.max()
    lg = landscapes.get("logreg")
    fd = fit.fit_data(lg)
    assert fd["kind"] == "logreg" and len(fd["figure"]["data"]) == 2 and fd["yr"] == [-0.12, 1.12]
    assert sum(len(t["x"]) for t in fd["figure"]["data"]) == lg.params["n"]
    assert fit.fit_data(landscapes.get("rosenbrock")) is None
    assert fit.fit_data(landscapes.custom("x**2 + y**2")) is None


def test_batch_loss_only_for_minibatch_runs():
    ls = landscapes.get("linreg_mse")
    res = _runs(ls, [1, 8, 0])
    tr = fit.batch_loss_traces(ls, res)
    assert len(tr) == 2 and tr[0]["line"]["color"] != tr[1]["line"]["color"]
    assert len(tr[0]["x"]) == 100 and tr[0]["opacity"] < 1
    assert fit.batch_loss_traces(landscapes.get("rosenbrock"), run_many("rosenbrock", [{"method": "gd"}],
                                                                        start=(0, 0), steps=5, trace=True)) == []


def test_epoch_lines_same_and_different_lengths():
    ls = landscapes.get("linreg_mse")          # n = 40
    same = fit.epoch_shapes(_runs(ls, [8, 8], steps=100))
    assert [s["x0"] for s in same] == list(range(5, 101, 5)) and same[0]["line"]["color"] == "#bbb"
    diff = fit.epoch_shapes(_runs(ls, [1, 8, 0], steps=100))
    assert [s["x0"] for s in diff] == [40, 80]          # only the longest epoch (B = 1: 40 steps)
    assert fit.epoch_shapes(_runs(ls, [0], steps=10)) == []
    many = fit.epoch_shapes(_runs(ls, [20], steps=1000))  # 500 epochs -> thinned
    assert 0 < len(many) <= fit.MAX_EPOCH_LINES


def test_outliers_is_a_toggle():
    specs = {p.name: p for p in landscapes.params("linreg_mse")}
    assert layout.is_toggle(specs["outliers"]) and not layout.is_toggle(specs["n"]) and not layout.is_toggle(specs["noise"])


def test_batch_labels_tell_runs_apart():
    from app.model import decode
    scene, _ = decode("?preset=sgd-batch-size")
    labels = runs.batch_labels(["a"] * 4, scene, scene.landscape)
    assert labels == ["a B=1", "a B=4", "a B=16", "a B=40"]
    scene, _ = decode("?surface=bowl&run=gd&run=adam")
    assert runs.batch_labels(["x", "y"], scene, scene.landscape) == ["x", "y"]


def test_runs_of_one_method_are_told_apart_by_what_differs():
    """Three Adadelta runs that differ only in ε: each label carries its ε, not α alone."""
    from app.model import decode
    scene, _ = decode("?preset=adadelta-eps")
    want = ["Adadelta α=1 ε=10⁻⁶", "Adadelta α=1 ε=0.0001", "Adadelta α=1 ε=0.01"]
    assert runs.run_labels(scene) == want
    assert runs.run_labels(scene, ["Adadelta α=1"] * 3) == want       # the picture's labels, from the result
    scene, _ = decode("?preset=radam-start")
    assert runs.run_labels(scene) == ["Adam α=0.05", "RAdam α=0.05", "RAdam α=0.005"]
