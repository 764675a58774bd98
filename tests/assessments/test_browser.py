"""A learner takes a quiz in Chromium: with JavaScript off and on, in English and Arabic."""

import re

import pytest
from django.conf import settings
from django.test import Client

from assessments.models import Attempt
from tests.factories.pages import translate_tree
from tests.factories.quizzes import QuizPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(chromium):
    """The session's chromium (tests/conftest.py): a second Playwright started in the same
    process fails once the first one's event loop runs."""
    return chromium


def _context(browser, live_server, user, *, javascript: bool):
    client = Client()
    client.force_login(user)
    context = browser.new_context(java_script_enabled=javascript, base_url=live_server.url)
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


def _answer_correctly(page, quiz):
    """Tick the right answers to whatever questions the current page shows."""
    for question in quiz.question_list:
        if question.type == "matching":
            for pair, answer in zip(question.choices, question.answers, strict=True):
                select = page.locator(f'select[name="q-{question.id}-{pair.id}"]')
                if select.count():
                    select.select_option(label=answer.text)
        else:
            for choice_id in question.correct_ids:
                box = page.locator(f'input[name="q-{question.id}"][value="{choice_id}"]')
                if box.count():
                    box.check()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_learner_takes_a_quiz_without_javascript(
    browser, live_server, translated_course, learner, language
):
    quiz = QuizPageFactory(parent=translated_course, questions_per_page="one")
    target = translate_tree(quiz, language).specific if language != "en" else quiz
    page = _context(browser, live_server, learner, javascript=False).new_page()
    page.goto(target.get_url())
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.locator("form[action*='/start/'] button").click()
    for _ in quiz.question_list:
        _answer_correctly(page, quiz)
        page.locator("button[name=action][value=next], button[name=action][value=review]").click()
    assert "/submit/" in page.url
    page.locator("form[action*='/submit/'] button[type=submit]").click()
    assert "/result/" in page.url
    attempt = Attempt.objects.get(user=learner)
    assert attempt.status == "submitted" and attempt.percent == 100
    assert page.locator(".result--pass").count() == 1


@pytest.mark.parametrize("language", ["en", "ar"])
def test_with_javascript_answers_autosave_and_a_countdown_shows_the_deadline(
    browser, live_server, translated_course, learner, language
):
    quiz = QuizPageFactory(parent=translated_course, time_limit_minutes=20)
    target = translate_tree(quiz, language).specific if language != "en" else quiz
    page = _context(browser, live_server, learner, javascript=True).new_page()
    page.goto(target.get_url())
    page.locator("form[action*='/start/'] button").click()
    countdown = page.locator(".quiz-attempt__countdown")
    countdown.wait_for(state="visible")
    seconds = int(countdown.get_attribute("data-seconds-left"))
    assert 18 * 60 < seconds <= 20 * 60
    assert re.search(r"\d{2}:\d{2}|[٠-٩]{2}:[٠-٩]{2}", countdown.inner_text())
    single = next(q for q in quiz.question_list if q.type == "single_choice")
    correct_id = next(iter(single.correct_ids))
    with page.expect_response(lambda r: "/autosave/" in r.url):
        page.locator(f'input[name="q-{single.id}"][value="{correct_id}"]').check()
    page.locator('.quiz-attempt__form[data-saved="true"]').wait_for()
    attempt = Attempt.objects.get(user=learner)
    assert attempt.answers[single.id] == [correct_id]
    assert attempt.status == "in_progress"
