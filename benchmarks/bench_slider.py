"""Slider -> repainted trajectories, as a ratio against a client-side reference page.

    python benchmarks/bench_slider.py                 # the development server (python -m app)
    python benchmarks/bench_slider.py --gunicorn      # the documented production command
    python benchmarks/bench_slider.py --quick

One headless Chromium session (1280×720) alternates rounds between the explorer and
`benchmarks/reference_page.html` (4 runs × 300 steps recomputed and redrawn in JavaScript
as SVG, the way Distill's momentum figure works). Both are measured the same way: a key
press on the α slider -> the map's trajectories changed in the DOM (a MutationObserver on the
map's `d` / `points` attributes) and the next frame painted (a message posted from that
frame's requestAnimationFrame, which arrives after its paint). The machine is noisy,
so the result is the ratio of medians measured in the same session.

Then a real pointer drag (pointer events through the browser: press on the slider's handle,
move in small steps for ~3 s, release) counts how often the map's trajectories changed
while the pointer was down: updates per second.

Targets (issue "Sliders at the speed of thought"): default scene ≤ 2× the reference,
8 runs × 1,000 steps ≤ 3×, a drag ≥ 15 map updates a second.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REFERENCE = (Path(__file__).resolve().parent / "reference_page.html").as_uri()
BIG = ("?steps=1000&run=gd,alpha=0.001&run=momentum,alpha=0.001&run=nesterov,alpha=0.001&run=adagrad,alpha=0.3"
       "&run=rmsprop,alpha=0.01&run=adam,alpha=0.1&run=amsgrad,alpha=0.1&run=gd,alpha=0.0005&v=1")
APP_SLIDER = "#runs .run-card [role=slider]"
REF_SLIDER = "#alpha"
APP_TRACK = "#runs .run-card .dash-slider-root"

HOOK = """
window.__m = {t0: null, lat: [], updates: 0, down: false, pending: false};
var b = window.__m, ch = new MessageChannel(), waiting = [];
// "painted": the message posted from the next animation frame arrives after that frame's paint
ch.port1.onmessage = function () { var f = waiting.shift(); if (f) f(performance.now()); };
function afterPaint(f) { requestAnimationFrame(function () { waiting.push(f); ch.port2.postMessage(0); }); }
document.addEventListener('keydown', function () { b.t0 = performance.now(); b.t0k = b.t0; }, true);
document.addEventListener('pointerdown', function () { b.down = true; b.updates = 0; b.downAt = performance.now(); }, true);
document.addEventListener('pointerup', function () { b.down = false; b.up = performance.now(); }, true);
new MutationObserver(function () {
  if (!b.pending) {             // one update = one painted frame with new trajectories
    b.pending = true;
    afterPaint(function () { b.pending = false; if (b.down) b.updates++; });
  }
  if (b.t0 === null) return;
  var t0 = b.t0; b.t0 = null;
  afterPaint(function (now) { b.lat.push(now - t0); });
}).observe(document.getElementById('map'), {subtree: true, attributes: true, attributeFilter: ['d', 'points']});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(gunicorn: bool):
    """The explorer on a free loopback port: (stop function, base URL)."""
    port = free_port()
    if gunicorn:
        env = dict(os.environ, BIND=f"127.0.0.1:{port}")
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app.wsgi:server"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        return (lambda: (proc.terminate(), proc.wait(10))), url
    import logging

    from werkzeug.serving import make_server

    from app.factory import create_app
    logging.getLogger("werkzeug").setLevel(logging.WARNING)     # no line per request
    srv = make_server("127.0.0.1", port, create_app().server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv.shutdown, f"http://127.0.0.1:{port}"


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


def wait(d, js, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        v = d.execute_script(js)
        if v:
            return v
        time.sleep(0.05)
    raise RuntimeError(f"timeout: {js}")


def open_page(d, url, ready_js):
    d.get(url)
    wait(d, ready_js, timeout=60)          # a first load compresses the bundles once per worker
    time.sleep(1.0)                 # first draws, fonts, overlays settle
    d.execute_script(HOOK)


def app_ready(n_runs: int) -> str:
    return (f"var P = window.explorer && window.explorer.player; return !!(P && P.data && P.data.runs.length == {n_runs}"
            " && document.querySelector('#map polyline.path, #map .js-line'));")


def key_round(d, slider_css, presses):
    """Latency (ms) of `presses` key presses on the slider, alternately right and left."""
    from selenium.webdriver.common.keys import Keys
    el = d.find_element("css selector", slider_css)
    d.execute_script("arguments[0].focus();", el)
    time.sleep(0.3)
    d.execute_script("window.__m.lat = []; window.__m.t0 = null;")
    for i in range(presses):
        el.send_keys(Keys.ARROW_RIGHT if i % 2 == 0 else Keys.ARROW_LEFT)
        wait(d, f"return window.__m.lat.length >= {i + 1}", timeout=10)
        time.sleep(0.25)            # let the page go idle between presses
    return d.execute_script("return window.__m.lat")


COUNT_DRAG = """
var b = window.__m;
b.changes = 0; b.last = null; b.positions = 0;
// the slider's positions crossed: the explorer's thumb (aria-valuenow), the reference's input
new MutationObserver(function (ms) { if (b.down) b.positions += ms.length; })
  .observe(document.body, {subtree: true, attributes: true, attributeFilter: ['aria-valuenow']});
document.addEventListener('input', function () { if (b.down) b.positions++; }, true);
// one update = the first path drawn with other points than before, while the pointer is down
new MutationObserver(function () {
  var p = document.querySelector('#map polyline.path, #map polyline'), pts = p && p.getAttribute('points');
  if (b.down && pts && pts !== b.last) b.changes++;
  b.last = pts;
}).observe(document.getElementById('map'), {subtree: true, attributes: true, attributeFilter: ['points']});
"""


def drag(d, slider_css, track_css, seconds=3.0, hz=60, share=0.6):
    """Map updates per second during a real pointer drag of the slider's handle: press on it,
    move right across `share` of the slider's track in `hz` small steps a second (a hand on
    a mouse: pointer events at the display's rate, through Chrome's input pipeline), release.
    Both sliders have 120 positions (20 per decade), so the drag crosses ~72 of them: ~24 a
    second. Returns (map updates/s, map updates, positions crossed)."""
    d.execute_script(COUNT_DRAG)
    el = d.find_element("css selector", slider_css)
    x, y = d.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];",
                            el)
    span = share * d.execute_script("return document.querySelector(arguments[0]).getBoundingClientRect().width;", track_css)

    def mouse(kind, px, **kw):
        d.execute_cdp_cmd("Input.dispatchMouseEvent", dict(type=kind, x=px, y=y, button="left", **kw))

    mouse("mousePressed", x, clickCount=1)
    t0 = time.perf_counter()
    i = 0
    while (t := time.perf_counter() - t0) < seconds:      # where the hand is at time t (a busy page
        i += 1                                              # gets fewer, longer moves, not a shorter drag)
        mouse("mouseMoved", x + span * t / seconds, buttons=1)
        time.sleep(max(0.0, t0 + i / hz - time.perf_counter()))
    mouse("mouseReleased", x + span, clickCount=1)
    time.sleep(1.0)
    n, pos, t0, t1 = d.execute_script("var m = window.__m; return [m.changes, m.positions, m.downAt, m.up];")
    return n / ((t1 - t0) / 1000), n, pos


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gunicorn", action="store_true", help="serve with the documented gunicorn command")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rounds, presses = (2, 5) if args.quick else (4, 8)
    stop, url = serve(args.gunicorn)
    d = driver()
    try:
        lat = {"app": [], "big": [], "ref": []}
        for _ in range(rounds):
            open_page(d, url + "/", app_ready(4))
            lat["app"] += key_round(d, APP_SLIDER, presses)
            open_page(d, REFERENCE, "return window.referenceReady")
            lat["ref"] += key_round(d, REF_SLIDER, presses)
            open_page(d, url + "/" + BIG, app_ready(8))
            lat["big"] += key_round(d, APP_SLIDER, presses)
        med = {k: statistics.median(v) for k, v in lat.items()}
        server = "gunicorn" if args.gunicorn else "python -m app"
        print(f"slider -> repainted trajectories ({server}; medians of {rounds * presses} key presses, same session)")
        print(f"  client-side reference page (4 runs × 300 steps, JS + SVG): {med['ref']:6.1f} ms")
        print(f"  explorer, default scene (4 runs × 300 steps):             {med['app']:6.1f} ms  "
              f"= {med['app'] / med['ref']:4.1f}× the reference (target ≤ 2×)")
        print(f"  explorer, 8 runs × 1,000 steps:                           {med['big']:6.1f} ms  "
              f"= {med['big'] / med['ref']:4.1f}× the reference (target ≤ 3×)")
        open_page(d, url + "/", app_ready(4))
        rate, n, pos = drag(d, APP_SLIDER, APP_TRACK)
        open_page(d, REFERENCE, "return window.referenceReady")
        ref_rate, ref_n, ref_pos = drag(d, REF_SLIDER, REF_SLIDER)
        print(f"pointer drag of α (~3 s, 60 % of the slider): explorer {rate:4.1f} map updates/s ({n} for {pos} slider "
              f"positions); reference {ref_rate:4.1f}/s ({ref_n} for {ref_pos})  (target ≥ 15/s)")
    finally:
        d.quit()
        stop()


if __name__ == "__main__":
    main()
