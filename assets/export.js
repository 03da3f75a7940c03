/* Optimizer explorer: PNG export of the map (app/export.py), in the browser. Plotly draws
   the figure (background, paths, labels); the heads, trails and arrows of the current step
   are assets/explorer.js's SVG overlay, so it is drawn on top, at the same scale. */
window.explorer.exporter = (function () {
  function load(img, src) {
    return new Promise(function (ok, fail) { img.onload = function () { ok(img); }; img.onerror = fail; img.src = src; });
  }

  function save(url, filename) {
    var a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  /* The map as a canvas (plot + overlay), `scale` times the size on screen. */
  function canvas(scale) {
    var gd = document.querySelector('#map .js-plotly-plot');
    if (!gd || !window.Plotly) { return Promise.reject(new Error('no map')); }
    scale = scale || 2;
    var w = gd.offsetWidth, h = gd.offsetHeight;
    var c = document.createElement('canvas');
    c.width = Math.round(w * scale);
    c.height = Math.round(h * scale);
    var ctx = c.getContext('2d');
    return window.Plotly.toImage(gd, {format: 'png', width: w, height: h, scale: scale})
      .then(function (url) { return load(new Image(), url); })
      .then(function (img) {
        ctx.drawImage(img, 0, 0, c.width, c.height);
        // the player's overlays (paths and marks, then heads and arrows), in order, at the same scale
        var layers = Array.prototype.slice.call(gd.querySelectorAll('svg.explorer-overlay'));
        return layers.reduce(function (done, ov) {
          return done.then(function () {
            var clone = ov.cloneNode(true);
            clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
            clone.setAttribute('width', w);
            clone.setAttribute('height', h);
            clone.removeAttribute('style');
            // arrow heads are defined in the first layer: carry its definitions along
            var defs = gd.querySelector('svg.explorer-overlay defs');
            if (defs && !clone.querySelector('defs')) { clone.insertBefore(defs.cloneNode(true), clone.firstChild); }
            var src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(clone));
            return load(new Image(), src).then(function (o) { ctx.drawImage(o, 0, 0, c.width, c.height); });
          });
        }, Promise.resolve()).then(function () { return c; });
      });
  }

  function png(scale) {
    var name = (new URLSearchParams(window.location.search).get('surface') || 'rosenbrock').split(',')[0];
    return canvas(scale).then(function (c) { save(c.toDataURL('image/png'), name + '-map.png'); })
      .catch(function (err) {   // never leave the button dead: fall back to Plotly's own download
        var gd = document.querySelector('#map .js-plotly-plot');
        if (gd && window.Plotly) { return window.Plotly.downloadImage(gd, {format: 'png', filename: name + '-map', scale: scale || 2}); }
        throw err;
      });
  }

  /* The <iframe> that embeds this scene in a slide (the size the slides give Distill's
     article): the page's own link with embed=1. */
  function embedCode() {
    var q = new URLSearchParams(window.location.search);
    q.set('embed', '1');
    var src = window.location.origin + window.location.pathname + '?' + q.toString();
    return '<iframe src="' + src.replace(/&/g, '&amp;').replace(/"/g, '&quot;') +
      '" width="950" height="600" style="border:0" loading="lazy" title="Optimizer explorer"></iframe>';
  }

  return {png: png, canvas: canvas, embedCode: embedCode};
})();

document.addEventListener('click', function (e) {
  var b = e.target.closest ? e.target.closest('#export-embed') : null;
  if (b && window.explorer.lessons) { window.explorer.lessons.copy(window.explorer.exporter.embedCode(), b.getAttribute('data-copied')); }
});

// the Export menu's PNG button (a clientside callback, app/callbacks/export.py)
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.explorer = Object.assign(window.dash_clientside.explorer || {}, {
  exportPng: function (n) {
    if (n) { window.explorer.exporter.png(); }
    return window.dash_clientside.no_update;
  },
});
