/* Optimizer explorer: everything that happens in the browser without a server request.
 *
 * - mainQuery: the URL query without `step` (so pausing/scrubbing never triggers a recompute)
 * - paramLabel / stepsLabel: live slider readouts ("α = 0.001") while dragging
 * - the player: play / pause / step / scrub over trajectories that arrived once in a
 *   dcc.Store; each frame moves the heads, trails and arrows with Plotly.animate
 *   (redraw: false) on the existing figures, plus the cursor on the loss chart
 * - clicks on the map set the start point (dash_clientside.set_props on a store)
 */
(function () {
  "use strict";
  var NO = function () { return window.dash_clientside.no_update; };

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

  function applyStep() {
    var d = P.data, g = gd("map"), gl = gd("loss");
    if (!d || !g || !g.data) return;
    var s = P.step, T = d.trail, L = d.arrow, on = arrowsOn();
    var upd = [], idx = [];
    var nTr = g.data.length;
    for (var k = 0; k < d.runs.length; k++) {
      var r = d.runs[k], n = r.x.length, sk = Math.max(0, Math.min(s, n - 1));
      var ix = d.anim[k];
      if (!ix || ix[0] >= nTr) return;
      if (d.view === "3d") {
        upd.push({ x: [r.x[sk]], y: [r.y[sk]], z: [r.z[sk]] }); idx.push(ix[0]);
        continue;
      }
      var a = Math.max(0, sk - T), xs = r.x.slice(a, sk + 1), ys = r.y.slice(a, sk + 1), m = xs.length;
      var sizes = new Array(m), op = new Array(m);
      for (var i = 0; i < m; i++) { var f = (i + 1) / m; sizes[i] = 3 + 5 * f; op[i] = 0.15 + 0.6 * f; }
      sizes[m - 1] = 15; op[m - 1] = 1;
      upd.push({ x: xs, y: ys, marker: { size: sizes, opacity: op } }); idx.push(ix[0]);
      var gx = r.gx, mx = r.mx;
      var hasG = on && gx && sk < gx.length && sk < n;
      upd.push(hasG ? { x: [r.x[sk], r.x[sk] + L * gx[sk]], y: [r.y[sk], r.y[sk] + L * r.gy[sk]] }
                    : { x: [null], y: [null] });
      idx.push(ix[1]);
      var hasM = on && mx && sk < mx.length && sk < n;
      upd.push(hasM ? { x: [r.x[sk], r.x[sk] + L * mx[sk]], y: [r.y[sk], r.y[sk] + L * r.my[sk]] }
                    : { x: [null], y: [null] });
      idx.push(ix[2]);
    }
    if (d.view === "3d") {
      var px = [], py = [], pz = [];
      upd.forEach(function (u) { px.push(u.x); py.push(u.y); pz.push(u.z); });
      window.Plotly.restyle(g, { x: px, y: py, z: pz }, idx);
    } else {
      window.Plotly.animate(g, { data: upd, traces: idx },
        { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" });
    }
    if (gl && gl.data && d.loss_heads < gl.data.length) {
      var hx = [], hy = [];
      for (var j = 0; j < d.runs.length; j++) {
        var rr = d.runs[j], nn = rr.loss.length;
        if (!nn) continue;
        var sj = Math.min(s, nn - 1);
        hx.push(sj); hy.push(rr.loss[sj]);
      }
      window.Plotly.animate(gl, { data: [{ x: hx, y: hy }], traces: [d.loss_heads] },
        { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" });
      if (gl.layout.shapes && gl.layout.shapes.length) {
        window.Plotly.relayout(gl, { "shapes[0].x0": s, "shapes[0].x1": s });
      }
    }
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
      } else if (g && (g.data !== P.seenMap || (gl && gl.data !== P.seenLoss))) {
        applyStep();   // a new figure arrived: put the heads where the player is
      }
    }
    window.requestAnimationFrame(tick);
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
    var tag = (e.target && e.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || !P.data) return;
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
      return q === old ? NO() : q;
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
