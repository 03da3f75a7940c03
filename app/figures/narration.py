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
    """Per run: the method, its hyperparameters and the core's trace (g, p, r per step, as
    (steps, 2) lists) for the browser to narrate any step without asking the server."""
    tr = res.trace
    dw = np.diff(np.asarray(res.xy), axis=1)         # the step actually taken, exactly
    out = []
    for k, run in enumerate(scene.runs):
        m = METHODS[run.method]
        hp = dict(run.values)
        if run.schedule != "constant":
            hp["schedule"] = run.schedule
        out.append(dict(method=run.method, name=m.label(scene.lang), state=list(m.state), hp=hp,
                        g=_r6(tr["g"][k]), m=_r6(tr["m"][k]), v=_r6(tr["v"][k]), d=_r6(dw[k])))
    return out
