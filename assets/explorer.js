/* Optimizer explorer: the browser player, and everything else that happens in the browser
 * without a server request.
 *
 * The player owns the clock (play, pause, step, scrub, speed) and every overlay drawn over
 * the figures: heads, fading trails, gradient/velocity arrows on the map, heads and cursor
 * on the loss chart, and the layers other scripts register (`explorer.addLayer`: the fit
 * panel, the narration). It redraws them from the figures' axes whenever a figure is drawn
 * (Plotly's `plotly_afterplot`, which also follows every resize and relayout), the window
 * is resized, new trajectories arrive or the step changes. Its animation-frame loop runs
 * only while something moves: an idle page asks for no frames at all.
 *
 * Clientside callbacks are the named functions of `window.dash_clientside.explorer`.
 */
(function () {
  "use strict";
  var ns = window.dash_clientside = window.dash_clientside || {};
  function NO() { return window.dash_clientside.no_update; }
  // an interrupted Plotly call may reject its promise: expected, not an error
  function quiet(p) { if (p && p.catch) p.catch(function () {}); return p; }

  // ---------------------------------------------------------------- shared helpers (one copy)
  var U = {
    fmt: function (v) {
      if (!isFinite(v)) return String(v);
      if (v === Math.round(v) && Math.abs(v) < 1e15) return String(v);
      var s = Number(v.toPrecision(6)).toString();
      if (s.indexOf("e") >= 0) { var p = s.split("e"); s = p[0] + "e" + parseInt(p[1], 10); }
      return s;
    },
    // a number as the page shows it (app/model/scene.py `pretty`): 0.001, 300, 10⁻⁵, 2.5·10⁻⁸
    pretty: function (v) {
      if (!isFinite(v) || (v === Math.round(v) && Math.abs(v) < 1e6)) return String(v);
      var e = Math.floor(Math.log10(Math.abs(v)));
      if (e >= -4 && e < 6) return String(Number(v.toPrecision(6)));
      var p = v.toExponential(5).split("e"), mant = String(Number(p[0]));
      var power = "10" + String(parseInt(p[1], 10)).replace(/./g, function (c) { return "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"["-0123456789".indexOf(c)]; });
      return mant === "1" ? power : mant + "·" + power;
    },
    nice: function (v) { return v === 0 ? 0 : Number(v.toPrecision(2)); },
    // a slider position -> the value (meta: the Param spec the server sent, app/components/layout.py)
    fromSlider: function (p, s) {
      var v;
      if (p.scale === "pow2") v = Math.pow(2, Math.round(s));
      else if (p.scale === "log") v = U.nice(Math.pow(10, s));
      else v = Math.round(s * 1e6) / 1e6;
      return Math.min(Math.max(v, p.lo), p.hi);
    },
    toSlider: function (p, v) {
      if (p.scale === "pow2") return Math.round(Math.log2(Math.max(v, 1)));
      if (p.scale === "log") return Math.round(Math.log10(Math.max(v, p.lo)) / p.step) * p.step;
      return v;
    },
    params: function (search) { return new URLSearchParams((search || "").replace(/^\?/, "")); },
    queryWithout: function (search, key) {
      var q = (search || "").replace(/^\?/, "");
      if (!q) return "";
      return q.split("&").filter(function (kv) { return kv && kv.split("=")[0] !== key; }).join("&");
    },
    el: function (id) { return document.getElementById(id); },
    // {dtype: "f4" | "u2", bdata: base64} (app/figures/map.py `binary`, `directions`) -> a typed array
    unbinary: function (b) {
      var s = atob(b.bdata), bytes = new Uint8Array(s.length);
      for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
      return b.dtype === "u2" ? new Uint16Array(bytes.buffer) : new Float32Array(bytes.buffer);
    },
    graph: function (id) { return document.querySelector("#" + id + " .js-plotly-plot"); },
    // a side panel shown or hidden with the landscape (the fit panel, a network's model panel);
    // the body's class says which, and the figures re-fit the space it takes or leaves
    showPanel: function (h, on, bodyClass) {
      var want = on ? "" : "none";
      if (h.style.display === want) return;
      h.style.display = want;
      document.body.classList.toggle(bodyClass, !!on);
      window.dispatchEvent(new Event("resize"));
    },
    // The one place that reads a figure's axes (Plotly has no public pixel <-> data API):
    // {offset, length, toPx(v), fromPx(p), range} per axis, or null before the first draw.
    axis: function (gd, letter, i) {
      var fl = gd && gd._fullLayout, a = fl && fl[letter + "axis" + (i ? i + 1 : "")];
      if (!a || !a.l2p) return null;
      return { offset: a._offset, length: a._length, range: a.range,
               toPx: function (v) { return a._offset + a.l2p(a.c2l(v)); },
               fromPx: function (p) { return a.p2l(p - a._offset); } };
    },
    subplots: function (gd) {
      var fl = gd && gd._fullLayout;
      return (fl && fl._subplots && fl._subplots.cartesian) || ["xy"];
    },
  };

  // ---------------------------------------------------------------- the player's state
  var P = {
    data: null, step: 0, playing: false, speed: 100, acc: 0, last: null,
    dirty: false, geom: false, raf: null, frames: 0, draws: 0, urlTimer: null, layers: [],
  };
  var hooked = typeof WeakSet === "function" ? new WeakSet() : { has: function () { return false; }, add: function () {} };

  function request() { if (P.raf === null) P.raf = window.requestAnimationFrame(frame); }
  // something moved under the overlays (a figure drawn, the window resized, new data): redraw all
  function invalidate() { P.dirty = true; P.geom = true; request(); }

  // every figure's redraw (first draw, new data, responsive resize, relayout) redraws the overlays
  function hook() {
    var all = true;
    watchMapSize();
    ["map", "loss", "fit"].forEach(function (id) {
      var g = U.graph(id);
      if (g && typeof g.on === "function") {
        if (!hooked.has(g)) { g.on("plotly_afterplot", invalidate); hooked.add(g); }
      } else if (id !== "fit") all = false;
    });
    return all;
  }
  // until the figures exist, look again a few times (a timer, not an animation loop)
  function hookSoon(tries) {
    if (hook() || tries <= 0) { invalidate(); return; }
    setTimeout(function () { hookSoon(tries - 1); }, 100);
  }
  window.addEventListener("resize", invalidate);

  // The map's size in pixels: the server shapes the panels to it (equal x and y scales that
  // fill the panel). Whenever it settles at more than 2 % from what the server last heard
  // (first layout, window resized, phone turned), the server hears of it.
  var sent = null, sizeTimer = null, watched = null;
  function mapSize() {
    var el = U.el("map"), r = el && el.getBoundingClientRect();
    return r && r.width >= 1 && r.height >= 1 ? [Math.round(r.width), Math.round(r.height)] : null;
  }
  function sizeSettled() {
    var now = mapSize();
    if (now && (!sent || Math.abs(now[0] / sent[0] - 1) > 0.02 || Math.abs(now[1] / sent[1] - 1) > 0.02)) {
      sent = now;
      window.dash_clientside.set_props("map-size", { data: now });
    }
  }
  function watchMapSize() {
    var el = U.el("map");
    if (!el || el === watched || typeof ResizeObserver !== "function") return;
    watched = el;
    new ResizeObserver(function () { clearTimeout(sizeTimer); sizeTimer = setTimeout(sizeSettled, 150); }).observe(el);
  }

  // everything due now: the step, and the paths / marks / curves if something moved under them
  function drawAll() { P.dirty = false; applyStep(); P.geom = false; }

  function frame(now) {
    P.raf = null;
    P.frames++;
    var moved = false;
    if (P.playing && P.data) {
      if (P.last !== null) {
        P.acc += (now - P.last) / 1000 * P.speed;
        var adv = Math.floor(P.acc);
        if (adv > 0) {
          P.acc -= adv;
          P.step = Math.min(P.data.steps, P.step + adv);
          moved = true;
        }
      }
      P.last = now;
    }
    if (moved || P.dirty) drawAll();
    if (P.playing && P.data && P.step >= P.data.steps) setPlaying(false);
    if (P.playing) request();
  }

  // ---------------------------------------------------------------- the overlay
  // Heads, fading trails, arrows and the loss cursor are drawn in an SVG layer of our own
  // over each Plotly figure, positioned with the figure's axes: a frame is a few attribute
  // writes (well under 1 ms for 8 runs), where Plotly.animate/restyle cost 30-45 ms.
  var SVGNS = "http://www.w3.org/2000/svg";
  var NO_DIRECTION = 65535;     // app/figures/map.py `directions`: a zero vector, no arrow
  function mk(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  // Two SVG layers over a figure: `svg` for what changes with the data (paths, marks, loss
  // curves), `live` for what moves every frame (heads, trails, arrows, cursor), on its own
  // compositing layer so that playing repaints only the moving parts.
  function overlay(g, key) {
    var host = g.querySelector(".svg-container");
    if (!host) return null;
    var o = g.__explorerOverlay;
    if (!o || !o.svg.isConnected || o.key !== key) {
      if (o && o.svg.isConnected) { o.svg.remove(); o.live.remove(); }
      var css = "position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;overflow:hidden";
      var svg = mk("svg", { "class": "explorer-overlay" }), live = mk("svg", { "class": "explorer-overlay live" });
      svg.style.cssText = css;
      live.style.cssText = css + ";will-change:transform";
      var main = host.querySelector("svg.main-svg");
      host.insertBefore(svg, main ? main.nextSibling : null);
      host.insertBefore(live, svg.nextSibling);
      o = g.__explorerOverlay = { svg: svg, live: live, key: key, defs: mk("defs", {}, svg) };
    }
    return o;
  }
  U.svg = mk;
  function inside(ax, p) { return p >= ax.offset - 1 && p <= ax.offset + ax.length + 1; }
  function arrowMarker(o, id, color) {
    var m = mk("marker", { id: id, viewBox: "0 0 10 10", refX: "8", refY: "5", markerWidth: "5", markerHeight: "5",
                           orient: "auto-start-reverse" }, o.defs);
    mk("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: color }, m);
  }
  function arrowsOn() {
    var box = document.querySelector("#arrows input");
    return !box || box.checked;
  }

  // one clip rectangle per panel: paths stay inside their axes, like Plotly's own lines
  function clipFor(o, i, xa, ya) {
    var id = "clip-" + o.uid + "-" + i, r = o.clips[i];
    if (!r) { r = o.clips[i] = mk("rect", {}, mk("clipPath", { id: id }, o.defs)); }
    r.setAttribute("x", xa.offset); r.setAttribute("y", ya.offset);
    r.setAttribute("width", xa.length); r.setAttribute("height", ya.length);
    return "url(#" + id + ")";
  }
  var uid = 0;

  function buildMap(g, d) {
    var o = overlay(g, "map|" + d.view + "|" + d.runs.length + "|" + d.steps + "|" + d.key);
    if (!o) return null;
    if (!o.runs) {
      o.uid = ++uid; o.clips = []; o.geom = null;
      var below = mk("g", { "class": "paths" }, o.svg), marks = mk("g", { "class": "marks" }, o.svg);
      o.minLabel = mk("text", { "class": "map-label min-label", "text-anchor": "middle", "font-size": 16, fill: "#111" }, marks);
      o.runs = d.runs.map(function (r, k) {
        var path = mk("polyline", { "class": "path", "data-run": k, fill: "none", stroke: r.color, "stroke-width": 2.5,
                                    "stroke-opacity": 0.9, "stroke-linejoin": "round" }, below);
        var end = mk("g", { "class": "end", "data-run": k }, marks);
        var grp = mk("g", { "class": "run", "data-run": k }, o.live), trail = [];
        arrowMarker(o, "ah-g-" + o.uid + "-" + k, "#222");
        arrowMarker(o, "ah-m-" + o.uid + "-" + k, r.color);
        var gl = mk("line", { stroke: "#222", "stroke-width": 2.5, "marker-end": "url(#ah-g-" + o.uid + "-" + k + ")" }, grp);
        var ml = mk("line", { stroke: r.color, "stroke-width": 2.5, "marker-end": "url(#ah-m-" + o.uid + "-" + k + ")" }, grp);
        for (var i = 0; i <= d.trail; i++) {
          var last = i === d.trail;
          trail.push(mk("circle", { fill: r.color, stroke: last ? "white" : "none", "stroke-width": last ? 2 : 0,
                                    "class": last ? "head" : "trail" }, grp));
        }
        return { path: path, end: end, g: gl, m: ml, trail: trail };
      });
      o.titles = d.runs.map(function (r, k) {
        return mk("text", { "class": "map-label map-title", "font-size": 16, "font-weight": "bold", fill: r.color }, marks);
      });
    }
    return o;
  }

  // a label's offset from its point, as Plotly's textposition ("top right", "bottom left", ...)
  var GAP = 9;
  function placeText(t, X, Y, pos, lines) {
    t._anchor = [X, Y];
    var v = pos.split(" ")[0], h = pos.split(" ")[1] || "center";
    t.setAttribute("text-anchor", h === "left" ? "end" : h === "right" ? "start" : "middle");
    var dx = h === "left" ? -GAP : h === "right" ? GAP : 0, lh = 1.15 * 15;
    var y0 = v === "top" ? Y - GAP - (lines - 1) * lh : v === "bottom" ? Y + GAP + 11 : Y + 5;
    Array.prototype.forEach.call(t.childNodes, function (sp, i) {
      sp.setAttribute("x", X + dx); sp.setAttribute("y", y0 + i * lh);
    });
  }
  function lines(t, items) {
    while (t.firstChild) t.removeChild(t.firstChild);
    items.forEach(function (it) { var sp = mk("tspan", { fill: it[1] }, t); sp.textContent = it[0]; });
  }

  // paths, end marks and labels: redrawn when the data or the axes change, not every step
  function drawGeometry(g, d, o) {
    var M = d.marks || { ends: [], titles: [] };
    for (var k = 0; k < d.runs.length; k++) {
      var r = d.runs[k], e = o.runs[k], pi = d.panels === "run" ? k : 0;
      var xa = U.axis(g, "x", pi), ya = U.axis(g, "y", pi);
      if (!xa || !ya) continue;
      var pts = new Array(r.x.length);
      for (var i = 0; i < r.x.length; i++) pts[i] = xa.toPx(r.x[i]).toFixed(1) + "," + ya.toPx(r.y[i]).toFixed(1);
      for (e.last = r.x.length - 1; e.last > 0 && !(isFinite(r.x[e.last]) && isFinite(r.y[e.last])); e.last--);
      e.path.setAttribute("points", pts.join(" "));
      e.path.setAttribute("clip-path", clipFor(o, pi, xa, ya));
      while (e.end.firstChild) e.end.removeChild(e.end.firstChild);
      var m = M.ends[k];
      if (m) {
        var X = xa.toPx(m.x), Y = ya.toPx(m.y);
        if (m.diverged !== null && m.diverged !== undefined) {
          mk("path", { d: "M" + (X - 6) + "," + (Y - 6) + "L" + (X + 6) + "," + (Y + 6) + "M" + (X - 6) + "," + (Y + 6) +
                          "L" + (X + 6) + "," + (Y - 6), stroke: "#c00", "stroke-width": 3 }, e.end);
          var dt = mk("text", { "class": "map-label", "font-size": 16, fill: "#c00" }, e.end);
          lines(dt, [[m.text, "#c00"]]); placeText(dt, X, Y, m.pos, 1);
        } else {
          mk("circle", { cx: X, cy: Y, r: 6, fill: r.color, stroke: "white", "stroke-width": 1.5 }, e.end);
          if (m.names.length) {
            var t = mk("text", { "class": "map-label", "font-size": 16 }, e.end);
            lines(t, m.names); placeText(t, X, Y, m.pos, m.names.length);
          }
        }
      }
      var ti = o.titles[k], tp = M.titles[k];
      if (tp) {                 // above its panel, where nothing else is drawn
        lines(ti, [[r.label || "", r.color]]);
        ti.setAttribute("text-anchor", "start");
        ti.firstChild.setAttribute("x", xa.offset + 2); ti.firstChild.setAttribute("y", ya.offset - 6);
      } else lines(ti, []);
    }
    var ml = M.min_label, xa0 = U.axis(g, "x", 0), ya0 = U.axis(g, "y", 0);
    if (ml && xa0 && ya0) { lines(o.minLabel, [[ml.text, "#111"]]); placeText(o.minLabel, xa0.toPx(ml.x), ya0.toPx(ml.y), "bottom center", 1); }
    else lines(o.minLabel, []);
  }

  // Labels never cover each other, a head's end mark, the start or a minimum: each label, in
  // turn, takes the first free place around its point (8 directions, 3 distances), else the
  // least covered one; a label moved away from its point gets a thin leader line.
  function declutter(g, o) {
    var svgBox = o.svg.getBoundingClientRect(), taken = [], pad = 2;
    function rect(b) { return [b.left - svgBox.left - pad, b.top - svgBox.top - pad, b.right - svgBox.left + pad,
                               b.bottom - svgBox.top + pad]; }
    function overlap(a, b) {
      var w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]), h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
      return w > 0 && h > 0 ? w * h : 0;
    }
    // what labels must not cover: Plotly's start circle, stars and texts, and the end marks
    Array.prototype.forEach.call(g.querySelectorAll(".scatterlayer .point, .scatterlayer .textpoint text"), function (e) {
      var b = e.getBoundingClientRect();
      if (b.width > 0 && b.height > 0) taken.push(rect(b));
    });
    Array.prototype.forEach.call(o.svg.querySelectorAll("g.end circle, g.end path"), function (e) {
      taken.push(rect(e.getBoundingClientRect()));
    });
    // a label stays on its own panel (small multiples: its run's), and at worst on the figure
    var perRun = P.data && P.data.panels === "run", labels = [];
    var whole = [0, 0, svgBox.width, svgBox.height];
    function panelOf(t) {
      var run = t.closest("g.run"), i = perRun && run ? +run.getAttribute("data-run") : 0;
      var xa = U.axis(g, "x", i), ya = U.axis(g, "y", i);
      return xa && ya ? [xa.offset, ya.offset, xa.offset + xa.length, ya.offset + ya.length] : null;
    }
    Array.prototype.forEach.call(o.svg.querySelectorAll("text.map-label"), function (t) {
      var old = t.parentNode.querySelector("line.leader");
      if (old) old.parentNode.removeChild(old);
      if (!t.firstChild || !t._anchor) return;
      if (t.classList.contains("map-title")) { taken.push(rect(t.getBoundingClientRect())); return; }
      labels.push(t);
    });
    labels.sort(function (a, b) { return a.classList.contains("min-label") - b.classList.contains("min-label"); });
    labels.forEach(function (t) {
      var b = rect(t.getBoundingClientRect()), w = b[2] - b[0], h = b[3] - b[1], X = t._anchor[0], Y = t._anchor[1];
      var best = null, bestScore = Infinity, bounds = panelOf(t);
      var cands = [b];          // where it is (the server's choice), then around its point
      [GAP, 2.4 * GAP, 4.5 * GAP].forEach(function (r) {
        [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]].forEach(function (v) {
          var cx = X + v[0] * (r + w / 2) , cy = Y + v[1] * (r + h / 2);
          cands.push([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]);
        });
      });
      cands.forEach(function (c, i) {
        var score = i * 1e-3;
        taken.forEach(function (q) { score += overlap(c, q); });
        if (bounds) score += 4 * (w * h - overlap(c, bounds));
        score += 16 * (w * h - overlap(c, whole));        // cut at the figure's edge: worst of all
        if (score < bestScore) { bestScore = score; best = c; }
      });
      var dx = best[0] - b[0], dy = best[1] - b[1];
      if (dx || dy) {
        Array.prototype.forEach.call(t.childNodes, function (sp) {
          sp.setAttribute("x", +sp.getAttribute("x") + dx); sp.setAttribute("y", +sp.getAttribute("y") + dy);
        });
        // far from its point: a leader line to the nearest edge of the label
        var lx = Math.max(best[0] + pad, Math.min(X, best[2] - pad)), ly = Math.max(best[1] + pad, Math.min(Y, best[3] - pad));
        if (Math.hypot(lx - X, ly - Y) > 1.6 * GAP)
          t.parentNode.insertBefore(mk("line", { "class": "leader", x1: X, y1: Y, x2: lx, y2: ly, stroke: "#555",
                                                  "stroke-width": 1 }), t);
      }
      taken.push(best);
    });
  }

  function drawMap(g, d, s, on) {
    var o = buildMap(g, d);
    if (!o) return;
    if (P.geom || o.geom !== d) { drawGeometry(g, d, o); declutter(g, o); o.geom = d; }
    for (var k = 0; k < d.runs.length; k++) {
      var r = d.runs[k], e = o.runs[k], n = r.x.length, sk = Math.max(0, Math.min(s, n - 1));
      var pi = d.panels === "run" ? k : 0, xa = U.axis(g, "x", pi), ya = U.axis(g, "y", pi);
      if (!xa || !ya || !n) continue;
      // the end mark and its label once the head has got there (one dot per run, not two)
      var shown = sk >= e.last ? "visible" : "hidden";
      if (e.shown !== shown) { e.end.setAttribute("visibility", shown); e.shown = shown; }
      var T = d.trail, a = sk - T;
      for (var i = 0; i <= T; i++) {
        var c = e.trail[i], j = a + i;
        if (j < 0) { c.setAttribute("r", 0); continue; }
        var X = xa.toPx(r.x[j]), Y = ya.toPx(r.y[j]);
        if (!inside(xa, X) || !inside(ya, Y)) { c.setAttribute("r", 0); continue; }
        var f = (i + 1) / (T + 1), head = i === T;
        c.setAttribute("cx", X); c.setAttribute("cy", Y);
        c.setAttribute("r", head ? 7.5 : 1.5 + 2.5 * f);
        c.setAttribute("fill-opacity", head ? 1 : 0.15 + 0.6 * f);
      }
      var hx = xa.toPx(r.x[sk]), hy = ya.toPx(r.y[sk]), ok = inside(xa, hx) && inside(ya, hy);
      // arrows: a fixed length on screen, in the direction of −g (black) and of −p (run colour)
      var len = 0.09 * Math.min(xa.length, ya.length);
      [["ga", e.g], ["ma", e.m]].forEach(function (v) {
        var q = r[v[0]], line = v[1];
        if (!on || !ok || !q || sk >= q.length || q[sk] === NO_DIRECTION) { line.setAttribute("visibility", "hidden"); return; }
        var turn = q[sk] / NO_DIRECTION * 2 * Math.PI, ux = Math.cos(turn), uy = Math.sin(turn);
        // direction in data units -> screen units (the axes may be scaled differently)
        var dx = xa.toPx(r.x[sk] + ux * 1e-3 * (xa.range[1] - xa.range[0])) - hx;
        var dy = ya.toPx(r.y[sk] + uy * 1e-3 * (ya.range[1] - ya.range[0])) - hy;
        var norm = Math.sqrt(dx * dx + dy * dy) || 1;
        line.setAttribute("visibility", "visible");
        line.setAttribute("x1", hx); line.setAttribute("y1", hy);
        line.setAttribute("x2", hx + len * dx / norm); line.setAttribute("y2", hy + len * dy / norm);
      });
    }
  }

  // the runs' loss curves: redrawn when the data or the axes change; heads and cursor every step.
  // x is the step, or (d.per: the chart counts examples processed, a log axis) step × the
  // run's examples per step, from step 1.
  function lossX(d, k, i) { return d.per ? i * d.per[k] : i; }

  function lossCurve(xa, ya, loss, log, d, k) {
    var out = [], pen = "M";
    for (var i = d.per ? 1 : 0; i < loss.length; i++) {
      var v = loss[i];
      if (v === null || !isFinite(v) || (log && v <= 0)) { pen = "M"; continue; }
      out.push(pen + xa.toPx(lossX(d, k, i)).toFixed(1) + "," + ya.toPx(v).toFixed(1));
      pen = "L";
    }
    return out.join("");
  }

  function drawLoss(gl, d, s) {
    var xa = U.axis(gl, "x", 0), ya = U.axis(gl, "y", 0);
    if (!xa || !ya) return;
    var o = overlay(gl, "loss|" + d.runs.length + "|" + d.key);
    if (!o) return;
    if (!o.cursor) {
      o.uid = ++uid; o.clips = [];
      var curves = mk("g", { "class": "curves" }, o.svg);
      o.curves = d.runs.map(function (r, k) {
        return mk("path", { "class": "loss-curve", "data-run": k, fill: "none", stroke: r.color, "stroke-width": 2.5,
                            "stroke-linejoin": "round" }, curves);
      });
      o.cursor = mk("line", { stroke: "#888", "stroke-width": 1.5, "stroke-dasharray": "3,3" }, o.live);
      o.heads = d.runs.map(function (r) { return mk("circle", { r: 5, fill: r.color, stroke: "white", "stroke-width": 1.5 }, o.live); });
    }
    if (P.geom || o.geom !== d) {
      var log = gl.layout && gl.layout.yaxis && gl.layout.yaxis.type === "log", clip = clipFor(o, 0, xa, ya);
      d.runs.forEach(function (r, k) {
        o.curves[k].setAttribute("d", lossCurve(xa, ya, r.loss, log, d, k));
        o.curves[k].setAttribute("clip-path", clip);
      });
      o.geom = d;
    }
    var X = xa.toPx(s);          // one step is a different amount of work per run: no common cursor
    o.cursor.setAttribute("visibility", d.per ? "hidden" : "visible");
    o.cursor.setAttribute("x1", X); o.cursor.setAttribute("x2", X);
    o.cursor.setAttribute("y1", ya.offset); o.cursor.setAttribute("y2", ya.offset + ya.length);
    for (var k = 0; k < d.runs.length; k++) {
      var r = d.runs[k], n = r.loss.length, c = o.heads[k];
      if (!n) { c.setAttribute("r", 0); continue; }
      var sk = Math.min(s, n - 1), v = r.loss[sk], Y = v === null ? NaN : ya.toPx(v);
      var HX = d.per && sk < 1 ? NaN : xa.toPx(lossX(d, k, sk));
      if (!isFinite(Y) || !inside(ya, Y) || !isFinite(HX)) { c.setAttribute("r", 0); continue; }
      c.setAttribute("r", 5); c.setAttribute("cx", HX); c.setAttribute("cy", Y);
    }
  }

  function applyStep() {
    var d = P.data;
    if (!d) return;
    var g = U.graph("map"), gl = U.graph("loss"), s = P.step;
    if (g && g.data && d.player) {
      if (d.kind === "3d") {
        var px3 = [], py3 = [], pz3 = [], idx = [];
        for (var k = 0; k < d.runs.length; k++) {
          var r = d.runs[k], n = r.x.length, sk = Math.max(0, Math.min(s, n - 1)), ix = d.anim[k];
          if (!ix || ix[0] >= g.data.length || !n) continue;
          px3.push([r.x[sk]]); py3.push([r.y[sk]]); pz3.push([r.z[sk]]); idx.push(ix[0]);
        }
        if (idx.length) quiet(window.Plotly.restyle(g, { x: px3, y: py3, z: pz3 }, idx));
      } else {
        drawMap(g, d, s, arrowsOn());
      }
    }
    if (gl) drawLoss(gl, d, s);
    var sc = U.el("scrub");
    if (sc) { sc.max = d.steps; sc.value = s; }
    var ro = U.el("step-readout");
    if (ro) ro.textContent = s + " / " + d.steps;
    P.layers.forEach(function (fn) { try { fn(P); } catch (e) { /* a layer never breaks the player */ } });
    P.draws++;
  }

  function setPlaying(on) {
    P.playing = on;
    P.last = null; P.acc = 0;
    var b = U.el("play");
    if (b) { b.textContent = on ? "❚❚" : "▶"; b.classList.toggle("on", on); }
    if (on) request(); else writeStep();
  }

  // the paused step goes into the URL (no recompute: the server ignores `step` changes)
  function writeStep() {
    clearTimeout(P.urlTimer);
    P.urlTimer = setTimeout(function () {
      if (!P.data || !window.dash_clientside.set_props) return;
      var q = U.queryWithout(window.location.search, "step");
      if (P.step < P.data.steps) q = (q ? q + "&" : "") + "step=" + P.step;
      var search = q ? "?" + q : "";
      if (search !== window.location.search) window.dash_clientside.set_props("url", { search: search });
    }, 350);
  }

  function go(s) {
    if (!P.data) return;
    P.step = Math.max(0, Math.min(P.data.steps, Math.round(s)));
    P.dirty = true;             // only the step changed: heads, not paths
    request();
  }

  // ---------------------------------------------------------------- controls (listeners added once)
  document.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target.closest("button") : null;
    if (!t || !P.data) return;
    if (t.id === "play") {
      if (!P.playing && P.step >= P.data.steps) P.step = 0;
      setPlaying(!P.playing);
    } else if (t.id === "step-back") { setPlaying(false); go(P.step - 1); }
    else if (t.id === "step-fwd") { setPlaying(false); go(P.step + 1); }
    else if (t.id === "restart") { go(0); setPlaying(true); }
  });
  document.addEventListener("input", function (e) {
    if (e.target && e.target.id === "scrub") { if (P.playing) setPlaying(false); go(+e.target.value); writeStep(); }
  });
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "speed") P.speed = +e.target.value || 100;
    if (e.target && e.target.closest && e.target.closest("#arrows")) invalidate();
  });
  document.addEventListener("keydown", function (e) {
    // only when nothing else wants the keys (sliders, inputs, menus use arrows themselves)
    var t = e.target;
    if (!P.data || (t && t !== document.body && !(t.closest && t.closest("#map, .player button")))) return;
    if (e.key === " ") { e.preventDefault(); if (U.el("play")) U.el("play").click(); }
    else if (e.key === "ArrowRight") { setPlaying(false); go(P.step + 1); }
    else if (e.key === "ArrowLeft") { setPlaying(false); go(P.step - 1); }
  });

  // clicks on the map move the start point (2-D views only)
  document.addEventListener("click", function (e) {
    var host = e.target.closest ? e.target.closest("#map") : null;
    if (!host || !P.data || P.data.kind !== "map") return;
    var g = U.graph("map");
    if (!g) return;
    var box = g.getBoundingClientRect(), cx = e.clientX - box.left, cy = e.clientY - box.top;
    var panels = U.subplots(g);
    for (var i = 0; i < panels.length; i++) {
      var xa = U.axis(g, "x", i), ya = U.axis(g, "y", i);
      if (!xa || !ya) continue;
      if (cx < xa.offset || cy < ya.offset || cx > xa.offset + xa.length || cy > ya.offset + ya.length) continue;
      var x = xa.fromPx(cx), y = ya.fromPx(cy);
      window.dash_clientside.set_props("map-click", { data: { x: +x.toPrecision(4), y: +y.toPrecision(4), t: Date.now() } });
      return;
    }
  });

  // ---------------------------------------------------------------- update rules (KaTeX)
  // A run card's rule (app/components/layout.py `rule_box`): TeX templates whose ⟨name⟩
  // markers take the run's values (data-values, from the server) and, while a slider moves,
  // its live value; typeset by the bundled KaTeX in a millisecond, no server round trip.
  function texNum(v) {          // app/figures/map.py `tex_num`
    var s = U.fmt(v);
    if (s.indexOf("e") < 0) return s;
    var p = s.split("e");
    return (p[0] === "1" ? "" : p[0] + "\\cdot ") + "10^{" + parseInt(p[1], 10) + "}";
  }
  function renderRule(el, live) {
    if (!window.katex) return;
    var src = el.getAttribute("data-tex") + "|" + el.getAttribute("data-values");
    if (el._src !== src) { el._src = src; el._live = {}; el._key = null; }   // new from the server
    if (live) Object.assign(el._live, live);
    var key = src + JSON.stringify(el._live);
    if (key === el._key && el.firstChild) return;
    el._key = key;
    var vals = Object.assign(JSON.parse(el.getAttribute("data-values") || "{}"), el._live);
    el.innerHTML = JSON.parse(el.getAttribute("data-tex") || "[]").map(function (tex) {
      var guard = /^⟦(\w+)⟧/.exec(tex);        // a penalty's line: shown only while it is not 0
      if (guard) {
        if (Number(vals[guard[1]]) === 0) return "";
        tex = tex.slice(guard[0].length);
      }
      tex = tex.replace(/⟨(\w+)⟩/g, function (m, name) { return name in vals ? texNum(vals[name]) : name; });
      return window.katex.renderToString(tex, { displayMode: true, throwOnError: false });
    }).join("");
  }
  function renderRules() {
    var els = document.querySelectorAll(".rule[data-tex]");
    for (var i = 0; i < els.length; i++) renderRule(els[i]);
  }
  var rulesDue = false;
  function rulesSoon() {
    if (rulesDue) return;
    rulesDue = true;
    setTimeout(function () { rulesDue = false; renderRules(); }, 0);
  }
  function watchRules() {       // run cards come and go with Dash's renders
    new MutationObserver(function (muts) {
      for (var i = 0; i < muts.length; i++) {
        var m = muts[i];
        if (m.type === "attributes" || (m.addedNodes.length && !(m.target instanceof SVGElement))) { rulesSoon(); return; }
      }
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-tex", "data-values"] });
    rulesSoon();
  }

  // ---------------------------------------------------------------- live preview (a slider moving)
  // While a run's slider moves, the map follows the hand: the current query and the slider's
  // position go to the server's `_preview` route (app/callbacks/preview.py), which answers
  // with the payload an edit would send. One request in flight, the latest position waiting.
  // Once the map shows the moves and the hand rests (COMMIT_MS), they are committed to Dash
  // (store `slider-commit`): the ordinary edit writes the URL, the summary table, the axes.
  // Moves committed but not yet back in an edit's payload are sent again with the next ones
  // (each move is a slider's absolute position), so a late answer cannot lose one.
  var COMMIT_MS = 120;
  var PV = { busy: false, next: false, loads: 0, url: null, edits: {}, sent: {}, timer: null };
  function previewUrl() {
    if (PV.url === null) {
      var c = document.getElementById("_dash-config"), cfg = c ? JSON.parse(c.textContent) : {};
      PV.url = (cfg.requests_pathname_prefix || "/") + "_preview";
    }
    return PV.url;
  }
  // A slider's thumb reports each move in `aria-valuenow` as soon as the slider re-renders,
  // before Dash hears of it: a focused thumb (keys, or a pointer: the slider focuses it) of a
  // slider marked `live-slider` (app/components/layout.py `param_row`) is a hand's move.
  function watchSliders() {
    new MutationObserver(function (muts) {
      for (var i = 0; i < muts.length; i++) {
        var th = muts[i].target, box = th === document.activeElement && th.closest(".live-slider[id]");
        if (!box) continue;     // not moved by a hand (a re-render), or not previewed
        var id;
        try { id = JSON.parse(box.id); } catch (e) { continue; }
        var v = parseFloat(th.getAttribute("aria-valuenow"));
        if (!isFinite(v)) continue;
        PV.edits[box.id] = { id: id, value: v };
        clearTimeout(PV.timer);
        preview();
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  }
  function preview() {
    if (PV.busy) { PV.next = true; return; }
    PV.busy = true;
    var since = PV.loads;
    fetch(previewUrl(), { method: "POST", headers: { "Content-Type": "application/json" },
                          body: JSON.stringify({ search: window.location.search, edits: moves() }) })
      .then(function (r) { return r.status === 200 ? r.json() : null; })
      .then(function (res) { if (res && res.data && PV.loads === since) loadData(res.data); })
      .catch(function () {})   // the commit's edit draws the picture anyway
      .then(function () {
        PV.busy = false;
        if (PV.next) { PV.next = false; preview(); }
        else { clearTimeout(PV.timer); PV.timer = setTimeout(commit, COMMIT_MS); }
      });
  }
  function moves() {            // every move not yet back from the server (sent or not)
    var all = Object.assign({}, PV.sent, PV.edits);
    return Object.keys(all).map(function (k) { return all[k]; });
  }
  function commit() {
    if (PV.busy || !Object.keys(PV.edits).length) return;
    var edits = moves();
    Object.assign(PV.sent, PV.edits);
    PV.edits = {};
    window.dash_clientside.set_props("slider-commit", { data: { edits: edits, t: Date.now() } });
  }

  function watch() { watchRules(); watchSliders(); }
  if (document.body) watch(); else document.addEventListener("DOMContentLoaded", watch);

  // ---------------------------------------------------------------- new trajectories
  function loadData(data) {
    if (!data || !data.runs) return;
    // a decoded copy (Dash keeps its own): binary arrays -> Float32Array
    var d = Object.assign({}, data, { runs: data.runs.map(function (r) {
      var out = {};
      for (var k in r) out[k] = r[k] && r[k].bdata ? U.unbinary(r[k]) : r[k];
      return out;
    }) });
    var first = !P.data;
    P.data = d;
    // the map's preferred height / width (the landscape's box at equal scales): on a phone the
    // map's height follows it (style.css), so a wide valley gets no tall empty band
    // (on the root: Dash re-renders the graph's own style)
    if (d.shape) document.documentElement.style.setProperty("--map-shape", d.shape);
    if (first) P.step = d.step === null || d.step === undefined ? d.steps : d.step;
    P.step = Math.max(0, Math.min(P.step, d.steps));
    if (hook()) {               // the figures are there: draw now, not a frame later
      P.geom = true; drawAll();
    } else hookSoon(50);
  }

  // ---------------------------------------------------------------- clientside callbacks
  ns.explorer = Object.assign(ns.explorer || {}, {
    // the URL query without `step` (pausing / scrubbing never asks the server for anything)
    // (and the map's size, which shapes its panels: app/figures/map.py `panel_aspect`)
    mainQuery: function (search, old) {
      var q = U.queryWithout(search, "step");
      return q === old && old !== undefined && old !== null ? [NO(), NO(), NO()] : [q, q, (sent = mapSize())];
    },
    // a slider's live label while dragging ("α = 0.001"). A freshly rendered slider reports its
    // (snapped) position: while that is where the label's exact value (from the URL) sits,
    // the label keeps that value.
    paramLabel: function (v, cur, meta) {
      var out = window.dash_clientside.callback_context.outputs_list;
      var id = out && (out.id || (out[0] && out[0].id));
      var p = meta && id && meta[id.name];
      if (!p || v === undefined || v === null) return NO();
      var num = typeof cur === "string" ? parseFloat(cur.split("=").pop()) : NaN;
      if (isFinite(num) && Math.abs(U.toSlider(p, num) - v) < 1e-6) return NO();
      var value = U.fromSlider(p, v), rule = id.type === "run-param-label" &&
        document.querySelector('.rule[data-run="' + id.run + '"]');
      if (rule) { var live = {}; live[id.name] = value; renderRule(rule, live); }
      var lang = U.params(window.location.search).get("lang") || "en";
      return ((p.symbols && p.symbols[lang]) || p.symbol) + " = " + U.pretty(value);
    },
    stepsLabel: function (v) { return v === undefined || v === null ? NO() : "T = " + v; },
    // new trajectories: the player takes over (its overlays follow the figures' next draw)
    load: function (data) { PV.loads++; PV.sent = {}; loadData(data); return NO(); },
  });

  window.explorer = { player: P, util: U, go: go, setPlaying: setPlaying, invalidate: invalidate, drawNow: applyStep,
                      addLayer: function (fn) { P.layers.push(fn); invalidate(); } };
})();
