"""Benchmark: time to build one workshop pack (the median of RUNS builds), and its size.

Goals (issue #7): at most 15 s on a two-core machine, at most 5 MB without images.
`bench_pack_build()` expects Django set up and a database with migrations applied (the
benchmark runner's job); its content is built inside a transaction that is rolled back.
"""

import time

from tests.benchmarks import BenchContext, Row, benchmark, median

RUNS = 3  # a build takes seconds; three give a median without tying up the machine
BUILD_GOAL_SECONDS = 15.0
SIZE_GOAL_BYTES = 5 * 1024 * 1024


class _Rollback(Exception):
    pass


def _course_for_benchmark():
    from tests.factories.pages import (
        CourseIndexPageFactory,
        CoursePageFactory,
        LessonPageFactory,
        build_site,
    )
    from tests.factories.workshops import lesson_body, pack_quiz

    catalogue = CourseIndexPageFactory(parent=build_site())
    course = CoursePageFactory(parent=catalogue, title="Benchmark course")
    for number in range(1, 9):  # a module of eight full lessons, like the demo curriculum
        title = f"Lesson {number}"
        LessonPageFactory(parent=course, title=title, body=lesson_body(title) * 4)
    pack_quiz(parent=course, title="Pre-test", kind="pre_test")
    pack_quiz(parent=course, title="Final", kind="final")
    return course


def bench_pack_build() -> list[dict]:
    """Rows: name, value, unit, goal, ok."""
    from django.db import transaction

    from workshops.services import workshop_pack_build

    rows: list[dict] = []
    try:
        with transaction.atomic():
            course = _course_for_benchmark()
            durations = []
            for _ in range(RUNS):
                started = time.perf_counter()
                pack = workshop_pack_build(course_id=course.pk, force=True)
                durations.append(time.perf_counter() - started)
            elapsed = median(durations)
            size = pack.size_bytes
            pack.file.delete(save=False)
            rows = [
                {
                    "name": f"workshop pack build (8 lessons, 2 tests), median of {RUNS}",
                    "value": round(elapsed, 2),
                    "unit": "s",
                    "goal": BUILD_GOAL_SECONDS,
                    "ok": elapsed <= BUILD_GOAL_SECONDS,
                },
                {
                    "name": "workshop pack size (no images)",
                    "value": round(size / 1024 / 1024, 2),
                    "unit": "MB",
                    "goal": SIZE_GOAL_BYTES / 1024 / 1024,
                    "ok": size <= SIZE_GOAL_BYTES,
                },
            ]
            raise _Rollback
    except _Rollback:
        pass
    return rows


@benchmark
def workshop_pack(context: BenchContext) -> list[Row]:
    build, size = bench_pack_build()
    for row in (build, size):
        context.checks.append((f"{row['name']} within {row['goal']:g} {row['unit']}", row["ok"]))
    return [
        Row(
            name=build["name"],
            median_ms=build["value"] * 1000,
            runs=RUNS,
            note=(
                f"goal <= {build['goal']:g} s; "
                f"size {size['value']} MB (goal <= {size['goal']:g} MB)"
            ),
        )
    ]
