"""Pure figure functions of the explorer: no server, no browser."""
from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
import pytest

import landscapes
from app.figures import map as F
from app.compute.runs import compute
from app.components.picture import render
from app.model import decode
from optim import run_many


def result(surface="rosenbrock", runs=("gd", "momentum", "adam"), steps=50, **kw):
    return run_many(surface, [{"method": m, **kw} for m in runs], steps=steps, trace=True)


def test_contour_picture_is_a_png_of_the_landscape_box():
    ls = landscapes.get("rosenbrock")
    uri = F.contour_png(ls)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert F.contour_png(ls) is uri          # cached per landscape


@pytest.mark.parametrize("name", landscapes.names("analytic") + landscapes.names("data"))
def test_map_figure_for_every_landscape(name):
    """(A network's map is its plane's: tests/test_network_app.py.)"""
    ls = landscapes.get(name)
    res = result(name, runs=("gd", "adam"), steps=20, alpha=0.01)
    fig = F.map_figure(ls, res)
    assert isinstance(fig, go.Figure)
    paths = [t for t in fig.data if t.mode == "lines" and t.name]
    assert len(paths) == 2
    assert [t.line.color for t in paths] == [F.color(0), F.color(1)]
    assert fig.layout.images[0].source == F.contour_png(ls)
    assert tuple(fig.layout.xaxis.range) == ls.bounds[0]


def test_minima_and_start_are_labelled():
    ls = landscapes.get("himmelblau")
    fig = F.map_figure(ls, result("himmelblau", runs=("gd",), steps=5))
    texts = [tx for t in fig.data if t.text is not None for tx in t.text]
    assert "start" in texts and "minimum" in texts
    stars = [t for t in fig.data if t.marker is not None and isinstance(t.marker.symbol, tuple)]
    assert len(stars[0].x) == len(ls.minima)


def test_views():
    ls = landscapes.get("rosenbrock")
    res = result()
    multi = F.map_figure(ls, res, "multiples")
    assert {t.xaxis for t in multi.data if t.mode == "lines"} == {"x", "x2", "x3"}
    # every panel shows the same box, with equal x and y scales
    assert list(multi.layout.xaxis3.range) == list(multi.layout.xaxis.range)
    assert multi.layout.yaxis3.scaleanchor == "x3" and multi.layout.yaxis3.scaleratio == 1
    three = F.map_figure(ls, res, "3d")
    assert three.data[0].type == "surface"
    assert sum(t.type == "scatter3d" and t.mode == "lines" for t in three.data) == 3


def test_diverged_run_is_marked_inside_the_view():
    ls = landscapes.get("rosenbrock")
    res = run_many(ls, [{"method": "gd", "alpha": 0.5}, {"method": "adam", "alpha": 0.1}], steps=100, trace=True)
    assert res.diverged_at[0] >= 0
    fig = F.map_figure(ls, res)
    marks = [t for t in fig.data if t.text and "diverged at step" in t.text[0]]
    assert len(marks) == 1
    (x0, x1), (y0, y1) = ls.bounds
    assert x0 <= marks[0].x[0] <= x1 and y0 <= marks[0].y[0] <= y1
    rows = F.summary_rows(ls, res)
    assert rows[0]["diverged"] == int(res.diverged_at[0]) and rows[1]["diverged"] is None
    # the loss axis is scaled to the runs that did not diverge
    lo, hi = F.loss_range(ls, res)
    assert hi < 10


def test_loss_chart_log_of_gap_or_linear():
    res = result("six_hump_camel", runs=("gd",), alpha=0.01)
    ls = landscapes.get("six_hump_camel")
    fig = F.loss_figure(ls, res)
    assert fig.layout.yaxis.type == "log"
    assert np.all(np.asarray(fig.data[0].y) > 0)           # f − f* although f* < 0
    saddle = landscapes.get("saddle")
    fig = F.loss_figure(saddle, result("saddle", runs=("gd",), alpha=0.01))
    assert fig.layout.yaxis.type == "linear"                # unbounded below: plain f


def test_summary_reports_reaching_a_minimum():
    ls = landscapes.get("bowl")
    res = run_many(ls, [{"method": "gd", "alpha": 0.3}], steps=100)
    row = F.summary_rows(ls, res)[0]
    # one definition of "reached" everywhere: the first step with f − f* ≤ 1e-6
    gap = np.asarray(res.loss)[0] - ls.f_min
    assert row["reached"] == int(np.argmax(gap <= 1e-6)) and gap[row["reached"] - 1] > 1e-6
    slow = F.summary_rows(ls, run_many(ls, [{"method": "gd", "alpha": 0.001}], steps=100))[0]
    assert slow["reached"] is None


def test_rule_has_the_values():
    tex = F.rule_tex("momentum", {"alpha": 0.001, "beta": 0.9})
    assert "0.001" in tex and "0.9" in tex and r"\alpha" not in tex and r"\beta" not in tex
    assert "10^{-8}" in F.rule_tex("adam", {"alpha": 0.001, "rho1": 0.9, "rho2": 0.999, "eps": 1e-8})


def test_render_sends_a_patch_when_the_landscape_is_unchanged():
    scene, _ = decode("")
    fig, loss, data, key, summary = render(scene, None)
    assert "layout" in fig and fig["layout"]["images"]
    fig2, *_ = render(scene, key)
    assert not isinstance(fig2, dict)                        # a dash.Patch: the contour stays in the browser
    assert len(data["runs"]) == 4 and len(F.unbinary(data["runs"][0]["x"])) == scene.steps + 1


def test_compute_matches_the_core():
    scene, _ = decode("?run=gd,alpha=0.002&run=adam,alpha=0.05&steps=40")
    res = compute(scene)
    ref = run_many("rosenbrock", [{"method": "gd", "alpha": 0.002}, {"method": "adam", "alpha": 0.05}],
                   start=(-1.5, 2.0), steps=40)
    np.testing.assert_array_equal(res.xy, ref.xy)


def test_end_labels_tell_runs_apart():
    from app.figures.map import _short_labels
    assert _short_labels(["GD α=0.001", "Momentum α=0.001", "Adam α=0.1"]) == ["GD", "Momentum", "Adam"]
    assert _short_labels(["GD α=0.03 B=1", "GD α=0.03 B=16"]) == ["B=1", "B=16"]
    assert _short_labels(["GD α=0.1", "GD α=0.5", "Adam α=0.1"]) == ["GD α=0.1", "GD α=0.5", "Adam α=0.1"]


def test_the_player_bar_speaks_both_languages():
    from app.components import ids
    from app.components.layout import player_labels
    en, uk = player_labels("en"), player_labels("uk")
    assert set(en) == set(uk)
    assert en[ids.ARROWS]["options"][0]["label"] == "arrows" and uk[ids.ARROWS]["options"][0]["label"] == "стрілки"
    assert uk[ids.SPEED]["children"][2].children == "100 кроків/с"
    assert uk[ids.EXPORT_SUMMARY]["children"].startswith("Експорт")
    for cid in en:
        assert en[cid] != uk[cid], cid


def test_payload_arrays_round_trip():
    """The browser payload: float32 arrays and arrow directions decode to what was sent."""
    x = np.array([0.0, -1.5, 2.25, np.nan, 1e-7])
    np.testing.assert_allclose(F.unbinary(F.binary(x))[:3], x[:3], rtol=1e-7)
    assert np.isnan(F.unbinary(F.binary(x))[3])
    v = np.array([[1.0, 0.0], [0.0, 2.0], [-1.0, -1.0], [0.0, 0.0], [np.nan, 1.0]])
    a = F.unbinary(F.directions(v))
    np.testing.assert_allclose(a[:3], [0.0, np.pi / 2, 5 * np.pi / 4], atol=1e-4)
    assert np.isnan(a[3]) and np.isnan(a[4])


def test_default_scene_payload_is_compact():
    import json
    from app.components.picture import render
    from app.model import decode
    data = render(decode("")[0], None).data
    size = len(json.dumps(data, default=lambda o: o.tolist()))
    assert size <= 30_000, size


def test_rule_template_marks_every_hyperparameter_of_the_rule():
    from optim import METHODS
    for key, m in METHODS.items():
        tpl = F.rule_template(key)
        for p in m.params:      # each symbol of the slides' rule becomes its marker
            assert (f"⟨{p.name}⟩" in tpl) == (bool(p.tex) and p.tex in " ".join(m.update_tex)), (key, p.name)
        # filled with the defaults, no marker and no symbol of a given value is left
        filled = F.rule_tex(key, {p.name: p.default for p in m.params})
        assert "⟨" not in filled
        assert F.rule_tex(key, {}).count("⟨") == 0
    assert F.tex_num(1e-8) == "10^{-8}" and F.tex_num(2.5e-7) == r"2.5\cdot 10^{-7}" and F.tex_num(0.9) == "0.9"


@pytest.mark.parametrize("size", [None, [], ["a", 3], [0, 500], [float("nan"), 3], [10, 10], "900x600"])
def test_panel_aspect_ignores_what_is_not_a_size(size):
    assert F.panel_aspect("overlay", 4, size) is None


def test_panel_aspect_and_fit_bounds_make_equal_scales_that_fill():
    a = F.panel_aspect("overlay", 4, [860, 590])
    assert a == pytest.approx((860 - 56) / (590 - 46), rel=0.04)
    assert F.panel_aspect("3d", 4, [860, 590]) is None
    multi = F.panel_aspect("multiples", 4, [860, 590])     # 2 x 2 panels
    assert multi == pytest.approx(((860 - 56) * (0.5 - F.GAP)) / ((590 - 62) * (0.5 - F.ROW_GAP)), rel=0.04)
    for bounds in (((-2, 2), (-1, 3)), ((-5, 5), (-1, 1)), ((0, 1), (-10, 10))):
        for aspect in (0.5, 1.0, 1.47, 3.0):
            (x0, x1), (y0, y1) = F.fit_bounds(bounds, aspect)
            assert (x1 - x0) / (y1 - y0) == pytest.approx(aspect)
            assert x0 <= bounds[0][0] and x1 >= bounds[0][1] and y0 <= bounds[1][0] and y1 >= bounds[1][1]
    assert F.fit_bounds(((-2, 2), (-1, 3)), None) == ((-2, 2), (-1, 3))


def test_the_picture_reaches_beyond_the_axes_and_keeps_the_landscapes_bands():
    from app.model import DEFAULT
    ls = DEFAULT.landscape
    lay = F.map_background(ls, "overlay", 4, "en", aspect=1.5)
    im, xr, yr = lay["images"][0], lay["xaxis"]["range"], lay["yaxis"]["range"]
    assert im["x"] < xr[0] and im["x"] + im["sizex"] > xr[1] and im["y"] - im["sizey"] < yr[0] and im["y"] > yr[1]
    assert (xr[1] - xr[0]) / (yr[1] - yr[0]) == pytest.approx(1.5)
    assert lay["yaxis"]["scaleanchor"] == "x" and lay["xaxis"]["constrain"] == "range"
    assert im["source"] != F.contour_png(ls) and im["source"].startswith("data:image/png;base64,")


def test_a_penalty_line_shows_only_while_the_penalty_is_on():
    hp = {"alpha": 0.1, "rho1": 0.9, "rho2": 0.999, "eps": 1e-8}
    assert r"\nabla" not in F.rule_tex("adam", dict(hp, weight_decay=0.0))
    assert r"\nabla f(W_t) + {0.5} W_t" in F.rule_tex("adam", dict(hp, weight_decay=0.5))
    assert "⟦" not in F.rule_tex("adamw", dict(hp, weight_decay=0.01))


def test_no_two_values_of_a_rule_read_as_one_number():
    """A filled-in value never follows a symbol or another value with nothing between them:
    α λ filled in would read '0.010' (0.01 · 0), t ψ 't0.004'."""
    import re
    from optim import METHODS
    for key in METHODS:
        tpl = F.rule_template(key)
        for m in re.finditer(r"\{⟨", tpl):
            before = tpl[:m.start()].rstrip()
            assert re.search(r"(\\[A-Za-z]+|\\,|[-+=(\[,^_{])$", before), (key, tpl[max(0, m.start() - 20):m.end()])
