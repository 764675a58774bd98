"""Validation of curriculum files against `content/curriculum/SCHEMA.md`.

Pure functions on parsed YAML: they return error messages that name the file and the place
(`recovered-weapons.fr.yaml: final.questions[3].choices[1]: 'text' is required`).
"""

import re
from typing import Any

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID = re.compile(r"^[A-Za-z0-9_-]+$")
RESERVED_SLUGS = {"pre-test", "final-assessment", "glossary"}
LESSON_COUNT = 6
BODY_BLOCKS = ("heading", "text", "callout", "key_points", "scenario", "diagram", "sources")
JOB_AID_KINDS = ("checklist", "fields", "steps")
QUESTION_TYPES = ("single_choice", "multiple_select", "true_false", "matching")
QUIZZES = ("pretest", "final", "classroom")
# Values a translation must copy unchanged from the English file.
INVARIANT_KEYS = {
    "id",
    "slug",
    "type",
    "kind",
    "level",
    "estimated_minutes",
    "pass_mark",
    "max_attempts",
    "cooldown_hours",
    "time_limit_minutes",
    "objective",
    "lesson",
    "points",
    "scoring",
    "correct",
    "answer",
}


class CurriculumError(Exception):
    """One or more curriculum files are invalid; `errors` lists every problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def _at(place: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{place}[{key}]"
    return f"{place}.{key}" if place else key


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class _Checker:
    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[str] = []

    def fail(self, place: str, message: str) -> None:
        self.errors.append(f"{self.filename}: {place or '(top level)'}: {message}")

    def fields(self, value: Any, place: str, required: tuple, optional: tuple = ()) -> bool:
        """Check `value` is a mapping with the required keys and no unknown ones."""
        if not isinstance(value, dict):
            self.fail(place, f"must be a mapping of fields, not {_kind_of(value)}")
            return False
        for key in value:
            if key not in required and key not in optional:
                self.fail(place, f"unknown field '{key}'")
        ok = True
        for key in required:
            if value.get(key) is None:
                self.fail(place, f"'{key}' is required")
                ok = False
        return ok

    def text(self, data: dict, place: str, key: str, max_length: int | None = None) -> None:
        value = data.get(key)
        if value is None:
            return  # reported by fields() when required
        where = _at(place, key)
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {_kind_of(value)} (put it in quotes)")
        elif not value.strip():
            self.fail(where, "must not be empty")
        elif max_length and len(value) > max_length:
            self.fail(where, f"is {len(value)} characters long; the limit is {max_length}")

    def integer(self, data: dict, place: str, key: str, low: int, high: int | None = None) -> None:
        value = data.get(key)
        if value is None:
            return
        where = _at(place, key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(where, f"must be a whole number, not {_kind_of(value)}")
        elif value < low or (high is not None and value > high):
            limits = f"between {low} and {high}" if high is not None else f"at least {low}"
            self.fail(where, f"must be {limits}, not {value}")

    def boolean(self, data: dict, place: str, key: str) -> None:
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            self.fail(_at(place, key), f"must be true or false, not {value!r}")

    def choice(self, data: dict, place: str, key: str, choices: tuple) -> None:
        value = data.get(key)
        if value is not None and value not in choices:
            self.fail(_at(place, key), f"must be one of {', '.join(choices)}, not {value!r}")

    def pattern(self, data: dict, place: str, key: str, regex: re.Pattern, what: str) -> None:
        value = data.get(key)
        if value is None:
            return
        if not isinstance(value, str) or not regex.match(value):
            self.fail(_at(place, key), f"must be {what}, not {value!r}")

    def items(self, data: dict, place: str, key: str, minimum: int = 1) -> list:
        value = data.get(key)
        if value is None:
            return []
        where = _at(place, key)
        if not isinstance(value, list):
            self.fail(where, f"must be a list, not {_kind_of(value)}")
            return []
        if len(value) < minimum:
            self.fail(where, f"needs at least {minimum} item(s), has {len(value)}")
        return value

    def text_items(self, data: dict, place: str, key: str, max_length: int = 500) -> None:
        values = self.items(data, place, key)
        for index, _ in enumerate(values):
            self.text(dict(enumerate(values)), _at(place, key), index, max_length)

    def unique(self, values: list, place: str, key: str) -> None:
        seen: set = set()
        for index, value in enumerate(values):
            if isinstance(value, dict) and isinstance(value.get(key), str):
                if value[key] in seen:
                    self.fail(_at(_at(place, index), key), f"'{value[key]}' is used twice")
                seen.add(value[key])


def document_validate(data: Any, *, filename: str, module: str, language: str) -> list[str]:
    """Every schema problem of one parsed file, as "file: place: message" strings."""
    check = _Checker(filename)
    if data is None:
        check.fail("", "the file is empty")
        return check.errors
    top = (
        "module",
        "language",
        "title",
        "summary",
        "audience",
        "level",
        "estimated_minutes",
        "objectives",
        "lessons",
        "glossary",
        "pretest",
        "final",
    )
    if not check.fields(data, "", top, ("classroom", "job_aids")) and not isinstance(data, dict):
        return check.errors
    if data.get("module") is not None and data["module"] != module:
        check.fail("module", f"is {data['module']!r} but the file name says {module!r}")
    if data.get("language") is not None and data["language"] != language:
        check.fail("language", f"is {data['language']!r} but the file name says {language!r}")
    check.text(data, "", "title", 255)
    check.text(data, "", "summary")
    check.text(data, "", "audience")
    check.choice(data, "", "level", ("introductory", "intermediate", "advanced"))
    check.integer(data, "", "estimated_minutes", 1)
    objective_ids = _objectives_validate(check, data)
    lessons = check.items(data, "", "lessons")
    if isinstance(data.get("lessons"), list) and len(lessons) != LESSON_COUNT:
        check.fail("lessons", f"needs exactly {LESSON_COUNT} lessons, has {len(lessons)}")
    for index, lesson in enumerate(lessons):
        _lesson_validate(check, lesson, _at("lessons", index))
    check.unique(lessons, "lessons", "id")
    check.unique(lessons, "lessons", "slug")
    glossary = data.get("glossary")
    if glossary is not None and check.fields(glossary, "glossary", ("title", "terms")):
        check.text(glossary, "glossary", "title", 200)
        for index, term in enumerate(check.items(glossary, "glossary", "terms")):
            place = _at("glossary.terms", index)
            if check.fields(term, place, ("term", "definition")):
                check.text(term, place, "term", 200)
                check.text(term, place, "definition")
    lesson_ids = {lesson["id"] for lesson in lessons if isinstance(lesson, dict)}
    if data.get("job_aids") is not None:
        _job_aids_validate(check, data, lesson_ids)
    known = {
        "objective": objective_ids,
        "lesson": {lesson["id"] for lesson in lessons if isinstance(lesson, dict)},
    }
    seen: set[str] = set()  # question ids are unique across the module's quizzes
    for quiz in QUIZZES:
        if data.get(quiz) is not None:
            _quiz_validate(check, data[quiz], quiz, seen, known)
    return check.errors


def _job_aids_validate(check: _Checker, data: dict, lesson_ids: set[str]) -> None:
    aids = check.items(data, "", "job_aids")
    for index, aid in enumerate(aids):
        place = _at("job_aids", index)
        if not check.fields(
            aid, place, ("id", "lesson", "title", "purpose", "sections"), ("note",)
        ):
            continue
        check.pattern(aid, place, "id", SLUG, "a lower-case ASCII slug such as 'key-register'")
        if aid["lesson"] not in lesson_ids:
            check.fail(_at(place, "lesson"), f"{aid['lesson']!r} is not one of the lesson ids")
        check.text(aid, place, "title", 200)
        check.text(aid, place, "purpose", 500)
        check.text(aid, place, "note", 500)
        for number, section in enumerate(check.items(aid, place, "sections")):
            where = _at(_at(place, "sections"), number)
            if check.fields(section, where, ("heading", "kind", "items")):
                check.text(section, where, "heading", 200)
                check.choice(section, where, "kind", JOB_AID_KINDS)
                check.text_items(section, where, "items", 300)
    check.unique(aids, "job_aids", "id")


def _objectives_validate(check: _Checker, data: dict) -> set[str]:
    """Objectives are `{id, text}` mappings (v2) or plain strings (v1); returns the ids."""
    ids: set[str] = set()
    objectives = check.items(data, "", "objectives")
    for index, objective in enumerate(objectives):
        place = _at("objectives", index)
        if isinstance(objective, str):
            check.text({index: objective}, "objectives", index, 500)  # type: ignore[dict-item]
        elif check.fields(objective, place, ("id", "text")):
            check.pattern(objective, place, "id", ID, "a short id such as 'o1'")
            check.text(objective, place, "text", 500)
            ids.add(objective["id"])
    check.unique(objectives, "objectives", "id")
    return ids


def _lesson_validate(check: _Checker, lesson: Any, place: str) -> None:
    required = ("id", "slug", "title", "summary", "estimated_minutes", "body")
    if not check.fields(lesson, place, required):
        if not isinstance(lesson, dict):
            return
    check.pattern(lesson, place, "id", ID, "a short id of letters, digits, - or _")
    check.pattern(lesson, place, "slug", SLUG, "a lower-case ASCII slug such as 'the-problem'")
    if lesson.get("slug") in RESERVED_SLUGS:
        check.fail(_at(place, "slug"), f"'{lesson['slug']}' is reserved for another page")
    check.text(lesson, place, "title", 255)
    check.text(lesson, place, "summary")
    check.integer(lesson, place, "estimated_minutes", 1)
    for index, block in enumerate(check.items(lesson, place, "body")):
        _body_block_validate(check, block, _at(_at(place, "body"), index))


def _body_block_validate(check: _Checker, block: Any, place: str) -> None:
    if not isinstance(block, dict):
        check.fail(place, f"must be a mapping of fields, not {_kind_of(block)}")
        return
    kind = block.get("type")
    if kind not in BODY_BLOCKS:
        check.fail(_at(place, "type"), f"must be one of {', '.join(BODY_BLOCKS)}, not {kind!r}")
        return
    if kind == "heading":
        check.fields(block, place, ("type", "text"))
        check.text(block, place, "text", 200)
    elif kind == "text":
        check.fields(block, place, ("type", "text"))
        check.text(block, place, "text")
    elif kind == "callout":
        check.fields(block, place, ("type", "kind", "text"), ("title",))
        check.choice(block, place, "kind", ("note", "warning", "key_point"))
        check.text(block, place, "title", 200)
        check.text(block, place, "text")
    elif kind == "scenario":
        check.fields(block, place, ("type", "title", "text", "questions"), ("debrief",))
        check.text(block, place, "title", 200)
        check.text(block, place, "text")
        check.text(block, place, "debrief")
        check.text_items(block, place, "questions")
    elif kind == "diagram":
        check.fields(block, place, ("type", "title", "alt", "svg"))
        check.text(block, place, "title", 200)
        check.text(block, place, "alt", 1000)
        if isinstance(block.get("svg"), str):
            from training_site.sanitize import UnsafeSvg, clean_svg

            try:
                clean_svg(block["svg"])
            except UnsafeSvg as error:
                check.fail(_at(place, "svg"), f"is not a usable SVG drawing: {error}")
    else:  # key_points, sources
        check.fields(block, place, ("type", "items"), ("title",))
        check.text(block, place, "title", 200)
        check.text_items(block, place, "items")


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


def structure_compare(
    source: dict, translation: dict, *, source_name: str, filename: str
) -> list[str]:
    """Where `translation` differs from `source` in anything but its human text."""
    errors: list[str] = []
    _compare(source, translation, "", errors, source_name, filename)
    return errors


def _compare(src: Any, dst: Any, place: str, errors: list, source_name: str, name: str) -> None:
    def fail(where: str, message: str) -> None:
        errors.append(f"{name}: {where or '(top level)'}: {message}")

    if isinstance(src, dict):
        if not isinstance(dst, dict):
            fail(place, f"must be a mapping as in {source_name}")
            return
        for key in sorted(src.keys() - dst.keys() - {"correct"}):
            fail(place, f"'{key}' is missing; {source_name} has it")
        for key in sorted(dst.keys() - src.keys() - {"correct"}):
            fail(place, f"'{key}' is not in {source_name}")
        if src.get("correct", False) != dst.get("correct", False):
            found, expected = dst.get("correct", False), src.get("correct", False)
            fail(_at(place, "correct"), f"is {found!r}; must be {expected!r} as in {source_name}")
        for key in [k for k in src if k in dst and k not in ("language", "correct")]:
            # A matching pair's `answer` is text; a true/false question's is the key.
            invariant = key in INVARIANT_KEYS and not isinstance(src[key], dict | list)
            if invariant and not (key == "answer" and isinstance(src[key], str)):
                if src[key] != dst[key]:
                    fail(
                        _at(place, key),
                        f"is {dst[key]!r}; must be {src[key]!r} as in {source_name}",
                    )
            else:
                _compare(src[key], dst[key], _at(place, key), errors, source_name, name)
    elif isinstance(src, list):
        if not isinstance(dst, list):
            fail(place, f"must be a list as in {source_name}")
        elif len(src) != len(dst):
            fail(place, f"has {len(dst)} items; {source_name} has {len(src)}")
        else:
            for index, (a, b) in enumerate(zip(src, dst, strict=True)):
                _compare(a, b, _at(place, index), errors, source_name, name)
