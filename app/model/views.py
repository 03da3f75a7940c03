"""The views of the picture, one entry each: the picker, the URL codec, the compute, the
figures and the browser player all read this table.

- `kind`: what the stage shows. "map": the 2-D map with the player (heads, trails and
  arrows drawn by the browser over the figure's axes); "3d": the surface with the player
  (heads moved by Plotly); "analysis": the sweep / basin panel instead of the map and player.
- `panels`: "one" (all runs on one map) or "run" (one small map per run, side by side).
- `text`: the key of the view's name in `app.text`.

To add a view: one entry here, its name in `app.text`, and (for a new kind) its figure in
`app.components.picture` / `app.components.analysis`.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["View", "VIEWS", "VIEW", "DEFAULT_VIEW"]


@dataclass(frozen=True)
class View:
    key: str
    kind: str = "map"            # "map" | "3d" | "analysis"
    panels: str = "one"          # "one" | "run"

    @property
    def text(self) -> str:
        return f"view_{self.key}"

    @property
    def player(self) -> bool:
        """Does the stage show the map and the player (else the analysis panel)?"""
        return self.kind != "analysis"


VIEW = {v.key: v for v in (
    View("overlay"),
    View("multiples", panels="run"),
    View("3d", kind="3d"),
    View("sweep", kind="analysis"),
    View("basin", kind="analysis"),
)}
VIEWS = tuple(VIEW)
DEFAULT_VIEW = "overlay"
