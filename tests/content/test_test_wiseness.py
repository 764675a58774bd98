"""A learner who guesses by test-wiseness does not pass a shipped final; one who knows does.

Simulated over 1,000 draws per module with the real draw and the real scoring: pick the
longest option, tick the longer half of a multiple-select, call a statement false only when
it holds an absolute word, match at random.
"""

import random
from statistics import mean

import pytest

from assessments.item_checks import ABSOLUTE_WORDS
from assessments.models import QuizPage
from assessments.scoring import score_attempt
from assessments.services import attempt_draw
from content.loader import curriculum_questions, curriculum_read

MODULES = ("stockpile-management", "recovered-weapons", "gender-perspective")
RUNS = 1000


def final_page(module: str, document: dict) -> QuizPage:
    """An unsaved final page with the module's bank and draw rules (no database needed)."""
    from content.loader.streams import _question_raw  # the loader's own mapping

    lessons = {lesson["id"]: str(n) for n, lesson in enumerate(document["lessons"], start=1)}
    final = document["final"]
    return QuizPage(
        kind="final",
        pass_mark=final["pass_mark"],
        shuffle_choices=True,
        questions=[_question_raw(module, "final", q, lessons=lessons) for q in final["questions"]],
        draw_rules=[
            ("rule", {"objective": objective, "count": count})
            for objective, count in final["draw"].items()
        ],
    )


def guessed_answers(questions, rng: random.Random) -> dict:
    answers = {}
    for question in questions:
        if question.type == "single_choice":
            answers[question.id] = [max(question.choices, key=lambda c: len(c.text)).id]
        elif question.type == "multiple_select":
            median = sorted(len(c.text) for c in question.choices)[len(question.choices) // 2]
            answers[question.id] = [c.id for c in question.choices if len(c.text) >= median]
        elif question.type == "true_false":
            absolute = any(f" {w} " in f" {question.text.lower()} " for w in ABSOLUTE_WORDS["en"])
            answers[question.id] = ["false" if absolute else "true"]
        else:
            ids = [pair.id for pair in question.choices]
            answers[question.id] = dict(zip(ids, rng.sample(ids, len(ids)), strict=True))
    return answers


def key_answers(questions) -> dict:
    return {
        q.id: {p.id: p.id for p in q.choices} if q.type == "matching" else sorted(q.correct_ids)
        for q in questions
    }


@pytest.mark.django_db  # a page instance looks up its content type
@pytest.mark.parametrize("module", MODULES)
def test_a_test_wise_guesser_fails_and_a_learner_who_knows_passes(module):
    document = curriculum_read(modules=[module])[module]["en"]
    page = final_page(module, document)
    by_id = {q.id: q for q in curriculum_questions(module=module, document=document)}
    rng = random.Random(2026)
    guesser, knower = [], []
    for _ in range(RUNS):
        ids, _order = attempt_draw(quiz=page, rng=rng)
        drawn = [by_id[qid] for qid in ids]
        guesser.append(score_attempt(drawn, guessed_answers(drawn, rng), pass_mark=75))
        knower.append(score_attempt(drawn, key_answers(drawn), pass_mark=75))
    pass_rate = sum(r.passed for r in guesser) / RUNS
    summary = (
        f"{module}: test-wise guesser passes {pass_rate:.1%}, mean "
        f"{mean(float(r.percent) for r in guesser):.1f}%"
    )
    assert all(r.passed and r.percent == 100 for r in knower)
    assert pass_rate < 0.01, summary
