"""Value classes for the 'value' colouring mode: one registry of mapclassify schemes, one entry point."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import mapclassify
import numpy as np
import pandas as pd

from geo.errors import AtlasError


class _Fitted(Protocol):
    """What classify reads from a fitted mapclassify classifier: upper class bounds and counts per class."""

    bins: np.ndarray
    counts: np.ndarray


# Scheme name -> mapclassify classifier. Fisher-Jenks is the deterministic optimum for natural breaks
# (mapclassify.NaturalBreaks uses random k-means starts, so two runs could colour a map differently).
SCHEMES: dict[str, Callable[..., _Fitted]] = {
    "quantiles": mapclassify.Quantiles,
    "natural_breaks": mapclassify.FisherJenks,
    "equal_interval": mapclassify.EqualInterval,
}


@dataclass(frozen=True)
class Classes:
    """Class bounds: class i holds values in (bounds[i], bounds[i+1]] (the first class includes its lower bound)."""

    scheme: str
    bounds: tuple[float, ...]
    counts: tuple[int, ...]

    @property
    def k(self) -> int:
        return len(self.bounds) - 1

    def assign(self, values: pd.Series) -> pd.Series:
        """Class index per value (same index), <NA> where the value is missing."""
        v = pd.to_numeric(values, errors="coerce").astype(float)
        idx = np.searchsorted(np.asarray(self.bounds[1:-1]), v.to_numpy(), side="left")
        out = pd.Series(idx, index=values.index, dtype="Int64")
        return out.mask(v.isna())


def classify(values: pd.Series, scheme: str, k: int = 5) -> Classes:
    """Classes for the non-missing values by a named scheme; fewer distinct values than k give fewer classes."""
    if scheme not in SCHEMES:
        raise AtlasError(f"classification scheme {scheme!r} is unknown", f"use one of {', '.join(SCHEMES)}")
    y = pd.to_numeric(values, errors="coerce").dropna().astype(float).to_numpy()
    if len(y) == 0:
        return Classes(scheme, (), ())
    k = max(1, min(k, len(np.unique(y))))
    if k == 1:
        return Classes(scheme, (float(y.min()), float(y.max())), (len(y),))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # mapclassify's 'Numba not installed' notice
        result = SCHEMES[scheme](y, k=k)
    bounds = (float(y.min()),) + tuple(float(b) for b in result.bins)
    return Classes(scheme, bounds, tuple(int(c) for c in result.counts))
