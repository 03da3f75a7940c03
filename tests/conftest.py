"""Browser setup for the explorer's tests (dash.testing's `dash_duo`).

Headless Chromium from Debian's `chromium` + `chromium-driver` packages; override the
paths with CHROME_BIN / CHROMEDRIVER. Browser tests are marked `@pytest.mark.browser`
and are skipped when no browser is installed.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

CHROME = os.environ.get("CHROME_BIN", "/usr/bin/chromium")
DRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
HAVE_BROWSER = Path(CHROME).exists() and (Path(DRIVER).exists() or shutil.which("chromedriver"))
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
# No network from the browser tests: Selenium Manager (selenium >= 4.6, when it looks for a
# driver) stays offline and sends no usage statistics; the driver is found on PATH (below).
os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")

# Property tests: the gate (the README's command, CI) tries the same examples every run, so a
# landing does not hang on a lucky draw; `HYPOTHESIS_PROFILE=explore` draws fresh ones (and
# more of them) to hunt for new counterexamples, each of which then becomes a named test.
settings.register_profile("gate", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))


def pytest_setup_options():
    """dash.testing hook: the ChromeOptions its webdriver is started with."""
    from selenium.webdriver.chrome.options import Options

    opts = Options()
    opts.binary_location = CHROME
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--hide-scrollbars", "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"):
        opts.add_argument(arg)
    return opts


def pytest_collection_modifyitems(config, items):
    if HAVE_BROWSER:
        if Path(DRIVER).exists():
            os.environ["PATH"] = f"{Path(DRIVER).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        return
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError(f"REQUIRE_BROWSER is set but no browser was found ({CHROME}, {DRIVER})")
    skip = pytest.mark.skip(reason=f"no headless browser ({CHROME}, {DRIVER})")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def wait_until(fn, timeout: float = 8.0, what: str = "condition", poll: float = 0.05):
    """Poll `fn` until it returns something truthy (and return that), or fail saying what."""
    end = time.time() + timeout
    last = None
    while time.time() < end:
        last = fn()
        if last:
            return last
        time.sleep(poll)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def set_viewport(driver, width: int, height: int):
    """Exact CSS viewport (window sizes include browser chrome)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800})


@pytest.fixture
def screenshot():
    """screenshot(driver, name): save the page to screenshots/NAME.png (gitignored) to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(driver, name: str):
        path = SCREENSHOTS / f"{name}.png"
        driver.save_screenshot(str(path))
        return path
    return take


# ---------------------------------------------------------------- landscape test helpers

def grid(ls, n: int):
    """An n × n meshgrid over the landscape's bounds."""
    (x0, x1), (y0, y1) = ls.bounds
    return np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))


def random_points(ls, k: int, seed: int = 0):
    """k uniform random points in the landscape's bounds (x, y arrays)."""
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = ls.bounds
    return rng.uniform(x0, x1, k), rng.uniform(y0, y1, k)


def fd_gradient(f, x, y, h: float):
    """The gradient of f at (x, y) by fourth-order central differences with step h."""
    def d(fp2, fp1, fm1, fm2):
        return (-fp2 + 8 * fp1 - 8 * fm1 + fm2) / (12 * h)
    return (d(f(x + 2 * h, y), f(x + h, y), f(x - h, y), f(x - 2 * h, y)),
            d(f(x, y + 2 * h), f(x, y + h), f(x, y - h), f(x, y - 2 * h)))
