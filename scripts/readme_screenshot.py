"""The README's picture: the app at 1280 × 720 (a projector), drawn by headless Chromium.

    python scripts/readme_screenshot.py [QUERY] [OUT]      # default: the net-race lesson -> docs/screenshot.png

Starts the app on a free port, opens the page with the query, waits until the player has
drawn the runs, saves the viewport as a PNG and stops the app. Needs the test extra
(selenium) and Debian's chromium and chromium-driver (the browser tests' setup).
"""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[1]
QUERY = "?preset=net-race&step=120"
OUT = ROOT / "docs" / "screenshot.png"
SIZE = (1280, 720)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(query: str = QUERY, out: Path = OUT):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "app", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": SIZE[0], "height": SIZE[1], "deviceScaleFactor": 1, "mobile": False})
        end = time.time() + 30
        while True:                 # the server takes a moment to start
            try:
                driver.get(f"http://127.0.0.1:{port}/{query}")
                break
            except Exception:       # noqa: BLE001 - connection refused until it listens
                if time.time() > end:
                    raise
                time.sleep(0.5)
        ready = ("var P = window.explorer && window.explorer.player; return !!(P && P.data && "
                 "document.querySelector('#map svg.explorer-overlay circle.head'));")
        while not driver.execute_script(ready):
            if time.time() > end:
                raise TimeoutError("the page never drew its runs")
            time.sleep(0.25)
        time.sleep(2.0)             # the model panel, the loss chart and the table settle
        out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out))
        print(f"wrote {out} ({SIZE[0]}x{SIZE[1]}, {out.stat().st_size // 1024} kB)")
    finally:
        driver.quit()
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else QUERY, Path(sys.argv[2]) if len(sys.argv) > 2 else OUT)
