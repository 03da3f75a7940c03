"""The callbacks layer: thin glue between the page's components and the model. Each module
registers one part of the page's callbacks; `register(app)` registers them all."""
from __future__ import annotations

from . import analysis, explorer, export, fit, formula, lessons, preview

__all__ = ["register"]

PARTS = (explorer, preview, formula, fit, analysis, lessons, export)


def register(app) -> None:
    for part in PARTS:
        part.register(app)
