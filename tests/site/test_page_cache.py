"""Routes, translations and lesson lists come from the pages cache, and any change to a page
retires them at once: a visitor never sees a page as it was before an editor's change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from courses.services import enrolment_create
from tests.factories.pages import LessonPageFactory, build_course, translate_tree
from training_site.page_cache import pages_cached, pages_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(course):
    return list(course.lessons())[0]


def test_a_warm_lesson_costs_no_page_query(client, lesson):
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson.url).status_code == 200
    assert [q["sql"] for q in queries if '"wagtailcore_page"' in q["sql"]] == []


def test_an_unpublished_lesson_is_gone_at_once(client, lesson):
    assert client.get(lesson.url).status_code == 200
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404


def test_a_published_change_shows_at_once(client, lesson):
    url = lesson.url
    assert client.get(url).status_code == 200
    lesson.title = "Counting the armoury"
    lesson.slug = "counting"
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert client.get(url).status_code == 404
    assert "Counting the armoury" in client.get(lesson.url).text


def test_a_saved_draft_keeps_the_cache_and_its_publication_retires_it(client, lesson):
    client.get(lesson.url)
    lesson.title = "Draft title"
    revision = lesson.save_revision()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(lesson.url)
    assert [q["sql"] for q in queries if '"wagtailcore_page"' in q["sql"]] == []
    assert "Draft title" not in response.text
    revision.publish()
    assert "Draft title" in client.get(lesson.url).text


def test_a_new_lesson_joins_the_course_pages_at_once(client, course, lesson):
    assert client.get(lesson.url).status_code == 200
    added = LessonPageFactory(parent=course, title="Marking and recording")
    response = client.get(lesson.url)
    assert "Marking and recording" in response.text
    assert client.get(added.url).status_code == 200


def test_a_moved_lesson_answers_at_its_new_address(client, catalogue, lesson):
    old_url = lesson.url
    assert client.get(old_url).status_code == 200
    other = build_course(catalogue, lessons=1)
    lesson.move(other, pos="last-child")
    lesson.refresh_from_db()
    # Wagtail leaves a redirect behind; it answers once routing finds nothing at the old URL.
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == lesson.url
    assert client.get(lesson.url).status_code == 200


def test_a_deleted_course_takes_its_lessons_with_it(client, course, lesson):
    assert client.get(lesson.url).status_code == 200
    course.delete()
    assert client.get(lesson.url).status_code == 404


def test_the_language_switcher_links_a_translation_published_later(client, course, lesson):
    assert "/fr/" in client.get(lesson.url).text  # cached: no translation yet, same path
    translate_tree(course.get_parent().get_parent(), "fr")
    french = lesson.get_translation(Locale.objects.get(language_code="fr"))
    french.slug = "inventaire"
    french.save_revision().publish()
    french.refresh_from_db()
    assert french.url.endswith("/inventaire/")
    assert f'href="{french.get_url()}"' in client.get(lesson.url).text


def test_a_route_is_shared_but_access_is_checked_per_visitor(client, course, lesson, learner):
    course.allow_anonymous_lessons = False
    course.save_revision().publish()
    enrolment_create(user=learner, course_key=course.translation_key)
    client.force_login(learner)
    assert client.get(lesson.url).status_code == 200  # the route is now cached
    client.logout()
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_entry_stored_between_the_save_and_the_commit_is_retired_by_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        pages_changed()
        # Another process reads the rows not yet committed and stores them.
        assert pages_cached("figure", lambda: "before the commit") == "before the commit"
        assert pages_cached("figure", lambda: "recomputed") == "before the commit"
    assert pages_cached("figure", lambda: "after the commit") == "after the commit"


def test_a_result_that_is_not_kept_is_computed_again():
    assert pages_cached("missing", lambda: None) is None
    assert pages_cached("missing", lambda: "found") == "found"
