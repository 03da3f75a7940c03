"""The sweep and basin views: codec fields, the pure figure functions and the scene edits."""
from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

import landscapes
from app.components.analysis import analysis
from app.compute import sweeps as S
from app.figures import analysis as AF
from app.model.edits import load_config
from app.model import MAX_GRID, decode, encode
from optim.sweeps import basin, sweep


@pytest.mark.parametrize("query", [
    "?view=sweep&v=1",
    "?view=sweep&sweep_run=2&outcome=steps_to_tol&grid=100&v=1",
    "?surface=himmelblau&view=basin&grid=25&basin_by=steps&v=1",
])
def test_codec_round_trip(query):
    scene, notices = decode(query)
    assert notices == []
    assert encode(scene) == query
    assert decode(encode(scene))[0] == scene


def test_codec_clamps_and_drops_with_notices():
    scene, notices = decode("view=sweep&grid=500&sweep_run=-3&outcome=speed&basin_by=colour")
    assert (scene.grid, scene.sweep_run, scene.outcome, scene.basin_by) == (MAX_GRID, -1, "final_loss", "minimum")
    assert len(notices) == 4 and all(n.uk for n in notices)
    assert decode("grid=2")[0].grid == 5
    assert encode(decode("grid=50&outcome=final_loss")[0]) == ""     # defaults are omitted


def test_sweep_axes_follow_the_method():
    s = decode("run=gd&run=momentum&run=rmsprop&run=adam&run=adagrad&run=gd,batch=4")[0]
    assert [S.sweep_axes(s, k) for k in range(6)] == [
        ["alpha"], ["alpha", "beta"], ["alpha", "rho"], ["alpha", "rho1"], ["alpha"], ["alpha", "batch"]]
    lo, hi = S.alpha_range([5.0])
    assert hi == 10.0 and np.isclose(hi / lo, 1e5)


def test_sweep_y_picks_the_heatmaps_rows():
    """`sweep_y` sets the second axis where the run has that hyperparameter (else the method's
    own knob); the controls offer every choice; an unknown name is dropped with a notice."""
    s = decode("run=adam&run=momentum&run=gd,batch=4&run=gd&sweep_y=rho2")[0]
    assert [S.sweep_axes(s, k) for k in range(4)] == [["alpha", "rho2"], ["alpha", "beta"], ["alpha", "batch"], ["alpha"]]
    assert S.second_axes(s, 0) == ["rho1", "rho2", "eps", "weight_decay"] and S.second_axes(s, 3) == []
    assert S.sweep_axes(decode("run=gd,batch=4&sweep_y=batch")[0], 0) == ["alpha", "batch"]
    assert "sweep_y=rho2" in encode(s) and decode(encode(s))[0] == s
    bad, notices = decode("sweep_y=speed")
    assert bad.sweep_y == "" and len(notices) == 1 and notices[0].uk
    from app.components.analysis import controls
    rows = [c for c in str(controls(replace(s, view="sweep"))).split("RadioItems(") if "'sweep_y'" in c]
    assert len(rows) == 1 and "'value': 'rho2'" in rows[0] and "ρ₂" in rows[0]


def test_sweep_figure_marks_current_and_best():
    ls = landscapes.get("rosenbrock")
    sw = sweep(ls, "momentum", {"alpha": np.geomspace(1e-5, 1e-2, 12), "beta": np.linspace(0, 0.99, 8)}, steps=100)
    fig = AF.sweep_figure(ls, sw, "final_loss", {"alpha": 1e-3, "beta": 0.9}, "#1f77b4")
    json.dumps(fig)                                       # plain JSON: no NaN, no numpy
    heat = fig["data"][0]
    assert heat["type"] == "heatmap" and len(heat["z"]) == 8 and len(heat["z"][0]) == 12
    assert fig["layout"]["xaxis"]["type"] == "log" and fig["layout"]["yaxis"]["type"] == "linear"
    marks = [d for d in fig["data"] if d["type"] == "scatter"]
    assert [m["marker"]["symbol"] for m in marks] == ["circle-open", "star"]
    assert marks[0]["x"] == [1e-3] and marks[1]["x"] == [sw.best()["alpha"]]
    for outcome in ("steps_to_tol", "diverged"):
        json.dumps(AF.sweep_figure(ls, sw, outcome, None, "#000", "uk"))


def test_diverged_cells_are_their_own_layer():
    ls = landscapes.get("bowl")
    sw = sweep(ls, "gd", {"alpha": np.geomspace(1e-3, 5, 20)}, steps=100)
    fig = AF.sweep_figure(ls, sw, "final_loss")
    heat, red = fig["data"][0], fig["data"][1]
    assert heat["z"][0][-1] is None and red["z"][0][-1] == 1.0    # the largest α diverges
    assert red["colorscale"][0][1] == AF.DIVERGED


def test_lines_figure_one_line_per_run_in_its_colour():
    s = decode("surface=bowl&steps=60&run=gd,alpha=0.1&run=adam,alpha=0.05&view=sweep&grid=20")[0]
    sweeps = S.compute_lines(s)
    fig = AF.lines_figure(s.landscape, sweeps, ["GD", "Adam"], ["#1f77b4", "#ff7f0e"], [0.1, 0.05])
    json.dumps(fig)
    lines = [d for d in fig["data"] if d.get("mode") == "lines+markers"]
    assert [d["line"]["color"] for d in lines] == ["#1f77b4", "#ff7f0e"]
    assert lines[1]["customdata"][0] == 1
    assert fig["layout"]["xaxis"]["type"] == "log" and fig["layout"]["yaxis"]["type"] == "log"


def test_basin_figure_colours_each_minimum():
    ls = landscapes.get("himmelblau")
    b = basin(ls, "gd", n=30, steps=300, alpha=0.01)
    fig = AF.basin_figure(ls, b, "minimum", (0, 0))
    json.dumps(fig)
    names = [d["name"] for d in fig["data"] if d["type"] == "scatter" and d.get("name")]
    assert sum(n.startswith("minimum") for n in names) == 4
    assert fig["layout"]["images"]                        # drawn over the contour picture
    steps = AF.basin_figure(ls, b, "steps", None, "uk")
    assert steps["data"][0]["type"] == "heatmap" and steps["data"][0]["coloraxis"] == "coloraxis"
    assert "colorbar" in steps["layout"]["coloraxis"]


def test_analysis_is_bounded_and_fast_enough():
    s = decode("view=sweep&grid=100&steps=2000&run=adam,alpha=0.05")[0]
    out = analysis(s)
    assert out[0] == "analysis on"
    assert len(out[3]["data"][0]["z"]) == 100
    assert out[2]                                          # a note: steps were capped at MAX_STEPS


def test_click_loads_the_configuration_and_goes_back_to_overlay():
    s = decode("view=sweep&run=gd&run=momentum&sweep_run=1")[0]
    new = load_config(s, 1, S.config_from_click(s, {"x": 0.0123456, "y": 0.87654}))
    assert new.view == "overlay" and new.runs[1].values == {"alpha": 0.0123, "beta": 0.877}
    assert new.runs[0] == s.runs[0]
    n = load_config(decode("run=gd,batch=4")[0], 0, {"alpha": 0.1, "batch": 15.9})
    assert n.runs[0].batch == 16


def test_lr_sweep_preset_shows_small_right_large():
    s = decode("preset=lr-sweep")[0]
    assert s.view == "sweep"
    sw = S.compute_sweep(s)
    xs = sw.axes[0][1]
    reached, diverged = (sw.steps_to_tol >= 0).ravel(), (sw.diverged_at >= 0).ravel()
    assert not reached[xs < 1e-2].any() and reached[(xs > 0.1) & (xs < 0.9)].all() and diverged[xs > 2].all()
    assert 0.3 < sw.best()["alpha"] < 0.7


def test_basins_preset_gd_and_adam_differ():
    from dataclasses import replace
    s = decode("preset=basins-himmelblau")[0]
    gd, adam = S.compute_basin(s), S.compute_basin(replace(s, sweep_run=1))
    assert set(np.unique(gd.label)) == {0, 1, 2, 3}
    assert 0.04 < (gd.label != adam.label).mean() < 0.15


def test_click_add_keeps_the_run_and_adds_the_clicked_configuration():
    from app.compute.sweeps import config_from_click
    from app.model.edits import load_config
    scene, notes = decode("?surface=bowl&run=gd,alpha=0.3&run=momentum,alpha=0.01&sweep_run=1&view=sweep&click=add")
    assert not notes and scene.click == "add"
    assert decode(encode(scene))[0] == scene and "click=add" in encode(scene)
    new = load_config(scene, 1, config_from_click(scene, {"x": 0.123456, "y": 0.5}))
    assert new.runs[:2] == scene.runs and len(new.runs) == 3
    assert (new.runs[2].method, new.runs[2].values["alpha"], new.runs[2].values["beta"]) == ("momentum", 0.123, 0.5)
    assert new.view == "overlay" and new.click == "add"
    # click=set (the default) changes the swept run in place
    same = load_config(replace(scene, click="set"), 1, {"alpha": 0.2})
    assert len(same.runs) == 2 and same.runs[1].values["alpha"] == 0.2
    # eight runs: no room, the click sets the run instead
    full, _ = decode("?surface=bowl&" + "&".join(["run=gd"] * 8) + "&view=sweep&click=add")
    assert len(load_config(full, 0, {"alpha": 0.2}).runs) == 8
    # a bad value is dropped with a notice
    bad, notes = decode("?click=maybe")
    assert bad.click == "set" and notes


def test_every_runs_basin_map_side_by_side():
    scene, notes = decode("?preset=basins-himmelblau&sweep_run=-1&grid=40")
    assert not notes and decode(encode(scene))[0] == scene
    bs = S.compute_basins(scene)
    assert len(bs) == 2 and [b.method for b in bs] == ["gd", "adam"]
    # each panel is the single-run map of its run
    for k, b in enumerate(bs):
        one = S.compute_basin(replace(scene, sweep_run=k))
        assert np.array_equal(b.label, one.label)
    differ = float(np.mean(bs[0].label != bs[1].label))
    assert 0.03 < differ < 0.3                   # GD and Adam split Himmelblau differently
    fig = AF.basin_figure(scene.landscape, bs, "minimum", scene.start_xy, "en", ["GD", "Adam"], ["#111", "#222"])
    assert {d.get("xaxis", "x") for d in fig["data"] if d["type"] == "heatmap"} == {"x", "x2"}
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert titles[0] == "<b>GD</b>" and f"{100 * differ:.0f}% differ from panel 1" in titles[1]
    legend = [d["name"] for d in fig["data"] if d["type"] == "scatter" and d.get("x") == [None]]
    assert len(legend) == len(set(legend)) == 4          # one entry per minimum, not per panel
    # the steps colouring shares one colour scale
    fig = AF.basin_figure(scene.landscape, bs, "steps", None, "uk")
    assert fig["layout"]["coloraxis"]["cmax"] > 0
    assert all(d.get("coloraxis") == "coloraxis" for d in fig["data"] if d["type"] == "heatmap" and d.get("opacity") == 0.8)
    # one run: the single map; beyond two runs the grid is at most 50²
    assert len(S.compute_basins(decode("?surface=himmelblau&view=basin&sweep_run=-1&run=gd")[0])) == 1
    three = S.compute_basins(decode("?surface=himmelblau&view=basin&sweep_run=-1&grid=100&run=gd&run=adam&run=momentum")[0])
    assert [b.label.shape for b in three] == [(50, 50)] * 3


def test_sweep_lines_and_menus_name_runs_as_the_legend_does():
    scene, _ = decode("?preset=sgd-batch-size&view=sweep&grid=25")
    out = analysis(scene)
    names = [d["name"] for d in out[4]["data"] if d.get("mode") == "lines+markers"]
    assert names == ["GD α=0.03 B=1", "GD α=0.03 B=4", "GD α=0.03 B=16", "GD α=0.03 B=40"]
    sched, _ = decode("?surface=bowl&run=gd,alpha=0.1&run=gd,alpha=0.1,schedule=cosine&view=sweep&grid=25")
    names = [d["name"] for d in analysis(sched)[4]["data"] if d.get("mode") == "lines+markers"]
    assert names == ["GD α=0.1", "GD α=0.1 · cosine"]


def test_a_basin_start_that_has_not_arrived_is_shaded_by_the_minimum_it_is_heading_to():
    hb = landscapes.get("himmelblau")
    near = AF.nearest_minimum(hb, np.array([[3.1, 2.1], [np.nan, 0.0], [-3.7, -3.2]]))
    assert list(near) == [0, -1, 2]
    # GD at α = 0.001 on Rosenbrock reaches the minimum from few starts in 300 steps: the rest
    # are shaded as heading to it, not a grey "no minimum reached"
    scene = decode("?surface=rosenbrock&view=basin&grid=25")[0]
    fig = AF.basin_figure(scene.landscape, S.compute_basins(scene), "minimum", scene.start_xy)
    names = [d.get("name") for d in fig["data"] if d["type"] == "scatter" and d.get("name")]
    assert any("nearest 1, not there in 300 steps" in n for n in names)
    assert not any("no minimum" in n for n in names)


def test_loss_x_needs_data_and_draws_examples():
    """loss_x=examples: kept on a data landscape (a log axis of examples, epoch marks, the
    payload's examples per step), refused with a notice elsewhere, reset when the surface
    changes to one without data."""
    from app.components.picture import render
    from app.model.edits import set_surface
    s, notices = decode("surface=linreg_mse&steps=100&run=gd&run=gd,batch=1&loss_x=examples")
    assert notices == [] and s.per_example and "loss_x=examples" in encode(s)
    pic = render(s, None)
    xa = pic.loss["layout"]["xaxis"]
    assert xa["type"] == "log" and xa["range"][0] < 0 < np.log10(4000) < xa["range"][1]
    assert [sh["x0"] for sh in pic.loss["layout"]["shapes"]] == [40, 400, 4000]          # 1, 10, 100 epochs
    assert pic.data["per"] == [40, 1]
    plain = render(replace(s, loss_x="steps"), None)
    assert plain.data["per"] is None and plain.loss["layout"]["xaxis"].get("type") != "log"
    bowl, notices = decode("surface=bowl&loss_x=examples")
    assert bowl.loss_x == "steps" and len(notices) == 1 and notices[0].uk
    assert set_surface(s, "bowl").loss_x == "steps" and set_surface(s, "logreg").loss_x == "examples"
    own = set_surface(s, "custom")          # the picker's "your own f(x, y)": no data either
    assert own.loss_x == "steps" and decode(encode(own)) == (own, [])
