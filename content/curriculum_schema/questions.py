"""Validation of a curriculum file's quizzes, draw rules and questions."""

from typing import Any

from .checker import ID, _at, _Checker, _kind_of

QUESTION_TYPES = ("single_choice", "multiple_select", "true_false", "matching")


def _quiz_validate(check: _Checker, quiz: Any, place: str, seen: set[str], known: dict) -> None:
    optional = ("introduction", "pass_mark", "time_limit_minutes")
    if place == "final":
        optional += ("max_attempts", "cooldown_hours", "draw")
    if not check.fields(quiz, place, ("title", "questions"), optional):
        if not isinstance(quiz, dict):
            return
    check.text(quiz, place, "title", 255)
    check.text(quiz, place, "introduction")
    check.integer(quiz, place, "pass_mark", 0, 100)
    check.integer(quiz, place, "max_attempts", 0, 32767)
    check.integer(quiz, place, "cooldown_hours", 1, 24 * 30)
    check.integer(quiz, place, "time_limit_minutes", 1, 32767)
    questions = check.items(quiz, place, "questions")
    for index, question in enumerate(questions):
        where = _at(_at(place, "questions"), index)
        _question_validate(check, question, where, seen, known, allow_case=True)
    if quiz.get("draw") is not None:
        _draw_validate(check, quiz, place, known["objective"])


def _draw_validate(check: _Checker, quiz: dict, place: str, objectives: set[str]) -> None:
    """`draw` maps objective ids to counts no larger than that objective's bank."""
    where = _at(place, "draw")
    draw = quiz["draw"]
    if not isinstance(draw, dict) or not draw:
        check.fail(where, "must map objective ids to how many questions to draw")
        return
    bank: dict[str, int] = {}
    for question in quiz.get("questions") or []:
        if isinstance(question, dict):
            size = len(question.get("questions") or []) if question.get("type") == "case" else 1
            bank[question.get("objective")] = bank.get(question.get("objective"), 0) + size
    for objective, count in draw.items():
        if objective not in objectives:
            check.fail(_at(where, objective), "is not one of the module's objective ids")
        check.integer(draw, where, objective, 1)
        if isinstance(count, int) and count > bank.get(objective, 0):
            check.fail(
                _at(where, objective),
                f"draws {count} but the bank has {bank.get(objective, 0)} for this objective",
            )


def _question_validate(
    check: _Checker,
    question: Any,
    place: str,
    seen: set[str],
    known: dict,
    *,
    allow_case: bool,
) -> None:
    if not isinstance(question, dict):
        check.fail(place, f"must be a mapping of fields, not {_kind_of(question)}")
        return
    kind = question.get("type")
    allowed = QUESTION_TYPES + (("case",) if allow_case else ())
    if kind not in allowed:
        check.fail(_at(place, "type"), f"must be one of {', '.join(allowed)}, not {kind!r}")
        return
    check.pattern(question, place, "id", ID, "a short id of letters, digits, - or _")
    if isinstance(question.get("id"), str):
        if question["id"] in seen:
            check.fail(_at(place, "id"), f"'{question['id']}' is used twice in this module")
        seen.add(question["id"])
    for key, ids in known.items():
        if question.get(key) is not None and question[key] not in ids:
            check.fail(_at(place, key), f"{question[key]!r} is not one of the module's {key} ids")
    # Top-level questions and cases carry an objective; questions inside a case share the case's.
    common = ("tag", "points", "lesson") + (("objective",) if allow_case else ())
    if kind == "case":
        required = ("id", "type", "title", "text", "questions")
        check.fields(question, place, required, ("objective", "lesson"))
        check.text(question, place, "title", 200)
        check.text(question, place, "text")
        for index, inner in enumerate(check.items(question, place, "questions")):
            where = _at(_at(place, "questions"), index)
            _question_validate(check, inner, where, seen, known, allow_case=False)
        return
    check.text(question, place, "question")
    check.text(question, place, "explanation")
    check.text(question, place, "tag", 100)
    check.integer(question, place, "points", 1, 100)
    if kind in ("single_choice", "multiple_select"):
        optional = common + (("scoring",) if kind == "multiple_select" else ())
        required = ("id", "type", "question", "choices", "explanation")
        check.fields(question, place, required, optional)
        check.choice(question, place, "scoring", ("all_or_nothing", "partial"))
        choices = check.items(question, place, "choices", minimum=2)
        for index, choice in enumerate(choices):
            where = _at(_at(place, "choices"), index)
            if check.fields(choice, where, ("id", "text"), ("correct", "feedback")):
                check.pattern(choice, where, "id", ID, "a short id of letters, digits, - or _")
                check.text(choice, where, "text", 500)
                check.text(choice, where, "feedback", 500)
                check.boolean(choice, where, "correct")
        check.unique(choices, _at(place, "choices"), "id")
        correct = sum(1 for c in choices if isinstance(c, dict) and c.get("correct") is True)
        if choices and kind == "single_choice" and correct != 1:
            check.fail(_at(place, "choices"), f"needs exactly one correct choice, has {correct}")
        if choices and kind == "multiple_select" and correct < 1:
            check.fail(_at(place, "choices"), "needs at least one correct choice")
    elif kind == "true_false":
        check.fields(question, place, ("id", "type", "question", "answer", "explanation"), common)
        check.boolean(question, place, "answer")
    else:  # matching
        check.fields(question, place, ("id", "type", "question", "pairs", "explanation"), common)
        pairs = check.items(question, place, "pairs", minimum=2)
        for index, pair in enumerate(pairs):
            where = _at(_at(place, "pairs"), index)
            if check.fields(pair, where, ("id", "prompt", "answer")):
                check.pattern(pair, where, "id", ID, "a short id of letters, digits, - or _")
                check.text(pair, where, "prompt", 300)
                check.text(pair, where, "answer", 300)
        check.unique(pairs, _at(place, "pairs"), "id")
