from decimal import Decimal

import pytest

from assessments import selectors, services
from assessments.analysis import GradedAttempt, item_analysis
from assessments.questions import Choice, Question
from tests.assessments.conftest import correct_answers, wrong_answers
from tests.factories.pages import translate_tree
from tests.factories.quizzes import QuizPageFactory, single_choice


def q(qid, tag=""):
    return Question(
        id=qid,
        type="single_choice",
        text=qid,
        explanation="",
        points=Decimal(1),
        tag=tag,
        choices=(Choice("r", "right", True), Choice("w1", "wrong one"), Choice("w2", "wrong two")),
    )


def graded(percent, **answers):
    return GradedAttempt(
        percent=Decimal(percent),
        answers={k: [v] for k, v in answers.items()},
        question_results={
            k: {"correct": v == "r", "score": "1" if v == "r" else "0", "max_score": "1"}
            for k, v in answers.items()
        },
    )


def test_facility_discrimination_and_common_wrong_answer_are_computed_per_question():
    attempts = [
        graded(100, a="r", b="r"),
        graded(60, a="r", b="w1"),
        graded(40, a="w2", b="r"),
        graded(0, a="w2", b="w1"),
    ]
    rows, tags = item_analysis([q("a", tag="T1"), q("b", tag="T1")], attempts, min_respondents=1)
    a, b = rows
    assert a.facility == 0.5 and b.facility == 0.5
    # groups of ceil(4 × 27%) = 2: top (100, 60) answered a right, bottom (0, 40) wrong
    assert a.discrimination == 1.0
    assert a.common_wrong_answer == "wrong two" and a.common_wrong_count == 2
    assert b.common_wrong_answer == "wrong one"
    assert tags[0].tag == "T1" and tags[0].average == 0.5 and tags[0].questions == 2


def test_questions_nobody_was_asked_have_no_facility():
    rows, tags = item_analysis([q("a"), q("unseen")], [graded(100, a="r")], min_respondents=1)
    assert rows[1].facility is None and rows[1].responses == 0
    assert rows[0].discrimination is None  # one attempt: no groups
    assert tags == []


@pytest.mark.django_db
def test_item_analysis_counts_attempts_in_every_language(
    translated_course, learner, other_learner, monkeypatch
):
    monkeypatch.setattr("assessments.analysis.MIN_RESPONDENTS", 2)
    from django.utils import translation

    quiz = QuizPageFactory(parent=translated_course, questions=[single_choice(tag="MOSAIC 05.20")])
    translate_tree(quiz, "ar")
    for user, answers, language in (
        (learner, correct_answers(quiz), "en"),
        (other_learner, wrong_answers(quiz), "ar"),
    ):
        with translation.override(language):
            attempt = services.attempt_start(user=user, quiz=quiz)
            services.attempt_save_answers(attempt=attempt, answers=answers)
            services.attempt_submit(attempt=attempt)
    rows, tags = selectors.quiz_item_analysis(quiz=quiz)
    assert rows[0].responses == 2 and rows[0].facility == 0.5
    assert tags[0].tag == "MOSAIC 05.20" and tags[0].average == 0.5


@pytest.mark.parametrize(
    ("right", "total", "flags"),
    [(1, 10, ("hard",)), (10, 10, ("easy",)), (19, 20, ()), (5, 10, ())],
)
def test_items_are_flagged_by_facility(right, total, flags):
    attempts = [graded(100 if i < right else 0, a="r" if i < right else "w1") for i in range(total)]
    (row,), _tags = item_analysis([q("a")], attempts)
    assert set(flags) <= set(row.flags)
    assert ("hard" in row.flags) == (right / total < 0.2)
    assert ("easy" in row.flags) == (right / total > 0.95)


def test_an_item_that_does_not_separate_strong_from_weak_is_flagged():
    # The weakest learners get it right and the strongest wrong: discrimination -1.
    attempts = [graded(10 * i, a="r" if i < 5 else "w1") for i in range(10)]
    (row,), _tags = item_analysis([q("a")], attempts)
    assert row.discrimination < 0.2 and "weak_discrimination" in row.flags


def test_nine_respondents_give_no_indices_and_no_flags():
    attempts = [graded(0, a="w1") for _ in range(9)]
    (row,), _tags = item_analysis([q("a")], attempts)
    assert (row.responses, row.facility, row.discrimination, row.flags) == (9, None, None, ())
