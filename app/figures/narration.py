"""What the browser needs to narrate each update (sent once with the trajectories when
`narrate=1`; assets/lessons.js writes the words for the player's current step)."""
from __future__ import annotations

import numpy as np

from optim import METHODS

__all__ = ["narration_data"]


def _r6(a) -> list:
    a = np.asarray(a, dtype=float)
    out = np.array([float(f"{v:.6g}") if np.isfinite(v) else None for v in a.ravel()], dtype=object)
    return out.reshape(a.shape).tolist()


def narration_data(scene, res) -> list:
    """Per run: the method's name and hyperparameters, the gradient and the step taken at each
    step, and the rows its registry entry narrates (each state array, scaled per step where the
    rule says so, as (steps, 2) lists with their label in the page's language), for the browser
    to narrate any step without asking the server."""
    tr = res.trace
    dw = np.diff(np.asarray(res.xy), axis=1)         # the step actually taken, exactly
    plane = getattr(res.surface, "plane", None)     # a network: its vectors as (a, b) on the map's plane

    def shown(v):
        return plane.coords(v) if plane is not None else v
    t = np.arange(1, res.steps + 1, dtype=float)[:, None]
    out = []
    for k, run in enumerate(scene.runs):
        m = METHODS[run.method]
        hp = dict(run.values)
        rows = []
        for row in m.narration:
            if row.of is not None:          # an equivalent form of the step (constant α only)
                if run.schedule != "constant":
                    continue
                rows.append(dict(label=row.text.get(scene.lang, row.text["en"]),
                                 v=_r6(row.of(shown(tr["g"][k]), dw[k][:len(tr["g"][k])], hp))))
                continue
            v = shown(tr[row.key][k])
            if row.scale is not None:
                v = v * row.scale(t, hp)
            rows.append(dict(label=row.text.get(scene.lang, row.text["en"]), v=_r6(v)))
        if run.schedule != "constant":
            hp["schedule"] = run.schedule
        out.append(dict(method=run.method, name=m.label(scene.lang), hp=hp, g=_r6(shown(tr["g"][k])), rows=rows,
                        d=_r6(dw[k]), plane=plane is not None))
    return out
