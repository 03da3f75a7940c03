"""Every component id of the explorer, in one place (the browser scripts in assets/ use
the same strings).

Per-run controls use pattern-matching dict ids: {"type": RUN_PARAM, "run": k, "name": p}.
"""
URL = "url"
NOTICES = "notices"
MAIN_Q = "main-query"          # the URL query without the animation step, as last drawn
SCENE_CHANGED = "scene-changed"  # set by the browser when the URL brings a scene not yet drawn
FIG_KEY = "fig-key"            # which background the map currently has (landscape|view|K)
MAP_SIZE = "map-size"          # [width, height] of the map in the browser (set there): its panels' shape
DATA = "anim-data"             # trajectories for the browser-side animation
CLICK = "map-click"             # {x, y} set by the browser when the map is clicked
META = "param-meta"             # Param specs by name, for slider labels in the browser

MAP = "map"
LOSS = "loss"
SUMMARY = "summary"
TITLE = "title"

SURFACE = "surface"
SURFACE_PARAMS = "surface-params"
SURFACE_PARAM = "surface-param"          # pattern type: {"type": SURFACE_PARAM, "name": p}
SURFACE_PARAM_LABEL = "surface-param-label"
VIEW = "view"
RESET = "reset"
LANG = "lang"

RUNS = "runs"
ADD_RUN = "add-run"
RUN_METHOD = "run-method"                # {"type": RUN_METHOD, "run": k}
RUN_PARAM = "run-param"                  # {"type": RUN_PARAM, "run": k, "name": p}
RUN_PARAM_LABEL = "run-param-label"      # {"type": RUN_PARAM_LABEL, "run": k, "name": p}
RUN_REMOVE = "run-remove"                # {"type": RUN_REMOVE, "run": k}
RUN_DUP = "run-dup"                      # {"type": RUN_DUP, "run": k}
RUN_RULE = "run-rule"                    # {"type": RUN_RULE, "run": k}
RUN_SCHEDULE = "run-schedule"            # {"type": RUN_SCHEDULE, "run": k}: learning-rate schedule
RUN_SCHED_PARAM = "run-sched-param"      # {"type": RUN_SCHED_PARAM, "run": k, "name": p}
RUN_SCHED_PARAM_LABEL = "run-sched-param-label"
RUN_TUNE = "run-tune"                    # {"type": RUN_TUNE, "run": k}: α from a 1-D sweep
RUN_OPTIMAL = "run-optimal"              # {"type": RUN_OPTIMAL, "run": k}: theory's best α (, β)

# sliders whose moves the map previews while the pointer is down (app/callbacks/preview.py);
# their Dash `value` changes on release. Not the surface's: its contours change with it.
PREVIEWED = (RUN_PARAM, RUN_SCHED_PARAM)
SLIDER_COMMIT = "slider-commit"          # {"edits": [{"id", "value"}]}: their moves, set by the browser

STEPS = "steps"
STEPS_LABEL = "steps-label"
START_X = "start-x"
START_Y = "start-y"
SOURCE = "source"                        # "exact" | "minibatch"
LOSS_X = "loss-x"                        # the loss chart counts "steps" | "examples" (data landscapes)
SCENE_PARAM = "scene-param"              # {"type": SCENE_PARAM, "name": "batch"|"sigma"|"seed"}
SCENE_PARAM_LABEL = "scene-param-label"
SOURCE_BOX = "source-box"

# playback (driven by assets/explorer.js, no server round trips)
PLAY = "play"
BACK = "step-back"
FWD = "step-fwd"
RESTART = "restart"
SPEED = "speed"
SCRUB = "scrub"
STEP_READOUT = "step-readout"
ARROWS = "arrows"

# your own surface f(x, y) (app/formula_ui.py) and the fit panel (app/fit.py, assets/fit.js)
FORMULA = "formula"
FORMULA_BOUNDS = "formula-bounds"
FORMULA_APPLY = "formula-apply"
FORMULA_ERROR = "formula-error"
FIT = "fit"
MODEL = "model"                              # a network's model panel (assets/network.js)
# export (app/export.py)
EXPORT_CSV = "export-csv"
EXPORT_HTML = "export-html"
EXPORT_PNG = "export-png"
EXPORT_GIF = "export-gif"
EXPORT_WEBM = "export-webm"
EXPORT_EMBED = "export-embed"                # copies an <iframe> of this scene for a slide (assets/export.js)
EXPORT_SUMMARY = "export-summary"
DOWNLOAD = "download"
SURFACE_TOGGLE = "surface-toggle"          # {"type": SURFACE_TOGGLE, "name": p}: 0/1 landscape parameters (outliers)
SURFACE_CHOICE = "surface-choice"          # {"type": SURFACE_CHOICE, "name": p}: named options (a network's data set)

# page structure
HEADER_BOX = "header-box"                # the header, filled from the URL on load
CONTROLS = "controls"                    # the side panel of sliders, filled from the URL on load
NARRATION = "narration"                  # narrated steps (assets/lessons.js writes it)

# lessons, shared links (app/components/lessons.py, assets/lessons.js)
LESSON_BAR = "lesson-bar"
LESSON_CAPTION = "lesson-caption"
LESSONS = "lessons"
PICK = "preset-pick"                     # {"type": PICK, "name": preset}
RESYNC = "resync"                        # set by the browser after back/forward
NARRATE = "narrate-toggle"
COPY_LINK = "copy-link"
COPY_STATUS = "copy-status"
COPY_FALLBACK = "copy-fallback"
COPY_FALLBACK_BOX = "copy-fallback-box"

# the sweep and basin views (app/components/analysis.py)
ANALYSIS = "analysis"
ANALYSIS_CONTROLS = "analysis-controls"
ANALYSIS_NOTE = "analysis-note"
HEAT, LINES, BASIN = "sweep-heat", "sweep-lines", "basin-map"
SETTING = "analysis-setting"             # {"type": SETTING, "name": "sweep_run"|"outcome"|"grid"|"basin_by"|"click"}
