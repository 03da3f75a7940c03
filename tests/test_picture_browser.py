"""What the eye checks on the map, asserted in a real browser viewport: x and y have the
same scale and the contour picture fills every panel; every head sits on its path's point
(at load, scrubbed, playing, after a resize) and the start drawn by Plotly is where the
player's head starts."""
from __future__ import annotations

import time

import pytest

from conftest import set_viewport
from test_app_browser import no_console_errors, start_page

pytestmark = pytest.mark.browser

GEOM = r"""
var gd = document.querySelector('#map .js-plotly-plot'), fl = gd && gd._fullLayout;
var P = window.explorer && window.explorer.player, d = P && P.data;
if (!fl || !d || !fl._subplots || !fl._subplots.cartesian) return null;
var box = gd.getBoundingClientRect(), out = {step: P.step, panels: [], heads: []};
function axes(i) { return [fl['xaxis' + (i ? i + 1 : '')], fl['yaxis' + (i ? i + 1 : '')]]; }
fl._subplots.cartesian.forEach(function (sp, i) {
  var a = axes(i), xa = a[0], ya = a[1], im = (fl.images || [])[i];
  var xr = xa.range.slice().sort(function (p, q) { return p - q; }), yr = ya.range.slice().sort(function (p, q) { return p - q; });
  out.panels.push({sx: xa._length / (xr[1] - xr[0]), sy: ya._length / (yr[1] - yr[0]),
                   // the picture's box against the axes' ranges: covers when all four are >= 0
                   cover: im ? [xr[0] - im.x, im.x + im.sizex - xr[1], yr[0] - (im.y - im.sizey), im.y - yr[1]] : null});
});
d.runs.forEach(function (r, k) {
  var i = Math.min(P.step, r.x.length - 1), a = axes(d.panels === 'run' ? k : 0);
  if (!isFinite(r.x[i]) || !isFinite(r.y[i])) return;
  var c = document.querySelector('#map svg.explorer-overlay g.run[data-run="' + k + '"] circle.head');
  if (!c) { out.heads.push(null); return; }
  var b = c.getBoundingClientRect();
  out.heads.push([b.left + b.width / 2 - (box.left + a[0]._offset + a[0].l2p(r.x[i])),
                  b.top + b.height / 2 - (box.top + a[1]._offset + a[1].l2p(r.y[i]))]);
});
// the start as Plotly draws it (its open circle), in the page
var t = Array.prototype.find.call(gd.querySelectorAll('.scatterlayer .trace'), function (t) {
  return /start|старт/.test(t.textContent); });
var pt = t && t.querySelector('.point');
if (pt) { var s = pt.getBoundingClientRect(); out.start = [s.left + s.width / 2, s.top + s.height / 2]; }
return out;
"""

HEAD0 = r"""
var c = document.querySelector('#map svg.explorer-overlay g.run[data-run="0"] circle.head');
var b = c && c.getBoundingClientRect();
return b ? [b.left + b.width / 2, b.top + b.height / 2] : null;
"""


def geometry(drv):
    return wait_until_value(lambda: drv.execute_script(GEOM))


def wait_until_value(fn, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("the map's geometry never became readable")


def check(drv, where: str, timeout: float = 6.0):
    """`_check` once the page has had time to settle: on a loaded machine the map's size can
    take a moment to reach the server and come back as the panels' final shape."""
    end = time.time() + timeout
    while True:
        try:
            return _check(drv, where)
        except AssertionError:
            if time.time() > end:
                raise
            time.sleep(0.25)


def _check(drv, where: str):
    g = geometry(drv)
    assert g["panels"], where
    for p in g["panels"]:
        assert p["sx"] / p["sy"] == pytest.approx(1, abs=0.01), f"{where}: x/y scale {p['sx'] / p['sy']:.3f}"
        assert p["cover"] is not None and min(p["cover"]) >= -1e-9, f"{where}: the picture does not fill the panel"
    heads = g["heads"]
    assert heads and all(h is not None for h in heads), f"{where}: a head is missing"
    worst = max(max(abs(dx), abs(dy)) for dx, dy in heads)
    assert worst <= 2.0, f"{where}: a head is {worst:.1f} px from its path's point at step {g['step']}"
    return g


def settled(drv):
    """The map drawn for the current window (the server shaped its panels to the new size)."""
    time.sleep(0.6)
    wait_until_value(lambda: drv.execute_script(
        "var gd = document.querySelector('#map .js-plotly-plot'); return gd && !gd._transitioning && "
        "window.explorer.player.data ? 1 : 0"))
    time.sleep(0.4)


@pytest.mark.parametrize("query", ["", "?view=multiples", "?surface=linreg_mse", "?preset=valley-aligned", "?preset=net-race"])
def test_equal_scales_and_heads_on_their_paths(dash_duo, query):
    start_page(dash_duo, query)
    drv = dash_duo.driver
    settled(drv)
    check(drv, f"{query} 1280x720 at load")
    drv.execute_script("window.explorer.setPlaying(false); window.explorer.go(0);")
    time.sleep(0.3)
    g = check(drv, f"{query} step 0", timeout=0)
    head = drv.execute_script(HEAD0)
    if not query.startswith("?view=multiples"):     # one start on one panel: Plotly's circle and our head agree
        assert g["start"] and max(abs(a - b) for a, b in zip(head, g["start"])) <= 2.0, (head, g["start"])
    drv.execute_script("window.explorer.go(Math.round(window.explorer.player.data.steps / 3));")
    time.sleep(0.3)
    check(drv, f"{query} scrubbed", timeout=0)
    drv.execute_script("window.explorer.setPlaying(true);")
    for i in range(3):
        time.sleep(0.15)
        check(drv, f"{query} playing ({i})", timeout=0)
    drv.execute_script("window.explorer.setPlaying(false);")
    set_viewport(drv, 1600, 900)
    settled(drv)
    check(drv, f"{query} after a resize to 1600x900")
    no_console_errors(dash_duo)


@pytest.mark.parametrize("query", ["", "?preset=valley-aligned"])
def test_equal_scales_on_a_phone(dash_duo, query):
    start_page(dash_duo, query, size=(390, 844))
    settled(dash_duo.driver)
    check(dash_duo.driver, f"{query} 390x844")
    no_console_errors(dash_duo)


BOXES = r"""
var gd = document.querySelector('#map .js-plotly-plot'), out = [];
function add(e, what) {
  var b = e.getBoundingClientRect(), txt = (e.textContent || '').trim();
  if (!txt || b.width <= 0 || b.height <= 0 || getComputedStyle(e).visibility === 'hidden') return;
  out.push([what + ' ' + txt, b.left, b.top, b.right, b.bottom]);
}
gd.querySelectorAll('svg.explorer-overlay text.map-label').forEach(function (e) { add(e, 'label'); });
gd.querySelectorAll('.scatterlayer .textpoint text').forEach(function (e) { add(e, 'plotly'); });
return out;
"""


def overlaps(boxes, tol=1.0):
    bad = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a[3], b[3]) - max(a[1], b[1])
            h = min(a[4], b[4]) - max(a[2], b[2])
            if w > tol and h > tol:
                bad.append((a[0], b[0], round(w), round(h)))
    return bad


def test_the_overlap_check_can_fail():
    assert overlaps([["a", 0, 0, 10, 10], ["b", 5, 5, 20, 20], ["c", 30, 30, 40, 40]]) == [("a", "b", 5, 5)]
