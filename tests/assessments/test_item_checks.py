"""The answer instruction ("Select all that apply") belongs to the quiz template, once."""

import copy
from decimal import Decimal

import pytest
from django.utils import translation

from assessments.item_checks import instruction_repeats
from assessments.questions import Choice, Question
from content.loader import curriculum_read
from content.management.commands.check_items import module_problems


def question(text: str, *, type: str = "multiple_select") -> Question:
    return Question(
        id="q1",
        type=type,
        text=text,
        explanation="",
        points=Decimal(1),
        choices=(Choice(id="a", text="One", correct=True), Choice(id="b", text="Two")),
    )


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_quiz_pages_own_instruction_in_a_question_text_is_flagged(language):
    with translation.override(language):
        instruction = translation.gettext("Select all that apply.")
    findings = instruction_repeats(
        [question(f"Which records does the armourer keep? {instruction}")], language=language
    )
    assert [finding.rule for finding in findings] == ["answer instruction"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Which of these are barriers? Select all that apply."),
        ("fr", "Lesquels font obstacle ? Cochez toutes les réponses exactes."),
        ("fr", "Quelles menaces ? Cochez toutes les bonnes réponses."),
        ("ar", "ما التهديدات التي ينبغي أن يتناولها؟ اختر كل الإجابات الصحيحة."),
    ],
)
def test_the_curriculums_former_wordings_are_flagged(language, text):
    findings = instruction_repeats([question(text)], language=language)
    assert len(findings) == 1
    assert findings[0].items == (text[:70],)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Which records must every armoury keep?"),
        ("fr", "Quels registres toutes les armureries tiennent-elles ?"),
        ("ar", "ما السجلات التي يجب أن يحتفظ بها كل مستودع؟"),
    ],
)
def test_a_stem_without_the_instruction_passes(language, text):
    assert instruction_repeats([question(text)], language=language) == []


def test_check_items_reports_a_curriculum_question_that_repeats_the_instruction():
    document = copy.deepcopy(curriculum_read(modules=["stockpile-management"]))
    english = document["stockpile-management"]["en"]
    assert module_problems(module="stockpile-management", document=english, language="en") == []

    multiple = next(q for q in english["final"]["questions"] if q["type"] == "multiple_select")
    multiple["question"] += " Select all that apply."
    problems = module_problems(module="stockpile-management", document=english, language="en")
    assert problems[0].startswith("answer instruction: 1 question texts repeat the answer")
