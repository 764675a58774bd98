"""A trainer carries an English edit into French through wagtail-localize, and the French lesson
goes live only when an administrator approves it ("Trainer review")."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from content.loader import curriculum_load, stable_id
from content.site_setup import site_setup
from courses.models import LessonPage
from courses.services import enrolment_create
from tests.content.conftest import MODULE, curriculum_copy
from tests.factories.pages import ensure_locales
from tests.factories.users import UserFactory
from training_site.accounts.models import Roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDED = "Check the seal before you count."
ADDED_FR = "Vérifiez le scellé avant de compter."


@pytest.fixture
def lesson(tmp_path) -> LessonPage:
    """The site skeleton (roles, "Trainer review") and the fixture curriculum, loaded as
    `load_demo` loads it; the first English lesson."""
    locales = ensure_locales()
    if Page.get_first_root_node() is None:  # an earlier transactional test flushed it
        Page.add_root(instance=Page(title="Root", slug="root", locale=locales["en"]))
    # Made by a wagtail-localize data migration, so a flush by an earlier test removes it.
    Permission.objects.get_or_create(
        content_type=ContentType.objects.get_or_create(
            app_label="wagtail_localize", model="translation"
        )[0],
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    skeleton = site_setup()
    curriculum_load(catalogue=skeleton.catalogues["en"], directory=curriculum_copy(tmp_path))
    return LessonPage.objects.get(
        translation_key=stable_id(MODULE, "lesson/l1"), locale__language_code="en"
    )


def _signed_in(chromium, live_server, user):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def _click_hidden(page, selector: str) -> None:
    """Buttons inside Wagtail's closed dropdown menus: click as the menu item would."""
    with page.expect_navigation():
        page.locator(selector).first.evaluate("button => button.click()")


def test_a_trainer_translates_an_english_edit_and_an_administrator_approves_it(
    chromium, live_server, lesson, screenshot_dir
):
    trainer = UserFactory(roles=[Roles.TRAINERS])
    administrator = UserFactory(roles=[Roles.ADMINISTRATORS])
    learner = UserFactory(roles=[Roles.LEARNERS])
    french = LessonPage.objects.get(
        translation_key=lesson.translation_key, locale__language_code="fr"
    )
    admin_url = f"{live_server.url}/admin/pages"

    # The trainer adds a sentence to a key point of the English lesson and submits it.
    trainer_context = _signed_in(chromium, live_server, trainer)
    page = trainer_context.new_page()
    page.goto(f"{admin_url}/{lesson.pk}/edit/")
    item = page.locator('[name="body-3-value-items-0-value"]')
    item.fill(f"{item.input_value()}. {ADDED}")
    _click_hidden(page, 'button[name="action-submit"]')

    # The administrator approves the English edit from its editor.
    admin_context = _signed_in(chromium, live_server, administrator)
    admin = admin_context.new_page()
    admin.goto(f"{admin_url}/{lesson.pk}/edit/")
    _click_hidden(
        admin,
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
    )
    lesson.refresh_from_db()
    assert ADDED in str(lesson.body)

    # The trainer follows the lesson's "Sync translated pages" (in its header's menu).
    source = TranslationSource.objects.get(object_id=lesson.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    page.goto(f"{admin_url}/{lesson.pk}/edit/")
    page.locator('button[aria-label="Actions"]').click()
    with page.expect_navigation():
        page.get_by_role("link", name="Sync translated pages").click()
    assert page.url.startswith(f"{live_server.url}{sync}")
    assert page.locator('[name="publish_translations"]').count() == 0  # no publishing past review
    with page.expect_navigation():
        page.locator('input[type="submit"][value="Submit"]').click()

    # In wagtail-localize's editor for French, the new segment waits; the trainer translates it.
    page.goto(f"{admin_url}/{french.pk}/edit/")
    segment = page.locator("li.incomplete", has_text=ADDED)
    segment.get_by_role("button", name="Translate").click()
    segment.locator("textarea").fill(f"Compter. {ADDED_FR}")
    with page.expect_response(re.compile(r"/strings/\d+/edit/")):
        segment.get_by_role("button", name="Save").click()
    page.screenshot(path=str(screenshot_dir / "translation_editor_trainer.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for review").click()
    assert "awaiting review" in page.locator(".content-translation-review").inner_text()
    french.refresh_from_db()
    assert ADDED_FR not in str(french.specific.body)  # not live before approval

    # The administrator approves the French translation in the same editor.
    admin.goto(f"{admin_url}/{french.pk}/edit/")
    with admin.expect_navigation():
        admin.locator(".content-translation-review").get_by_role("button", name="Approve").click()

    # A learner reads the French lesson with the new sentence.
    enrolment_create(user=learner, course_key=lesson.get_parent().translation_key)
    learner_context = _signed_in(chromium, live_server, learner)
    reader = learner_context.new_page()
    french.refresh_from_db()
    reader.goto(f"{live_server.url}{french.url}")
    assert reader.locator("html").get_attribute("lang") == "fr"
    assert ADDED_FR in reader.locator("body").inner_text()
    for context in (trainer_context, admin_context, learner_context):
        context.close()
