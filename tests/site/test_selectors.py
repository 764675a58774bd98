"""The shared reads of training_site: a page in a language, and the organisation settings."""

import pytest
from django.core.cache import cache
from wagtail.models import Site

from courses.models import CoursePage
from training_site.models import OrganisationSettings
from training_site.selectors import organisation_settings, page_in_language, pages_in_language


@pytest.mark.parametrize(
    ("language", "fallback", "any_language", "expected"),
    [
        ("fr", None, True, "fr"),
        ("fr-ca", None, True, "fr"),
        ("es", "ar", True, "ar"),
        ("es", None, True, "en"),  # the first in tree order
        ("es", None, False, None),
        (None, None, True, "en"),
    ],
)
def test_page_in_language_prefers_the_language_then_the_fallback(
    translated_course, django_assert_num_queries, language, fallback, any_language, expected
):
    with django_assert_num_queries(1):
        page = page_in_language(
            CoursePage.objects.live(),
            translation_key=translated_course.translation_key,
            language=language,
            fallback=fallback,
            any_language=any_language,
        )
    assert (page.locale.language_code if page else None) == expected


def test_pages_in_language_picks_one_page_per_key(translated_course, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = pages_in_language(
            CoursePage, translation_keys=[translated_course.translation_key], language="ar"
        )
    assert found[translated_course.translation_key].locale.language_code == "ar"


def test_organisation_settings_come_from_the_cache_until_they_are_saved(
    home, django_assert_num_queries
):
    cache.clear()
    site = Site.objects.get(is_default_site=True)
    assert organisation_settings(site=site).organisation_name  # the model's default
    with django_assert_num_queries(0):
        organisation_settings(site=site)
    stored = OrganisationSettings.for_site(site)
    stored.organisation_name = "Regional Training Centre"
    stored.save()
    assert organisation_settings(site=site).organisation_name == "Regional Training Centre"
    assert organisation_settings().organisation_name == "Regional Training Centre"
