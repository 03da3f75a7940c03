"""A lesson inside a slide's <iframe> of 950 × 600 (the size the slides give Distill's
article): `embed=1` shows the picture and the player, no scrollbars, readable type; the
Export menu copies the <iframe> code of the scene."""
from __future__ import annotations

import time

import pytest

from app.model import decode, encode
from test_app_browser import no_console_errors, start_page, wait_for

pytestmark = pytest.mark.browser

LAYOUT = r"""
var r = function (s) { var e = document.querySelector(s); if (!e) return null;
  var b = e.getBoundingClientRect(); return b.width && b.height ? [b.left, b.top, b.right, b.bottom] : null; };
var small = [], w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;
while ((n = w.nextNode())) {
  var p = n.parentElement; if (!p || !n.textContent.trim()) continue;
  var b = p.getBoundingClientRect(); if (!b.width || !b.height) continue;
  var fs = parseFloat(getComputedStyle(p).fontSize); if (fs < 16) small.push(n.textContent.trim().slice(0, 30) + ' ' + fs);
}
return {w: innerWidth, h: innerHeight, sw: document.scrollingElement.scrollWidth, sh: document.scrollingElement.scrollHeight,
        map: r('#map .js-plotly-plot'), player: r('.player'), header: r('#header-box .header'), loss: r('#loss'),
        controls: r('#controls'), open: r('#embed-open'), caption: r('.lesson-caption'), small: small};
"""


def test_a_lesson_in_a_slides_iframe(dash_duo, screenshot):
    start_page(dash_duo, "?preset=valley-zigzag&embed=1", size=(950, 600))
    time.sleep(1.0)
    s = dash_duo.driver.execute_script(LAYOUT)
    assert s["sw"] <= s["w"] and s["sh"] <= s["h"], "scrollbars"
    assert s["header"] is None and s["loss"] is None and s["controls"] is None and s["caption"] is None
    assert s["map"] and (s["map"][2] - s["map"][0]) > 0.9 * 950 and (s["map"][3] - s["map"][1]) > 0.75 * 600
    assert s["player"] and s["player"][3] <= 600.5 and s["open"]
    assert not [t for t in s["small"] if not t.startswith("Open")], s["small"]
    href = dash_duo.find_element("#embed-open").get_attribute("href")
    assert "embed" not in href and "preset=valley-zigzag" in href
    screenshot(dash_duo.driver, "embed-valley-zigzag-950x600")
    # with the slider the lesson needs: under the picture, still no scrollbars
    dash_duo.driver.get(dash_duo.server_url + "/?preset=valley-zigzag&embed=1&show=alpha&lang=uk")
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script("return document.body.classList.contains('lecture-strip')"),
             what="the slider strip")
    time.sleep(1.5)
    s = dash_duo.driver.execute_script(LAYOUT)
    assert s["sw"] <= s["w"] and s["sh"] <= s["h"] and s["map"] and s["open"]
    assert "Відкрити" in dash_duo.find_element("#embed-open").text
    screenshot(dash_duo.driver, "embed-valley-zigzag-alpha-uk-950x600")
    no_console_errors(dash_duo)


def test_the_export_menu_copies_the_iframe_code(dash_duo):
    start_page(dash_duo, "?preset=valley-zigzag")
    dash_duo.find_element(".export summary").click()
    dash_duo.find_element("#export-embed").click()
    code = wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
        "return window.explorer.lessons.state.lastCopied"), what="the copied code")
    assert code.startswith("<iframe src=\"") and 'width="950" height="600"' in code
    src = code.split('"')[1].replace("&amp;", "&")
    scene, notes = decode("?" + src.split("?", 1)[1])
    assert notes == [] and scene.embed and scene.preset == "valley-zigzag"
    assert decode(encode(scene))[0] == scene
    # the snippet itself, in a slide: the lesson draws inside the 950 × 600 frame, no scrollbars
    drv = dash_duo.driver
    drv.execute_script("document.body.innerHTML = arguments[0];", code)
    frame = wait_for(dash_duo, lambda: drv.find_elements("css selector", "iframe"), what="the iframe")[0]
    assert (frame.size["width"], frame.size["height"]) == (950, 600)
    drv.switch_to.frame(frame)
    wait_for(dash_duo, lambda: drv.execute_script(
        "return !!(window.explorer && window.explorer.player.data && document.querySelector('#map svg.explorer-overlay circle.head'))"),
        what="the lesson drawn in the iframe")
    time.sleep(1.0)
    inner = drv.execute_script(LAYOUT)
    assert (inner["w"], inner["h"]) == (950, 600) and inner["sw"] <= 950 and inner["sh"] <= 600
    assert inner["header"] is None and inner["map"] and inner["player"]
    drv.switch_to.default_content()
    no_console_errors(dash_duo)


def test_the_gif_and_the_video_play_in_a_slide(dash_duo, tmp_path):
    """The exported GIF and WebM dropped into a slide's HTML as remark.js slides embed them."""
    from app.figures.export import animation_file
    scene = decode("?preset=valley-zigzag")[0]
    (tmp_path / "zigzag.gif").write_bytes(animation_file(scene, "gif"))
    (tmp_path / "zigzag.webm").write_bytes(animation_file(scene, "webm"))
    (tmp_path / "slide.html").write_text(
        '<div class="center width-70"><img id="gif" src="zigzag.gif"></div>'
        '<video id="video" loop autoplay muted width="600" height="450" src="zigzag.webm"></video>')
    dash_duo.driver.get((tmp_path / "slide.html").as_uri())
    size = wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
        "var g = document.getElementById('gif'), v = document.getElementById('video');"
        "return g.complete && g.naturalWidth && v.readyState >= 2 ? [g.naturalWidth, g.naturalHeight, v.videoWidth, "
        "v.videoHeight, v.duration] : null;"), what="the GIF and the video decoded")
    assert size[:4] == [800, 600, 800, 600] and size[4] == pytest.approx(6, abs=0.5)
