"""The curriculum loader: YAML files in `content/curriculum/` → Wagtail pages.

`curriculum_read` validates every file (SCHEMA.md) and checks that each translation has the
English file's structure, without touching the database. `curriculum_load` then builds or
updates the pages in one transaction. Translation keys and block ids are UUIDs derived from
the files' ids, so re-runs update pages in place and learners' records keep their keys.
"""

from ..curriculum_schema import CurriculumError
from .pages import (
    GLOSSARY_SLUG,
    QUIZ_SLUGS,
    LoadResult,
    curriculum_load,
    page_put,
    translated_page_put,
)
from .reading import CURRICULUM_DIR, FILE_NAME, LANGUAGES, SOURCE_LANGUAGE, curriculum_read
from .streams import curriculum_questions
from .text import NAMESPACE, stable_id, text_to_html, text_to_plain

__all__ = [
    "CURRICULUM_DIR",
    "FILE_NAME",
    "GLOSSARY_SLUG",
    "LANGUAGES",
    "NAMESPACE",
    "QUIZ_SLUGS",
    "SOURCE_LANGUAGE",
    "CurriculumError",
    "LoadResult",
    "curriculum_load",
    "curriculum_questions",
    "curriculum_read",
    "page_put",
    "stable_id",
    "text_to_html",
    "text_to_plain",
    "translated_page_put",
]
