"""Field mode in chromium: keep a course for offline, read and complete a lesson with the
network off, and the completion reaches the server once when the network returns."""

import pytest

from courses.models import LessonProgress
from courses.services import enrolment_create
from tests.courses.test_browser import signed_in_context

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
