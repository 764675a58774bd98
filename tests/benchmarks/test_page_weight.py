"""Page weight of a real lesson's first view as a browser sees it, against DESIGN.md's budget:
at most 30 KB compressed (HTML, CSS, JS, fonts, lesson images excluded) in at most 5 requests.

Every request the page and its service worker make is counted (the document, styles, scripts,
/sw.js, the favicon, whatever the worker fetches to keep the page offline), from a fresh
browser profile for a signed-in learner. The test server does not compress, so each body is
counted gzip-compressed as production serves it. Run with `make bench` or
`pytest -m browser tests/benchmarks -s`."""

import gzip
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.signals import request_started
from django.test import Client

from content.loader import curriculum_load
from courses.models import CourseIndexPage, LessonPage
from courses.services import enrolment_create
from tests.factories.pages import CourseIndexPageFactory, build_site, translate_tree
from tests.factories.users import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET_BYTES = 30 * 1024
BUDGET_REQUESTS = 5
IMAGE_TYPES = {"image"}  # lesson images are outside the budget; the favicon is not


@dataclass
class Fetched:
    url: str
    kind: str
    status: int
    gzip_bytes: int


@pytest.fixture
def arabic_lesson_and_learner(db):
    """The first Arabic lesson of the real stockpile-management module, and an enrolled learner."""
    home = build_site()
    catalogue = CourseIndexPageFactory(parent=home)
    translate_tree(home, "ar")
    curriculum_load(
        catalogue=CourseIndexPage.objects.get(pk=catalogue.pk), modules=["stockpile-management"]
    )
    lesson = LessonPage.objects.filter(locale__language_code="ar").order_by("path").first()
    learner = UserFactory(preferred_language="ar")
    enrolment_create(user=learner, course_key=lesson.get_parent().translation_key)
    return lesson, learner


def first_view(chromium, base_url: str, path: str, session_key: str) -> list[Fetched]:
    """Open `path` in a fresh profile signed in with `session_key`; every response fetched until
    the service worker is ready and the network is idle."""
    context = chromium.new_context()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": base_url}]
    )
    fetched: list[Fetched] = []

    def record(request):
        response = request.response()
        if response is None:
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 (a redirect or an aborted fetch has no body)
            body = b""
        fetched.append(
            Fetched(request.url, request.resource_type, response.status, gzip_size(body))
        )

    context.on("requestfinished", record)
    page = context.new_page()
    page.goto(f"{base_url}{path}")
    page.wait_for_load_state("networkidle")
    page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # let the worker finish what it caches on install
    context.close()
    return fetched


def gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6)) if body else 0


def test_a_lessons_first_view_fits_the_page_budget(
    chromium, live_server, arabic_lesson_and_learner
):
    lesson, learner = arabic_lesson_and_learner
    client = Client()
    client.force_login(learner)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # The server's own log of requests: chromium fetches the favicon outside the page, where
    # Playwright does not see it, but it still costs a request.
    served: list[str] = []

    def log(sender, environ, **kwargs):
        served.append(environ["PATH_INFO"])

    request_started.connect(log)
    try:
        fetched = first_view(chromium, live_server.url, lesson.url, session_key)
    finally:
        request_started.disconnect(log)
    seen = {urlsplit(item.url).path for item in fetched}
    for path in served:
        if path not in seen:
            response = client.get(path)
            body = b"".join(response) if response.streaming else response.content
            fetched.append(Fetched(path, "(browser)", response.status_code, gzip_size(body)))
            seen.add(path)

    counted = [item for item in fetched if item.kind not in IMAGE_TYPES or "favicon" in item.url]
    total = sum(item.gzip_bytes for item in counted)
    out = sys.stdout
    assert len(served) == len(fetched), (served, [item.url for item in fetched])
    out.write(f"\nFirst view of {lesson.url} (Arabic, signed in), every request:\n")
    for item in fetched:
        flag = "" if item in counted else "  (image, outside the budget)"
        out.write(f"  {item.status} {item.kind:<10} {item.gzip_bytes:>7} B  {item.url}{flag}\n")
    out.write(
        f"lesson page first view: {total / 1024:.1f} KB gzip in {len(counted)} requests "
        f"(budget {BUDGET_BYTES // 1024} KB in {BUDGET_REQUESTS})\n"
    )
    assert any(item.url.endswith(lesson.url) for item in counted)
    assert total <= BUDGET_BYTES, f"{total / 1024:.1f} KB"
    # base.html declares an empty icon, so chromium asks for no /favicon.ico (a 404 page).
    assert len(counted) <= BUDGET_REQUESTS, [item.url for item in counted]
