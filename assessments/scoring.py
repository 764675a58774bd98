"""Pure scoring: (questions, answers) → result. No database, no clock.

Answers map a question id to a list of choice ids (single choice, true/false, multiple
select) or, for matching, to a dict of pair id → chosen answer id.

Rules:
- single choice, true/false: full points when the one correct choice is the only one picked.
- multiple select, all or nothing: full points when exactly the correct choices are ticked.
- multiple select, partial: each correct tick earns points/number-of-correct-choices, each
  wrong tick takes the same amount away; never below zero.
- matching: points × share of pairs matched correctly.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessments.questions import Question

CENT = Decimal("0.01")
ZERO = Decimal(0)

type Answer = list[str] | dict[str, str]


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    score: Decimal
    max_score: Decimal
    answered: bool

    @property
    def correct(self) -> bool:
        return self.answered and self.score == self.max_score

    def as_dict(self) -> dict:
        return {
            "score": str(self.score),
            "max_score": str(self.max_score),
            "correct": self.correct,
            "answered": self.answered,
        }


@dataclass(frozen=True)
class AttemptResult:
    score: Decimal
    max_score: Decimal
    percent: Decimal
    passed: bool
    questions: tuple[QuestionResult, ...]


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def is_answered(question: Question, answer: Answer | None) -> bool:
    if not answer:
        return False
    if question.type == "matching":
        return isinstance(answer, Mapping) and any(answer.values())
    return True


def _selected(answer: Answer | None) -> set[str]:
    if not answer or isinstance(answer, Mapping):
        return set()
    return {str(choice_id) for choice_id in answer}


def score_question(question: Question, answer: Answer | None) -> QuestionResult:
    """Score one question against one answer."""
    points = question.points
    answered = is_answered(question, answer)
    if question.type in ("single_choice", "true_false"):
        earned = points if _selected(answer) == set(question.correct_ids) else ZERO
    elif question.type == "multiple_select":
        earned = _score_multiple_select(question, _selected(answer))
    elif question.type == "matching":
        earned = _score_matching(question, answer if isinstance(answer, Mapping) else {})
    else:
        raise ValueError(f"Unknown question type: {question.type}")
    return QuestionResult(question.id, _q(earned) if answered else ZERO, points, answered)


def _score_multiple_select(question: Question, selected: set[str]) -> Decimal:
    correct = set(question.correct_ids)
    if question.scoring != "partial":
        return question.points if selected == correct else ZERO
    if not correct:
        return ZERO
    right = len(selected & correct)
    wrong = len(selected - correct)
    return max(ZERO, question.points * (right - wrong) / len(correct))


def _score_matching(question: Question, answer: Mapping[str, str]) -> Decimal:
    pairs = question.choices
    if not pairs:
        return ZERO
    matched = sum(1 for pair in pairs if str(answer.get(pair.id) or "") == pair.id)
    return question.points * matched / len(pairs)


def score_attempt(
    questions: Iterable[Question], answers: Mapping[str, Answer], *, pass_mark: int | Decimal
) -> AttemptResult:
    """Score every question; percent is rounded to cents; passed when percent ≥ pass mark."""
    results = tuple(score_question(q, answers.get(q.id)) for q in questions)
    score = sum((r.score for r in results), ZERO)
    max_score = sum((r.max_score for r in results), ZERO)
    percent = _q(score * 100 / max_score) if max_score else ZERO
    return AttemptResult(
        score=_q(score),
        max_score=_q(max_score),
        percent=percent,
        passed=percent >= Decimal(pass_mark),
        questions=results,
    )
