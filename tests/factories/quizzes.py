"""Quiz builders: questions as raw stream data with known block ids."""

import uuid

import factory
import wagtail_factories

from assessments.models import QuizPage


def block_id() -> str:
    return str(uuid.uuid4())


def choice(text: str, *, correct: bool = False, feedback: str = "") -> dict:
    return {
        "type": "item",
        "id": block_id(),
        "value": {"text": text, "correct": correct, "feedback": feedback},
    }


def question(
    block_type: str, text: str, *, explanation: str | None, points: int, tag: str, **fields
) -> dict:
    """A question's raw stream data with the fields every question type shares."""
    qid = block_id()
    fields = {key: value(qid) if callable(value) else value for key, value in fields.items()}
    return {
        "type": block_type,
        "id": qid,
        "value": {
            "question": text,
            "explanation": explanation or f"Explanation {qid[:8]}",
            "points": points,
            "tag": tag,
            **fields,
        },
    }


def single_choice(
    text: str = "Which record is kept for every weapon?",
    *,
    correct: int = 0,
    n: int = 3,
    explanation: str | None = None,
    points: int = 1,
    tag: str = "",
) -> dict:
    return question(
        "single_choice",
        text,
        explanation=explanation,
        points=points,
        tag=tag,
        choices=lambda qid: [
            choice(f"Choice {i} of {qid[:4]}", correct=i == correct, feedback=f"fb-{i}-{qid[:6]}")
            for i in range(n)
        ],
    )


def multiple_select(
    text: str = "Which belong in a register?",
    *,
    correct: tuple[int, ...] = (0, 1),
    n: int = 4,
    scoring: str = "all_or_nothing",
    explanation: str | None = None,
    points: int = 2,
    tag: str = "",
) -> dict:
    return question(
        "multiple_select",
        text,
        explanation=explanation,
        points=points,
        tag=tag,
        scoring=scoring,
        choices=lambda qid: [
            choice(f"Option {i} of {qid[:4]}", correct=i in correct) for i in range(n)
        ],
    )


def true_false(
    text: str = "Ammunition may be stored with weapons.",
    *,
    answer: str = "false",
    explanation: str | None = None,
    points: int = 1,
    tag: str = "",
) -> dict:
    return question(
        "true_false",
        text,
        explanation=explanation,
        points=points,
        tag=tag,
        correct_answer=answer,
        feedback_true="",
        feedback_false="",
    )


def matching(
    text: str = "Match each term to its meaning.",
    *,
    n: int = 3,
    explanation: str | None = None,
    points: int = 3,
    tag: str = "",
) -> dict:
    return question(
        "matching",
        text,
        explanation=explanation,
        points=points,
        tag=tag,
        pairs=lambda qid: [
            {
                "type": "item",
                "id": block_id(),
                "value": {"prompt": f"Term {i} {qid[:4]}", "answer": f"Meaning {i} {qid[:4]}"},
            }
            for i in range(n)
        ],
    )


def case(*questions: dict, title: str = "A border crossing") -> dict:
    return {
        "type": "case",
        "id": block_id(),
        "value": {
            "title": title,
            "scenario": "<p>A patrol finds an unmarked crate.</p>",
            "questions": list(questions),
        },
    }


def tagged(block: dict, **fields) -> dict:
    """`block` with bank fields set: objective ("o1"...), use (online | classroom), lesson."""
    block["value"].update(fields)
    return block


def one_of_each() -> list[dict]:
    return [
        single_choice(),
        multiple_select(scoring="partial"),
        true_false(),
        matching(),
        case(single_choice("What do you do first?"), true_false("You open the crate.")),
    ]


class QuizPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Quiz {n}")
    introduction = "Check what you learned."
    kind = "knowledge_check"
    pass_mark = 60
    review_policy = "after_each"  # fine for knowledge checks; finals are stricter
    shuffle_choices = False  # tests read choices in authoring order
    questions = factory.LazyFunction(one_of_each)

    class Meta:
        model = QuizPage


class FinalQuizPageFactory(QuizPageFactory):
    title = factory.Sequence(lambda n: f"Final assessment {n}")
    kind = "final"
    pass_mark = 75
    max_attempts = 3
    review_policy = "after_pass"
