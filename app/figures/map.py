"""Pure figure functions: (landscape, result, view options) -> plotly figures.

Nothing here touches Dash or a server, so every function is testable on its own. The
explorer sends the pieces separately (the contour picture once per landscape, the run
traces on every change, the raw arrays for the browser-side animation), but
`map_figure` and `loss_figure` put them together into complete `go.Figure`s too.

Look: muted grey contour bands drawn as one raster image under the axes (a filled
contour of f, or of log10(f − f*) where the landscape asks for a log scale), one strong
colour per run, labels on the map itself (start, minimum, where each run ended).

Trace order of a 2D map, per panel: minima, start, then per run: path, end label,
then per run the animated traces (head+trail, gradient arrow, velocity arrow).
`anim_index` records where the animated traces are, for the browser.
"""
from __future__ import annotations

import base64
import math
import re
import struct
import zlib

import numpy as np
import plotly.graph_objects as go

from optim import METHODS, SCHEDULES

from .. import text
from ..compute.cache import DERIVED
from ..compute.runs import TOL, run_label
from ..compute.theory import OPTIMIZABLE, rate
from ..model import VIEW, fmt, pretty

__all__ = ["PALETTE", "color", "finite_len", "run_label", "level_field", "contour_png", "surface_grid", "panel_aspect", "fit_bounds", "map_shape",
           "map_background", "map_traces", "map_figure", "loss_traces", "loss_layout",
           "loss_figure", "summary_rows", "anim_data", "rule_tex", "rule_template", "tex_num", "TRAIL", "FONT", "axis_ids", "envelope_traces",
           "lr_traces", "lr_axis", "loss_range", "loss_values", "INK"]

# One strong colour per run (Tableau 10 / D3), the same in every chart.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")
FONT = dict(family="Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size=16, color="#222")
INK = "#333"
TRAIL = 24              # points in the fading trail behind each head
GRID_2D = 720           # raster resolution of the contour picture (long side): sharp on a projector
GRID_3D = 90
BANDS = 16


def color(k: int) -> str:
    return PALETTE[k % len(PALETTE)]


# ------------------------------------------------------------------ the level field

def _fmin(ls) -> float | None:
    return ls.f_min if ls.bounded_below else None


def reached_exactly(ls) -> bool:
    """Whether runs land exactly on the minimum (f − f* = 0, which a log axis cannot show): on
    a landscape with a feasible box the minimum is on its edge, where projected steps stop."""
    return getattr(ls, "box", None) is not None


def level(ls, f):
    """What the colour bands show: log10(f − f* + tiny) on log-scale landscapes, else f."""
    f = np.asarray(f, dtype=float)
    if ls.log_scale:
        fmin = _fmin(ls)
        with np.errstate(all="ignore"):
            return np.log10(np.maximum(f - (fmin if fmin is not None else np.nanmin(f)), 0) + 1e-6)
    return f


def _ident(ls) -> tuple:
    """What names a landscape in the caches: its name and parameters (and a view's key: a
    network's plane)."""
    return (ls.name, tuple(sorted(ls.params.items())), getattr(ls, "key", ""))


def _sample(ls, xs, ys):
    """f on the grid xs × ys (rows: y). A landscape that is costly to evaluate (a network,
    `coarse` points per side) is evaluated on a coarse grid and interpolated (bilinear)."""
    coarse = getattr(ls, "coarse", None)
    if coarse and max(xs.size, ys.size) > coarse:
        cx = np.linspace(xs[0], xs[-1], coarse if xs.size >= ys.size else max(8, round(coarse * xs.size / ys.size)))
        cy = np.linspace(ys[0], ys[-1], coarse if ys.size >= xs.size else max(8, round(coarse * ys.size / xs.size)))
        C = _sample(ls, cx, cy)
        rows = np.stack([np.interp(xs, cx, row) for row in C])                    # (len(cy), nx)
        return np.stack([np.interp(ys, cy, col) for col in rows.T], axis=1)      # (ny, nx)
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        return np.asarray(ls.f(X, Y), dtype=float)


def _field(ls, nx: int, ny: int, bounds: tuple | None = None):
    (x0, x1), (y0, y1) = bounds or ls.bounds
    xs = np.linspace(x0, x1, nx)
    ys = np.linspace(y0, y1, ny)
    Z = _sample(ls, xs, ys)
    L = level(ls, Z)
    for a in (xs, ys, Z, L):
        a.setflags(write=False)
    return xs, ys, Z, L


def _shape(bounds, n: int) -> tuple[int, int]:
    (x0, x1), (y0, y1) = bounds
    w, h = x1 - x0, y1 - y0
    return (n, max(8, round(n * h / w))) if w >= h else (max(8, round(n * w / h)), n)


def level_field(ls, n: int = GRID_2D):
    """(xs, ys, f grid, level grid) over the landscape's bounds, kept in the process's cache
    (bounded in bytes)."""
    nx, ny = _shape(ls.bounds, n)
    return DERIVED.get(("grid", _ident(ls), nx, ny), lambda: _field(ls, nx, ny))


def _wide_field(ls, bounds: tuple):
    """The level grid over a box around the landscape's (not cached: only its picture is),
    as fine inside the landscape's box as `level_field`, at most twice as many points."""
    (x0, x1), (y0, y1) = ls.bounds
    (a0, a1), (b0, b1) = bounds
    grow = max((a1 - a0) / (x1 - x0), (b1 - b0) / (y1 - y0))
    n = min(round(GRID_2D * grow), 2 * GRID_2D)
    return _field(ls, *_shape(bounds, n), bounds)


def _png(rgb: np.ndarray) -> bytes:
    """A minimal PNG encoder (RGB uint8, rows top to bottom)."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[i].tobytes() for i in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


# light (low) -> muted blue-grey (high), as in Distill's hero figure
_LOW = np.array([250, 250, 248], float)
_HIGH = np.array([186, 194, 204], float)
_LINE = np.array([120, 128, 138], float)


def _edges(L: np.ndarray) -> np.ndarray:
    """BANDS equal-width bands between robust limits of a level grid."""
    finite = L[np.isfinite(L)]
    if finite.size == 0:
        return np.array([0.0, 1.0])
    lo, hi = np.percentile(finite, [0.5, 99])
    if hi <= lo:
        hi = lo + 1
    return np.linspace(lo, hi, BANDS + 1)


def _quantize(L: np.ndarray, edges: np.ndarray) -> np.ndarray:
    lo, hi = edges[0], edges[-1]
    if edges.size <= 2:
        return np.zeros(L.shape, int)
    return np.clip(np.digitize(np.nan_to_num(L, nan=hi, posinf=hi, neginf=lo), edges[1:-1]), 0, BANDS - 1)


def _contour_png(ls, bounds: tuple | None) -> str:
    # the bands of the landscape's own box, also where the picture reaches beyond it
    L = level_field(ls)[3]
    q = _quantize(_wide_field(ls, bounds)[3] if bounds else L, _edges(L))
    t = (q / (BANDS - 1))[..., None]
    rgb = _LOW * (1 - t) + _HIGH * t
    edge = np.zeros(q.shape, bool)
    edge[:, 1:] |= q[:, 1:] != q[:, :-1]
    edge[1:, :] |= q[1:, :] != q[:-1, :]
    rgb[edge] = rgb[edge] * 0.45 + _LINE * 0.55
    img = np.flipud(np.clip(rgb, 0, 255).astype(np.uint8))   # row 0 = top = ymax
    return "data:image/png;base64," + base64.b64encode(_png(np.ascontiguousarray(img))).decode()


def contour_png(ls, bounds: tuple | None = None) -> str:
    """The grey contour bands of a landscape as a PNG data URI over its bounds (or
    `bounds`, a box around them), cached per landscape and box."""
    return DERIVED.get(("png", _ident(ls), bounds), lambda: _contour_png(ls, bounds))


def contour_lines(ls, n: int = 100) -> dict:
    """The background's contour lines (the band edges of `contour_png`) as a Plotly contour
    trace, for pictures drawn over the background that should keep the lines on top."""
    xs, ys, _, L = level_field(ls, n)
    edges = _edges(level_field(ls)[3])
    z = [[None if not np.isfinite(v) else round(float(v), 4) for v in row] for row in L]
    return dict(type="contour", x=np.round(xs, 5).tolist(), y=np.round(ys, 5).tolist(), z=z, showscale=False,
                contours=dict(coloring="none", start=float(edges[1]), end=float(edges[-2]),
                              size=float(edges[1] - edges[0])),
                line=dict(color="rgba(60,64,70,0.55)", width=0.8, smoothing=0.8), hoverinfo="skip",
                showlegend=False)


def surface_grid(ls, n: int = GRID_3D):
    return level_field(ls, n)


# ------------------------------------------------------------------ map: background

def _lift(L) -> float:
    """How high 3D paths ride above a surface of levels L (LIFT of its height range)."""
    return LIFT * float(np.nanmax(L) - np.nanmin(L) or 1)


def _z_span(ls) -> tuple[float, float]:
    """The 3D view's height range: the surface's levels, and the lift its paths ride at."""
    L = surface_grid(ls)[3]
    return float(np.nanmin(L)), float(np.nanmax(L)) + _lift(L)


LIFT = 0.05     # 3D paths ride this share of the height range above the surface: a coarse grid's
                # interpolation lies above a convex valley's floor and would hide them


def axis_ids(i: int) -> tuple[str, str]:
    return ("x", "y") if i == 0 else (f"x{i + 1}", f"y{i + 1}")


def _grid_shape(n: int) -> tuple[int, int]:
    cols = 1 if n <= 1 else 2 if n <= 4 else 3 if n <= 6 else 4
    return math.ceil(n / cols), cols


GAP = 0.03              # between small multiples' columns, as a share of the figure
ROW_GAP = 0.065         # between their rows
ASPECT_STEP = 1.06      # the map's shape in buckets of 6 %: a smaller change keeps the picture
PAD = 1.06              # the contour picture reaches this much beyond the axes' ranges


MARGIN_L = 54     # room for a y tick label such as −0.5 at 16 px


def _margins(n: int) -> dict:
    return dict(l=MARGIN_L, r=10, t=26 if n > 1 else 10, b=36)


def _domains(i: int, rows: int, cols: int) -> tuple[list, list]:
    """Panel i's domains. Rows are further apart than columns: between them go the upper
    panel's tick labels and the lower panel's title."""
    r, c = divmod(i, cols)
    xd = [c / cols + (GAP if c else 0), (c + 1) / cols - (GAP if c < cols - 1 else 0)]
    yd = [1 - (r + 1) / rows + (ROW_GAP if r < rows - 1 else 0), 1 - r / rows - (ROW_GAP if r else 0)]
    return xd, yd


def panel_aspect(view: str, n_runs: int, size) -> float | None:
    """The shape (width / height in pixels) of one panel's plot area on a map of `size`
    ([width, height] of the figure in pixels, as the browser measures it), in buckets of
    ASPECT_STEP; None for a view without a 2-D map or a size that is not one."""
    v = VIEW[view]
    try:
        w, h = (float(a) for a in size)
    except (TypeError, ValueError):
        return None
    if v.kind != "map" or not (math.isfinite(w) and math.isfinite(h)) or w <= 0 or h <= 0:
        return None
    n = n_runs if v.panels == "run" else 1
    rows, cols = _grid_shape(n)
    m = _margins(n)
    xd, yd = _domains(0, rows, cols)
    pw, ph = (w - m["l"] - m["r"]) * (xd[1] - xd[0]), (h - m["t"] - m["b"]) * (yd[1] - yd[0])
    if pw < 20 or ph < 20:
        return None
    aspect = min(max(pw / ph, 0.25), 4.0)
    return round(ASPECT_STEP ** round(math.log(aspect) / math.log(ASPECT_STEP)), 4)


def map_shape(ls, view: str, n_runs: int) -> float | None:
    """Height / width of the panels' grid if each showed the landscape's box at equal scales
    (margins aside): where a map free to choose its height (a phone's) wants it."""
    v = VIEW[view]
    if v.kind != "map":
        return None
    rows, cols = _grid_shape(n_runs if v.panels == "run" else 1)
    (x0, x1), (y0, y1) = ls.bounds
    return round(rows / cols * (y1 - y0) / (x1 - x0), 3) if x1 > x0 and y1 > y0 else None


def fit_bounds(bounds, aspect: float | None, grow: float = 1.0) -> tuple:
    """The landscape's box widened (never cut) to the panel's shape, so that x and y have the
    same scale and the picture fills the panel; `grow` pads both sides."""
    (x0, x1), (y0, y1) = bounds
    w, h = x1 - x0, y1 - y0
    if aspect:
        w, h = (h * aspect, h) if aspect > w / h else (w, w / aspect)
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, w * grow, h * grow
    return ((cx - w / 2, cx + w / 2), (cy - h / 2, cy + h / 2))


def map_background(ls, view: str = "overlay", n_runs: int = 1, lang: str = "en", aspect: float | None = None) -> dict:
    """The layout of the map: axes over the landscape's bounds with the contour picture
    under each panel (2D views), or the 3D scene. A plain dict (plotly layout JSON).

    x and y have the same scale on a 2-D map. With the panel's `aspect` (`panel_aspect`)
    the box is widened to the panel's shape, the picture reaches beyond it (Plotly then
    fine-tunes one range to the exact shape); without, the panel shrinks to the box."""
    (x0, x1), (y0, y1) = ls.bounds
    v = VIEW[view]
    base = dict(
        font=FONT, margin=dict(l=MARGIN_L, r=10, t=10, b=36), paper_bgcolor="white", plot_bgcolor="white",
        showlegend=False, dragmode=False, hovermode="closest", uirevision=f"{ls.name}|{view}",
        hoverlabel=dict(font=dict(size=16)),
    )
    if v.kind == "3d":
        # few ticks (they are 16 px, in perspective), and a camera far enough back that the
        # tick labels stay inside the figure, clear of the player bar
        ax = dict(showbackground=False, gridcolor="#ddd", zerolinecolor="#bbb", title=dict(font=dict(size=16)), nticks=5)
        zlab = "log₁₀(f − f*)" if ls.log_scale else "f"
        base.update(margin=dict(l=0, r=0, t=0, b=0), scene=dict(
            xaxis=dict(ax, range=[x0, x1], title=dict(text="x"), **inner_ticks(x0, x1)),
            yaxis=dict(ax, range=[y0, y1], title=dict(text="y"), **inner_ticks(y0, y1)),
            zaxis=dict(ax, title=dict(text=zlab), **inner_ticks(*_z_span(ls))),
            aspectmode="manual", aspectratio=dict(x=1.4, y=1.4 * (y1 - y0) / (x1 - x0) if x1 > x0 else 1, z=0.7),
            domain=dict(x=[0, 1], y=[0.03, 1]), camera=dict(eye=dict(x=-1.75, y=-2.0, z=1.35))))
        return base
    (x0, x1), (y0, y1) = fit_bounds(ls.bounds, aspect)
    if aspect:
        (p0, p1), (q0, q1) = fit_bounds(ls.bounds, aspect, PAD)
        src = contour_png(ls, (tuple(float(round(a, 9)) for a in (p0, p1)), tuple(float(round(b, 9)) for b in (q0, q1))))
    else:
        (p0, p1), (q0, q1), src = (x0, x1), (y0, y1), contour_png(ls)
    n = n_runs if v.panels == "run" else 1
    rows, cols = _grid_shape(n)
    images = []
    for i in range(n):
        r, c = divmod(i, cols)
        xa, ya = axis_ids(i)
        xd, yd = _domains(i, rows, cols)
        xs = dict(range=[x0, x1], domain=xd, showgrid=False, zeroline=False, ticks="outside",
                  tickcolor="#999", linecolor="#999", mirror=True, fixedrange=True,
                  showticklabels=(r == rows - 1), constrain="range" if aspect else "domain", anchor=ya)
        ys = dict(range=[y0, y1], domain=yd, showgrid=False, zeroline=False, ticks="outside",
                  tickcolor="#999", linecolor="#999", mirror=True, fixedrange=True,
                  showticklabels=(c == 0), scaleanchor=xa, scaleratio=1, constrain="range" if aspect else "domain",
                  anchor=xa)
        base["xaxis" if i == 0 else f"xaxis{i + 1}"] = xs
        base["yaxis" if i == 0 else f"yaxis{i + 1}"] = ys
        images.append(dict(source=src, xref=xa, yref=ya, x=p0, y=q1, sizex=p1 - p0, sizey=q1 - q0,
                           sizing="stretch", layer="below", xanchor="left", yanchor="top"))
    base["images"] = images
    base["margin"] = _margins(n)
    if getattr(ls, "box", None) is not None:
        base["shapes"] = [_box_shape(ls.box, axis_ids(i), ((p0, p1), (q0, q1))) for i in range(n)]
    return base


def _box_shape(box, axes, outer) -> dict:
    """A landscape's feasible box: its outline, and a veil over everything outside it."""
    (a0, a1), (b0, b1) = box
    (p0, p1), (q0, q1) = outer
    path = (f"M{p0},{q0}H{p1}V{q1}H{p0}Z M{a0},{b0}H{a1}V{b1}H{a0}Z")
    return dict(type="path", path=path, xref=axes[0], yref=axes[1], fillrule="evenodd", layer="between",
                fillcolor="rgba(255,255,255,0.6)", line=dict(color="#333", width=2, dash="dash"))


# ------------------------------------------------------------------ map: traces

def finite_len(xy: np.ndarray) -> int:
    """The number of leading finite points of a path (..., P): where a diverged run stops."""
    ok = np.isfinite(xy).all(axis=-1)
    return int(ok.size if ok.all() else np.argmin(ok))


def _json(out: np.ndarray):
    """A float array ready for JSON: kept as a contiguous ndarray (orjson writes it in one
    go, far faster than a list), or a list with None for NaN/inf (never valid JSON)."""
    if np.isfinite(out).all():
        return np.ascontiguousarray(out, dtype=np.float64)
    return [v if math.isfinite(v) else None for v in out.tolist()]


def _r(a, digits: int = 6):
    """Rounded to `digits` decimals, for JSON."""
    a = np.asarray(a, dtype=float)
    with np.errstate(all="ignore"):
        return _json(np.round(a, digits) if digits is not None else a)


def _sig(a, sig: int = 7) -> list:
    """Significant-digit rounding for values spanning decades (losses, gradients)."""
    a = np.asarray(a, dtype=float)
    with np.errstate(all="ignore"):
        mag = np.where((a != 0) & np.isfinite(a), np.floor(np.log10(np.abs(a))), 0)
        scale = 10.0 ** (sig - 1 - mag)
        out = np.round(a * scale) / scale
    return _json(out)


def _arrow_len(ls) -> float:
    (x0, x1), (y0, y1) = ls.bounds
    return 0.09 * min(x1 - x0, y1 - y0)


def _unit(v: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        n = np.hypot(v[..., 0], v[..., 1])[..., None]
        u = np.where(n > 0, v / np.where(n > 0, n, 1), 0.0)
    return np.nan_to_num(u)


def arrow_xy(p, u, length) -> tuple[list, list]:
    """An arrow from p along unit vector u: the shaft's two points (head drawn as a marker)."""
    return [p[0], p[0] + length * u[0]], [p[1], p[1] + length * u[1]]


def _head_trail(xy: np.ndarray, s: int, n: int):
    """Positions of the fading trail ending in the head at step s (clamped to the finite part)."""
    s = max(0, min(s, n - 1))
    a = max(0, s - TRAIL)
    pts = xy[a:s + 1]
    m = len(pts)
    frac = (np.arange(m) + 1) / m
    sizes = (3 + 5 * frac).tolist()
    sizes[-1] = 15
    opac = (0.15 + 0.6 * frac).tolist()
    opac[-1] = 1.0
    return pts, sizes, opac


def _in_bounds(ls, p) -> bool:
    (x0, x1), (y0, y1) = ls.bounds
    return bool(x0 <= p[0] <= x1 and y0 <= p[1] <= y1)


def _exit_point(ls, path: np.ndarray) -> np.ndarray:
    """Where a path leaves the view for good: its last point inside, or (if it never was
    inside) its start clamped to the edge, so a diverged run's marker stays visible."""
    (x0, x1), (y0, y1) = ls.bounds
    ok = (path[:, 0] >= x0) & (path[:, 0] <= x1) & (path[:, 1] >= y0) & (path[:, 1] <= y1)
    idx = np.flatnonzero(ok)
    p = path[idx[-1]] if idx.size else path[0]
    return np.array([min(max(p[0], x0), x1), min(max(p[1], y0), y1)])


def _near(ls, a, b, frac: float = 0.07) -> bool:
    """Are two points within `frac` of the map's size of each other (labels would collide)?"""
    (x0, x1), (y0, y1) = ls.bounds
    return bool(np.hypot((a[0] - b[0]) / (x1 - x0), (a[1] - b[1]) / (y1 - y0)) < frac)


def _short_labels(labels) -> list:
    """What tells the runs apart on the map: the method names when they differ, else the
    parts of the labels that not every run shares ("GD α=0.03 B=4" beside "… B=16" -> "B=4")."""
    heads = [lab.split(" ")[0] for lab in labels]
    if len(set(heads)) == len(heads):
        return heads
    tokens = [lab.split(" ") for lab in labels]
    common = set.intersection(*map(set, tokens)) if tokens else set()
    return [" ".join(t for t in tok if t not in common) or lab for tok, lab in zip(tokens, labels)]


def _end_groups(ls, ends, div, labels, view) -> list:
    """The names beside each run's end point, as [(name, colour), ...] per run. Runs that end
    close together share one label (on the first of them), each name in its run's colour, so
    nothing is written over anything else."""
    out = [[] for _ in ends]
    if VIEW[view].panels == "run":
        return out
    anchors = []                # (run index, its group)
    short = _short_labels(labels)
    for k, e in enumerate(ends):
        if div[k] >= 0:
            continue
        for a, group in anchors:
            if _near(ls, ends[a], e):
                group.append((short[k], color(k)))
                break
        else:
            anchors.append((k, out[k]))
            out[k].append((short[k], color(k)))
    return out


def _html(group) -> str:
    return "<br>".join(f'<span style="color:{c}">{name}</span>' for name, c in group)


def _toward_centre(ls, p) -> str:
    """A text position that points from `p` toward the middle of the map (stays inside)."""
    (x0, x1), (y0, y1) = ls.bounds
    v = "bottom" if p[1] > (y0 + y1) / 2 else "top"
    h = "left" if p[0] > (x0 + x1) / 2 else "right"
    return f"{v} {h}"


def _end_text(k: int) -> str:
    return ("top right", "bottom right", "top left", "bottom left")[k % 4]


def map_marks(ls, result, view: str = "overlay", lang: str = "en", labels: list | None = None) -> dict:
    """What the map writes on itself, in data coordinates: per run where its path ends (the
    last point inside the view; a diverged run's exit point) with the names shown there, or
    its divergence note; the "minimum" label unless a run ends on it; the panel titles of
    the side-by-side view. Shared by the Plotly figure and the browser's overlay."""
    xy = np.asarray(result.xy)
    K = xy.shape[0]
    labels = labels or [run_label(mm, p, lang) for mm, p in zip(result.methods, result.params)]
    div = np.asarray(result.diverged_at)
    start = xy[0, 0] if K else np.array(ls.start)
    ends = []
    for k in range(K):
        n = finite_len(xy[k])
        last = xy[k, n - 1] if n else start
        if div[k] >= 0 or not _in_bounds(ls, last):
            last = _exit_point(ls, xy[k, :n]) if n else start
        ends.append(last)
    groups = _end_groups(ls, ends, div, labels, view)
    per_run = VIEW[view].panels == "run"
    out = []
    for k, e in enumerate(ends):
        d = int(div[k]) if div[k] >= 0 else None
        out.append(dict(x=float(e[0]), y=float(e[1]), diverged=d, names=groups[k],
                        text=text.t("diverged_at", lang, k=d) if d is not None else "",
                        pos=_end_text(k) if d is not None else _toward_centre(ls, e)))
    crowded = per_run or any(_near(ls, e, (ls.minima[0].x, ls.minima[0].y)) for e, d in zip(ends, div) if d < 0) \
        if ls.minima else True
    (x0, x1), (y0, y1) = ls.bounds
    return dict(start=(float(start[0]), float(start[1])), ends=out,
                min_label=None if crowded else dict(x=ls.minima[0].x, y=ls.minima[0].y, text=text.t("min_label", lang)),
                titles=[(x0 + 0.02 * (x1 - x0), y1 - 0.02 * (y1 - y0))] * K if per_run else [])


def map_traces(ls, result, view: str = "overlay", step: int | None = None, lang: str = "en",
               labels: list | None = None, arrows: bool = True, animated: bool = True,
               paths: bool = True) -> tuple[list, list]:
    """Traces of the map (plain dicts) and, per run, the indices of its animated traces
    [head, grad arrow, velocity arrow] (3D: [head]).

    `result` is an `optim.Result` (with trace=True for the arrows). `animated=False` leaves
    out the 2D heads/trails/arrows (the browser draws those itself, frame by frame);
    `paths=False` also leaves out the paths, the end marks and the panel titles (the
    browser draws them from `map_marks`, so a slider move redraws no Plotly figure)."""
    xy = np.asarray(result.xy)
    K, T1, _ = xy.shape
    step = T1 - 1 if step is None else max(0, min(int(step), T1 - 1))
    labels = labels or [run_label(m, p) for m, p in zip(result.methods, result.params)]
    ns = [finite_len(xy[k]) for k in range(K)]
    traces, anim = [], []
    per_run = VIEW[view].panels == "run"       # one small map per run
    if VIEW[view].kind == "3d":
        xs, ys, Z, L = surface_grid(ls)
        traces.append(dict(type="surface", x=_r(xs, 5), y=_r(ys, 5), z=_sig(L, 5), colorscale=[[0, "#f4f4f2"], [1, "#8c96a4"]],
                           showscale=False, opacity=0.7, hoverinfo="skip",
                           contours=dict(z=dict(show=True, color="#777", width=1, start=float(np.nanmin(L)),
                                                end=float(np.nanmax(L)), size=float((np.nanmax(L) - np.nanmin(L)) / BANDS) or 1)),
                           lighting=dict(ambient=0.8, diffuse=0.4, specular=0.05)))
        lift = _lift(L)
        with np.errstate(all="ignore"):
            zz = level(ls, np.asarray(result.loss))
        for k in range(K):
            n = ns[k]
            traces.append(dict(type="scatter3d", mode="lines", x=_r(xy[k, :n, 0]), y=_r(xy[k, :n, 1]),
                               z=_sig(zz[k, :n] + lift), line=dict(color=color(k), width=8), name=labels[k],
                               hovertemplate=f"{labels[k]}<br>x=%{{x:.3f}}, y=%{{y:.3f}}<extra></extra>"))
        for k in range(K):
            s = max(0, min(step, ns[k] - 1))
            anim.append([len(traces)])
            traces.append(dict(type="scatter3d", mode="markers", x=[float(xy[k, s, 0])], y=[float(xy[k, s, 1])],
                               z=[float(zz[k, s] + lift)], marker=dict(size=9, color=color(k), line=dict(color="white", width=2)),
                               hoverinfo="skip", name=labels[k]))
        return traces, anim

    n_panels = K if per_run else 1
    length = _arrow_len(ls)
    mk = map_marks(ls, result, view, lang, labels)
    start = mk["start"]
    g = result.trace.get("g") if arrows else None
    m = result.trace.get("p") if arrows else None
    for i in range(n_panels):
        xa, ya = axis_ids(i)
        mins = ls.minima
        if mins:
            traces.append(dict(type="scatter", mode="markers+text", xaxis=xa, yaxis=ya,
                               x=[mm.x for mm in mins], y=[mm.y for mm in mins],
                               marker=dict(symbol=["star" if mm.is_global else "star-open" for mm in mins],
                                           size=[17 if mm.is_global else 12 for mm in mins],
                                           color="#111", line=dict(color="white", width=1)),
                               text=[mk["min_label"]["text"] if (paths and mk["min_label"] and j == 0 and i == 0) else ""
                                     for j, _ in enumerate(mins)],
                               textposition="bottom center", textfont=dict(size=16, color="#111"),
                               hovertemplate="min f(%{x:.3g}, %{y:.3g})<extra></extra>", cliponaxis=True))
        traces.append(dict(type="scatter", mode="markers+text", xaxis=xa, yaxis=ya,
                           x=[float(start[0])], y=[float(start[1])],
                           marker=dict(symbol="circle-open", size=14, color="#111", line=dict(width=2.5)),
                           text=[text.t("start_label", lang)], textposition="top center",
                           textfont=dict(size=16, color="#111"), hoverinfo="skip"))
    if not paths:           # the browser draws paths, end marks and panel titles from `map_marks`
        return traces, anim
    if per_run:  # each panel titled with its run, in the run's colour
        for k, (tx, ty) in enumerate(mk["titles"]):
            xa, ya = axis_ids(k)
            traces.append(dict(type="scatter", mode="text", xaxis=xa, yaxis=ya, x=[tx], y=[ty],
                               text=[f"<b>{labels[k]}</b>"], textposition="bottom right",
                               textfont=dict(size=16, color=color(k)), hoverinfo="skip", cliponaxis=False))
    for k, e in enumerate(mk["ends"]):
        xa, ya = axis_ids(k if per_run else 0)
        n = ns[k]
        traces.append(dict(type="scatter", mode="lines", xaxis=xa, yaxis=ya, x=_r(xy[k, :n, 0]), y=_r(xy[k, :n, 1]),
                           line=dict(color=color(k), width=2.5), opacity=0.9, name=labels[k],
                           hovertemplate=f"<b>{labels[k]}</b><br>x=%{{x:.4g}}, y=%{{y:.4g}}<extra></extra>"))
        diverged = e["diverged"] is not None
        traces.append(dict(type="scatter", mode="markers+text", xaxis=xa, yaxis=ya,
                           x=[e["x"]], y=[e["y"]], text=[e["text"] if diverged else _html(e["names"])],
                           textposition=e["pos"], textfont=dict(size=16, color="#c00" if diverged else color(k)),
                           marker=dict(symbol="x-thin" if diverged else "circle", size=16 if diverged else 12,
                                       color=color(k), line=dict(color="#c00" if diverged else "white",
                                                                 width=3 if diverged else 1.5)),
                           hoverinfo="skip", cliponaxis=False))
    for k in range(K if animated else 0):
        xa, ya = axis_ids(k if per_run else 0)
        n = max(ns[k], 1)
        pts, sizes, opac = _head_trail(xy[k], step, n)
        s = max(0, min(step, n - 1))
        idx = [len(traces)]
        traces.append(dict(type="scatter", mode="markers", xaxis=xa, yaxis=ya, x=_r(pts[:, 0]), y=_r(pts[:, 1]),
                           marker=dict(size=sizes, opacity=opac, color=color(k), line=dict(color="white", width=1.5)),
                           hoverinfo="skip"))
        has_p = "p" in METHODS[result.methods[k]].state
        for arr, col, dash in ((g, "#222", "solid"), (m if has_p else None, color(k), "solid")):
            idx.append(len(traces))
            ax, ay = [None], [None]
            if arr is not None and s < arr.shape[1] and s < n:
                ax, ay = arrow_xy(xy[k, s], _unit(-arr[k, s]), length)
            traces.append(dict(type="scatter", mode="lines+markers", xaxis=xa, yaxis=ya, x=ax, y=ay,
                               line=dict(color=col, width=2.5, dash=dash),
                               marker=dict(symbol="arrow", angleref="previous", size=[0, 13], color=col),
                               hoverinfo="skip", visible=arr is not None and bool(np.nansum(np.abs(arr[k])) > 0)))
        anim.append(idx)
    return traces, anim


def map_figure(ls, result, view: str = "overlay", step: int | None = None, lang: str = "en") -> go.Figure:
    """The complete map (background + trajectories) as a go.Figure."""
    traces, _ = map_traces(ls, result, view, step, lang)
    layout = map_background(ls, view, len(result.methods), lang)
    return go.Figure(data=traces, layout=layout)


# ------------------------------------------------------------------ loss chart

def loss_values(ls, loss: np.ndarray) -> tuple[np.ndarray, bool]:
    """What the loss chart plots and whether on a log axis: f − f* (floored at 1e-16) on a
    log axis when the minimum value is known and f is bounded below, else f (linear)."""
    fmin = _fmin(ls)
    loss = np.asarray(loss, dtype=float)
    if fmin is None or reached_exactly(ls):
        return loss, False
    with np.errstate(all="ignore"):
        return np.maximum(loss - fmin, 1e-16), True


def loss_traces(ls, result, step: int | None = None, labels: list | None = None,
                animated: bool = True) -> tuple[list, dict]:
    """The loss curves and (animated=True) the heads at `step` and the step cursor (the
    complete chart for exports and notebooks; the app's player draws the curves itself)."""
    y, log = loss_values(ls, result.loss)
    K, T1 = y.shape
    step = T1 - 1 if step is None else max(0, min(int(step), T1 - 1))
    labels = labels or [run_label(m, p) for m, p in zip(result.methods, result.params)]
    xy = np.asarray(result.xy)
    traces = []
    for k in range(K):
        n = finite_len(xy[k])
        traces.append(dict(type="scatter", mode="lines", x=np.arange(n), y=_sig(y[k, :n]), name=labels[k],
                           line=dict(color=color(k), width=2.5),
                           hovertemplate=f"<b>{labels[k]}</b><br>step %{{x}}: %{{y:.3g}}<extra></extra>"))
    if not animated:
        return traces, dict(log=log, heads=None)
    hx, hy, hc = [], [], []
    for k in range(K):
        n = finite_len(xy[k])
        if n:
            s = min(step, n - 1)
            hx.append(s)
            hy.append(float(y[k, s]))
            hc.append(color(k))
    traces.append(dict(type="scatter", mode="markers", x=hx, y=hy, marker=dict(size=10, color=hc, line=dict(color="white", width=1.5)),
                       hoverinfo="skip"))
    # the step cursor: a vertical line across the plot (y in paper coordinates)
    traces.append(dict(type="scatter", mode="lines", x=[step, step], y=[0, 1], yaxis="y2", hoverinfo="skip",
                       line=dict(color="#888", width=1.5, dash="dot")))
    return traces, dict(log=log, heads=len(traces) - 2)


def loss_range(ls, result, snap: bool = False) -> list | None:
    """The loss chart's y range from the runs that did not diverge (all runs if none did): on a log axis in
    decades, else in the axis's units (None: automatic). `snap=True` widens it to whole
    decades (log) or round numbers (linear), so a small change of the runs keeps the axis."""
    y, log = loss_values(ls, result.loss)
    ok = np.asarray(result.diverged_at) < 0
    v = y[ok] if ok.any() else y            # every run diverged: the axis spans what they drew
    v = v[np.isfinite(v) & ((v > 0) if log else True)]
    if v.size == 0:
        return None
    if not log:
        if not snap:
            return None
        lo, hi = float(v.min()), float(v.max())
        span = hi - lo or abs(hi) or 1.0
        unit = 10.0 ** math.floor(math.log10(span)) / 2
        lo, hi = math.floor((lo - 0.05 * span) / unit) * unit, math.ceil((hi + 0.05 * span) / unit) * unit
        return [lo, hi]
    lo, hi = float(np.log10(v.min())), float(np.log10(v.max()))
    pad = max(0.1 * (hi - lo), 0.2)
    if snap:
        return [math.floor(lo - pad), math.ceil(hi + pad)]
    return [lo - pad, hi + pad]


def inner_ticks(lo: float, hi: float, about: int = 4) -> dict:
    """Round ticks strictly inside [lo, hi], none within a tenth of either end: in 3D the ends
    of x, y and z meet at the box's corners, where end ticks print over each other."""
    span = hi - lo
    if not (span > 0 and math.isfinite(span)):
        return {}
    raw = span / about
    step = min((m * 10.0 ** math.floor(math.log10(raw)) for m in (1, 2, 5, 10)), key=lambda v: abs(v - raw))
    vals = [k * step for k in range(math.ceil((lo + 0.1 * span) / step), math.floor((hi - 0.1 * span) / step) + 1)]
    return dict(tickvals=vals, ticktext=[pretty(round(v, 10)) for v in vals], tickmode="array")


def log_ticks(lo: float, hi: float, most: int = 6) -> dict:
    """Ticks of a log axis spanning 10^lo .. 10^hi, written as the page writes numbers
    (`pretty`: 0.01, 1, 10⁻⁵), all at the axis's font size (no small "2 5" minor labels):
    powers of ten (every k-th, at most `most`), or 1, 2, 5 × 10^k on an axis under two decades."""
    a, b = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    if b - a >= 1:
        every = max(1, math.ceil((b - a + 1) / most))
        vals = [10.0 ** e for e in range(b, a - 1, -every)][::-1]
    else:
        vals = [m * 10.0 ** e for e in range(math.floor(lo), math.ceil(hi) + 1) for m in (1, 2, 5)
                if lo - 1e-9 <= math.log10(m) + e <= hi + 1e-9]
    return dict(tickvals=vals, ticktext=[pretty(v) for v in vals], tickmode="array")


def loss_layout(ls, steps: int, step: int | None = None, lang: str = "en", log: bool = True,
                yrange: list | None = None) -> dict:
    title = text.t("loss_gap", lang) if log else "f"
    return dict(
        font=FONT, margin=dict(l=66, r=12, t=8, b=34), paper_bgcolor="white", plot_bgcolor="white",
        showlegend=False, dragmode=False, hovermode="closest",
        xaxis=dict(range=[0, max(steps, 1)], title=dict(text=text.t("step", lang), standoff=2), showgrid=False,
                   zeroline=False, ticks="outside", linecolor="#999", fixedrange=True, automargin=True),
        yaxis=dict(type="log" if log else "linear", title=dict(text=title, standoff=6), showgrid=True, automargin=True,
                   range=yrange, autorange=yrange is None,
                   gridcolor="#eee", zeroline=False, ticks="outside", linecolor="#999", exponentformat="power",
                   fixedrange=True, **(log_ticks(*yrange, most=5) if log and yrange else {})),
        yaxis2=dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True),
    )


def examples_axis(per, steps: int, lang: str = "en") -> dict:
    """The loss chart's x axis counting examples processed: a log axis from one step of the
    cheapest run (B examples) to all steps of the dearest (steps × n), so SGD's thousands of
    cheap steps and GD's few dear ones share one picture of the work done."""
    per = np.asarray(per, dtype=float)
    lo, hi = math.log10(per.min()), math.log10(per.max() * max(int(steps), 1))
    pad = 0.03 * max(hi - lo, 1.0)
    return dict(type="log", range=[lo - pad, hi + pad], title=dict(text=text.t("examples_axis", lang), standoff=2),
                showgrid=False, zeroline=False, ticks="outside", linecolor="#999", fixedrange=True, automargin=True,
                **log_ticks(lo - pad, hi + pad, most=6))


def work_x(n: int, per=None, k: int = 0, start: int = 0) -> list:
    """The x values of points start … start + n − 1 of run k: steps, or × its examples per step."""
    t = np.arange(start, start + n)
    return (t if per is None else t * int(per[k])).tolist()


def lr_traces(runs, steps: int, labels: list, lang: str = "en", per=None) -> list:
    """Each run's learning rate α_t (its schedule), dotted in its colour on a right-hand log
    axis ("y3"): drawn when some run's schedule is not constant, so a decay is seen next to
    the loss it calms. With `per` (examples per step, per run) x counts examples."""
    if not any(r.schedule != "constant" for r in runs):
        return []
    t = np.arange(1, max(int(steps), 1) + 1, dtype=float)
    out = []
    for k, r in enumerate(runs):
        sch = SCHEDULES.get(r.schedule, SCHEDULES["constant"])
        hp = {p.name: np.asarray(float(dict(r.schedule_params).get(p.name, p.default))) for p in sch.params}
        with np.errstate(all="ignore"):
            a = float(r.values["alpha"]) * np.broadcast_to(sch.factor(t, hp, len(t)), t.shape)
        a = np.where(a > 1e-12, a, np.nan)          # a log axis: a rate decayed to nothing ends the line
        out.append(dict(type="scatter", mode="lines", x=work_x(len(t), per, k, 1), y=_sig(a), yaxis="y3", showlegend=False,
                        name=f"{labels[k]}: α_t", line=dict(color=color(k), width=1.5, dash="dot"),
                        hovertemplate=f"<b>{labels[k]}</b><br>%{{x}}: α = %{{y:.3g}}<extra></extra>"))
    return out


def lr_axis(traces: list, lang: str = "en") -> dict:
    """The right-hand axis of `lr_traces`: ticks at powers of ten (at most four)."""
    v = np.array([y for tr in traces for y in tr["y"] if y is not None and np.isfinite(y) and y > 0] or [1.0])
    lo, hi = int(np.floor(np.log10(v.min()))), int(np.ceil(np.log10(v.max())))
    every = max(1, -(-(hi - lo) // 3))
    ticks = [10.0 ** e for e in range(hi, lo - 1, -every)]
    return dict(overlaying="y", side="right", type="log", title=dict(text=text.t("lr_axis", lang), standoff=0,
                                                                      font=dict(color="#666")),
                showgrid=False, zeroline=False, ticks="outside", linecolor="#bbb", fixedrange=True, automargin=True,
                tickvals=ticks, ticktext=[pretty(x) for x in ticks], tickfont=dict(color="#666"))


def envelope_traces(scene, result, y, colors, labels) -> list:
    """Dashed f₀ · rate^(2t) lines, one per run with a known rate < 1 (exact gradients, constant α)."""
    quad = getattr(scene.landscape, "quadratic", None)
    if not quad or scene.noisy:
        return []
    out = []
    T1 = y.shape[1]
    for k, r in enumerate(scene.runs[:y.shape[0]]):
        if r.method not in OPTIMIZABLE or r.schedule != "constant":
            continue
        q = rate(r.method, r.values, quad)
        f0 = float(y[k, 0])
        if q is None or not (0 < q < 1) or not (math.isfinite(f0) and f0 > 0):
            continue
        t = np.arange(T1)
        env = f0 * q ** (2.0 * t)
        n = int(np.searchsorted(-env, -1e-16))      # stop at the chart's floor
        n = max(n, 2)
        out.append(dict(type="scatter", mode="lines", x=t[:n].tolist(), y=env[:n].tolist(),
                        name=f"{labels[k]}: rate {q:.3g}", showlegend=False,
                        hovertemplate=f"<b>{labels[k]}</b><br>theory: f₀·{q:.3g}^(2t)<extra></extra>",
                        line=dict(color=colors[k], width=1.5, dash="dash")))
    return out


def loss_figure(ls, result, step: int | None = None, lang: str = "en") -> go.Figure:
    traces, meta = loss_traces(ls, result, step)
    return go.Figure(data=traces, layout=loss_layout(ls, result.steps, step, lang, meta["log"], loss_range(ls, result)))


# ------------------------------------------------------------------ summary and animation data

def summary_rows(ls, result, labels: list | None = None, tol: float = TOL) -> list[dict]:
    """Per run: final loss, distance to the nearest known minimum, the first step at which
    f − f* ≤ `tol` ("reached", as everywhere; None if never or f* is not known), and the step
    it diverged at (None if it did not)."""
    xy = np.asarray(result.xy)
    labels = labels or [run_label(m, p) for m, p in zip(result.methods, result.params)]
    hits = np.atleast_1d(result.reached_at(tol))
    rows = []
    for k in range(xy.shape[0]):
        n = finite_len(xy[k])
        d = int(result.diverged_at[k])
        final = xy[k, n - 1] if n else xy[k, 0]
        _, dist = ls.nearest_minimum(final[0], final[1])
        fl = float(np.asarray(result.loss)[k, max(n - 1, 0)])
        rows.append(dict(run=k, label=labels[k], color=color(k), final_loss=fl,
                         distance=float(dist) if np.isfinite(dist) else None,
                         reached=int(hits[k]) if hits[k] >= 0 else None, diverged=d if d >= 0 else None))
    return rows


def binary(a) -> dict:
    """A float array for the browser as little-endian float32 in base64 ({"dtype", "bdata"},
    Plotly's own convention): a quarter of the JSON text, parsed and compared as one string,
    NaN kept (assets/explorer.js decodes it into a Float32Array)."""
    a = np.ascontiguousarray(np.asarray(a, dtype="<f4"))
    return {"dtype": "f4", "bdata": base64.b64encode(a.tobytes()).decode("ascii")}


NO_DIRECTION = 65535        # `directions`: a zero vector (no arrow)


def directions(v) -> dict:
    """Directions of 2-D vectors (n, 2) as angles in 1/65535 turns, uint16 in base64 (a
    zero vector is NO_DIRECTION): an arrow's direction to 0.006°, in a sixth of the bytes."""
    v = np.asarray(v, dtype=float).reshape(-1, 2)
    with np.errstate(all="ignore"):
        turn = np.mod(np.arctan2(v[:, 1], v[:, 0]) / (2 * np.pi), 1.0)
    q = np.round(np.nan_to_num(turn) * NO_DIRECTION).astype(np.int64) % NO_DIRECTION
    q[~(np.isfinite(v).all(axis=1) & (np.abs(v).sum(axis=1) > 0))] = NO_DIRECTION
    return {"dtype": "u2", "bdata": base64.b64encode(q.astype("<u2").tobytes()).decode("ascii")}


def unbinary(d: dict) -> np.ndarray:
    """The inverse of `binary` / `directions` (angles in radians, NaN for no direction)."""
    raw = base64.b64decode(d["bdata"])
    if d["dtype"] == "u2":
        q = np.frombuffer(raw, dtype="<u2").astype(float)
        return np.where(q == NO_DIRECTION, np.nan, q / NO_DIRECTION * 2 * np.pi)
    return np.frombuffer(raw, dtype="<f4").astype(float)


def anim_data(ls, result, view: str, anim: list) -> dict:
    """What the browser needs to animate and draw: per run the finite path and the plotted
    loss (each array once, as `binary`), the directions of −g and −p (arrows, as
    `directions`) and where the animated traces are."""
    xy = np.asarray(result.xy)
    K = xy.shape[0]
    y, _ = loss_values(ls, result.loss)
    tr = result.trace
    plane = getattr(ls, "plane", None)          # a network's: its P-dimensional vectors as seen on the map

    def on_map(v):
        return plane.coords(v) if plane is not None else v
    runs = []
    with np.errstate(all="ignore"):
        zz = level(ls, np.asarray(result.loss)) if VIEW[view].kind == "3d" else None
    lift = 0.0
    if zz is not None:
        L = surface_grid(ls)[3]
        lift = _lift(L)
    for k in range(K):
        n = finite_len(xy[k])
        with np.errstate(all="ignore"):
            r = dict(x=binary(xy[k, :n, 0]), y=binary(xy[k, :n, 1]), loss=binary(y[k, :n]), color=color(k))
            if zz is not None:
                r["z"] = binary(zz[k, :n] + lift)
            elif "g" in tr:
                ng = max(0, min(n, tr["g"].shape[1]))
                r["ga"] = directions(on_map(-tr["g"][k, :ng]))          # arrows: the direction of −g
                if "p" in METHODS[result.methods[k]].state:     # and of −p, where the method has a velocity
                    r["ma"] = directions(on_map(-tr["p"][k, :ng]))
        runs.append(r)
    return dict(steps=int(result.steps), view=view, runs=runs, anim=anim, trail=TRAIL)


# ------------------------------------------------------------------ update rules with values

def tex_num(v: float) -> str:
    """A number in TeX: 0.001, 1.5\\cdot 10^{-8}, 10^{-8} (the browser's `texNum` is the same)."""
    s = fmt(v)
    if "e" in s:
        mant, exp = s.split("e")
        return (rf"{mant}\cdot 10^{{{int(exp)}}}" if mant != "1" else rf"10^{{{int(exp)}}}")
    return s


def rule_template(method: str) -> str:
    """The method's update rule (slides' notation) with each hyperparameter's symbol replaced
    by a marker `⟨name⟩`, which the page fills in with the slider's live value (KaTeX)."""
    m = METHODS[method]
    tex = r",\quad ".join(m.update_tex)
    for p in sorted(m.params, key=lambda p: -len(p.tex)):
        if p.tex:
            tex = tex.replace(p.tex + " ", "{⟨" + p.name + "⟩} ").replace(p.tex, "{⟨" + p.name + "⟩}")
    return tex


def rule_tex(method: str, values: dict) -> str:
    """The method's update rule with the current values substituted (symbols where none given);
    a line guarded by `⟦name⟧` (a penalty's term) only where that value is not 0, as the page
    shows it."""
    lines = []
    for line in rule_template(method).split(r",\quad "):
        guard = re.match(r"⟦(\w+)⟧", line)
        if guard:
            if values.get(guard.group(1), 1) == 0:
                continue
            line = line[guard.end():]
        for p in METHODS[method].params:
            line = line.replace("⟨" + p.name + "⟩", tex_num(values[p.name]) if p.name in values else p.tex)
        lines.append(line)
    return r",\quad ".join(lines)
