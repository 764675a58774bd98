"""Translations through wagtail-localize: the loader makes them so that editors can sync them,
and a trainer's translation goes through the "Trainer review" workflow before it is live."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from content.loader import curriculum_load, stable_id
from content.site_setup import site_setup
from content.translation import TOOL_NAME
from content.wagtail_hooks import SUBMIT
from courses.models import LessonPage
from courses.services import enrolment_create
from tests.factories.users import UserFactory
from training_site.accounts.models import Roles

from .conftest import MODULE

pytestmark = pytest.mark.django_db

NEW_SENTENCE = "Never leave the armoury key in the lock."
NEW_SENTENCE_FR = "Ne laissez jamais la clé sur la serrure du dépôt."


@pytest.fixture(scope="module")
def loaded(module_db, module_curriculum_dir):
    """The site skeleton (roles and workflow included) and the fixture curriculum."""
    with module_db.unblock():
        skeleton = site_setup()
        curriculum_load(catalogue=skeleton.catalogues["en"], directory=module_curriculum_dir)


@pytest.fixture
def lesson(loaded, shared_rows) -> LessonPage:
    return LessonPage.objects.get(
        translation_key=stable_id(MODULE, "lesson/l1"), locale__language_code="en"
    )


def _fr(page) -> LessonPage:
    return LessonPage.objects.get(translation_key=page.translation_key, locale__language_code="fr")


def test_the_loader_makes_every_translated_page_a_complete_wagtail_localize_translation(loaded):
    sources = TranslationSource.objects.filter(locale__language_code="en")
    assert sources.count() == 10
    for source in sources:
        for language in ("fr", "ar"):
            translation = Translation.objects.get(
                source=source, target_locale__language_code=language
            )
            total, done = translation.get_progress()
            assert total > 0
            assert done == total, (source.object_repr, language)
            assert translation.get_target_instance().live


def test_question_bank_choices_are_not_segments_to_translate(loaded):
    quiz = TranslationSource.objects.get(
        object_id=stable_id(MODULE, "final"), locale__language_code="en"
    )
    paths = list(quiz.stringsegment_set.values_list("context__path", flat=True))
    assert paths
    assert not [path for path in paths if path.rsplit(".", 1)[-1] in {"objective", "use", "lesson"}]


def test_the_loaded_text_is_stored_as_the_files_translation(lesson):
    french = _fr(lesson)
    source = TranslationSource.objects.get(object_id=lesson.translation_key)
    title = StringSegment.objects.get(source=source, context__path="title")
    stored = title.string.translations.get(locale=french.locale, context=title.context)
    assert (stored.data, stored.tool_name) == (french.title, TOOL_NAME)


def test_a_trainer_syncs_an_english_edit_translates_it_and_an_administrator_approves(
    client, lesson
):
    trainer = UserFactory(roles=[Roles.TRAINERS])
    administrator = UserFactory(roles=[Roles.ADMINISTRATORS])
    french = _fr(lesson)
    live_before = list(french.body.raw_data)

    # The English edit: a new paragraph, published (the workflow for English is Wagtail's own).
    body = lesson.body.raw_data
    text = next(block for block in body if block["type"] == "rich_text")
    text["value"] += f"<p>{NEW_SENTENCE}</p>"
    lesson.body = body
    lesson.save_revision(user=administrator).publish()

    # Sync, asking to publish at once: a trainer's sync doesn't publish past the workflow.
    source = TranslationSource.objects.get(object_id=lesson.translation_key)
    client.force_login(trainer)
    form = client.get(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert "publish_translations" not in form.context["form"].fields
    sync = client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on"},
    )
    assert sync.status_code == 302
    assert list(_fr(lesson).body.raw_data) == live_before
    translation = Translation.objects.get(source=source, target_locale=french.locale)
    total, done = translation.get_progress()
    assert total - done == 1  # only the new sentence waits for French

    # The trainer translates the new segment in wagtail-localize's editor and submits it.
    segment = StringSegment.objects.get(source=source, string__data=NEW_SENTENCE)
    put = client.put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, segment.pk],
        ),
        urlencode({"value": NEW_SENTENCE_FR}),
        content_type="application/x-www-form-urlencoded",
    )
    assert put.status_code == 201
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[french.pk]))
    assert SUBMIT in editor.content.decode()
    submitted = client.post(reverse("wagtailadmin_pages:edit", args=[french.pk]), {SUBMIT: "1"})
    assert submitted.status_code == 302
    french = _fr(lesson)
    state = french.current_workflow_state
    assert (state.workflow.name, state.status) == ("Trainer review", "in_progress")
    assert NEW_SENTENCE_FR not in str(french.body)  # not live before approval

    # The administrator approves from the same editor page.
    client.force_login(administrator)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[french.pk]))
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[french.pk, "approve", state.current_task_state.pk],
    )
    assert approve in editor.content.decode()
    assert client.post(approve, {"comment": ""}).status_code == 302

    french = _fr(lesson)
    assert french.current_workflow_state is None
    learner = UserFactory(roles=[Roles.LEARNERS])
    enrolment_create(user=learner, course_key=lesson.get_parent().translation_key)
    client.force_login(learner)
    page = client.get(french.url)
    assert page.status_code == 200
    assert NEW_SENTENCE_FR in page.content.decode()


def test_a_trainer_without_a_workflow_on_the_page_cannot_submit(client, lesson):
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.all().delete()
    french = _fr(lesson)
    client.force_login(UserFactory(roles=[Roles.TRAINERS]))

    response = client.post(reverse("wagtailadmin_pages:edit", args=[french.pk]), {SUBMIT: "1"})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")  # Wagtail's "no permission" answer
    assert _fr(lesson).latest_revision_id == french.latest_revision_id
    assert _fr(lesson).current_workflow_state is None


def test_a_trainer_cannot_turn_a_translation_into_a_live_copy_of_the_english_page(client, lesson):
    french = _fr(lesson)
    client.force_login(UserFactory(roles=[Roles.TRAINERS]))

    response = client.post(reverse("wagtail_localize:convert_to_alias", args=[french.pk]))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")  # Wagtail's "no permission" answer
    assert _fr(lesson).alias_of_id is None


def test_translate_this_page_makes_a_draft_that_waits_for_review(
    client, lesson, django_capture_on_commit_callbacks
):
    import uuid

    from wagtail.models import Locale

    english = lesson.copy(
        update_attrs={"slug": "storage", "title": "Storage", "translation_key": uuid.uuid4()},
        keep_live=True,
    )
    french = Locale.objects.get(language_code="fr")
    client.force_login(UserFactory(roles=[Roles.TRAINERS]))

    with django_capture_on_commit_callbacks(execute=True):  # where wagtail-localize publishes
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[english.pk]),
            {"locales": [french.pk]},
        )

    assert response.status_code == 302
    translation = LessonPage.objects.get(translation_key=english.translation_key, locale=french)
    assert english.live
    assert not translation.live  # live only once an administrator approves it
