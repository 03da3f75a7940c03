"""The Ukrainian page speaks Ukrainian: no Latin-letter word is left on it (visible text,
the SVG of the figures and overlays, tooltips, menus) except the proper method names the
slides keep (AdaGrad, RMSProp, Adam, AMSGrad), the switch to English, file formats, and the
formula syntax."""
from __future__ import annotations

import re
import time

import pytest

from optim import METHODS
from test_app_browser import no_console_errors, start_page

pytestmark = pytest.mark.browser

KEEP = {m.label("uk") for m in METHODS.values()} | {"EN", "CSV", "HTML", "PNG", "MSE", "MAE", "BCE", "Enter", "iframe", "GIF", "WebM"}
FORMULA = {"sin", "cos", "exp", "log", "ln", "sqrt", "abs", "tanh", "sigmoid", "xmin", "xmax", "ymin", "ymax"}
TEXTS = r"""
var out = [], w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;
while ((n = w.nextNode())) {
  var p = n.parentElement;
  if (!p || p.closest('script, style, .katex, .formula-box code')) continue;   // TeX is typeset maths
  if (n.textContent.trim()) out.push(n.textContent);
}
document.querySelectorAll('[title]').forEach(function (e) { out.push(e.getAttribute('title')); });
document.querySelectorAll('[placeholder]').forEach(function (e) { out.push(e.getAttribute('placeholder')); });
return out;
"""
PAGES = ["", "?preset=sgd-minibatch", "?preset=lr-schedules", "?preset=valley-zigzag", "?surface=linreg_mse",
         "?surface=logreg", "?surface=linreg_huber&view=multiples", "?view=sweep", "?view=basin", "?view=3d",
         "?preset=adam-bias&narrate=1", "?surface=custom", "?run=nesterov&run=amsgrad&batch=4",
         "?preset=net-overfit&narrate=1&step=40", "?preset=net-race&view=basin"]


def latin_words(texts):
    found = {}
    for text in texts:
        for m in re.finditer(r"[A-Za-z]{2,}", text):
            if m.group(0) not in KEEP | FORMULA:
                found.setdefault(m.group(0), text.strip()[:80])
    return found


def test_no_english_word_on_the_ukrainian_page(dash_duo):
    start_page(dash_duo, "?lang=uk")
    drv = dash_duo.driver
    bad = {}
    for q in PAGES:
        drv.get(dash_duo.server_url + "/" + q + ("&" if q else "?") + "lang=uk")
        time.sleep(2.5)
        bad.update({f"{q or 'default'}: {w}": ctx for w, ctx in latin_words(drv.execute_script(TEXTS)).items()})
    assert not bad, "\n".join(f"{k!r} in {v!r}" for k, v in bad.items())
    no_console_errors(dash_duo)


def test_the_check_can_fail():
    assert latin_words(["Пакетний vs стохастичний", "ГС α=0.1", "RMSProp", "noise = 1"]) == {
        "vs": "Пакетний vs стохастичний", "noise": "noise = 1"}
