"""The app's own figures in a notebook, no server needed: the same builders the page uses.

    from optim import run_many
    from app.figures.notebook import plot, plot_loss
    res = run_many("rosenbrock", [{"method": "gd", "alpha": 1e-3}, {"method": "adam", "alpha": 0.05}],
                   start=(-1.5, 2.0), steps=300)
    plot(res)                   # the map: contours, paths, start, minima, where each run ended
    plot(res, animate=True)     # with a play button and a step slider (moving heads and arrows)
    plot(res, step=40)          # the heads at step 40
    plot_loss(res)              # the loss chart (f − f* on a log axis where f* is known)

A network's result (`landscapes.get("mlp", ...)`) is drawn on the plane of its paths' two
principal components, with the share of their spread it shows, as the app draws it. The
figures are `plotly.graph_objects.Figure`s: `fig.show()`, `fig.write_html(...)`, or just
leave one as a cell's last value.
"""
from __future__ import annotations

import plotly.graph_objects as go

from ..compute.network import seen_on_plane
from . import map as F
from .export import animated_map
from .network import plane_note

__all__ = ["plot", "plot_loss"]


def _runs(res):
    """The result as the figures take it: runs on a map (a network's on its plane), with a run
    axis even for a single `optim.run`."""
    res = seen_on_plane(res)
    out = res.on(res.surface)               # a copy: the caller's result is left as it is
    out.squeeze = False
    return out


def plot(res, view: str = "overlay", step: int | None = None, lang: str = "en", animate: bool = False) -> go.Figure:
    """The map of the runs on their landscape, as the app draws it (`view`: "overlay" or
    "multiples", one panel per run; `lang`: "en" or "uk"); `animate=True` adds Plotly frames."""
    res = _runs(res)
    ls = res.surface
    if animate:
        fig = go.Figure(animated_map(ls, res, view, lang), skip_invalid=True)
    else:
        fig = F.map_figure(ls, res, view, step, lang)
    if getattr(ls, "plane", None) is not None:
        fig.add_annotation(**plane_note(ls, lang))
    return fig


def plot_loss(res, step: int | None = None, lang: str = "en") -> go.Figure:
    """The loss chart of the runs, as the app draws it."""
    res = _runs(res)
    return F.loss_figure(res.surface, res, step, lang)
