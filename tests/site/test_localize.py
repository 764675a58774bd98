"""wagtail-localize is usable from the admin: submit a page for translation, then sync."""

from django.urls import reverse
from wagtail.models import Locale

from courses.models import LessonPage
from tests.factories.users import UserFactory


def test_a_lesson_is_translated_and_synced_through_wagtail_localize(client, course):
    from wagtail_localize.models import Translation

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    lesson = LessonPage.objects.child_of(course).first()
    french = Locale.objects.get(language_code="fr")
    # The course's parents must exist in French first: include the whole tree from home.
    home = course.get_parent().get_parent()
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[home.pk]),
        {"locales": [french.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302

    translated = lesson.get_translation(french)
    assert translated.translation_key == lesson.translation_key
    assert Translation.objects.filter(
        source__object_id=lesson.translation_key, target_locale=french
    ).exists()
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[translated.pk]))
    assert editor.status_code == 200

    translation = Translation.objects.get(
        source__object_id=lesson.translation_key, target_locale=french
    )
    lesson.title = "Counting weapons, again"
    lesson.save_revision().publish()
    sync = client.post(
        reverse("wagtail_localize:update_translations", args=[translation.source_id]),
        {"publish_translations": "on"},
    )
    assert sync.status_code == 302
    translation.source.refresh_from_db()
    assert "Counting weapons, again" in translation.source.content_json
    total, done = translation.get_progress()
    assert done < total  # the new title now waits for its French translation
