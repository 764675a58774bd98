"""A quiz's questions as plain data, read from the page's StreamField.

This is the one place that walks question blocks; scoring, attempt views, item analysis,
workshop packs and the curriculum loader all work on these dataclasses.
"""

from dataclasses import dataclass
from decimal import Decimal

TRUE_ID = "true"
FALSE_ID = "false"


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    scenario_html: str


@dataclass(frozen=True)
class Question:
    """One gradable question. For matching, `choices` are the pairs: `text` is the item,
    `answer` of each pair is in `answers` (same ids), and the correct answer id for a pair
    is the pair's own id."""

    id: str
    type: str  # single_choice | multiple_select | true_false | matching
    text: str
    explanation: str
    points: Decimal
    tag: str = ""
    choices: tuple[Choice, ...] = ()
    answers: tuple[Choice, ...] = ()  # matching only: the drop-down options
    scoring: str = "all_or_nothing"  # multiple_select only
    case: Case | None = None

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(choice.id for choice in self.choices if choice.correct)


def _choices_from_list(list_value) -> tuple[Choice, ...]:
    return tuple(
        Choice(
            id=str(child.id),
            text=child.value["text"],
            correct=bool(child.value["correct"]),
            feedback=child.value.get("feedback") or "",
        )
        for child in list_value.bound_blocks
    )


def question_from_block(
    block_type: str, block_id: str, value, case: Case | None = None
) -> Question:
    common = {
        "id": str(block_id),
        "type": block_type,
        "text": value["question"],
        "explanation": value["explanation"],
        "points": Decimal(value.get("points") or 1),
        "tag": value.get("tag") or "",
        "case": case,
    }
    if block_type in ("single_choice", "multiple_select"):
        return Question(
            **common,
            choices=_choices_from_list(value["choices"]),
            scoring=value.get("scoring") or "all_or_nothing",
        )
    if block_type == "true_false":
        correct = value["correct_answer"]
        return Question(
            **common,
            choices=(
                Choice(TRUE_ID, "true", correct == TRUE_ID, value.get("feedback_true") or ""),
                Choice(FALSE_ID, "false", correct == FALSE_ID, value.get("feedback_false") or ""),
            ),
        )
    if block_type == "matching":
        pairs = value["pairs"].bound_blocks
        return Question(
            **common,
            choices=tuple(
                Choice(id=str(p.id), text=p.value["prompt"], correct=True) for p in pairs
            ),
            answers=tuple(Choice(id=str(p.id), text=p.value["answer"]) for p in pairs),
        )
    raise ValueError(f"Unknown question type: {block_type}")


def questions_from_stream(stream_value) -> list[Question]:
    """Flatten a QuizStreamBlock value into questions, in authoring order."""
    questions: list[Question] = []
    for child in stream_value:
        if child.block_type == "case":
            case = Case(
                id=str(child.id),
                title=child.value["title"],
                scenario_html=str(child.value["scenario"]),
            )
            for inner in child.value["questions"]:
                questions.append(question_from_block(inner.block_type, inner.id, inner.value, case))
        else:
            questions.append(question_from_block(child.block_type, child.id, child.value))
    return questions
