"""Vectorized optimizers on 2D landscapes.

    from optim import run
    res = run("rosenbrock", "adam", start=(-1.5, 2.0), steps=300, alpha=0.05)
    res.xy, res.loss, res.diverged_at, res.to_frame()

The update rules (in the slides' notation) are listed in `optim.registry.METHODS`;
`optim.reference` is an independent, straightforward implementation used as a check.
"""
from .core import MAX_POINTS, STEPS, Result, run, run_many
from params import Param
from .registry import METHODS, SCHEDULES, SOURCE_PARAMS, Method, Schedule, get_method, get_schedule, method_keys

__all__ = ["run", "run_many", "Result", "Param", "Method", "METHODS", "SOURCE_PARAMS", "STEPS",
           "MAX_POINTS", "get_method", "method_keys", "SCHEDULES", "Schedule", "get_schedule"]
