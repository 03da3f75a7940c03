"""What every callback shares: the error guard and the URL-edit decorator.

A control's callback is an *edit*: decode the URL, apply one pure scene edit, encode the
result, and (in the same response) send the new picture, so one round trip per change.
"""
from __future__ import annotations

import logging
from functools import wraps

from dash import Output, State, no_update, set_props

from ..compute.runs import limit
from ..components import ids
from ..components.picture import Picture, main_query, notice, render
from ..model import decode, encode
from ..text import t

__all__ = ["guarded", "url_edit", "edit_outputs", "EDIT_OUTPUTS"]

log = logging.getLogger(__name__)


def guarded(fn):
    """Turn any exception of a callback into a visible notice (and no update)."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # a callback must never produce a server error page
            log.exception("callback %s failed", fn.__name__)
            set_props(ids.NOTICES, {"children": notice([t("error", "en", msg=str(exc) or type(exc).__name__)], "error")})
            return no_update
    return wrapper


def edit_outputs() -> list:
    """What an edit writes: the URL, the drawn query, the picture, the notices."""
    return [Output(ids.URL, "search", allow_duplicate=True), Output(ids.MAIN_Q, "data", allow_duplicate=True),
            *Picture.outputs(duplicate=True), Output(ids.NOTICES, "children", allow_duplicate=True)]


EDIT_OUTPUTS = len(edit_outputs())


def url_edit(app, *inputs, extra_outputs=()):
    """Decorator: fn(scene, *values) -> Scene (or (Scene, *extra)) becomes a callback that
    writes the new URL and, in the same response, the new picture (one round trip per edit;
    the browser-side `main-query` then sees nothing new and stays quiet)."""
    n_out = EDIT_OUTPUTS + len(extra_outputs)

    def deco(fn):
        @app.callback(*edit_outputs(), *extra_outputs, *inputs, State(ids.URL, "search"), State(ids.FIG_KEY, "data"),
                      State(ids.MAP_SIZE, "data"), prevent_initial_call=True)
        @guarded
        @wraps(fn)
        def cb(*args):
            search, old_key, size = args[len(inputs):len(inputs) + 3]
            scene, _ = decode(search)
            out = fn(scene, *args[:len(inputs)])
            new, extra = (out[0], out[1:]) if isinstance(out, tuple) else (out, ())
            new = limit(new)    # a hand-crafted request cannot ask for more
            if new == scene:
                return (no_update,) * (n_out - len(extra)) + tuple(extra)
            q = encode(new)
            pic = render(new, old_key, q, size)
            if pic.fig_key == old_key:      # nothing that listens to the keys needs to run
                pic = pic._replace(fig_key=no_update)
            return (q, main_query(q), *pic, []) + tuple(extra)
        return cb
    return deco
