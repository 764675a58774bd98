"""Server side of a real lesson (the curriculum's first Arabic lesson): render time and SQL
queries for a signed-in learner. The page weight of the first view, as a browser fetches it
(service worker and favicon included), is measured in the browser leg:
tests/benchmarks/test_page_weight.py, run by `make bench` after this table."""

from tests.benchmarks import BenchContext, Row, benchmark, median, timed


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


@benchmark
def lesson_page_server(context: BenchContext) -> list[Row]:
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
    render = median(timed(lambda: client.get(lesson.url), runs=10))
    return [
        Row(
            name="lesson page (Arabic, signed in), server time",
            median_ms=render,
            runs=10,
            note=f"{len(queries)} SQL queries (design: <= 10); page weight: browser leg below",
        )
    ]
