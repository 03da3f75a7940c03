"""Pure scene edits: each takes a Scene (and what the user did) and returns a new Scene.

The callbacks decode the URL, apply one of these, and encode the result; nothing else
changes state, so each edit is tested on its own.
"""
from __future__ import annotations

import math
from dataclasses import replace

import landscapes
from optim import METHODS, SCHEDULES

from .scene import CUSTOM, CUSTOM_TEXT, has_examples, DEFAULT, MAX_RUNS, RunState, Scene, custom_params, nice, parse_bounds
from .views import VIEW

__all__ = ["set_run_param", "set_method", "set_schedule", "add_run", "duplicate_run", "remove_run", "set_surface",
           "set_surface_param", "set_start", "set_view", "set_lang", "reset", "apply_formula", "load_config"]


def set_run_param(scene: Scene, k: int, name: str, value: float) -> Scene:
    runs = list(scene.runs)
    runs[k] = runs[k].with_value(name, value)
    return replace(scene, runs=tuple(runs))


def set_method(scene: Scene, k: int, method: str) -> Scene:
    runs = list(scene.runs)
    old = runs[k]
    runs[k] = RunState(method, RunState.make(method).params, old.batch, old.sigma, old.seed,
                       old.schedule, old.schedule_params)       # the schedule stays
    return replace(scene, runs=tuple(runs))


def set_schedule(scene: Scene, k: int, key: str) -> Scene:
    """Run k's learning-rate schedule (its parameters at their defaults when it changes)."""
    if key not in SCHEDULES:
        raise ValueError(f"unknown schedule {key!r}")
    runs = list(scene.runs)
    if runs[k].schedule == key:
        return scene
    sp = tuple((p.name, float(p.default)) for p in SCHEDULES[key].params)
    runs[k] = replace(runs[k], schedule=key, schedule_params=sp)
    return replace(scene, runs=tuple(runs))


def add_run(scene: Scene) -> Scene:
    if len(scene.runs) >= MAX_RUNS:
        return scene
    used = {r.method for r in scene.runs}
    method = next((m for m in METHODS if m not in used), "gd")
    return replace(scene, runs=scene.runs + (RunState.make(method),))


def duplicate_run(scene: Scene, k: int) -> Scene:
    if len(scene.runs) >= MAX_RUNS:
        return scene
    return replace(scene, runs=scene.runs[:k + 1] + (scene.runs[k],) + scene.runs[k + 1:])


def remove_run(scene: Scene, k: int) -> Scene:
    if len(scene.runs) <= 1:
        return scene
    return replace(scene, runs=scene.runs[:k] + scene.runs[k + 1:])


def set_surface(scene: Scene, name: str) -> Scene:
    """Another surface, from its own start; the loss chart counts steps unless it has data."""
    if name == CUSTOM:          # the picker's "your own f(x, y)": an example formula to edit
        params = custom_params(CUSTOM_TEXT)
    else:
        params = landscapes.REGISTRY[name].menu if name in landscapes.REGISTRY else ()
    new = replace(scene, surface=name, surface_params=params, start=None, step=None)
    return new if new.loss_x == "steps" or has_examples(new.landscape) else replace(new, loss_x="steps")


def set_surface_param(scene: Scene, name: str, value: float) -> Scene:
    vals = dict(scene.surface_params)
    vals[name] = value
    specs = landscapes.params(scene.surface)
    return replace(scene, surface_params=tuple((p.name, vals[p.name]) for p in specs
                                               if p.name in vals and vals[p.name] != p.default))


def set_start(scene: Scene, x, y) -> Scene:
    x, y = float(x), float(y)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError("the start point must be two finite numbers")
    return replace(scene, start=(round(x, 4), round(y, 4)), step=None)


def set_view(scene: Scene, view: str) -> Scene:
    return replace(scene, view=view) if view in VIEW else scene


def set_lang(scene: Scene, lang: str) -> Scene:
    return replace(scene, lang=lang) if lang in ("en", "uk") else scene


def reset(scene: Scene) -> Scene:
    """The default scene, in the page's language."""
    return replace(DEFAULT, lang=scene.lang)


def apply_formula(scene: Scene, text, bounds_raw) -> Scene:
    """The scene with f(x, y) = text (raises FormulaError / ValueError with a user-facing message)."""
    bounds = None
    if bounds_raw not in (None, ""):
        bounds = parse_bounds(bounds_raw)
    if not str(text or "").strip():
        raise landscapes.FormulaError("type a formula in x and y, e.g. x**2 + 10*sin(y)")
    params = custom_params(text, bounds)
    if scene.surface == CUSTOM and scene.surface_params == params:
        return scene
    return replace(scene, surface=CUSTOM, surface_params=params, start=None, step=None)


def load_config(scene: Scene, k: int, values: dict) -> Scene:
    """Set run k's hyperparameters (rounded as a slider would show them), or, with
    `click=add` and room for one more run, add a copy of run k with them; then go back to the
    overlay, where the clicked configuration runs beside the others."""
    runs = list(scene.runs)
    r = runs[k]
    if scene.click == "add" and len(runs) < MAX_RUNS:
        runs.append(r)
        k = len(runs) - 1
    for name, v in values.items():
        if name == "batch":
            r = r.with_value("batch", int(max(1, round(float(v)))))
        else:
            p = METHODS[r.method].param(name)
            r = r.with_value(name, p.clamp(nice(float(v), 3)))
    runs[k] = r
    return replace(scene, runs=tuple(runs), view="overlay", step=None)
