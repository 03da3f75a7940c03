"""The URL codec of the explorer (no browser, no server)."""
from __future__ import annotations

import pytest

import landscapes
from app.model import DEFAULT, MAX_RUNS, RunState, Scene, decode, encode
from optim import METHODS

EXAMPLE = ("?surface=rosenbrock&start=-1.5,2&steps=300&run=gd,alpha=0.001&run=adam,alpha=0.05,rho1=0.8"
           "&batch=8&sigma=2&seed=3&view=overlay&lang=uk&v=1")


def test_design_example_decodes_without_notices():
    scene, notes = decode(EXAMPLE)
    assert notes == []
    assert [r.method for r in scene.runs] == ["gd", "adam"]
    assert scene.runs[1].values == {"alpha": 0.05, "rho1": 0.8, "rho2": 0.999, "eps": 1e-8, "weight_decay": 0.0}
    assert (scene.batch, scene.sigma, scene.seed, scene.lang) == (8, 2.0, 3, "uk")


@pytest.mark.parametrize("query", ["", EXAMPLE, "?surface=narrow_valley,kappa=200,angle=30&run=momentum,beta=0.5",
                                   "?run=gd,batch=16,seed=2&run=gd,alpha=0.01&step=40&view=3d"])
def test_round_trip(query):
    scene, _ = decode(query)
    again, notes = decode(encode(scene))
    assert again == scene and notes == []


def test_defaults_are_omitted():
    assert encode(DEFAULT) == ""
    assert decode("")[0] == DEFAULT
    assert "alpha" not in encode(Scene(runs=(RunState.make("adam"),)))


@pytest.mark.parametrize("query, fragment", [
    ("?surface=nowhere", "nowhere"), ("?run=zzz", "zzz"), ("?run=adam,alpha=-3", "alpha"),
    ("?run=adam,eps=abc", "eps"), ("?steps=1e9", "steps"), ("?view=4d", "view"), ("?start=a,b", "start"),
    ("?start=nan,1", "start"), ("?surface=narrow_valley,kappa=1e6", "kappa"), ("?run=gd,beta=0.5", "beta"),
])
def test_bad_values_give_notices_never_exceptions(query, fragment):
    scene, notes = decode(query)
    assert any(fragment in n for n in notes), notes
    assert isinstance(scene, Scene)
    assert encode(scene) is not None


def test_values_are_clamped_into_range():
    scene, _ = decode("?run=adam,alpha=1000,rho1=2&steps=0")
    p = METHODS["adam"]
    assert scene.runs[0].values["alpha"] == p.param("alpha").hi
    assert scene.runs[0].values["rho1"] == p.param("rho1").hi
    assert scene.steps >= 1


def test_too_many_runs_are_dropped():
    scene, notes = decode("?" + "&".join(["run=gd"] * (MAX_RUNS + 3)))
    assert len(scene.runs) == MAX_RUNS and notes


def test_unknown_keys_are_ignored_with_a_notice_naming_them():
    scene, notes = decode("?foo=bar&v=1")
    assert scene == DEFAULT and len(notes) == 1 and "'foo'='bar'" in notes[0] and "foo" in notes[0].uk


@pytest.mark.parametrize("name", landscapes.names())
def test_every_landscape_round_trips(name):
    scene, notes = decode(f"?surface={name}")
    assert notes == [] and scene.surface == name
    assert decode(encode(scene))[0] == scene
