"""The sweep and basin views in a real browser: the picture renders, a click loads it into the explorer."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from app.factory import create_app
from conftest import set_viewport
from test_app_browser import no_console_errors, paths, wait_for

pytestmark = pytest.mark.browser

JS_HEAT = """
var g = document.querySelector('#%s .js-plotly-plot');
return g && g.data && g.data.length && g.data[0].type === 'heatmap' && g.offsetParent !== null ? g.data[0].z.length : null;
"""


def open_view(duo, query):
    duo.start_server(create_app())
    set_viewport(duo.driver, 1280, 720)
    duo.driver.get(duo.server_url + "/" + query)


def query(duo):
    return parse_qs(urlparse(duo.driver.current_url).query)


JS_CLICK = """
var el = arguments[0], r = el.getBoundingClientRect();
var o = {bubbles: true, cancelable: true, view: window, clientX: r.left + r.width * arguments[1],
         clientY: r.top + r.height * arguments[2], button: 0};
['mousemove', 'mousedown', 'mouseup', 'click'].forEach(function (k) { el.dispatchEvent(new MouseEvent(k, o)); });
"""


def map_shown(duo) -> bool:
    """Is the map on screen? (asked in the page: the graph may be re-mounted while we look)"""
    return duo.driver.execute_script("var m = document.getElementById('map'); return !!(m && m.offsetParent);")


def click_at(duo, selector, fx, fy):
    """Click the plot area of a graph at fractions (fx, fy) of its width and height (from top left):
    mouse events dispatched on Plotly's drag layer (what a real click sends; selenium's pointer
    actions do not reach Plotly's hover/click machinery reliably in headless Chromium)."""
    plot = duo.find_element(selector + " .nsewdrag")
    duo.driver.execute_script(JS_CLICK, plot, fx, fy)


def test_sweep_heatmap_click_loads_the_run(dash_duo, screenshot):
    open_view(dash_duo, "?surface=bowl&steps=60&run=gd,alpha=0.3&run=momentum,alpha=0.01&sweep_run=1&view=sweep&grid=25")
    assert wait_for(dash_duo, lambda: dash_duo.driver.execute_script(JS_HEAT % "sweep-heat"), what="heatmap") == 25
    wait_for(dash_duo, lambda: not map_shown(dash_duo), what="the map hidden in the sweep view")
    screenshot(dash_duo.driver, "sweep-1280x720")
    click_at(dash_duo, "#sweep-heat", 0.75, 0.25)          # large α, large β
    wait_for(dash_duo, lambda: "view" not in query(dash_duo), what="back to the overlay")
    runs = query(dash_duo)["run"]
    assert runs[0] == "gd,alpha=0.3"
    vals = dict(kv.split("=") for kv in runs[1].split(",")[1:])
    assert float(vals["alpha"]) > 0.01 and float(vals["beta"]) > 0.5
    wait_for(dash_duo, lambda: map_shown(dash_duo) and paths(dash_duo), what="the map")
    assert dash_duo.find_element("#view input[value='overlay']").is_selected()
    no_console_errors(dash_duo)


def test_basin_click_sets_the_start(dash_duo, screenshot):
    open_view(dash_duo, "?preset=basins-himmelblau&grid=25")
    assert wait_for(dash_duo, lambda: dash_duo.driver.execute_script(JS_HEAT % "basin-map"), what="basin map") == 25
    screenshot(dash_duo.driver, "basin-1280x720")
    click_at(dash_duo, "#basin-map", 0.2, 0.8)              # lower left: x < 0, y < 0
    wait_for(dash_duo, lambda: "start" in query(dash_duo), what="the new start")
    x, y = map(float, query(dash_duo)["start"][0].split(","))
    assert x < -1 and y < -1
    assert query(dash_duo).get("view") in (None, ["overlay"])      # the preset says basin: overlay is explicit
    wait_for(dash_duo, lambda: float(dash_duo.find_element("#start-x").get_attribute("value")) == x, what="start box")
    no_console_errors(dash_duo)


def test_sweep_click_can_add_a_run_to_race_the_others(dash_duo):
    open_view(dash_duo, "?surface=bowl&steps=60&run=gd,alpha=0.3&view=sweep&grid=25")
    assert wait_for(dash_duo, lambda: dash_duo.driver.execute_script(JS_HEAT % "sweep-heat"), what="heatmap") == 1     # GD: α alone, one row
    dash_duo.find_element("#analysis-controls input[value='add']").click()
    wait_for(dash_duo, lambda: query(dash_duo).get("click") == ["add"], what="click=add in the URL")
    click_at(dash_duo, "#sweep-lines", 0.2, 0.5)          # a small α on the outcome-vs-α line
    wait_for(dash_duo, lambda: len(query(dash_duo).get("run", [])) == 2, what="a second run")
    runs = query(dash_duo)["run"]
    assert runs[0] == "gd,alpha=0.3" and runs[1].startswith("gd,alpha=")
    assert float(runs[1].split("=")[1]) < 0.01
    wait_for(dash_duo, lambda: len(paths(dash_duo)) == 2, what="both runs on the map")
    assert len(dash_duo.find_elements("#runs .run-card")) == 2
    no_console_errors(dash_duo)


def test_basin_maps_of_every_run_side_by_side(dash_duo, screenshot):
    open_view(dash_duo, "?preset=basins-himmelblau&grid=25")          # the preset: sweep_run=-1
    assert wait_for(dash_duo, lambda: dash_duo.driver.execute_script(JS_HEAT % "basin-map"), what="basin map") == 25
    titles = wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
        "var g = document.querySelector('#basin-map .js-plotly-plot');"
        "return g && g.layout.annotations ? g.layout.annotations.map(function (a) { return a.text; }) : null;"),
        what="panel titles")
    assert titles[0] == "<b>GD α=0.01</b>" and titles[1].startswith("<b>Adam α=0.1</b><br>")
    assert "differ from panel 1" in titles[1]
    screenshot(dash_duo.driver, "basins-side-by-side-1280x720")
    panels = dash_duo.find_elements("#basin-map .nsewdrag")
    assert len(panels) == 2
    dash_duo.driver.execute_script(JS_CLICK, panels[1], 0.8, 0.2)     # Adam's panel, upper right
    wait_for(dash_duo, lambda: "start" in query(dash_duo), what="the new start")
    x, y = map(float, query(dash_duo)["start"][0].split(","))
    assert x > 1 and y > 1
    no_console_errors(dash_duo)
