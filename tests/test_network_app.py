"""A network's loss landscape in the app: its link keys, its plane, the start a click picks,
the picture's pieces (plane note, validation curves, table, model panel) and the views that
have no meaning for it."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import landscapes
from app.components.analysis import analysis
from app.components.picture import render
from app.compute import sweeps as S
from app.compute.network import reference_plane
from app.compute.runs import _runs_from, compute, run_start
from app.figures import map as F
from app.figures.map import unbinary
from app.model import decode, encode
from landscapes.plane import NetworkView

SCENE = "?surface=mlp,val=0.2&steps=120&run=gd,alpha=0.5&run=momentum,alpha=0.1&run=adam,alpha=0.01"


@pytest.fixture(scope="module")
def scene():
    return decode(SCENE)[0]


@pytest.fixture(scope="module")
def res(scene):
    return compute(scene)


def test_link_keys_of_a_network_round_trip_and_bad_choices_are_named():
    s, msgs = decode("?surface=mlp,dataset=XOR,init=he,scale=0.1,hidden=4,depth=1,val=0.3,plane=random,plane_seed=7")
    assert msgs == []
    assert dict(s.surface_params) == dict(dataset="xor", init="he", scale=0.1, hidden=4, depth=1, val=0.3,
                                          plane="random", plane_seed=7)
    assert decode(encode(s)) == (s, [])
    s, msgs = decode("?surface=mlp,dataset=banana,hidden=99,plane=tsne&lang=uk")
    assert dict(s.surface_params) == {"hidden": 32}
    text = " ".join(m if isinstance(m, str) else str(m) for m in msgs)
    assert "banana" in text and "moons" in text and "tsne" in text and "32" in text


def test_the_map_is_the_plane_and_the_loss_is_the_networks_own(scene, res):
    view = res.surface
    assert isinstance(view, NetworkView) and view.dim == scene.landscape.dim > 2
    np.testing.assert_allclose(res.xy, view.plane.project(res.theta), atol=1e-12)
    np.testing.assert_allclose(res.loss, scene.landscape.loss(res.theta), rtol=1e-12)
    # the plane's loss at a path's projection is not the path's loss (the chart shows the latter)
    a, b = res.xy[0, 60]
    assert abs(float(view.f(a, b)) - res.loss[0, 60]) > 1e-6
    assert 0.0 < view.explained <= 1.0
    # the PCA plane passes through where the first run ends
    np.testing.assert_allclose(view.plane.center, res.theta[0, -1], atol=1e-12)
    np.testing.assert_allclose(res.xy[0, -1], (0.0, 0.0), atol=1e-9)
    # the map's box holds every path
    (x0, x1), (y0, y1) = view.bounds
    assert (x0 <= res.xy[..., 0].min() and res.xy[..., 0].max() <= x1 and y0 <= res.xy[..., 1].min()
            and res.xy[..., 1].max() <= y1)


def test_the_contours_are_the_loss_on_the_plane(res):
    view = res.surface
    xs, ys, Z, _ = F.level_field(view, 61)              # 61 points per side: sampled, not interpolated
    for i, j in ((0, 0), (30, 17), (len(ys) - 1, len(xs) - 1)):
        assert Z[i, j] == pytest.approx(float(view.net.loss(view.plane.point(xs[j], ys[i]))), rel=1e-10)
    xs, ys, Z, _ = F.level_field(view)                  # the picture: interpolated between samples
    i, j = len(ys) // 3, len(xs) // 2
    assert Z[i, j] == pytest.approx(float(view.net.loss(view.plane.point(xs[j], ys[i]))), rel=0.05)


def test_a_click_starts_the_runs_on_the_plane_and_keeps_it(scene, res):
    a, b = -1.5, 2.0
    clicked = replace(scene, start=(a, b))
    moved = compute(clicked)
    plane = res.surface.plane
    np.testing.assert_array_equal(moved.surface.plane.center, plane.center)     # the same plane
    np.testing.assert_allclose(moved.xy[:, 0], [(a, b)] * len(scene.runs), atol=1e-9)
    np.testing.assert_allclose(moved.theta[:, 0], [plane.point(a, b)] * len(scene.runs), atol=1e-12)
    np.testing.assert_allclose(run_start(clicked), plane.point(a, b))
    assert run_start(scene) is None                    # θ₀
    assert reference_plane(clicked, _runs_from).kind == "pca"


def test_the_picture_of_a_network(scene, res):
    pic = render(scene, None)
    note = pic.map["layout"]["annotations"][0]["text"]
    assert f"{100 * res.surface.explained:.0f}%" in note and "principal" in note
    model = pic.data["model"]
    assert model["sizes"] == [2, 8, 8, 1] and model["steps"][0] == 0 and model["steps"][-1] == scene.steps
    P, steps = scene.landscape.dim, model["steps"]
    for k, r in enumerate(model["runs"]):
        theta = unbinary(r["theta"]).reshape(len(steps), P)
        np.testing.assert_allclose(theta, res.theta[k, steps], rtol=1e-6, atol=1e-6)      # float32
        m = scene.landscape.metrics(res.theta[k, steps])
        np.testing.assert_allclose(unbinary(r["acc"]), m["train_acc"], atol=1e-6)
    # the loss chart: the validation loss (dashed) and accuracy (dotted, right axis, %) of each run
    val = [tr for tr in pic.loss["data"] if tr.get("line", {}).get("dash") in ("dash", "dot")]
    assert len(val) == 2 * len(scene.runs) and pic.loss["layout"]["yaxis4"]["range"] == [0, 100]
    last = scene.landscape.metrics(res.theta[:, -1])
    assert val[0]["y"][-1] == pytest.approx(last["val_loss"][0], rel=1e-3)
    assert val[1]["y"][-1] == pytest.approx(100 * last["val_acc"][0], rel=1e-3)
    table = str(pic.summary)
    assert f"{100 * last['train_acc'][0]:.0f}%" in table and f"{100 * last['val_acc'][0]:.0f}%" in table


def test_views_without_meaning_for_a_network_say_so(scene):
    pic = render(replace(scene, view="3d", lang="uk"), None)
    assert pic.data["kind"] == "map" and "3D для мережі не показано" in str(pic.summary)
    out = analysis(replace(scene, view="basin"))
    assert "not shown for a network" in out[2][0] and str(scene.landscape.dim) in out[2][0]


def test_the_alpha_strip_of_a_network(scene):
    s = replace(scene, view="sweep", grid=100)
    assert S.sweep_axes(s, 0) == ["alpha"] and S.grid_size(s) == S.NET_GRID
    sw = S.compute_sweep(s)
    assert np.asarray(sw.final_loss).shape == (S.NET_GRID,) and np.isfinite(sw.final_loss).sum() > 10
    lines = S.compute_lines(s)
    assert [x is not None for x in lines] == [True, False, False]
    assert len(S.tune_alphas(s)) == 25 and len(S.tune_alphas()) == 61


def test_every_dataset_and_init_draws():
    for ds in ("moons", "circles", "xor", "spiral"):
        for init in ("glorot", "he", "zero"):
            s = decode(f"?surface=mlp,dataset={ds},init={init},hidden=4&steps=30&run=adam,alpha=0.05")[0]
            pic = render(s, None)
            assert pic.map["layout"]["images"] and pic.data["model"]["runs"]
    assert "mlp" in landscapes.names("network")


def test_the_picker_starts_a_network_with_a_validation_split():
    from app.model.edits import set_surface
    s = set_surface(decode("")[0], "mlp")
    assert dict(s.surface_params) == {"val": 0.2} and len(s.landscape.validation[1]) == 40
    assert encode(s).startswith("?surface=mlp,val=0.2")
    assert len(landscapes.get("mlp").data[1]) == 200          # the API's default: every example trains
