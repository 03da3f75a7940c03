"""The notebook API (`app.figures.notebook`): the app's own figures for a result, no server;
and the example under examples/ runs."""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

import landscapes
from app.figures import map as F
from app.figures.notebook import plot, plot_loss
from optim import run, run_many

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "notebook.py"


def test_plot_is_the_apps_map_of_the_runs():
    res = run_many("rosenbrock", [{"method": "gd", "alpha": 1e-3}, {"method": "adam", "alpha": 0.05}],
                   start=(-1.5, 2.0), steps=100)
    fig = plot(res)
    app_fig = F.map_figure(res.surface, res)
    assert isinstance(fig, go.Figure) and fig.to_dict() == app_fig.to_dict()
    paths = [t for t in fig.data if t.mode == "lines" and t.name]
    np.testing.assert_allclose(paths[1].x, res.xy[1, :, 0], rtol=1e-6)
    anim = plot(res, animate=True)
    assert len(anim.frames) == 101 and anim.layout.sliders[0].steps[-1].label == "100"
    loss = plot_loss(res)
    assert loss.layout.yaxis.type == "log" and len(loss.data[0].y) == 101


def test_one_run_and_a_network():
    one = run("himmelblau", "adam", steps=50, alpha=0.1)
    assert one.xy.shape == (51, 2)                       # the caller's result is left as it is
    assert len([t for t in plot(one, lang="uk").data if t.mode == "lines" and t.name]) == 1
    assert one.xy.shape == (51, 2)
    net = landscapes.get("mlp", hidden=4)
    res = run_many(net, [{"method": "gd", "alpha": 0.5}], steps=60)
    fig = plot(res)
    assert "principal components" in fig.layout.annotations[0].text and "%" in fig.layout.annotations[0].text
    assert np.asarray(plot_loss(res).data[0].y).size == 61


def test_the_example_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", [str(EXAMPLE), str(tmp_path)])
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    names = sorted(p.name for p in tmp_path.glob("*.html"))
    assert names == ["network.html", "paused.html", "race-loss.html", "race.html"]
    assert "plotly" in (tmp_path / "race.html").read_text()[:5000].lower()
    assert "wrote 4 figures" in capsys.readouterr().out
