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
    questions: Sequence[Question], attempts: Sequence[GradedAttempt]
) -> tuple[list[QuestionAnalysis], list[TagAnalysis]]:
    """Per-question facility, discrimination and most chosen wrong answer; average per tag."""
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
        rows.append(
            QuestionAnalysis(
                question_id=question.id,
                text=question.text,
                tag=question.tag,
                responses=len(seen),
                facility=_facility(seen, question.id),
                discrimination=None if top is None or bottom is None else top - bottom,
                common_wrong_answer=common[0][0] if common else "",
                common_wrong_count=common[0][1] if common else 0,
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
