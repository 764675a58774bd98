from decimal import Decimal

import pytest

from assessments.questions import FALSE_ID, TRUE_ID, Choice, Question
from assessments.scoring import score_attempt, score_question


def choice_question(
    qtype: str, correct: set[str], *, n: int = 4, points=1, scoring="all_or_nothing"
):
    return Question(
        id="q",
        type=qtype,
        text="?",
        explanation="because",
        points=Decimal(points),
        choices=tuple(
            Choice(id=f"c{i}", text=str(i), correct=f"c{i}" in correct) for i in range(n)
        ),
        scoring=scoring,
    )


def matching_question(n: int = 4, points=4):
    pairs = tuple(Choice(id=f"p{i}", text=f"item {i}", correct=True) for i in range(n))
    return Question(
        id="m",
        type="matching",
        text="match",
        explanation="because",
        points=Decimal(points),
        choices=pairs,
        answers=tuple(Choice(id=f"p{i}", text=f"answer {i}") for i in range(n)),
    )


def true_false_question(answer: str):
    return Question(
        id="tf",
        type="true_false",
        text="?",
        explanation="",
        points=Decimal(1),
        choices=(
            Choice(TRUE_ID, "true", answer == TRUE_ID),
            Choice(FALSE_ID, "false", answer == FALSE_ID),
        ),
    )


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["c1"], "2.00"),
        (["c0"], "0.00"),
        (["c1", "c0"], "0.00"),
        ([], "0.00"),
        (None, "0.00"),
    ],
)
def test_single_choice_scores_full_points_only_for_the_one_correct_choice(answer, expected):
    result = score_question(choice_question("single_choice", {"c1"}, points=2), answer)
    assert result.score == Decimal(expected)
    assert result.correct is (expected == "2.00")


@pytest.mark.parametrize(
    ("correct", "answer", "expected"),
    [
        (TRUE_ID, [TRUE_ID], "1.00"),
        (TRUE_ID, [FALSE_ID], "0.00"),
        (FALSE_ID, [FALSE_ID], "1.00"),
        (FALSE_ID, [], "0.00"),
        (FALSE_ID, [TRUE_ID, FALSE_ID], "0.00"),
    ],
)
def test_true_false_scores_the_matching_answer(correct, answer, expected):
    assert score_question(true_false_question(correct), answer).score == Decimal(expected)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["c0", "c1"], "3.00"),
        (["c1", "c0"], "3.00"),
        (["c0"], "0.00"),
        (["c0", "c1", "c2"], "0.00"),
        (["c2"], "0.00"),
        ([], "0.00"),
    ],
)
def test_multiple_select_all_or_nothing_needs_exactly_the_correct_choices(answer, expected):
    question = choice_question("multiple_select", {"c0", "c1"}, points=3)
    assert score_question(question, answer).score == Decimal(expected)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["c0", "c1", "c2"], "3.00"),  # all three correct
        (["c0", "c1"], "2.00"),  # two of three
        (["c0"], "1.00"),
        (["c0", "c1", "c3"], "1.00"),  # two right, one wrong
        (["c0", "c3"], "0.00"),  # one right, one wrong
        (["c3"], "0.00"),  # floored at zero, not -1
        (["c0", "c1", "c2", "c3"], "2.00"),
        ([], "0.00"),
    ],
)
def test_multiple_select_partial_credit_subtracts_wrong_ticks_and_floors_at_zero(answer, expected):
    question = choice_question("multiple_select", {"c0", "c1", "c2"}, points=3, scoring="partial")
    assert score_question(question, answer).score == Decimal(expected)


def test_partial_credit_rounds_to_cents():
    question = choice_question("multiple_select", {"c0", "c1", "c2"}, points=1, scoring="partial")
    assert score_question(question, ["c0"]).score == Decimal("0.33")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"p0": "p0", "p1": "p1", "p2": "p2", "p3": "p3"}, "4.00"),
        ({"p0": "p0", "p1": "p1"}, "2.00"),
        ({"p0": "p1", "p1": "p0", "p2": "p2"}, "1.00"),
        ({}, "0.00"),
        ({"p0": ""}, "0.00"),
        (["p0"], "0.00"),  # wrong shape scores nothing
    ],
)
def test_matching_scores_the_share_of_pairs_matched(answer, expected):
    assert score_question(matching_question(), answer).score == Decimal(expected)


def test_unanswered_questions_are_marked_unanswered():
    assert not score_question(matching_question(), {}).answered
    assert score_question(matching_question(), {"p0": "p3"}).answered


@pytest.mark.parametrize(
    ("pass_mark", "answers", "percent", "passed"),
    [
        (50, {"a": ["c0"], "b": ["c1"]}, "50.00", True),
        (51, {"a": ["c0"], "b": ["c1"]}, "50.00", False),
        (100, {"a": ["c0"], "b": ["c0"]}, "100.00", True),
        (0, {}, "0.00", True),
        (1, {}, "0.00", False),
    ],
)
def test_attempt_percent_and_pass_follow_the_pass_mark(pass_mark, answers, percent, passed):
    questions = [
        Question(
            id=qid,
            type="single_choice",
            text="",
            explanation="",
            points=Decimal(2),
            choices=(Choice("c0", "", True), Choice("c1", "", False)),
        )
        for qid in ("a", "b")
    ]
    result = score_attempt(questions, answers, pass_mark=pass_mark)
    assert result.max_score == Decimal(4)
    assert result.percent == Decimal(percent)
    assert result.passed is passed
    assert [r.question_id for r in result.questions] == ["a", "b"]


def test_an_attempt_without_questions_scores_zero_percent():
    result = score_attempt([], {}, pass_mark=50)
    assert (result.score, result.max_score, result.percent, result.passed) == (0, 0, 0, False)


def test_unknown_question_types_are_refused():
    with pytest.raises(ValueError, match="Unknown"):
        score_question(
            Question(id="x", type="essay", text="", explanation="", points=Decimal(1)), []
        )
