"""Shared links, lessons, lecture mode and narration in a real browser (headless Chromium)."""
from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.keys import Keys

from app.factory import create_app
from test_app_browser import no_console_errors, paths, start_page, wait_for

pytestmark = pytest.mark.browser

JS_DATA = "var d = window.explorer.player.data; return d && d.runs.map(function (r) { return [r.x, r.y]; });"


def test_copied_link_reproduces_the_picture(dash_duo, screenshot):
    drv = dash_duo.driver
    start_page(dash_duo, "?preset=valley-zigzag")
    before = paths(dash_duo)
    # change α of the first run (keyboard on its slider), then copy the link
    handle = dash_duo.find_element("#runs .run-card [role=slider]")
    n_hist = drv.execute_script("return window.history.length")
    handle.click()
    for _ in range(3):
        handle.send_keys(Keys.ARROW_LEFT)
    wait_for(dash_duo, lambda: "run=gd" in drv.current_url, what="the edit in the URL")
    wait_for(dash_duo, lambda: paths(dash_duo)[0]["x"] != before[0]["x"], what="a new GD path")
    time.sleep(0.3)
    dash_duo.find_element("#copy-link").click()
    wait_for(dash_duo, lambda: dash_duo.find_element("#copy-status").text.strip()
             or dash_duo.find_element("#copy-fallback-box").is_displayed(), what="a visible confirmation")
    link = drv.execute_script("return window.explorer.lessons.state.lastCopied")
    assert link == drv.current_url and "preset=valley-zigzag" in link
    seen = (paths(dash_duo), drv.execute_script(JS_DATA))
    # drag history: the three key presses made at most one history entry
    assert drv.execute_script("return window.history.length") <= n_hist + 1
    # a fresh page from the link: the same numbers
    drv.get("about:blank")
    drv.get(link)
    wait_for(dash_duo, lambda: paths(dash_duo), what="trajectories")
    wait_for(dash_duo, lambda: drv.execute_script(JS_DATA), what="animation data")
    assert (paths(dash_duo), drv.execute_script(JS_DATA)) == seen
    assert "Narrow valley" in dash_duo.find_element("#lesson-caption").text
    no_console_errors(dash_duo)


MANGLED = [
    "?run=gd,alpha=abc&run=adam,alpha=1e400&steps=10000000&run=adagrad,eps=-1&foo&lang=uk",
    "?" + "&".join(["run=gd,alpha=0.01"] * 500) + "&surface=rosenbrock%ZZ&steps=100&steps=50&run=ada",
    "?preset=nowhere&start=1e999,2&view=&hide=everything&narrate=yes&%E2%82",
]


def test_mangled_links_load_with_a_notice(dash_duo):
    """Bad values in Ukrainian, 500 runs with percent garbage, unknown keys: one server, three links."""
    drv = dash_duo.driver
    start_page(dash_duo, MANGLED[0])
    for k, query in enumerate(MANGLED):
        if k:
            drv.get("about:blank")
            drv.get(dash_duo.server_url + "/" + query)
            wait_for(dash_duo, lambda: paths(dash_duo), what="trajectories")
        notes = wait_for(dash_duo, lambda: dash_duo.find_elements("#notices .notice"), what="notices")
        assert all(n.is_displayed() for n in notes) and len(notes) < 12
        if "lang=uk" in query:
            assert "не число" in " ".join(n.text for n in notes)
        assert paths(dash_duo)
    no_console_errors(dash_duo)


def test_lessons_menu_back_forward_and_narration(dash_duo, screenshot):
    drv = dash_duo.driver
    start_page(dash_duo, "?lang=uk")
    dash_duo.find_element("#lessons summary").click()
    pick = wait_for(dash_duo, lambda: [b for b in dash_duo.find_elements(".lesson") if "сідл" in b.text.lower()],
                    what="the saddle lesson")[0]
    screenshot(drv, "lessons-menu")
    pick.click()
    wait_for(dash_duo, lambda: "preset=saddle-escape" in drv.current_url, what="the preset in the URL")
    wait_for(dash_duo, lambda: len(paths(dash_duo)) == 3, what="three runs")
    assert "Сідлова точка" in dash_duo.find_element("#lesson-caption").text
    assert "lang=uk" in drv.current_url
    # another lesson, then back: the URL, the picture and the sliders follow
    dash_duo.find_element("#lessons summary").click()
    [b for b in dash_duo.find_elements(".lesson") if b.text.startswith("AdaGrad")][0].click()
    wait_for(dash_duo, lambda: "preset=adagrad-shrink" in drv.current_url, what="second preset")
    wait_for(dash_duo, lambda: len(dash_duo.find_elements("#runs .run-card")) == 1, what="its one run card")
    drv.back()
    wait_for(dash_duo, lambda: "preset=saddle-escape" in drv.current_url, what="back")
    wait_for(dash_duo, lambda: len(dash_duo.find_elements("#runs .run-card")) == 3, what="controls re-synced")
    wait_for(dash_duo, lambda: len(paths(dash_duo)) == 3, what="picture after back")
    # narration: toggle on, step to update 1
    dash_duo.find_element("#narrate-toggle input").click()
    wait_for(dash_duo, lambda: "narrate=1" in drv.current_url, what="narrate in the URL")
    wait_for(dash_duo, lambda: drv.execute_script("return !!window.explorer.lessons.state.narr"), what="trace data")
    drv.execute_script("window.explorer.setPlaying(false); window.explorer.go(1);")
    text = wait_for(dash_duo, lambda: dash_duo.find_element("#narration").text, what="narration")
    assert "t = 1" in text and "градієнт g" in text and "корекція зсуву" in text
    screenshot(drv, "narration")
    no_console_errors(dash_duo)


def test_lecture_mode_hides_all_but_the_picture_and_alpha(dash_duo, screenshot):
    start_page(dash_duo, "?preset=adam-bias&hide=controls,loss,summary,header&show=alpha&narrate=1&step=1")
    wait_for(dash_duo, lambda: dash_duo.find_elements("#runs .run-card"), what="controls")
    time.sleep(0.3)
    assert not dash_duo.find_element("#loss").is_displayed()
    assert not dash_duo.find_element("#header-box").is_displayed()
    visible = [e.text for e in dash_duo.find_elements("#controls .param-label") if e.is_displayed()]
    assert visible and all(v.startswith("α") for v in visible)
    assert wait_for(dash_duo, lambda: dash_duo.find_element("#narration").text, what="narration")
    screenshot(dash_duo.driver, "lecture-mode")
    no_console_errors(dash_duo)


def test_browser_language_picks_ukrainian_when_the_link_has_none(dash_duo):
    drv = dash_duo.driver
    dash_duo.start_server(create_app())
    # a Ukrainian browser (navigator.language is read before Dash starts)
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
        "Object.defineProperty(navigator, 'language', {get: function () { return 'uk-UA'; }});"
        "Object.defineProperty(navigator, 'languages', {get: function () { return ['uk-UA', 'uk']; }});"})
    drv.get(dash_duo.server_url + "/?preset=lr-right")
    wait_for(dash_duo, lambda: paths(dash_duo), what="trajectories")
    assert "lang=uk" in drv.current_url
    wait_for(dash_duo, lambda: "Уроки" in dash_duo.find_element(".lessons summary").text, what="Ukrainian UI")
    assert "Якраз" in dash_duo.find_element("#lesson-caption").text
    # an explicit lang wins over the browser's
    drv.get(dash_duo.server_url + "/?preset=lr-right&lang=en")
    wait_for(dash_duo, lambda: "Lessons" in dash_duo.find_element(".lessons summary").text, what="English UI")
    no_console_errors(dash_duo)


def test_an_edited_lesson_says_its_caption_no_longer_fits(dash_duo):
    """lr-small's caption says α = 0.005; once α moves it says the scene changed, dims, and
    "back to the lesson" restores the lesson and the caption."""
    drv = dash_duo.driver
    start_page(dash_duo, "?preset=lr-small&lang=uk")
    stale = "return document.body.classList.contains('caption-stale')"
    note = lambda: dash_duo.find_element("#lesson-caption .stale-note")     # noqa: E731
    assert not drv.execute_script(stale) and not note().is_displayed()
    handle = dash_duo.find_element("#runs .run-card [role=slider]")
    handle.click()
    handle.send_keys(Keys.ARROW_RIGHT)
    wait_for(dash_duo, lambda: "run=gd" in drv.current_url, what="the edit in the URL")
    wait_for(dash_duo, lambda: drv.execute_script(stale), what="the caption marked as no longer fitting")
    assert note().is_displayed() and "змінили" in note().text
    dash_duo.find_element("#lesson-caption .caption-back").click()
    wait_for(dash_duo, lambda: "run=" not in drv.current_url and not drv.execute_script(stale),
             what="the lesson back as it opened")
    wait_for(dash_duo, lambda: "0.005" in dash_duo.find_element("#runs .param-label").text, what="α = 0.005 again")
    no_console_errors(dash_duo)
