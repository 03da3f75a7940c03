"""Production hardening of the explorer's Flask server (called once from `app.factory.create_app`).

- `/healthz`: a small JSON document for load balancers and uptime checks.
- Request limits: bodies larger than `MAX_BODY` are refused with 413 before Dash parses them
  (a real callback request is a few kB; the limits on steps x runs x grid per computation
  live in `app.compute.runs.limit`).
- Errors: no traceback ever reaches the browser (a JSON `{"error": ...}` with status 500;
  the traceback goes to the server log). `python -m app --debug` keeps Dash's dev tools.
- Compression: gzip for text responses (HTML, JSON, JS, CSS) when the browser accepts it.
  Static bodies (component bundles, including the unfingerprinted lazy chunks such as
  plotly.min.js, and assets) are compressed once per process and kept in a small in-memory
  cache: 100 students loading the 4.6 MB plotly.js bundle at once must not cost 100 gzip
  passes of ~110 ms each. No new dependency (this is what
  flask-compress would do, in 40 lines).
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
import gzip
import logging
import os
import time

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

from .compute.cache import DERIVED

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024          # bytes of a request body (a callback POST is ~1-10 kB)
YEAR = 31536000
GZIP_MIN = 512                 # bytes: smaller bodies are not worth compressing
GZIP_LEVEL = 5                 # dynamic responses: fast, ~same ratio as 9 for JSON
STATIC_LEVEL = 9               # immutable bodies are compressed once, so squeeze them
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/x-javascript",
                "image/svg+xml")
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
STARTED = time.time()
MALFORMED = (KeyError, TypeError, ValueError, IndexError, AttributeError)




def _static(path: str) -> bool:
    """Package files and assets: the same bytes for the life of the process (the cache key
    includes a hash of the body, so a changed file is a new entry anyway)."""
    return path.startswith(STATIC_PREFIXES)


def _compress(response):
    if (response.status_code != 200 or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
            or "Content-Encoding" in response.headers or not (response.mimetype or "").startswith(COMPRESSIBLE)):
        return response
    if response.is_streamed and not request.path.startswith("/assets/"):   # assets: small files
        return response
    response.direct_passthrough = False
    data = response.get_data()
    if len(data) < GZIP_MIN:
        return response
    if _static(request.path):
        body = DERIVED.get(("gzip", request.full_path, len(data), hash(data)),
                          lambda: gzip.compress(data, compresslevel=STATIC_LEVEL, mtime=0))
    else:
        body = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(body))
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if etag:   # a different body needs a different tag
        response.set_etag(etag + "-gz", weak=weak)
    return response


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
        return _compress(response)
