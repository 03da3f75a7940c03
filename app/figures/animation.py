"""The scene as an animation for slides: an animated GIF, or a WebM / MP4 video.

Each frame is the map as the page draws it at one step: the contour picture of the page
(the same bands, `map.contour_png`), every run's whole path, its head at that step with a
fading trail and its label, the start, the axes' ticks, and on a network the note on its
plane. Drawn with Pillow at twice the size and halved (smooth lines), then written by
Pillow (GIF) or by ffmpeg through imageio-ffmpeg (WebM, MP4). Both are the `animation`
extra (`pip install ".[animation]"`): the app runs without them and says what to install.

    frames = draw_frames(ls, res, size=(800, 600))      # PIL images, one per frame
    gif(ls, res, size=(800, 600), seconds=6)            # bytes of an animated GIF
    video(ls, res, size=(800, 600), fmt="webm")         # bytes of a WebM (or "mp4") video

`frame_xy(ls, res, size)` maps a point of the map to its pixel in a frame (the tests check
that each head is drawn on its path's point).
"""
from __future__ import annotations

import base64
import io
import os
import subprocess
import tempfile

import numpy as np

try:                    # the animation extra: the app works without it, and says what to install
    from PIL import Image, ImageDraw, ImageFont
except ImportError:     # pragma: no cover - exercised where the extra is missing
    Image = ImageDraw = ImageFont = None
try:
    import imageio_ffmpeg
except ImportError:     # pragma: no cover
    imageio_ffmpeg = None

from .. import text
from ..model import pretty
from . import map as F

__all__ = ["draw_frames", "gif", "video", "frame_xy", "frame_steps", "MissingExtra", "SIZE", "FRAMES"]

SIZE = (800, 600)
FRAMES = 120            # frames at most (evenly over the steps)
MARGIN = dict(l=56, r=12, t=12, b=34)
SCALE = 2               # drawn at twice the size, then halved: smooth lines and text


class MissingExtra(RuntimeError):
    """The animation extra is not installed (the message says what to install)."""


def _pil():
    if Image is None:
        raise MissingExtra('animated export needs Pillow: pip install ".[animation]"')
    return Image, ImageDraw, ImageFont


FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
         "/usr/share/fonts/truetype/freefont/FreeSans.ttf", "DejaVuSans.ttf")


def _font(size: int):
    """A font with Greek letters (α, β, ρ) and the minus sign: the system's DejaVu or
    Liberation Sans (Debian's chromium brings one), else Pillow's own."""
    ImageFont = _pil()[2]
    for path in FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def frame_steps(steps: int, n: int = FRAMES) -> list[int]:
    """Up to `n` steps from 0 to `steps`, evenly spaced, both ends included."""
    return sorted({int(s) for s in np.linspace(0, steps, min(n, steps + 1)).round()})


def _box(ls, size):
    """The map's box (x and y at one scale, widened to the plot area's shape) and the plot area."""
    w, h = size
    pw, ph = w - MARGIN["l"] - MARGIN["r"], h - MARGIN["t"] - MARGIN["b"]
    return F.fit_bounds(ls.bounds, pw / ph), (MARGIN["l"], MARGIN["t"], pw, ph)


def frame_xy(ls, size, x, y):
    """Pixel (column, row) in a frame of `size` of the map's point (x, y)."""
    ((x0, x1), (y0, y1)), (left, top, pw, ph) = _box(ls, size)
    return left + (np.asarray(x) - x0) / (x1 - x0) * pw, top + (y1 - np.asarray(y)) / (y1 - y0) * ph


def _background(ls, size):
    """The still part of every frame, at SCALE: contour bands, the axes' frame and ticks."""
    Image, ImageDraw, ImageFont = _pil()
    box, (left, top, pw, ph) = _box(ls, size)
    s = SCALE
    uri = F.contour_png(ls, tuple(tuple(float(round(v, 9)) for v in r) for r in box))
    bands = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")
    img = Image.new("RGB", (size[0] * s, size[1] * s), "white")
    img.paste(bands.resize((round(pw * s), round(ph * s)), Image.LANCZOS), (round(left * s), round(top * s)))
    d = ImageDraw.Draw(img)
    font = _font(15 * s)
    d.rectangle([left * s, top * s, (left + pw) * s, (top + ph) * s], outline=(153, 153, 153), width=s)
    (x0, x1), (y0, y1) = box
    for v in F.inner_ticks(x0, x1, 5).get("tickvals", []):
        px, _ = frame_xy(ls, size, v, y0)
        d.line([px * s, (top + ph) * s, px * s, (top + ph + 5) * s], fill=(153, 153, 153), width=s)
        d.text((px * s, (top + ph + 7) * s), pretty(round(v, 10)), fill=(51, 51, 51), font=font, anchor="mt")
    for v in F.inner_ticks(y0, y1, 5).get("tickvals", []):
        _, py = frame_xy(ls, size, x0, v)
        d.line([(left - 5) * s, py * s, left * s, py * s], fill=(153, 153, 153), width=s)
        d.text(((left - 7) * s, py * s), pretty(round(v, 10)), fill=(51, 51, 51), font=font, anchor="rm")
    return img


def _rgb(hex_colour: str):
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def draw_frames(ls, res, size=SIZE, lang: str = "en", labels=None, n: int = FRAMES):
    """The frames (PIL images of `size`) at `frame_steps(res.steps, n)`: see the module."""
    Image, ImageDraw, ImageFont = _pil()
    s = SCALE
    xy = np.asarray(res.xy, dtype=float)
    if xy.ndim == 2:
        xy = xy[None]
    labels = labels or [F.run_label(m, p, lang) for m, p in zip(res.methods, res.params)]
    font = _font(16 * s)
    still = _background(ls, size)
    d = ImageDraw.Draw(still)
    ok = [np.isfinite(xy[k]).all(axis=1) for k in range(len(xy))]
    px = [np.stack(frame_xy(ls, size, xy[k, :, 0], xy[k, :, 1]), axis=1) * s for k in range(len(xy))]
    for k in range(len(xy)):                        # every path, whole (as the page draws them)
        pts = [tuple(p) for p in px[k][ok[k]]]
        if len(pts) > 1:
            d.line(pts, fill=_rgb(F.color(k)), width=2 * s, joint="curve")
    sx, sy = (c * s for c in frame_xy(ls, size, *xy[0, 0]))
    d.ellipse([sx - 7 * s, sy - 7 * s, sx + 7 * s, sy + 7 * s], outline=(17, 17, 17), width=2 * s)
    d.text((sx, sy - 10 * s), text.t("start_label", lang), fill=(17, 17, 17), font=font, anchor="md")
    if getattr(ls, "plane", None) is not None:       # a network: which plane, and how much it shows
        share = f"{100 * ls.explained:.0f}%"
        key = "plane_note_pca_short" if ls.plane.kind == "pca" else "plane_note_random_short"
        note = text.t(key, lang, share=share).replace("<br>", "\n")
        d.multiline_text(((MARGIN["l"] + 8) * s, (MARGIN["t"] + 6) * s), note, fill=(51, 51, 51),
                         font=_font(14 * s), spacing=3 * s)
    frames = []
    for step in frame_steps(res.steps, n):
        img = still.copy()
        d = ImageDraw.Draw(img)
        taken = []                                  # the labels' boxes so far: none covers another
        for k in range(len(xy)):
            i = min(step, max(F.finite_len(xy[k]) - 1, 0))
            col = _rgb(F.color(k))
            trail = [tuple(p) for p in px[k][max(0, i - F.TRAIL):i + 1]]
            if len(trail) > 1:
                d.line(trail, fill=col, width=4 * s, joint="curve")
            hx, hy = px[k][i]
            d.ellipse([hx - 7 * s, hy - 7 * s, hx + 7 * s, hy + 7 * s], fill=col, outline="white", width=2 * s)
            at, anchor = _place(d, font, labels[k], hx, hy, taken, s)
            d.text(at, labels[k], fill=col, font=font, anchor=anchor, stroke_width=2 * s, stroke_fill="white")
        frames.append(img.reduce(s))
    return frames


def _place(d, font, label, hx, hy, taken, s):
    """Where a head's label goes: right of it, else left, above or below, the first place
    whose box overlaps no label placed before (else the right); its box joins `taken`."""
    options = [((hx + 11 * s, hy), "lm"), ((hx - 11 * s, hy), "rm"), ((hx, hy - 11 * s), "md"),
               ((hx, hy + 11 * s), "mt"), ((hx + 11 * s, hy - 18 * s), "lm"), ((hx + 11 * s, hy + 18 * s), "lm")]
    for at, anchor in options:
        box = d.textbbox(at, label, font=font, anchor=anchor)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            taken.append(box)
            return at, anchor
    taken.append(d.textbbox(options[0][0], label, font=font, anchor="lm"))
    return options[0]


def gif(ls, res, size=SIZE, lang: str = "en", labels=None, seconds: float = 6.0, n: int = FRAMES) -> bytes:
    """An animated GIF of the scene: the frames over `seconds`, looping, the last held 2 s."""
    frames = draw_frames(ls, res, size, lang, labels, n)
    Image = _pil()[0]
    # one palette for every frame, no flicker: the bands' greys, and each run's colour with its
    # blends into them (the smoothed edges of lines and text), black and white
    greys = frames[0].quantize(colors=36, method=Image.Quantize.MEDIANCUT).getpalette()[:36 * 3]
    light, inks = np.array([236, 238, 240]), [(255, 255, 255), (17, 17, 17), (51, 51, 51), (153, 153, 153)]
    runs = [np.array(_rgb(F.color(k))) for k in range(min(len(res.methods), len(F.PALETTE)))]
    mixes = [tuple(int(v) for v in (c * a + light * (1 - a)).round()) for c in runs for a in (1.0, 0.6, 0.3)]
    entries = greys + [v for rgb in inks + mixes for v in rgb]
    palette = Image.new("P", (1, 1))
    palette.putpalette(entries + entries[:3] * (256 - len(entries) // 3))
    pal = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    ms = max(20, round(1000 * seconds / len(frames) / 10) * 10)
    out = io.BytesIO()
    pal[0].save(out, format="GIF", save_all=True, append_images=pal[1:], loop=0, optimize=True,
                duration=[ms] * (len(pal) - 1) + [2000], disposal=1)
    return out.getvalue()


def video(ls, res, size=SIZE, fmt: str = "webm", lang: str = "en", labels=None, seconds: float = 6.0,
          n: int = FRAMES) -> bytes:
    """A WebM (VP9) or MP4 (H.264) video of the scene, by ffmpeg (imageio-ffmpeg's binary)."""
    if fmt not in ("webm", "mp4"):
        raise ValueError("fmt must be 'webm' or 'mp4'")
    if imageio_ffmpeg is None:
        raise MissingExtra('video export needs imageio-ffmpeg: pip install ".[animation]"')
    frames = draw_frames(ls, res, size, lang, labels, n)
    w, h = (v - v % 2 for v in size)             # the codecs want even sizes
    fps = max(1.0, len(frames) / seconds)
    codec = (["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "36", "-row-mt", "1", "-deadline", "realtime",
              "-cpu-used", "8"] if fmt == "webm"
             else ["-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-movflags", "+faststart"])
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"out.{fmt}")
        cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
               "-s", f"{w}x{h}", "-r", f"{fps:.4f}", "-i", "-", *codec, "-pix_fmt", "yuv420p", "-an", path]
        raw = b"".join(f.crop((0, 0, w, h)).tobytes() for f in frames)
        done = subprocess.run(cmd, input=raw, capture_output=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"ffmpeg failed: {done.stderr.decode(errors='replace')[-300:]}")
        with open(path, "rb") as fh:
            return fh.read()
