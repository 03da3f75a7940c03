"""The compute layer: what a scene computes (its runs, sweeps, basin maps, theory), only for
the view that is shown, within the per-request limits."""
