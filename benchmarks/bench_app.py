"""Benchmarks of the explorer page: server callback, slider -> paint, playback fps.

    python benchmarks/bench_app.py            # full (about 40 s; needs /usr/bin/chromium)
    python benchmarks/bench_app.py --quick    # fewer repetitions
    python benchmarks/bench_app.py --no-browser

(a) Server: the scene callback (trajectories + run traces + loss chart + summary) and its
    JSON serialization, for the default scene and for 8 runs × 1,000 steps; reported in
    ms and as a ratio against the bare `run_many` call of the same scene (same process).
(b) Slider -> painted trajectories: benchmarks/bench_slider.py (against a client-side
    reference page in the same browser session).
(c) Playback of 8 runs × 1,000 steps: requestAnimationFrame callbacks per second while
    playing, and the mean cost of one frame update. Target ≥ 30 fps.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import plotly.io.json as pjson  # noqa: E402

from app.compute.runs import compute  # noqa: E402
from app.components.picture import render  # noqa: E402
from app.model import decode  # noqa: E402
from bench_slider import driver, serve, wait  # noqa: E402

BIG = "?steps=1000&" + "&".join(f"run={m}" for m in
                                ("gd,alpha=0.001", "momentum,alpha=0.001", "nesterov,alpha=0.001", "adagrad,alpha=0.3",
                                 "rmsprop,alpha=0.01", "adam,alpha=0.1", "amsgrad,alpha=0.1", "gd,alpha=0.0005"))


def timed(fn, repeat):
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts) * 1e3


def bench_server(repeat):
    print("(a) server callback (median ms; ratio to the bare core call of the same scene)")
    for name, q in (("default scene (4 runs × 300 steps)", ""), ("8 runs × 1,000 steps", BIG)):
        scene, _ = decode(q)
        render(scene, None)   # warm caches (contour picture per landscape)
        key = render(scene, None)[3]

        def cb():
            fig, loss, data, k, summary = render(scene, key)
            pjson.to_json_plotly([fig.to_plotly_json() if hasattr(fig, "to_plotly_json") else fig, loss, data,
                                  summary.to_plotly_json()])
        core = timed(lambda: compute(scene), repeat)
        total = timed(cb, repeat)
        full = timed(lambda: pjson.to_json_plotly(render(scene, None)[:3]), max(3, repeat // 3))
        print(f"  {name:38s} callback+JSON {total:6.1f} ms  (core {core:5.1f} ms, ratio {total / core:4.1f}×); "
              f"with a new landscape {full:6.1f} ms")


def bench_browser(repeat):
    stop, url = serve(False)
    d = driver()
    try:
        d.get(url + "/" + BIG)
        wait(d, "return window.explorer && window.explorer.player.data && window.explorer.player.data.runs.length == 8")
        time.sleep(1.0)
        d.set_script_timeout(20)
        res = d.execute_async_script("""
            var done = arguments[arguments.length - 1];
            var P = window.explorer.player, sel = document.getElementById('speed');
            sel.value = '300'; sel.dispatchEvent(new Event('change', {bubbles: true}));
            P.step = 0; window.explorer.setPlaying(true);
            var f0 = P.frames, s0 = P.step, t0 = performance.now();
            setTimeout(function () {
              var f1 = P.frames, s1 = P.step, t1 = performance.now();
              window.explorer.setPlaying(false);
              // cost of one frame update, measured directly
              var n = 60, a = performance.now();
              for (var i = 0; i < n; i++) { window.explorer.go(100 + i); window.explorer.drawNow(); }
              var per = (performance.now() - a) / n;
              done({fps: (f1 - f0) / ((t1 - t0) / 1000), steps: s1 - s0, secs: (t1 - t0) / 1000, per: per});
            }, 3000);
        """)
        print(f"(c) playback, 8 runs × 1,000 steps: {res['fps']:.0f} fps over {res['secs']:.1f} s "
              f"({res['steps']} steps advanced); one frame update {res['per']:.1f} ms  (target ≥ 30 fps)")
        logs = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]
        if logs:
            print("browser console errors:", json.dumps(logs, indent=1))
    finally:
        d.quit()
        stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    bench_server(10 if args.quick else 40)
    if not args.no_browser:
        bench_browser(8 if args.quick else 24)


if __name__ == "__main__":
    main()
