/* Optimizer explorer: PNG export of the map (app/export.py). Plotly draws the figure to a
   PNG in the browser; the trajectory heads and arrows of the live view are an overlay of
   assets/explorer.js, so the PNG shows the paths, labels and background. */
window.explorerExport = {
  png: function (scale) {
    var gd = document.querySelector('#map .js-plotly-plot');
    if (!gd || !window.Plotly) { return null; }
    var name = (new URLSearchParams(window.location.search).get('surface') || 'rosenbrock').split(',')[0];
    return window.Plotly.downloadImage(gd, {format: 'png', filename: name + '-map', scale: scale || 2,
                                            width: gd.offsetWidth, height: gd.offsetHeight});
  }
};
