import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import services
from assessments.models import Attempt
from tests.assessments.conftest import correct_answers, form_data
from tests.factories.quizzes import (
    QuizPageFactory,
    case,
    matching,
    multiple_select,
    single_choice,
    true_false,
)

pytestmark = pytest.mark.django_db

QUESTION_BUILDERS = {
    "single_choice": lambda: single_choice(explanation="SECRET-EXPL-single"),
    "multiple_select": lambda: multiple_select(explanation="SECRET-EXPL-multi", scoring="partial"),
    "true_false": lambda: true_false(explanation="SECRET-EXPL-tf"),
    "matching": lambda: matching(explanation="SECRET-EXPL-match"),
    "case": lambda: case(single_choice(explanation="SECRET-EXPL-case")),
}


def page_url(attempt, number=1):
    return reverse(
        "assessments:question_page", kwargs={"attempt_id": attempt.pk, "page_number": number}
    )


def _secrets(quiz) -> list[str]:
    secrets = []
    for question in quiz.question_list:
        secrets.append(question.explanation)
        secrets += [c.feedback for c in question.choices if c.feedback]
    return secrets


@pytest.mark.parametrize("qtype", sorted(QUESTION_BUILDERS))
@pytest.mark.parametrize("per_page", ["one", "all"])
def test_nothing_sent_before_submission_reveals_answers_explanations_or_scores(
    course, learner, learner_client, qtype, per_page
):
    quiz = QuizPageFactory(
        parent=course,
        questions=[QUESTION_BUILDERS[qtype](), true_false()],
        questions_per_page=per_page,
        time_limit_minutes=30,
    )
    responses = [learner_client.get(quiz.url)]
    start = learner_client.post(reverse("assessments:start", kwargs={"quiz_id": quiz.pk}))
    responses.append(start)
    attempt = Attempt.objects.get(user=learner)
    answers = correct_answers(quiz)
    pages = 2 if per_page == "one" else 1
    for number in range(1, pages + 1):
        responses.append(learner_client.get(page_url(attempt, number)))
        responses.append(
            learner_client.post(
                page_url(attempt, number),
                form_data(
                    attempt,
                    {
                        qid: answers[qid]
                        for qid in attempt.question_ids[
                            (number - 1) : (number if per_page == "one" else None)
                        ]
                    },
                ),
            )
        )
        responses.append(learner_client.get(page_url(attempt, number)))
        responses.append(
            learner_client.post(
                reverse(
                    "assessments:autosave", kwargs={"attempt_id": attempt.pk, "page_number": number}
                ),
                form_data(attempt, {}),
            )
        )
    responses.append(
        learner_client.get(reverse("assessments:submit", kwargs={"attempt_id": attempt.pk}))
    )
    assert all(r.status_code in (200, 302) for r in responses)
    secrets = _secrets(quiz)
    assert secrets  # the scan must have something to look for
    for response in responses:
        sent = response.content.decode() + " ".join(
            f"{k}: {v}" for k, v in response.headers.items()
        )
        for secret in secrets:
            assert secret not in sent
        assert not re.search(
            r"correct|your score|quiz-result|quiz-review|\bpassed\b", sent, re.IGNORECASE
        ), sent[:300]
    # the same scan does find them after submission, so it can fail
    learner_client.post(reverse("assessments:submit", kwargs={"attempt_id": attempt.pk}))
    result = learner_client.get(reverse("assessments:result", kwargs={"attempt_id": attempt.pk}))
    assert all(q.explanation in result.content.decode() for q in quiz.question_list)


def test_matching_form_values_do_not_reveal_which_answer_fits_which_item(
    quiz, learner, learner_client
):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    html = learner_client.get(page_url(attempt)).content.decode()
    question = next(q for q in quiz.question_list if q.type == "matching")
    for pair in question.choices:
        assert f'value="{pair.id}"' not in html


def test_another_learners_attempt_is_not_found(quiz, learner, other_learner, client):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    client.force_login(other_learner)
    urls = [
        page_url(attempt),
        reverse("assessments:submit", kwargs={"attempt_id": attempt.pk}),
        reverse("assessments:result", kwargs={"attempt_id": attempt.pk}),
    ]
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert client.post(urls[1]).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"


def test_anonymous_visitors_are_sent_to_sign_in(quiz, learner, client):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    response = client.get(page_url(attempt))
    assert response.status_code == 302 and "login" in response.url


def test_posts_without_a_csrf_token_are_refused(quiz, learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    attempt = services.attempt_start(user=learner, quiz=quiz)
    answers = correct_answers(quiz)
    urls = [
        reverse("assessments:start", kwargs={"quiz_id": quiz.pk}),
        page_url(attempt),
        reverse("assessments:autosave", kwargs={"attempt_id": attempt.pk, "page_number": 1}),
        reverse("assessments:submit", kwargs={"attempt_id": attempt.pk}),
    ]
    assert [client.post(url, form_data(attempt, answers)).status_code for url in urls] == [403] * 4
    attempt.refresh_from_db()
    assert attempt.answers == {} and attempt.status == "in_progress"


def test_taking_a_quiz_without_javascript_end_to_end(course, learner, learner_client):
    quiz = QuizPageFactory(parent=course, questions_per_page="one", max_attempts=2)
    learner_client.post(reverse("assessments:start", kwargs={"quiz_id": quiz.pk}))
    attempt = Attempt.objects.get(user=learner)
    answers = correct_answers(quiz)
    count = len(attempt.question_ids)
    for number, qid in enumerate(attempt.question_ids, start=1):
        response = learner_client.post(
            page_url(attempt, number), form_data(attempt, {qid: answers[qid]}, action="next")
        )
        expected = (
            page_url(attempt, number + 1)
            if number < count
            else reverse("assessments:submit", kwargs={"attempt_id": attempt.pk})
        )
        assert response.status_code == 302 and response.url == expected
    confirm = learner_client.get(reverse("assessments:submit", kwargs={"attempt_id": attempt.pk}))
    assert "You have answered every question." in confirm.content.decode()
    learner_client.post(reverse("assessments:submit", kwargs={"attempt_id": attempt.pk}))
    result = learner_client.get(reverse("assessments:result", kwargs={"attempt_id": attempt.pk}))
    attempt.refresh_from_db()
    assert attempt.percent == Decimal(100)
    assert "Passed" in result.content.decode() and "Retake the quiz" in result.content.decode()


def test_the_submit_page_lists_unanswered_questions(quiz, learner, learner_client):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    first = attempt.question_ids[0]
    services.attempt_save_answers(attempt=attempt, answers={first: correct_answers(quiz)[first]})
    html = learner_client.get(
        reverse("assessments:submit", kwargs={"attempt_id": attempt.pk})
    ).content.decode()
    listed = re.findall(r"#question-(\d+)", html)
    assert listed == [str(n) for n in range(2, len(attempt.question_ids) + 1)]


def test_a_matching_answer_used_twice_reshows_the_form_with_the_answers_kept(
    quiz, learner, learner_client
):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    question = next(q for q in quiz.question_list if q.type == "matching")
    first = question.choices[0].id
    answer = {pair.id: first for pair in question.choices}
    response = learner_client.post(page_url(attempt), form_data(attempt, {question.id: answer}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Use each answer only once." in html
    from assessments.display import matching_token

    token = matching_token(attempt=attempt, question_id=question.id, pair_id=first)
    assert html.count(f'value="{token}" selected') == len(question.choices)
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_the_result_page_hides_the_review_when_the_policy_says_never(
    course, learner, learner_client
):
    quiz = QuizPageFactory(parent=course, review_policy="never")
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_submit(attempt=attempt)
    html = learner_client.get(
        reverse("assessments:result", kwargs={"attempt_id": attempt.pk})
    ).content.decode()
    assert "Your score" in html
    assert not any(secret in html for secret in _secrets(quiz))


def test_the_result_page_shows_the_knowledge_gain_in_percentage_points(
    course, learner, learner_client
):
    # Tests of different sizes: a blank 6-question pre-test, then a perfect 1-question final.
    pre = QuizPageFactory(parent=course, kind="pre_test")
    final = QuizPageFactory(parent=course, kind="final", max_attempts=3, questions=[true_false()])
    pre_attempt = services.attempt_submit(attempt=services.attempt_start(user=learner, quiz=pre))
    attempt = services.attempt_start(user=learner, quiz=final)
    services.attempt_save_answers(attempt=attempt, answers=correct_answers(final))
    services.attempt_submit(attempt=attempt)
    assert (pre_attempt.percent, attempt.percent) == (0, 100)
    html = learner_client.get(
        reverse("assessments:result", kwargs={"attempt_id": attempt.pk})
    ).content.decode()
    assert "Knowledge gain since the pre-test: 100 percentage points (0% before, 100% now)" in html
    assert " points (" not in html.replace("percentage points (", "")


def test_a_pre_test_result_is_diagnostic_never_passed_or_failed(course, learner, learner_client):
    pre = QuizPageFactory(parent=course, kind="pre_test", pass_mark=0)
    attempt = services.attempt_submit(attempt=services.attempt_start(user=learner, quiz=pre))
    html = learner_client.get(
        reverse("assessments:result", kwargs={"attempt_id": attempt.pk})
    ).content.decode()
    assert "diagnostic" in html
    assert "Passed" not in html and "Not passed" not in html


def test_the_start_page_shows_attempts_left_and_the_best_score(course, learner, learner_client):
    quiz = QuizPageFactory(parent=course, max_attempts=3)
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_save_answers(attempt=attempt, answers=correct_answers(quiz))
    services.attempt_submit(attempt=attempt)
    html = learner_client.get(quiz.url).content.decode()
    assert re.search(r"Attempts left</dt><dd>2<", html)
    assert "100%" in html


def test_arabic_question_pages_are_right_to_left(translated_course, learner, learner_client):
    from tests.factories.pages import translate_tree

    quiz = QuizPageFactory(parent=translated_course)
    arabic = translate_tree(quiz, "ar")
    attempt = services.attempt_start(user=learner, quiz=quiz)
    response = learner_client.get(f"/ar/quiz/attempts/{attempt.pk}/page/1/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html and arabic.title in html


def test_a_question_page_needs_the_same_number_of_queries_for_5_and_50_questions(
    course, learner, learner_client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for count in (5, 50):
        quiz = QuizPageFactory(
            parent=course, questions=[single_choice(f"Q{i}") for i in range(count)]
        )
        attempt = services.attempt_start(user=learner, quiz=quiz)
        learner_client.get(page_url(attempt))  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = learner_client.get(page_url(attempt))
        assert response.content.decode().count('type="radio"') == 3 * count
        counts[count] = len(queries)
    assert counts[5] == counts[50]
    assert counts[50] <= MAX_QUERIES_PER_QUESTION_PAGE


# session, user, attempt, quiz page; the rest is the site chrome of base.html
MAX_QUERIES_PER_QUESTION_PAGE = 10


JUNK_TEXT = st.text(max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_junk_post_data_gives_400_or_the_form_again_and_changes_nothing(data, quiz_attempt, client):
    attempt, user = quiz_attempt
    client.force_login(user)
    before = Attempt.objects.get(pk=attempt.pk).answers
    names = [f"q-{qid}" for qid in attempt.question_ids] + ["action", "q-", "csrfmiddlewaretoken"]
    key = st.one_of(st.sampled_from(names), JUNK_TEXT)
    value = st.one_of(JUNK_TEXT, st.sampled_from(["next", "save", "true", "false", ""]))
    payload = data.draw(
        st.dictionaries(key, st.one_of(value, st.lists(value, max_size=3)), min_size=1)
    )
    payload["junk-marker"] = data.draw(JUNK_TEXT)  # never a valid field name
    url = data.draw(
        st.sampled_from(
            [
                page_url(attempt),
                reverse(
                    "assessments:autosave", kwargs={"attempt_id": attempt.pk, "page_number": 1}
                ),
            ]
        )
    )
    response = client.post(url, payload)
    assert response.status_code in (200, 400)
    assert Attempt.objects.get(pk=attempt.pk).answers == before


@pytest.fixture
def quiz_attempt(quiz, learner):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    first = attempt.question_ids[0]
    services.attempt_save_answers(attempt=attempt, answers={first: correct_answers(quiz)[first]})
    return attempt, learner


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_multiple_select_question_says_select_all_once_and_the_fieldset_points_at_it(
    translated_course, learner, learner_client, language
):
    from django.utils import translation

    from tests.factories.pages import translate_tree

    quiz = QuizPageFactory(parent=translated_course, questions=[multiple_select(), single_choice()])
    if language != "en":
        translate_tree(quiz, language)
    attempt = services.attempt_start(user=learner, quiz=quiz)
    html = learner_client.get(f"/{language}/quiz/attempts/{attempt.pk}/page/1/").content.decode()
    with translation.override(language):
        instruction = translation.gettext("Select all that apply.")
    assert html.count(instruction) == 1
    hint = re.search(r'<p class="meta question__hint" id="([\w-]+)">', html).group(1)
    assert html.count(f'aria-describedby="{hint}"') == 1
