"""Every lesson, in both languages, as the back of a lecture hall and a phone see it (a real
browser viewport): at 1280×720 no text under 16 px, no horizontal scroll, the header on one
line, the caption in at most three lines, the map starting high and the player bar on screen,
no two labels on the map overlapping; at 390×844 the picture comes first (the map starts in
the top fifth and the play button is above the fold), nothing scrolls sideways."""
from __future__ import annotations

import time

import pytest

from app.model.presets import PRESETS
from test_app_browser import no_console_errors, start_page
from test_picture_browser import BOXES, overlaps, settled

pytestmark = pytest.mark.browser

MIN_PX = 16
# text smaller than 16 px that is not a reader's text: KaTeX's sub- and superscripts (maths
# sets them smaller by design) and its MathML copy for screen readers (visually hidden)
SMALL_OK = ".katex .mtight, .katex-mathml"
SPACE = r"""
var small = [], w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;
while ((n = w.nextNode())) {
  var e = n.parentElement, s = n.textContent.replace(/[\s\u200b]+/g, ' ').trim();
  if (!s || !e || e.closest('script, style, ' + arguments[0])) continue;
  var r = e.getBoundingClientRect();
  if (!r.width || !r.height || r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
  if (getComputedStyle(e).visibility === 'hidden') continue;
  var fs = parseFloat(e.getAttribute('font-size') || getComputedStyle(e).fontSize);
  if (fs < arguments[1]) small.push(s.slice(0, 24) + ' (' + fs.toFixed(1) + ' px)');
}
function box(sel) { var e = document.querySelector(sel); if (!e || !e.offsetParent) return null;
                    var b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }
var cap = document.getElementById('lesson-caption'), lh = cap ? parseFloat(getComputedStyle(cap).lineHeight) : 0;
// what is cut at its box's edge: update rules (KaTeX) and the summary table
var clipped = [];
document.querySelectorAll('.rule, .summary').forEach(function (e) {
  if (e.offsetParent && e.scrollWidth > e.clientWidth + 1) clipped.push((e.className || '') + ' ' + (e.getAttribute('data-run') || ''));
});
// and a chart's words cut at its edge (a title or tick label wider than the chart)
document.querySelectorAll('.js-plotly-plot').forEach(function (g) {
  var svg = g.querySelector('svg.main-svg'); if (!svg || !g.offsetParent) return;
  var box = svg.getBoundingClientRect();
  g.querySelectorAll('svg text').forEach(function (t) {
    var r = t.getBoundingClientRect();
    if (!r.width || !t.textContent.trim()) return;
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
      clipped.push((g.parentNode.id || g.id || 'chart') + ': ' + t.textContent.slice(0, 30));
  });
});
return {small: small.slice(0, 8), clipped: clipped, scroll: document.documentElement.scrollWidth - innerWidth,
        header: box('.header'), caption: cap && cap.textContent ? cap.getBoundingClientRect().height / lh : 0,
        map: box('#map'), play: box('#play'), player: box('.player'), h: innerHeight};
"""


def space(drv):
    return drv.execute_script(SPACE, SMALL_OK, MIN_PX)


def test_every_lesson_fits_a_projector(dash_duo):
    start_page(dash_duo)
    drv = dash_duo.driver
    bad = {}
    pages = [f"preset={name}" for name in PRESETS] + [
        "run=adam&run=rmsprop,schedule=cosine&run=nesterov&run=amsgrad&run=adagrad&run=momentum",  # every rule
        "view=3d", "surface=narrow_valley&view=multiples"]
    for page in pages:
        for lang in ("en", "uk"):
            drv.get(f"{dash_duo.server_url}/?{page}&lang={lang}")
            time.sleep(1.0)
            settled(drv)
            s, where, faults = space(drv), f"{page} {lang}", []
            if s["small"]:
                faults.append(f"text under {MIN_PX} px: {s['small']}")
            if s["scroll"] > 0:
                faults.append(f"scrolls sideways by {s['scroll']} px")
            if s["clipped"]:
                faults.append(f"cut at the edge: {s['clipped']}")
            if s["header"] and s["header"][3] - s["header"][1] > 52:
                faults.append(f"the header wraps ({s['header'][3] - s['header'][1]:.0f} px tall)")
            if s["caption"] > 3.2:
                faults.append(f"the caption runs {s['caption']:.1f} lines")
            if s["map"] and s["map"][1] > 125:
                faults.append(f"the map starts at y = {s['map'][1]:.0f}")
            if s["player"] and s["player"][3] > s["h"] + 0.5:
                faults.append("the player bar is below the fold")
            if drv.execute_script("return (window.explorer.player.data || {}).kind") == "map":
                found = overlaps(drv.execute_script(BOXES))
                if found:
                    faults.append(f"labels overlap: {found}")
            if faults:
                bad[where] = faults
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())
    no_console_errors(dash_duo)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_phone_shows_the_picture_first(dash_duo, lang):
    start_page(dash_duo, f"?lang={lang}", size=(390, 844))
    drv = dash_duo.driver
    bad = {}
    for q in ("", "?preset=lr-schedules", "?preset=valley-zigzag", "?preset=logreg-bce", "?preset=lr-all"):
        drv.get(f"{dash_duo.server_url}/{q}{'&' if q else '?'}lang={lang}")
        time.sleep(1.0)
        settled(drv)
        s, faults = space(drv), []
        if s["scroll"] > 0:
            faults.append(f"scrolls sideways by {s['scroll']} px")
        if s["clipped"]:
            faults.append(f"cut at the edge: {s['clipped']}")
        if s["map"][1] > 0.2 * s["h"]:
            faults.append(f"the map starts at y = {s['map'][1]:.0f}")
        if s["play"][3] > s["h"]:
            faults.append(f"the play button is below the fold (y = {s['play'][3]:.0f})")
        if q == "?preset=valley-zigzag" and s["map"][3] - s["map"][1] > 0.45 * s["h"]:
            faults.append(f"a wide valley gets a tall map ({s['map'][3] - s['map'][1]:.0f} px)")
        if faults:
            bad[q or "default"] = faults
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())


def test_the_checks_can_fail(dash_duo):
    """A page made to fail each check does (the checks read what they claim to read)."""
    start_page(dash_duo)
    drv = dash_duo.driver
    drv.execute_script("var d = document.createElement('div'); d.id = 'probe'; d.style.cssText = "
                       "'position:absolute;left:0;top:200px;width:2000px;font-size:12px'; d.textContent = 'tiny words';"
                       "document.body.appendChild(d);")
    s = space(drv)
    assert any(t.startswith("tiny words") for t in s["small"]) and s["scroll"] > 0


def test_the_browser_writes_numbers_as_the_server_does(dash_duo):
    """A slider's live label (the browser's U.pretty) and the server's labels (pretty) agree."""
    from app.model import pretty
    start_page(dash_duo)
    values = [0.001, 0.005, 300, 1e-5, 2.5e-8, 0.0001, 1.5, 123456.7, 1e7, -3e-6, 0.12345678]
    got = dash_duo.driver.execute_script("return arguments[0].map(window.explorer.util.pretty)", values)
    assert got == [pretty(v) for v in values]
