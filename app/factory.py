"""The Dash app, built by a factory: importing any module of `app` builds nothing.

    from app.factory import create_app
    app = create_app(); app.run()

The WSGI entry for gunicorn is `app.wsgi:server`; `python -m app` serves for a class.
"""
from __future__ import annotations

from pathlib import Path

import dash

import assets as _assets

from . import callbacks, serving
from .components.layout import page
from .model import DEFAULT
from .text import t

ASSETS = Path(_assets.__file__).parent

__all__ = ["create_app", "ASSETS"]


def create_app(**kwargs) -> dash.Dash:
    """A new Dash app: the page, every callback, the production hardening."""
    app = dash.Dash(__name__, assets_folder=str(ASSETS), title=t("title", "en"), update_title=None,
                    serve_locally=True, suppress_callback_exceptions=True, **kwargs)
    app.layout = page(DEFAULT)
    callbacks.register(app)
    serving.harden(app)
    return app
