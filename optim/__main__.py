"""Command line: `python -m optim --surface rosenbrock --method adam --start -1.5 2 --steps 300 --alpha 0.05`.

Writes the tidy trajectory table (one row per step) as CSV to standard output. Every
hyperparameter flag is generated from the method registry; bad arguments end with a
clear message and exit status 2.
"""
from __future__ import annotations

import argparse
import sys

import landscapes

from .core import STEPS, run
from .registry import METHODS, SCHEDULES, SOURCE_PARAMS


def _all_params():
    seen = {}
    for m in METHODS.values():
        for p in m.params:
            seen.setdefault(p.name, p)
    for p in SOURCE_PARAMS:
        seen.setdefault(p.name, p)
    for sch in SCHEDULES.values():
        for p in sch.params:
            seen.setdefault(p.name, p)
    return seen


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m optim",
        description="Run an optimizer on a 2D landscape and print the trajectory as CSV.",
        epilog="Methods: " + "; ".join(f"{k} ({', '.join(p.name for p in m.params)})" for k, m in METHODS.items())
        + ". Surfaces: " + ", ".join(landscapes.names()) + ".",
    )
    ap.add_argument("--surface", default="rosenbrock", choices=landscapes.names(), metavar="NAME",
                    help="landscape name (default: rosenbrock)")
    ap.add_argument("--method", default="gd", choices=list(METHODS), metavar="KEY",
                    help="optimization method (default: gd)")
    ap.add_argument("--start", nargs=2, type=float, metavar=("X", "Y"),
                    help="start point (default: the landscape's own)")
    ap.add_argument("--schedule", default="constant", choices=list(SCHEDULES), metavar="NAME",
                    help="learning-rate schedule: " + ", ".join(SCHEDULES) + " (default: constant)")
    ap.add_argument("--steps", type=int, default=STEPS.default, help=f"number of updates (default: {STEPS.default})")
    for name, p in _all_params().items():
        ap.add_argument(f"--{name}", type=float if not p.integer else int, metavar=p.symbol,
                        help=f"{p.describe()} [{p.lo:g}, {p.hi:g}]")
    surface_params = {}
    for name in landscapes.names():
        for p in landscapes.params(name):
            if p.name not in surface_params:
                surface_params[p.name] = p
                ap.add_argument(f"--{p.name}", type=float, metavar=p.symbol,
                                help=f"landscape parameter: {p.describe()} [{p.lo:g}, {p.hi:g}]")
    ap.set_defaults(_surface_params=tuple(surface_params))
    return ap


def main(argv=None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    method = METHODS[args.method]
    schedule = SCHEDULES[args.schedule]
    allowed = {p.name for p in method.params + schedule.params} | {p.name for p in SOURCE_PARAMS}
    hp = {}
    for name in _all_params():
        value = getattr(args, name)
        if value is None:
            continue
        if name not in allowed:
            ap.error(f"--{name} does not apply to {args.method} with the {args.schedule} schedule; it takes "
                     + ", ".join(f"--{p.name}" for p in method.params + schedule.params))
        hp[name] = value
    own = {p.name for p in landscapes.params(args.surface)}
    sp = {}
    for name in args._surface_params:
        value = getattr(args, name)
        if value is None:
            continue
        if name not in own:
            ap.error(f"--{name} does not apply to the surface {args.surface}")
        sp[name] = value
    try:
        surface = landscapes.get(args.surface, **sp)
        res = run(surface, args.method, start=args.start, steps=args.steps, schedule=args.schedule, **hp)
    except ValueError as err:
        ap.error(str(err))
    res.to_frame().to_csv(sys.stdout, index=False, float_format="%.10g", lineterminator="\n")
    if res.diverged_at >= 0:
        print(f"warning: the run diverged at step {res.diverged_at}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. `python -m optim ... | head`
        sys.exit(0)
