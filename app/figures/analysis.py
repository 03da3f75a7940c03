"""The sweep and basin views' figures: pure functions of (landscape, `optim.sweeps`
results, options) -> Plotly figure dicts.

- the heatmap of an outcome over two hyperparameters (a ring on the current run, a star on
  the best cell), or a thin strip over α alone;
- the outcome against α, one line per run in its colour, a dot at the run's own α;
- the basin map: each start coloured by the minimum it ends in (or the steps it takes),
  under the landscape's contour lines, one panel per run side by side.
"""
from __future__ import annotations

import numpy as np

from optim import METHODS

from ..compute.runs import TOL_TEXT
from ..compute.theory import stable_alpha
from ..model import pretty
from ..text import t
from . import map as F

__all__ = ["sweep_figure", "lines_figure", "basin_figure", "outcome_values", "axis_symbol"]

# muted sequential scale: good (low) = deep blue-grey, bad (high) = pale sand
SEQ = [[0.0, "#23496b"], [0.35, "#5f8aa6"], [0.7, "#b9cdd6"], [1.0, "#f3efe4"]]
DIVERGED = "#8b1e1e"
NONE = "#cfcfcf"
MINIMA_COLORS = ("#7fa7c9", "#e0a96d", "#8fbf88", "#c295c0", "#d8cc7a", "#7cc4c0", "#d99a9a", "#a7a7d9")


def axis_symbol(name: str, method: str) -> str:
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
            gap = np.maximum(f - fmin, 0)
            return (gap, False) if F.reached_exactly(ls) else (np.log10(gap + 1e-16), True)
        if np.nanmin(np.where(np.isfinite(f), f, np.inf)) > 0:
            return np.log10(f), True
    return f, False


def _outcome_title(ls, outcome: str, lang: str) -> str:
    if outcome == "final_loss":
        return t("loss_gap", lang) if getattr(ls, "f_min", None) is not None else t("loss", lang)
    return t(f"outcome_{outcome}", lang, tol=TOL_TEXT)


def _log_ticks(z) -> dict:
    finite = np.asarray(z)[np.isfinite(z)]
    if not finite.size:
        return {}
    lo, hi = int(np.floor(finite.min())), int(np.ceil(finite.max()))
    step = max(1, -(-(hi - lo) // 7))
    vals = list(range(lo, hi + 1, step))
    return dict(tickvals=vals, ticktext=[pretty(10.0 ** v) for v in vals])


def log_span(xs) -> list:
    """The range (log10) of a log axis over grid values `xs`, half a cell beyond either end:
    a heatmap's cells and a line chart over the same grid line up exactly."""
    lx = np.log10(np.asarray(xs, dtype=float))
    h = float(np.min(np.diff(lx))) / 2 if lx.size > 1 else 0.5
    return [float(lx.min()) - h, float(lx.max()) + h]


def _axis_ticks(values, log: bool) -> dict:
    """A log axis over the grid `values`: its range (`log_span`) and ticks written as the page
    writes numbers (`map.log_ticks`); a linear axis: its range, half a cell beyond either end
    (markers at the edge cells must not widen it: the plot's grey would show past the cells)."""
    if not log:
        v = np.asarray(values, dtype=float)
        h = float(np.min(np.diff(v))) / 2 if v.size > 1 else 0.5
        return dict(range=[float(v[0]) - h, float(v[-1]) + h])
    span = log_span(values)
    return dict(range=span, **F.log_ticks(*span))


def _base_layout(lang: str) -> dict:
    return dict(font=F.FONT, paper_bgcolor="white", plot_bgcolor="#eeeeee", margin=dict(l=64, r=12, t=34, b=50),
                hovermode="closest", dragmode="zoom", showlegend=False, hoverlabel=dict(font=dict(size=16)))


def _stability_edge(ls, method, xname, yname, ys, lang):
    """On a convex quadratic, the theory's edge of stability over the α × β heatmap of the
    heavy ball: the dashed line αλ_max = 2(1 + β); right of it every run diverges."""
    quad = getattr(ls, "quadratic", None)
    if not quad or method != "momentum" or (xname, yname) != ("alpha", "beta"):
        return None
    a = stable_alpha(method, ys, quad)
    return dict(type="scatter", x=a.tolist(), y=ys.tolist(), mode="lines", name=t("an_edge", lang),
                line=dict(color="#111", width=3, dash="dash"), hovertemplate=t("an_edge", lang) + "<extra></extra>",
                showlegend=False)


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
    # the figure's title says to what; the colour bar's, upright beside a short plot, says "steps"
    cb = dict(title=dict(text=t("an_steps_axis", lang) if outcome == "steps_to_tol" else title, side="right"),
              thickness=14, len=0.9, outlinewidth=0)
    if log:
        cb.update(_log_ticks(np.where(div, np.nan, z)))
    xsym = axis_symbol(xname, method)
    ysym = axis_symbol(yname, method) if yname else ""
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
    edge = _stability_edge(ls, method, xname, yname, ys, lang)
    if edge:
        data.append(edge)
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
                         textposition=pos, textfont=dict(size=16, color="#111"),
                         marker=dict(symbol=symbol, size=size, color=col, line=dict(width=3 if symbol == "circle-open" else 1.5,
                                                                                     color=col if symbol == "circle-open" else "#333")),
                         hovertemplate=f"{label}: {xsym} = %{{x:.3g}}" + (f", {ysym} = %{{y:.3g}}" if yname else "")
                         + "<extra></extra>", cliponaxis=False))
    xa = dict(title=dict(text=f"{xsym} ({t('param_alpha', lang)})" if xname == "alpha" else xsym),
              type="log" if _log_axis(xname, method) else "linear", showgrid=False, zeroline=False,
              ticks="outside", linecolor="#999", mirror=True, fixedrange=True, automargin=True,
              **_axis_ticks(xs, _log_axis(xname, method)))
    ylog = bool(yname) and _log_axis(yname, method)
    ya = dict(title=dict(text=ysym), type="log" if ylog else "linear",
              showgrid=False, zeroline=False, ticks="outside", linecolor="#999", mirror=True, fixedrange=True,
              **_axis_ticks(ys, ylog))
    if not yname:
        ya.update(showticklabels=False, title=dict(text=""), range=[-0.5, 0.5])
    elif yname == "batch":
        ya.update(tickvals=ys.tolist(), ticktext=[str(int(v)) for v in ys])
    layout = _base_layout(lang)
    layout.update(xaxis=xa, yaxis=ya, uirevision="sweep",
                  title=dict(text=f"{METHODS[method].label(lang)}: {title}", x=0.01, xanchor="left", font=dict(size=16)))
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
    grid = np.unique(np.concatenate([sw.axes[0][1] for sw in sweeps])) if sweeps else np.array([1e-3, 1.0])
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
                                               font=dict(size=16)),
                  margin=dict(l=64, r=12, t=34, b=72), plot_bgcolor="white", uirevision="lines",
                  xaxis=dict(type="log", title=dict(text=f"α ({t('param_alpha', lang)})"), showgrid=True,
                             gridcolor="#eee", fixedrange=True, ticks="outside", linecolor="#999",
                             automargin=True, **_axis_ticks(grid, True)),
                  # the lines' chart is short: "steps" alone, the heatmap's colour bar says to what
                  yaxis=dict(type=ytype, title=dict(text=t("an_steps_axis", lang) if outcome == "steps_to_tol"
                                                    else _outcome_title(ls, outcome, lang)), showgrid=True,
                             gridcolor="#eee", fixedrange=True, linecolor="#999", exponentformat="power"),
                  title=dict(text=t("an_lines_title", lang), x=0.01, xanchor="left", font=dict(size=16)))
    if outcome == "diverged":
        layout["yaxis"].update(tickvals=[0, 1], ticktext=[t("an_stable", lang), t("an_diverged", lang)], range=[-0.1, 1.1])
    elif ytype == "log":
        ys = np.array([v for tr in data for v in tr["y"] if v is not None and v > 0], dtype=float)
        if ys.size:
            lo, hi = float(np.log10(ys.min())), float(np.log10(ys.max()))
            pad = max(0.05 * (hi - lo), 0.1)
            layout["yaxis"].update(range=[lo - pad, hi + pad], **F.log_ticks(lo - pad, hi + pad))
    return {"data": data, "layout": layout}


def nearest_minimum(ls, final) -> np.ndarray:
    """Index of the landscape's minimum nearest to each final point (..., 2)
    (`ls.nearest_minimum`); -1 where the point is not finite or there is no known minimum."""
    final = np.asarray(final, dtype=float)
    idx, dist = ls.nearest_minimum(final[..., 0], final[..., 1])
    if idx is None:
        return np.full(final.shape[:-1], -1)
    return np.where(np.isfinite(dist), idx, -1)


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
                  margin=dict(l=F.MARGIN_L, r=10, t=26 if n > 1 else 10, b=56),
                  legend=dict(orientation="h", yref="container", y=0, x=0, yanchor="bottom", font=dict(size=16),
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
        xa, ya = F.axis_ids(i)
        xs, ys = b.xs.tolist(), b.ys.tolist()
        lab = np.asarray(b.label)

        def layer(mask, colour, name, text, opacity=0.72):
            if not mask.any():
                return
            data.append(dict(type="heatmap", x=xs, y=ys, z=np.where(mask, 1.0, np.nan).tolist(), name=name,
                             xaxis=xa, yaxis=ya, colorscale=[[0, colour], [1, colour]], showscale=False,
                             opacity=opacity, hoverongaps=False, text=np.full(mask.shape, text, dtype=object).tolist(),
                             hovertemplate=hover, showlegend=False))
            if name not in legend:      # a legend entry (heatmaps have none), once for all panels
                legend.add(name)
                data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name,
                                 marker=dict(symbol="square", size=14, color=colour, opacity=opacity), hoverinfo="skip"))

        if by == "steps":
            steps = np.where(np.asarray(b.arrived_at) >= 0, b.arrived_at, np.nan).astype(float)
            steps = np.where(lab == -2, np.nan, steps)
            text = np.where(np.isfinite(steps), np.vectorize(lambda v: t("an_steps", lang, k=int(v)) if np.isfinite(v)
                                                             else "", otypes=[object])(steps), t("an_none", lang)).tolist()
            data.append(dict(type="heatmap", x=xs, y=ys, z=_clean(steps), coloraxis="coloraxis", opacity=0.8,
                             xaxis=xa, yaxis=ya, hoverongaps=False, text=text, hovertemplate=hover, showlegend=False))
            layer((lab == -1) & ~np.isfinite(steps), NONE, t("an_none", lang), t("an_none", lang))
        else:
            # a start that has not arrived in T steps is shaded pale in the colour of the minimum it
            # ended nearest to: where it is heading, told apart from where it got
            near = nearest_minimum(ls, b.final)
            for m, mm in enumerate(minima):
                name = t("an_minimum", lang, k=m + 1, x=f"{mm.x:.3g}", y=f"{mm.y:.3g}")
                colour = MINIMA_COLORS[m % len(MINIMA_COLORS)]
                layer(lab == m, colour, name, name)
                heading = t("an_heading", lang, k=m + 1, T=b.steps)
                layer((lab == -1) & (near == m), colour, heading, heading, opacity=0.3)
            layer((lab == -1) & (near < 0), NONE, t("an_none", lang), t("an_none", lang))
        layer(lab == -2, DIVERGED, t("an_diverged", lang), t("an_diverged", lang))
        data.append(dict(lines, xaxis=xa, yaxis=ya))
        if minima:
            data.append(dict(type="scatter", x=[m.x for m in minima], y=[m.y for m in minima], mode="markers+text",
                             xaxis=xa, yaxis=ya, text=[str(k + 1) for k in range(len(minima))],
                             textposition="top right", textfont=dict(size=16, color="#111"), showlegend=False,
                             hoverinfo="skip", marker=dict(symbol="star", size=16 if n == 1 else 12, color="#f2c14e",
                                                           line=dict(color="#333", width=1.5))))
        if start is not None:
            data.append(dict(type="scatter", x=[start[0]], y=[start[1]], mode="markers+text", xaxis=xa, yaxis=ya,
                             text=[t("start_label", lang)], textposition="bottom center",
                             textfont=dict(size=16, color="#111"), showlegend=False, hoverinfo="skip",
                             marker=dict(symbol="circle-open", size=16, color="#111", line=dict(width=3))))
        if n > 1:
            title = f"<b>{labels[i]}</b>"
            if i and lab.shape == first.shape:
                title += "<br>" + t("an_differ", lang, pct=f"{100 * float(np.mean(lab != first)):.0f}")
            layout.setdefault("annotations", []).append(dict(
                text=title, xref=f"{xa} domain", yref=f"{ya} domain", x=0.01, y=0.99, xanchor="left", yanchor="top",
                showarrow=False, font=dict(size=16, color=colors[i]), bgcolor="rgba(255,255,255,0.85)", borderpad=2))
    return {"data": data, "layout": layout}
