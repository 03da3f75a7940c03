"""The compact "Export ▾" group (a <details> dropdown) of the player bar: CSV, a standalone
animated HTML page, a PNG of the map (drawn in the browser, assets/export.js), and the
<iframe> code that embeds this scene in a slide (`embed=1`, copied by assets/export.js)."""
from __future__ import annotations

from dash import dcc, html

from ..text import t
from . import ids

__all__ = ["menu"]


def menu(lang: str = "en") -> html.Details:
    return html.Details(className="export", children=[
        html.Summary(t("export", lang) + " ▾", title=t("export_title", lang), id=ids.EXPORT_SUMMARY),
        html.Div(className="export-menu", children=[
            html.Button("CSV", id=ids.EXPORT_CSV, title=t("export_csv", lang), className="pbtn"),
            html.Button("HTML", id=ids.EXPORT_HTML, title=t("export_html", lang), className="pbtn"),
            html.Button("PNG", id=ids.EXPORT_PNG, title=t("export_png", lang), className="pbtn"),
            html.Button("GIF", id=ids.EXPORT_GIF, title=t("export_gif", lang), className="pbtn"),
            html.Button("WebM", id=ids.EXPORT_WEBM, title=t("export_webm", lang), className="pbtn"),
            html.Button("<iframe>", id=ids.EXPORT_EMBED, title=t("export_embed", lang), className="pbtn",
                        **{"data-copied": t("embed_copied", lang)}),
        ]),
        dcc.Download(id=ids.DOWNLOAD),
    ])
