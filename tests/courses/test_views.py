import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import Locale

from courses.models import Enrolment, LessonProgress
from courses.services import enrolment_create, lesson_progress_complete

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(course.lessons())


def test_a_visitor_reads_the_course_overview_and_is_invited_to_sign_in(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign in to enrol" in body
    assert reverse("courses:enrol", args=[course.translation_key]) not in body


def test_a_visitor_reads_lessons_when_the_course_allows_it(client, course):
    lesson = lessons_of(course)[0]
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert "Mark as complete" not in response.content.decode()
    assert not LessonProgress.objects.exists()


def test_a_visitor_is_sent_to_sign_in_when_lessons_are_for_learners(client, course):
    course.allow_anonymous_lessons = False
    course.save_revision().publish()
    response = client.get(lessons_of(course)[0].url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_learner_not_enrolled_is_sent_to_the_course_when_lessons_are_for_learners(
    client, course, learner
):
    course.allow_anonymous_lessons = False
    course.save_revision().publish()
    client.force_login(learner)
    lesson = lessons_of(course)[0]
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert response["Location"] == course.url
    enrolment_create(user=learner, course_key=course.translation_key)
    assert client.get(lesson.url).status_code == 200


def test_the_enrol_button_requires_sign_in(client, course):
    url = reverse("courses:enrol", args=[course.translation_key])
    response = client.post(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Enrolment.objects.exists()


def test_a_learner_enrols_from_the_course_page(client, course, learner):
    client.force_login(learner)
    body = client.get(course.url).content.decode()
    url = reverse("courses:enrol", args=[course.translation_key])
    assert url in body
    response = client.post(url)
    assert response.status_code == 302
    assert Enrolment.objects.get(user=learner).course_key == course.translation_key
    body = client.get(course.url).content.decode()
    assert "0 of 3 lessons completed" in body
    assert "Leave this course" in body


def test_enrolling_needs_a_post(client, course, learner):
    client.force_login(learner)
    response = client.get(reverse("courses:enrol", args=[course.translation_key]))
    assert response.status_code == 405
    assert not Enrolment.objects.exists()


def test_enrolling_in_an_unknown_course_is_not_found(client, learner):
    client.force_login(learner)
    url = reverse("courses:enrol", args=["00000000-0000-0000-0000-000000000000"])
    assert client.post(url).status_code == 404


def test_marking_a_lesson_complete_continues_to_the_next_lesson(client, course, learner):
    client.force_login(learner)
    first, second, _third = lessons_of(course)
    body = client.get(first.url).content.decode()
    assert "Mark as complete and continue" in body
    response = client.post(reverse("courses:lesson_complete", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == second.url
    assert LessonProgress.objects.get(user=learner, lesson_key=first.translation_key).completed_at


def test_marking_the_last_lesson_complete_returns_to_the_course(client, course, learner):
    client.force_login(learner)
    last = lessons_of(course)[-1]
    response = client.post(reverse("courses:lesson_complete", args=[last.pk]))
    assert response["Location"] == course.url


MOMENT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
MOMENT_MS = 1772357400000


def test_marking_a_lesson_complete_answers_json_to_scripts(client, course, learner):
    client.force_login(learner)
    first, second, third = lessons_of(course)
    lesson_progress_complete(user=learner, lesson=third, course_key=course.translation_key)
    with time_machine.travel(MOMENT, tick=False):
        response = client.post(
            reverse("courses:lesson_complete", args=[first.pk]), HTTP_ACCEPT="application/json"
        )
    assert response.status_code == 200
    data = response.json()
    assert data["completed"] is True
    assert data["completed_count"] == 2
    assert data["total"] == 3
    assert data["percent"] == 67
    assert data["next_url"] == second.url
    assert data["lesson_key"] == str(first.translation_key)
    # What the device keeps to bring its cached pages up to date (courses/js/progress.js).
    assert data["course_key"] == str(course.translation_key)
    assert data["completed_keys"] == [str(first.translation_key), str(third.translation_key)]
    assert data["rendered_at"] == MOMENT_MS


@pytest.mark.parametrize("language", ["en", "ar"])
def test_lesson_and_course_pages_say_when_and_for_which_course_their_progress_was_rendered(
    client, translated_course, learner, language
):
    course = translated_course.get_translation(Locale.objects.get(language_code=language))
    enrolment_create(user=learner, course_key=course.translation_key)
    client.force_login(learner)
    label = {"en": "%(done)s of %(total)s lessons completed", "ar": "اكتمل %(done)s من أصل"}
    for url in (course.url, lessons_of(course.specific)[0].url):
        with time_machine.travel(MOMENT, tick=False):
            body = client.get(url).content.decode()
        assert f'data-course-key="{course.translation_key}"' in body
        assert f'data-rendered-at="{MOMENT_MS}"' in body
        assert f'data-label-template="{label[language]}' in body


def test_a_visitor_cannot_mark_a_lesson_complete(client, course):
    lesson = lessons_of(course)[0]
    response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    assert response.status_code == 302
    assert not LessonProgress.objects.exists()


def test_marking_a_draft_lesson_complete_is_not_found(client, course, learner):
    client.force_login(learner)
    lesson = lessons_of(course)[0]
    lesson.unpublish()
    assert client.post(reverse("courses:lesson_complete", args=[lesson.pk])).status_code == 404


def test_a_lesson_page_shows_ticks_and_previous_and_next_links(client, course, learner):
    client.force_login(learner)
    first, second, third = lessons_of(course)
    lesson_progress_complete(user=learner, lesson=first, course_key=course.translation_key)
    body = client.get(second.url).content.decode()
    assert f'rel="prev" href="{first.url}"' in body
    assert f'rel="next" href="{third.url}"' in body
    assert "lesson-list__item lesson-list__item--done" in body
    assert body.count("lesson-list__item--done") == 1
    assert "1 of 3 lessons completed" in body


def test_opening_a_lesson_records_a_view_and_feeds_continue_where_you_left_off(
    client, course, learner
):
    client.force_login(learner)
    enrolment_create(user=learner, course_key=course.translation_key)
    first, second, _third = lessons_of(course)
    lesson_progress_complete(user=learner, lesson=first, course_key=course.translation_key)
    client.get(second.url)
    assert LessonProgress.objects.filter(user=learner).count() == 2
    body = client.get(course.url).content.decode()
    assert f"Continue: {second.title}" in body
    assert f'href="{second.url}" data-next-step="lesson"' in body


def test_progress_completed_in_french_shows_in_arabic_and_english(
    client, translated_course, learner
):
    client.force_login(learner)
    locales = {code: Locale.objects.get(language_code=code) for code in ("en", "fr", "ar")}
    fr_course = translated_course.get_translation(locales["fr"])
    fr_lessons = lessons_of(fr_course)
    client.post(reverse("courses:enrol", args=[fr_course.translation_key]))
    for lesson in fr_lessons[:2]:
        client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    for code in ("ar", "en"):
        page = translated_course.get_translation(locales[code])
        body = client.get(page.url).content.decode()
        assert body.count("lesson-list__item--done") == 2, code
        assert 'aria-valuenow="67"' in body, code
        lesson_body = client.get(lessons_of(page)[0].url).content.decode()
        assert "data-lesson-status>" in lesson_body
        assert "data-lesson-complete" not in lesson_body
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_leaving_and_enrolling_again_keeps_progress(client, course, learner):
    client.force_login(learner)
    lesson = lessons_of(course)[0]
    client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    client.post(reverse("courses:unenrol", args=[course.translation_key]))
    body = client.get(course.url).content.decode()
    assert "Enrol again" in body
    client.post(reverse("courses:enrol", args=[course.translation_key]))
    body = client.get(course.url).content.decode()
    assert "1 of 3 lessons completed" in body


def test_enrol_redirects_only_to_safe_next_urls(client, course, learner):
    client.force_login(learner)
    url = reverse("courses:enrol", args=[course.translation_key])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == course.url


def test_the_lesson_page_loads_the_progress_script_for_learners_only(client, course, learner):
    lesson = lessons_of(course)[0]
    assert "courses/js/progress.js" not in client.get(lesson.url).content.decode()
    client.force_login(learner)
    assert "courses/js/progress.js" in client.get(lesson.url).content.decode()


def test_the_data_export_is_json(client, course, learner):
    client.force_login(learner)
    lesson_progress_complete(
        user=learner, lesson=lessons_of(course)[0], course_key=course.translation_key
    )
    response = client.get(reverse("courses:my_data_download", args=["json"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["profile"]["email"] == learner.email
    assert data["enrolments"][0]["course_key"] == str(course.translation_key)
    assert len(data["lesson_progress"]) == 1
    assert data["attempts"] == []
