"""Junk values posted under the real field names of a question page never save anything."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assessments import services
from assessments.display import matching_tokens
from assessments.forms import ACTIONS
from assessments.models import Attempt, AttemptEvent
from tests.assessments.conftest import correct_answers
from tests.factories.quizzes import QuizPageFactory

pytestmark = pytest.mark.django_db

UNICODE = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)
OVERLONG = st.builds(lambda text, times: text * times, UNICODE, st.integers(100, 400))
RANDOM_ID = st.uuids().map(str)


@pytest.fixture
def quiz_attempt(course, learner):
    """An attempt at one of each question type, all on one page, one question answered."""
    quiz = QuizPageFactory(parent=course, questions_per_page="all")
    attempt = services.attempt_start(user=learner, quiz=quiz)
    first = attempt.question_ids[0]
    services.attempt_save_answers(attempt=attempt, answers={first: correct_answers(quiz)[first]})
    return quiz, attempt, learner


def _fields(quiz, attempt) -> dict[str, tuple[frozenset[str], frozenset[str], str]]:
    """Field name → (values the field accepts, ids of other questions, question type)."""
    every_id = {
        item.id for question in quiz.question_list for item in (question, *question.choices)
    }
    fields = {"action": (ACTIONS, frozenset(every_id), "action")}
    for question in quiz.question_list:
        own = {choice.id for choice in question.choices}
        others = frozenset(every_id - own)
        if question.type == "matching":
            tokens = frozenset(matching_tokens(attempt=attempt, question_id=question.id))
            for pair in question.choices:
                fields[f"q-{question.id}-{pair.id}"] = (tokens, others | own, question.type)
        else:
            fields[f"q-{question.id}"] = (frozenset(own), others, question.type)
    return fields


def _junk(accepted: frozenset[str], foreign: frozenset[str]) -> st.SearchStrategy[str]:
    """A value the field does not accept: an id that is not its own, text, or nothing."""
    strategies = [RANDOM_ID, UNICODE, OVERLONG, st.just("")]
    if foreign:
        strategies.append(st.sampled_from(sorted(foreign)))
    return st.one_of(strategies).filter(lambda value: value not in accepted)


def _values(data, accepted, foreign, kind) -> list[str]:
    """Junk for one field: one value or several, or an accepted value repeated where the
    field takes one value only."""
    options = [st.lists(_junk(accepted, foreign), min_size=1, max_size=3)]
    if kind != "multiple_select":  # a multiple select may rightly repeat its own ids
        options.append(st.sampled_from(sorted(accepted)).map(lambda value: [value] * 2))
    return data.draw(st.one_of(options))


def _is_junk(values: list[str], kind: str) -> bool:
    # An empty matching drop-down is a learner leaving that pair unanswered, not junk.
    return len(values) > 1 or kind != "matching" or values != [""]


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_junk_values_under_valid_field_names_give_400_or_the_form_again_and_save_nothing(
    data, quiz_attempt, client
):
    quiz, attempt, learner = quiz_attempt
    client.force_login(learner)
    before = Attempt.objects.get(pk=attempt.pk).answers
    events = AttemptEvent.objects.filter(attempt=attempt).count()
    fields = _fields(quiz, attempt)
    names = data.draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, unique=True))
    payload = {name: _values(data, *fields[name]) for name in names}
    assume(any(_is_junk(values, fields[name][2]) for name, values in payload.items()))
    url = data.draw(
        st.sampled_from(
            [
                reverse(
                    "assessments:question_page",
                    kwargs={"attempt_id": attempt.pk, "page_number": 1},
                ),
                reverse(
                    "assessments:autosave", kwargs={"attempt_id": attempt.pk, "page_number": 1}
                ),
            ]
        )
    )

    response = client.post(url, payload)

    assert response.status_code in (200, 400)
    assert Attempt.objects.get(pk=attempt.pk).answers == before
    assert AttemptEvent.objects.filter(attempt=attempt).count() == events
    if response.status_code == 200:  # only the question page again, with its errors
        assert response.context is not None and response.context["errors"]
