"""Load test: a lecture hall of students on one small server, on loopback only.

    python benchmarks/loadtest.py              # 100 students arriving within 60 s, 150 s in all
    python benchmarks/loadtest.py --quick      # 100 students arriving within 10 s, 20 s in all
    python benchmarks/loadtest.py --students 50 --duration 60 --workers 3 --threads 4
    python benchmarks/loadtest.py --distinct   # every student opens a scene of their own

What it does:
1. Starts gunicorn with the production config (`gunicorn.conf.py`, `app.wsgi:server`) on
   127.0.0.1 and a free port, and waits for `/healthz`.
2. Captures, once, what a real browser sends: headless Chromium (Debian's `chromium` +
   `chromium-driver`) opens each link with Chrome's performance log on, and records every
   GET and every callback POST (`/_dash-update-component`, exact JSON bodies), then moves an
   α slider and records its commit callback (`slider-commit`). Without a browser it falls back to the
   capture saved in `benchmarks/loadtest_capture.json` (`--save-capture` refreshes it).
3. Replays a class: `--students` virtual students arrive over `--ramp` seconds, each opens
   one of the links (every GET the page made: HTML, Dash layout and dependencies, JS/CSS
   bundles and assets, with gzip, as a first visit does; then the page-load callbacks),
   then moves a slider every 1-3 s as the page does: the live preview (`POST /_preview`,
   the map follows the hand), then the commit callback with the browser's exact payload
   (the URL and the map's key carried from response to response), until `--duration` ends.
   With `--distinct` every student opens a different scene (their own formula, or a valley
   of their own shape): the captured page of one link with its query replaced, so every
   contour grid and picture is new to the server.
4. Reports p50/p95/p99 latency of the previews, the slider commits and page loads, errors, and the
   RSS of the gunicorn processes at start, after the arrival of the class, and at the end.

Bounded: it stops by itself after `--duration` (+ ramp and drain, at most `--max-requests`
requests), talks only to 127.0.0.1, and terminates the gunicorn it started.
Targets on a 2-core machine: slider p95 <= 300 ms, zero errors, no memory growth.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from urllib.parse import quote

import requests

ROOT = Path(__file__).resolve().parents[1]
CAPTURE = Path(__file__).with_name("loadtest_capture.json")
HOST = "127.0.0.1"          # never anything else
LINKS = ["", "?preset=lr-all", "?preset=saddle-escape"]


# ------------------------------------------------------------------ server

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int | None, threads: int | None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"{HOST}:{port}"]
    if workers:
        cmd += ["--workers", str(workers)]
    if threads:
        cmd += ["--threads", str(threads)]
    cmd.append("app.wsgi:server")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open("/tmp/loadtest-gunicorn.log", "w"),
                            start_new_session=True)
    end = time.time() + 60
    while time.time() < end:
        try:
            if requests.get(f"http://{HOST}:{port}/healthz", timeout=1).ok:
                return proc
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited; see /tmp/loadtest-gunicorn.log")
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)      # our own session: gunicorn and its workers only
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def distinct_query(i: int) -> str:
    """Student i's own scene: a formula or a valley shape nobody else opens."""
    if i % 2:
        return f"?surface=narrow_valley,kappa={5 + i},angle={(7 * i) % 90}"
    return "?surface=custom&f=" + quote(f"x**2 + {1 + i / 37:.4f}*sin(y) + 0.1*x*y") + "&bounds=-3,3,-2,2"


def rss_each(proc: subprocess.Popen) -> list[float]:
    """RSS (MB) of the gunicorn master and of each of its workers, master first."""
    try:
        import psutil
        p = psutil.Process(proc.pid)
        return [q.memory_info().rss / 2 ** 20 for q in [p] + p.children(recursive=True)]
    except ImportError:
        pids = [proc.pid]
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    if int((d / "stat").read_text().split()[3]) == proc.pid:
                        pids.append(int(d.name))
                except (OSError, IndexError, ValueError):
                    pass
        out = []
        for pid in pids:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out.append(int(line.split()[1]) / 1024)
        return out


def rss_mb(proc: subprocess.Popen) -> tuple[float, int]:
    """Total RSS (MB) of the gunicorn master and its workers, and the number of processes."""
    each = rss_each(proc)
    return sum(each), len(each)


_cpu_base = {}


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine so far (/proc/stat): other programs on the
    same cores (test suites, browsers) show up as busy time that is not gunicorn's or ours."""
    try:
        v = [float(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except OSError:
        return float("nan"), float("nan")
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v) - idle, sum(v)


def cpu_seconds(proc: subprocess.Popen) -> float:
    """CPU time (user + system) used by gunicorn and its workers since the previous call."""
    try:
        import psutil
    except ImportError:
        return float("nan")
    p = psutil.Process(proc.pid)
    total = 0.0
    for q in [p] + p.children(recursive=True):
        try:
            t = q.cpu_times()
        except psutil.Error:
            continue
        now = t.user + t.system
        total += now - _cpu_base.get(q.pid, 0.0)
        _cpu_base[q.pid] = now
    return total


# ------------------------------------------------------------------ what a browser sends

def capture_with_browser(base: str, links: list[str]) -> dict:
    """Per link: every GET and callback POST body of a page load, plus one slider move."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    opts = Options()
    opts.binary_location = os.environ.get("CHROME_BIN", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # the driver's path given: no Selenium Manager, no network
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=opts)

    def sent():
        out = []
        for e in driver.get_log("performance"):
            m = json.loads(e["message"])["message"]
            if m["method"] != "Network.requestWillBeSent":
                continue
            r = m["params"]["request"]
            if not r["url"].startswith(base):
                continue
            path = r["url"][len(base):]
            if r["method"] == "POST" and path.startswith("/_dash-update-component"):
                out.append(("POST", json.loads(r.get("postData") or "{}")))
            elif r["method"] == "GET":
                out.append(("GET", path))
        return out

    pages = {}
    try:
        for link in links:
            driver.get("about:blank")
            driver.get_log("performance")
            driver.get(f"{base}/{link}")
            WebDriverWait(driver, 30).until(lambda d: d.execute_script(
                "var g = document.querySelector('#map .js-plotly-plot'); return !!(g && g.data && g.data.length)"))
            time.sleep(3)           # the controls' own callbacks after the picture
            load = sent()
            handle = WebDriverWait(driver, 10).until(
                lambda d: d.find_element("css selector", "#runs .run-card [role=slider]"))
            handle.click()
            handle.send_keys(Keys.ARROW_RIGHT)
            time.sleep(2)
            moves = [b for kind, b in sent() if kind == "POST" and b.get("output", "").startswith("..url.search@")
                     and "slider-commit" in json.dumps(b.get("changedPropIds"))]
            if not moves:
                raise RuntimeError(f"no slider callback captured for {link!r}")
            pages[link] = {"gets": list(dict.fromkeys(p for k, p in load if k == "GET")),
                           "posts": [b for k, b in load if k == "POST"], "slider": moves[0]}
    finally:
        driver.quit()
    return pages


def load_capture(base: str, links: list[str], use_browser: bool, save: bool) -> dict:
    if use_browser and Path(os.environ.get("CHROME_BIN", "/usr/bin/chromium")).exists():
        try:
            pages = capture_with_browser(base, links)
            if save:
                CAPTURE.write_text(json.dumps(pages, ensure_ascii=False, separators=(",", ":")))
            return pages
        except Exception as exc:  # noqa: BLE001 - fall back to the saved capture, say why
            print(f"browser capture failed ({type(exc).__name__}: {exc}); using {CAPTURE.name}")
    return json.loads(CAPTURE.read_text())


# ------------------------------------------------------------------ a student

class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.lat = {"preview": [], "slider": [], "page": [], "page_post": []}
        self.errors = []
        self.count = 0
        self.bytes = 0

    def add(self, kind, seconds, nbytes):
        with self.lock:
            self.lat[kind].append(seconds)
            self.count += 1
            self.bytes += nbytes

    def error(self, what):
        with self.lock:
            self.errors.append(what)


def student(i: int, base: str, page: dict, stats: Stats, start_at: float, stop_at: float, max_requests: int,
            rng: random.Random):
    s = requests.Session()
    s.headers["Accept-Encoding"] = "gzip, deflate"

    def call(kind, method, path, body=None):
        """One request, timed to the last byte. Bodies are read as sent (gzip) and only the
        slider responses are decoded: the client shares the server's 2 cores, and a real
        browser inflates on its own machine."""
        if stats.count >= max_requests:
            return None
        t0 = time.perf_counter()
        try:
            r = (s.get(base + path, timeout=30, stream=True) if method == "GET"
                 else s.post(base + path, json=body, timeout=30, stream=True))
            raw = r.raw.read(decode_content=kind in ("slider", "preview"))
            dt = time.perf_counter() - t0
            if r.status_code not in (200, 204):
                stats.error(f"{r.status_code} {method} {path[:60]}")
                return None
            stats.add(kind, dt, int(r.headers.get("Content-Length") or len(raw)))   # bytes on the wire
            r._content = raw if kind in ("slider", "preview") else b""
            return r
        except requests.RequestException as exc:
            stats.error(f"{type(exc).__name__} {method} {path[:60]}")
            return None

    time.sleep(max(0.0, start_at - time.time()))
    t0 = time.perf_counter()
    for path in page["gets"]:
        call("page", "GET", path)
    for body in page["posts"]:
        call("page_post", "POST", "/_dash-update-component", body)
    with stats.lock:
        stats.lat.setdefault("page_total", []).append(time.perf_counter() - t0)

    tpl = page["slider"]
    state = {st["id"]: st.get("value") for st in tpl["state"]}
    move = tpl["inputs"][0]["value"]["edits"][0]            # {"id": run 0's α slider, "value"}
    while time.time() < stop_at and stats.count < max_requests:
        time.sleep(rng.uniform(1.0, 3.0))
        if time.time() >= stop_at:
            break
        edits = [dict(move, value=round(rng.uniform(-3.5, -0.5) / 0.05) * 0.05)]     # a log10 position of α
        call("preview", "POST", "/_preview", {"search": state["url"], "edits": edits})
        body = dict(tpl, inputs=[dict(tpl["inputs"][0], value={"edits": edits, "t": time.time()})],
                    state=[{"id": sid, "property": "search" if sid == "url" else "data", "value": v}
                           for sid, v in state.items()])
        r = call("slider", "POST", "/_dash-update-component", body)
        if r is not None and r.status_code == 200:
            resp = r.json().get("response", {})
            if "url" in resp:
                state["url"] = resp["url"]["search"]
            if "fig-key" in resp:
                state["fig-key"] = resp["fig-key"]["data"]


def student_group(plan, base, pages, stop_at, max_requests):
    """One client process: a thread per student; returns plain data for the parent."""
    sys.setswitchinterval(0.001)
    stats = Stats()
    cpu0 = time.process_time()
    threads = [threading.Thread(target=student, daemon=True,
                                args=(i, base, pages[link], stats, start_at, stop_at, max_requests, random.Random(seed)))
               for i, link, start_at, seed in plan]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=max(1.0, stop_at + 30 - time.time()))
    return {"lat": stats.lat, "errors": stats.errors, "count": stats.count, "bytes": stats.bytes,
            "cpu": time.process_time() - cpu0, "stuck": sum(th.is_alive() for th in threads)}


def pct(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q / 100 * (len(xs) - 1))))] * 1e3


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=100)
    ap.add_argument("--duration", type=float, default=150, help="seconds of slider traffic after the first arrival")
    ap.add_argument("--ramp", type=float, default=60, help="students arrive over this many seconds "
                                                          "('100 students open the link in the same minute')")
    ap.add_argument("--quick", action="store_true", help="20 s in all, arrivals over 10 s")
    ap.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py)")
    ap.add_argument("--threads", type=int, help="gunicorn threads per worker (default: gunicorn.conf.py)")
    ap.add_argument("--max-requests", type=int, default=50_000)
    ap.add_argument("--clients", type=int, default=4, help="client processes the students are spread over")
    ap.add_argument("--no-browser", action="store_true", help="use the saved capture, do not start Chromium")
    ap.add_argument("--save-capture", action="store_true", help=f"write the fresh capture to {CAPTURE.name}")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--distinct", action="store_true", help="every student opens a scene of their own")
    args = ap.parse_args(argv)
    if args.quick:
        args.duration, args.ramp = 20, 10

    port = free_port()
    base = f"http://{HOST}:{port}"
    proc = start_gunicorn(port, args.workers, args.threads)
    try:
        pages = load_capture(base, LINKS, not args.no_browser, args.save_capture)
        time.sleep(1.0)
        rss0, nproc = rss_mb(proc)      # all workers up, one page load of each link served
        each0 = rss_each(proc)
        if args.distinct:               # one captured page per student, its query replaced
            link = LINKS[-1]
            text = json.dumps(pages[link])
            pages = {f"#{i}": json.loads(text.replace(link, distinct_query(i))) for i in range(args.students)}
        what = ", ".join(f"{k or '/'!r}: {len(v['gets'])} GET + {len(v['posts'])} POST" for k, v in pages.items())
        print(f"gunicorn pid {proc.pid}: {nproc} processes, RSS {rss0:.0f} MB at start; captured {what}")
        rng = random.Random(args.seed)
        cpu_seconds(proc)
        busy0, total0 = machine_busy()
        t0 = time.time() + 1.0
        stop_at = t0 + args.duration
        plan = []
        for i in range(args.students):
            link = f"#{i}" if args.distinct else (LINKS[i % len(LINKS)] if LINKS[i % len(LINKS)] in pages
                                                  else next(iter(pages)))
            plan.append((i, link, t0 + rng.uniform(0, args.ramp), rng.random()))
        # Students run in several client processes (threads of one Python process would wait
        # for the GIL in turn: 100 runnable threads x 5 ms switch interval = 0.5 s of fake latency).
        n = max(1, min(args.clients, args.students))
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(n) as pool:
            pending = pool.starmap_async(student_group, [(plan[j::n], base, pages, stop_at, args.max_requests // n)
                                                         for j in range(n)])
            time.sleep(max(0.0, t0 + args.ramp + 5 - time.time()))
            rss1, _ = rss_mb(proc)
            parts = pending.get(timeout=max(1.0, stop_at + 60 - time.time()))
        rss2, _ = rss_mb(proc)
        each2 = rss_each(proc)
        server_cpu = cpu_seconds(proc)
        busy1, total1 = machine_busy()
        busy = (busy1 - busy0) / max(total1 - total0, 1)
        load = os.getloadavg()
        stats = Stats()
        client_cpu, stuck = 0.0, 0
        for part in parts:
            for k, v in part["lat"].items():
                stats.lat.setdefault(k, []).extend(v)
            stats.errors += part["errors"]
            stats.count += part["count"]
            stats.bytes += part["bytes"]
            client_cpu += part["cpu"]
            stuck += part["stuck"]
    finally:
        stop(proc)

    wall = args.duration
    sl, pg, pp, tot = (stats.lat["slider"], stats.lat["page"], stats.lat["page_post"], stats.lat.get("page_total", []))
    print(f"\n{args.students} students, {args.duration:g} s (arrivals over {args.ramp:g} s), "
          f"gunicorn {args.workers or 'conf'} workers x {args.threads or 'conf'} threads on {os.cpu_count()} cores")
    print(f"requests: {stats.count} ({stats.count / wall:.0f}/s), {stats.bytes / 2 ** 20:.0f} MB received; "
          f"errors: {len(stats.errors)}{'' if not stats.errors else ' e.g. ' + '; '.join(stats.errors[:3])}; "
          f"students still running at the end: {stuck}")
    print(f"CPU seconds during the run: gunicorn {server_cpu:.0f} ({server_cpu / max(stats.count, 1) * 1e3:.1f} ms "
          f"per request), this client {client_cpu:.0f} "
          f"(of {os.cpu_count() * (args.duration + 5):.0f} available); the machine was {busy:.0%} busy, "
          f"load average {load[0]:.1f} / {load[1]:.1f} (1 / 5 min): other programs share these cores")
    print(f"{'latency (ms)':28s} {'n':>6s} {'p50':>7s} {'p95':>7s} {'p99':>7s} {'max':>7s}")
    for name, xs in (("slider preview", stats.lat["preview"]), ("slider commit callback", sl), ("page-load GET", pg), ("page-load callbacks", pp),
                     ("whole page load (s)", tot)):
        scale = 1e-3 if name.startswith("whole") else 1
        print(f"{name:28s} {len(xs):6d} " + " ".join(f"{pct(xs, q) * scale:7.1f}" for q in (50, 95, 99, 100)))
    print(f"RSS of gunicorn (master + workers): start {rss0:.0f} MB, after arrivals {rss1:.0f} MB, end {rss2:.0f} MB "
          f"(growth during steady traffic {rss2 - rss1:+.0f} MB)")
    grow = [b - a for a, b in zip(each0[1:], each2[1:])]
    print("RSS per worker (MB): start " + ", ".join(f"{v:.0f}" for v in each0[1:]) + "; end "
          + ", ".join(f"{v:.0f}" for v in each2[1:]) + "; growth " + ", ".join(f"{v:+.0f}" for v in grow)
          + (" (every student a scene of their own)" if args.distinct else ""))
    # a class of distinct scenes is a memory test: every page is new work (its latency is shown)
    ok = not stats.errors and (max(grow, default=0) <= 150 if args.distinct
                               else pct(sl, 95) <= 300 and rss2 - rss1 < 0.1 * rss1 + 20)
    print("targets (" + ("zero errors, ≤ 150 MB growth per worker" if args.distinct
          else "slider p95 <= 300 ms, zero errors, no memory growth") + "):", "MET" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
