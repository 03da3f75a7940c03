"""Data-driven landscapes on the page: the fit panel, the mini-batch loss and epoch lines.

A point (w, b) of the map *is* a model: the fit panel shows the data set and, for every
run, the model at the animation's current step (ŷ = w x + b, or the sigmoid σ(w x + b)
and its decision boundary x = −b/w). `fit_figure` is the panel's static part (data,
axes); the moving lines are drawn by the browser (assets/fit.js) from the trajectories it
already has (x = w, y = b), so playback stays free of server requests.

`batch_loss_traces` and `epoch_shapes` add to the loss chart what real SGD looks like:
the loss of the mini-batch each step used (thin, same colour, translucent) and a light
vertical line at every epoch boundary.

"""
from __future__ import annotations

import math

import numpy as np

from .. import text
from ..compute.runs import is_classifier, is_data
from .map import FONT, color, loss_values, work_x

MAX_EPOCH_LINES = 30


def fit_window(ls) -> tuple[list, list]:
    """x and y ranges of the fit panel: the data with a margin (y in [−0.1, 1.1] for classes)."""
    X, Y = (np.asarray(a, dtype=float) for a in ls.data)
    x0, x1 = float(X.min()), float(X.max())
    pad = 0.06 * (x1 - x0 or 1)
    xr = [x0 - pad, x1 + pad]
    if is_classifier(ls):
        return xr, [-0.12, 1.12]
    y0, y1 = float(Y.min()), float(Y.max())
    pad = 0.1 * (y1 - y0 or 1)
    return xr, [y0 - pad, y1 + pad]


def fit_figure(ls, lang: str = "en") -> dict:
    """The fit panel's figure (a dict): the data points and axes; no model lines (the browser
    draws those at the current step)."""
    X, Y = (np.asarray(a, dtype=float) for a in ls.data)
    xr, yr = fit_window(ls)
    traces = []
    if is_classifier(ls):
        for c, col in ((0, "#d62728"), (1, "#1f77b4")):
            m = Y == c
            traces.append(dict(type="scatter", mode="markers", x=X[m].round(4).tolist(), y=Y[m].tolist(),
                               name=f"{text.t('fit_class', lang)} {c}", hoverinfo="skip",
                               marker=dict(size=7, color="white", line=dict(color=col, width=1.6),
                                           symbol="circle" if c == 0 else "diamond")))
    else:
        traces.append(dict(type="scatter", mode="markers", x=X.round(4).tolist(), y=Y.round(4).tolist(),
                           hoverinfo="skip", marker=dict(size=6, color="rgba(60,60,60,0.55)")))
    layout = dict(
        font=FONT, margin=dict(l=56, r=8, t=24, b=30), paper_bgcolor="white", plot_bgcolor="white",
        showlegend=False, dragmode=False, hovermode=False,
        title=dict(text=text.t("fit_title", lang), x=0.01, y=0.98, xanchor="left", yanchor="top", font=dict(size=16)),
        xaxis=dict(range=xr, title=dict(text="x", standoff=0), zeroline=False, showgrid=False, ticks="outside",
                   linecolor="#999", fixedrange=True, automargin=True),
        yaxis=dict(range=yr, title=dict(text="ŷ" if is_classifier(ls) else "y", standoff=0), zeroline=False,
                   showgrid=True, gridcolor="#f0f0f0", ticks="outside", linecolor="#999", fixedrange=True,
                   tickvals=[0, 0.5, 1] if is_classifier(ls) else None, automargin=True),
    )
    return dict(data=traces, layout=layout)


def fit_data(ls, lang: str = "en") -> dict | None:
    """What assets/fit.js needs (None on analytic landscapes: the panel hides)."""
    if not is_data(ls):
        return None
    xr, yr = fit_window(ls)
    return dict(kind="logreg" if is_classifier(ls) else "linreg", xr=xr, yr=yr, figure=fit_figure(ls, lang),
                key=f"{ls.name}|{sorted(ls.params.items())}|{lang}")


def batch_loss_traces(ls, result, per=None) -> list:
    """Per run with real mini-batches (B < n): the loss of the batch used at each step, as
    the loss chart plots it (f − f* on a log axis: batches below f* leave a gap). With `per`
    (examples per step) at the examples processed once that batch is done."""
    bl = result.trace.get("batch_loss") if result.trace else None
    if bl is None or not is_data(ls):
        return []
    bl = np.atleast_2d(np.asarray(bl, dtype=float))
    y, log = loss_values(ls, bl)
    if log:
        y = np.where(bl - ls.f_min > 0, y, np.nan)
    out = []
    for k in range(bl.shape[0]):
        if int(result.epoch_steps[k]) <= 0:
            continue
        v = y[k]
        n = int(np.isfinite(np.asarray(result.xy)[k]).all(axis=-1).sum())
        v = v[:max(0, n - 1)]
        out.append(dict(type="scatter", mode="lines", x=work_x(v.size, per, k, 0 if per is None else 1),
                        y=[None if not np.isfinite(a) else float(f"{a:.4g}") for a in v],
                        line=dict(color=color(k), width=1), opacity=0.35, hoverinfo="skip", showlegend=False,
                        name=text.t("batch_loss")))
    return out


def epoch_shapes(result) -> list:
    """Light vertical lines at epoch boundaries: grey if all mini-batch runs share an epoch
    length, else those of the run with the longest epoch, in its colour (faint, dotted).
    Thinned to at most MAX_EPOCH_LINES lines (every 2nd, 3rd, ... epoch)."""
    ep = [(k, int(e)) for k, e in enumerate(np.asarray(result.epoch_steps).ravel()) if e > 0]
    if not ep:
        return []
    same = len({e for _, e in ep}) == 1
    if not same:        # several epoch lengths: only the longest (fewest lines), in its run's colour
        ep = [max(ep, key=lambda ke: (ke[1], -ke[0]))]
    shapes = []
    for k, e in ep[:1]:
        every = e * max(1, -(-result.steps // (e * MAX_EPOCH_LINES)))
        col = "#bbb" if same else color(k)
        for s in range(every, result.steps + 1, every):
            shapes.append(dict(type="line", xref="x", yref="paper", x0=s, x1=s, y0=0, y1=1, layer="below",
                               line=dict(color=col, width=1, dash="solid" if same else "dot"),
                               opacity=0.6 if same else 0.5))
    return shapes


def epoch_marks(result, per, lang: str = "en") -> tuple[list, list]:
    """When the loss chart counts examples: (lines, labels) at 1, 10, 100 … epochs of the n
    examples, within the examples the runs processed; the first labelled "1 epoch", the others
    with their number only (a decade apart on the log axis: a short label fits). One epoch is
    one step of the exact gradient: n examples, n steps of SGD."""
    per = np.asarray(per, dtype=np.int64)
    if not per.size or per.max() <= 0:
        return [], []
    n, top = int(per.max()), int(per.max()) * result.steps
    lines, labels = [], []
    e = 1
    while e * n <= top:
        x = e * n
        lines.append(dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, layer="below",
                          line=dict(color="#bbb", width=1)))
        labels.append(dict(x=math.log10(x), y=0, xref="x", yref="paper", yanchor="bottom", xanchor="right", showarrow=False,
                           text=str(e) if e > 1 else text.t("epoch_one", lang),       # 1 epoch, 10, 100: a decade apart
                           font=dict(size=16, color="#888")))
        e *= 10
    return lines, labels
