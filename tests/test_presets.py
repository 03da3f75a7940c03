"""Lesson presets: each decodes cleanly and its trajectories show what its caption promises.

The numbers in the captions (and the thresholds here) come from running the presets; if a
change to the core or a landscape breaks a lesson, this file says which one.
"""
from __future__ import annotations

import numpy as np
import pytest

from app.compute.runs import compute
from app.model.presets import GROUPS, PRESETS
from app.model import decode, encode


def run(name):
    scene, notes = decode(f"?preset={name}")
    assert notes == []
    res = compute(scene)
    xy, loss = np.asarray(res.xy), np.asarray(res.loss)
    mins = getattr(scene.landscape, "minima", ())
    dist = np.min([np.hypot(xy[..., 0] - m.x, xy[..., 1] - m.y) for m in mins], axis=0) if mins else None
    return scene, res, xy, loss, dist


def steplen(xy):
    return np.linalg.norm(np.diff(xy, axis=-2), axis=-1)


@pytest.mark.parametrize("name", list(PRESETS))
def test_preset_decodes_round_trips_and_has_captions(name):
    p = PRESETS[name]
    scene, notes = decode(f"?preset={name}")
    assert notes == [] and scene.preset == name
    assert decode(encode(scene)) == (scene, [])
    assert p.group in GROUPS
    for lang in ("en", "uk"):
        assert p.text("caption", lang) and p.text("title", lang)
    assert p.caption["uk"] != p.caption["en"]
    # the preset's own query, without the preset key, gives the same picture
    alone, notes = decode(p.query)
    assert notes == [] and alone.runs == scene.runs and alone.surface_params == scene.surface_params


def test_explicit_keys_override_the_preset():
    scene, notes = decode("?preset=lr-right&steps=100&run=adam,alpha=0.2&lang=uk")
    assert notes == []
    assert scene.steps == 100 and [r.method for r in scene.runs] == ["adam"] and scene.surface == "bowl"
    again = decode(encode(scene))[0]
    assert again == scene and "preset=lr-right" in encode(scene)


def test_learning_rates():
    _, res, xy, _, d = run("lr-small")
    assert d[0, -1] > 0.5 * d[0, 0] and res.diverged_at[0] == -1         # not even halfway
    _, res, _, _, d = run("lr-right")
    assert int(res.reached_at(1e-6)[0]) == 9 and d[0, 20] < 1e-6      # "reaches it (f − f* ≤ 10⁻⁶) at step 9"
    _, _, xy, _, d = run("lr-large")
    flips = np.sum(np.diff(np.sign(xy[0, :, 1])) != 0)                     # across the valley
    drift = np.diff(xy[0, :, 0])                                            # along it: steadily on
    assert flips == 60 and (drift > 0).all() and d[0, -1] < 1e-3           # a zig-zag, converging
    assert (np.abs(xy[0, 20]) > 0.01).all()                                  # both ways still seen at step 20
    _, res, _, _, _ = run("lr-divergent")
    assert res.diverged_at[0] == 40
    _, res, _, _, d = run("lr-all")
    assert d[1, -1] < d[2, -1] < d[0, -1] and list(res.diverged_at[:3]) == [-1] * 3 and res.diverged_at[3] == 40


def test_minibatch_noise_shrinks_with_batch():
    _, _, _, _, d = run("sgd-minibatch")
    exact, b1, b16 = d[:, -50:].mean(axis=1)
    assert exact < 1e-6 < b16 < b1
    assert 2.5 < b1 / b16 < 6                                               # about √16 = 4


def test_valley_zigzag_vs_momentum():
    _, _, xy, loss, _ = run("valley-zigzag")
    assert np.sum(np.diff(np.sign(xy[0, :, 1])) != 0) >= 90                 # GD flips across every step
    assert loss[1, -1] < 1e-4 * loss[0, -1]


def test_momentum_passes_a_local_barrier():
    _, _, _, loss, _ = run("momentum-barrier")
    assert loss[0, -1] == pytest.approx(-50.06, abs=0.1)                   # GD: a local minimum
    assert loss[1, -1] == pytest.approx(-78.33, abs=0.01)                  # momentum: the global one


def test_momentum_speeds_up_on_a_slope():
    _, _, xy, _, d = run("momentum-slope")
    s = steplen(xy)
    assert np.ptp(s[0, :30]) < 1e-9                                        # GD: constant steps
    assert s[1].max() > 5 * s[0, 0]
    assert d[1, -1] < 0.1 * d[0, -1]


def test_momentum_damps_oscillation():
    _, _, xy, loss, _ = run("momentum-damping")
    flips = np.sum(np.diff(np.sign(xy[:, :, 1]), axis=1) != 0, axis=1)
    assert flips[0] == 80 and flips[1] <= 15
    assert loss[1, -1] < loss[0, -1]


def test_saddle_gd_stalls_adaptive_escape():
    _, _, xy, loss, d = run("saddle-escape")
    escaped = np.abs(xy[:, :, 1]) > 0.5
    assert not escaped[0].any() and abs(xy[0, -1, 1]) < 0.2 and loss[0, -1] > 0.95   # GD: still at the saddle
    assert escaped[1].any() and escaped[2].any()
    assert loss[1, -1] < 1e-4 and loss[2, -1] < 0.05                        # in a minimum's basin


def test_adagrad_steps_die_out_rmsprop_does_not():
    _, _, xy, _, d = run("adagrad-shrink")
    s = steplen(xy)[0]
    assert s[-1] < s[0] / 30 and d[0, -1] > 1
    _, _, xy, _, d = run("rmsprop-fix")
    assert d[0, -1] > 1 and d[1, -1] < 1e-6


def test_adam_bias_correction_first_step():
    _, _, xy, _, _ = run("adam-bias")
    first = np.abs(xy[:, 1] - xy[:, 0])
    assert first[1] == pytest.approx([0.1, 0.1], rel=1e-4)                # Adam: α per coordinate
    assert first[0] == pytest.approx([1.0, 1.0], rel=1e-4)                 # RMSProp: α/√(1−ρ) = 10α


def test_adam_fails_where_momentum_converges():
    _, _, _, _, d = run("adam-fails")
    assert d[2, -1] > 1 and d[1, -1] < 1e-3


def test_rotation_hurts_per_coordinate_methods():
    _, _, _, a, _ = run("valley-aligned")
    _, _, _, r, _ = run("valley-rotated")
    assert (r[1:, -1] > 1e3 * a[1:, -1]).all()


def test_schedules_settle_closer_than_constant():
    _, _, _, _, d = run("lr-schedules")
    const, step, cosine = d[:, -30:].mean(axis=1)
    assert step < const / 2 and cosine < const / 2


# ------------------------------------------------------------------ after Adam

def test_adamw_decays_every_coordinate_alike_adam_l2_does_not():
    _, res, xy, _, _ = run("adamw-decay")
    l2_min = (2 / 1.5, 200 / 100.5)                                   # argmin f + ½λ|W|², λ = 0.5
    np.testing.assert_allclose(xy[0, -1], l2_min, atol=5e-3)           # Adam + L2: (1.33, 1.99)
    np.testing.assert_allclose(xy[1, -1], (1.47, 1.47), atol=5e-3)     # AdamW: on the diagonal
    assert abs(xy[1, -1, 0] - xy[1, -1, 1]) < 1e-6


def test_lion_moves_by_sign_and_circles_within_alpha():
    _, res, xy, _, _ = run("lion-sign")
    d = np.abs(np.diff(xy[0], axis=0))
    np.testing.assert_allclose(d, 0.1, rtol=1e-9)                        # every coordinate: exactly α
    late = np.abs(xy[0, 150:]).max(axis=1)
    assert late.max() <= 0.1 + 1e-9 and (late > 0.099).all()            # never settles: always ±α away
    assert np.abs(xy[0, 100:150]).max() > 0.1                           # only from step 150
    assert steplen(xy[1])[150:].max() < 1e-3                             # Adam's steps shrink


def test_adadelta_eps_sets_the_pace():
    _, res, xy, _, _ = run("adadelta-eps")
    first = np.abs(xy[:, 1] - xy[:, 0])
    np.testing.assert_allclose(first, np.sqrt(np.array([1e-6, 1e-4, 1e-2])[:, None] / 0.1) * np.ones((3, 2)),
                               rtol=2e-2)
    assert list(res.reached_at(1e-6)) == [513, 109, 19]


def test_radam_first_steps_are_plain_momentum_steps():
    _, res, xy, _, _ = run("radam-start")
    L = steplen(xy)
    assert round(float(L[1, 0]), 1) == 8.1 and res.diverged_at[1] == 4 and res.diverged_at[0] == -1
    assert res.diverged_at[2] == -1
    # from step 6 the rectified steps: 2.6 % of the rectification's full size
    r2, t = 0.999, 6
    rho_inf = 2 / (1 - r2) - 1
    rho_t = rho_inf - 2 * t * r2 ** t / (1 - r2 ** t)
    rect = np.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
    assert round(100 * rect, 1) == 2.6
    assert L[2, 5] < 0.05 * L[2, 4]                                     # the adaptive steps start small


def test_nadam_overshoots_less_than_adam():
    scene, res, xy, _, _ = run("nadam-lookahead")
    u = -np.asarray(scene.landscape.start) / np.linalg.norm(scene.landscape.start)
    past = (xy @ u).max(axis=1)                                          # how far past the minimum
    assert round(float(past[0]), 1) == 0.8 and round(float(past[1]), 2) == 0.16
    assert list(res.reached_at(1e-6)) == [132, 34]


# ------------------------------------------------------------------ a real network (surface=mlp)

def first_below(loss, level):
    ok = np.flatnonzero(loss <= level)
    return int(ok[0]) if ok.size else -1


def net_run(name):
    scene, res, _, loss, _ = run(name)
    return scene, res, loss, scene.landscape.metrics(res.theta)


def test_net_race_momentum_adam_gd():
    scene, res, loss, _ = net_run("net-race")
    assert scene.landscape.dim == 105
    assert [first_below(loss[k], 0.2) for k in range(3)] == [177, 38, 141]
    assert 0.05 < res.surface.explained <= 1                 # the corner's share (a real number, shown)


def test_net_batch_per_step_and_per_example():
    _, res, loss, _ = net_run("net-batch")
    assert list(np.round(loss[:, -1], 2)) == [0.51, 0.31, 0.13]
    assert list(res.epoch_steps) == [160, 10, 0]             # B = 1: 300 steps = 300 examples
    noise = np.std(np.diff(loss[:, 200:], axis=1), axis=1)
    assert noise[0] > noise[1] > 100 * noise[2]


def test_net_lr_too_large():
    _, res, loss, m = net_run("net-lr-large")
    assert int(np.nanargmax(loss[1])) == 9 and round(float(loss[1].max()), 1) == 13.0
    assert round(float(loss[0, 0]), 2) == 0.85 and np.nanmax(loss[0]) == loss[0, 0]
    assert list(np.round(loss[:, -1], 2)) == [0.13, 0.50]
    assert list(np.round(100 * m["train_acc"][:, -1])) == [96, 88]


def test_net_zero_init_never_moves():
    scene, res, loss, m = net_run("net-init-zero")
    assert np.all(res.theta[..., :-1] == 0)                  # every weight but the output bias stays 0
    np.testing.assert_allclose(loss, np.log(2), atol=1e-5)      # (Adam blows the bias's 1e-17 rounding up to 0.006)
    assert np.all(m["train_acc"] == 0.5)


def test_net_small_init_vanishing_gradient():
    scene, res, loss, _ = net_run("net-init-small")
    net = scene.landscape
    g = np.linalg.norm(net.gradient(net.theta0))
    assert round(g * 1e5) == 9
    import landscapes
    normal = landscapes.get("mlp", val=0.2)
    assert 5e3 < np.linalg.norm(normal.gradient(normal.theta0)) / g < 2e4            # about 10⁴
    assert round(float(loss[0, -1]), 3) == 0.693
    assert [first_below(loss[k], 0.6) for k in range(3)] == [-1, 107, 19]


def test_net_large_init_saturates():
    scene, res, loss, _ = net_run("net-init-large")
    import landscapes

    def saturated(net):
        W, b = net.layers(net.theta0)[0]
        return float((np.abs(np.tanh(net.data[0] @ W + b)) > 0.96).mean())
    assert round(100 * saturated(scene.landscape)) == 71
    normal = landscapes.get("mlp", val=0.2)
    assert round(100 * saturated(normal), 1) == 0.2
    assert round(float(loss[0, 0]), 1) == 6.1 and round(float(normal.loss(normal.theta0)), 2) == 0.85
    assert list(np.round(loss[:, -1], 2)) == [0.15, 0.30]


def test_net_overfit_validation_turns():
    scene, res, loss, m = net_run("net-overfit")
    assert len(scene.landscape.validation[1]) == 40 and len(scene.landscape.data[1]) == 160
    v = m["val_loss"][1]
    assert int(np.nanargmin(v)) == 48 and round(float(v.min()), 2) == 0.14 and round(float(v[-1]), 2) == 0.36
    assert round(float(loss[1, -1]), 4) == 0.0097 and m["train_acc"][1, -1] == 1.0


def test_the_readme_lists_every_lesson_by_name():
    from pathlib import Path
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for name, p in PRESETS.items():
        assert f"`{name}` {p.title['en']}" in text, name


def test_momentum_stability_edge():
    """The sweep of α × β with the theory's edge αλ_max = 2(1 + β): every cell right of it
    diverged, none left of it; converged within 300 steps up to the α the caption names."""
    from app.compute import sweeps as S
    from app.compute.theory import stable_alpha
    from app.figures.analysis import sweep_figure
    scene = decode("?preset=momentum-stability")[0]
    sw = S.compute_sweep(scene)
    (_, xs), (_, ys) = sw.axes
    div = (np.asarray(sw.diverged_at) >= 0).reshape(len(ys), len(xs))
    edge = stable_alpha("momentum", ys, scene.landscape.quadratic)
    right, left = xs[None, :] > edge[:, None] * 1.02, xs[None, :] < edge[:, None] * 0.98
    assert div[right].mean() > 0.99 and not div[left].any()
    ok = np.asarray(sw.steps_to_tol).reshape(div.shape) >= 0
    top = {round(float(ys[i]), 1): (round(float(xs[ok[i]].max()), 1) if ok[i].any() else None)
           for i in (0, int(np.argmin(abs(ys - 0.9))), len(ys) - 1)}
    assert top == {0.0: 1.9, 0.9: 3.1, 1.0: None} and ys[-1] == 0.999
    fig = sweep_figure(scene.landscape, sw, "final_loss")
    line = [d for d in fig["data"] if d.get("line", {}).get("dash") == "dash"]
    assert len(line) == 1 and line[0]["x"][0] == pytest.approx(2.0) and line[0]["x"][-1] == pytest.approx(3.998)


def test_plateau_vanishing_gradient():
    scene, res, xy, loss, dist = run("plateau-vanishing")
    g = np.hypot(*scene.landscape.grad(*scene.start_xy))
    assert round(float(g), 4) == 0.0013
    assert [first_below(loss[k], 0.5) for k in range(4)] == [223, 45, 5, 22]
    late = np.abs(xy[2, 200:]).max()                 # RMSProp hops around the minimum, about ±α
    assert 0.01 < late < 0.1 and dist[[0, 1, 3], -1].max() < 1e-3


def test_race_each_method_at_its_tuned_alpha():
    """GD, the worst method? Each run's α is the one "tune α" picks (tuned again here), and the
    ranking by steps to f − f* ≤ 10⁻⁶ is the caption's."""
    from dataclasses import replace

    from app.compute import sweeps as S
    scene, res, xy, loss, dist = run("race-tuned")
    tuned = S.tune_alpha(replace(scene, preset=None), None, budget=120)
    assert [r.values["alpha"] for r in tuned.runs] == [r.values["alpha"] for r in scene.runs]
    hits = dict(zip(res.methods, res.reached_at(1e-6)))
    assert hits == {"nesterov": 24, "nadam": 71, "amsgrad": 87, "momentum": 98, "adam": 98, "rmsprop": 212,
                    "adagrad": 291, "gd": -1}
    assert round(float(res.final_loss[0]) * 1e6, 1) == 2.6


def test_adam_reddi_counterexample():
    """Adam (the paper's ρ₁ = 0, ρ₂ = 1/(1 + C²)) ends at x = +1, the worst point; AMSGrad and
    GD reach the minimum x = −1, at the steps the caption names."""
    scene, res, xy, loss, _ = run("adam-reddi")
    assert [r.method for r in scene.runs] == ["adam", "amsgrad", "gd"]
    assert scene.runs[0].values["rho2"] == pytest.approx(1 / (1 + scene.landscape.params["c"] ** 2))
    x = xy[..., 0]
    assert np.all(np.abs(xy) <= 1)                                     # projected onto the box
    assert int(np.argmax(x[0] >= 0.99)) == 177 and x[0, -1] > 0.99 and np.all(x[0, 177:] > 0.98)
    assert loss[0, -1] == pytest.approx(1 / 3, abs=0.005)              # the worst loss there is
    assert list(res.reached_at(1e-6)[1:]) == [394, 31]
    assert np.all(x[1:, -1] < -0.98)


def test_adam_reddi_rho2_sweep():
    """α × ρ₂ for Adam (ρ₁ = 0) on the counterexample: below ρ₂ ≈ 0.45 the large α end at +1,
    from ρ₂ = 0.5 up no α ends right of 0; the scene's own run (ρ₂ = 0.1) fails."""
    from app.compute import sweeps as S
    scene = decode("?preset=adam-reddi-rho2")[0]
    assert S.sweep_axes(scene, 0) == ["alpha", "rho2"]
    sw = S.compute_sweep(scene)
    (_, xs), (_, ys) = sw.axes
    gap = np.asarray(sw.final_loss).reshape(len(ys), len(xs)) - scene.landscape.f_min   # 0 at x = −1, 2/3 at +1
    low, high = ys < 0.4, ys >= 0.5
    assert (gap[np.ix_(low, xs >= 1)] > 0.6).all()
    assert (gap[high] < 1 / 3).all()
    assert gap.max() == pytest.approx(2 / 3, abs=0.01) and gap[high].min() < 0.01
    adam = compute(scene)
    assert adam.final[0, 0] > 0.99


def test_sgd_escapes_the_poor_minimum():
    """GD stays in the shallow dimple (f = 0.16); the shown SGD runs end in the deep minimum,
    and so do 96 % of 1000 seeds, measured in one vectorised call."""
    from optim import run as run_one
    scene, res, xy, loss, _ = run("sgd-escape")
    ls = scene.landscape
    poor, deep = ls.minima[1], ls.minima[0]
    assert not poor.is_global and round(poor.value, 2) == 0.16
    assert np.hypot(*(xy[0, -1] - (poor.x, poor.y))) < 1e-3

    def deep_basin(points):        # where GD without noise goes from each point
        ends = run_one(ls, "gd", start=points, steps=2000, alpha=0.5).final
        return np.hypot(ends[:, 0] - deep.x, ends[:, 1] - deep.y) < 1e-3
    assert deep_basin(xy[1:, -1]).all()
    sgd = scene.runs[1]
    assert (sgd.batch, scene.sigma) == (1, 1.0) and sgd.values["alpha"] == scene.runs[0].values["alpha"]
    many = run_one(ls, "gd", steps=scene.steps, alpha=sgd.values["alpha"], batch=1, sigma=scene.sigma,
                   seed=np.arange(1000))
    assert round(100 * deep_basin(many.final).mean()) == 96


def test_sgd_work_per_example():
    """The loss chart counts examples: at GD's first step (one epoch, 40 examples) SGD has
    taken 40 steps; the gaps the caption names, at 40 and 300 examples and at the end."""
    scene, res, xy, loss, _ = run("sgd-work")
    assert scene.per_example and list(res.examples) == [40, 1, 8]
    gap = loss - scene.landscape.f_min

    def at(k, work):
        return float(gap[k, work // res.examples[k]])
    assert (round(at(0, 40)), round(at(1, 40), 2)) == (38, 0.11)
    assert (round(at(0, 300), 1), round(at(1, 300), 2)) == (1.3, 0.22)
    assert f"{gap[0, -1]:.0e}" == "2e-04" and scene.steps * res.examples[0] == 12_000
    assert gap[0, -1] < gap[1, -1]                   # per step GD wins in the end


def test_momentum_memory_narrates_and_counts_state():
    """The lesson opens narrated at step 3: momentum's rows include the heavy-ball form
    −αg + β(Wₜ − Wₜ₋₁), equal to the step taken; the cards' memory follows the registry."""
    from app.figures.narration import narration_data
    from app.text import memory_text
    from optim import METHODS
    scene, res, xy, _, _ = run("momentum-memory")
    assert scene.narrate and scene.step == 3
    rows = narration_data(scene, res)[1]["rows"]
    eq = [r for r in rows if "β(Wₜ − Wₜ₋₁)" in r["label"]]
    assert len(eq) == 1
    np.testing.assert_allclose(np.asarray(eq[0]["v"])[1:], np.diff(xy[1], axis=0)[1:], rtol=1e-5, atol=1e-9)
    assert [len(METHODS[r.method].state) for r in scene.runs] == [0, 1, 2]
    assert "only W" in memory_text(METHODS["gd"].state) and "1 more number" in memory_text(METHODS["momentum"].state)


def test_the_slides_claims_open_in_the_lectures_order():
    """The lessons of the slides' claims come in the menu (groups, then presets) in the order
    the lecture makes them: GD the worst method, vanishing gradients, SGD's noise and cost,
    momentum's form and its α × β, Adam's failure."""
    menu = [name for g in GROUPS for name, p in PRESETS.items() if p.group == g]
    claims = ["race-tuned", "plateau-vanishing", "sgd-escape", "sgd-work", "momentum-memory", "momentum-stability",
              "adam-reddi", "adam-reddi-rho2"]
    at = [menu.index(c) for c in claims]
    assert at == sorted(at) and len(menu) == len(PRESETS)
