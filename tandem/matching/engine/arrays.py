"""Small array steps the engine takes in many places, each written once."""

from __future__ import annotations

import numpy as np


def within(lengths: np.ndarray) -> np.ndarray:
    """0..len-1 for each of ``lengths``, concatenated: each entry's place in its run."""
    total = int(lengths.sum())
    return np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def sums_before(values: np.ndarray, run_starts: np.ndarray) -> np.ndarray:
    """For each entry, the sum of the entries before it in its run (``run_starts`` marks the
    first entry of each run of consecutive entries)."""
    before = np.cumsum(values) - values
    return before - np.maximum.accumulate(np.where(run_starts, before, 0))
