/* Shared links, lecture mode and narrated steps (browser side; see app/lessons.py).
 *
 * - lang: without `lang=` in the link, the browser's language decides (uk* -> lang=uk);
 *   done before Dash reads the URL
 * - history: dcc.Location pushes a history entry per URL change; here pushes that only move
 *   the animation `step`, or continue a slider drag (pointer down on a slider, or arrow keys
 *   on it), replace the current entry instead: one entry per discrete change or drag
 * - back/forward: `resync` asks the server to re-render the controls from the URL
 * - Copy link: clipboard API with a visible confirmation; a text field to copy by hand otherwise
 * - lecture mode: `hide=controls,loss&show=alpha` -> classes on <body> and a generated stylesheet
 * - narration: the current update of every run, in words and numbers, from the trace that
 *   arrived with the trajectories; follows window.explorer.player.step (no server requests)
 */
(function () {
  "use strict";
  var U = window.explorer.util;       // shared helpers (assets/explorer.js, loaded first)
  var params = U.params, without = U.queryWithout;

  // ---------------------------------------------------------------- language from the browser
  (function () {
    var q = params(window.location.search);
    if (q.has("lang")) return;
    var nav = (navigator.languages && navigator.languages[0]) || navigator.language || "";
    if (/^uk\b/i.test(nav)) {
      var s = window.location.search.replace(/^\?/, "");
      window.history.replaceState(window.history.state, "", "?" + (s ? s + "&" : "") + "lang=uk" + window.location.hash);
    }
  })();

  // ---------------------------------------------------------------- history policy
  var L = { popped: false, lastPush: 0, narr: null, lastKey: null };
  var push = window.history.pushState.bind(window.history);
  var repl = window.history.replaceState.bind(window.history);
  // a slider being dragged (pointer down on it, or arrow keys on it within the last 1.5 s)
  var SLIDER = "[role=slider], [class*=slider]";
  L.sliderAt = 0; L.pointerDown = false;
  function onSlider(e) { return e.target && e.target.closest && e.target.closest(SLIDER); }
  document.addEventListener("pointerdown", function (e) { if (onSlider(e)) { L.pointerDown = true; L.sliderAt = Date.now(); } }, true);
  document.addEventListener("pointerup", function () { if (L.pointerDown) { L.pointerDown = false; L.sliderAt = Date.now(); } }, true);
  document.addEventListener("keydown", function (e) { if (onSlider(e)) L.sliderAt = Date.now(); }, true);
  window.history.pushState = function (state, title, url) {
    var now = Date.now(), next = "";
    try { next = new URL(url, window.location.href).search; } catch (e) { next = ""; }
    var stepOnly = without(next, "step") === without(window.location.search, "step");
    var slider = L.pointerDown || now - L.sliderAt < 1500;
    // the first URL change of a drag makes a history entry, the rest of the drag replaces it
    var dragging = slider && L.lastSlider && now - L.lastPush < 1500;
    L.lastPush = now; L.lastSlider = slider;
    var r = (stepOnly || dragging) ? repl(state, title, url) : push(state, title, url);
    mode();
    return r;
  };
  window.history.replaceState = function (state, title, url) { var r = repl(state, title, url); mode(); return r; };
  window.addEventListener("popstate", function () { L.popped = true; mode(); });

  // ---------------------------------------------------------------- a caption that no longer fits
  // A lesson's link writes only what differs from the lesson (app/model/codec.py `encode`): a
  // key beyond these means the scene was edited, and the caption (which states numbers of the
  // lesson as it opened) steps aside with a word and a way back (lessons.css `caption-stale`).
  var SAME_SCENE = ["preset", "lang", "step", "hide", "show", "narrate", "embed", "v"];
  function captionStale() {
    var q = params(window.location.search), body = document.body, edited = false;
    if (!body) return;
    q.forEach(function (v, k) { if (SAME_SCENE.indexOf(k) < 0) edited = true; });
    body.classList.toggle("caption-stale", q.has("preset") && edited);
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest(".caption-back") : null;
    if (!b) return;
    var name = params(window.location.search).get("preset");
    var pick = Array.prototype.find.call(document.querySelectorAll(".lesson-menu .lesson[id]"), function (el) {
      try { return JSON.parse(el.id).name === name; } catch (err) { return false; }
    });
    if (pick) pick.click();
  });

  // ---------------------------------------------------------------- lecture mode
  var PANELS = { runs: "#runs", landscape: "#surface-params" };
  // embed=1 (a slide's <iframe>): every panel but the picture and the player, and a way out
  var EMBED = ["header", "lessons", "runs", "landscape", "scene", "controls", "loss", "summary"];
  var OPEN = { en: "Open in the explorer ↗", uk: "Відкрити в дослідникові ↗" };
  function embedded(q, body) {
    var on = q.get("embed") === "1";
    body.classList.toggle("embed", on);
    var a = document.getElementById("embed-open");
    if (on && !a) {
      a = document.createElement("a");
      a.id = "embed-open"; a.className = "embed-open"; a.target = "_blank"; a.rel = "noopener";
      body.appendChild(a);
    }
    if (a) {
      var full = new URLSearchParams(q); full.delete("embed");
      a.href = window.location.pathname + (full.toString() ? "?" + full.toString() : "");
      a.textContent = OPEN[q.get("lang") === "uk" ? "uk" : "en"];
      a.style.display = on ? "" : "none";
    }
    return on;
  }
  function mode() {
    captionStale();
    var q = params(window.location.search), body = document.body;
    if (!body) return;
    var hide = (q.get("hide") || "").split(",").filter(Boolean);
    if (embedded(q, body)) hide = hide.concat(EMBED.filter(function (h) { return hide.indexOf(h) < 0; }));
    var show = (q.get("show") || "").split(",").filter(function (s) { return /^[a-z0-9_]+$/.test(s); });
    var key = hide.join(",") + "|" + show.join(",") + "|" + (q.get("lang") || "");
    if (key === L.lastKey) return;
    L.lastKey = key;
    // the names were checked by the server's codec (HIDEABLE); here: one class per name
    Array.prototype.slice.call(body.classList).forEach(function (c) {
      if (c.indexOf("hide-") === 0 && hide.indexOf(c.slice(5)) < 0) body.classList.remove(c);
    });
    hide.forEach(function (h) { if (/^[a-z]+$/.test(h)) body.classList.add("hide-" + h); });
    body.classList.toggle("lecture", hide.length > 0);
    var keep = show.length ? show.map(function (s) { return ":has([id*='\"name\":\"" + s + "\"'])"; }) : [":has(.never)"];
    var notKeep = show.length ? ":not(" + keep.map(function (k) { return "*" + k; }).join(", ") + ")" : "";
    var css = [];
    var all = hide.indexOf("controls") >= 0;
    if (all || hide.indexOf("runs") >= 0) {
      css.push("#runs > *" + notKeep + ", #controls > .panel-title:first-child { display: none !important; }");
      // a shown slider keeps its run's colour and method name (text: the method cannot change here)
      css.push("#runs .run-card > *:not(.run-head)" + notKeep + ", #runs .run-head > *:not(.swatch):not(.run-name) { display: none !important; }");
      css.push("#runs .run-head .run-name { display: inline !important; }");
    }
    if (all || hide.indexOf("landscape") >= 0) {
      css.push("#surface-params > *" + notKeep + ", .header .surface { display: none !important; }");
    }
    if (all || hide.indexOf("scene") >= 0) {
      css.push("#controls > *:not(#runs):not(#surface-params):not(.panel-title:first-child)" + notKeep + " { display: none !important; }");
    }
    // every panel of controls hidden: the shown sliders go under the picture, the loss chart
    // takes the side's height, and with the loss and summary hidden too the picture is full width
    var bare = all || ["runs", "landscape", "scene"].every(function (h) { return hide.indexOf(h) >= 0; });
    if (bare && !show.length) css.push(".controls { display: none !important; }");
    body.classList.toggle("lecture-strip", bare && show.length > 0);
    body.classList.toggle("lecture-tall-loss", bare && hide.indexOf("loss") < 0);
    body.classList.toggle("lecture-wide", bare && hide.indexOf("loss") >= 0 && hide.indexOf("summary") >= 0);
    if (bare && !show.length && hide.indexOf("loss") >= 0 && hide.indexOf("summary") >= 0) {
      css.push(".side { display: none !important; }");
    }
    var st = document.getElementById("lecture-style");
    if (!st) { st = document.createElement("style"); st.id = "lecture-style"; document.head.appendChild(st); }
    st.textContent = css.join("\n");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mode); else mode();

  // ---------------------------------------------------------------- copy link
  function flash(text) {
    var s = document.getElementById("copy-status");
    if (!s) return;
    s.textContent = "✓ " + text;
    s.classList.add("on");
    clearTimeout(L.flashTimer);
    L.flashTimer = setTimeout(function () { s.classList.remove("on"); s.textContent = ""; }, 2500);
  }
  function fallback(text, label) {
    var box = document.getElementById("copy-fallback-box"), input = document.getElementById("copy-fallback");
    if (!box || !input) return;
    box.style.display = "";
    input.value = text;
    input.focus(); input.select();
    var ok = false;
    try { ok = document.execCommand && document.execCommand("copy"); } catch (e) { ok = false; }
    if (ok) flash(label);
  }
  // text to the clipboard (or, where the browser will not, into a box to copy by hand)
  function copy(text, label) {
    L.lastCopied = text;
    var done = function () { flash(label || "Copied"); };
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text, label); });
    } else {
      fallback(text, label);
    }
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("#copy-link") : null;
    if (b) copy(window.location.href, b.getAttribute("data-copied"));
  });
  // a lesson chosen: close the drawer
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest(".lesson") : null;
    var d = b && b.closest("details");
    if (d) setTimeout(function () { d.open = false; }, 50);
  });

  // ---------------------------------------------------------------- narration
  function f(v) {
    if (v === null || v === undefined || !isFinite(v)) return "—";
    if (v === 0) return "0";
    var a = Math.abs(v);
    return (a >= 1e4 || a < 1e-3) ? v.toExponential(2).replace("e+", "e") : String(Number(v.toPrecision(3)));
  }
  function pair(a) { return "(" + f(a[0]) + ", " + f(a[1]) + ")"; }
  function lang() { return params(window.location.search).get("lang") === "uk" ? "uk" : "en"; }
  var W = {
    en: { step: "Update", of: "of", g: "gradient g", rate: "rate per coordinate |Δ|/|g|", took: "step taken ΔW", start: "At the start: step forward (▶|) to see the first update.",
          div: "diverged", sched: "α follows the schedule", plane: "vectors as their (a, b) on the map's plane" },
    uk: { step: "Оновлення", of: "з", g: "градієнт g", rate: "крок на координату |Δ|/|g|", took: "зроблений крок ΔW", start: "Початок: натисніть ▶|, щоб побачити перше оновлення.",
          div: "розбіжність", sched: "α змінюється за розкладом", plane: "вектори як їхні (a, b) на площині карти" },
  };
  function row(label, value) {
    var d = document.createElement("span");
    d.className = "nv";
    d.innerHTML = "<i></i>";
    d.firstChild.textContent = label + " = ";
    d.appendChild(document.createTextNode(value));
    return d;
  }
  function narrate() {
    var box = document.getElementById("narration");
    var P = window.explorer && window.explorer.player, d = P && P.data, N = L.narr;
    // on when the link says narrate=1, or says nothing and the scene narrates (a lesson whose
    // own query has narrate=1: the link then carries only preset=NAME)
    var q = params(window.location.search).get("narrate"), on = q === "1" || (q === null && !!N);
    var narrating = !!(on && N);
    if (document.body && narrating !== document.body.classList.contains("narrating")) {
      document.body.classList.toggle("narrating", narrating);
      // the map's box changed size: let Plotly (responsive) and the overlay re-fit it
      setTimeout(function () { window.dispatchEvent(new Event("resize")); }, 30);
    }
    if (!box || !on || !N || !d || !d.runs) { if (box && box.childNodes.length) box.textContent = ""; L.shown = null; return; }
    var s = P.step, key = s + "|" + d.key + "|" + lang();
    if (key === L.shown) return;
    L.shown = key;
    var w = W[lang()];
    box.textContent = "";
    var head = document.createElement("div");
    head.className = "nhead";
    head.textContent = s === 0 ? w.start : w.step + " t = " + s + " " + w.of + " " + d.steps +
      (N[0] && N[0].plane ? " · " + w.plane : "");
    box.appendChild(head);
    if (s === 0) return;
    var t = s;
    N.forEach(function (n, k) {
      var r = d.runs[k];
      if (!r) return;
      var line = document.createElement("div");
      line.className = "nrun";
      line.style.borderLeftColor = r.color;
      var name = document.createElement("b");
      name.textContent = n.name + " α=" + f(n.hp.alpha);
      line.appendChild(name);
      if (t > n.g.length || !n.d[t - 1] || n.d[t - 1][0] === null) { line.appendChild(row("✕", w.div)); box.appendChild(line); return; }
      var g = n.g[t - 1], h = n.hp;
      line.appendChild(row(w.g, pair(g)));
      n.rows.forEach(function (r) { line.appendChild(row(r.label, pair(r.v[t - 1]))); });
      var dx = n.d[t - 1][0], dy = n.d[t - 1][1];
      line.appendChild(row(w.took, pair([dx, dy])));
      if (!n.plane)       // a network's projected vectors have no per-coordinate rate
        line.appendChild(row(w.rate, pair([g[0] ? Math.abs(dx / g[0]) : NaN, g[1] ? Math.abs(dy / g[1]) : NaN])));
      if (h.schedule) line.appendChild(row("α_t", w.sched + " (" + h.schedule + ")"));
      box.appendChild(line);
    });
  }
  // the narration is one of the player's layers: redrawn with the step, no loop of its own
  window.explorer.addLayer(narrate);

  var ns = window.dash_clientside = window.dash_clientside || {};
  ns.lessons = {
    narrationData: function (data) {
      L.narr = data && data.narrate ? data.narrate : null; L.shown = null;
      narrate();
      return window.dash_clientside.no_update;
    },
    resync: function () {
      if (!L.popped) return window.dash_clientside.no_update;
      L.popped = false;
      return Date.now();
    },
    // the tab's title in the page's language (the header's h1)
    title: function () {
      var h = document.getElementById("title"), t = h && h.textContent;
      if (t && document.title !== t) document.title = t;
    },
  };
  window.explorer.lessons = { state: L, mode: mode, narrate: narrate, copy: copy };
})();
