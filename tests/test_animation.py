"""The animation for slides (`app.figures.animation`, `python -m app.animate`): GIF and
video frames are the map as the page draws it, each head on its path's point."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from app import animate
from app.compute.runs import compute
from app.figures import animation as A
from app.figures import map as F
from app.figures.export import animation_file
from app.model import decode

EIGHT = ("?steps=300&run=gd,alpha=0.001&run=momentum,alpha=0.001&run=rmsprop,alpha=0.01&run=adam,alpha=0.1"
         "&run=nesterov,alpha=0.001&run=adagrad,alpha=0.5&run=amsgrad,alpha=0.05&run=lion,alpha=0.01")


def frames_of(gif: bytes):
    im = Image.open(io.BytesIO(gif))
    out = []
    for i in range(im.n_frames):
        im.seek(i)
        out.append(np.asarray(im.convert("RGB")).astype(int))
    return out


def heads_drawn(frame, ls, res, step, size):
    """Per run: the colour at the centre of its head in the frame against the run's colour."""
    xy = np.asarray(res.xy)
    at = [A.frame_xy(ls, size, *xy[k, min(step, len(xy[k]) - 1)]) for k in range(len(xy))]
    out = []
    for k, (px, py) in enumerate(at):
        if any(np.hypot(px - qx, py - qy) < 14 for qx, qy in at[k + 1:]):
            continue                        # a later run's head is drawn over this one
        c = frame[int(round(py)), int(round(px))]
        want = np.array([int(F.color(k)[i:i + 2], 16) for i in (1, 3, 5)])
        out.append(int(np.abs(c - want).max()))
    return out


def test_the_gif_of_a_lesson_is_the_page_frame_by_frame():
    scene = decode("?preset=valley-zigzag")[0]
    res = compute(scene)
    data = animation_file(scene, "gif")
    frames = frames_of(data)
    steps = A.frame_steps(res.steps)
    assert len(frames) == len(steps) and frames[0].shape == (600, 800, 3)
    assert steps[0] == 0 and steps[-1] == res.steps
    # the first and the last frame: every head where the page puts it (its path's point), in its colour
    for frame, step in ((frames[0], 0), (frames[-1], res.steps), (frames[len(frames) // 2], steps[len(frames) // 2])):
        far = heads_drawn(frame, res.surface, res, step, A.SIZE)
        assert far and max(far) <= 40, (step, far)
    assert len(data) < 600_000


def test_eight_runs_stay_under_two_megabytes_and_a_network_draws():
    scene = decode(EIGHT)[0]
    res = compute(scene)
    data = A.gif(res.surface, res)
    assert len(data) < 2_000_000
    last = frames_of(data)[-1]
    seen = heads_drawn(last, res.surface, res, res.steps, A.SIZE)
    assert len(seen) >= 4 and max(seen) <= 40
    net = decode("?preset=net-race")[0]
    img = A.draw_frames(compute(net).surface, compute(net), size=(400, 300), n=3)
    assert len(img) == 3 and img[0].size == (400, 300)


@pytest.mark.parametrize("fmt, magic", [("webm", b"\x1a\x45\xdf\xa3"), ("mp4", b"ftyp")])
def test_videos(tmp_path, fmt, magic):
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    scene = decode("?preset=valley-zigzag")[0]
    data = animation_file(scene, fmt, size=(640, 480), seconds=4)
    assert magic in data[:16]
    path = tmp_path / f"v.{fmt}"
    path.write_bytes(data)
    n, secs = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert n == len(A.frame_steps(compute(scene).steps)) and secs == pytest.approx(4, abs=0.3)


def test_the_command_line_writes_a_deck(tmp_path, capsys):
    assert animate.main(["valley-zigzag", "?surface=bowl&run=adam,alpha=0.3", "--size", "400x300",
                         "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["bowl-1runs.gif", "valley-zigzag.gif"]
    assert Image.open(tmp_path / "bowl-1runs.gif").size == (400, 300)
    assert "kB" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        animate.main(["valley-zigzag", "--size", "huge"])
