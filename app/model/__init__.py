"""The model layer: the page's state (`Scene`), its URL codec, pure scene edits, the views
and the lessons (presets). Everything here is plain Python over the core: no Dash, no
figures, no I/O, so it is tested without a server.
"""
from __future__ import annotations

from .codec import FIELDS, MAX_QUERY, SHOWABLE, VERSION, Field, Notice, decode, encode, localize, preset_scene
from .scene import (BASIN_BY, CLICKS, SWEEP_Y, LOSS_X, has_examples, CUSTOM, CUSTOM_BOUNDS, CUSTOM_TEXT, DEFAULT, DEFAULT_RUNS, HIDEABLE, LANGS,
                    MAX_FORMULA, MAX_GRID, MAX_RUNS, MAX_STEPS, SOURCE, STEPS_UI, RunState, Scene, bounds_text,
                    custom_params, fmt, landscape_of, nice, pretty, num_text, parse_bounds)
from .views import DEFAULT_VIEW, VIEW, VIEWS, View

__all__ = ["Scene", "RunState", "DEFAULT", "DEFAULT_RUNS", "decode", "encode", "localize", "Notice", "FIELDS",
           "Field", "VERSION", "MAX_QUERY", "SHOWABLE", "preset_scene", "VIEWS", "VIEW", "View", "DEFAULT_VIEW",
           "LANGS", "MAX_RUNS", "MAX_STEPS", "STEPS_UI", "SOURCE", "HIDEABLE", "BASIN_BY", "CLICKS", "SWEEP_Y", "LOSS_X", "has_examples", "MAX_GRID",
           "CUSTOM", "CUSTOM_TEXT", "CUSTOM_BOUNDS", "MAX_FORMULA", "fmt", "nice", "pretty", "num_text", "landscape_of",
           "custom_params", "bounds_text", "parse_bounds"]
