"""A lesson's body is rendered once per revision and language, then served from the cache:
every learner shares it, and a published change shows at once."""

import pytest
from django.test.signals import template_rendered

pytestmark = pytest.mark.django_db

BLOCK_TEMPLATE = "training_site/blocks/rich_text.html"


@pytest.fixture
def block_renders():
    """Names of the block templates rendered while the test runs."""
    rendered = []

    def record(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    yield rendered
    template_rendered.disconnect(record)


def lesson_with_text(course, text):
    lesson = course.lessons().first().specific
    lesson.body = [("rich_text", f"<p>{text}</p>")]
    lesson.save_revision().publish()
    return lesson


def test_two_readers_share_one_rendering_of_the_body(client, course, learner, block_renders):
    lesson = lesson_with_text(course, "Count every weapon at each handover.")
    first = client.get(lesson.url)
    client.force_login(learner)
    second = client.get(lesson.url)
    assert "Count every weapon at each handover." in first.text
    assert "Count every weapon at each handover." in second.text
    assert block_renders.count(BLOCK_TEMPLATE) == 1


def test_a_published_change_is_shown_at_once(client, course, block_renders):
    lesson = lesson_with_text(course, "Count every weapon at each handover.")
    client.get(lesson.url)
    lesson = lesson_with_text(course, "Record each serial number twice.")
    response = client.get(lesson.url)
    assert "Record each serial number twice." in response.text
    assert "Count every weapon at each handover." not in response.text
    assert block_renders.count(BLOCK_TEMPLATE) == 2


def test_each_language_has_its_own_rendering(client, course, block_renders):
    from tests.factories.pages import translate_tree

    lesson = lesson_with_text(course, "Count every weapon at each handover.")
    french = translate_tree(course.get_parent(), "fr")
    french_lesson = lesson.get_translation(french.locale)
    french_lesson.body = [("rich_text", "<p>Comptez chaque arme à chaque passation.</p>")]
    french_lesson.save_revision().publish()
    assert "Count every weapon" in client.get(lesson.url).text
    assert "Comptez chaque arme" in client.get(french_lesson.url).text
