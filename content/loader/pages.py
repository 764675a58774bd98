"""Building or updating the Wagtail pages of validated curriculum documents."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page

from ..glossary import glossary_links_of
from ..translation import translation_put, translation_source_sync
from .reading import CURRICULUM_DIR, LANGUAGES, SOURCE_LANGUAGE, curriculum_read
from .streams import _lesson_fields, _lesson_positions, _quiz_questions_raw
from .text import _item, stable_id, text_to_plain

QUIZ_SLUGS = {"pretest": "pre-test", "final": "final-assessment"}
GLOSSARY_SLUG = "glossary"


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
