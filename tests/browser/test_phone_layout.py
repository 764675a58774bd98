"""The learner's pages on a 360 px phone, in English and Arabic, with a real module.

No page scrolls sideways; the header stays one compact row whose "Menu" (a <details>, no
JavaScript needed) opens on the navigation and the languages; screenshots of each page go to
tests/artifacts/phone/ for a person to look at."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from assessments.models import QuizPage
from assessments.services import attempt_start
from content.loader import curriculum_load
from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.services import enrolment_create
from tests.factories.pages import CourseIndexPageFactory, build_site, translate_tree
from tests.factories.users import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}  # a small Android phone, the narrowest we design for
# The header is one row: a name of at most two short lines beside a 44 px "Menu" button.
# 15 % of a 740 px screen (111 px) leaves the page itself 85 % of the first view; the old
# header (name, navigation and language list stacked) took about a third.
HEADER_SHARE = 0.15
ARTIFACTS = Path(__file__).parent.parent / "artifacts" / "phone"


@pytest.fixture
def module_in_english_and_arabic(db):
    """The real stockpile-management module in en and ar, a learner enrolled in it, and the
    learner's final assessment attempt started (a page of real multiple-select questions)."""
    home = build_site()
    catalogue = CourseIndexPageFactory(parent=home)
    translate_tree(home, "ar")
    curriculum_load(
        catalogue=CourseIndexPage.objects.get(pk=catalogue.pk), modules=["stockpile-management"]
    )
    learner = UserFactory(preferred_language="en")
    course = CoursePage.objects.get(locale__language_code="en")
    enrolment_create(user=learner, course_key=course.translation_key)
    final = QuizPage.objects.get(locale__language_code="en", kind="final")
    attempt = attempt_start(user=learner, quiz=final)
    return home, learner, attempt


def learner_pages(home, attempt, language: str) -> dict[str, str]:
    """Every kind of page a learner reaches, as paths in `language`."""
    locale = Locale.objects.get(language_code=language)
    course = CoursePage.objects.get(locale=locale)
    lesson = LessonPage.objects.filter(locale=locale).order_by("path").first()
    with translation.override(language):
        quiz = reverse(
            "assessments:question_page", kwargs={"attempt_id": attempt.pk, "page_number": 1}
        )
        return {
            "home": home.get_translation(locale).url,
            "catalogue": course.get_parent().url,
            "course": course.url,
            "lesson": lesson.url,
            "quiz": quiz,
            "dashboard": reverse("courses:dashboard"),
            "verify": reverse("certificates:verify"),
        }


def phone_page(chromium, live_server, learner, *, javascript: bool = True, viewport=PHONE):
    client = Client()
    client.force_login(learner)
    context = chromium.new_context(
        viewport=viewport, base_url=live_server.url, java_script_enabled=javascript
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


def test_no_learner_page_scrolls_sideways_on_a_phone_and_the_header_stays_compact(
    chromium, live_server, module_in_english_and_arabic
):
    home, learner, attempt = module_in_english_and_arabic
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = phone_page(chromium, live_server, learner)
    for language in ("en", "ar"):
        for name, path in learner_pages(home, attempt, language).items():
            response = page.goto(path)
            assert response.status == 200, (name, path)
            direction = page.locator("html").get_attribute("dir")
            assert direction == ("rtl" if language == "ar" else "ltr")
            page.screenshot(path=str(ARTIFACTS / f"{name}_{language}.png"), full_page=True)
            widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
            assert widths[0] <= widths[1], (language, name, widths)
            header = page.locator(".site-header").bounding_box()
            assert header["height"] <= HEADER_SHARE * PHONE["height"], (name, header["height"])
            # Closed, the menu hides the navigation: only the name and the toggle show.
            assert page.locator(".site-menu__toggle").is_visible()
            assert not page.locator(".site-nav").is_visible()
            if name == "lesson":  # a lesson title fits in three lines
                title = page.locator("h1")
                line = float(title.evaluate("h => parseFloat(getComputedStyle(h).lineHeight)"))
                assert title.bounding_box()["height"] <= 3 * line + 1, language
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_phone_menu_opens_without_javascript_and_its_links_are_reachable(
    chromium, live_server, translated_course, learner, language
):
    from axe_playwright_python.sync_playwright import Axe

    course = translated_course.get_translation(Locale.objects.get(language_code=language))
    context, page = phone_page(chromium, live_server, learner, javascript=False)
    page.goto(course.url)
    toggle = page.locator(".site-menu__toggle")
    assert toggle.get_attribute("aria-expanded") is None  # a <summary>: the browser says it
    toggle.focus()
    page.keyboard.press("Enter")
    my_learning = page.get_by_role("link", name=_("My learning", language))
    assert my_learning.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == my_learning.inner_text()
    # The opened panel stays on screen and does not widen the page, in either direction.
    panel = page.locator(".site-menu__panel").bounding_box()
    assert panel["x"] >= 0
    assert panel["x"] + panel["width"] <= PHONE["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"menu_open_{language}.png"))
    other = "fr" if language == "ar" else "ar"
    page.locator(f'.site-menu a[hreflang="{other}"]').click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == other
    context.close()

    # axe runs as a script: a second visit with JavaScript on, the menu opened by a tap.
    context, page = phone_page(chromium, live_server, learner)
    page.goto(course.url)
    page.locator(".site-menu__toggle").click()
    assert page.locator(".site-nav").is_visible()
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag22aa"]}}
    )
    violations = results.response["violations"]
    assert violations == [], [(v["id"], v["nodes"][0]["html"]) for v in violations]
    page.keyboard.press("Escape")
    assert not page.locator(".site-nav").is_visible()
    context.close()


def test_on_a_wide_screen_the_navigation_shows_inline_without_javascript(
    chromium, live_server, course, learner
):
    context, page = phone_page(
        chromium, live_server, learner, javascript=False, viewport={"width": 1024, "height": 700}
    )
    page.goto(course.url)
    assert not page.locator(".site-menu__toggle").is_visible()
    assert page.get_by_role("link", name="My learning").is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.locator('.site-menu a[hreflang="fr"]').is_visible()
    brand = page.locator(".site-header__brand")
    assert brand.inner_text() == brand.locator(".site-header__name").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "wide_course_en.png"))
    context.close()


def _(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)
