"""Benchmark: the Results page and its exports at 5,000 and then 50,000 learners, on PostgreSQL.

Seeds learners with enrolments, lesson progress, pre-test and final attempts and knowledge
gains (bulk inserts), then for each endpoint prints SQL queries, median milliseconds and the
peak Python memory (tracemalloc) while the whole download is read. Goals (issue #18): the
same number of queries at both sizes, the page under 300 ms at 50,000, exports streamed
(peak memory flat as the crowd grows).

Needs PostgreSQL: `BENCH_DATABASE_URL=postgres://user@host:5432/NAME`; Django creates and
drops the scratch database test_NAME. `make bench` runs it in its own process (the other
benchmarks use SQLite); without the variable it reports itself skipped. By hand:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/app python -m tests.benchmarks.reports
"""

import json
import os
import subprocess
import sys
import tracemalloc
from datetime import UTC, datetime, timedelta

from tests.benchmarks import BenchContext, Row, benchmark, median, timed

SIZES = tuple(int(n) for n in os.environ.get("REPORTS_BENCH_SIZES", "5000,50000").split(","))
"""Learners at each measurement (the second adds to the first); smaller for a quick try."""
RUNS = 3
PAGE_GOAL_MS = 300
MEMORY_GROWTH_LIMIT = 1.5
"""An export's peak memory at 50,000 learners may be at most this times that at 5,000."""
BATCH = 5_000

ENDPOINTS = (
    ("Results page", "index", ""),
    ("summary CSV", "summary", "csv"),
    ("summary XLSX", "summary", "xlsx"),
    ("learners CSV", "learners", "csv"),
    ("learners XLSX", "learners", "xlsx"),
)


@benchmark
def reports_at_scale(context: BenchContext) -> list[Row]:
    """Runs this module in a process of its own on PostgreSQL, and collects its figures."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return [Row("reports at scale: skipped (set BENCH_DATABASE_URL=postgres://…)", 0, 0)]
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("DATABASE_TEST_NAME", None)
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.benchmarks.reports", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        context.checks.append(("reports benchmark ran", False))
        return []
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    context.checks.extend((name, ok) for name, ok in figures["checks"])
    return [
        Row(
            f"{line['endpoint']}, {line['learners']:,} learners",
            line["ms"],
            RUNS,
            f"{line['queries']} queries, peak {line['peak_kib']:,} KiB",
        )
        for line in figures["lines"]
    ]


def _setup() -> str:
    """Django on a fresh scratch database; returns the name to give back to its teardown."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "training_site.settings.test"
    if os.environ.get("BENCH_DATABASE_URL"):  # the variable `make bench` reads works here too
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("The reports benchmark needs BENCH_DATABASE_URL=postgres://…")
    name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return name


def _course():
    from tests.factories.pages import CourseIndexPageFactory, build_course, build_site
    from tests.factories.quizzes import FinalQuizPageFactory, QuizPageFactory

    course = build_course(CourseIndexPageFactory(parent=build_site()), lessons=3)
    final = FinalQuizPageFactory(parent=course)
    pre_test = QuizPageFactory(parent=course, kind="pre_test", title="Pre-test")
    lessons = [lesson.translation_key for lesson in course.lessons()]
    return course, final, pre_test, lessons


def _seed(start: int, stop: int, *, course, final, pre_test, lessons) -> None:
    """Learners start…stop-1: two in three completed, each with a pre-test, one or two finals
    and a knowledge gain; spread over genders, services, twelve countries and 300 days."""
    from assessments.models import Attempt, KnowledgeGain
    from courses.models import Enrolment, LessonProgress
    from training_site.accounts.models import User

    genders = ["woman", "man", "another", "undisclosed", ""]
    services = ["military", "police", "civilian", "other"]
    countries = ["KE", "GH", "NP", "BD", "SN", "RW", "IN", "PK", "EG", "UY", "FR", "ID"]
    origin = datetime(2025, 1, 6, 9, tzinfo=UTC)
    key = course.translation_key
    for low in range(start, stop, BATCH):
        numbers = range(low, min(low + BATCH, stop))
        users = User.objects.bulk_create(
            User(
                email=f"learner{n}@bench.example",
                full_name=f"Learner {n:06d}",
                password="!",  # noqa: S106 (unusable)
                gender=genders[n % 5],
                service=services[n % 4],
                country=countries[n % 12],
            )
            for n in numbers
        )
        enrolments, progress, attempts = [], [], []
        for n, user in zip(numbers, users, strict=True):
            enrolled = origin + timedelta(days=n % 300, minutes=n % 997)
            completed = enrolled + timedelta(days=20) if n % 3 else None
            pre, finals = (n * 7) % 60, [(n * 13) % 101]
            if n % 2:
                finals.append(min(100, pre + 45))
            enrolments.append(
                Enrolment(
                    user=user,
                    course_key=key,
                    enrolled_at=enrolled,
                    completed_at=completed,
                    best_final_percent=max(finals),  # as grading keeps it
                )
            )
            progress += [
                LessonProgress(
                    user=user,
                    course_key=key,
                    lesson_key=lesson,
                    first_viewed_at=enrolled,
                    completed_at=completed,
                )
                for lesson in lessons
            ]
            attempts.append(_attempt(user, pre_test, "pre_test", 1, pre, enrolled))
            for number, percent in enumerate(finals, start=1):
                attempts.append(_attempt(user, final, "final", number, percent, enrolled))
        Enrolment.objects.bulk_create(enrolments)
        LessonProgress.objects.bulk_create(progress)
        attempts = Attempt.objects.bulk_create(attempts)
        first = {}
        for attempt in attempts:
            first.setdefault((attempt.user_id, attempt.quiz_kind), attempt)
        KnowledgeGain.objects.bulk_create(
            KnowledgeGain(
                user_id=user.pk,
                course_key=key,
                pre_attempt=first[(user.pk, "pre_test")],
                post_attempt=first[(user.pk, "final")],
                points=first[(user.pk, "final")].percent - first[(user.pk, "pre_test")].percent,
                percent=first[(user.pk, "final")].percent - first[(user.pk, "pre_test")].percent,
                pre_percent=first[(user.pk, "pre_test")].percent,
                post_percent=first[(user.pk, "final")].percent,
            )
            for user in users
        )


def _attempt(user, quiz, kind: str, number: int, percent: int, started):
    from assessments.models import Attempt

    return Attempt(
        user=user,
        quiz_key=quiz.translation_key,
        course_key=quiz.get_parent().translation_key,
        quiz_kind=kind,
        number=number,
        status="submitted",
        started_at=started,
        submitted_at=started + timedelta(minutes=30),
        percent=percent,
        passed=percent >= 75,
    )


class _QueryCounter:
    """Counts the SQL statements run (a server-side cursor's DECLARE once, not its fetches)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _measure(client, course, learners: int) -> list[dict]:
    from django.db import connection
    from django.urls import reverse

    lines = []
    for name, view, fmt in ENDPOINTS:
        query = {"course": str(course.translation_key), **({"format": fmt} if fmt else {})}
        url = reverse(f"course_results:{view}")

        def fetch(url=url, query=query) -> int:
            response = client.get(url, query)
            assert response.status_code == 200, response.status_code
            if response.streaming:  # read the download as a browser would: chunk by chunk
                return sum(len(chunk) for chunk in response.streaming_content)
            return len(response.content)

        fetch()  # warm
        queries = _QueryCounter()
        with connection.execute_wrapper(queries):
            size = fetch()
        ms = median(timed(fetch, runs=RUNS))
        tracemalloc.start()
        fetch()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        lines.append(
            {
                "endpoint": name,
                "learners": learners,
                "queries": queries.count,
                "ms": round(ms, 1),
                "peak_kib": round(peak / 1024),
                "bytes": size,
            }
        )
    return lines


def _checks(lines: list[dict]) -> list[tuple[str, bool]]:
    small, large = SIZES
    by = {(line["endpoint"], line["learners"]): line for line in lines}
    checks = []
    for name, _view, fmt in ENDPOINTS:
        a, b = by[(name, small)], by[(name, large)]
        checks.append(
            (
                f"{name}: same queries at {small:,} and {large:,} learners "
                f"({a['queries']}, {b['queries']})",
                a["queries"] == b["queries"],
            )
        )
        if fmt:
            growth = b["peak_kib"] / max(a["peak_kib"], 1)
            checks.append(
                (
                    f"{name}: peak memory flat ({a['peak_kib']:,} -> {b['peak_kib']:,} KiB, "
                    f"x{growth:.2f} for x{large // small} learners)",
                    growth <= MEMORY_GROWTH_LIMIT,
                )
            )
    page = by[("Results page", large)]["ms"]
    name = f"Results page under {PAGE_GOAL_MS} ms at {large:,} ({page} ms)"
    checks.append((name, page < PAGE_GOAL_MS))
    return checks


def main() -> int:
    database = _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from training_site.accounts.models import User

    setup_test_environment()
    try:
        course, final, pre_test, lessons = _course()
        reader = User.objects.create_superuser(email="reader@bench.example", password=None)
        client = Client()
        client.force_login(reader)
        lines, seeded = [], 0
        for size in SIZES:
            _seed(seeded, size, course=course, final=final, pre_test=pre_test, lessons=lessons)
            seeded = size
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            lines += _measure(client, course, size)
        checks = _checks(lines)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0, keepdb=False)
    if "--json" in sys.argv:  # for reports_at_scale, which reports the checks
        sys.stdout.write(json.dumps({"lines": lines, "checks": checks}) + "\n")
        return 0
    for line in lines:
        sys.stdout.write(
            f"{line['endpoint']:<14} {line['learners']:>7,} learners  "
            f"{line['queries']:>2} queries  {line['ms']:>8.1f} ms  "
            f"peak {line['peak_kib']:>7,} KiB  {line['bytes']:>10,} bytes\n"
        )
    for name, ok in checks:
        sys.stdout.write(f"{'ok  ' if ok else 'FAIL'} {name}\n")
    return 0 if all(ok for _name, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
