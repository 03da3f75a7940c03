"""A lecturer drags α with the mouse: the map follows while the pointer is still down
(real pointer events through the browser, not keyboard steps)."""
from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains

from test_app_browser import no_console_errors, start_page

pytestmark = pytest.mark.browser

COUNT = """
window.__drag = {down: false, changes: 0, last: null};
document.addEventListener('pointerdown', function () { window.__drag.down = true; }, true);
document.addEventListener('pointerup', function () { window.__drag.down = false; }, true);
// one change = run 0's path drawn with other points than before, while the pointer is down
new MutationObserver(function () {
  var p = document.querySelector('#map polyline.path[data-run="0"]'), pts = p && p.getAttribute('points');
  if (window.__drag.down && pts && pts !== window.__drag.last) window.__drag.changes++;
  window.__drag.last = pts;
}).observe(document.getElementById('map'), {subtree: true, attributes: true, attributeFilter: ['points']});
"""


def test_dragging_alpha_moves_the_path_before_release(dash_duo):
    start_page(dash_duo)
    drv = dash_duo.driver
    drv.execute_script(COUNT)
    before = drv.execute_script("return document.querySelector('#map polyline.path[data-run=\"0\"]').getAttribute('points')")
    rule = drv.find_element("css selector", '.rule[data-run="0"]')
    assert "0.001" in rule.text          # the typeset rule shows the run's α
    handle = drv.find_element("css selector", "#runs .run-card [role=slider]")
    chain = ActionChains(drv, duration=10).move_to_element(handle).click_and_hold()
    for _ in range(45):                     # ~3 s of small moves to the right (α grows)
        chain = chain.move_by_offset(2, 0).pause(0.066)
    chain.release().perform()
    time.sleep(1.0)
    changes = drv.execute_script("return window.__drag.changes")
    assert changes >= 2, f"the map changed {changes} times during a 3 s drag"
    print(f"\nmap changes during a 3 s pointer drag: {changes}")
    after = drv.execute_script("return document.querySelector('#map polyline.path[data-run=\"0\"]').getAttribute('points')")
    assert after != before
    search = drv.execute_script("return window.location.search")
    assert "alpha=" in search
    # the rule under the card shows the released α (typeset in the browser, as the label)
    label = drv.find_element("css selector", "#runs .run-card .param-label b").text   # "α = 0.0042"
    alpha = label.split("=")[1].strip()
    assert alpha != "0.001" and alpha in rule.text, (label, rule.text)
    assert f"alpha={alpha}" in search
    no_console_errors(dash_duo)
