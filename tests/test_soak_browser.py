"""A page left open for a lecture stays healthy: idle, it asks for no animation frames; idle
and then playing 8 runs × 1,000 steps, its event listeners, DOM nodes and JS heap stay flat
(Chromium's own counters, `Performance.getMetrics`)."""
from __future__ import annotations

import os
import time

import pytest

from test_app_browser import no_console_errors, start_page

pytestmark = pytest.mark.browser

BIG = ("?steps=1000&run=gd,alpha=0.001&run=momentum,alpha=0.001&run=nesterov,alpha=0.001&run=adagrad,alpha=0.3"
       "&run=rmsprop,alpha=0.01&run=adam,alpha=0.1&run=amsgrad,alpha=0.1&run=gd,alpha=0.0005&v=1")
IDLE_S = float(os.environ.get("SOAK_SECONDS", 60))
PLAY_S = IDLE_S

# counts every requestAnimationFrame call of the page (its scripts, Plotly, Dash) from the start
COUNT_FRAMES = """
window.__rafCalls = 0;
var raf = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = function (cb) { window.__rafCalls++; return raf(cb); };
"""


def metrics(driver) -> dict:
    driver.execute_cdp_cmd("HeapProfiler.collectGarbage", {})
    got = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return {m["name"]: m["value"] for m in got}


def frames(driver) -> int:
    return int(driver.execute_script("return window.__rafCalls"))


def test_idle_and_playing_page_stays_flat(dash_duo):
    drv = dash_duo.driver
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_FRAMES})
    drv.execute_cdp_cmd("Performance.enable", {})
    start_page(dash_duo, BIG)
    time.sleep(2)                                   # the first draws and their overlays settle
    m0, f0 = metrics(drv), frames(drv)
    time.sleep(IDLE_S)
    m1, f1 = metrics(drv), frames(drv)
    assert f1 - f0 == 0, f"an idle page asked for {f1 - f0} animation frames in {IDLE_S:g} s"

    # play at 10 steps/s: 1,000 steps take 100 s, so it plays the whole time
    drv.execute_script("var s = document.getElementById('speed'); s.value = '10';"
                       "s.dispatchEvent(new Event('change', {bubbles: true}));"
                       "window.explorer.go(0); document.getElementById('play').click();")
    time.sleep(PLAY_S)
    playing = drv.execute_script("return window.explorer.player.playing")
    step = drv.execute_script("return window.explorer.player.step")
    f2 = frames(drv)
    drv.execute_script("document.getElementById('play').click();")     # pause
    m2 = metrics(drv)
    assert playing and step >= 0.8 * 10 * PLAY_S, (playing, step)
    assert f2 - f1 >= 20 * PLAY_S, f"playing drew only {f2 - f1} frames in {PLAY_S:g} s"

    for name, slack in (("JSEventListeners", 10), ("Nodes", 100)):
        assert m1[name] - m0[name] <= slack, (name, m0[name], m1[name])
        assert m2[name] - m0[name] <= slack, (name, m0[name], m2[name])
    heap = [m["JSHeapUsedSize"] / 2 ** 20 for m in (m0, m1, m2)]
    assert heap[2] - heap[0] < 8, f"JS heap grew {heap[0]:.1f} -> {heap[1]:.1f} -> {heap[2]:.1f} MB"
    print(f"\nidle {IDLE_S:g} s + playing {PLAY_S:g} s: listeners {m0['JSEventListeners']:.0f} -> "
          f"{m1['JSEventListeners']:.0f} -> {m2['JSEventListeners']:.0f}; nodes {m0['Nodes']:.0f} -> {m1['Nodes']:.0f}"
          f" -> {m2['Nodes']:.0f}; heap {heap[0]:.1f} -> {heap[1]:.1f} -> {heap[2]:.1f} MB; animation frames idle "
          f"{f1 - f0}, playing {f2 - f1}")
    no_console_errors(dash_duo)
