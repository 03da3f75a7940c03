/* The model panel (a network landscape): the data set and, per run, the network at the
 * player's current step: P(class 1) as shading, the decision boundary P = 0.5 as a line,
 * the training points (filled) and the validation points (rings), and the accuracy there.
 *
 * `data.model` (app/figures/network.py `model_data`) holds the layer sizes, the window, the
 * points, and per run its weights θ at `steps` (up to 120 snapshots): each frame this draws
 * the snapshot at or before the player's step, computing the network's forward pass (tanh
 * hidden layers, a sigmoid output) on a G × G grid in the browser. No server requests.
 */
(function () {
  "use strict";
  var G = 48;                                   // shading cells per side of a tile
  var RED = [214, 39, 40], BLUE = [31, 119, 180];
  var S = { key: null, m: null, frame: null, data: null, drawn: [], dirty: true, frames: 0 };
  var U = window.explorer.util;

  function host() { return document.getElementById("model"); }

  function decode(m) {
    function pts(p) { return { x: U.unbinary(p.x), y: U.unbinary(p.y), c: U.unbinary(p.c) }; }
    return { key: m.key, sizes: m.sizes, xr: m.xr, yr: m.yr, steps: m.steps, text: m.text,
             train: pts(m.train), val: pts(m.val),
             runs: m.runs.map(function (r) { return { theta: U.unbinary(r.theta), acc: U.unbinary(r.acc), val: U.unbinary(r.val) }; }) };
  }

  // the snapshot shown at step s: the last one at or before it
  function frameAt(steps, s) {
    var lo = 0, hi = steps.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (steps[mid] <= s) lo = mid; else hi = mid - 1; }
    return lo;
  }

  // P(class 1) at the points (xs, ys) for the weights theta[off ...] (layout: W (in, out)
  // row by row, then b (out), layer after layer: landscapes/mlp.py `layers`)
  function forward(theta, off, sizes, xs, ys) {
    var n = xs.length, h = new Float64Array(n * 2), out = new Float64Array(n);
    for (var i = 0; i < n; i++) { h[2 * i] = xs[i]; h[2 * i + 1] = ys[i]; }
    var at = off;
    for (var l = 0; l + 1 < sizes.length; l++) {
      var a = sizes[l], b = sizes[l + 1], last = l + 2 === sizes.length, nh = new Float64Array(n * b);
      for (var p = 0; p < n; p++) {
        for (var o = 0; o < b; o++) {
          var z = theta[at + a * b + o];
          for (var q = 0; q < a; q++) z += h[p * a + q] * theta[at + q * b + o];
          nh[p * b + o] = last ? z : Math.tanh(z);
        }
      }
      at += a * b + b;
      h = nh;
    }
    for (var r = 0; r < n; r++) out[r] = h[r] >= 0 ? 1 / (1 + Math.exp(-h[r])) : Math.exp(h[r]) / (1 + Math.exp(h[r]));
    return out;
  }

  function grid(m) {
    if (m.gx) return;
    var xs = new Float64Array(G * G), ys = new Float64Array(G * G);
    for (var j = 0; j < G; j++) for (var i = 0; i < G; i++) {
      xs[j * G + i] = m.xr[0] + (m.xr[1] - m.xr[0]) * (i + 0.5) / G;
      ys[j * G + i] = m.yr[1] - (m.yr[1] - m.yr[0]) * (j + 0.5) / G;      // row 0 at the top
    }
    m.gx = xs; m.gy = ys;
  }

  function build(h, m, d) {
    h.innerHTML = "";
    var title = document.createElement("div");
    title.className = "model-title";
    title.textContent = m.text.title;
    h.appendChild(title);
    var row = document.createElement("div");
    row.className = "model-tiles";
    h.appendChild(row);
    var K = m.runs.length, cols = Math.min(K, 4);
    var W = h.clientWidth - 16;
    var size = Math.max(60, Math.min(150, Math.floor((W - (cols - 1) * 8) / cols)));
    var dpr = window.devicePixelRatio || 1;
    S.tiles = m.runs.map(function (r, k) {
      var tile = document.createElement("div");
      tile.className = "model-tile";
      var c = document.createElement("canvas");
      c.width = Math.round(size * dpr); c.height = Math.round(size * dpr);
      c.style.width = size + "px"; c.style.height = size + "px";
      c.style.borderColor = d.runs[k] ? d.runs[k].color : "#999";
      c.setAttribute("data-run", k);
      var cap = document.createElement("div");
      cap.className = "model-caption";
      cap.style.width = size + "px";
      tile.appendChild(c); tile.appendChild(cap); row.appendChild(tile);
      return { canvas: c, caption: cap, size: size, dpr: dpr };
    });
    S.dirty = false;
  }

  function boundary(ctx, p, cell) {
    // marching squares on P − 0.5 over the cell centres: one segment per crossed cell
    ctx.beginPath();
    for (var j = 0; j + 1 < G; j++) for (var i = 0; i + 1 < G; i++) {
      var v = [p[j * G + i] - 0.5, p[j * G + i + 1] - 0.5, p[(j + 1) * G + i + 1] - 0.5, p[(j + 1) * G + i] - 0.5];
      var corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]], cross = [];
      for (var e = 0; e < 4; e++) {
        var a = v[e], b = v[(e + 1) % 4];
        if ((a < 0) !== (b < 0)) {
          var t = a / (a - b), A = corners[e], B = corners[(e + 1) % 4];
          cross.push([(A[0] + t * (B[0] - A[0]) + 0.5) * cell, (A[1] + t * (B[1] - A[1]) + 0.5) * cell]);
        }
      }
      for (var c = 0; c + 1 < cross.length; c += 2) { ctx.moveTo(cross[c][0], cross[c][1]); ctx.lineTo(cross[c + 1][0], cross[c + 1][1]); }
    }
    ctx.stroke();
  }

  function drawTile(tile, m, k, f, label, color) {
    var r = m.runs[k], P = m.theta_len || (m.theta_len = r.theta.length / m.steps.length);
    var ctx = tile.canvas.getContext("2d"), px = tile.canvas.width, cell = px / G;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, px, px);
    var ok = isFinite(r.theta[f * P]);
    var p = ok ? forward(r.theta, f * P, m.sizes, m.gx, m.gy) : null;
    if (p) {
      var img = ctx.createImageData(G, G);
      for (var q = 0; q < G * G; q++) {
        var w = p[q], s = Math.abs(w - 0.5) * 2 * 0.55;          // stronger where the network is sure
        var col = w >= 0.5 ? BLUE : RED;
        img.data[4 * q] = Math.round(255 + (col[0] - 255) * s);
        img.data[4 * q + 1] = Math.round(255 + (col[1] - 255) * s);
        img.data[4 * q + 2] = Math.round(255 + (col[2] - 255) * s);
        img.data[4 * q + 3] = 255;
      }
      var off = document.createElement("canvas");
      off.width = G; off.height = G;
      off.getContext("2d").putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(off, 0, 0, px, px);
      ctx.strokeStyle = "#222"; ctx.lineWidth = 1.6 * tile.dpr;
      boundary(ctx, p, cell);
    } else {
      ctx.fillStyle = "#f3f3f3"; ctx.fillRect(0, 0, px, px);
    }
    function dot(x, y, c, ring) {
      var X = (x - m.xr[0]) / (m.xr[1] - m.xr[0]) * px, Y = (m.yr[1] - y) / (m.yr[1] - m.yr[0]) * px;
      ctx.beginPath(); ctx.arc(X, Y, (ring ? 2.4 : 2.0) * tile.dpr, 0, 2 * Math.PI);
      var rgb = "rgb(" + (c > 0.5 ? BLUE : RED).join(",") + ")";
      if (ring) { ctx.strokeStyle = rgb; ctx.lineWidth = 1.2 * tile.dpr; ctx.stroke(); }
      else { ctx.fillStyle = rgb; ctx.fill(); ctx.strokeStyle = "white"; ctx.lineWidth = 0.6 * tile.dpr; ctx.stroke(); }
    }
    for (var i = 0; i < m.train.x.length; i++) dot(m.train.x[i], m.train.y[i], m.train.c[i], false);
    for (var v = 0; v < m.val.x.length; v++) dot(m.val.x[v], m.val.y[v], m.val.c[v], true);
    var acc = r.acc[f], val = r.val[f];
    function pct(a) { return isFinite(a) ? Math.round(100 * a) + "%" : "–"; }
    tile.caption.innerHTML = "";
    var name = document.createElement("b");
    name.style.color = color; name.textContent = label;
    tile.caption.appendChild(name);
    tile.caption.appendChild(document.createTextNode(pct(acc) + (m.val.x.length ? " / " + pct(val) : "")));
    tile.caption.title = label + " · " + m.text.step + " " + m.steps[f];
    return { run: k, step: m.steps[f], acc: acc, val: val, size: tile.size,
             p: p ? Array.prototype.slice.call(p, 0, 1) : null };
  }

  function layer(P) {
    var d = P.data, h = host();
    if (!h) return;
    var m = d && d.model;
    U.showPanel(h, !!m, "network-landscape");
    if (!m) { S.key = null; S.m = null; return; }
    if (m.key !== S.key || !S.m) { S.key = m.key; S.m = decode(m); grid(S.m); S.dirty = true; }
    if (S.dirty || S.data !== d) build(h, S.m, d);
    var f = frameAt(S.m.steps, P.step);
    if (f === S.frame && S.data === d && S.drawn.length) return;
    S.drawn = S.m.runs.map(function (r, k) {
      var run = d.runs[k] || {};
      return drawTile(S.tiles[k], S.m, k, f, run.label || "", run.color || "#333");
    });
    S.frame = f; S.data = d; S.frames++;
  }
  window.explorer.addLayer(layer);
  window.addEventListener("resize", function () {
    setTimeout(function () { S.dirty = true; S.frame = null; window.explorer.invalidate(); }, 150);
  });

  window.explorer.model = {
    state: S,
    // per run: the step whose weights are drawn, the accuracies shown, the tile's size (tests)
    tiles: function () { return S.drawn; },
    forward: forward,
  };
})();
