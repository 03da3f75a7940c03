"""What a scene computes: its runs (one vectorized core call), within the per-request
limits, and the names of its runs for every legend, table and menu."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from optim import METHODS, SCHEDULES, Result, run_many

from ..model import MAX_RUNS, MAX_STEPS, Scene, pretty
from .cache import DERIVED
from .network import is_network, network_view, reference_plane, start_theta

__all__ = ["compute", "limit", "run_start", "BUDGET", "TOL", "TOL_TEXT", "run_label", "run_labels", "batch_labels", "source", "schedule_suffix", "is_data",
           "is_classifier", "runs_frame"]

BUDGET = 1.0    # seconds of optimizer time per request (8 runs x 2,000 steps take < 0.3 s)
TOL = 1e-6      # "reached", everywhere (table, sweeps, tune α, captions): f − f* ≤ TOL
TOL_TEXT = "10⁻⁶"


def limit(scene: Scene) -> Scene:
    """The scene within the per-request limits, whatever the request said: steps in
    [1, MAX_STEPS], at most MAX_RUNS runs (the URL codec clamps the same; a hand-crafted
    callback POST can bypass the codec, so the computation checks again). The contour grid
    has a fixed server-side size (app.figures.map.GRID_2D / GRID_3D)."""
    steps = min(max(int(scene.steps), 1), MAX_STEPS)
    if steps != scene.steps or len(scene.runs) > MAX_RUNS:
        scene = replace(scene, steps=steps, runs=tuple(scene.runs[:MAX_RUNS]))
    return scene




def _run_many(scene: Scene, runs, start=None):
    """The runs in one vectorized call from `start` (None: the scene's own start; a network's θ₀)."""
    start = scene.start_xy if start is None else start
    return run_many(scene.landscape, [r.spec() for r in runs], start=start, steps=scene.steps,
                    batch=scene.batch, sigma=scene.sigma, seed=scene.seed, trace=True, budget=BUDGET)


def _runs_from(scene: Scene, start):
    """The scene's runs from `start` (x, y), a network's θ or None (its θ₀): those computed
    before (a slider moved another run) come from the process's cache (bounded in bytes,
    `app.compute.cache`), the others in one vectorized call."""
    where = None if start is None else np.asarray(start, dtype=float).tobytes()
    common = (scene.surface, scene.surface_params, where, scene.steps, scene.batch, scene.sigma, scene.seed)
    keys = [("run", common, r) for r in scene.runs]
    done = {i: hit for i, key in enumerate(keys) if (hit := DERIVED.peek(key)) is not None}
    todo = [i for i in range(len(keys)) if i not in done]
    fresh = _run_many(scene, [scene.runs[i] for i in todo], start) if todo else None
    if fresh is not None and fresh.truncated:       # out of time: not kept, and no partial mix of runs
        return fresh if not done else _run_many(scene, scene.runs, start)
    for j, i in enumerate(todo):
        done[i] = Result.stack([(fresh, j)])
        DERIVED.put(keys[i], done[i])
    if not done or len(todo) == len(keys):
        return fresh
    return Result.stack([(done[i], 0) for i in range(len(keys))])


def run_start(scene: Scene):
    """Where the scene's runs start: (x, y) on a 2-D landscape; on a network θ₀ (None) or
    the clicked point of its plane as a θ."""
    if is_network(scene.surface):
        return None if scene.start is None else start_theta(scene, reference_plane(scene, _runs_from))
    return scene.start_xy


def compute(scene: Scene):
    """Run every trajectory of the scene, within the per-request limits (steps and runs
    clamped again, `BUDGET` seconds at most), each run computed once per process (see
    `_runs_from`). A network's runs come seen on their plane (`app.compute.network`)."""
    scene = limit(scene)
    if is_network(scene.surface):
        return network_view(scene, _runs_from)
    return _runs_from(scene, scene.start_xy)


# ------------------------------------------------------------------ data landscapes

def is_data(ls) -> bool:
    """A model fitted to data whose two parameters are the map (a line, a logistic curve)."""
    return getattr(ls, "data", None) is not None and getattr(ls, "model", None) is not None


def is_classifier(ls) -> bool:
    return ls.name == "logreg"


# ------------------------------------------------------------------ the runs' names

def run_label(method: str, params: dict, lang: str = "en") -> str:
    """'Adam α=0.1': the method (as the slides name it in `lang`) and its learning rate
    (tells two runs of one method apart)."""
    name = METHODS[method].label(lang)
    a = params.get("alpha")
    return f"{name} α={pretty(a)}" if a is not None else name


def source(scene: Scene, r) -> dict:
    """The run's gradient source (its own override, else the scene's)."""
    return {k: (getattr(r, k) if getattr(r, k) is not None else getattr(scene, k)) for k in ("batch", "sigma", "seed")}


def batch_labels(labels: list, scene, ls) -> list:
    """Run labels with their batch size when the runs' batch sizes differ ('GD α=0.03 B=4';
    the full batch on a data landscape reads B=n), so that the legend tells them apart."""
    bs = [source(scene, r)["batch"] for r in scene.runs]
    if len(set(bs)) <= 1 or len(bs) != len(labels):
        return labels
    n = int(ls.params.get("n", 0)) if is_data(ls) else 0
    out = []
    for lab, b in zip(labels, bs):
        if b and (not n or b < n):
            out.append(f"{lab} B={b}")
        else:
            out.append(f"{lab} B={n}" if n else lab)
    return out


def schedule_suffix(key: str, lang: str) -> str:
    """' · step decay': tells runs that differ only by their learning-rate schedule apart."""
    if key == "constant" or key not in SCHEDULES:
        return ""
    sch = SCHEDULES[key]
    return " · " + (sch.text.get(lang) or sch.name)


def distinct_labels(labels: list, runs) -> list:
    """Runs whose labels are the same get the hyperparameters they differ in ('Adadelta α=1'
    three times -> 'Adadelta α=1 ε=10⁻⁶', '… ε=10⁻⁴', '… ε=0.01')."""
    out = list(labels)
    for lab in {lab for lab in labels if labels.count(lab) > 1}:
        group = [k for k, other in enumerate(labels) if other == lab and k < len(runs)]
        m = METHODS[runs[group[0]].method]
        for p in m.params:
            values = [runs[k].values.get(p.name) for k in group]
            if p.name != "alpha" and len(set(values)) > 1:
                for k, v in zip(group, values):
                    out[k] += f" {p.symbol}={pretty(v)}"
    return out


def run_labels(scene, base: list | None = None, schedules=None) -> list:
    """The runs' names everywhere (legends, summary, sweep lines): method and hyperparameters
    (those that tell runs of one method apart), the schedule if not constant, the batch size
    where the runs differ."""
    base = distinct_labels(base if base is not None else [run_label(r.method, r.values, scene.lang)
                                                          for r in scene.runs], scene.runs)
    schedules = list(schedules or [r.schedule for r in scene.runs])
    schedules += ["constant"] * (len(base) - len(schedules))
    labels = [lab + schedule_suffix(s, scene.lang) for lab, s in zip(base, schedules)]
    return seed_labels(batch_labels(labels, scene, scene.landscape), scene)


def seed_labels(labels: list, scene) -> list:
    """Noisy runs that are still named alike get their seed ('GD α=0.1 B=1 s=2'): the same
    method and settings drawn with other mini-batches."""
    if len(labels) != len(scene.runs):
        return labels
    src = [source(scene, r) for r in scene.runs]
    seeds = [s["seed"] for s in src]
    noisy = [s["batch"] > 0 for s in src]
    out = list(labels)
    for k, lab in enumerate(labels):
        twins = [j for j, other in enumerate(labels) if other == lab and noisy[j]]
        if noisy[k] and len({seeds[j] for j in twins}) > 1:
            out[k] = f"{lab} s={seeds[k]}"
    return out


# ------------------------------------------------------------------ the table of every run

def runs_frame(scene: Scene) -> pd.DataFrame:
    """The tidy table of the scene's runs: surface, label, then `Result.to_frame()`'s columns."""
    scene = limit(scene)
    res = compute(scene)
    labels = [run_label(m, p) for m, p in zip(res.methods, res.params)]
    df = res.to_frame()
    df.insert(1, "label", pd.Series(labels, dtype=object).iloc[df["run"].to_numpy()].to_numpy())
    df.insert(0, "surface", scene.surface)
    return df
