"""gunicorn settings for the explorer: `gunicorn -c gunicorn.conf.py app.wsgi:server`.

Sized for a small 2-core server and a lecture hall (~100 students opening one link within
a minute, then dragging sliders). A callback is CPU-bound numpy work of a few to tens of
ms, so: one worker process per core (+1 to cover the moments a worker is busy
serializing), a few threads each so that static files and waiting clients never queue
behind a computation. The server holds no per-user state: add workers, or machines behind
any load balancer, freely. Every setting can be overridden on the command line or with
GUNICORN_CMD_ARGS / the environment variables below.
"""
import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8050")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("THREADS", 4))
worker_class = "gthread"
# The app is imported once in the master, then forked: workers share its read-only pages.
preload_app = True
timeout = 30                  # a computation is capped at ~1 s (app.compute.runs.BUDGET)
graceful_timeout = 10
keepalive = 5
# Workers are not recycled: a recycled worker drops its keep-alive connections, and a POST
# in flight on one fails in the browser. The load test checks that memory does not grow;
# if a leak ever shows up, set MAX_REQUESTS (e.g. 20000).
max_requests = int(os.environ.get("MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
limit_request_line = 8190     # long preset links fit; the body limit is in app/serving.py
limit_request_fields = 100
accesslog = os.environ.get("ACCESS_LOG")      # "-" for stdout; off by default (100 students x slider drags)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
proc_name = "optimizer-explorer"
