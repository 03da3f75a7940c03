"""The lesson bar above the picture: the "Lessons" menu (a <details> drawer listing the
presets by group, in the lecture's order), the current lesson's caption, the narration
toggle and "Copy link" (assets/lessons.js does the copying)."""
from __future__ import annotations

from dash import dcc, html

from ..model.presets import GROUPS, PRESETS
from ..text import t
from . import ids

__all__ = ["lesson_menu", "lesson_bar"]


def lesson_menu(current: str | None, lang: str) -> html.Details:
    items = [html.Summary(["☰ ", t("lessons", lang)], title=t("lessons_title", lang))]
    # the way back to the default scene heads the list of scenes to go to
    menu = [html.Button([html.B("↺ " + t("reset", lang)), html.Span(t("reset_title", lang))], id=ids.RESET,
                        className="lesson reset")]
    for g, names in GROUPS.items():
        menu.append(html.Div(names.get(lang) or names["en"], className="lesson-group"))
        for p in PRESETS.values():
            if p.group != g:
                continue
            menu.append(html.Button([html.B(p.text("title", lang)), html.Span(p.text("caption", lang))],
                                    id={"type": ids.PICK, "name": p.name}, n_clicks=0,
                                    className="lesson" + (" current" if p.name == current else "")))
    items.append(html.Div(menu, className="lesson-menu"))
    return html.Details(items, className="lessons", id=ids.LESSONS)


def lesson_bar(scene) -> list:
    lang = scene.lang
    cap = []
    if scene.preset in PRESETS:
        p = PRESETS[scene.preset]
        cap = [html.Span(t("caption_stale", lang), className="stale-note"),
               html.Button(t("caption_back", lang), className="caption-back", title=t("caption_back_title", lang)),
               html.Span([html.B(p.text("title", lang) + ": "), p.text("caption", lang)], className="cap-text")]
    return [
        lesson_menu(scene.preset, lang),
        html.Div(cap, id=ids.LESSON_CAPTION, className="lesson-caption"),
        html.Div(dcc.Checklist(id=ids.NARRATE, options=[{"label": t("narrate", lang), "value": "on"}],
                               value=["on"] if scene.narrate else [], inline=True), className="narrate-toggle",
                 title=t("narrate_title", lang)),
        html.Button(t("copy_link", lang), id=ids.COPY_LINK, className="copy-link", title=t("copy_link_title", lang),
                    **{"data-copied": t("copied", lang)}),
        html.Span(id=ids.COPY_STATUS, className="copy-status", role="status"),
        html.Label([t("copy_by_hand", lang), " ", dcc.Input(id=ids.COPY_FALLBACK, readOnly=True, className="copy-fallback")],
                   id=ids.COPY_FALLBACK_BOX, className="copy-fallback-box", style={"display": "none"}),
    ]
