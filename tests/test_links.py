"""Shared links: old links keep decoding the same way (golden file), and the codec is total
(hypothesis): decode never raises, decode∘encode is the identity on scenes, encode∘decode
is a fixed point on any text."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import landscapes
from app.model.edits import set_surface
from app.model.presets import PRESETS
from app.model import HIDEABLE, LANGS, MAX_RUNS, SHOWABLE, SOURCE, STEPS_UI, VIEWS, Notice, RunState, Scene, decode, encode
from app.model.codec import preset_scene
from optim import METHODS, SCHEDULES

GOLDEN = json.loads((Path(__file__).parent / "data" / "links_v1.json").read_text())


@pytest.mark.parametrize("entry", GOLDEN, ids=[e["link"][:50] or "empty" for e in GOLDEN])
def test_v1_links_decode_as_frozen(entry):
    """tests/data/links_v1.json is frozen: regenerate it only to ADD links (tests/make_golden.py)."""
    scene, notices = decode(entry["link"])
    got = json.loads(json.dumps(asdict(scene)))
    # hyperparameters a method gained since the golden file was frozen take their defaults
    for run, frozen in zip(got.get("runs", []), entry["scene"].get("runs", [])):
        known = {name for name, _ in frozen["params"]}
        defaults = METHODS[run["method"]].defaults
        assert all(v == defaults[n] for n, v in run["params"] if n not in known and n in defaults), run
        run["params"] = [[n, v] for n, v in run["params"] if n in known or n not in defaults]
    assert {k: got[k] for k in entry["scene"]} == entry["scene"]
    # fields added to Scene since the golden file was frozen keep their defaults on old links
    new = json.loads(json.dumps(asdict(Scene())))
    assert {k: v for k, v in got.items() if k not in entry["scene"]} == {k: new[k] for k in got if k not in entry["scene"]}
    assert bool(notices) == entry["notices"]
    assert all(isinstance(n, Notice) and n.uk for n in notices)


# ------------------------------------------------------------------ any text

KEYS = ["surface", "start", "steps", "run", "batch", "sigma", "seed", "view", "step", "lang", "preset", "hide",
        "show", "narrate", "v", "alpha", ""]
WORDS = (list(METHODS) + list(landscapes.names()) + list(PRESETS) + list(HIDEABLE) + list(VIEWS) + list(LANGS)
         + ["schedule=step", "schedule=cosine", "gamma=0.5", "every=20", "alpha=0.1", "alpha=abc", "alpha=1e400",
            "eps=-1", "kappa=1e9", "batch=3", "1e-300", "nan", "-inf", "%", "%E2%82", "1,2", "", "=", ",", "&"])
value = st.one_of(st.text(max_size=20), st.lists(st.sampled_from(WORDS), max_size=5).map(",".join),
                  st.floats(allow_nan=True).map(repr))
pair = st.tuples(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), value).map(lambda kv: f"{kv[0]}={kv[1]}")
query = st.one_of(st.text(), st.lists(pair, max_size=12).map(lambda ps: "?" + "&".join(ps)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query)
def test_decode_never_raises_and_encode_is_a_fixed_point(q):
    scene, notices = decode(q)
    assert isinstance(scene, Scene) and isinstance(notices, list)
    assert scene.runs and len(scene.runs) <= MAX_RUNS and 1 <= scene.steps <= STEPS_UI.hi
    link = encode(scene)
    assert decode(link) == (scene, [])
    assert encode(decode(link)[0]) == link


# ------------------------------------------------------------------ any valid scene

def in_range(p):
    if p.choices:
        return st.sampled_from(p.choices)
    if p.integer:
        return st.integers(int(p.lo), int(p.hi))
    return st.floats(p.lo, p.hi, allow_nan=False)


@st.composite
def run_states(draw):
    m = METHODS[draw(st.sampled_from(list(METHODS)))]
    sch = SCHEDULES[draw(st.sampled_from(list(SCHEDULES)))]
    vals = {p.name: draw(in_range(p)) for p in m.params + sch.params}
    for name in ("batch", "sigma", "seed"):
        if draw(st.booleans()):
            vals[name] = draw(in_range(SOURCE[name]))
    return RunState.make(m.key, schedule=sch.key, **vals)


@st.composite
def scenes(draw):
    name = draw(st.sampled_from(landscapes.names()))
    specs = landscapes.params(name)
    sp = {p.name: draw(in_range(p)) for p in specs if draw(st.booleans())}
    sp = tuple((p.name, sp[p.name]) for p in specs if p.name in sp and sp[p.name] != p.default)
    ls = landscapes.get(name, **dict(sp))
    start = draw(st.one_of(st.none(), st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))))
    if start is not None and ls.start is not None and tuple(start) == tuple(ls.start):
        start = None
    steps = draw(st.integers(1, int(STEPS_UI.hi)))
    step = draw(st.one_of(st.none(), st.integers(0, steps - 1)))
    return Scene(surface=name, surface_params=sp, start=start, steps=steps,
                 runs=tuple(draw(st.lists(run_states(), min_size=1, max_size=MAX_RUNS))),
                 batch=draw(in_range(SOURCE["batch"])), sigma=draw(in_range(SOURCE["sigma"])),
                 seed=draw(in_range(SOURCE["seed"])), view=draw(st.sampled_from(VIEWS)), step=step,
                 lang=draw(st.sampled_from(LANGS)), preset=draw(st.one_of(st.none(), st.sampled_from(list(PRESETS)))),
                 hide=tuple(h for h in HIDEABLE if draw(st.booleans())),
                 show=tuple(s for s in SHOWABLE[:6] if draw(st.booleans())), narrate=draw(st.booleans()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenes())
def test_valid_scenes_round_trip_exactly(scene):
    assert decode(encode(scene)) == (scene, [])


@pytest.mark.parametrize("surface", ["mlp", "bowl"])
def test_a_presets_start_given_up_for_the_surfaces_own_round_trips(surface):
    """A preset that sets a start, then a surface picked from the menu: the start goes back to
    the surface's own (a network's initial weights have no x, y), and the link says so."""
    scene = set_surface(preset_scene("adamw-decay"), surface)
    assert scene.start is None
    query = encode(scene)
    assert "start=" in query
    assert decode(query) == (scene, [])


def test_start_default_is_the_surfaces_own_start():
    scene, notices = decode("?surface=rosenbrock&start=default")
    assert scene.start is None and notices == []


def test_notices_speak_the_lecture_language():
    _, notices = decode("?run=gd,alpha=abc&steps=1e9&surface=nowhere")
    assert len(notices) == 3
    assert all(n.text("uk") != n.text("en") for n in notices)
    assert "не число" in notices[0].text("uk")
