"""A network's landscape in a real browser: the model panel follows the player with the
network's own numbers, a click on the map starts the runs from that point of the plane, and
the views without meaning for a network say so."""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from selenium.webdriver.common.action_chains import ActionChains

from app.compute.runs import compute
from app.model import decode
from test_app_browser import no_console_errors, paths, start_page, wait_for

pytestmark = pytest.mark.browser

NET = "?surface=mlp,val=0.2&steps=200&run=gd,alpha=0.5&run=adam,alpha=0.01&step=60"
TILES = "return window.explorer.model ? window.explorer.model.tiles() : null;"


def tiles(duo):
    t = duo.driver.execute_script(TILES)
    return t if t and len(t) == 2 else None


def test_the_model_panel_follows_the_player(dash_duo, screenshot):
    start_page(dash_duo, NET)
    assert dash_duo.find_element("#model").is_displayed()
    scene = decode(NET)[0]
    res = compute(scene)
    net, m = scene.landscape, scene.landscape.metrics(res.theta)
    shown = wait_for(dash_duo, lambda: tiles(dash_duo), what="the model's tiles")
    steps = dash_duo.driver.execute_script("return window.explorer.model.state.m.steps;")
    for k, tile in enumerate(shown):
        s = tile["step"]
        assert s <= 60 and s == max(x for x in steps if x <= 60)        # the snapshot at or before the step
        assert tile["acc"] == pytest.approx(m["train_acc"][k, s], abs=1e-6)
        assert tile["val"] == pytest.approx(m["val_acc"][k, s], abs=1e-6)
    # the browser's forward pass is the network's: P(class 1) at a few points, from the run's weights
    pts = [[0.0, 0.0], [1.0, -0.4], [-0.8, 0.9]]
    theta = res.theta[1, shown[1]["step"]]
    p_js = dash_duo.driver.execute_script(
        "var M = window.explorer.model, m = M.state.m, f = arguments[0], P = m.runs[1].theta.length / m.steps.length;"
        "return Array.from(M.forward(m.runs[1].theta, f * P, m.sizes, arguments[1], arguments[2]));",
        steps.index(shown[1]["step"]), [p[0] for p in pts], [p[1] for p in pts])
    np.testing.assert_allclose(p_js, net.predict(theta, np.array(pts)), atol=2e-5)      # float32 weights
    # playing moves the tiles on with the player
    dash_duo.find_element("#play").click()
    # played past step 60 (a fixed 0.8 s reached only step 35 on a loaded machine)
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script("return window.explorer.player.step;") > 60,
             what="the player past step 60")
    dash_duo.find_element("#play").click()
    time.sleep(0.3)
    step = dash_duo.driver.execute_script("return window.explorer.player.step;")
    now = tiles(dash_duo)
    assert step > 60 and now[0]["step"] == max(x for x in steps if x <= step)
    screenshot(dash_duo.driver, "network-model-panel-1280x720")
    no_console_errors(dash_duo)


def test_a_click_starts_from_that_point_of_the_plane(dash_duo):
    start_page(dash_duo, NET.replace("&step=60", ""))
    before = paths(dash_duo)[0]["x"][0], paths(dash_duo)[0]["y"][0]
    plot = dash_duo.find_element("#map .nsewdrag")
    ActionChains(dash_duo.driver).move_to_element(plot).click().perform()
    wait_for(dash_duo, lambda: "start=" in dash_duo.driver.current_url, what="start in the URL")
    wait_for(dash_duo, lambda: (paths(dash_duo)[0]["x"][0], paths(dash_duo)[0]["y"][0]) != before,
             what="paths from the new start")
    a, b = (float(v) for v in parse_qs(urlparse(dash_duo.driver.current_url).query)["start"][0].split(","))
    x0, y0 = paths(dash_duo)[0]["x"][0], paths(dash_duo)[0]["y"][0]
    assert x0 == pytest.approx(a, abs=1e-4) and y0 == pytest.approx(b, abs=1e-4)      # drawn where clicked
    # the map still says how much of the paths its plane shows
    note = dash_duo.driver.execute_script(
        "return document.querySelector('#map .js-plotly-plot').layout.annotations[0].text;")
    assert "%" in note
    no_console_errors(dash_duo)


def test_3d_and_basins_say_why_not(dash_duo):
    start_page(dash_duo, NET + "&view=3d&lang=uk")
    wait_for(dash_duo, lambda: "3D для мережі не показано" in dash_duo.find_element("#summary").text,
             what="the 3D notice")
    dash_duo.driver.get(dash_duo.server_url + "/" + NET + "&view=basin")
    wait_for(dash_duo, lambda: "not shown for a network" in dash_duo.driver.find_element("css selector", "body").text,
             what="the basin notice")
    no_console_errors(dash_duo)


def test_picking_the_network_and_its_data_set_from_the_menus(dash_duo):
    start_page(dash_duo)
    dash_duo.find_element("#surface").click()
    wait_for(dash_duo, lambda: [e for e in dash_duo.find_elements("[role=option]") if e.text == "Neural network (MLP)"],
             what="the landscape menu")[0].click()
    wait_for(dash_duo, lambda: "surface=mlp,val=0.2" in dash_duo.driver.current_url, what="the network in the URL")
    key = "return window.explorer.model && window.explorer.model.state.key;"
    before = wait_for(dash_duo, lambda: dash_duo.driver.execute_script(key), what="the model panel")
    dash_duo.find_element('[id*="surface-choice"][id*="dataset"]').click()
    wait_for(dash_duo, lambda: [e for e in dash_duo.find_elements("[role=option]") if e.text == "XOR"],
             what="the data set menu")[0].click()
    wait_for(dash_duo, lambda: "dataset=xor" in dash_duo.driver.current_url, what="the data set in the URL")
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(key) not in (None, before), what="the model redrawn")
    no_console_errors(dash_duo)
