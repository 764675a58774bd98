"""A lesson diagram stays legible on a phone: it scrolls sideways rather than shrink its text."""

import pytest

from tests.factories.pages import LessonPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWING = (
    '<svg viewBox="0 0 640 120"><rect x="10" y="10" width="620" height="100" fill="#f2f5f9" '
    'stroke="#1f4e79"/><text x="320" y="66" font-size="14" text-anchor="middle">'
    "Two keys, held by two people, open the armoury</text></svg>"
)
TEXT_SIZE = """() => {
  const text = document.querySelector('.diagram svg text');
  return parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
}"""
SCROLLS = "() => { const e = document.querySelector('.diagram__drawing'); "
SCROLLS += "return e.scrollWidth > e.clientWidth; }"


@pytest.fixture
def lesson(course):
    return LessonPageFactory(
        parent=course,
        body=[
            {
                "type": "diagram",
                "value": {"title": "Two-person rule", "alt": "Two keys.", "svg": DRAWING},
            }
        ],
    )


@pytest.mark.parametrize(("width", "scrolls"), [(390, True), (1024, False)])
def test_diagram_text_is_at_least_11px_wide_screen_or_phone(
    chromium, live_server, lesson, width, scrolls
):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}{lesson.url}")
    assert page.evaluate(TEXT_SIZE) >= 11
    assert page.evaluate(SCROLLS) is scrolls
    context.close()
