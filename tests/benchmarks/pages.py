"""Page weight of a real lesson (the demo curriculum's first lesson) against DESIGN.md's
budget: first view at most 30 KB compressed (HTML, CSS, JS, fonts) in at most 5 requests."""

import gzip
import re
from pathlib import Path

from tests.benchmarks import BenchContext, Row, benchmark, median, timed

BUDGET_BYTES = 30 * 1024
BUDGET_REQUESTS = 5
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def _lesson_and_client():
    from django.test import Client

    from content.loader import curriculum_load
    from courses.models import CourseIndexPage, LessonPage
    from courses.services import enrolment_create
    from tests.factories.pages import CourseIndexPageFactory, build_site, translate_tree
    from tests.factories.users import UserFactory

    home = build_site()
    catalogue = CourseIndexPageFactory(parent=home)
    translate_tree(home, "ar")
    curriculum_load(
        catalogue=CourseIndexPage.objects.get(pk=catalogue.pk), modules=["stockpile-management"]
    )
    lesson = LessonPage.objects.filter(locale__language_code="ar").order_by("path").first()
    learner = UserFactory(preferred_language="ar")
    enrolment_create(user=learner, course_key=lesson.get_parent().translation_key)
    client = Client()
    client.force_login(learner)
    return lesson, client


def _compressed_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


@benchmark
def lesson_page_weight(context: BenchContext) -> list[Row]:
    from django.contrib.staticfiles import finders
    from django.db import connection

    lesson, client = _lesson_and_client()
    client.get(lesson.url)  # the first view records progress; measure the page as re-read
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(lesson.url)
    assert response.status_code == 200, response.status_code
    html = response.content
    assets = ASSET.findall(html.decode())
    total = _compressed_size(html)
    for url in assets:
        found = finders.find(url.removeprefix("/static/"))
        total += _compressed_size(Path(found).read_bytes())
    requests = 1 + len(assets)
    render = median(timed(lambda: client.get(lesson.url), runs=10))
    kilobytes = f"{total / 1024:.1f} KB"
    context.checks.append((f"lesson page {kilobytes} compressed <= 30 KB", total <= BUDGET_BYTES))
    context.checks.append(
        (f"lesson page {requests} requests <= {BUDGET_REQUESTS}", requests <= BUDGET_REQUESTS)
    )
    return [
        Row(
            name="lesson page (Arabic, signed in), server time",
            median_ms=render,
            runs=10,
            note=f"{kilobytes} gzip in {requests} requests; {len(queries)} SQL queries",
        )
    ]
