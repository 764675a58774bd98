"""Writes for the attempt lifecycle: start, save answers, submit, expire.

Every state change is logged in AttemptEvent. Grading happens once per attempt, guarded by a
row lock and a conditional update, and `attempt_graded` is sent after commit.
"""

import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language

from assessments.models import (
    Attempt,
    AttemptEvent,
    AttemptStatus,
    KnowledgeGain,
    QuizKind,
    QuizPage,
)
from assessments.questions import Question
from assessments.scoring import Answer, score_attempt
from assessments.signals import attempt_graded
from training_site.selectors import page_in_language


class AttemptError(Exception):
    """Base for refusals of the attempt services."""


class AttemptLimitReached(AttemptError):
    pass


class AttemptClosed(AttemptError):
    """The attempt is submitted (or just expired) and takes no more answers."""


class InvalidAnswers(AttemptError):
    """Answers name questions or choices that are not in the attempt."""


# -- start ------------------------------------------------------------------------------


def attempt_start(*, user, quiz: QuizPage, rng: random.Random | None = None) -> Attempt:
    """The learner's attempt in progress at `quiz`, or a new one with questions drawn.

    Raises AttemptLimitReached when every allowed attempt is used.
    """
    existing = _in_progress(user=user, quiz_key=quiz.translation_key)
    if existing is not None and not attempt_expire_if_due(attempt=existing):
        return existing
    used = (
        Attempt.objects.filter(user=user, quiz_key=quiz.translation_key).aggregate(n=Max("number"))[
            "n"
        ]
        or 0
    )
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise AttemptLimitReached
    question_ids, choice_order = attempt_draw(quiz=quiz, rng=rng or random.SystemRandom())
    now = timezone.now()
    course = quiz.get_parent()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                quiz_key=quiz.translation_key,
                course_key=course.translation_key,
                quiz_kind=quiz.kind,
                number=used + 1,
                language=(get_language() or quiz.locale.language_code).split("-")[0],
                started_at=now,
                deadline=now + timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None,
                question_ids=question_ids,
                choice_order=choice_order,
            )
            AttemptEvent.objects.create(attempt=attempt, kind=AttemptEvent.Kind.STARTED, at=now)
    except IntegrityError:
        # A concurrent start won the race (the constraints saw to it): use its attempt.
        existing = _in_progress(user=user, quiz_key=quiz.translation_key)
        if existing is None:
            raise
        return existing
    return attempt


def attempt_draw(*, quiz: QuizPage, rng: random.Random) -> tuple[list[str], dict[str, list[str]]]:
    """Question ids in drawn order, and each question's choice (or answer) order.

    Questions of one case stay together and in authoring order.
    """
    pool = quiz.question_list
    if quiz.questions_per_attempt and quiz.questions_per_attempt < len(pool):
        chosen = set(rng.sample(range(len(pool)), quiz.questions_per_attempt))
        pool = [q for index, q in enumerate(pool) if index in chosen]
    groups: list[list[Question]] = []
    for question in pool:
        case_id = question.case.id if question.case else None
        if groups and case_id and groups[-1][0].case and groups[-1][0].case.id == case_id:
            groups[-1].append(question)
        else:
            groups.append([question])
    if quiz.shuffle_questions:
        rng.shuffle(groups)
    ordered = [q for group in groups for q in group]
    choice_order = {}
    for question in ordered:
        options = question.answers if question.type == "matching" else question.choices
        ids = [option.id for option in options]
        # Matching answers are always shuffled: in authoring order they would line up
        # with their items and give the answers away.
        if question.type == "matching" or (quiz.shuffle_choices and question.type != "true_false"):
            rng.shuffle(ids)
        choice_order[question.id] = ids
    return [q.id for q in ordered], choice_order


# -- save -------------------------------------------------------------------------------


def attempt_answers_validate(*, attempt: Attempt, answers: Mapping[str, Answer]) -> None:
    """Raise InvalidAnswers unless every id is one of the attempt's drawn ids."""
    for question_id, answer in answers.items():
        allowed = attempt.choice_order.get(question_id)
        if question_id not in attempt.question_ids or allowed is None:
            raise InvalidAnswers(question_id)
        if isinstance(answer, Mapping):
            values = [v for v in answer.values() if v]
            keys = list(answer.keys())
            # For matching, pair ids and answer ids share the same set of ids.
            if not set(keys) <= set(allowed):
                raise InvalidAnswers(question_id)
        else:
            values = list(answer)
        if not all(isinstance(v, str) and v in allowed for v in values):
            raise InvalidAnswers(question_id)


def attempt_save_answers(*, attempt: Attempt, answers: Mapping[str, Answer]) -> Attempt:
    """Store answers for some questions (replacing earlier answers to those questions).

    Raises AttemptClosed when submitted or past the deadline (which submits it), and
    InvalidAnswers for ids that are not in the attempt.
    """
    attempt_answers_validate(attempt=attempt, answers=answers)
    if attempt_expire_if_due(attempt=attempt):
        raise AttemptClosed
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != AttemptStatus.IN_PROGRESS:
            raise AttemptClosed
        merged = dict(locked.answers)
        merged.update({qid: answer for qid, answer in answers.items()})
        if merged != locked.answers:
            Attempt.objects.filter(pk=locked.pk).update(answers=merged)
            AttemptEvent.objects.create(
                attempt=locked, kind=AttemptEvent.Kind.SAVED, data={"questions": list(answers)}
            )
    attempt.answers = merged
    return attempt


# -- submit and expiry ------------------------------------------------------------------


def attempt_submit(*, attempt: Attempt, expired: bool = False) -> Attempt:
    """Grade the attempt once; calling again (or concurrently) returns the graded attempt."""
    _attempt_grade(attempt_id=attempt.pk, expired=expired)
    attempt.refresh_from_db()
    return attempt


def _attempt_grade(*, attempt_id: int, expired: bool) -> bool:
    """Grade and log, under a row lock and a guarded update. True if this call graded it."""
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt_id)
        if locked.status != AttemptStatus.IN_PROGRESS:
            return False
        quiz = attempt_quiz_page(attempt=locked)
        questions = [
            quiz.questions_by_id[q] for q in locked.question_ids if q in quiz.questions_by_id
        ]
        result = score_attempt(questions, locked.answers, pass_mark=quiz.pass_mark)
        now = timezone.now()
        submitted_at = min(now, locked.deadline) if expired and locked.deadline else now
        updated = Attempt.objects.filter(pk=locked.pk, status=AttemptStatus.IN_PROGRESS).update(
            status=AttemptStatus.SUBMITTED,
            submitted_at=submitted_at,
            score=result.score,
            max_score=result.max_score,
            percent=result.percent,
            passed=result.passed,
            expired=expired,
            question_results={r.question_id: r.as_dict() for r in result.questions},
        )
        if not updated:
            return False
        AttemptEvent.objects.create(
            attempt=locked,
            kind=AttemptEvent.Kind.EXPIRED if expired else AttemptEvent.Kind.SUBMITTED,
            at=now,
            data={"percent": str(result.percent), "passed": result.passed},
        )
        locked.refresh_from_db()
        knowledge_gain_update(attempt=locked)
        transaction.on_commit(lambda: attempt_graded.send(sender=Attempt, attempt=locked))
    return True


def attempt_expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """Submit the attempt with its saved answers if its deadline has passed. True if so."""
    if attempt.status != AttemptStatus.IN_PROGRESS or not attempt.is_past_deadline(now=now):
        return False
    attempt_submit(attempt=attempt, expired=True)
    return True


def attempts_expire_due(*, now: datetime | None = None) -> int:
    """Submit every in-progress attempt past its deadline; returns how many were submitted."""
    now = now or timezone.now()
    count = 0
    due = Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lte=now)
    for attempt_id in due.values_list("pk", flat=True):
        count += int(_attempt_grade(attempt_id=attempt_id, expired=True))
    return count


# -- helpers ----------------------------------------------------------------------------


def attempt_quiz_page(*, attempt: Attempt, language: str | None = None) -> QuizPage:
    """The attempt's quiz in `language` (default: active) if translated, else any locale."""
    page = page_in_language(
        QuizPage, translation_key=attempt.quiz_key, language=language or get_language() or "en"
    )
    if page is None:
        raise QuizPage.DoesNotExist
    return page


def _in_progress(*, user, quiz_key) -> Attempt | None:
    return Attempt.objects.filter(
        user=user, quiz_key=quiz_key, status=AttemptStatus.IN_PROGRESS
    ).first()


def knowledge_gain_update(*, attempt: Attempt) -> KnowledgeGain | None:
    """After a final attempt, store its gain over the learner's first pre-test attempt."""
    if attempt.quiz_kind != QuizKind.FINAL or attempt.status != AttemptStatus.SUBMITTED:
        return None
    pre = (
        Attempt.objects.filter(
            user_id=attempt.user_id,
            course_key=attempt.course_key,
            quiz_kind=QuizKind.PRE_TEST,
            status=AttemptStatus.SUBMITTED,
        )
        .order_by("submitted_at", "pk")
        .first()
    )
    if pre is None:
        return None
    gain, _created = KnowledgeGain.objects.update_or_create(
        user_id=attempt.user_id,
        course_key=attempt.course_key,
        defaults={
            "pre_attempt": pre,
            "post_attempt": attempt,
            "points": (attempt.score or Decimal(0)) - (pre.score or Decimal(0)),
            "percent": (attempt.percent or Decimal(0)) - (pre.percent or Decimal(0)),
        },
    )
    return gain
