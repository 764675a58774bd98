"""Races for the PostgreSQL tests: many threads released at the same moment."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from django.db import connection


def run_in_parallel(function, *, threads: int) -> tuple[list, list[BaseException]]:
    """Call `function` once in each of `threads` threads, all released together by a barrier.
    Returns the results and the errors raised; each thread closes its database connection."""
    barrier = Barrier(threads)
    results: list = []
    errors: list[BaseException] = []

    def run(_):
        try:
            barrier.wait(timeout=30)
            results.append(function())
        except BaseException as error:  # collected for the caller's assertions
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(run, range(threads)))
    return results, errors
