"""Enrol, complete two lessons with JavaScript, switch to Arabic: the progress is kept."""

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Locale

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_context(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context()
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


def progress_value(page) -> int:
    return int(page.locator('[role="progressbar"]').first.get_attribute("aria-valuenow"))


def test_a_learner_enrols_completes_two_lessons_and_keeps_progress_in_arabic(
    chromium, live_server, translated_course, learner
):
    context = signed_in_context(chromium, live_server, learner)
    page = context.new_page()
    page.goto(f"{live_server.url}{translated_course.url}")
    page.get_by_role("button", name="Enrol in this course").click()
    page.wait_for_load_state()
    assert progress_value(page) == 0

    lessons = list(translated_course.lessons())
    for done, lesson in enumerate(lessons[:2], start=1):
        page.goto(f"{live_server.url}{lesson.url}")
        before = progress_value(page)
        url_before = page.url
        page.locator("[data-lesson-complete] button").click()
        page.wait_for_function(
            "v => document.querySelector('[role=progressbar]').getAttribute('aria-valuenow') != v",
            arg=str(before),
        )
        # Updated in place: no navigation, the tick and the status appear.
        assert page.url == url_before
        assert progress_value(page) == round(100 * done / len(lessons))
        assert page.locator("[data-lesson-status]").is_visible()
        assert (
            page.locator(f'[data-lesson-key="{lesson.translation_key}"]')
            .get_attribute("class")
            .endswith("lesson-list__item--done")
        )

    page.goto(f"{live_server.url}{translated_course.url}")
    assert progress_value(page) == 67
    page.click('a[hreflang="ar"]')
    page.wait_for_load_state()
    arabic = translated_course.get_translation(Locale.objects.get(language_code="ar"))
    assert page.url.endswith(arabic.url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert progress_value(page) == 67
    assert page.locator(".lesson-list__item--done").count() == 2
    context.close()
