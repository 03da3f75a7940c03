"""A network on the page (`landscapes.mlp` seen on a plane): what its figures add.

- `plane_note`: the map says which plane it shows (what a and b measure) and how much of
  the paths' spread that plane holds (a projection must say what it hides).
- `validation_traces`: the loss chart's validation loss (dashed) and validation accuracy
  (dotted, on a right-hand axis in %) beside the player's training loss (solid).
- `network_rows`: the table's numbers: training and validation loss and accuracy at the end.
- `model_data`: the model panel's payload (assets/network.js): the data set and, per run,
  its weights at up to `FRAMES` steps, from which the browser draws each run's decision
  boundary and probability shading at the player's step.
"""
from __future__ import annotations

import numpy as np

from .. import text
from ..compute.network import metrics
from .map import binary, color, finite_len, work_x

__all__ = ["plane_note", "validation_traces", "accuracy_axis", "network_rows", "model_data",
           "network_range", "FRAMES"]

FRAMES = 120        # weight snapshots per run sent to the browser (the model panel's steps)


def plane_note(ls, lang: str = "en", narrow: bool = False) -> dict:
    """An annotation in the map's top-left corner (the band `app.compute.network` keeps free
    above the paths): the plane's kind and the share of the paths' spread it shows; shorter
    on a `narrow` map (a phone)."""
    share = f"{100 * ls.explained:.0f}%" if ls.explained >= 0.01 else f"{100 * ls.explained:.1g}%"
    key = ("plane_note_pca" if ls.plane.kind == "pca" else "plane_note_random") + ("_short" if narrow else "")
    return dict(xref="x domain", yref="y domain", x=0.01, y=0.99, xanchor="left", yanchor="top", showarrow=False,
                text=text.t(key, lang, share=share), align="left", font=dict(size=16, color="#333"),
                bgcolor="rgba(255,255,255,0.85)", borderpad=3)


def _curve(v: np.ndarray, n: int) -> list:
    return [None if not np.isfinite(a) else float(f"{a:.4g}") for a in v[:n]]


def _lengths(res) -> list:
    theta = res.theta
    return [finite_len(theta[k]) for k in range(theta.shape[0])]


def validation_traces(ls, res, labels: list, lang: str = "en", per=None) -> list:
    """Per run: validation loss (dashed, the loss axis) and validation accuracy (dotted, the
    right-hand axis `y4`), the same colour as its training curve. None without held-out data.
    With `per` (examples per step) x counts examples processed."""
    if not len(ls.validation[1]):
        return []
    m = metrics(res)
    out = []
    for k, n in enumerate(_lengths(res)):
        x = work_x(n, per, k)
        out.append(dict(type="scatter", mode="lines", x=x, y=_curve(m["val_loss"][k], n), showlegend=False,
                        line=dict(color=color(k), width=1.6, dash="dash"), name=text.t("val_loss", lang),
                        hovertemplate=f"<b>{labels[k]}</b><br>{text.t('val_loss', lang)} %{{y:.3g}}<extra></extra>"))
        out.append(dict(type="scatter", mode="lines", x=x, y=_curve(100 * m["val_acc"][k], n), yaxis="y4",
                        line=dict(color=color(k), width=1.4, dash="dot"), showlegend=False,
                        name=text.t("val_acc", lang),
                        hovertemplate=f"<b>{labels[k]}</b><br>{text.t('val_acc', lang)} %{{y:.0f}}%<extra></extra>"))
    return out


def accuracy_axis(lang: str = "en") -> dict:
    return dict(overlaying="y", side="right", range=[0, 100], fixedrange=True, showgrid=False, zeroline=False,
                ticks="outside", linecolor="#bbb", tickvals=[0, 50, 100], ticksuffix="%",
                tickfont=dict(color="#666"), title=dict(text=text.t("acc_axis", lang), standoff=0,
                                                        font=dict(color="#666")))


def network_range(ls, res) -> list:
    """The loss axis [0, top]: training and validation loss of the runs that did not diverge."""
    m = metrics(res)
    ok = np.asarray(res.diverged_at) < 0
    rows = ok if ok.any() else np.ones_like(ok)
    v = np.concatenate([np.asarray(res.loss)[rows].ravel(), m["val_loss"][rows].ravel()])
    v = v[np.isfinite(v)]
    top = float(v.max()) if v.size else 1.0
    unit = 10.0 ** np.floor(np.log10(max(top, 1e-6))) / 2
    return [0.0, float(np.ceil(top * 1.04 / unit) * unit)]


def network_rows(ls, res, labels: list) -> list[dict]:
    """Per run at its last finite step: training loss, validation loss, training and
    validation accuracy, and the step it diverged at (None if it did not)."""
    m = metrics(res)
    loss = np.asarray(res.loss)
    rows = []
    for k, n in enumerate(_lengths(res)):
        s = max(n - 1, 0)
        d = int(res.diverged_at[k])

        def at(a):
            return float(a[k, s]) if np.isfinite(a[k, s]) else None
        rows.append(dict(run=k, label=labels[k], color=color(k), final_loss=at(loss), val_loss=at(m["val_loss"]),
                         train_acc=at(m["train_acc"]), val_acc=at(m["val_acc"]), diverged=d if d >= 0 else None))
    return rows


def _window(ls) -> tuple[list, list]:
    X = np.concatenate([ls.data[0], ls.validation[0]])
    lo, hi = X.min(axis=0), X.max(axis=0)
    mid, half = (lo + hi) / 2, (hi - lo).max() / 2 * 1.12
    return [float(mid[0] - half), float(mid[0] + half)], [float(mid[1] - half), float(mid[1] + half)]


def model_data(ls, res, lang: str = "en") -> dict:
    """The model panel's payload: the network's layer sizes, the square window around the
    data, the training and validation points, and per run its weights θ at the steps `steps`
    (float32) with its training and validation accuracy there."""
    theta = res.theta
    T = theta.shape[1]
    steps = np.unique(np.linspace(0, T - 1, min(T, FRAMES)).round().astype(int))
    m = metrics(res)
    xr, yr = _window(ls)
    (X, y), (Xv, yv) = ls.data, ls.validation
    runs = [dict(theta=binary(theta[k, steps].ravel()), acc=binary(m["train_acc"][k, steps]),
                 val=binary(m["val_acc"][k, steps])) for k in range(theta.shape[0])]
    return dict(sizes=list(ls.net.sizes), xr=xr, yr=yr, steps=steps.tolist(), runs=runs,
                train=dict(x=binary(X[:, 0]), y=binary(X[:, 1]), c=binary(y)),
                val=dict(x=binary(Xv[:, 0]), y=binary(Xv[:, 1]), c=binary(yv)),
                text=dict(step=text.t("step", lang), title=text.t("model_title", lang)),
                key=f"{ls.key}|{lang}")
