"""Pages issue the same number of SQL queries whatever the number of lessons or enrolments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrolment_create, lesson_progress_complete
from tests.factories.pages import build_course
from training_site.page_cache import pages_changed

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (site root paths, sessions) as on a running site
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def course_with_progress(catalogue, learner, *, lessons: int):
    course = build_course(catalogue, lessons=lessons)
    for lesson in list(course.lessons())[: lessons // 2]:
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    return course


def test_the_course_page_costs_the_same_with_5_or_60_lessons(client, catalogue, learner):
    client.force_login(learner)
    small = course_with_progress(catalogue, learner, lessons=5)
    large = course_with_progress(catalogue, learner, lessons=60)
    assert count_queries(client, small.url) == count_queries(client, large.url)


def test_the_lesson_page_costs_the_same_with_5_or_60_lessons_and_fits_the_budget(
    client, catalogue, learner
):
    client.force_login(learner)
    small = course_with_progress(catalogue, learner, lessons=5)
    large = course_with_progress(catalogue, learner, lessons=60)
    small_lesson = list(small.lessons())[-1]
    large_lesson = list(large.lessons())[-1]
    small_count = count_queries(client, small_lesson.url)
    assert small_count == count_queries(client, large_lesson.url)


def lesson_page_queries(client, catalogue, learner) -> list[str]:
    client.force_login(learner)
    course = course_with_progress(catalogue, learner, lessons=5)
    lesson = list(course.lessons())[-1]
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson.url).status_code == 200
    return [query["sql"] for query in queries]


def test_the_lesson_page_reads_only_the_learners_rows_on_a_warm_cache(client, catalogue, learner):
    """The route (home, catalogue, course, lesson), the lesson list and the language switcher's
    translations come from the pages cache (training_site.page_cache); what is left is the
    learner: the user, the enrolment and the progress rows."""
    queries = lesson_page_queries(client, catalogue, learner)

    def count(table: str) -> int:
        return sum(f'FROM "{table}"' in sql for sql in queries)

    assert count("accounts_user") == 1
    assert count("courses_enrolment") == 1
    assert count("courses_lessonprogress") == 1
    assert len(queries) == 3


def test_the_lesson_page_fits_the_design_budget_of_10_queries_on_a_cold_cache(
    client, catalogue, learner
):
    """Right after an editor's change: Wagtail's locale and routing (home, catalogue, course,
    lesson) take 5, the user 1, our enrolment, progress and lesson list 3, the language
    switcher 1; the site, sessions, organisation settings and the absence of view restrictions
    still come from the cache."""
    client.force_login(learner)
    course = course_with_progress(catalogue, learner, lessons=5)
    lesson = list(course.lessons())[-1]
    client.get(lesson.url)
    pages_changed()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson.url).status_code == 200
    assert len(queries) <= 10


def test_the_dashboard_costs_the_same_with_1_or_20_enrolments(client, catalogue, learner):
    from django.urls import reverse

    client.force_login(learner)
    url = reverse("courses:dashboard")
    course_with_progress(catalogue, learner, lessons=5)
    one = count_queries(client, url)
    for _ in range(19):
        course = course_with_progress(catalogue, learner, lessons=6)
        enrolment_create(user=learner, course_key=course.translation_key)
    assert count_queries(client, url) == one
