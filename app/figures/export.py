"""Export the current scene for slides and notebooks (the "Export ▾" menu by the player):
the standalone animated page. The CSV is `app.compute.runs.runs_frame`; the menu is
`app.components.export`.

- CSV: the tidy table of every run (`optim.Result.to_frame()`, one row per run and step),
  with each run's label and the landscape's name.
- HTML: a standalone page with the animation of the current map: plotly.js inlined
  (`include_plotlyjs=True`), the contour picture as a data URI and Plotly animation frames
  with a play button and a step slider. It opens from a file or a USB stick, with no server
  and no network (for lecture slides).
- PNG: the map as the browser shows it, drawn by Plotly in the browser
  (`window.explorer.exporter.png`, assets/export.js); no server round trip.
- GIF, WebM: the animation for a slide (`app.figures.animation`, the `animation` extra).

Everything is computed from the URL (the page's whole state), within the same per-request
limits as the picture (`app.compute.runs.limit`, `BUDGET`).
"""
from __future__ import annotations

import plotly.io as pio

from ..compute.runs import compute, limit, run_label, run_labels
from ..model import VIEW
from ..text import landscape_title, t
from . import animation as A
from . import map as F

FRAMES = 150            # animation frames at most (sampled evenly over the steps)
FRAME_MS = 50           # per frame: 150 frames play in 7.5 s


def frame_steps(steps: int, n: int = FRAMES) -> list[int]:
    """Up to `n` steps from 0 to `steps`, evenly spaced, both ends included (the GIF's frames
    are the same choice: `app.figures.animation.frame_steps`)."""
    return A.frame_steps(steps, n)


def _scene_result(scene):
    scene = limit(scene)
    res = compute(scene)
    labels = run_labels(scene, [run_label(m, p, scene.lang) for m, p in zip(res.methods, res.params)],
                        getattr(res, "schedules", ()) or None)
    return scene, res, labels


def animation_figure(scene) -> dict:
    """The scene's map with Plotly frames (see `animated_map`)."""
    scene, res, labels = _scene_result(scene)
    return animated_map(res.surface, res, scene.view, scene.lang, labels)     # a network's map: its plane


def animated_map(ls, res, view: str = "overlay", lang: str = "en", labels: list | None = None) -> dict:
    """The map with Plotly frames, as a figure dict: static paths and background, moving
    heads and arrows (dicts, not validated graph objects: 150 frames validate slowly), a
    play button and a step slider."""
    labels = labels or [run_label(m, p, lang) for m, p in zip(res.methods, res.params)]
    traces, anim = F.map_traces(ls, res, view, 0, lang, labels, animated=True)
    moving = [i for a in anim for i in a]
    redraw = VIEW[view].kind == "3d"
    steps = frame_steps(res.steps)
    frames = []
    for s in steps:
        tr, _ = F.map_traces(ls, res, view, s, lang, labels, animated=True)
        frames.append(dict(name=str(s), data=[tr[i] for i in moving], traces=moving))
    layout = dict(F.map_background(ls, view, len(res.methods), lang))   # a copy: we add to it
    layout.pop("uirevision", None)
    anim_args = {"frame": {"duration": FRAME_MS, "redraw": redraw}, "fromcurrent": True,
                 "transition": {"duration": 0}, "mode": "immediate"}
    still = {"frame": {"duration": 0, "redraw": redraw}, "transition": {"duration": 0}, "mode": "immediate"}
    margin = dict(layout.get("margin") or {})
    margin["b"] = max(margin.get("b", 0), 90)
    margin["t"] = max(margin.get("t", 0), 40)
    layout.update(
        margin=margin, autosize=True,
        title=dict(text=f"{landscape_title(ls, lang)}: " + ", ".join(labels), x=0.01, font=dict(size=16)),
        updatemenus=[dict(type="buttons", direction="left", showactive=False, x=0, y=0, xanchor="left", yanchor="top",
                          pad=dict(t=45, r=10), buttons=[
                              dict(label="▶ " + t("play", lang), method="animate", args=[None, anim_args]),
                              dict(label="❚❚ " + t("pause", lang), method="animate", args=[[None], still])])],
        sliders=[dict(active=0, x=0.2, len=0.8, y=0, yanchor="top", pad=dict(t=30),
                      currentvalue=dict(prefix=t("step", lang) + " ", font=dict(size=16)),
                      transition=dict(duration=0),
                      steps=[dict(label=str(s), method="animate", args=[[str(s)], still]) for s in steps])])
    return {"data": traces, "layout": layout, "frames": frames}


def animation_html(scene) -> str:
    """A self-contained HTML page that plays the animation offline."""
    return pio.to_html(animation_figure(scene), validate=False, include_plotlyjs=True, include_mathjax=False, full_html=True, auto_play=False,
                       default_width="100%", default_height="96vh", div_id="explorer-animation",
                       config={"displaylogo": False, "responsive": True, "displayModeBar": False})


def animation_file(scene, fmt: str, size=None, seconds: float = 6.0) -> bytes:
    """The scene as an animated GIF or a WebM / MP4 video for a slide (`app.figures.animation`):
    the map as the page draws it, heads moving over `seconds`."""
    scene, res, labels = _scene_result(scene)
    size = size or A.SIZE
    if fmt == "gif":
        return A.gif(res.surface, res, size, scene.lang, labels, seconds)
    return A.video(res.surface, res, size, fmt, scene.lang, labels, seconds)


def filename(scene, ext: str) -> str:
    return f"{scene.surface}-{len(scene.runs)}runs-{scene.steps}steps.{ext}"
