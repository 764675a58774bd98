"""A quiz's questions as plain data, read from the page's StreamField.

This is the one place that walks question blocks; scoring, attempt views, item analysis,
workshop packs and the curriculum loader all work on these dataclasses.
"""

from dataclasses import asdict, dataclass, replace
from decimal import Decimal

TRUE_ID = "true"
FALSE_ID = "false"
ONLINE = "online"
CLASSROOM = "classroom"


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
    objective: str = ""
    use: str = ONLINE
    lesson: str = ""


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
    objective: str = ""  # "o1"...: the course objective it tests (a case's, inside a case)
    use: str = ONLINE  # online (drawn for learners) | classroom (printed in workshop packs)
    lesson: str = ""  # "1"...: position of the lesson that teaches it, among the course's

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(choice.id for choice in self.choices if choice.correct)


def question_to_data(question: Question) -> dict:
    """JSON-ready form of a question, for an attempt's snapshot."""
    data = asdict(question)
    data["points"] = str(question.points)
    return data


def question_from_data(data: dict) -> Question:
    """The question stored by `question_to_data`."""
    fields = dict(data)
    fields["points"] = Decimal(fields["points"])
    fields["choices"] = tuple(Choice(**c) for c in fields.get("choices", ()))
    fields["answers"] = tuple(Choice(**c) for c in fields.get("answers", ()))
    fields["case"] = Case(**fields["case"]) if fields.get("case") else None
    return Question(**fields)


def question_localized(snapshot: Question, page: Question | None) -> Question:
    """`snapshot`'s key, points and rules with the words of `page` (the same question in the
    reader's language) wherever the translation has them."""
    if page is None or page.type != snapshot.type:
        return snapshot

    def words(own: tuple[Choice, ...], translated: tuple[Choice, ...]) -> tuple[Choice, ...]:
        by_id = {c.id: c for c in translated}
        return tuple(
            replace(c, text=by_id[c.id].text, feedback=by_id[c.id].feedback) if c.id in by_id else c
            for c in own
        )

    case = snapshot.case
    if case is not None and page.case is not None and page.case.id == case.id:
        case = replace(case, title=page.case.title, scenario_html=page.case.scenario_html)
    return replace(
        snapshot,
        text=page.text,
        explanation=page.explanation,
        tag=page.tag,
        choices=words(snapshot.choices, page.choices),
        answers=words(snapshot.answers, page.answers),
        case=case,
    )


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
        "objective": case.objective if case else value.get("objective") or "",
        "use": case.use if case else value.get("use") or ONLINE,
        "lesson": value.get("lesson") or (case.lesson if case else ""),
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
                objective=child.value.get("objective") or "",
                use=child.value.get("use") or ONLINE,
                lesson=child.value.get("lesson") or "",
            )
            for inner in child.value["questions"]:
                questions.append(question_from_block(inner.block_type, inner.id, inner.value, case))
        else:
            questions.append(question_from_block(child.block_type, child.id, child.value))
    return questions


def question_groups(questions: list[Question]) -> list[list[Question]]:
    """Questions in authoring order, a case's questions together as one group."""
    groups: list[list[Question]] = []
    for question in questions:
        case_id = question.case.id if question.case else None
        if groups and case_id and groups[-1][0].case and groups[-1][0].case.id == case_id:
            groups[-1].append(question)
        else:
            groups.append([question])
    return groups
