"""What learners see of an attempt: paging, question forms and the review.

Question forms carry no correct flags, explanations or scores; only `review_items` does,
and the result view calls it only after submission when the review policy allows.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.crypto import salted_hmac
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from assessments.models import Attempt, AttemptStatus, QuestionsPerPage, QuizPage, ReviewPolicy
from assessments.questions import FALSE_ID, TRUE_ID, Choice, Question, question_groups

PAGE_SIZE = 5  # questions per page when a quiz shows about five at a time
TRUE_FALSE_LABELS = {TRUE_ID: _("True"), FALSE_ID: _("False")}


@dataclass
class Option:
    id: str
    text: str
    checked: bool = False


@dataclass
class MatchItem:
    id: str
    text: str
    name: str
    selected: str = ""


@dataclass
class QuestionView:
    number: int
    id: str
    type: str
    text: str
    name: str
    case_title: str = ""
    case_html: str = ""
    answered: bool = False
    options: list[Option] = field(default_factory=list)
    items: list[MatchItem] = field(default_factory=list)

    @property
    def input_type(self) -> str:
        return "checkbox" if self.type == "multiple_select" else "radio"


def matching_token(*, attempt: Attempt, question_id: str, pair_id: str) -> str:
    """The form value standing for a matching answer: opaque, so it cannot be compared with
    the item's own id (answer ids equal pair ids)."""
    key = f"{attempt.pk}:{question_id}:{pair_id}"
    return salted_hmac("assessments.matching", key, algorithm="sha256").hexdigest()[:16]


def matching_tokens(*, attempt: Attempt, question_id: str) -> dict[str, str]:
    """Token → pair id for one matching question of the attempt."""
    return {
        matching_token(attempt=attempt, question_id=question_id, pair_id=pair_id): pair_id
        for pair_id in attempt.choice_order.get(question_id, [])
    }


def shown_questions(*, attempt: Attempt, quiz: QuizPage) -> dict[str, Question]:
    """The attempt's questions as the learner reads them now (see `attempt_questions`),
    computed once per attempt object."""
    cached = getattr(attempt, "_shown_questions", None)
    if cached is None or cached[0] != quiz.pk:
        from assessments.services import attempt_questions

        cached = (quiz.pk, attempt_questions(attempt=attempt, quiz=quiz))
        attempt._shown_questions = cached
    return cached[1]


def attempt_pages(*, attempt: Attempt, quiz: QuizPage) -> list[list[str]]:
    """The drawn question ids split into pages (one per question, or all on one page)."""
    questions = shown_questions(attempt=attempt, quiz=quiz)
    ids = list(questions)
    if quiz.questions_per_page == QuestionsPerPage.ONE:
        return [[qid] for qid in ids] or [[]]
    if quiz.questions_per_page == QuestionsPerPage.FIVE:
        pages: list[list[str]] = []
        for group in question_groups(list(questions.values())):
            if not pages or len(pages[-1]) + len(group) > PAGE_SIZE and pages[-1]:
                pages.append([])
            pages[-1].extend(q.id for q in group)
        return pages or [[]]
    return [ids]


def _option_text(question: Question, choice: Choice) -> str:
    if question.type == "true_false":
        return str(TRUE_FALSE_LABELS.get(choice.id, choice.text))
    return choice.text


def question_views(
    *, attempt: Attempt, quiz: QuizPage, question_ids: list[str], answers: Mapping
) -> list[QuestionView]:
    """Form data for the questions on one page, in the attempt's drawn order."""
    numbers = {qid: index for index, qid in enumerate(attempt.question_ids, start=1)}
    questions = shown_questions(attempt=attempt, quiz=quiz)
    views: list[QuestionView] = []
    last_case = None
    for qid in question_ids:
        question = questions[qid]
        answer = answers.get(qid)
        show_case = question.case is not None and question.case.id != last_case
        last_case = question.case.id if question.case else None
        view = QuestionView(
            number=numbers[qid],
            id=qid,
            type=question.type,
            text=question.text,
            name=f"q-{qid}",
            case_title=question.case.title if show_case else "",
            case_html=question.case.scenario_html if show_case else "",
            answered=bool(answer),
        )
        order = attempt.choice_order.get(qid, [])
        if question.type == "matching":
            by_id = {a.id: a for a in question.answers}
            token = {
                pid: tok for tok, pid in matching_tokens(attempt=attempt, question_id=qid).items()
            }
            view.options = [
                Option(token[a_id], by_id[a_id].text) for a_id in order if a_id in by_id
            ]
            chosen = answer if isinstance(answer, Mapping) else {}
            view.items = [
                MatchItem(
                    pair.id,
                    pair.text,
                    f"q-{qid}-{pair.id}",
                    token.get(str(chosen.get(pair.id, "")), ""),
                )
                for pair in question.choices
            ]
        else:
            by_id = {c.id: c for c in question.choices}
            selected = set(answer) if isinstance(answer, list) else set()
            view.options = [
                Option(c_id, _option_text(question, by_id[c_id]), c_id in selected)
                for c_id in order
                if c_id in by_id
            ]
        views.append(view)
    return views


def review_allowed(*, quiz: QuizPage, attempt: Attempt, attempts_used: int, passed: bool) -> bool:
    """Whether correct answers and explanations may be shown for a submitted attempt."""
    if attempt.status != AttemptStatus.SUBMITTED:
        return False
    policy = quiz.review_policy
    no_attempt_left = bool(quiz.max_attempts) and attempts_used >= quiz.max_attempts
    if policy == ReviewPolicy.AFTER_EACH_ATTEMPT:
        return True
    if policy == ReviewPolicy.AFTER_PASSING:
        return passed or no_attempt_left
    if policy == ReviewPolicy.AFTER_LAST_ATTEMPT:
        return no_attempt_left
    return False


@dataclass
class ReviewOption:
    text: str
    correct: bool
    chosen: bool
    feedback: str = ""
    correct_text: str = ""


@dataclass
class ReviewItem:
    number: int
    text: str
    type: str
    explanation: str
    score: str
    max_score: str
    correct: bool
    case_title: str = ""
    options: list[ReviewOption] = field(default_factory=list)


def review_items(*, attempt: Attempt, quiz: QuizPage) -> list[ReviewItem]:
    """Per-question review of a submitted attempt: answers, correct answers, explanations."""
    items = []
    questions = shown_questions(attempt=attempt, quiz=quiz)
    for number, qid in enumerate(attempt.question_ids, start=1):
        question = questions.get(qid)
        if question is None:
            continue
        answer = attempt.answers.get(qid)
        result = attempt.question_results.get(qid, {})
        item = ReviewItem(
            number=number,
            text=question.text,
            type=question.type,
            explanation=question.explanation,
            score=result.get("score", "0"),
            max_score=result.get("max_score", str(question.points)),
            correct=bool(result.get("correct")),
            case_title=question.case.title if question.case else "",
        )
        if question.type == "matching":
            chosen = answer if isinstance(answer, Mapping) else {}
            answers_by_id = {a.id: a.text for a in question.answers}
            for pair in question.choices:
                picked = chosen.get(pair.id, "")
                item.options.append(
                    ReviewOption(
                        text=f"{pair.text} {_arrow()} {answers_by_id.get(picked, '—')}",
                        correct=picked == pair.id,
                        chosen=bool(picked),
                        correct_text=answers_by_id.get(pair.id, ""),
                    )
                )
        else:
            selected = set(answer) if isinstance(answer, list) else set()
            order = attempt.choice_order.get(qid) or [c.id for c in question.choices]
            by_id = {c.id: c for c in question.choices}
            for c_id in order:
                choice = by_id.get(c_id)
                if choice is None:
                    continue
                item.options.append(
                    ReviewOption(
                        text=_option_text(question, choice),
                        correct=choice.correct,
                        chosen=c_id in selected,
                        feedback=choice.feedback if c_id in selected else "",
                    )
                )
        items.append(item)
    return items


def unanswered_numbers(*, attempt: Attempt, quiz: QuizPage) -> list[int]:
    from assessments.scoring import is_answered

    questions = shown_questions(attempt=attempt, quiz=quiz)
    return [
        number
        for number, qid in enumerate(attempt.question_ids, start=1)
        if qid in questions and not is_answered(questions[qid], attempt.answers.get(qid))
    ]


@dataclass
class MissedItem:
    number: int
    text: str
    lesson: str = ""


def missed_items(*, attempt: Attempt, quiz: QuizPage) -> list[MissedItem]:
    """The questions an attempt missed, with the lesson to revisit: no key, no explanation."""
    questions = shown_questions(attempt=attempt, quiz=quiz)
    return [
        MissedItem(number=number, text=questions[qid].text, lesson=questions[qid].lesson)
        for number, qid in enumerate(attempt.question_ids, start=1)
        if qid in questions and not attempt.question_results.get(qid, {}).get("correct")
    ]


def _arrow() -> str:
    """The arrow from a matching item to its answer, pointing the way the text reads."""
    return "←" if get_language_bidi() else "→"
