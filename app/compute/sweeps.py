"""The sweep and basin views' computations: thousands of runs of one method, as outcomes.

- sweep: an outcome (final loss, steps to reach f − f* ≤ TOL, diverged) over two
  hyperparameters of run `sweep_run` (α × β, α × ρ, α × ρ₁, α × B, or α alone), and the
  outcome against α for every run of the scene;
- basin: a grid of starts over the landscape, each run to the minimum it ends in;
- tune α: a run's α set to the best of a 1-D sweep.

On a network (`landscapes.mlp`) every cell trains a network of P parameters: the sweep is
α alone (a strip, at most `NET_GRID` cells), the α-chart shows the swept run, tuning tries
`NET_PER_DECADE` α per decade, and basins are not drawn (they need a 2-D map of starts).

Each picture is one vectorized call (`optim.sweeps`), with at most `MAX_GRID`² cells,
`MAX_STEPS` steps and `BUDGET` seconds per request.
"""
from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from optim import METHODS
from optim.sweeps import basin, sweep

from ..model import MAX_GRID, RunState, Scene, nice
from .network import is_network
from .runs import TOL, run_start, source

__all__ = ["sweep_axes", "second_axes", "axis_values", "compute_sweep", "compute_lines", "compute_basin", "compute_basins",
           "tune_alpha", "tune_alphas", "best_index", "config_from_click", "chosen", "source", "MAX_STEPS",
           "BUDGET", "ALL_RUNS", "TUNE_SEEDS", "GRIDS", "grid_size"]

MAX_STEPS = 1000        # steps per run in a sweep / basin map
BUDGET = 2.0            # seconds of optimizer time per request (heatmap + lines share it)
GRIDS = (25, 50, 100)
BATCHES = 2 ** np.arange(0, 11)          # 1 .. 1024


# ------------------------------------------------------------------ what to sweep

def chosen(scene: Scene) -> int:
    return min(max(int(scene.sweep_run), 0), len(scene.runs) - 1)


def second_axes(scene: Scene, k: int) -> list[str]:
    """What the heatmap's second axis can be for run k: its method's hyperparameters but α,
    and the batch size B when its gradient is a mini-batch one (none on a network)."""
    r = scene.runs[k]
    if is_network(scene.surface):
        return []
    names = [p.name for p in METHODS[r.method].params if p.name != "alpha"]
    return names + (["batch"] if source(scene, r)["batch"] > 0 else [])


def sweep_axes(scene: Scene, k: int) -> list[str]:
    """The hyperparameters swept for run k: α and the scene's `sweep_y` if the run has it, else
    the method's own second knob (β, ρ, ρ₁), or B for a method without one on a mini-batch
    gradient; α alone for a method with neither (and on a network)."""
    options = second_axes(scene, k)
    second = METHODS[scene.runs[k].method].sweep
    if scene.sweep_y in options:
        second = scene.sweep_y
    elif second is None and "batch" in options:
        second = "batch"
    return ["alpha"] + ([second] if second in options else [])


def alpha_range(alphas) -> tuple[float, float]:
    """Five decades around the runs' learning rates (three below, two above), inside α's range."""
    p = METHODS["gd"].param("alpha")
    lo, hi = min(alphas) / 1e3, max(alphas) * 1e2
    if hi > p.hi:
        lo, hi = max(p.lo, lo * p.hi / hi), p.hi
    if lo < p.lo:
        lo, hi = p.lo, min(p.hi, hi * p.lo / lo)
    return lo, hi


def axis_values(name: str, method: str, n: int, alphas=(1e-3,)) -> np.ndarray:
    if name == "alpha":
        return np.geomspace(*alpha_range(alphas), n)
    if name == "batch":
        return BATCHES.astype(float)
    p = METHODS[method].param(name)
    if p.scale == "log":
        return np.geomspace(p.lo, p.hi, n)
    return np.linspace(p.lo, p.hi, n)


def _fixed(scene: Scene, r: RunState, swept) -> dict:
    spec = r.spec()
    spec.pop("method")
    spec.update(source(scene, r))
    return {k: v for k, v in spec.items() if k not in swept}


def _steps(scene: Scene) -> int:
    return min(max(int(scene.steps), 1), MAX_STEPS)


def _shared(budget: float):
    """A time budget shared by computations in turn: each call returns what is left (at
    least 0.05 s; a busy machine slows them all alike, so a later one may use what an
    earlier one left)."""
    deadline = time.perf_counter() + budget
    return lambda: max(deadline - time.perf_counter(), 0.05)


NET_GRID = 25          # a network's α strip: cells (each trains the network)
NET_PER_DECADE = 4     # a network's tuning grid: α per decade (25 over α's range)


def grid_size(scene: Scene) -> int:
    return min(max(int(scene.grid), 5), NET_GRID if is_network(scene.surface) else MAX_GRID)


def compute_sweep(scene: Scene, budget: float = BUDGET * 0.6):
    """The heatmap's sweep for run `sweep_run` (one vectorized call)."""
    k = chosen(scene)
    r = scene.runs[k]
    names = sweep_axes(scene, k)
    n = grid_size(scene)
    axes = {nm: axis_values(nm, r.method, n, [r.values["alpha"]]) for nm in names}
    return sweep(scene.landscape, r.method, axes, start=run_start(scene), steps=_steps(scene), tol=TOL,
                 budget=budget, **_fixed(scene, r, names))


TUNE_SEEDS = 5        # a mini-batch run's α curve is the median over this many seeds (from its own)


def alpha_sweep(scene: Scene, r: RunState, alphas, budget: float):
    """Run r over `alphas` (its other settings fixed) as a 1-D Sweep. With mini-batch gradients,
    over TUNE_SEEDS seeds, reduced to the median final loss and steps to the tolerance (a run
    that diverged counts as infinitely bad), so one lucky seed neither wins nor misleads."""
    src = source(scene, r)
    axes = {"alpha": np.asarray(alphas, float)}
    if src["batch"] > 0:
        axes["seed"] = src["seed"] + np.arange(TUNE_SEEDS)
    sw = sweep(scene.landscape, r.method, axes, start=run_start(scene), steps=_steps(scene), tol=TOL, budget=budget,
               **_fixed(scene, r, tuple(axes)))
    if len(axes) == 1:
        return sw
    big = np.iinfo(np.int64).max
    loss = np.median(np.nan_to_num(np.asarray(sw.final_loss, float), nan=np.inf, posinf=np.inf), axis=0)
    steps = np.median(np.where(sw.steps_to_tol >= 0, sw.steps_to_tol, big).astype(float), axis=0)
    div = np.where(np.isfinite(loss), -1, np.where(sw.diverged_at >= 0, sw.diverged_at, big).min(axis=0))
    return replace(sw, axes=sw.axes[:1], final_loss=np.where(np.isfinite(loss), loss, np.nan),
                   steps_to_tol=np.where(steps < big, np.floor(steps), -1).astype(int), diverged_at=div)


def compute_lines(scene: Scene, budget: float = BUDGET * 0.4):
    """Outcome vs α for every run over α's whole range: the grid "tune α" searches
    (`tune_alphas`) plus the run's own α, so the dot on each line is that run and a tuned α
    is visibly the best point of its line (`alpha_sweep`: seed medians for mini-batches).
    One call per run, the budget shared; on a network the swept run's line only (the others
    None: each line trains the network 25 times)."""
    alphas, left = tune_alphas(scene), _shared(budget)
    ks = [chosen(scene)] if is_network(scene.surface) else range(len(scene.runs))
    return [alpha_sweep(scene, r, np.union1d(alphas, [r.values["alpha"]]), left()) if k in ks else None
            for k, r in enumerate(scene.runs)]


def compute_basin(scene: Scene, budget: float = BUDGET, k: int | None = None, n: int | None = None):
    r = scene.runs[chosen(scene) if k is None else k]
    return basin(scene.landscape, r.method, n=n or grid_size(scene), steps=_steps(scene), budget=budget,
                 **_fixed(scene, r, ()))


ALL_RUNS = -1           # sweep_run=-1 in the basin view: every run's map, side by side


def compute_basins(scene: Scene, budget: float = BUDGET) -> list:
    """The basin map of run `sweep_run`, or of every run (sweep_run=-1; at most 50² cells
    each beyond two runs), the time budget shared. None on a network."""
    if is_network(scene.surface):
        return []
    if scene.sweep_run != ALL_RUNS or len(scene.runs) == 1:
        return [compute_basin(scene, budget)]
    n = grid_size(scene) if len(scene.runs) <= 2 else min(grid_size(scene), 50)
    left = _shared(budget)
    return [compute_basin(scene, left(), k, n) for k in range(len(scene.runs))]


TUNE_PER_DECADE = 10   # "Tune α": every α the slider can take, 10 log-spaced values per decade


def tune_alphas(scene: Scene | None = None) -> np.ndarray:
    """The learning rates a tuning sweep tries: α's whole range (1e-5 … 10), 10 per decade
    (`NET_PER_DECADE` on a network)."""
    p = METHODS["gd"].param("alpha")
    per = NET_PER_DECADE if scene is not None and is_network(scene.surface) else TUNE_PER_DECADE
    grid = np.geomspace(p.lo, p.hi, int(round(per * np.log10(p.hi / p.lo))) + 1)
    return np.array([nice(float(a), 3) for a in grid])      # 1, 1.26, 1.58, 2, 2.51, ...: what a URL shows


def best_index(sw) -> tuple[int | None, bool]:
    """The tuning rule, for a 1-D sweep over α (`alpha_sweep`): among the α whose run ends
    within TOL of the minimum, the one that got there in the fewest steps (ties: lower final
    loss); if none does, the lowest final loss. Returns (index, or None if every run
    diverged; whether the tolerance ruled)."""
    loss = np.nan_to_num(np.asarray(sw.final_loss, float).ravel(), nan=np.inf, posinf=np.inf)
    if not np.isfinite(loss).any():
        return None, False
    fmin = getattr(sw.surface, "f_min", None)
    steps = np.asarray(sw.steps_to_tol).ravel()
    if fmin is not None:
        ok = (steps >= 0) & (loss - fmin <= sw.tol)
        if ok.any():
            return int(np.lexsort((loss, np.where(ok, steps, np.iinfo(np.int64).max)))[0]), True
    return int(np.argmin(loss)), False


def tune_alpha(scene: Scene, k: int | None = None, budget: float = BUDGET * 0.5) -> Scene:
    """Run k's α (every run's, if k is None) set by `alpha_sweep` over `tune_alphas` (rule:
    `best_index`), shown in the sweep view: the outcome-vs-α chart has each run's whole curve
    with its tuned α as a dot, so nobody is misled by one point."""
    ks = list(range(len(scene.runs))) if k is None else [k]
    alphas, left = tune_alphas(scene), _shared(budget)
    runs, reached, tuned = list(scene.runs), True, 0
    for i in ks:
        r = runs[i]
        j, ok = best_index(alpha_sweep(scene, r, alphas, left()))
        if j is None:           # every α diverged: leave this run as it is
            continue
        tuned += 1
        reached &= ok
        runs[i] = r.with_value("alpha", METHODS[r.method].param("alpha").clamp(nice(float(alphas[j]), 3)))
    if not tuned:
        raise ValueError("every α in the sweep diverged")
    # the chart shows the rule's outcome: steps to the tolerance if every tuned run got there
    return replace(scene, runs=tuple(runs), view="sweep", sweep_run=ks[0] if k is not None else chosen(scene),
                   outcome="steps_to_tol" if reached else "final_loss", step=None)


def config_from_click(scene: Scene, point: dict) -> dict:
    names = sweep_axes(scene, chosen(scene))
    out = {names[0]: point["x"]}
    if len(names) > 1:
        out[names[1]] = point["y"]
    return out
