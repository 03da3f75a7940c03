"""The sweep and basin views: thousands of runs of one method, as one picture each.

- `view=sweep`: a heatmap of an outcome (final loss, steps to reach f − f* ≤ TOL, diverged)
  over two hyperparameters of run `sweep_run` (α × β, α × ρ, α × ρ₁, α × B, or α alone),
  and a chart of the outcome against α with one line per run of the scene (its colour,
  its other settings). Clicking a cell or a point sets that run's hyperparameters and goes
  back to the overlay view.
- `view=basin`: a grid of starts over the landscape coloured by the minimum each run ends
  in (or by the steps it takes to get there). Clicking a cell makes it the start point and
  goes back to the overlay view.

Figures are pure functions of (landscape, optim.sweeps results, options); the callbacks
are thin glue on the same `url_edit` as every other control. The compute is one
vectorized call per picture (`optim.sweeps`), with at most `MAX_GRID`² cells,
`MAX_STEPS` steps and `BUDGET` seconds per request.
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace

import numpy as np
from dash import ALL, Input, Output, ctx, dcc, html, no_update

from optim import METHODS
from optim.sweeps import basin, sweep

from . import figures as F
from . import fit as FIT
from . import ids
from .state import BASIN_BY, CLICKS, MAX_GRID, MAX_RUNS, OUTCOMES, RunState, Scene, decode, fmt, nice
from .text import t

__all__ = ["sweep_axes", "axis_values", "compute_sweep", "compute_lines", "compute_basin", "compute_basins", "sweep_figure",
           "lines_figure", "basin_figure", "panel", "register", "TOL", "MAX_STEPS", "BUDGET"]

TOL = 1e-6              # "steps to tolerance": f − f* ≤ TOL
MAX_STEPS = 1000        # steps per run in a sweep / basin map
BUDGET = 2.0            # seconds of optimizer time per request (heatmap + lines share it)
GRIDS = (25, 50, 100)
SECOND = {"momentum": "beta", "nesterov": "beta", "rmsprop": "rho", "adam": "rho1", "amsgrad": "rho1"}
BATCHES = 2 ** np.arange(0, 11)          # 1 .. 1024
# muted sequential scale: good (low) = deep blue-grey, bad (high) = pale sand
SEQ = [[0.0, "#23496b"], [0.35, "#5f8aa6"], [0.7, "#b9cdd6"], [1.0, "#f3efe4"]]
DIVERGED = "#8b1e1e"
NONE = "#cfcfcf"
MINIMA_COLORS = ("#7fa7c9", "#e0a96d", "#8fbf88", "#c295c0", "#d8cc7a", "#7cc4c0", "#d99a9a", "#a7a7d9")
HEAT, LINES, BASIN = "sweep-heat", "sweep-lines", "basin-map"
SETTING = "analysis-setting"             # {"type": SETTING, "name": "sweep_run"|"outcome"|"grid"|"basin_by"|"click"}


# ------------------------------------------------------------------ what to sweep

def chosen(scene: Scene) -> int:
    return min(max(int(scene.sweep_run), 0), len(scene.runs) - 1)


def source(scene: Scene, r: RunState) -> dict:
    """The run's gradient source (its own override, else the scene's)."""
    return {k: (getattr(r, k) if getattr(r, k) is not None else getattr(scene, k)) for k in ("batch", "sigma", "seed")}


def sweep_axes(scene: Scene, k: int) -> list[str]:
    """The hyperparameters swept for run k: α and the method's second knob (β, ρ, ρ₁), or α × B
    for a method without one on a mini-batch gradient, else α alone."""
    r = scene.runs[k]
    second = SECOND.get(r.method)
    if second is None and source(scene, r)["batch"] > 0:
        second = "batch"
    return ["alpha"] + ([second] if second else [])


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


def _n(scene: Scene) -> int:
    return min(max(int(scene.grid), 5), MAX_GRID)


def compute_sweep(scene: Scene, budget: float = BUDGET * 0.6):
    """The heatmap's sweep for run `sweep_run` (one vectorized call)."""
    k = chosen(scene)
    r = scene.runs[k]
    names = sweep_axes(scene, k)
    n = _n(scene)
    axes = {nm: axis_values(nm, r.method, n, [r.values["alpha"]]) for nm in names}
    return sweep(scene.landscape, r.method, axes, start=scene.start_xy, steps=_steps(scene), tol=TOL,
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
    sw = sweep(scene.landscape, r.method, axes, start=scene.start_xy, steps=_steps(scene), tol=TOL, budget=budget,
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
    One call per run, the budget shared."""
    alphas, left = tune_alphas(), _shared(budget)
    return [alpha_sweep(scene, r, np.union1d(alphas, [r.values["alpha"]]), left()) for r in scene.runs]


def compute_basin(scene: Scene, budget: float = BUDGET, k: int | None = None, n: int | None = None):
    r = scene.runs[chosen(scene) if k is None else k]
    return basin(scene.landscape, r.method, n=n or _n(scene), steps=_steps(scene), budget=budget,
                 **_fixed(scene, r, ()))


ALL_RUNS = -1           # sweep_run=-1 in the basin view: every run's map, side by side


def compute_basins(scene: Scene, budget: float = BUDGET) -> list:
    """The basin map of run `sweep_run`, or of every run (sweep_run=-1; at most 50² cells
    each beyond two runs), the time budget shared."""
    if scene.sweep_run != ALL_RUNS or len(scene.runs) == 1:
        return [compute_basin(scene, budget)]
    n = _n(scene) if len(scene.runs) <= 2 else min(_n(scene), 50)
    left = _shared(budget)
    return [compute_basin(scene, left(), k, n) for k in range(len(scene.runs))]


TUNE_PER_DECADE = 10   # "Tune α": every α the slider can take, 10 log-spaced values per decade


def tune_alphas() -> np.ndarray:
    """The learning rates a tuning sweep tries: α's whole range (1e-5 … 10), 10 per decade."""
    p = METHODS["gd"].param("alpha")
    grid = np.geomspace(p.lo, p.hi, int(round(TUNE_PER_DECADE * np.log10(p.hi / p.lo))) + 1)
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
    alphas, left = tune_alphas(), _shared(budget)
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


# ------------------------------------------------------------------ figures (pure)

def _sym(name: str, method: str) -> str:
    if name == "batch":
        return "B"
    return METHODS[method].param(name).symbol


def _log_axis(name: str, method: str) -> bool:
    return name == "batch" or METHODS[method].param(name).scale == "log"


def outcome_values(ls, sw, outcome: str) -> tuple[np.ndarray, bool]:
    """(values, log?) of an outcome: final loss as f − f* on a log scale where it can be."""
    if outcome != "final_loss":
        return sw.outcome(outcome), False
    f = np.asarray(sw.final_loss, dtype=float)
    fmin = getattr(ls, "f_min", None)
    with np.errstate(all="ignore"):
        if fmin is not None:
            return np.log10(np.maximum(f - fmin, 0) + 1e-16), True
        if np.nanmin(np.where(np.isfinite(f), f, np.inf)) > 0:
            return np.log10(f), True
    return f, False


def _outcome_title(ls, outcome: str, lang: str) -> str:
    if outcome == "final_loss":
        return t("loss_gap", lang) if getattr(ls, "f_min", None) is not None else t("loss", lang)
    return t(f"outcome_{outcome}", lang, tol=fmt(TOL))


def _log_ticks(z) -> dict:
    finite = np.asarray(z)[np.isfinite(z)]
    if not finite.size:
        return {}
    lo, hi = int(np.floor(finite.min())), int(np.ceil(finite.max()))
    step = max(1, -(-(hi - lo) // 7))
    vals = list(range(lo, hi + 1, step))
    return dict(tickvals=vals, ticktext=[f"1e{v}" for v in vals])


def _base_layout(lang: str) -> dict:
    return dict(font=F.FONT, paper_bgcolor="white", plot_bgcolor="#eeeeee", margin=dict(l=64, r=12, t=34, b=50),
                hovermode="closest", dragmode="zoom", showlegend=False, hoverlabel=dict(font=dict(size=14)))


def sweep_figure(ls, sw, outcome: str = "final_loss", current: dict | None = None, color: str = F.INK,
                 lang: str = "en") -> dict:
    """The heatmap of `outcome` over the sweep's grid (one row for a one-parameter sweep),
    with the current configuration as a ring and the best cell as a star. Plotly JSON (dict)."""
    method = sw.method
    (xname, xs), *rest = sw.axes
    yname, ys = rest[0] if rest else (None, np.array([0.0]))
    z, log = outcome_values(ls, sw, outcome)
    z = np.asarray(z, dtype=float).reshape(len(ys), len(xs))
    div = (np.asarray(sw.diverged_at) >= 0).reshape(z.shape)
    title = _outcome_title(ls, outcome, lang)
    cb = dict(title=dict(text=title, side="right"), thickness=14, len=0.9, outlinewidth=0)
    if log:
        cb.update(_log_ticks(np.where(div, np.nan, z)))
    xsym = _sym(xname, method)
    ysym = _sym(yname, method) if yname else ""
    hover = f"{xsym} = %{{x:.3g}}" + (f"<br>{ysym} = %{{y:.3g}}" if yname else "") + "<br>%{text}<extra></extra>"
    text = np.where(div, t("an_diverged", lang), _cell_text(z, log, outcome, lang)).tolist()
    data = []
    if outcome == "diverged":
        data.append(dict(type="heatmap", x=xs.tolist(), y=ys.tolist(), z=z.tolist(), zmin=0, zmax=1, text=text,
                         colorscale=[[0, "#e9e4d8"], [0.5, "#e9e4d8"], [0.5, DIVERGED], [1, DIVERGED]],
                         showscale=False, hovertemplate=hover, xgap=0, ygap=0))
    else:
        zz = np.where(div, np.nan, z)
        data.append(dict(type="heatmap", x=xs.tolist(), y=ys.tolist(), z=_clean(zz), text=text, colorscale=SEQ,
                         colorbar=cb, showscale=bool(yname), hovertemplate=hover, hoverongaps=False))
        if div.any():
            data.append(dict(type="heatmap", x=xs.tolist(), y=ys.tolist(), z=np.where(div, 1.0, np.nan).tolist(),
                             text=text, colorscale=[[0, DIVERGED], [1, DIVERGED]], showscale=False,
                             hovertemplate=hover, hoverongaps=False))
    best = sw.best()
    marks = [(best, "star", "#f2c14e", t("an_best", lang), 20, "bottom center" if yname else "middle right")]
    if current:
        marks.insert(0, (current, "circle-open", color, t("an_current", lang), 22, "top center" if yname else "middle left"))
    for cfg, symbol, col, label, size, pos in marks:
        bx = cfg.get(xname)
        by = cfg.get(yname, 0.0) if yname else 0.0
        if bx is None or by is None:
            continue
        data.append(dict(type="scatter", x=[bx], y=[by], mode="markers+text", text=[label],
                         textposition=pos, textfont=dict(size=14, color="#111"),
                         marker=dict(symbol=symbol, size=size, color=col, line=dict(width=3 if symbol == "circle-open" else 1.5,
                                                                                     color=col if symbol == "circle-open" else "#333")),
                         hovertemplate=f"{label}: {xsym} = %{{x:.3g}}" + (f", {ysym} = %{{y:.3g}}" if yname else "")
                         + "<extra></extra>", cliponaxis=False))
    xa = dict(title=dict(text=f"{xsym} ({t('param_alpha', lang)})" if xname == "alpha" else xsym),
              type="log" if _log_axis(xname, method) else "linear", showgrid=False, zeroline=False,
              ticks="outside", linecolor="#999", mirror=True, fixedrange=True)
    ya = dict(title=dict(text=ysym), type="log" if yname and _log_axis(yname, method) else "linear",
              showgrid=False, zeroline=False, ticks="outside", linecolor="#999", mirror=True, fixedrange=True)
    if not yname:
        ya.update(showticklabels=False, title=dict(text=""), range=[-0.5, 0.5])
    elif yname == "batch":
        ya.update(tickvals=ys.tolist(), ticktext=[str(int(v)) for v in ys])
    layout = _base_layout(lang)
    layout.update(xaxis=xa, yaxis=ya, uirevision="sweep",
                  title=dict(text=f"{METHODS[method].name}: {title}", x=0.01, xanchor="left", font=dict(size=16)))
    return {"data": data, "layout": layout}


def _clean(z: np.ndarray) -> list:
    """A 2-D list with None for non-finite cells (JSON has no NaN)."""
    return [[None if not np.isfinite(v) else round(float(v), 6) for v in row] for row in np.atleast_2d(z)]


def _cell_text(z, log: bool, outcome: str, lang: str) -> np.ndarray:
    def one(v):
        if not np.isfinite(v):
            return t("an_not_reached", lang) if outcome == "steps_to_tol" else "–"
        if outcome == "steps_to_tol":
            return t("an_steps", lang, k=int(v))
        if outcome == "diverged":
            return t("an_diverged", lang) if v else t("an_stable", lang)
        return f"{10 ** v:.3g}" if log else f"{v:.4g}"
    return np.vectorize(one, otypes=[object])(z)


def lines_figure(ls, sweeps: list, labels: list, colors: list, alphas: list, outcome: str = "final_loss",
                 lang: str = "en") -> dict:
    """Outcome against α (log x) with one line per run, in the run's colour; a dot marks each
    run's current α, crosses mark divergence."""
    data = []
    log_any = False
    for k, (sw, label, col, a) in enumerate(zip(sweeps, labels, colors, alphas)):
        xs = sw.axes[0][1]
        y, log = outcome_values(ls, sw, outcome)
        log_any |= log
        y = np.asarray(y, dtype=float)
        div = np.asarray(sw.diverged_at) >= 0
        yy = np.where(div & (outcome != "diverged"), np.nan, y)
        shown = np.power(10.0, yy) if log else yy
        data.append(dict(type="scatter", x=xs.tolist(), y=[None if not np.isfinite(v) else float(v) for v in shown],
                         mode="lines+markers", name=label, line=dict(color=col, width=3, shape="hv" if outcome == "diverged" else "linear"),
                         marker=dict(size=5, color=col), customdata=[k] * len(xs),
                         hovertemplate=f"{label}<br>α = %{{x:.3g}}<br>%{{y:.3g}}<extra></extra>"))
        # the run's own α: where the line is at that α
        i = int(np.argmin(np.abs(np.log(xs) - np.log(a))))
        if np.isfinite(shown[i]):
            data.append(dict(type="scatter", x=[a], y=[float(shown[i])], mode="markers", customdata=[k],
                             marker=dict(size=13, color=col, line=dict(color="white", width=2)),
                             hovertemplate=f"{label}<extra></extra>", showlegend=False))
    layout = _base_layout(lang)
    ytype = "log" if log_any and outcome == "final_loss" else "linear"
    layout.update(showlegend=True, legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0,
                                               font=dict(size=13)),
                  margin=dict(l=64, r=12, t=34, b=72), plot_bgcolor="white", uirevision="lines",
                  xaxis=dict(type="log", title=dict(text=f"α ({t('param_alpha', lang)})"), showgrid=True,
                             gridcolor="#eee", fixedrange=True, ticks="outside", linecolor="#999"),
                  yaxis=dict(type=ytype, title=dict(text=_outcome_title(ls, outcome, lang)), showgrid=True,
                             gridcolor="#eee", fixedrange=True, linecolor="#999", exponentformat="power"),
                  title=dict(text=t("an_lines_title", lang), x=0.01, xanchor="left", font=dict(size=16)))
    if outcome == "diverged":
        layout["yaxis"].update(tickvals=[0, 1], ticktext=[t("an_stable", lang), t("an_diverged", lang)], range=[-0.1, 1.1])
    return {"data": data, "layout": layout}


def basin_figure(ls, basins, by: str = "minimum", start=None, lang: str = "en", labels=None, colors=None) -> dict:
    """Starts on an n × n grid coloured by the minimum reached (or steps to get there), under
    the landscape's contour lines, with the minima as stars and the current start. `basins`:
    one Basin, or one per run (then side by side, each panel titled with its run and, after
    the first, the share of starts that end elsewhere than in the first panel)."""
    basins = basins if isinstance(basins, (list, tuple)) else [basins]
    n = len(basins)
    labels = labels or [""] * n
    colors = colors or [F.INK] * n
    layout = F.map_background(ls, "multiples" if n > 1 else "overlay", n, lang)
    # dragmode "zoom" (axes fixed, so nothing zooms): with dragmode False Plotly sends no click events
    layout.update(uirevision=f"basin|{ls.name}|{n}", dragmode="zoom", showlegend=True,
                  margin=dict(l=46, r=10, t=26 if n > 1 else 10, b=56),
                  legend=dict(orientation="h", yref="container", y=0, x=0, yanchor="bottom", font=dict(size=13),
                              bgcolor="rgba(255,255,255,0.8)"))
    hover = "x = %{x:.3g}, y = %{y:.3g}<br>%{text}<extra></extra>"
    minima = list(getattr(ls, "minima", ()) or ())
    data, legend = [], set()
    if by == "steps":       # one colour scale for every panel
        hits = [a[a >= 0] for a in (np.asarray(b.arrived_at) for b in basins)]
        cmax = max((float(h.max()) for h in hits if h.size), default=1.0)
        layout["coloraxis"] = dict(colorscale=SEQ, cmin=0, cmax=cmax,
                                   colorbar=dict(title=dict(text=t("basin_by_steps", lang), side="right"),
                                                 thickness=14, len=0.8, outlinewidth=0))
    first = np.asarray(basins[0].label)
    lines = F.contour_lines(ls, 100 if n == 1 else 70)      # the basins lie under the contour lines
    for i, b in enumerate(basins):
        xa, ya = F._axis(i)
        xs, ys = b.xs.tolist(), b.ys.tolist()
        lab = np.asarray(b.label)

        def layer(mask, colour, name, text):
            if not mask.any():
                return
            data.append(dict(type="heatmap", x=xs, y=ys, z=np.where(mask, 1.0, np.nan).tolist(), name=name,
                             xaxis=xa, yaxis=ya, colorscale=[[0, colour], [1, colour]], showscale=False,
                             opacity=0.72, hoverongaps=False, text=np.full(mask.shape, text, dtype=object).tolist(),
                             hovertemplate=hover, showlegend=False))
            if name not in legend:      # a legend entry (heatmaps have none), once for all panels
                legend.add(name)
                data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name,
                                 marker=dict(symbol="square", size=14, color=colour), hoverinfo="skip"))

        if by == "steps":
            steps = np.where(np.asarray(b.arrived_at) >= 0, b.arrived_at, np.nan).astype(float)
            steps = np.where(lab == -2, np.nan, steps)
            text = np.where(np.isfinite(steps), np.vectorize(lambda v: t("an_steps", lang, k=int(v)) if np.isfinite(v)
                                                             else "", otypes=[object])(steps), t("an_none", lang)).tolist()
            data.append(dict(type="heatmap", x=xs, y=ys, z=_clean(steps), coloraxis="coloraxis", opacity=0.8,
                             xaxis=xa, yaxis=ya, hoverongaps=False, text=text, hovertemplate=hover, showlegend=False))
            layer((lab == -1) & ~np.isfinite(steps), NONE, t("an_none", lang), t("an_none", lang))
        else:
            for m, mm in enumerate(minima):
                name = t("an_minimum", lang, k=m + 1, x=f"{mm.x:.3g}", y=f"{mm.y:.3g}")
                layer(lab == m, MINIMA_COLORS[m % len(MINIMA_COLORS)], name, name)
            layer(lab == -1, NONE, t("an_none", lang), t("an_none", lang))
        layer(lab == -2, DIVERGED, t("an_diverged", lang), t("an_diverged", lang))
        data.append(dict(lines, xaxis=xa, yaxis=ya))
        if minima:
            data.append(dict(type="scatter", x=[m.x for m in minima], y=[m.y for m in minima], mode="markers+text",
                             xaxis=xa, yaxis=ya, text=[str(k + 1) for k in range(len(minima))],
                             textposition="top right", textfont=dict(size=14, color="#111"), showlegend=False,
                             hoverinfo="skip", marker=dict(symbol="star", size=16 if n == 1 else 12, color="#f2c14e",
                                                           line=dict(color="#333", width=1.5))))
        if start is not None:
            data.append(dict(type="scatter", x=[start[0]], y=[start[1]], mode="markers+text", xaxis=xa, yaxis=ya,
                             text=[t("start_label", lang)], textposition="bottom center",
                             textfont=dict(size=14, color="#111"), showlegend=False, hoverinfo="skip",
                             marker=dict(symbol="circle-open", size=16, color="#111", line=dict(width=3))))
        if n > 1:
            title = f"<b>{labels[i]}</b>"
            if i and lab.shape == first.shape:
                title += "<br>" + t("an_differ", lang, pct=f"{100 * float(np.mean(lab != first)):.0f}")
            layout.setdefault("annotations", []).append(dict(
                text=title, xref=f"{xa} domain", yref=f"{ya} domain", x=0.01, y=0.99, xanchor="left", yanchor="top",
                showarrow=False, font=dict(size=14, color=colors[i]), bgcolor="rgba(255,255,255,0.85)", borderpad=2))
    return {"data": data, "layout": layout}


# ------------------------------------------------------------------ the panel

GRAPH_CONFIG = dict(displayModeBar=False, scrollZoom=False, doubleClick=False, responsive=True)


def panel() -> html.Div:
    """Hidden unless the view is sweep or basin (then the map and player are hidden: analysis.css)."""
    graph = lambda gid: dcc.Graph(id=gid, className=f"an-graph {gid}", config=GRAPH_CONFIG,  # noqa: E731
                                  figure={"data": [], "layout": {}}, style={"display": "none"})
    return html.Div(id="analysis", className="analysis", children=[
        html.Div(id="analysis-controls", className="analysis-controls"),
        html.Div(id="analysis-note", className="analysis-note"),
        dcc.Loading(type="circle", delay_show=150, color="#777", parent_className="an-loading",
                    children=html.Div(className="an-graphs", children=[graph(HEAT), graph(LINES), graph(BASIN)])),
    ])


def _radio(name: str, value, options, lang: str):
    return dcc.RadioItems(id={"type": SETTING, "name": name}, value=value, inline=True, className="an-radio",
                          options=options)


def controls(scene: Scene) -> list:
    lang = scene.lang
    k = chosen(scene)
    runs = [{"label": html.Span([html.Span(className="swatch", style={"background": F.color(i)}), lab]), "value": i}
            for i, lab in enumerate(FIT.run_labels(scene))]
    if scene.view == "basin" and len(scene.runs) > 1:
        runs.append({"label": t("an_all_runs", lang), "value": ALL_RUNS})
        if scene.sweep_run == ALL_RUNS:
            k = ALL_RUNS
    row = [html.Label(t("an_run", lang), className="an-label"),
           dcc.Dropdown(id={"type": SETTING, "name": "sweep_run"}, value=k, options=runs, clearable=False,
                        searchable=False, className="an-run")]
    if scene.view == "sweep":
        row += [html.Label(t("outcome", lang), className="an-label"),
                _radio("outcome", scene.outcome, [{"label": t(f"outcome_{o}", lang, tol=fmt(TOL)), "value": o}
                                                  for o in OUTCOMES], lang)]
    else:
        row += [html.Label(t("basin_by", lang), className="an-label"),
                _radio("basin_by", scene.basin_by, [{"label": t(f"basin_by_{o}", lang), "value": o} for o in BASIN_BY], lang)]
    grids = sorted(set(GRIDS) | {_n(scene)})
    row += [html.Label(t("grid", lang), className="an-label"),
            _radio("grid", _n(scene), [{"label": f"{g}²", "value": g} for g in grids], lang)]
    if scene.view == "sweep":
        full = len(scene.runs) >= MAX_RUNS
        row += [html.Label(t("click", lang), className="an-label"),
                _radio("click", "set" if full else scene.click,
                       [{"label": t(f"click_{c}", lang), "value": c, "disabled": full and c == "add"} for c in CLICKS],
                       lang)]
    hint = t("an_hint_sweep" if scene.view == "sweep" else "an_hint_basin", lang)
    if k == ALL_RUNS:
        hint += t("an_hint_basin_all", lang)
    return [html.Div(row, className="an-row"), html.Div(hint, className="muted small an-hint")]


SHOW, HIDE = {"display": "block"}, {"display": "none"}


def analysis(scene: Scene):
    """(panel class, controls, note, heat, lines, basin, heat style, lines style, basin style)."""
    lang = scene.lang
    ls = scene.landscape
    k = chosen(scene)
    r = scene.runs[k]
    note = []
    if scene.steps > MAX_STEPS:
        note.append(t("an_steps_capped", lang, n=MAX_STEPS))
    if scene.view == "sweep":
        sw = compute_sweep(scene)
        names = sweep_axes(scene, k)
        cur = {n: (source(scene, r)["batch"] if n == "batch" else r.values[n]) for n in names}
        heat = sweep_figure(ls, sw, scene.outcome, cur, F.color(k), lang)
        lines = compute_lines(scene)
        labels = FIT.run_labels(scene)
        lfig = lines_figure(ls, lines, labels, [F.color(i) for i in range(len(scene.runs))],
                            [q.values["alpha"] for q in scene.runs], scene.outcome, lang)
        if sw.truncated or any(s.truncated for s in lines):
            note.append(t("an_truncated", lang))
        return ("analysis on" + (" one-d" if len(names) == 1 else ""), controls(scene), note, heat, lfig, no_update,
                SHOW, SHOW, HIDE)
    bs = compute_basins(scene)
    if any(b.truncated for b in bs):
        note.append(t("an_truncated", lang))
    ks = range(len(bs)) if len(bs) > 1 else [chosen(scene)]
    labels = FIT.run_labels(scene)
    fig = basin_figure(ls, bs, scene.basin_by, scene.start_xy, lang, [labels[k] for k in ks], [F.color(k) for k in ks])
    return ("analysis on", controls(scene), note, no_update, no_update, fig, HIDE, HIDE, SHOW)


# ------------------------------------------------------------------ scene edits (pure)

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


def config_from_click(scene: Scene, point: dict) -> dict:
    names = sweep_axes(scene, chosen(scene))
    out = {names[0]: point["x"]}
    if len(names) > 1:
        out[names[1]] = point["y"]
    return out


def register(app, url_edit):
    from .layout import runs_panel    # here: layout imports this module

    @app.callback(Output("analysis", "className"), Output("analysis-controls", "children"),
                  Output("analysis-note", "children"), Output(HEAT, "figure"), Output(LINES, "figure"),
                  Output(BASIN, "figure"), Output(HEAT, "style"), Output(LINES, "style"), Output(BASIN, "style"),
                  Input(ids.MAIN_Q, "data"))
    def on_analysis(query):
        scene, _ = decode(query)
        if scene.view not in ("sweep", "basin") or not scene.runs:
            return ("analysis", [], [], no_update, no_update, no_update, HIDE, HIDE, HIDE)
        try:
            return analysis(scene)
        except Exception as exc:   # shown in the panel; the page keeps working
            logging.getLogger(__name__).exception("analysis failed")
            return ("analysis on", controls(scene), [html.Div(t("error", scene.lang, msg=str(exc)), className="notice error")],
                    no_update, no_update, no_update, HIDE, HIDE, HIDE)

    @url_edit(Input({"type": ids.RUN_TUNE, "run": ALL}, "n_clicks"),
              extra_outputs=(Output(ids.RUNS, "children", allow_duplicate=True),
                             Output(ids.VIEW, "value", allow_duplicate=True)))
    def on_tune(scene, _clicks):
        tid = ctx.triggered_id
        if tid is None or not ctx.triggered or not ctx.triggered[0]["value"] or tid["run"] >= len(scene.runs):
            return scene, no_update, no_update
        new = tune_alpha(scene, None if tid["run"] < 0 else tid["run"])     # run -1: every run
        return new, runs_panel(new), new.view

    @url_edit(Input({"type": SETTING, "name": ALL}, "value"))
    def on_setting(scene, _values):
        for item in ctx.inputs_list[0]:
            name, v = item["id"]["name"], item.get("value")
            if v is None:
                continue
            if name in ("sweep_run", "grid"):
                v = int(v)
                if name == "grid":
                    v = min(max(v, 5), MAX_GRID)
                elif v != ALL_RUNS:
                    v = min(max(v, 0), max(len(scene.runs) - 1, 0))
            elif v not in {"outcome": OUTCOMES, "basin_by": BASIN_BY, "click": CLICKS}.get(name, ()):
                continue
            if getattr(scene, name) != v:
                scene = replace(scene, **{name: v})
        return scene

    back = (Output(ids.VIEW, "value", allow_duplicate=True), Output(ids.RUNS, "children", allow_duplicate=True))

    @url_edit(Input(HEAT, "clickData"), extra_outputs=back)
    def on_heat_click(scene, click):
        if not click or not click.get("points") or scene.view != "sweep":
            return scene, no_update, no_update
        new = load_config(scene, chosen(scene), config_from_click(scene, click["points"][0]))
        return new, "overlay", runs_panel(new)

    @url_edit(Input(LINES, "clickData"), extra_outputs=back)
    def on_line_click(scene, click):
        if not click or not click.get("points") or scene.view != "sweep":
            return scene, no_update, no_update
        pt = click["points"][0]
        k = pt.get("customdata")
        k = int(k[0] if isinstance(k, list) else k) if k is not None else chosen(scene)
        if not 0 <= k < len(scene.runs):
            return scene, no_update, no_update
        new = load_config(scene, k, {"alpha": pt["x"]})
        return new, "overlay", runs_panel(new)

    @url_edit(Input(BASIN, "clickData"), extra_outputs=(Output(ids.VIEW, "value", allow_duplicate=True),
                                                        Output(ids.START_X, "value", allow_duplicate=True),
                                                        Output(ids.START_Y, "value", allow_duplicate=True)))
    def on_basin_click(scene, click):
        if not click or not click.get("points") or scene.view != "basin":
            return scene, no_update, no_update, no_update
        pt = click["points"][0]
        from .callbacks import set_start
        new = replace(set_start(scene, pt["x"], pt["y"]), view="overlay")
        return new, "overlay", new.start[0], new.start[1]
