"""A new learner's whole path in Arabic on a 390 px phone, in chromium, following only the
primary action of each page: sign up (the confirmation link from the e-mail), enrol, the
pre-test, every lesson (one completed with the network off, synced once when it returns), the
final assessment, the completion screen, the Arabic certificate PDF and its verification page.

A numbered screenshot of every step lands in tests/artifacts/arabic-walk/ (look at them: a
broken, overflowing or mis-mirrored page is a bug), with the completion screen in English too.
"""

import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from pypdf import PdfReader
from wagtail.signals import page_published

from assessments.display import matching_token
from assessments.models import Attempt, AttemptStatus
from assessments.services import attempt_questions
from certificates.models import Certificate
from content.loader import curriculum_load, curriculum_read, stable_id
from content.site_setup import site_setup
from courses.models import CoursePage, Enrolment, LessonProgress
from tests.factories.pages import build_site
from workshops import signal_handlers as workshops_signal_handlers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODULE = "stockpile-management"
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "arabic-walk"
NAME = "نادية حداد"
EMAIL = "nadia@example.org"
PASSWORD = "sahel-rotation-2026"  # noqa: S105
WILL_SYNC = "Completed offline: saved on this device, it will sync when you are back online."
SLOW = 30_000  # ms: saving a course on the device and syncing, on a busy machine


@pytest.fixture
def arabic_course(settings, live_server) -> CoursePage:
    """The site skeleton with one module of the real curriculum in English and Arabic; links in
    e-mails and QR codes point at the live server."""
    settings.SITE_URL = live_server.url
    build_site()  # the tree's root, which a transactional test's flush removed
    skeleton = site_setup()
    documents = curriculum_read(modules=[MODULE])
    documents[MODULE].pop("fr")
    # Publishing queues workshop pack builds (a minute of PDFs) that this walk never opens.
    page_published.disconnect(dispatch_uid="workshops_workshop_pack_rebuild")
    try:
        curriculum_load(catalogue=skeleton.catalogues["en"], documents=documents)
    finally:
        workshops_signal_handlers.connect()
    return CoursePage.objects.get(
        translation_key=stable_id(MODULE, "course"), locale__language_code="ar"
    )


def ar(message: str) -> str:
    """What the learner reads for an interface message on the Arabic site."""
    with translation.override("ar"):
        return gettext(message)


class Walk:
    """The learner's browser tab: the primary action of each page, a numbered screenshot of
    each step, and no page wider than the phone."""

    def __init__(self, page):
        self.page = page
        self.step = 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob("*.png"):
            old.unlink()

    def shot(self, name: str) -> None:
        self.step += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.step:02d}-{name}.png"), full_page=True)
        overflow = self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{self.page.url} scrolls sideways by {overflow}px"

    def primary(self, label: str | None = None, *, containing: str | None = None):
        """The page's one primary action (button--primary, the main button's class)."""
        action = self.page.locator("main .button--primary:visible")
        expect(action).to_have_count(1)
        if label is not None:
            expect(action).to_have_text(label)
        if containing is not None:
            expect(action).to_contain_text(containing)
        return action

    def follow(self, label: str | None = None, *, containing: str | None = None) -> None:
        """Click the primary action and wait for the next page, still in Arabic."""
        action = self.primary(label, containing=containing)
        with self.page.expect_navigation():
            action.click()
        self.page.wait_for_load_state()
        assert self.page.locator("html").get_attribute("dir") == "rtl", self.page.url

    def quiz_pages(self, name: str, answer) -> None:
        """Answer each page of the attempt, Next to Finish, up to the submit page."""
        for _page in range(10):
            answer()
            self.shot(name)
            if self.primary().inner_text().strip() == ar("Finish"):
                self.follow(ar("Finish"))
                return
            self.follow(ar("Next"))
        pytest.fail(f"{name}: no Finish after ten pages")


def answer_any(page) -> None:
    """The pre-test: the first choice of each question, the first option of each drop-down."""
    for fieldset in page.locator("fieldset.question").all():
        selects = fieldset.locator("select")
        if selects.count():
            for select in selects.all():
                select.select_option(index=1)
        else:
            fieldset.locator("input").first.check()


def answer_correctly(page, attempt: Attempt) -> None:
    """The final: the keys read on the server from the attempt's snapshot, never the page."""
    answered = 0
    for qid, question in attempt_questions(attempt=attempt).items():
        if question.type == "matching":
            for pair in question.choices:
                select = page.locator(f'select[name="q-{qid}-{pair.id}"]')
                if select.count():
                    token = matching_token(attempt=attempt, question_id=qid, pair_id=pair.id)
                    select.select_option(value=token)
                    answered += 1
        else:
            for choice_id in question.correct_ids:
                box = page.locator(f'input[name="q-{qid}"][value="{choice_id}"]')
                if box.count():
                    box.check()
                    answered += 1
    assert answered, f"no question of the attempt on {page.url}"


def completions(user) -> int:
    return LessonProgress.objects.filter(user=user, completed_at__isnull=False).count()


def test_a_new_learner_walks_the_arabic_course_from_sign_up_to_a_verified_certificate(
    chromium, live_server, arabic_course
):
    context = chromium.new_context(viewport=PHONE, locale="ar", has_touch=True, is_mobile=True)
    page = context.new_page()
    walk = Walk(page)
    lessons = list(arabic_course.lessons())
    with translation.override("ar"):
        signup_url = reverse("account_signup")
        offline_lesson = lessons[2]
        complete_url = reverse("courses:lesson_complete", kwargs={"lesson_id": offline_lesson.pk})

    # Sign up on the Arabic site: the form defaults to Arabic; the link comes by e-mail.
    page.goto(f"{live_server.url}/ar/")
    walk.shot("home")
    page.goto(f"{live_server.url}{signup_url}")
    expect(page.locator('[name="preferred_language"]')).to_have_value("ar")
    page.fill('[name="email"]', EMAIL)
    page.fill('[name="password1"]', PASSWORD)
    page.fill('[name="password2"]', PASSWORD)
    page.fill('[name="full_name"]', NAME)
    page.select_option('[name="country"]', "JO")
    page.select_option('[name="service"]', index=1)
    walk.shot("sign-up")
    walk.follow()
    walk.shot("confirmation-sent")
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/confirm-email/\S+/", message.body)[0]
    assert link.startswith(f"{live_server.url}/ar/")
    page.goto(link)
    walk.shot("confirm-email")
    walk.follow()
    assert page.url == f"{live_server.url}/ar/learning/"
    walk.shot("dashboard-empty")

    # The catalogue offers a choice: the learner picks the course by its title.
    walk.follow(ar("Browse the courses"))
    walk.shot("catalogue")
    with page.expect_navigation():
        page.get_by_role("link", name=arabic_course.title).click()
    walk.shot("course")
    walk.follow(ar("Enrol in this course"))
    walk.shot("course-enrolled")
    learner = Enrolment.objects.get(course_key=arabic_course.translation_key).user
    assert (learner.email, learner.full_name, learner.preferred_language) == (EMAIL, NAME, "ar")

    # Field mode: keep the course on the device while the network is there.
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    keep = page.get_by_role("button", name=ar("Keep this course for offline"))
    keep.click()
    expect(keep).to_be_enabled(timeout=SLOW)  # disabled while the pages are saved
    # The button comes back when the saving is done; wait for the cache itself too, since a
    # busy browser may not have shown the disabled state yet when the check above ran.
    page.wait_for_function(
        """(wanted) => caches.open("amt-pages-v1").then((cache) => cache.keys())
            .then((requests) => requests.map((request) => new URL(request.url).pathname))
            .then((kept) => wanted.every((path) => kept.includes(path)))""",
        arg=[lesson.url for lesson in lessons],
        timeout=SLOW,
    )
    walk.shot("course-kept-offline")

    # The pre-test, then back to the lessons.
    walk.follow(ar("Take the pre-test"))
    walk.shot("pretest")
    walk.follow(ar("Start the quiz"))
    walk.quiz_pages("pretest-page", lambda: answer_any(page))
    walk.shot("pretest-submit")
    walk.follow(ar("Submit my answers"))
    walk.shot("pretest-result")
    walk.follow(ar("Continue to the lessons"))
    walk.shot("course-after-pretest")

    # The lessons. The third opens and is completed with the network off (it was kept on the
    # device), waits there, and reaches the server once when the network returns.
    sent = []
    page.on(
        "response",
        lambda response: (
            sent.append(response.status)
            if response.request.method == "POST" and response.url.endswith(complete_url)
            else None
        ),
    )
    walk.follow(ar("Start the first lesson"))
    for number, lesson in enumerate(lessons, start=1):
        assert page.locator("h1").inner_text() == lesson.title
        last = number == len(lessons)
        mark = ar("Mark as complete") if last else ar("Mark as complete and continue")
        if lesson == offline_lesson:
            walk.primary(mark).click()
            expect(page.locator("[data-lesson-pending]")).to_have_text(ar(WILL_SYNC))
            expect(page.locator("[data-sync-status]")).to_be_visible()
            walk.shot(f"lesson-{number}-offline-will-sync")
            assert completions(learner) == number - 1
            assert sent == []
            context.set_offline(False)
            expect(page.locator("[data-sync-status]")).to_have_text(
                ar("Your progress made offline has been synced."), timeout=SLOW
            )
            walk.shot(f"lesson-{number}-synced")
            assert completions(learner) == number
            assert sent == [200]
        else:
            walk.shot(f"lesson-{number}")
            walk.primary(mark).click()
            expect(page.locator("[data-lesson-status]")).to_be_visible()
            assert completions(learner) == number
        if not last and lessons[number] == offline_lesson:
            context.set_offline(True)
        if last:
            walk.follow(ar("Next step: back to the course"))
        else:
            walk.follow(containing=lessons[number].title)
    walk.shot("course-lessons-done")

    # The final assessment, answered from the attempt's snapshot.
    walk.follow(ar("Take the final assessment"))
    walk.shot("final")
    walk.follow(ar("Start the quiz"))
    attempt = Attempt.objects.get(user=learner, status=AttemptStatus.IN_PROGRESS)
    walk.quiz_pages("final-page", lambda: answer_correctly(page, attempt))
    walk.shot("final-submit")
    walk.follow(ar("Submit my answers"))
    walk.shot("final-result")
    attempt.refresh_from_db()
    assert attempt.passed

    # The finish line: the completion screen, the Arabic PDF and its verification page.
    walk.follow(ar("See your certificate"))
    walk.shot("completion")
    certificate = Certificate.objects.get(user=learner)
    with page.expect_download() as download:
        walk.primary(containing=ar("Download your certificate:")).click()
    assert download.value.suggested_filename.endswith("-ar.pdf")
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(pdf_page.extract_text() for pdf_page in pdf.pages)
    assert NAME in text
    assert certificate.formatted_code in text
    page.goto(page.locator("input.certificate-card__link").input_value())
    walk.shot("verification")
    expect(page.locator(".certificate-verify__result--valid")).to_contain_text(NAME)

    # The offline completion was sent once, and nothing since sent it again.
    assert sent == [200]
    assert completions(learner) == len(lessons)

    # The completion screen in English, for the record.
    complete = reverse("courses:complete", kwargs={"course_key": arabic_course.translation_key})
    page.goto(f"{live_server.url}{complete}")
    walk.shot("completion-en")
    context.close()
