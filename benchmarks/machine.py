"""How fast this machine runs Python right now, printed beside the benchmarks' figures.

The figures are compared with targets set on one machine, and the machines these benchmarks
run on differ by up to twice in speed from one day to the next. A fixed piece of pure-Python
work, timed in CPU seconds (best of five, so a moment of contention does not count), says
which kind of machine a table was measured on. Python function calls per request, which
`pages.py` also prints, do not depend on the machine at all.
"""

from __future__ import annotations

import time

# The work: ten million additions in an interpreted loop.
LOOP = 10_000_000


def reference_ms() -> float:
    """CPU milliseconds for the reference loop, best of five."""
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        total = 0
        for i in range(LOOP):
            total += i
        best = min(best, time.process_time() - started)
    return 1000 * best


def describe() -> str:
    return f"reference loop ({LOOP:,} additions): {reference_ms():.0f} ms CPU, best of five"
