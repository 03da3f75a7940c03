"""Benchmarks of the explorer page: server callback, slider -> paint, playback fps.

    python benchmarks/bench_app.py            # full (about 40 s; needs /usr/bin/chromium)
    python benchmarks/bench_app.py --quick    # fewer repetitions
    python benchmarks/bench_app.py --no-browser

(a) Server: the scene callback (trajectories + run traces + loss chart + summary) and its
    JSON serialization, for the default scene and for 8 runs × 1,000 steps; reported in
    ms and as a ratio against the bare `run_many` call of the same scene (same process).
(b) Browser (headless Chromium): a slider moved with the keyboard -> the map repainted
    with the new trajectories (key event to the first animation frame after Plotly's
    `plotly_afterplot`), median over repetitions. Target ≤ 150 ms.
(c) Playback of 8 runs × 1,000 steps: requestAnimationFrame callbacks per second while
    playing, and the mean cost of one frame update. Target ≥ 30 fps.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import plotly.io.json as pjson  # noqa: E402

from app.compute.runs import compute
from app.components.picture import render  # noqa: E402
from app.model import decode  # noqa: E402

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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve():
    from werkzeug.serving import make_server

    from app.factory import create_app
    port = free_port()
    srv = make_server("127.0.0.1", port, create_app().server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{port}"


def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        o.add_argument(a)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 720, "deviceScaleFactor": 1,
                                                             "mobile": False})
    return d


HOOK = """
window.__bench = {t0: null, lat: []};
document.addEventListener('keydown', function () { window.__bench.t0 = performance.now(); }, true);
var g = document.querySelector('#map .js-plotly-plot');
g.on('plotly_afterplot', function () {
  var b = window.__bench;
  if (b.t0 === null) return;
  var t0 = b.t0; b.t0 = null;
  requestAnimationFrame(function () { b.lat.push(performance.now() - t0); });
});
"""


def wait(d, js, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        v = d.execute_script(js)
        if v:
            return v
        time.sleep(0.05)
    raise RuntimeError(f"timeout: {js}")


def bench_browser(repeat):
    from selenium.webdriver.common.keys import Keys
    srv, url = serve()
    d = driver()
    try:
        d.get(url + "/")
        wait(d, "return window.explorer && window.explorer.player.data")
        time.sleep(1.0)
        d.execute_script(HOOK)
        handle = d.find_element("css selector", "#runs .run-card [role=slider]")
        handle.click()
        time.sleep(0.5)
        d.execute_script("window.__bench.lat = []; window.__bench.t0 = null;")
        for i in range(repeat):
            handle.send_keys(Keys.ARROW_RIGHT if i % 2 == 0 else Keys.ARROW_LEFT)
            wait(d, f"return window.__bench.lat.length >= {i + 1}")
            time.sleep(0.15)
        lat = d.execute_script("return window.__bench.lat")
        print(f"(b) slider -> new trajectories painted (default scene, {len(lat)} moves): median "
              f"{statistics.median(lat):.0f} ms, min {min(lat):.0f}, max {max(lat):.0f}  (target ≤ 150 ms)")

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
        srv.shutdown()


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
