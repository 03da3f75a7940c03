"""Export for slides and notebooks (app/export.py): CSV of the runs, a standalone HTML
animation that plays offline, a PNG of the map; unit tests plus real-browser tests."""
from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest

from app.factory import create_app
from app.compute.runs import runs_frame
from app.figures import export
from app.model import decode
from conftest import wait_until

QUERY = "?surface=rosenbrock&steps=120&run=gd,alpha=0.001&run=adam,alpha=0.1"


def post_export(client, button: str, search: str):
    dep = next(d for d in client.get("/_dash-dependencies").json if d["output"] == "download.data")
    body = {"output": dep["output"], "outputs": {"id": "download", "property": "data"},
            "inputs": [{"id": b, "property": "n_clicks", "value": 1 if button == b else None}
                       for b in ("export-csv", "export-html", "export-gif", "export-webm")],
            "changedPropIds": [f"{button}.n_clicks"], "state": [{"id": "url", "property": "search", "value": search}]}
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:300]
    return r.json["response"]["download"]["data"]


def test_runs_frame_is_tidy():
    scene, _ = decode(QUERY)
    df = runs_frame(scene)
    assert len(df) == 2 * 121
    assert list(df.columns[:5]) == ["surface", "run", "label", "method", "step"]
    assert set(df["label"]) == {"GD α=0.001", "Adam α=0.1"}
    assert df.groupby("run")["step"].agg(["min", "max"]).values.tolist() == [[0, 120], [0, 120]]


def test_csv_download_through_the_callback():
    client = create_app().server.test_client()
    data = post_export(client, "export-csv", QUERY)
    assert data["filename"] == "rosenbrock-2runs-120steps.csv"
    df = pd.read_csv(io.StringIO(data["content"]))
    assert len(df) == 242 and {"x", "y", "loss", "alpha"} <= set(df.columns)


def test_gif_download_through_the_callback():
    import base64
    client = create_app().server.test_client()
    data = post_export(client, "export-gif", QUERY)
    assert data["filename"] == "rosenbrock-2runs-120steps.gif" and data["base64"]
    assert base64.b64decode(data["content"])[:6] == b"GIF89a"


def test_frame_steps():
    assert export.frame_steps(10) == list(range(11))
    s = export.frame_steps(2000)
    assert s[0] == 0 and s[-1] == 2000 and len(s) == export.FRAMES


def test_html_is_self_contained():
    client = create_app().server.test_client()
    data = post_export(client, "export-html", QUERY + "&view=multiples&lang=uk")
    html = data["content"]
    assert data["filename"].endswith(".html") and data.get("type") == "text/html"
    # nothing is loaded from anywhere: no external scripts, styles, images or fonts
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", html, re.I)
    assert "cdn.plot.ly" not in re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    fig = export.animation_figure(decode(QUERY)[0])
    assert all(img["source"].startswith("data:image/png;base64,") for img in fig["layout"].get("images", []))
    assert len(fig["frames"]) == 121
    # the Ukrainian play button, raw or \u-escaped (plotly's JSON encoder depends on what is installed)
    assert "Відтворити" in html or json.dumps("Відтворити")[1:-1] in html


def test_export_of_every_view():
    for view in ("overlay", "multiples", "3d"):
        fig = export.animation_figure(decode(f"{QUERY}&view={view}")[0])
        assert fig["frames"] and fig["layout"]["sliders"][0]["steps"]


# ------------------------------------------------------------------ in the browser

PLAYING = """
var gd = document.getElementById('explorer-animation');
return gd && gd._fullLayout && gd._fullLayout.sliders ? gd._fullLayout.sliders[0].active : null;
"""


def wait_for(fn, timeout=10.0, what="condition"):
    return wait_until(fn, timeout, what, poll=0.1)


def plays_offline(driver, path: Path):
    """Open the file with no server, press play, see the step advance; nothing but file:/data: loaded."""
    driver.get(path.as_uri())
    wait_for(lambda: driver.execute_script(PLAYING) is not None, what="the plot")
    assert driver.execute_script(PLAYING) == 0
    driver.find_element("css selector", ".updatemenu-button").click()
    wait_for(lambda: (driver.execute_script(PLAYING) or 0) > 5, what="the animation to advance")
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert all(u.startswith(("file:", "data:", "blob:")) for u in urls), urls


@pytest.mark.browser
def test_downloaded_html_plays_offline(dash_duo, tmp_path):
    scene, _ = decode(QUERY)
    path = tmp_path / "animation.html"
    path.write_text(export.animation_html(scene), encoding="utf-8")
    plays_offline(dash_duo.driver, path)
    logs = [e for e in dash_duo.get_logs() if "favicon" not in e.get("message", "")]
    assert logs == [], logs


@pytest.mark.browser
def test_export_buttons_download_csv_html_png(dash_duo):
    from conftest import set_viewport
    dash_duo.start_server(create_app())
    set_viewport(dash_duo.driver, 1280, 720)
    dash_duo.driver.get(dash_duo.server_url + "/" + QUERY)
    wait_for(lambda: dash_duo.driver.execute_script(
        "var g = document.querySelector('#map .js-plotly-plot'); return g && g.data && g.data.length"), what="map")
    time.sleep(0.5)
    dl = Path(dash_duo.download_path)
    dash_duo.find_element("details.export summary").click()
    for button, ext in (("#export-csv", ".csv"), ("#export-html", ".html"), ("#export-png", ".png")):
        dash_duo.find_element(button).click()
        wait_for(lambda: [p for p in dl.iterdir() if p.suffix == ext], timeout=15, what=f"a {ext} download")
    files = {p.suffix: p for p in dl.iterdir()}
    assert len(pd.read_csv(files[".csv"])) == 242
    png = files[".png"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    shown = dash_duo.driver.execute_script("return document.querySelector('#map .js-plotly-plot').offsetWidth")
    assert width == 2 * shown            # scale 2: sharp on a projector
    from conftest import SCREENSHOTS
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "export-map.png").write_bytes(png)
    logs = [e for e in dash_duo.get_logs() if "favicon" not in e.get("message", "")]
    assert logs == [], logs
    plays_offline(dash_duo.driver, files[".html"])
