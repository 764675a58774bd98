"""Item analysis for trainer reports: pure functions over graded attempts.

Works on block ids, so attempts made in any language count together.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assessments.questions import Question

GROUP_SHARE = 0.27
SMALL_GROUP = 5
"""A group of learners (a cohort, a breakdown row) with fewer learners than this shows no
figures: in course results (courses.reports) and in a trainer's item analysis."""
# Below this many respondents an item's indices say more about chance than about the item.
MIN_RESPONDENTS = 10
# An item is flagged for review outside these bounds.
FACILITY_LOW, FACILITY_HIGH, DISCRIMINATION_LOW = 0.2, 0.95, 0.2


class Flag:
    HARD = "hard"
    EASY = "easy"
    WEAK = "weak_discrimination"


@dataclass(frozen=True)
class GradedAttempt:
    percent: Decimal
    answers: dict
    question_results: dict


@dataclass(frozen=True)
class QuestionAnalysis:
    question_id: str
    text: str
    tag: str
    responses: int
    facility: float | None  # share of learners who got it fully right
    discrimination: float | None  # facility in the top 27% minus the bottom 27%
    common_wrong_answer: str  # text of the most chosen wrong choice (or pair → answer)
    common_wrong_count: int
    flags: tuple[str, ...] = ()  # Flag values: why the item needs a review

    @property
    def enough_respondents(self) -> bool:
        return self.facility is not None or self.responses >= MIN_RESPONDENTS


@dataclass(frozen=True)
class TagAnalysis:
    tag: str
    questions: int
    average: float  # mean share of points earned


def _facility(attempts: Iterable[GradedAttempt], question_id: str) -> float | None:
    results = [
        a.question_results[question_id] for a in attempts if question_id in a.question_results
    ]
    if not results:
        return None
    return sum(1 for r in results if r.get("correct")) / len(results)


def _flags(facility: float | None, discrimination: float | None) -> tuple[str, ...]:
    flags = []
    if facility is not None and facility < FACILITY_LOW:
        flags.append(Flag.HARD)
    if facility is not None and facility > FACILITY_HIGH:
        flags.append(Flag.EASY)
    if discrimination is not None and discrimination < DISCRIMINATION_LOW:
        flags.append(Flag.WEAK)
    return tuple(flags)


def _wrong_choices(question: Question, answer) -> list[str]:
    if question.type == "matching":
        if not isinstance(answer, dict):
            return []
        items = {c.id: c.text for c in question.choices}
        answers = {c.id: c.text for c in question.answers}
        return [
            f"{items.get(pair, '?')} → {answers.get(chosen, '?')}"
            for pair, chosen in answer.items()
            if chosen and chosen != pair
        ]
    texts = {c.id: c.text for c in question.choices}
    return [texts.get(c, c) for c in (answer or []) if c not in question.correct_ids]


def item_analysis(
    questions: Sequence[Question],
    attempts: Sequence[GradedAttempt],
    *,
    min_respondents: int | None = None,
) -> tuple[list[QuestionAnalysis], list[TagAnalysis]]:
    """Per-question facility, discrimination and most chosen wrong answer; average per tag.

    Indices (and flags) are left out for items with fewer than MIN_RESPONDENTS answers."""
    ranked = sorted(attempts, key=lambda a: a.percent)
    group = max(1, math.ceil(len(ranked) * GROUP_SHARE)) if len(ranked) >= 2 else 0
    lower, upper = ranked[:group], ranked[-group:] if group else []
    rows = []
    tag_shares: dict[str, list[float]] = defaultdict(list)
    tag_questions: dict[str, set[str]] = defaultdict(set)
    for question in questions:
        seen = [a for a in attempts if question.id in a.question_results]
        wrong = Counter(
            text for a in seen for text in _wrong_choices(question, a.answers.get(question.id))
        )
        top, bottom = _facility(upper, question.id), _facility(lower, question.id)
        common = wrong.most_common(1)
        enough = len(seen) >= (MIN_RESPONDENTS if min_respondents is None else min_respondents)
        facility = _facility(seen, question.id) if enough else None
        discrimination = None if not enough or top is None or bottom is None else top - bottom
        rows.append(
            QuestionAnalysis(
                question_id=question.id,
                text=question.text,
                tag=question.tag,
                responses=len(seen),
                facility=facility,
                discrimination=discrimination,
                common_wrong_answer=common[0][0] if common else "",
                common_wrong_count=common[0][1] if common else 0,
                flags=_flags(facility, discrimination),
            )
        )
        if question.tag:
            tag_questions[question.tag].add(question.id)
            for a in seen:
                result = a.question_results[question.id]
                maximum = Decimal(result.get("max_score") or 0)
                if maximum:
                    tag_shares[question.tag].append(float(Decimal(result["score"]) / maximum))
    tags = [
        TagAnalysis(tag=tag, questions=len(tag_questions[tag]), average=sum(s) / len(s))
        for tag, s in sorted(tag_shares.items())
    ]
    return rows, tags
