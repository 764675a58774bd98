import pytest

from assessments.models import QuizKind
from courses.services import enrolment_create
from tests.factories.courses import attempt_graded_create
from tests.factories.pages import StandardPageFactory
from tests.factories.quizzes import FinalQuizPageFactory, QuizPageFactory


@pytest.fixture
def course_with_tests(course):
    pre = QuizPageFactory(parent=course, title="Pre-test", kind=QuizKind.PRE_TEST)
    final = FinalQuizPageFactory(parent=course, title="Final assessment")
    StandardPageFactory(parent=course, title="Glossary")
    return course, pre, final


def test_course_page_lists_its_tests_and_resources(client, course_with_tests):
    course, pre, final = course_with_tests
    html = client.get(course.url).content.decode()
    assert f'href="{pre.url}"' in html
    assert f'href="{final.url}"' in html
    assert "Glossary" in html
    assert "pass mark 75 %" in html


def test_course_page_shows_the_learners_own_results_only(
    client, course_with_tests, learner, other_learner
):
    course, pre, final = course_with_tests
    enrolment_create(user=learner, course_key=course.translation_key)
    attempt_graded_create(user=learner, quiz=final, passed=True, percent=88)
    attempt_graded_create(user=other_learner, quiz=pre, passed=False, percent=12)

    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Passed (88 %)" in html
    assert "12 %" not in html


def test_course_page_queries_do_not_grow_with_the_number_of_tests(
    client, course_with_tests, learner, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    course, _pre, _final = course_with_tests
    client.force_login(learner)
    client.get(course.url)
    with CaptureQueriesContext(connection) as few:
        client.get(course.url)
    few_count = len(few)  # read now: the next request empties the connection's query log
    for number in range(5):
        FinalQuizPageFactory(parent=course, title=f"Extra {number}")
    client.get(course.url)  # new pages retired the cached routes: warm them again
    with django_assert_max_num_queries(few_count):
        client.get(course.url)
