/* Optimizer explorer: everything that happens in the browser without a server request.
 *
 * - mainQuery: the URL query without `step` (so pausing/scrubbing never triggers a recompute)
 * - paramLabel / stepsLabel: live slider readouts ("α = 0.001") while dragging
 * - the player: play / pause / step / scrub over trajectories that arrived once in a
 *   dcc.Store; each frame moves the heads, trails and arrows (and the loss chart's cursor)
 *   in an SVG overlay positioned with the figures' own axes (3D: Plotly.restyle)
 * - clicks on the map set the start point (dash_clientside.set_props on a store)
 */
(function () {
  "use strict";
  var NO = function () { return window.dash_clientside.no_update; };
  // an interrupted Plotly call may reject its promise: expected, not an error
  function quiet(p) { if (p && p.catch) p.catch(function () {}); return p; }

  function fmt(v) {
    if (!isFinite(v)) return String(v);
    if (v === Math.round(v) && Math.abs(v) < 1e15) return String(v);
    var s = Number(v.toPrecision(6)).toString();
    if (s.indexOf("e") >= 0) { var p = s.split("e"); s = p[0] + "e" + parseInt(p[1], 10); }
    return s;
  }
  function nice(v) { return v === 0 ? 0 : Number(v.toPrecision(2)); }
  function fromSlider(p, s) {
    var v;
    if (p.scale === "pow2") v = Math.pow(2, Math.round(s));
    else if (p.scale === "log") v = nice(Math.pow(10, s));
    else v = Math.round(s * 1e6) / 1e6;
    return Math.min(Math.max(v, p.lo), p.hi);
  }

  function queryWithout(search, key) {
    var q = (search || "").replace(/^\?/, "");
    if (!q) return "";
    return q.split("&").filter(function (kv) { return kv.split("=")[0] !== key; }).join("&");
  }

  // ------------------------------------------------------------------ player
  var P = {
    data: null, step: 0, playing: false, speed: 100, acc: 0, last: null,
    seenMap: null, seenLoss: null, urlTimer: null, frames: 0,
  };

  function gd(id) { return document.querySelector("#" + id + " .js-plotly-plot"); }
  function el(id) { return document.getElementById(id); }
  function arrowsOn() {
    var box = document.querySelector("#arrows input");
    return !box || box.checked;
  }

  // ---------------------------------------------------------------- the overlay
  // Heads, fading trails, arrows and the loss cursor are drawn in an SVG layer of our own
  // over each Plotly figure, positioned with the figure's axes: a frame is a few attribute
  // writes (well under 1 ms for 8 runs), where Plotly.animate/restyle cost 30-45 ms.
  var SVGNS = "http://www.w3.org/2000/svg";
  function mk(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function overlay(g, key) {
    var host = g.querySelector(".svg-container");
    if (!host) return null;
    var o = g.__explorerOverlay;
    if (!o || !o.svg.isConnected || o.key !== key) {
      if (o && o.svg.isConnected) o.svg.remove();
      var svg = mk("svg", { "class": "explorer-overlay" });
      svg.style.cssText = "position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;overflow:hidden";
      var main = host.querySelector("svg.main-svg");
      host.insertBefore(svg, main ? main.nextSibling : null);
      o = g.__explorerOverlay = { svg: svg, key: key, defs: mk("defs", {}, svg) };
    }
    return o;
  }
  function axisOf(fl, letter, i) { return fl[letter + "axis" + (i ? i + 1 : "")]; }
  function px(ax, v) { return ax._offset + ax.l2p(ax.c2l(v)); }
  function inside(ax, p) { return p >= ax._offset - 1 && p <= ax._offset + ax._length + 1; }
  function arrowMarker(o, id, color) {
    var m = mk("marker", { id: id, viewBox: "0 0 10 10", refX: "8", refY: "5", markerWidth: "5", markerHeight: "5",
                           orient: "auto-start-reverse" }, o.defs);
    mk("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: color }, m);
  }

  function buildMap(g, d) {
    var o = overlay(g, "map|" + d.view + "|" + d.runs.length + "|" + d.steps + "|" + d.key);
    if (!o) return null;
    if (!o.runs) {
      o.runs = d.runs.map(function (r, k) {
        var grp = mk("g", {}, o.svg), trail = [];
        arrowMarker(o, "ah-g-" + k, "#222");
        arrowMarker(o, "ah-m-" + k, r.color);
        var gl = mk("line", { stroke: "#222", "stroke-width": 2.5, "marker-end": "url(#ah-g-" + k + ")" }, grp);
        var ml = mk("line", { stroke: r.color, "stroke-width": 2.5, "marker-end": "url(#ah-m-" + k + ")" }, grp);
        for (var i = 0; i <= d.trail; i++) {
          var last = i === d.trail;
          trail.push(mk("circle", { fill: r.color, stroke: last ? "white" : "none", "stroke-width": last ? 2 : 0 }, grp));
        }
        return { g: gl, m: ml, trail: trail };
      });
    }
    return o;
  }

  function drawMap(g, d, s, on) {
    var o = buildMap(g, d), fl = g._fullLayout;
    if (!o || !fl) return;
    for (var k = 0; k < d.runs.length; k++) {
      var r = d.runs[k], e = o.runs[k], n = r.x.length, sk = Math.max(0, Math.min(s, n - 1));
      var pi = d.view === "multiples" ? k : 0, xa = axisOf(fl, "x", pi), ya = axisOf(fl, "y", pi);
      if (!xa || !ya || !n) continue;
      var T = d.trail, a = sk - T;
      for (var i = 0; i <= T; i++) {
        var c = e.trail[i], j = a + i;
        if (j < 0) { c.setAttribute("r", 0); continue; }
        var X = px(xa, r.x[j]), Y = px(ya, r.y[j]);
        if (!inside(xa, X) || !inside(ya, Y)) { c.setAttribute("r", 0); continue; }
        var f = (i + 1) / (T + 1), head = i === T;
        c.setAttribute("cx", X); c.setAttribute("cy", Y);
        c.setAttribute("r", head ? 7.5 : 1.5 + 2.5 * f);
        c.setAttribute("fill-opacity", head ? 1 : 0.15 + 0.6 * f);
      }
      var hx = px(xa, r.x[sk]), hy = px(ya, r.y[sk]), ok = inside(xa, hx) && inside(ya, hy);
      // arrows: a fixed length on screen, in the direction of −g (black) and of −p (run colour)
      var len = 0.09 * Math.min(xa._length, ya._length);
      [["gx", "gy", e.g], ["mx", "my", e.m]].forEach(function (v) {
        var ux = r[v[0]], uy = r[v[1]], line = v[2];
        if (!on || !ok || !ux || sk >= ux.length || (ux[sk] === 0 && uy[sk] === 0)) { line.setAttribute("visibility", "hidden"); return; }
        // direction in data units -> screen units (the axes may be scaled differently)
        var dx = px(xa, r.x[sk] + ux[sk] * 1e-3 * (xa.range[1] - xa.range[0])) - hx;
        var dy = px(ya, r.y[sk] + uy[sk] * 1e-3 * (ya.range[1] - ya.range[0])) - hy;
        var norm = Math.sqrt(dx * dx + dy * dy) || 1;
        line.setAttribute("visibility", "visible");
        line.setAttribute("x1", hx); line.setAttribute("y1", hy);
        line.setAttribute("x2", hx + len * dx / norm); line.setAttribute("y2", hy + len * dy / norm);
      });
    }
  }

  function drawLoss(gl, d, s) {
    var fl = gl && gl._fullLayout;
    if (!fl || !fl.xaxis) return;
    var o = overlay(gl, "loss|" + d.runs.length + "|" + d.key);
    if (!o) return;
    if (!o.cursor) {
      o.cursor = mk("line", { stroke: "#888", "stroke-width": 1.5, "stroke-dasharray": "3,3" }, o.svg);
      o.heads = d.runs.map(function (r) { return mk("circle", { r: 5, fill: r.color, stroke: "white", "stroke-width": 1.5 }, o.svg); });
    }
    var xa = fl.xaxis, ya = fl.yaxis, X = px(xa, s);
    o.cursor.setAttribute("x1", X); o.cursor.setAttribute("x2", X);
    o.cursor.setAttribute("y1", ya._offset); o.cursor.setAttribute("y2", ya._offset + ya._length);
    for (var k = 0; k < d.runs.length; k++) {
      var r = d.runs[k], n = r.loss.length, c = o.heads[k];
      if (!n) { c.setAttribute("r", 0); continue; }
      var sk = Math.min(s, n - 1), v = r.loss[sk], Y = v === null ? NaN : px(ya, v);
      var X2 = px(xa, sk);
      if (!isFinite(Y) || !inside(ya, Y)) { c.setAttribute("r", 0); continue; }
      c.setAttribute("r", 5); c.setAttribute("cx", X2); c.setAttribute("cy", Y);
    }
  }

  function applyStep() {
    var d = P.data, g = gd("map"), gl = gd("loss");
    if (!d || !g || !g.data || !g._fullLayout) return;
    var s = P.step;
    if (d.view === "3d") {
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
    drawLoss(gl, d, s);
    var sc = el("scrub");
    if (sc) { sc.max = d.steps; sc.value = s; }
    var ro = el("step-readout");
    if (ro) ro.textContent = s + " / " + d.steps;
    P.seenMap = g.data; P.seenLoss = gl ? gl.data : null;
  }

  function setPlaying(on) {
    P.playing = on;
    P.last = null; P.acc = 0;
    var b = el("play");
    if (b) { b.textContent = on ? "❚❚" : "▶"; b.classList.toggle("on", on); }
    if (!on) writeStep();
  }

  function writeStep() {
    clearTimeout(P.urlTimer);
    P.urlTimer = setTimeout(function () {
      if (!P.data || !window.dash_clientside || !window.dash_clientside.set_props) return;
      var q = queryWithout(window.location.search, "step");
      if (P.step < P.data.steps) q = (q ? q + "&" : "") + "step=" + P.step;
      var search = q ? "?" + q : "";
      if (search !== window.location.search) window.dash_clientside.set_props("url", { search: search });
    }, 350);
  }

  function go(s) {
    if (!P.data) return;
    P.step = Math.max(0, Math.min(P.data.steps, Math.round(s)));
    applyStep();
  }

  function tick(now) {
    P.frames++;
    if (P.data) {
      var g = gd("map"), gl = gd("loss");
      if (P.playing) {
        if (P.last !== null) {
          P.acc += (now - P.last) / 1000 * P.speed;
          var adv = Math.floor(P.acc);
          if (adv > 0) {
            P.acc -= adv;
            P.step = Math.min(P.data.steps, P.step + adv);
            applyStep();
            if (P.step >= P.data.steps) setPlaying(false);
          }
        }
        P.last = now;
      } else if (g && (g.data !== P.seenMap || (gl && gl.data !== P.seenLoss) || P.dirty)) {
        P.dirty = false;
        applyStep();   // a new figure arrived: put the heads where the player is
      }
    }
    window.requestAnimationFrame(tick);
  window.addEventListener("resize", function () { P.dirty = true; setTimeout(function () { P.dirty = true; }, 300); });
  }
  window.requestAnimationFrame(tick);

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
    if (e.target && e.target.closest && e.target.closest("#arrows")) applyStep();
  });
  document.addEventListener("keydown", function (e) {
    // only when nothing else wants the keys (sliders, inputs, menus use arrows themselves)
    var t = e.target;
    if (!P.data || (t && t !== document.body && !(t.closest && t.closest("#map, .player button")))) return;
    if (e.key === " ") { e.preventDefault(); el("play") && el("play").click(); }
    else if (e.key === "ArrowRight") { setPlaying(false); go(P.step + 1); }
    else if (e.key === "ArrowLeft") { setPlaying(false); go(P.step - 1); }
  });

  // clicks on the map move the start point (2D views only)
  document.addEventListener("click", function (e) {
    var host = e.target.closest ? e.target.closest("#map") : null;
    if (!host || !P.data || P.data.view === "3d") return;
    if (e.target.closest(".modebar")) return;
    var g = gd("map");
    if (!g || !g._fullLayout) return;
    var box = g.getBoundingClientRect(), px = e.clientX - box.left, py = e.clientY - box.top;
    var fl = g._fullLayout, axes = fl._subplots ? fl._subplots.cartesian : ["xy"];
    for (var i = 0; i < axes.length; i++) {
      var m = /^(x\d*)(y\d*)$/.exec(axes[i]);
      if (!m) continue;
      var xa = fl[m[1].replace("x", "xaxis")], ya = fl[m[2].replace("y", "yaxis")];
      if (!xa || !ya) continue;
      var u = px - xa._offset, v = py - ya._offset;
      if (u < 0 || v < 0 || u > xa._length || v > ya._length) continue;
      var x = xa.p2l(u), y = ya.p2l(v);
      window.dash_clientside.set_props("map-click", { data: { x: +x.toPrecision(4), y: +y.toPrecision(4), t: Date.now() } });
      return;
    }
  });

  window.explorer = {
    player: P,
    go: go,
    setPlaying: setPlaying,
    mainQuery: function (search, old) {
      var q = queryWithout(search, "step");
      return q === old && old !== undefined && old !== null ? NO() : q;
    },
    paramLabel: function (v, meta) {
      var ctx = window.dash_clientside.callback_context;
      var out = ctx.outputs_list, id = out && (out.id || (out[0] && out[0].id));
      var p = meta && id && meta[id.name];
      if (!p || v === undefined || v === null) return NO();
      return p.symbol + " = " + fmt(fromSlider(p, v));
    },
    stepsLabel: function (v) { return v === undefined || v === null ? NO() : "T = " + v; },
    load: function (data) {
      if (!data) return NO();
      var first = !P.data;
      P.data = data;
      if (first) P.step = data.step === null || data.step === undefined ? data.steps : data.step;
      P.step = Math.max(0, Math.min(P.step, data.steps));
      P.seenMap = null;   // re-apply as soon as the new figure is on screen
      return NO();
    },
  };
})();
