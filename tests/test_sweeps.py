"""Sweeps and basin maps: cells checked against single `run` calls."""
import numpy as np
import pytest

import landscapes
from optim import run
from optim.sweeps import basin, sweep


def test_sweep_cells_match_single_runs():
    alphas, betas = np.logspace(-4, -2, 7), np.array([0.0, 0.5, 0.9, 0.99])
    s = sweep("rosenbrock", "momentum", {"alpha": alphas, "beta": betas}, steps=300, tol=1e-3)
    assert s.final_loss.shape == (4, 7)
    for i, j in [(0, 0), (2, 3), (3, 6), (1, 5)]:
        one = run("rosenbrock", "momentum", steps=300, alpha=alphas[j], beta=betas[i])
        assert s.diverged_at[i, j] == one.diverged_at
        np.testing.assert_allclose(s.final_loss[i, j], one.loss[-1], rtol=1e-12)
        assert s.steps_to_tol[i, j] == one.reached_at(1e-3)


def test_learning_rate_too_small_right_too_large():
    alphas = np.logspace(-5, 1, 25)
    s = sweep("bowl", "gd", {"alpha": alphas}, steps=200, tol=1e-6)
    reached = s.steps_to_tol >= 0
    diverged = s.diverged_at >= 0
    small, large = alphas < 1e-3, alphas > 1.1          # bowl x² + y²: GD diverges for α > 1
    assert not reached[small].any()                     # too small: not there after 200 steps
    assert diverged[large].all()                        # too large: diverges
    assert reached[(alphas > 0.05) & (alphas < 0.9)].all()
    assert 0.3 < s.best()["alpha"] < 0.7                # optimum α = 1/2 for λ = 2
    assert np.isnan(s.outcome("steps_to_tol")[small]).all()
    assert s.outcome("diverged")[large].tolist() == [1.0] * large.sum()


def test_sweep_over_batch_size_on_an_analytic_surface():
    s = sweep("bowl", "gd", {"alpha": [0.05, 0.1], "batch": [1, 16, 256]}, steps=300, sigma=2.0, seed=1)
    loss = s.final_loss                                  # rows follow B
    assert (loss[0] > loss[1]).all() and (loss[1] > loss[2]).all()


def test_sweep_errors():
    with pytest.raises(ValueError, match="no hyperparameter 'beta'"):
        sweep("bowl", "adam", {"beta": [0.9]})
    with pytest.raises(ValueError, match="one or two"):
        sweep("bowl", "adam", {})
    with pytest.raises(ValueError, match="outside its range"):
        sweep("bowl", "adam", {"alpha": [1e-3, 100.0]})
    with pytest.raises(ValueError, match="unknown outcome"):
        sweep("bowl", "gd", {"alpha": [0.1]}).outcome("speed")


def test_basin_of_himmelblau_differs_between_gd_and_adam():
    gd = basin("himmelblau", "gd", n=40, steps=400, alpha=0.01)
    adam = basin("himmelblau", "adam", n=40, steps=400, alpha=0.1)
    assert gd.label.shape == (40, 40)
    assert set(np.unique(gd.label)) <= {-2, -1, 0, 1, 2, 3}
    assert len(set(np.unique(gd.label)) & {0, 1, 2, 3}) == 4    # every minimum has a basin
    assert (gd.label != adam.label).mean() > 0.02               # the partitions differ visibly
    surf = landscapes.get("himmelblau")
    for i, j in [(3, 5), (20, 20), (35, 10)]:
        one = run(surf, "gd", start=(gd.xs[j], gd.ys[i]), steps=400, alpha=0.01)
        np.testing.assert_allclose(gd.final[i, j], one.xy[-1], rtol=1e-12, atol=1e-12)
        k = gd.label[i, j]
        m = surf.minima[k]
        assert np.hypot(one.xy[-1, 0] - m.x, one.xy[-1, 1] - m.y) <= gd.radius


def test_basin_marks_divergence():
    b = basin("bowl", "gd", n=10, steps=200, alpha=5.0)
    assert (b.label == -2).all()
