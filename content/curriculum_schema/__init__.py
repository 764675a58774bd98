"""Validation of curriculum files against `content/curriculum/SCHEMA.md`.

Pure functions on parsed YAML: they return error messages that name the file and the place
(`recovered-weapons.fr.yaml: final.questions[3].choices[1]: 'text' is required`).
"""

from .checker import ID, SLUG, CurriculumError
from .compare import INVARIANT_KEYS, structure_compare
from .document import (
    BODY_BLOCKS,
    JOB_AID_KINDS,
    LESSON_COUNT,
    QUIZZES,
    RESERVED_SLUGS,
    document_validate,
)
from .questions import QUESTION_TYPES

__all__ = [
    "BODY_BLOCKS",
    "ID",
    "INVARIANT_KEYS",
    "JOB_AID_KINDS",
    "LESSON_COUNT",
    "QUESTION_TYPES",
    "QUIZZES",
    "RESERVED_SLUGS",
    "SLUG",
    "CurriculumError",
    "document_validate",
    "structure_compare",
]
