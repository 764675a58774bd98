"""The cached site and view-restriction lookups save queries without serving stale answers."""

import pytest
from wagtail.models import PageViewRestriction, Site

from courses.services import enrolment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(course, learner, client):
    enrolment_create(user=learner, course_key=course.translation_key)
    client.force_login(learner)
    return list(course.lessons())[0]


def test_a_view_restriction_added_after_a_visit_is_enforced_at_once(client, lesson):
    assert client.get(lesson.url).status_code == 200  # caches "no restrictions"
    PageViewRestriction.objects.create(page=lesson, restriction_type="password", password="x")
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_a_view_restriction_removed_is_forgotten(client, lesson):
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type="password", password="x"
    )
    assert b'name="password"' in client.get(lesson.url).content
    restriction.delete()
    assert b'name="password"' not in client.get(lesson.url).content


def test_a_site_moved_to_another_root_is_routed_from_the_new_root(client, lesson, home):
    old_url = lesson.url
    assert client.get(old_url).status_code == 200  # caches the site
    site = Site.objects.get(is_default_site=True)
    site.root_page = lesson.get_parent()  # the course becomes the site's root
    site.save()
    assert client.get(old_url).status_code == 404
    assert client.get(f"/en/{lesson.slug}/").status_code == 200
