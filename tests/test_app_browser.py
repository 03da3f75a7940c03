"""The explorer in a real browser (headless Chromium via dash.testing's dash_duo).

Each test drives the page like a student: drag a slider, click the map, press play.
Screenshots of the main states go to screenshots/ (gitignored) for a human to look at.
"""
from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from app.factory import create_app
from conftest import set_viewport, wait_until

pytestmark = pytest.mark.browser

JS_PATHS = """
var P = window.explorer && window.explorer.player, d = P && P.data;
var g = document.querySelector('#map .js-plotly-plot');
if (!d || !g || !d.marks) return null;
var lines = g.querySelectorAll('svg.explorer-overlay polyline.path');
if (lines.length !== d.runs.length) return null;
for (var i = 0; i < lines.length; i++) { if (!lines[i].getAttribute('points')) return null; }
return d.runs.map(function (r) { return {name: r.label, x: Array.from(r.x), y: Array.from(r.y)}; });
"""
JS_LOSS = """
var g = document.querySelector('#loss .js-plotly-plot');
return g ? Array.prototype.filter.call(g.querySelectorAll('svg.explorer-overlay path.loss-curve'),
                                       function (p) { return !!p.getAttribute('d'); }).length : null;
"""


def wait_for(duo, fn, timeout=8.0, what="condition"):
    return wait_until(fn, timeout, what)


def paths(duo):
    return duo.driver.execute_script(JS_PATHS)


def start_page(duo, query="", size=(1280, 720)):
    app = create_app()
    duo.start_server(app)
    set_viewport(duo.driver, *size)
    if query:
        duo.driver.get(duo.server_url + "/" + query)
    wait_for(duo, lambda: paths(duo), what="trajectories on the map")
    wait_for(duo, lambda: duo.driver.execute_script("return !!(window.explorer && window.explorer.player.data)"),
             what="animation data")
    return app


def no_console_errors(duo):
    logs = [e for e in duo.get_logs() if "favicon" not in e.get("message", "")]
    assert logs == [], logs


def test_page_loads_without_errors(dash_duo, screenshot):
    start_page(dash_duo)
    ps = paths(dash_duo)
    assert [p["name"].split(" ")[0] for p in ps] == ["GD", "Momentum", "RMSProp", "Adam"]
    assert dash_duo.driver.execute_script(JS_LOSS) == 4
    # the summary table has one row per run, the update rules are typeset by the bundled KaTeX
    assert len(dash_duo.find_elements("#summary tbody tr")) == 4
    typeset = "return Array.prototype.filter.call(document.querySelectorAll('.rule'), function (r) { " \
              "return r.querySelector('.katex-display'); }).length"       # one equation a line
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(typeset) == 4, what="KaTeX")
    assert dash_duo.driver.title == "Optimizer explorer"
    screenshot(dash_duo.driver, "default-1280x720")
    set_viewport(dash_duo.driver, 390, 844)
    time.sleep(0.5)
    screenshot(dash_duo.driver, "default-390x844")
    no_console_errors(dash_duo)


def test_moving_alpha_changes_the_trajectory(dash_duo):
    start_page(dash_duo)
    before = paths(dash_duo)[0]
    handle = dash_duo.find_element("#runs .run-card [role=slider]")
    handle.click()
    for _ in range(10):
        handle.send_keys(Keys.ARROW_RIGHT)
    wait_for(dash_duo, lambda: "alpha=" in dash_duo.driver.current_url, what="alpha in the URL")
    wait_for(dash_duo, lambda: paths(dash_duo)[0]["x"] != before["x"], what="a new GD path")
    after = paths(dash_duo)[0]
    assert after["name"] != before["name"]          # "GD α=0.0013" etc.
    label = dash_duo.find_element("#runs .run-card .param-label b").text
    assert label.startswith("α = ") and label != "α = 0.001"
    no_console_errors(dash_duo)


def test_clicking_the_map_moves_the_start(dash_duo, screenshot):
    start_page(dash_duo)
    before = paths(dash_duo)[0]["x"][0], paths(dash_duo)[0]["y"][0]
    plot = dash_duo.find_element("#map .nsewdrag")
    ActionChains(dash_duo.driver).move_to_element(plot).click().perform()    # the centre: (0, 1)
    wait_for(dash_duo, lambda: "start=" in dash_duo.driver.current_url, what="start in the URL")
    wait_for(dash_duo, lambda: (paths(dash_duo)[0]["x"][0], paths(dash_duo)[0]["y"][0]) != before,
             what="paths from the new start")
    x0, y0 = paths(dash_duo)[0]["x"][0], paths(dash_duo)[0]["y"][0]
    assert x0 == pytest.approx(0, abs=0.05) and y0 == pytest.approx(1, abs=0.05)
    assert float(dash_duo.find_element("#start-x").get_attribute("value")) == pytest.approx(x0, abs=1e-3)
    screenshot(dash_duo.driver, "clicked-start")
    no_console_errors(dash_duo)


def test_play_advances_and_stops_at_the_end(dash_duo):
    start_page(dash_duo, "?steps=200")
    drv = dash_duo.driver
    drv.execute_script("var s=document.getElementById('speed'); s.value='300'; s.dispatchEvent(new Event('change', {bubbles:true}));")
    dash_duo.find_element("#play").click()
    # play from the end restarts at 0
    wait_for(dash_duo, lambda: 0 < drv.execute_script("return window.explorer.player.step") < 200, what="playing")
    assert drv.execute_script("return window.explorer.player.playing")
    heads = "return document.querySelectorAll('#map .explorer-overlay circle[r=\"7.5\"]').length"
    wait_for(dash_duo, lambda: not drv.execute_script("return window.explorer.player.playing"), timeout=6,
             what="the end")
    assert drv.execute_script("return window.explorer.player.step") == 200
    assert dash_duo.find_element("#step-readout").text == "200 / 200"
    assert drv.execute_script(heads) == 4          # one head per run, drawn by the browser
    # step back / forward
    dash_duo.find_element("#step-back").click()
    assert drv.execute_script("return window.explorer.player.step") == 199
    dash_duo.find_element("#step-fwd").click()
    assert drv.execute_script("return window.explorer.player.step") == 200
    no_console_errors(dash_duo)


def test_adding_a_run_adds_a_path_and_a_loss_curve(dash_duo):
    start_page(dash_duo)
    dash_duo.find_element("#add-run").click()
    wait_for(dash_duo, lambda: len(paths(dash_duo)) == 5, what="a fifth path")
    assert dash_duo.driver.execute_script(JS_LOSS) == 5
    assert len(dash_duo.find_elements("#runs .run-card")) == 5
    assert dash_duo.driver.current_url.count("run=") == 5
    # duplicate then remove
    dash_duo.find_elements("#runs .run-card .icon")[0].click()       # copy of run 1
    wait_for(dash_duo, lambda: len(paths(dash_duo)) == 6, what="a sixth path")
    dash_duo.find_elements("#runs .run-card .icon")[1].click()       # remove run 1
    wait_for(dash_duo, lambda: len(paths(dash_duo)) == 5, what="back to five")
    no_console_errors(dash_duo)


def test_switching_landscape_redraws(dash_duo, screenshot):
    start_page(dash_duo)
    src = "return document.querySelector('#map .js-plotly-plot').layout.images[0].source.length"
    before = dash_duo.driver.execute_script(src)
    dash_duo.find_element("#surface").click()
    option = wait_for(dash_duo, lambda: [e for e in dash_duo.find_elements("[role=option]") if e.text == "Himmelblau"],
                      what="the landscape menu")[0]
    option.click()
    wait_for(dash_duo, lambda: "surface=himmelblau" in dash_duo.driver.current_url, what="URL")
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(src) != before, what="new contour")
    wait_for(dash_duo, lambda: paths(dash_duo)[0]["x"][0] == 0, what="paths from Himmelblau's start (0, 0)")
    screenshot(dash_duo.driver, "himmelblau")
    no_console_errors(dash_duo)


def test_diverging_run_is_reported_and_page_survives(dash_duo, screenshot):
    start_page(dash_duo, "?run=gd,alpha=0.5&run=adam,alpha=0.1")
    rows = dash_duo.find_elements("#summary tbody tr")
    assert "✕" in rows[0].text and "✕" not in rows[1].text
    texts = wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
        "var o = document.querySelector('#map svg.explorer-overlay'); return o ? o.textContent : ''"), what="labels")
    assert "diverged at step" in texts
    screenshot(dash_duo.driver, "diverged")
    # the page keeps working: play to the end
    dash_duo.find_element("#play").click()
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script("return window.explorer.player.playing"), what="play")
    no_console_errors(dash_duo)


def test_bad_url_gives_notices_not_errors(dash_duo):
    start_page(dash_duo, "?surface=nowhere&run=zzz&run=adam,alpha=-4,eps=x&steps=abc&view=4d")
    notes = wait_for(dash_duo, lambda: dash_duo.find_elements("#notices .notice"), what="notices")
    text = " ".join(n.text for n in notes)
    assert "nowhere" in text and "zzz" in text
    assert [p["name"].split(" ")[0] for p in paths(dash_duo)] == ["Adam"]
    no_console_errors(dash_duo)


@pytest.mark.parametrize("view", ["multiples", "3d"])
def test_other_views_render(dash_duo, screenshot, view):
    start_page(dash_duo, f"?view={view}") if view != "3d" else None
    if view == "3d":
        app = create_app()
        dash_duo.start_server(app)
        set_viewport(dash_duo.driver, 1280, 720)
        dash_duo.driver.get(dash_duo.server_url + "/?view=3d")
        wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
            "var g=document.querySelector('#map .js-plotly-plot'); return g && g.data && g.data.some(function(t){return t.type==='surface'})"),
            what="a 3D surface")
    else:
        n = dash_duo.driver.execute_script(
            "return Object.keys(document.querySelector('#map .js-plotly-plot')._fullLayout).filter(function(k){return /^xaxis\\d*$/.test(k)}).length")
        assert n == 4
    time.sleep(0.5)
    screenshot(dash_duo.driver, f"view-{view}")
    no_console_errors(dash_duo)


def test_choosing_a_schedule_updates_the_url_and_the_path(dash_duo):
    start_page(dash_duo, "?run=gd,alpha=0.001&run=adam,alpha=0.1")
    before = paths(dash_duo)[0]
    dash_duo.find_element("#runs .run-card .schedule").click()
    option = wait_for(dash_duo, lambda: [e for e in dash_duo.find_elements("[role=option]") if e.text == "step decay"],
                      what="the schedule menu")[0]
    option.click()
    wait_for(dash_duo, lambda: "schedule=step" in dash_duo.driver.current_url, what="schedule in the URL")
    wait_for(dash_duo, lambda: paths(dash_duo)[0]["x"] != before["x"], what="a new path")
    wait_for(dash_duo, lambda: len(dash_duo.find_elements("#runs .run-card")[0]
                                   .find_elements("css selector", ".param-label b")) == 3,
             what="the schedule's sliders")
    assert "step decay" in paths(dash_duo)[0]["name"]
    no_console_errors(dash_duo)


def test_optimal_alpha_button_on_a_quadratic(dash_duo):
    start_page(dash_duo, "?surface=narrow_valley&run=gd,alpha=0.1")
    dashed = ("var g = document.querySelector('#loss .js-plotly-plot');"
              "return g && g.data ? g.data.filter(function (t) { return t.line && t.line.dash === 'dash'; }).length : 0;")
    assert dash_duo.driver.execute_script(dashed) == 1         # the predicted envelope
    dash_duo.find_element("#runs .run-card .theory").click()
    wait_for(dash_duo, lambda: "alpha=1.96" in dash_duo.driver.current_url, what="α* in the URL")
    label = wait_for(dash_duo, lambda: [b.text for b in dash_duo.find_elements("#runs .run-card .param-label b")
                                        if b.text.startswith("α = 1.96")], what="α* on the card")
    assert label
    assert dash_duo.driver.execute_script(dashed) == 1
    no_console_errors(dash_duo)


def test_tune_alpha_sets_alpha_and_shows_the_sweep(dash_duo):
    start_page(dash_duo, "?surface=narrow_valley&run=gd,alpha=0.1&steps=200")
    dash_duo.find_element("#runs .run-card .tune").click()
    wait_for(dash_duo, lambda: "view=sweep" in dash_duo.driver.current_url, timeout=15, what="the sweep view")
    assert "alpha=0.1&" not in dash_duo.driver.current_url + "&"
    wait_for(dash_duo, lambda: dash_duo.find_element("#runs .run-card .param-label b").text != "α = 0.1",
             what="the tuned α on the card")
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
        "var g = document.querySelector('#sweep-lines .js-plotly-plot'); return !!(g && g.data && g.data.length);"),
        timeout=15, what="the outcome-vs-α chart")
    no_console_errors(dash_duo)


def test_tune_every_run_shows_each_curve_with_its_tuned_alpha(dash_duo):
    start_page(dash_duo, "?surface=rosenbrock&run=gd,alpha=0.0001&run=adam,alpha=0.001&steps=500")
    dash_duo.find_element("#runs .tune-all").click()
    wait_for(dash_duo, lambda: "view=sweep" in dash_duo.driver.current_url, timeout=15, what="the sweep view")
    assert "run=gd,alpha=0.002&run=adam,alpha=2&" in dash_duo.driver.current_url   # test_theory checks them with run()
    dots = ("var g = document.querySelector('#sweep-lines .js-plotly-plot');"
            "return g && g.data ? g.data.filter(function (t) { return t.marker && t.marker.size === 13; })"
            ".map(function (t) { return t.x[0]; }) : [];")
    assert wait_for(dash_duo, lambda: dash_duo.driver.execute_script(dots), timeout=15,
                    what="a dot per run on the outcome-vs-α chart") == [0.002, 2]
    no_console_errors(dash_duo)


def test_loss_axes_and_curves_stay_with_only_alpha_t_lines_on_plotly(dash_duo):
    """α_t lines on their own axis must not take the loss axis away from the runs' curves."""
    start_page(dash_duo, "?preset=lr-schedules")
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(JS_LOSS) == 3, what="three loss curves")
    yticks = dash_duo.driver.execute_script("return document.querySelectorAll('#loss .ytick text').length")
    assert yticks >= 2
    no_console_errors(dash_duo)
