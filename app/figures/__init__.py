"""The figures layer: pure builders, (landscape, results, options) -> Plotly figure dicts and
the payload the browser animates. Nothing here touches Dash or a server.

- `map`: the map (contour picture, paths, labels), the loss chart, the summary rows, the
  animation payload, the update rules in LaTeX;
- `analysis`: the sweep heatmap, outcome-vs-α lines, basin maps;
- `fit`: the fit panel and real mini-batch losses of data landscapes;
- `narration`: the per-step trace for narrated steps;
- `export`: the standalone animated page.
"""
