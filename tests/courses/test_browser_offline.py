"""Field mode in chromium: keep a course for offline, read and complete a lesson with the
network off, and the completion reaches the server once when the network returns."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale

from courses.models import LessonProgress
from courses.services import enrolment_create
from tests.courses.test_browser import progress_value, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def completions(learner) -> int:
    return LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count()


def test_a_lesson_completed_offline_syncs_once_when_the_network_returns(
    chromium, live_server, course, learner, screenshot_dir
):
    enrolment_create(user=learner, course_key=course.translation_key)
    lessons = list(course.lessons())
    context = signed_in_context(chromium, live_server, learner)
    page = context.new_page()
    page.goto(f"{live_server.url}{course.url}")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    page.get_by_role("button", name="Keep this course for offline").click()
    page.wait_for_function(
        "() => document.querySelector('[data-keep-offline-status]').textContent.includes('Kept')"
    )
    assert f"{len(lessons) + 1} pages" in page.locator("[data-keep-offline-status]").inner_text()

    context.set_offline(True)
    # A page never opened is answered by the offline page, which lists what was kept.
    page.goto(f"{live_server.url}/en/learning/")
    links = page.locator("[data-offline-list] a")
    assert links.count() == len(lessons) + 1
    assert lessons[1].title in page.locator("[data-offline-list]").inner_text()
    assert page.evaluate("getComputedStyle(document.body).margin") != "8px"  # site.css applies

    # A lesson kept but never opened reads offline; completing it waits on the device.
    page.goto(f"{live_server.url}{lessons[1].url}")
    assert page.locator("h1").inner_text() == lessons[1].title
    page.locator("[data-lesson-complete] button").click()
    pending = page.locator("[data-lesson-pending]")
    pending.wait_for(state="visible")
    assert "will sync" in pending.inner_text()
    assert "will sync" in page.locator("[data-sync-status]").inner_text()
    page.screenshot(path=str(screenshot_dir / "offline-completion-pending-en.png"))
    assert completions(learner) == 0

    context.set_offline(False)
    page.wait_for_function(
        "() => document.querySelector('[data-sync-status]').textContent.includes('synced')"
    )
    assert completions(learner) == 1
    assert page.evaluate("localStorage.getItem('amt-pending-completions')") == "[]"

    # Reloading and opening other pages sends nothing twice.
    page.goto(f"{live_server.url}{lessons[0].url}")
    page.goto(f"{live_server.url}{course.url}")
    page.wait_for_load_state("networkidle")
    assert completions(learner) == 1
    assert page.locator(".lesson-list__item--done").count() == 1

    # Signing out forgets anything left unsent: the next learner on this device is not credited.
    page.evaluate(
        "() => localStorage.setItem('amt-pending-completions', JSON.stringify([{url: '/x/'}]))"
    )
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.evaluate("localStorage.getItem('amt-pending-completions')") == "[]"
    context.close()


PHONE = {"width": 390, "height": 844}


def keep_for_offline(page, url: str, count: int) -> None:
    """Open the course page, wait for the service worker, keep the course for offline."""
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    button = page.locator("[data-keep-offline-button]")
    done = button.get_attribute("data-done").replace("%(count)s", str(count))
    button.click()
    page.wait_for_function(
        "done => document.querySelector('[data-keep-offline-status]').textContent === done",
        arg=done,
    )


def complete_online(page, url: str) -> None:
    page.goto(url)
    page.locator("[data-lesson-complete] button").click()
    page.locator("[data-lesson-status]").wait_for(state="visible")


def shown_progress(page) -> tuple[int, str, set[str]]:
    """The bar's value, the label and the lesson keys ticked in the list."""
    ticked = page.locator(".lesson-list__item--done")
    keys = {ticked.nth(n).get_attribute("data-lesson-key") for n in range(ticked.count())}
    visible_ticks = page.locator(".lesson-list [data-lesson-tick]:not([hidden])").count()
    assert visible_ticks == len(keys)
    return progress_value(page), page.locator("[data-progress-label]").inner_text(), keys


def label(language: str, done: int, total: int) -> str:
    with translation.override(language):
        return gettext("%(done)s of %(total)s lessons completed") % {"done": done, "total": total}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_cached_page_read_offline_shows_the_progress_made_since_it_was_kept(
    chromium, live_server, translated_course, learner, screenshot_dir, language
):
    course = translated_course.get_translation(Locale.objects.get(language_code=language)).specific
    enrolment_create(user=learner, course_key=course.translation_key)
    lessons = list(course.lessons())
    first, second = (str(lesson.translation_key) for lesson in lessons[:2])
    context = signed_in_context(chromium, live_server, learner)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    keep_for_offline(page, f"{live_server.url}{course.url}", len(lessons) + 1)
    complete_online(page, f"{live_server.url}{lessons[0].url}")

    context.set_offline(True)
    # Lesson 2 was kept before lesson 1 was completed: it is brought up to date.
    page.goto(f"{live_server.url}{lessons[1].url}")
    assert page.locator("h1").inner_text() == lessons[1].title
    assert shown_progress(page) == (33, label(language, 1, 3), {first})
    assert page.locator("[data-lesson-complete]").is_visible()
    page.locator(".lesson-contents summary").click()
    page.screenshot(
        path=str(screenshot_dir / f"offline-cached-lesson-progress-{language}.png"), full_page=True
    )

    # Completed offline: counted at once, on this page and on the cached course page.
    page.locator("[data-lesson-complete] button").click()
    page.locator("[data-lesson-pending]").wait_for(state="visible")
    assert shown_progress(page) == (67, label(language, 2, 3), {first, second})
    page.goto(f"{live_server.url}{course.url}")
    assert shown_progress(page) == (67, label(language, 2, 3), {first, second})

    # Lesson 1 was cached before it was completed: it no longer offers to complete it.
    page.goto(f"{live_server.url}{lessons[0].url}")
    assert page.locator("[data-lesson-status]").is_visible()
    assert page.locator("[data-lesson-complete]").is_hidden()
    assert shown_progress(page) == (67, label(language, 2, 3), {first, second})

    context.set_offline(False)
    page.wait_for_function(
        "() => !JSON.parse(localStorage.getItem('amt-pending-completions')).length"
    )
    assert completions(learner) == 2
    page.goto(f"{live_server.url}{course.url}")
    assert shown_progress(page) == (67, label(language, 2, 3), {first, second})

    # Signing out forgets what this device knew of the learner's progress.
    assert page.evaluate("localStorage.getItem('amt-progress')") is not None
    page.locator(".site-menu__toggle").click()
    page.locator(".site-nav__button").click()
    page.wait_for_load_state()
    assert page.evaluate("localStorage.getItem('amt-progress')") is None
    context.close()


def test_a_fresh_page_with_less_progress_replaces_what_the_device_knew(
    chromium, live_server, course, learner
):
    enrolment_create(user=learner, course_key=course.translation_key)
    lessons = list(course.lessons())
    first, second = (str(lesson.translation_key) for lesson in lessons[:2])
    context = signed_in_context(chromium, live_server, learner)
    page = context.new_page()
    keep_for_offline(page, f"{live_server.url}{course.url}", len(lessons) + 1)
    complete_online(page, f"{live_server.url}{lessons[0].url}")
    complete_online(page, f"{live_server.url}{lessons[1].url}")
    page.goto(f"{live_server.url}{course.url}")
    assert shown_progress(page) == (67, "2 of 3 lessons completed", {first, second})

    # The server forgets lesson 2 (progress reset): the next page it sends is the truth.
    LessonProgress.objects.filter(user=learner, lesson_key=second).delete()
    page.reload()
    assert shown_progress(page) == (33, "1 of 3 lessons completed", {first})

    # Offline, a page kept before either completion shows what the server said last.
    context.set_offline(True)
    page.goto(f"{live_server.url}{lessons[2].url}")
    assert shown_progress(page) == (33, "1 of 3 lessons completed", {first})
    context.close()
