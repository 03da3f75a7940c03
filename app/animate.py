"""Animations for a slide deck from the command line: a GIF, a WebM or an MP4 of any scene.

    python -m app.animate valley-zigzag                      # the lesson -> valley-zigzag.gif
    python -m app.animate "?surface=bowl&run=adam,alpha=0.3" --webm --size 960x540 --seconds 8
    python -m app.animate net-race adam-bias lr-all --out slides/figures     # a whole deck

A scene is a lesson's name, a link's query (`?…`) or a whole link (`http://…/?…`); the
frames are the map as the page draws it (`app.figures.animation`). Needs the `animation`
extra: `pip install ".[animation]"`.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from .figures.animation import SIZE
from .figures.export import animation_file
from .model import decode, localize
from .model.presets import PRESETS


def scene_of(spec: str):
    """(scene, notices, name) of a lesson's name, a query or a whole link."""
    if spec in PRESETS:
        query, name = f"?preset={spec}", spec
    else:
        query = "?" + (urlsplit(spec).query if "://" in spec else spec.lstrip("?"))
        name = None
    scene, msgs = decode(query)
    return scene, msgs, name or scene.preset or f"{scene.surface}-{len(scene.runs)}runs"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m app.animate", description=__doc__.split("\n\n")[0])
    ap.add_argument("scenes", nargs="+", help="lesson names, queries (?...) or links")
    fmt = ap.add_mutually_exclusive_group()
    fmt.add_argument("--gif", dest="fmt", action="store_const", const="gif", help="an animated GIF (the default)")
    fmt.add_argument("--webm", dest="fmt", action="store_const", const="webm", help="a WebM video (VP9)")
    fmt.add_argument("--mp4", dest="fmt", action="store_const", const="mp4", help="an MP4 video (H.264)")
    ap.add_argument("--size", default=f"{SIZE[0]}x{SIZE[1]}", help="WIDTHxHEIGHT in pixels (default: 800x600)")
    ap.add_argument("--seconds", type=float, default=6.0, help="the animation's length (default: 6)")
    ap.add_argument("--out", default=".", help="the folder to write into (default: here)")
    args = ap.parse_args(argv)
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
        if not (160 <= w <= 3840 and 120 <= h <= 2160):
            raise ValueError
    except ValueError:
        ap.error(f"--size {args.size!r}: WIDTHxHEIGHT between 160x120 and 3840x2160")
    if not 1 <= args.seconds <= 120:
        ap.error("--seconds: between 1 and 120")
    ext = args.fmt or "gif"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for spec in args.scenes:
        scene, msgs, name = scene_of(spec)
        for m in localize(msgs, "en"):
            print(f"{spec}: {m}", file=sys.stderr)
        t0 = time.perf_counter()
        data = animation_file(scene, ext, (w, h), args.seconds)
        path = out / f"{name}.{ext}"
        path.write_bytes(data)
        print(f"{path}: {len(data) / 1024:.0f} kB, {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
