"""Every slider the page builds (a method's hyperparameters, a schedule's, a surface's, the
data source's) labels its marks so that no two labels touch on a phone's card, whose track
is about 300 px wide (measured at 390 × 844; the labels are 14 px text, under 9 px a char)."""
from __future__ import annotations

import pytest

import landscapes
from app.components.layout import SOURCE_UI_HI, slider_spec
from app.model import SOURCE
from optim import METHODS, SCHEDULES

TRACK_PX, CHAR_PX = 300, 9


def _sliders():
    for m in METHODS.values():
        for p in m.params:
            yield f"{m.key}.{p.name}", p, None
    for s in SCHEDULES.values():
        for p in s.params:
            yield f"schedule {s.key}.{p.name}", p, None
    for name in landscapes.REGISTRY:
        for p in landscapes.params(name):
            if not p.choices:               # a choice is a menu, not a slider
                yield f"surface {name}.{p.name}", p, None
    for name in ("batch", "sigma"):
        yield f"source {name}", SOURCE[name], SOURCE_UI_HI.get(name)


@pytest.mark.parametrize("where, p, ui_hi", list(_sliders()), ids=lambda v: v if isinstance(v, str) else "")
def test_slider_mark_labels_do_not_touch_on_a_phone(where, p, ui_hi):
    spec = slider_spec(p, ui_hi)
    span = spec["max"] - spec["min"]
    marks = sorted((float(k), str(v)) for k, v in (spec.get("marks") or {}).items() if str(v))
    assert all(spec["min"] - 1e-9 <= k <= spec["max"] + 1e-9 for k, _ in marks), (where, marks)
    for (a, la), (b, lb) in zip(marks, marks[1:]):
        gap_px = (b - a) / span * TRACK_PX
        assert gap_px >= (len(la) + len(lb)) / 2 * CHAR_PX, (where, la, lb, round(gap_px))
