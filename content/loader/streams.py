"""A curriculum document's lessons and questions → the raw stream values of their pages."""

from collections.abc import Mapping
from typing import Any

from ..glossary import PARAGRAPH, glossary_link
from .reading import SOURCE_LANGUAGE
from .text import _item, stable_id, text_to_html, text_to_plain


def _lesson_fields(
    module: str,
    lesson: dict,
    *,
    glossary: list[dict] = (),
    links: Mapping[str, list[set[int]]] | None = None,
    language: str = SOURCE_LANGUAGE,
    source_glossary: list[dict] | None = None,
) -> dict:
    """A lesson page's fields. A translation (`links`: the English lesson's, from
    `glossary_links_of`; `source_glossary`: the English terms) links a glossary term only in
    the paragraph where the English lesson links it: wagtail-localize takes link addresses
    from the source text."""
    linked: set[int] = set()  # glossary terms already linked in this lesson
    body = []
    for index, block in enumerate(lesson["body"]):
        path = (module, "lesson", lesson["id"], "body", str(index))
        kind = block["type"]

        def items(name: str, block=block, path=path) -> list[dict]:
            return [
                _item(text_to_plain(text), *path, name, str(i))
                for i, text in enumerate(block.get(name, []))
            ]

        if kind == "heading":
            raw = ("heading", {"text": text_to_plain(block["text"]), "level": "h2"})
        elif kind == "text":
            if links is None:
                html_text = glossary_link(
                    text_to_html(block["text"]), terms=glossary, linked=linked
                )
            else:
                allowed = links.get(stable_id(*path), [])
                html_text = "".join(
                    glossary_link(
                        paragraph,
                        terms=glossary,
                        linked=linked,
                        allowed=allowed[n] if n < len(allowed) else set(),
                        language=language,
                        source_terms=source_glossary,
                    )
                    for n, paragraph in enumerate(PARAGRAPH.findall(text_to_html(block["text"])))
                )
            raw = ("rich_text", html_text)
        elif kind == "callout":
            raw = (
                "callout",
                {
                    "kind": block["kind"],
                    "title": text_to_plain(block.get("title", "")),
                    "body": text_to_html(block["text"]),
                },
            )
        elif kind == "scenario":
            raw = (
                "scenario",
                {
                    "title": text_to_plain(block["title"]),
                    "situation": text_to_html(block["text"]),
                    "questions": items("questions"),
                    "debrief": text_to_html(block.get("debrief", "")),
                },
            )
        elif kind == "diagram":
            raw = (
                "diagram",
                {"title": text_to_plain(block["title"]), "alt": block["alt"], "svg": block["svg"]},
            )
        else:  # key_points, sources
            raw = (kind, {"title": text_to_plain(block.get("title", "")), "items": items("items")})
        body.append({"type": raw[0], "value": raw[1], "id": stable_id(*path)})
    return {
        "title": text_to_plain(lesson["title"]),
        "slug": lesson["slug"],
        "summary": text_to_plain(lesson["summary"]),
        "estimated_minutes": lesson["estimated_minutes"],
        "body": body,
    }


def _question_raw(
    module: str, quiz: str, question: dict, *, lessons: Mapping[str, str], use: str = "online"
) -> dict:
    path = (module, quiz, question["id"])
    kind = question["type"]
    bank = {
        "objective": question.get("objective", ""),
        "use": use,
        "lesson": lessons.get(question.get("lesson", ""), ""),
    }
    if kind == "case":
        value: dict[str, Any] = {
            "title": text_to_plain(question["title"]),
            "scenario": text_to_html(question["text"]),
            "questions": [
                _question_raw(module, quiz, q, lessons=lessons, use=use)
                for q in question["questions"]
            ],
            **bank,
        }
        return {"type": "case", "value": value, "id": stable_id(*path)}
    value = {
        "question": text_to_plain(question["question"]),
        "explanation": text_to_plain(question["explanation"]),
        "points": question.get("points", 1),
        "tag": question.get("tag", ""),
        **bank,
    }
    if kind in ("single_choice", "multiple_select"):
        value["choices"] = [
            _item(
                {
                    "text": text_to_plain(choice["text"]),
                    "correct": bool(choice.get("correct", False)),
                    "feedback": text_to_plain(choice.get("feedback", "")),
                },
                *path,
                choice["id"],
            )
            for choice in question["choices"]
        ]
        if kind == "multiple_select":
            value["scoring"] = question.get("scoring", "all_or_nothing")
    elif kind == "true_false":
        value["correct_answer"] = "true" if question["answer"] else "false"
        value["feedback_true"] = ""
        value["feedback_false"] = ""
    else:  # matching
        value["pairs"] = [
            _item(
                {"prompt": text_to_plain(pair["prompt"]), "answer": text_to_plain(pair["answer"])},
                *path,
                pair["id"],
            )
            for pair in question["pairs"]
        ]
    return {"type": kind, "value": value, "id": stable_id(*path)}


def curriculum_questions(*, module: str, document: dict, quiz: str = "final") -> list:
    """The questions one file gives a quiz page ("final" includes the classroom bank), as
    `assessments.questions.Question`s, without touching the database."""
    from assessments.blocks import QuizStreamBlock
    from assessments.questions import questions_from_stream

    raw = _quiz_questions_raw(module, document, quiz, lessons=_lesson_positions(document))
    return questions_from_stream(QuizStreamBlock().to_python(raw))


def _lesson_positions(document: dict) -> dict[str, str]:
    """Lesson id → its position ("1", "2"...), as question and job-aid blocks name lessons."""
    return {lesson["id"]: str(n) for n, lesson in enumerate(document["lessons"], start=1)}


def _quiz_questions_raw(
    module: str, document: dict, quiz: str, *, lessons: Mapping[str, str]
) -> list[dict]:
    """A quiz page's raw question stream; the final's carries the classroom bank too, marked
    for classroom use so it is never drawn online."""
    raw = [_question_raw(module, quiz, q, lessons=lessons) for q in document[quiz]["questions"]]
    if quiz == "final":
        raw += [
            _question_raw(module, "classroom", q, lessons=lessons, use="classroom")
            for q in document.get("classroom", {}).get("questions", [])
        ]
    return raw
