"""A worker's memory stays bounded whatever a class asks for: rendering a few hundred
distinct scenes (own formulas, valley shapes, 3D views) grows the process by far less than
the ~330 MB that count-bounded contour caches reached, and the process's cache of derived
data stays within its byte budget."""
from __future__ import annotations

import os
from urllib.parse import quote

from app.components.picture import render
from app.compute.cache import BUDGET, DERIVED
from app.model import decode

GROWTH = 150 * 2**20        # what a worker may grow by (the bound)


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def scenes(n):
    """n distinct scenes, each with its own contour grid and picture."""
    for i in range(n):
        if i % 3 == 0:
            f = quote(f"x**2 + {1 + i / 50:.3f}*sin(y) + 0.1*x*y")
            yield f"?surface=custom&f={f}&bounds=-3,3,-2,2&steps=200"
        elif i % 3 == 1:
            yield f"?surface=narrow_valley,kappa={5 + i},angle={i % 90}&steps=200&run=gd,alpha=0.01&run=adam,alpha=0.05"
        else:
            yield f"?surface=rosenbrock&start={-1.5 + i / 400:.4f},2&steps=300&view={'3d' if i % 2 else 'overlay'}"


def test_a_few_hundred_distinct_scenes_keep_the_process_bounded():
    if not os.path.exists("/proc/self/statm"):
        return
    for q in list(scenes(12))[:6]:           # warm up: imports, first buffers
        scene, _ = decode(q)
        render(scene, None, q)
    before = rss()
    for q in scenes(240):
        scene, notes = decode(q)
        assert notes == [], (q, notes)
        render(scene, None, q)
    grown = rss() - before
    assert DERIVED.size <= BUDGET and len(DERIVED) > 10
    assert grown <= GROWTH, f"the process grew by {grown / 2**20:.0f} MB over 240 distinct scenes"
