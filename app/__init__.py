"""The optimizer explorer: a Dash app.

    from app import create_app
    app = create_app(); app.run()

`server` is the WSGI application for gunicorn (`gunicorn app:server`). The server keeps no
state between requests (the URL holds the whole scene), so any number of workers works.
"""
from __future__ import annotations

from pathlib import Path

import dash

import assets as _assets

from . import callbacks, export, layout, lessons, serving
from .state import DEFAULT
from .text import t

ASSETS = Path(_assets.__file__).parent


def create_app(**kwargs) -> dash.Dash:
    app = dash.Dash(__name__, assets_folder=str(ASSETS), title=t("title", "en"), update_title=None,
                    serve_locally=True, suppress_callback_exceptions=True, **kwargs)
    app.layout = layout.page(DEFAULT)
    callbacks.register(app)
    lessons.register(app)
    export.register(app)
    serving.harden(app)
    return app


app = create_app()
server = app.server
