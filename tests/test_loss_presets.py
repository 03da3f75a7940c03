"""The loss-function / real-SGD / own-formula lessons show what their captions promise."""
import numpy as np

from app.compute.runs import compute
from app.model import decode


def _run(name):
    scene, notes = decode(f"?preset={name}")
    assert notes == []
    res = compute(scene)
    return scene, res, np.asarray(res.xy)


def test_three_losses_three_bowls_and_calmer_sgd_without_squares():
    mins, jitter = {}, {}
    for loss in ("mse", "mae", "huber"):
        scene, res, xy = _run(f"loss-{loss}")
        m = scene.landscape.minima[0]
        mins[loss] = np.array([m.x, m.y])
        assert np.hypot(*(xy[0, -1] - mins[loss])) < 0.05          # GD gets there
        jitter[loss] = xy[1, -100:].std(axis=0).sum()
    assert np.linalg.norm(mins["mse"] - mins["mae"]) > 1 and np.linalg.norm(mins["huber"] - mins["mae"]) > 0.1
    assert jitter["mse"] > 4 * jitter["mae"] and jitter["mse"] > 4 * jitter["huber"]


def test_jitter_shrinks_as_batch_grows():
    _, res, xy = _run("sgd-batch-size")
    j = [xy[k, -100:].std(axis=0).sum() for k in range(4)]
    assert j[0] > j[1] > j[2] > j[3]
    assert list(res.epoch_steps) == [40, 10, 2, 0]


def test_logreg_and_custom():
    scene, res, xy = _run("logreg-bce")
    assert res.loss[0, -1] - scene.landscape.minima[0].value < 1e-3
    scene, res, xy = _run("custom-formula")
    assert scene.surface == "custom"
    assert res.loss[1, -1] < res.loss[0, -1] - 0.5 and res.loss[1, -1] < res.loss[2, -1] - 0.5
