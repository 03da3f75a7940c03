/* The fit panel (data-driven landscapes): the data set and, per run, the model at the
 * player's current step, in sync with the map's playback and without server requests.
 *
 * The trajectories (x = w, y = b) arrive once with the animation data (window.explorer.player.data);
 * `data.fit` (app/fit.py) holds the panel's static figure (points, axes) and the model kind.
 * Each frame we only move a few SVG lines over the Plotly figure: a straight line
 * ŷ = w x + b (two points), or the sigmoid σ(w x + b) (FIT_N points) with the decision
 * boundary x = −b/w (dashed).
 */
(function () {
  "use strict";
  var FIT_N = 60;
  var F = { key: null, data: null, step: -1, w: 0, h: 0, o: null, ready: false, frames: 0, ms: 0 };

  var U = window.explorer.util, mk = U.svg;      // shared helpers (assets/explorer.js, loaded first)
  function host() { return document.getElementById("fit"); }
  function px(ax, v) { return ax.toPx(v); }
  function sigmoid(z) { return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)); }

  function plot(h, fit) {
    F.ready = false; F.o = null;
    var p = window.Plotly.react(h, fit.figure.data, fit.figure.layout,
                                { displayModeBar: false, staticPlot: true, responsive: true });
    var done = function () { F.ready = true; F.step = -1; window.explorer.invalidate(); };
    if (p && p.then) p.then(done, function () {}); else done();
  }

  function build(h, d) {
    var xa = U.axis(h, "x", 0), ya = U.axis(h, "y", 0), cont = h.querySelector(".svg-container");
    if (!xa || !ya || !cont) return null;
    // (no size reads here: they would force a layout every frame; a resize sets F.dirty)
    if (F.o && !F.dirty && F.o.svg.isConnected && F.o.data === d) return F.o;
    F.dirty = false;
    var stale = cont.querySelectorAll("svg.fit-overlay");
    for (var i = 0; i < stale.length; i++) stale[i].remove();
    var svg = mk("svg", { "class": "fit-overlay" });
    svg.style.cssText = "position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;overflow:hidden";
    var main = cont.querySelector("svg.main-svg");
    cont.insertBefore(svg, main ? main.nextSibling : null);
    var clip = mk("clipPath", { id: "fit-clip" }, mk("defs", {}, svg));
    mk("rect", { x: xa.offset, y: ya.offset, width: xa.length, height: ya.length }, clip);
    var g = mk("g", { "clip-path": "url(#fit-clip)" }, svg);
    var logistic = d.fit.kind === "logreg";
    var lines = d.runs.map(function (r, k) {
      var e = { model: mk(logistic ? "polyline" : "line", { "class": "fit-model", "data-run": k, stroke: r.color,
                 "stroke-width": 2.5, fill: "none", "stroke-linejoin": "round" }, g) };
      if (logistic) e.boundary = mk("line", { "class": "fit-boundary", "data-run": k, stroke: r.color, "stroke-width": 1.5,
                                              "stroke-dasharray": "5,4", y1: ya.offset, y2: ya.offset + ya.length }, g);
      return e;
    });
    F.o = { svg: svg, data: d, lines: lines, xa: xa, ya: ya };
    return F.o;
  }

  function draw(h, d, s) {
    var o = build(h, d);
    if (!o) return false;
    var xa = o.xa, ya = o.ya, xr = d.fit.xr, logistic = d.fit.kind === "logreg";
    for (var k = 0; k < d.runs.length; k++) {
      var r = d.runs[k], e = o.lines[k], n = r.x.length;
      if (!n) { e.model.setAttribute("visibility", "hidden"); continue; }
      var sk = Math.max(0, Math.min(s, n - 1)), w = r.x[sk], b = r.y[sk];
      e.model.setAttribute("visibility", "visible");
      e.model.setAttribute("data-w", w); e.model.setAttribute("data-b", b);
      if (!logistic) {
        e.model.setAttribute("x1", px(xa, xr[0])); e.model.setAttribute("y1", px(ya, w * xr[0] + b));
        e.model.setAttribute("x2", px(xa, xr[1])); e.model.setAttribute("y2", px(ya, w * xr[1] + b));
        continue;
      }
      var pts = [];
      for (var i = 0; i < FIT_N; i++) {
        var x = xr[0] + (xr[1] - xr[0]) * i / (FIT_N - 1);
        pts.push(px(xa, x).toFixed(1) + "," + px(ya, sigmoid(w * x + b)).toFixed(1));
      }
      e.model.setAttribute("points", pts.join(" "));
      var xb = w !== 0 ? -b / w : NaN;
      if (isFinite(xb) && xb >= xr[0] && xb <= xr[1]) {
        e.boundary.setAttribute("visibility", "visible");
        e.boundary.setAttribute("x1", px(xa, xb)); e.boundary.setAttribute("x2", px(xa, xb));
      } else e.boundary.setAttribute("visibility", "hidden");
    }
    return true;
  }

  // one of the player's layers (assets/explorer.js): redrawn with every step and figure draw
  function layer(P) {
    var d = P.data, h = host();
    if (!h || !window.Plotly) return;
    var fit = d && d.fit;
    U.showPanel(h, !!fit, "data-landscape");
    if (!fit) { F.key = null; return; }
    if (fit.key !== F.key) { F.key = fit.key; plot(h, fit); }
    if (F.ready && (P.step !== F.step || d !== F.data || !F.o || F.dirty)) {
      var t0 = performance.now();
      if (draw(h, d, P.step)) { F.step = P.step; F.data = d; F.frames++; F.ms += performance.now() - t0; }
    }
  }
  window.explorer.addLayer(layer);
  // Plotly re-lays the panel out on resize (responsive): rebuild the overlay after it
  function redraw() { F.dirty = true; window.explorer.invalidate(); }
  window.addEventListener("resize", function () { setTimeout(redraw, 120); setTimeout(redraw, 400); });

  window.explorer.fit = {
    state: F,
    // per run: the (w, b) drawn now, and the line's screen coordinates (tests, debugging)
    lines: function () {
      if (!F.o) return [];
      return F.o.lines.map(function (e) {
        var m = e.model;
        return { w: +m.getAttribute("data-w"), b: +m.getAttribute("data-b"),
                 d: m.getAttribute("points") || [m.getAttribute("x1"), m.getAttribute("y1"), m.getAttribute("x2"), m.getAttribute("y2")].join(",") };
      });
    },
  };
})();
