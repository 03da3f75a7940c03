"""Data landscapes, the fit panel and your own formula in a real browser (headless Chromium)."""
from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.keys import Keys

from test_app_browser import no_console_errors, start_page, wait_for

pytestmark = pytest.mark.browser

LIN = "?surface=linreg_mse,outliers=1&run=gd,alpha=0.05,batch=4&run=gd,alpha=0.05&steps=200&step=20"
JS_FIT = "return window.explorer.fit ? window.explorer.fit.lines() : null;"
JS_TITLE = "var g = document.querySelector('#map .js-plotly-plot'); return g && g.layout ? JSON.stringify(g.layout) : '';"


def fit_lines(duo):
    return duo.driver.execute_script(JS_FIT)


def test_fit_panel_moves_with_the_player(dash_duo, screenshot):
    start_page(dash_duo, LIN)
    assert dash_duo.find_element("#fit").is_displayed()
    before = wait_for(dash_duo, lambda: fit_lines(dash_duo), what="fit lines")
    assert len(before) == 2
    # the line is the run's point on the map at the current step (x = w, y = b)
    d = dash_duo.driver.execute_script("var P = window.explorer.player; return [P.step, P.data.runs[1].x[P.step], P.data.runs[1].y[P.step]];")
    assert d[0] == 20 and abs(before[1]["w"] - d[1]) < 1e-9 and abs(before[1]["b"] - d[2]) < 1e-9
    dash_duo.find_element("#step-fwd").click()
    after = wait_for(dash_duo, lambda: (lambda v: v if v and v[1]["d"] != before[1]["d"] else None)(fit_lines(dash_duo)),
                     what="the fit line to move")
    assert after[0]["w"] != before[0]["w"]
    # playback: the line keeps following the player (compared once paused, a frame later)
    dash_duo.find_element("#play").click()
    time.sleep(0.6)
    dash_duo.find_element("#play").click()
    time.sleep(0.2)
    st, w = dash_duo.driver.execute_script(
        "var P = window.explorer.player; return [P.step, P.data.runs[1].x[P.step]];")
    assert st > 21 and abs(fit_lines(dash_duo)[1]["w"] - w) < 1e-12
    # σ does not apply to real mini-batches; the loss chart shows the mini-batch loss and epochs
    assert not dash_duo.find_element(".src-sigma").is_displayed()
    n_batch = dash_duo.driver.execute_script("return document.querySelector('#loss .js-plotly-plot').data.length")
    n_curves = dash_duo.driver.execute_script("return document.querySelectorAll('#loss path.loss-curve').length")
    shapes = dash_duo.driver.execute_script("return (document.querySelector('#loss .js-plotly-plot').layout.shapes || []).length")
    assert n_batch >= 1 and n_curves == 2 and shapes >= 5      # mini-batch losses (Plotly), the runs' (player)
    screenshot(dash_duo.driver, "fit-linreg-1280x720")
    no_console_errors(dash_duo)


def test_fit_panel_hidden_on_analytic_and_logistic_curve(dash_duo):
    start_page(dash_duo, "?surface=logreg&run=gd,alpha=0.5&step=10")
    lines = wait_for(dash_duo, lambda: fit_lines(dash_duo), what="sigmoid")
    assert len(lines[0]["d"].split(" ")) == 60
    dash_duo.driver.get(dash_duo.server_url + "/?surface=bowl")
    wait_for(dash_duo, lambda: not dash_duo.find_element("#fit").is_displayed(), what="fit panel hidden")
    no_console_errors(dash_duo)


def test_bad_formula_shows_message_and_page_keeps_working(dash_duo, screenshot):
    start_page(dash_duo, "?surface=bowl&run=gd,alpha=0.1")
    dash_duo.find_element(".formula-box summary").click()
    box = dash_duo.find_element("#formula")
    box.clear()
    box.send_keys("x +* __import__('os')", Keys.ENTER)
    err = wait_for(dash_duo, lambda: dash_duo.find_element("#formula-error").text, what="error message")
    assert "not allowed" in err or "column" in err
    assert "surface=" not in dash_duo.driver.current_url or "custom" not in dash_duo.driver.current_url
    screenshot(dash_duo.driver, "formula-error")
    # still working: a good formula draws
    box.clear()
    box.send_keys("x**2 + 3*y**2", Keys.ENTER)
    wait_for(dash_duo, lambda: "custom" in dash_duo.driver.current_url, what="custom in the URL")
    wait_for(dash_duo, lambda: dash_duo.find_element("#formula-error").text == "", what="error cleared")
    no_console_errors(dash_duo)


def test_custom_formula_link_draws(dash_duo, screenshot):
    start_page(dash_duo, "?surface=custom&f=0.1*(x**2%20%2B%20y**2)%20%2B%20sin(x)*cos(y)&bounds=5&start=3,3"
                         "&run=gd,alpha=0.1&run=momentum,alpha=0.1,beta=0.9")
    assert dash_duo.find_element("#formula").get_attribute("value") == "0.1*(x**2 + y**2) + sin(x)*cos(y)"
    fl = "document.querySelector('#map .js-plotly-plot')._fullLayout"
    xr, yr = dash_duo.driver.execute_script(f"return [{fl}.xaxis.range, {fl}.yaxis.range]")
    # the box of bounds=5 is shown whole; one axis spans it, the other widens to the map's shape
    assert xr[0] <= -4.99 and xr[1] >= 4.99 and yr[0] <= -4.99 and yr[1] >= 4.99
    assert min(abs(xr[1] - xr[0] - 10), abs(yr[1] - yr[0] - 10)) < 0.5
    assert not dash_duo.find_element("#fit").is_displayed()
    screenshot(dash_duo.driver, "custom-formula")
    # a hostile formula in a link: a notice, the default scene, no error
    dash_duo.driver.get(dash_duo.server_url + "/?surface=custom&f=__import__(%22os%22).system(%22ls%22)")
    wait_for(dash_duo, lambda: dash_duo.find_elements(".notice"), what="notice")
    assert "not allowed" in dash_duo.find_element(".notice").text
    no_console_errors(dash_duo)


def test_outliers_checkbox_edits_the_url(dash_duo):
    start_page(dash_duo, "?surface=linreg_mae&run=gd,alpha=0.1")
    box = dash_duo.find_element(".toggle input[type=checkbox]")
    assert not box.is_selected()
    before = wait_for(dash_duo, lambda: fit_lines(dash_duo), what="fit lines")
    box.click()
    wait_for(dash_duo, lambda: "outliers=1" in dash_duo.driver.current_url, what="outliers=1 in the URL")
    wait_for(dash_duo, lambda: (lambda v: v and v[0]["w"] != before[0]["w"])(fit_lines(dash_duo)), what="new fit")
    no_console_errors(dash_duo)


JS_LOSS_HEADS = """
var gl = document.querySelector('#loss .js-plotly-plot'), d = window.explorer.player.data, s = window.explorer.player.step;
var xa = gl._fullLayout.xaxis, ya = gl._fullLayout.yaxis, box = gl.getBoundingClientRect();
var heads = document.querySelectorAll('#loss svg.explorer-overlay circle[r="5"]');
return {per: d.per, type: xa.type, step: s, heads: Array.prototype.map.call(heads, function (c, k) {
  var b = c.getBoundingClientRect(), r = d.runs[k];
  return [b.left + b.width / 2 - box.left - (xa._offset + xa.l2p(xa.c2l(s * d.per[k]))),
          b.top + b.height / 2 - box.top - (ya._offset + ya.l2p(ya.c2l(r.loss[s])))];
})};
"""


def test_loss_chart_counts_examples(dash_duo, screenshot):
    """The sgd-work lesson: a log axis of examples processed; each run's head on its curve
    at step × its examples per step; the toggle in the scene panel switches back to steps."""
    start_page(dash_duo, "?preset=sgd-work&step=30")
    got = wait_for(dash_duo, lambda: (lambda v: v if v and v["heads"] and len(v["heads"]) == 3 else None)(
        dash_duo.driver.execute_script(JS_LOSS_HEADS)), what="loss heads")
    assert got["per"] == [40, 1, 8] and got["type"] == "log" and got["step"] == 30
    assert max(abs(v) for h in got["heads"] for v in h) < 1.5, got["heads"]
    labels = dash_duo.driver.execute_script(
        "return document.querySelector('#loss .js-plotly-plot').layout.annotations.map(a => a.text)")
    assert labels == ["1 epoch", "10", "100"]
    screenshot(dash_duo.driver, "loss-examples-1280x720")
    dash_duo.find_element("#loss-x input[value='steps']").click()
    wait_for(dash_duo, lambda: "loss_x=steps" in dash_duo.driver.current_url, what="loss_x=steps in the URL")
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(
        "var d = window.explorer.player.data; return d && d.per === null && "
        "document.querySelector('#loss .js-plotly-plot')._fullLayout.xaxis.type === 'linear';"), what="steps again")
    no_console_errors(dash_duo)
