import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse, translate_url
from wagtail.models import Locale

from assessments.models import QuizKind
from courses.models import Enrolment, LessonProgress
from courses.services import enrolment_create, enrolment_withdraw, lesson_progress_complete
from tests.factories.courses import attempt_graded_create
from tests.factories.quizzes import FinalQuizPageFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("courses:dashboard")


def test_the_dashboard_needs_sign_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_new_learner_is_pointed_to_the_catalogue(client, learner, catalogue):
    client.force_login(learner)
    body = client.get(DASHBOARD).content.decode()
    assert "You are not enrolled in any course yet." in body
    assert f'href="{catalogue.url}"' in body
    assert "My certificates" in body


def test_the_dashboard_lists_courses_with_progress_and_results(client, learner, course):
    client.force_login(learner)
    first = list(course.lessons())[0]
    lesson_progress_complete(user=learner, lesson=first, course_key=course.translation_key)
    quiz = FinalQuizPageFactory(parent=course, kind=QuizKind.KNOWLEDGE_CHECK, title="Check one")
    attempt_graded_create(user=learner, quiz=quiz, passed=False, percent=40)
    attempt_graded_create(user=learner, quiz=quiz, passed=True, percent=80)
    body = client.get(DASHBOARD).content.decode()
    assert course.title in body
    assert "1 of 3 lessons completed" in body
    assert "Last activity:" in body
    second = list(course.lessons())[1]
    assert f'href="{second.url}">Continue: {second.title}<' in body
    assert "Check one" in body
    assert "80%" in body
    assert "passed" in body


def test_the_dashboard_shows_courses_in_the_learner_language(client, learner, translated_course):
    client.force_login(learner)
    enrolment_create(user=learner, course_key=translated_course.translation_key)
    ar_course = translated_course.get_translation(Locale.objects.get(language_code="ar"))
    body = client.get(translate_url(DASHBOARD, "ar")).content.decode()
    assert ar_course.title in body
    assert f'href="{ar_course.url}"' in body


def test_a_course_left_is_not_on_the_dashboard(client, learner, course):
    client.force_login(learner)
    enrolment_create(user=learner, course_key=course.translation_key)
    enrolment_withdraw(user=learner, course_key=course.translation_key)
    body = client.get(DASHBOARD).content.decode()
    assert course.title not in body


def test_a_learner_never_sees_another_learners_records(client, learner, other_learner, course):
    lessons = list(course.lessons())
    for lesson in lessons[:2]:
        lesson_progress_complete(
            user=other_learner, lesson=lesson, course_key=course.translation_key
        )
    quiz = FinalQuizPageFactory(parent=course, kind=QuizKind.FINAL, title="Secret final")
    attempt_graded_create(user=other_learner, quiz=quiz, percent=99)
    client.force_login(learner)

    assert "You are not enrolled" in client.get(DASHBOARD).content.decode()
    assert "lesson-list__item--done" not in client.get(course.url).content.decode()
    assert "lesson-list__item--done" not in client.get(lessons[2].url).content.decode()
    export = client.get(reverse("courses:my_data_download", args=["json"])).json()
    assert export["enrolments"] == []
    assert export["attempts"] == []
    # Ids in query strings are ignored: there is no way to name another learner.
    tried = client.get(
        reverse("courses:my_data_download", args=["json"]) + f"?user={other_learner.pk}"
    ).json()
    assert tried["profile"]["email"] == learner.email
    # Only the learner's own view of the third lesson, opened above; nothing completed.
    assert [row["lesson_key"] for row in tried["lesson_progress"]] == [
        str(lessons[2].translation_key)
    ]
    assert tried["lesson_progress"][0]["completed_at"] is None
    # Leaving "their" course changes nothing for the other learner.
    client.post(reverse("courses:unenrol", args=[course.translation_key]))
    assert Enrolment.objects.get(user=other_learner).unenrolled_at is None
    # Completing a lesson the other learner completed writes the learner's own row.
    client.post(reverse("courses:lesson_complete", args=[lessons[0].pk]))
    assert LessonProgress.objects.filter(user=other_learner).count() == 2
    assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 1
    assert (
        LessonProgress.objects.filter(user=other_learner, completed_at__isnull=False).count() == 2
    )


def test_my_data_page_links_both_formats(client, learner):
    client.force_login(learner)
    body = client.get(reverse("courses:my_data")).content.decode()
    assert reverse("courses:my_data_download", args=["json"]) in body
    assert reverse("courses:my_data_download", args=["csv"]) in body


def test_my_data_needs_sign_in(client):
    response = client.get(reverse("courses:my_data_download", args=["csv"]))
    assert response.status_code == 302


def test_the_csv_export_holds_every_record_and_defuses_formulas(client, learner, course):
    learner.full_name = "=HYPERLINK(evil)"
    learner.save()
    client.force_login(learner)
    lesson_progress_complete(
        user=learner, lesson=list(course.lessons())[0], course_key=course.translation_key
    )
    quiz = FinalQuizPageFactory(parent=course, kind=QuizKind.PRE_TEST)
    attempt_graded_create(user=learner, quiz=quiz, percent=50, passed=False)
    response = client.get(reverse("courses:my_data_download", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    records = [row["record"] for row in rows]
    assert records.count("enrolment") == 1
    assert records.count("lesson_progress") == 1
    assert records.count("attempt") == 1
    profile = {row["item_key"]: row["detail"] for row in rows if row["record"] == "profile"}
    assert profile["email"] == learner.email
    assert profile["full_name"] == "'=HYPERLINK(evil)"
    assert not any(value.startswith("=") for row in rows for value in row.values())


def test_an_unknown_export_format_is_not_found(client, learner):
    client.force_login(learner)
    assert client.get("/en/learning/my-data/download.xml").status_code == 404


def test_the_dashboard_shows_a_completion_date(client, learner, course):
    client.force_login(learner)
    completed = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    with time_machine.travel(completed, tick=False):
        for lesson in course.lessons():
            lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    with time_machine.travel(completed + timedelta(days=40), tick=False):
        body = client.get(DASHBOARD).content.decode()
    assert "Completed on <bdi>March 2, 2026</bdi>" in body  # isolated for right-to-left
    assert Enrolment.objects.get(user=learner).completed_at == completed
