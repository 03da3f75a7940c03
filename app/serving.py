"""Production hardening of the explorer's Flask server (called once from `app.factory.create_app`).

- `/healthz`: a small JSON document for load balancers and uptime checks.
- Request limits: bodies larger than `MAX_BODY` are refused with 413 before Dash parses them
  (a real callback request is a few kB; the limits on steps x runs x grid per computation
  live in `app.compute.runs.limit`).
- Errors: no traceback ever reaches the browser (a JSON `{"error": ...}` with status 500;
  the traceback goes to the server log). `python -m app --debug` keeps Dash's dev tools.
- Compression: flask-compress (what Dash's `compress=True` uses): brotli, zstd or gzip for
  text responses (HTML, JSON, JS, CSS), as the browser prefers. Static bodies (component
  bundles, including the unfingerprinted lazy chunks such as plotly.min.js, and assets) are
  compressed once per process and algorithm and kept in the process's byte-bounded cache
  (`StaticBodies`, flask-compress's cache backend): 100 students loading the 4.6 MB plotly.js
  bundle at once must not cost 100 compressions of ~110 ms each.
- Memory: large arrays go straight back to the operating system when freed
  (`unmap_large_arrays`): otherwise glibc raises its mmap threshold after the first large
  free, later contour grids' temporaries come from its heap, and a worker keeps the peak of
  every request (+300 MB per worker when each student opened a scene of their own; +90 MB
  with this, the load test's `--distinct` mode). With the byte budget of the derived-data
  cache (`app.compute.cache`) that bounds what a worker holds.
- Caching: Dash already sends `max-age=31536000` for fingerprinted component bundles;
  assets (`/assets/...?m=<mtime>`, fingerprinted by Dash with the file's mtime) get the
  same, unfingerprinted ones a short max-age.

Nothing here keeps per-user state: every worker and every machine can answer any request.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import time

from flask import jsonify, request
from flask_compress import Compress
from werkzeug.exceptions import HTTPException

from .compute.cache import DERIVED

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024          # bytes of a request body (a callback POST is ~1-10 kB)
YEAR = 31536000
COMPRESSION = {
    "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "text/plain", "application/json",
                           "application/javascript", "application/x-javascript", "image/svg+xml"],
    "COMPRESS_ALGORITHM": ["br", "zstd", "gzip"],      # as the browser prefers; gzip for the rest
    "COMPRESS_LEVEL": 6, "COMPRESS_BR_LEVEL": 5, "COMPRESS_ZSTD_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 512,                          # bytes: smaller bodies are not worth it
    "COMPRESS_STREAMS": False,                         # static files are made whole first (`_after`)
}
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
STARTED = time.time()
MALFORMED = (KeyError, TypeError, ValueError, IndexError, AttributeError)


def _static(path: str) -> bool:
    """Package files and assets: the same bytes for the life of the process (assets are
    linked with their mtime, `?m=`, so a changed file has a new URL)."""
    return path.startswith(STATIC_PREFIXES)


class StaticBodies:
    """flask-compress's cache backend: compressed static bodies, kept in the process's
    byte-bounded cache (`app.compute.cache.DERIVED`); any other response is compressed each
    time (its key, `_cache_key`, says it is not static, and nothing is kept)."""

    @staticmethod
    def _key(key: str):
        algorithm, _, rest = key.partition(";")
        return ("compressed", algorithm, rest) if rest.startswith("static:") else None

    def get(self, key):
        k = self._key(key)
        return DERIVED.peek(k) if k else None

    def set(self, key, value):
        k = self._key(key)
        if k:
            DERIVED.put(k, value)


def _cache_key(req) -> str:
    return ("static:" + req.full_path) if _static(req.path) and req.method == "GET" else "dynamic"


def _cache_headers(response):
    path = request.path
    if path.startswith("/assets/") and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.no_cache = None
        # Dash links assets as /assets/x.js?m=<mtime>: a new file gets a new URL
        response.cache_control.max_age = YEAR if request.args.get("m") else 300
    elif path == "/healthz" or path.startswith("/_dash-update-component"):
        response.cache_control.no_store = True
    return response


M_MMAP_THRESHOLD = -3          # glibc's mallopt parameter
MMAP_THRESHOLD = 128 * 1024    # its default, kept fixed (a fixed value turns the raising off)


def unmap_large_arrays() -> bool:
    """Ask the C allocator to map every block of MMAP_THRESHOLD bytes or more and to unmap it
    when freed, for good (glibc's `mallopt`; elsewhere nothing happens). In the master before
    gunicorn forks, it holds in every worker. True if it was set."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):
        return False


def harden(app, max_body: int = MAX_BODY) -> None:
    """Add the production behaviour above to the Dash `app`'s Flask server."""
    unmap_large_arrays()
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_body
    server.config["PROPAGATE_EXCEPTIONS"] = False
    server.config.update(COMPRESSION, COMPRESS_CACHE_BACKEND=StaticBodies, COMPRESS_CACHE_KEY=_cache_key)
    Compress(server)        # its after_request runs after ours (Flask runs them in reverse order)

    @server.route("/healthz")
    def healthz():
        return jsonify(status="ok", pid=os.getpid(), uptime_s=round(time.time() - STARTED, 1))

    @server.errorhandler(Exception)
    def _error(exc):
        if isinstance(exc, HTTPException):
            resp = jsonify(error=exc.name, status=exc.code)
            resp.status_code = exc.code or 500
            return resp
        if request.path == "/_dash-update-component" and isinstance(exc, MALFORMED):
            # Our callbacks turn their own exceptions into notices (app.callbacks.guarded),
            # so what reaches here is a request no page of ours sends: unknown output, wrong shape.
            log.warning("malformed callback request: %s: %s", type(exc).__name__, exc, exc_info=exc)
            resp = jsonify(error="malformed callback request", status=400)
            resp.status_code = 400
            return resp
        log.exception("unhandled error on %s %s", request.method, request.path)
        resp = jsonify(error="internal error", status=500)
        resp.status_code = 500
        return resp

    @server.after_request
    def _after(response):
        response = _cache_headers(response)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.is_streamed and response.status_code == 200 and _static(request.path):
            response.direct_passthrough = False     # a file: made whole, so it is compressed once and kept
            response.make_sequence()
        return response
