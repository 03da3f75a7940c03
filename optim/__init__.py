"""Vectorized optimizers on loss landscapes: 2-D surfaces and any number of parameters.

    from optim import run
    res = run("rosenbrock", "adam", start=(-1.5, 2.0), steps=300, alpha=0.05)
    res.xy, res.loss, res.diverged_at, res.to_frame()
    res = run(landscapes.nd.rosenbrock(10), "lion", steps=300)       # res.theta: (301, 10)

Every method is one entry of `optim.registry.METHODS` (its readable update in
`optim.rules`, checked against torch.optim and lion-pytorch); `optim.reference` drives one
rule the obvious way, the check the fast core (`optim.core`) is held to.
"""
from .core import MAX_POINTS, STEPS, Result, run, run_many
from params import Param
from .registry import METHODS, SCHEDULES, SOURCE_PARAMS, Method, Schedule, get_method, get_schedule, method_keys

__all__ = ["run", "run_many", "Result", "Param", "Method", "METHODS", "SOURCE_PARAMS", "STEPS",
           "MAX_POINTS", "get_method", "method_keys", "SCHEDULES", "Schedule", "get_schedule"]
