"""The learner's path: one next step at a time, a confirmed exit, and a finish line."""

import re

import pytest
from django.urls import reverse

from assessments import services as attempts
from certificates.models import Certificate
from courses.models import Enrolment, LessonPage
from courses.services import enrolment_create, lesson_progress_complete
from tests.assessments.conftest import correct_answers
from tests.factories.pages import build_course
from tests.factories.quizzes import FinalQuizPageFactory, QuizPageFactory, true_false

pytestmark = pytest.mark.django_db


def next_step(client, course) -> tuple[str, str]:
    html = client.get(course.url).content.decode()
    found = re.search(r'href="([^"]+)" data-next-step="(\w+)">([^<]+)<', html)
    assert found, "no next step on the course page"
    return found[2], found[1]


@pytest.fixture
def path_course(course):
    pretest = QuizPageFactory(parent=course, kind="pre_test", title="Pre-test")
    final = FinalQuizPageFactory(parent=course, title="Final", questions=[true_false()])
    # Quizzes sort after the lessons: move the pre-test before them, as the curriculum does.
    pretest.move(course, pos="first-child")
    return course, pretest, final


def test_the_next_step_runs_pretest_lessons_final_certificate(
    client, learner, path_course, django_capture_on_commit_callbacks
):
    course, pretest, final = path_course
    client.force_login(learner)
    enrolment_create(user=learner, course_key=course.translation_key)
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))

    assert next_step(client, course) == ("pretest", pretest.url)
    attempts.attempt_submit(attempt=attempts.attempt_start(user=learner, quiz=pretest))
    assert next_step(client, course) == ("lesson", lessons[0].url)
    for lesson in lessons[:2]:
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    assert next_step(client, course) == ("lesson", lessons[2].url)
    lesson_progress_complete(user=learner, lesson=lessons[2], course_key=course.translation_key)
    assert next_step(client, course) == ("final", final.url)

    attempt = attempts.attempt_start(user=learner, quiz=final)
    attempts.attempt_save_answers(attempt=attempt, answers=correct_answers(final))
    with django_capture_on_commit_callbacks(execute=True):  # completion, then the certificate
        attempts.attempt_submit(attempt=attempt)
    complete = reverse("courses:complete", kwargs={"course_key": course.translation_key})
    assert next_step(client, course) == ("complete", complete)
    result = client.get(reverse("assessments:result", kwargs={"attempt_id": attempt.pk}))
    assert f'href="{complete}">See your certificate' in result.content.decode()


def test_the_completion_screen_shows_the_certificate_its_qr_and_what_to_take_next(
    client, learner, path_course, catalogue, django_capture_on_commit_callbacks
):
    course, _pretest, final = path_course
    other = build_course(catalogue, lessons=1, title="Recovered weapons")
    client.force_login(learner)
    enrolment_create(user=learner, course_key=course.translation_key)
    for lesson in LessonPage.objects.child_of(course):
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    attempt = attempts.attempt_start(user=learner, quiz=final)
    attempts.attempt_save_answers(attempt=attempt, answers=correct_answers(final))
    with django_capture_on_commit_callbacks(execute=True):  # completion, then the certificate
        attempts.attempt_submit(attempt=attempt)

    html = client.get(
        reverse("courses:complete", kwargs={"course_key": course.translation_key})
    ).content.decode()
    certificate = Certificate.objects.get(user=learner)
    assert "Course completed" in html
    assert certificate.formatted_code in html
    assert 'src="data:image/svg+xml' in html  # the QR code, inline
    assert reverse("certificates:download", kwargs={"pk": certificate.pk, "language": "en"}) in html
    assert "Final: passed with <bdi>100%</bdi>" in html
    assert other.title in html


def test_before_completion_the_finish_line_sends_back_to_the_course(client, learner, course):
    client.force_login(learner)
    enrolment_create(user=learner, course_key=course.translation_key)
    response = client.get(
        reverse("courses:complete", kwargs={"course_key": course.translation_key})
    )
    assert response.status_code == 302 and response.url == course.url


def test_leaving_a_course_asks_first_and_a_get_changes_nothing(client, learner, course):
    client.force_login(learner)
    enrolment_create(user=learner, course_key=course.translation_key)
    url = reverse("courses:unenrol", args=[course.translation_key])
    assert url in client.get(course.url).content.decode()
    confirm = client.get(url)
    assert "Leave this course?" in confirm.content.decode()
    assert Enrolment.objects.get(user=learner).unenrolled_at is None
    client.post(url)
    assert Enrolment.objects.get(user=learner).unenrolled_at is not None


def test_a_pre_test_is_never_shown_as_passed(client, learner, path_course):
    course, pretest, _final = path_course
    pretest.pass_mark = 0  # as the curriculum sets it: every attempt is stored as passed
    pretest.save_revision().publish()
    client.force_login(learner)
    enrolment_create(user=learner, course_key=course.translation_key)
    attempt = attempts.attempt_start(user=learner, quiz=pretest)
    attempts.attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.passed

    course_html = client.get(course.url).content.decode()
    assert "Best score 0 %" in course_html
    assert "Passed (" not in course_html
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert "Pre-test" in dashboard
    assert 'class="result--pass"' not in dashboard
