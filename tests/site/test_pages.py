import pytest
from wagtail.models import Locale


def test_language_switcher_links_to_the_same_page_in_other_languages(client, translated_course):
    lesson = translated_course.get_children().first().specific
    french = lesson.get_translation(Locale.objects.get(language_code="fr"))
    arabic = lesson.get_translation(Locale.objects.get(language_code="ar"))
    html = client.get(lesson.url).content.decode()
    assert f'href="{french.url}" hreflang="fr"' in html
    assert f'href="{arabic.url}" hreflang="ar"' in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Page not found"), ("fr", "Page introuvable"), ("ar", 'dir="rtl"')],
)
def test_unknown_page_is_a_translated_404(client, home, language, heading):
    response = client.get(f"/{language}/nothing-here/")
    assert response.status_code == 404
    assert heading in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "ar", "es", "pt"])
def test_interface_strings_are_translated_in_every_interface_language(language):
    from django.utils import translation

    with translation.override(language):
        assert translation.gettext("Skip to main content") != "Skip to main content"
        assert translation.gettext("My learning") != "My learning"


def test_catalogue_lists_only_courses_of_the_current_language(client, translated_course):
    index = translated_course.get_parent()
    french_index = index.get_translation(Locale.objects.get(language_code="fr"))
    html = client.get(french_index.url).content.decode()
    assert f"{translated_course.title} [fr]" in html
    assert f">{translated_course.title}<" not in html


def test_new_translation_keeps_translation_key(translated_course):
    arabic = translated_course.get_translation(Locale.objects.get(language_code="ar"))
    assert arabic.translation_key == translated_course.translation_key
