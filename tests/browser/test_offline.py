import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lessons_opened_before_stay_readable_offline(chromium, live_server, course):
    first, second, *_ = course.get_children().specific()
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}{course.url}")
    # Poll from Python: wait_for_function evaluates strings in the page, which our CSP forbids.
    for _ in range(50):
        if page.evaluate("() => navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("the service worker never took control of the page")
    page.goto(f"{live_server.url}{first.url}")
    assert page.locator("h1").inner_text() == first.title

    context.set_offline(True)
    page.goto(f"{live_server.url}{first.url}")
    assert page.locator("h1").inner_text() == first.title
    page.goto(f"{live_server.url}{second.url}")
    assert "You are offline" in page.content()
    context.close()
