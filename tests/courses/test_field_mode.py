"""Field mode in the HTML: the keep-for-offline action for enrolled learners, the "will sync"
texts the scripts show, and a service worker that keeps job aids and answers with a listing."""

import pytest
from django.urls import reverse

from courses.services import enrolment_create

pytestmark = pytest.mark.django_db


def test_an_enrolled_learner_can_keep_the_course_for_offline(client, course, learner):
    enrolment_create(user=learner, course_key=course.translation_key)
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Keep this course for offline" in html
    assert "courses/js/offline.js" in html
    assert "data-keep-offline hidden" in html  # shown by the script, where it can work


def test_the_action_is_not_offered_before_enrolment(client, course, learner):
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Keep this course for offline" not in html
    assert "courses/js/offline.js" not in html


def test_the_lesson_page_carries_the_will_sync_texts(client, course, learner):
    enrolment_create(user=learner, course_key=course.translation_key)
    client.force_login(learner)
    lesson = course.lessons().first()
    html = client.get(lesson.url).content.decode()
    assert "data-lesson-pending hidden" in html
    assert "will sync when you are back online" in html
    assert "data-sync-status hidden" in html


def test_signed_out_pages_have_no_sync_status(client, course):
    assert "data-sync-status" not in client.get(course.url).content.decode()


def test_completing_a_lesson_twice_records_it_once(client, course, learner):
    """What a queued completion sent from two tabs relies on."""
    from courses.models import LessonProgress

    enrolment_create(user=learner, course_key=course.translation_key)
    client.force_login(learner)
    lesson = course.lessons().first()
    url = reverse("courses:lesson_complete", args=[lesson.pk])
    for _ in range(2):
        response = client.post(url, HTTP_ACCEPT="application/json")
        assert response.json()["completed_count"] == 1
    assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 1


def test_the_service_worker_keeps_job_aids_and_lists_what_is_kept_when_offline(client):
    source = b"".join(client.get("/sw.js").streaming_content).decode()
    assert "JOB_AID" in source and "job-aids" in source
    assert "data-offline-list" in source
    assert "/static/training_site/css/site.css" in source  # the offline page is styled
