"""Reading a question page's POST data into answers.

Names: `q-<question id>` for choice questions (one value, or several for multiple select),
`q-<question id>-<pair id>` for a matching pair. Anything else, or ids outside the
attempt's drawn questions, is tampering: `InvalidAnswers` (the view answers 400).
Mistakes a learner can make (the same answer used twice in a matching question) come back
as form errors and the form is shown again with the learner's answers.
"""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from assessments.display import matching_tokens
from assessments.models import Attempt
from assessments.questions import Question
from assessments.scoring import Answer
from assessments.services import InvalidAnswers

ACTIONS = frozenset({"save", "next", "previous", "review", "autosave"})
IGNORED_FIELDS = frozenset({"csrfmiddlewaretoken", "action"})


def page_answers_parse(
    *, data: QueryDict, questions: list[Question], attempt: Attempt
) -> tuple[dict[str, Answer], dict[str, str]]:
    """Answers for the questions of one page, and form errors by question id."""
    allowed_names: dict[str, tuple[Question, str | None]] = {}
    for question in questions:
        if question.type == "matching":
            for pair in question.choices:
                allowed_names[f"q-{question.id}-{pair.id}"] = (question, pair.id)
        else:
            allowed_names[f"q-{question.id}"] = (question, None)
    for name in data:
        if name not in IGNORED_FIELDS and name not in allowed_names:
            raise InvalidAnswers(name)
    action = data.get("action", "save")
    if action not in ACTIONS or len(data.getlist("action")) > 1:
        raise InvalidAnswers("action")

    answers: dict[str, Answer] = {}
    errors: dict[str, str] = {}
    for question in questions:
        if question.type == "matching":
            tokens = matching_tokens(attempt=attempt, question_id=question.id)
            chosen: dict[str, str] = {}
            for pair in question.choices:
                values = data.getlist(f"q-{question.id}-{pair.id}")
                if len(values) > 1:
                    raise InvalidAnswers(question.id)
                if values and values[0]:
                    if values[0] not in tokens:
                        raise InvalidAnswers(question.id)
                    chosen[pair.id] = tokens[values[0]]
            picked = list(chosen.values())
            if len(picked) != len(set(picked)):
                errors[question.id] = str(_("Use each answer only once."))
            answers[question.id] = chosen
        else:
            values = data.getlist(f"q-{question.id}")
            if question.type != "multiple_select" and len(values) > 1:
                raise InvalidAnswers(question.id)
            answers[question.id] = list(dict.fromkeys(values))
    return answers, errors
