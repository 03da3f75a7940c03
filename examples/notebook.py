"""The explorer in a notebook (or as a script): run optimizers with the core, draw them with
the app's own figures. Each block is a notebook cell; as a script it writes the figures as
HTML files into the folder given on the command line (default: ./figures).

    python examples/notebook.py [OUT_DIR]
"""
import sys
from pathlib import Path

import numpy as np

import landscapes
from app.figures.notebook import plot, plot_loss
from optim import run, run_many

# %% GD, momentum and Adam race on Rosenbrock's valley
res = run_many("rosenbrock", [{"method": "gd", "alpha": 1e-3},
                              {"method": "momentum", "alpha": 1e-3, "beta": 0.9},
                              {"method": "adam", "alpha": 0.05}], start=(-1.5, 2.0), steps=300)
race = plot(res, animate=True)          # press ▶ under the map
race_loss = plot_loss(res)
print("final losses:", np.round(res.final_loss, 4))

# %% one run, paused at step 40, in Ukrainian
adam = run("himmelblau", "adam", start=(0.0, 0.0), steps=200, alpha=0.1)
paused = plot(adam, step=40, lang="uk")

# %% a real network: 105 weights, drawn on the plane of its paths' principal components
net = landscapes.get("mlp", dataset="moons", hidden=8, depth=2, val=0.2)
trained = run_many(net, [{"method": "gd", "alpha": 0.5}, {"method": "adam", "alpha": 0.01}], steps=300)
network = plot(trained)
print("validation accuracy at the end:", np.round(net.metrics(trained.theta[:, -1])["val_acc"], 3))

if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "figures")
    out.mkdir(parents=True, exist_ok=True)
    for name, fig in (("race", race), ("race-loss", race_loss), ("paused", paused), ("network", network)):
        fig.write_html(out / f"{name}.html", include_plotlyjs="cdn")
    print(f"wrote {len(list(out.glob('*.html')))} figures to {out}/")
