"""Declarative parameter specs shared by methods, gradient sources and landscapes.

One `Param` describes a tunable number once: its ASCII key (Python keyword, URL key),
its symbol as on the slides, its default, its range and whether a slider should move
on a linear or a logarithmic scale. Sliders, the URL codec, the CLI, the docs and the
tests are all generated from these specs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["Param"]


@dataclass(frozen=True)
class Param:
    name: str                 # ASCII key: keyword argument, URL key, CLI flag
    symbol: str               # as on the slides, e.g. "α", "ρ₁"
    default: float
    lo: float
    hi: float
    scale: str = "lin"        # "lin" or "log"
    integer: bool = False
    tex: str = ""             # LaTeX symbol, e.g. r"\alpha"
    text: dict = field(default_factory=dict, compare=False)  # {"en": ..., "uk": ...}
    symbols: dict = field(default_factory=dict, compare=False)  # a word-symbol in other languages
    choices: tuple = ()       # a named option: its values (strings); default is one of them
    labels: dict = field(default_factory=dict, compare=False)   # choice -> {"en": ..., "uk": ...}

    def __post_init__(self):
        if self.choices:
            if self.default not in self.choices:
                raise ValueError(f"{self.name}: default {self.default!r} is not one of {self.choices}")
            return
        if self.scale not in ("lin", "log"):
            raise ValueError(f"{self.name}: scale must be 'lin' or 'log'")
        if not (self.lo <= self.default <= self.hi):
            raise ValueError(f"{self.name}: default {self.default} outside [{self.lo}, {self.hi}]")
        if self.scale == "log" and self.lo <= 0:
            raise ValueError(f"{self.name}: a log-scale range must be positive")

    def sym(self, lang: str = "en") -> str:
        """The symbol as the page writes it in `lang` ("seed" is "зерно" in Ukrainian)."""
        return self.symbols.get(lang, self.symbol)

    def describe(self, lang: str = "en") -> str:
        return self.text.get(lang) or self.text.get("en") or self.name

    def label(self, choice: str, lang: str = "en") -> str:
        """A choice as the page names it in `lang`."""
        names = self.labels.get(choice, {})
        return names.get(lang) or names.get("en") or choice

    def clamp(self, value: float) -> float:
        """The nearest valid value (NaN -> default); integers are rounded. A choice that is
        not one of `choices` gives the default."""
        if self.choices:
            v = str(value).strip().lower()
            return v if v in self.choices else self.default
        v = float(value)
        if math.isnan(v):
            return self.default
        v = min(max(v, self.lo), self.hi)
        return float(round(v)) if self.integer else v

    def check(self, value) -> float:
        """Validate a user value: a finite number inside the range (or one of the choices), or
        ValueError saying why."""
        if self.choices:
            v = str(value).strip().lower()
            if v not in self.choices:
                raise ValueError(f"{self.name} must be one of {', '.join(self.choices)}, got {value!r}")
            return v
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} must be a number, got {value!r}") from None
        if not math.isfinite(v):
            raise ValueError(f"{self.name} must be finite, got {v}")
        if not (self.lo <= v <= self.hi):
            raise ValueError(f"{self.name}={v:g} is outside its range [{self.lo:g}, {self.hi:g}]")
        if self.integer and v != round(v):
            raise ValueError(f"{self.name} must be a whole number, got {v:g}")
        return v
