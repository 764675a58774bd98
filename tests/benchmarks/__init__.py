"""Micro-benchmarks run by `make bench` (`python -m tests.benchmarks`).

A benchmark is a function taking the shared `BenchContext` and returning result rows. Register
it with `@benchmark` in a module listed in `MODULES`; each app adds its own module there.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MODULES = [
    "tests.benchmarks.certificates",
    "tests.benchmarks.packs",
    "tests.benchmarks.pages",
    "tests.benchmarks.reports",
]


@dataclass
class Row:
    name: str
    median_ms: float
    runs: int
    note: str = ""


@dataclass
class BenchContext:
    """Shared state: the data built once, and values benchmarks pass on to the summary."""

    data: dict = field(default_factory=dict)
    checks: list[tuple[str, bool]] = field(default_factory=list)


BENCHMARKS: list[Callable[[BenchContext], list[Row]]] = []


def benchmark(function: Callable[[BenchContext], list[Row]]):
    BENCHMARKS.append(function)
    return function


def timed(function: Callable[[], object], *, runs: int) -> list[float]:
    """Wall-clock milliseconds of `runs` calls."""
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def median(values: list[float]) -> float:
    return statistics.median(values)
