"""The WSGI entry point: `gunicorn -c gunicorn.conf.py app.wsgi:server`.

Importing this module builds the app once (gunicorn preloads it in the master and forks
the workers). The server keeps no state between requests (the URL holds the whole scene),
so any number of workers works.
"""
from __future__ import annotations

from .factory import create_app

app = create_app()
server = app.server
