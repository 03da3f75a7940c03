"""Callbacks of the "Export ▾" menu: CSV, the standalone HTML page, the GIF and the WebM video
are computed from the URL on the server; the PNG is drawn in the browser (assets/export.js)."""
from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, ctx, dcc, no_update

from ..compute.runs import runs_frame
from ..components import ids
from ..figures.export import animation_file, animation_html, filename
from ..model import decode
from .common import guarded


def register(app):
    @app.callback(Output(ids.DOWNLOAD, "data"), Input(ids.EXPORT_CSV, "n_clicks"), Input(ids.EXPORT_HTML, "n_clicks"),
                  Input(ids.EXPORT_GIF, "n_clicks"), Input(ids.EXPORT_WEBM, "n_clicks"),
                  State(ids.URL, "search"), prevent_initial_call=True)
    @guarded
    def on_export(_csv, _html, _gif, _webm, search):
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            return no_update
        scene, _ = decode(search)
        if ctx.triggered_id == ids.EXPORT_CSV:
            return dcc.send_data_frame(runs_frame(scene).to_csv, filename(scene, "csv"), index=False)
        if ctx.triggered_id == ids.EXPORT_HTML:
            return dcc.send_string(animation_html(scene), filename(scene, "html"), type="text/html")
        for key, fmt, mime in ((ids.EXPORT_GIF, "gif", "image/gif"), (ids.EXPORT_WEBM, "webm", "video/webm")):
            if ctx.triggered_id == key:
                return dcc.send_bytes(animation_file(scene, fmt), filename(scene, fmt), type=mime)
        return no_update

    app.clientside_callback(ClientsideFunction("explorer", "exportPng"),
                            Output(ids.EXPORT_PNG, "title"), Input(ids.EXPORT_PNG, "n_clicks"), prevent_initial_call=True)
