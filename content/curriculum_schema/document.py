"""Validation of a whole curriculum file: top level, objectives, lessons, job aids."""

from typing import Any

from .checker import ID, SLUG, _at, _Checker, _kind_of
from .questions import _quiz_validate

RESERVED_SLUGS = {"pre-test", "final-assessment", "glossary"}
LESSON_COUNT = 6
BODY_BLOCKS = ("heading", "text", "callout", "key_points", "scenario", "diagram", "sources")
JOB_AID_KINDS = ("checklist", "fields", "steps")

QUIZZES = ("pretest", "final", "classroom")


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
