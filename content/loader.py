"""The curriculum loader: YAML files in `content/curriculum/` → Wagtail pages.

`curriculum_read` validates every file (SCHEMA.md) and checks that each translation has the
English file's structure, without touching the database. `curriculum_load` then builds or
updates the pages in one transaction. Translation keys and block ids are UUIDs derived from
the files' ids, so re-runs update pages in place and learners' records keep their keys.
"""

import html
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from wagtail.models import Locale, Page

from .curriculum_schema import CurriculumError, document_validate, structure_compare
from .glossary import PARAGRAPH, glossary_link, glossary_links_of
from .translation import translation_put, translation_source_sync

CURRICULUM_DIR = Path(__file__).resolve().parent / "curriculum"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "fr", "ar")
# Fixed forever: changing it would change every translation key and block id.
NAMESPACE = uuid.UUID("6f1c2b0e-3d4a-5b6c-8d7e-9fa0b1c2d3e4")
FILE_NAME = re.compile(r"^(?P<module>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<language>[a-z]{2})\.yaml$")
QUIZ_SLUGS = {"pretest": "pre-test", "final": "final-assessment"}
GLOSSARY_SLUG = "glossary"

__all__ = [
    "CURRICULUM_DIR",
    "CurriculumError",
    "LoadResult",
    "curriculum_load",
    "curriculum_read",
    "page_put",
    "stable_id",
    "text_to_html",
    "text_to_plain",
    "translated_page_put",
]


def stable_id(*parts: str) -> str:
    """A deterministic UUID (as a string) for a page key or block id."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def text_to_html(text: str) -> str:
    """Plain text with blank-line paragraphs, `**bold**` and `*italic*` → Wagtail rich text."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        escaped = " ".join(html.escape(paragraph, quote=False).split())
        escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
        escaped = re.sub(r"\*(.+?)\*", r"<i>\1</i>", escaped)
        out.append(f"<p>{escaped}</p>")
    return "".join(out)


def text_to_plain(text: str) -> str:
    """The same text for a plain-text field: emphasis markers dropped."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text.strip())
    return re.sub(r"\*(.+?)\*", r"\1", text)


# Reading and validating ---------------------------------------------------------------------


def curriculum_read(
    *, directory: Path = CURRICULUM_DIR, modules: Iterable[str] | None = None
) -> dict[str, dict[str, dict]]:
    """Parse and validate the curriculum files: {module: {language: document}}.

    Raises CurriculumError listing every problem (file and place) if any file is wrong.
    """
    errors: list[str] = []
    found: dict[str, dict[str, dict]] = {}
    wanted = set(modules) if modules is not None else None
    for path in sorted(Path(directory).glob("*.yaml")):
        match = FILE_NAME.match(path.name)
        if not match:
            continue  # terms.yaml and other helpers
        module, language = match["module"], match["language"]
        if wanted is not None and module not in wanted:
            continue
        if language not in LANGUAGES:
            errors.append(
                f"{path.name}: language '{language}' is not one of {', '.join(LANGUAGES)}"
            )
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
            errors.append(f"{path.name}: {where}: {getattr(exc, 'problem', None) or exc}")
            continue
        file_errors = document_validate(data, filename=path.name, module=module, language=language)
        if file_errors:
            errors.extend(file_errors)
            continue
        found.setdefault(module, {})[language] = data
    for module in sorted(wanted - found.keys() if wanted is not None else ()):
        if not any(e.startswith(f"{module}.") for e in errors):
            errors.append(f"{module}.{SOURCE_LANGUAGE}.yaml: no such curriculum file")
    for module, documents in sorted(found.items()):
        source = documents.get(SOURCE_LANGUAGE)
        if source is None:
            if not any(e.startswith(f"{module}.{SOURCE_LANGUAGE}.yaml") for e in errors):
                errors.append(
                    f"{module}.{SOURCE_LANGUAGE}.yaml: missing; English is the source language"
                )
            continue
        for language, document in sorted(documents.items()):
            if language != SOURCE_LANGUAGE:
                errors.extend(
                    structure_compare(
                        source,
                        document,
                        source_name=f"{module}.{SOURCE_LANGUAGE}.yaml",
                        filename=f"{module}.{language}.yaml",
                    )
                )
    if errors:
        raise CurriculumError(errors)
    return found


# Building pages -----------------------------------------------------------------------------


@dataclass
class LoadResult:
    created: list[Page] = field(default_factory=list)
    updated: list[Page] = field(default_factory=list)
    unchanged: list[Page] = field(default_factory=list)

    def record(self, page: Page, outcome: str) -> None:
        getattr(self, outcome).append(page)

    @property
    def pages(self) -> list[Page]:
        return self.created + self.updated + self.unchanged


def page_put(
    *,
    model: type[Page],
    parent: Page,
    locale: Locale,
    translation_key: str,
    fields: Mapping[str, Any],
) -> tuple[Page, str]:
    """Create the page, or update it in place, keyed by translation key and locale.

    Publishes a new revision only when a field differs. Returns (page, outcome), the outcome
    being "created", "updated" or "unchanged".
    """
    page = model.objects.filter(translation_key=translation_key, locale=locale).first()
    if page is None:
        page = model(translation_key=translation_key, locale=locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, "created"
    if not any(_differs(page, name, value) for name, value in fields.items()):
        return page, "unchanged"
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page, "updated"


def translated_page_put(
    *, model: type[Page], locale: Locale, translation_key: str, fields: Mapping[str, Any]
) -> tuple[Page, str]:
    """Create or update the translation into `locale` of the source-language page with
    `translation_key` so that it holds `fields`, through wagtail-localize (the English page's
    translation source, a translation, string translations, `save_target`), so that
    editors can sync and translate it later. Returns (page, outcome) as `page_put` does."""
    english = model.objects.get(
        translation_key=translation_key, locale__language_code=SOURCE_LANGUAGE
    )
    return translation_put(
        source=translation_source_sync(page=english),
        locale=locale,
        fields=fields,
        differs=lambda page, wanted: any(_differs(page, n, v) for n, v in wanted.items()),
    )


def _differs(page: Page, name: str, value: Any) -> bool:
    model_field = page._meta.get_field(name)
    current = getattr(page, name)
    if hasattr(model_field, "stream_block"):
        return model_field.get_prep_value(current) != model_field.get_prep_value(
            model_field.to_python(value)
        )
    return current != value


def curriculum_load(
    *,
    catalogue: Page,
    directory: Path = CURRICULUM_DIR,
    modules: Iterable[str] | None = None,
    documents: dict[str, dict[str, dict]] | None = None,
) -> LoadResult:
    """Build or update every module's pages under `catalogue` (the English course index).

    Validates first (unless already-validated `documents` are given); all writes happen in
    one transaction, so an error leaves the database as it was.
    """
    if documents is None:
        documents = curriculum_read(directory=directory, modules=modules)
    result = LoadResult()
    with transaction.atomic():
        for module, by_language in sorted(documents.items()):
            source = by_language[SOURCE_LANGUAGE]
            for language in LANGUAGES:
                if language in by_language:
                    _module_build(
                        module=module,
                        document=by_language[language],
                        catalogue=_catalogue_in(catalogue, language),
                        result=result,
                        source=None if language == SOURCE_LANGUAGE else source,
                    )
    return result


def _catalogue_in(catalogue: Page, language: str) -> Page:
    locale, _ = Locale.objects.get_or_create(language_code=language)
    translation = catalogue.get_translation_or_none(locale)
    if translation is None:
        # No translated catalogue yet: copy it (with its parents) so the module has a home.
        translation = catalogue.specific.copy_for_translation(locale, copy_parents=True)
        translation.save_revision().publish()
    return translation


def _module_build(
    *, module: str, document: dict, catalogue: Page, result: LoadResult, source: dict | None
) -> None:
    """Build one file's pages: the English file's as pages of their own, a translation's
    (`source` being the English document) through wagtail-localize from the English pages."""
    from assessments.models import QuizKind, QuizPage, ReviewPolicy
    from content.models import StandardPage
    from courses.models import CoursePage, LessonPage

    locale = catalogue.locale

    def put(model, parent, key, fields):
        if source is None:
            page, outcome = page_put(
                model=model,
                parent=parent,
                locale=locale,
                translation_key=stable_id(module, key),
                fields=fields,
            )
        else:
            page, outcome = translated_page_put(
                model=model, locale=locale, translation_key=stable_id(module, key), fields=fields
            )
        result.record(page, outcome)
        return page

    lessons = _lesson_positions(document)
    course = put(
        CoursePage,
        catalogue,
        "course",
        {
            "job_aids": [
                {
                    "type": "job_aid",
                    "id": stable_id(module, "job_aids", aid["id"]),
                    "value": {
                        "title": text_to_plain(aid["title"]),
                        "lesson": lessons[aid["lesson"]],
                        "purpose": text_to_plain(aid["purpose"]),
                        "note": text_to_plain(aid.get("note", "")),
                        "sections": [
                            _item(
                                {
                                    "heading": text_to_plain(section["heading"]),
                                    "kind": section["kind"],
                                    "items": [
                                        _item(
                                            text_to_plain(text), module, aid["id"], str(i), str(j)
                                        )
                                        for j, text in enumerate(section["items"])
                                    ],
                                },
                                module,
                                aid["id"],
                                str(i),
                            )
                            for i, section in enumerate(aid["sections"])
                        ],
                    },
                }
                for aid in document.get("job_aids", [])
            ],
            "title": text_to_plain(document["title"]),
            "slug": module,
            "summary": text_to_plain(document["summary"]),
            "audience": text_to_plain(document["audience"]),
            "level": document["level"],
            "estimated_minutes": document["estimated_minutes"],
            "objectives": [
                {
                    "type": "objective",
                    "value": text_to_plain(item["text"] if isinstance(item, dict) else item),
                    "id": stable_id(module, "objectives", str(i)),
                }
                for i, item in enumerate(document["objectives"])
            ],
        },
    )
    # Order under the course: pre-test, the lessons, the final assessment, the glossary.
    for quiz in ("pretest", None, "final"):
        if quiz is None:
            english = {lesson["id"]: lesson for lesson in (source or document)["lessons"]}
            for lesson in document["lessons"]:
                fields = _lesson_fields(
                    module,
                    lesson,
                    glossary=document["glossary"]["terms"],
                    links=None
                    if source is None
                    else glossary_links_of(
                        _lesson_fields(
                            module, english[lesson["id"]], glossary=source["glossary"]["terms"]
                        )["body"]
                    ),
                    language=locale.language_code,
                    source_glossary=None if source is None else source["glossary"]["terms"],
                )
                put(LessonPage, course, f"lesson/{lesson['id']}", fields)
            continue
        spec = document[quiz]
        questions = _quiz_questions_raw(module, document, quiz, lessons=lessons)
        final = quiz == "final"
        put(
            QuizPage,
            course,
            quiz,
            {
                "title": text_to_plain(spec["title"]),
                "slug": QUIZ_SLUGS[quiz],
                "introduction": text_to_plain(spec.get("introduction", "")),
                "kind": QuizKind.FINAL if final else QuizKind.PRE_TEST,
                "pass_mark": spec.get("pass_mark", 0),
                "max_attempts": spec.get("max_attempts", 0),
                "cooldown_hours": spec.get("cooldown_hours", 0),
                "time_limit_minutes": spec.get("time_limit_minutes"),
                "review_policy": ReviewPolicy.AFTER_PASSING
                if final
                else ReviewPolicy.AFTER_EACH_ATTEMPT,
                "shuffle_choices": True,
                "questions_per_page": "five" if final else "all",
                "draw_rules": [
                    {
                        "type": "rule",
                        "value": {"objective": objective, "count": count},
                        "id": stable_id(module, quiz, "draw", objective),
                    }
                    for objective, count in (spec.get("draw") or {}).items()
                ],
                "questions": questions,
            },
        )
    glossary = document["glossary"]
    put(
        StandardPage,
        course,
        "glossary",
        {
            "title": text_to_plain(glossary["title"]),
            "slug": GLOSSARY_SLUG,
            "body": [
                {
                    "type": "glossary",
                    "id": stable_id(module, "glossary", "body", "0"),
                    "value": {
                        "title": text_to_plain(glossary["title"]),
                        "terms": [
                            _item(
                                {
                                    "term": text_to_plain(term["term"]),
                                    "definition": text_to_plain(term["definition"]),
                                },
                                module,
                                "glossary",
                                "terms",
                                str(i),
                            )
                            for i, term in enumerate(glossary["terms"])
                        ],
                    },
                }
            ],
        },
    )


def _item(value: Any, *parts: str) -> dict:
    return {"type": "item", "value": value, "id": stable_id(*parts)}


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
