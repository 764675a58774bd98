"""Writes for the attempt lifecycle: start, save answers, submit, expire.

Every state change is logged in AttemptEvent. Grading happens once per attempt, guarded by a
row lock and a conditional update, and `attempt_graded` is sent in the grading transaction, so
what its receivers write (course completion, the certificate) commits with the grade or not
at all: a database lost half-way leaves the attempt in progress, ready to be submitted again.
"""

import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
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
from assessments.questions import (
    Question,
    question_from_data,
    question_groups,
    question_localized,
    question_to_data,
)
from assessments.scoring import Answer, score_attempt
from assessments.signals import attempt_graded
from training_site.selectors import page_in_language


class AttemptError(Exception):
    """Base for refusals of the attempt services."""


class AttemptLimitReached(AttemptError):
    pass


class AttemptCoolingDown(AttemptError):
    """Failed attempts started the quiz's cool-down; `until` says when it ends."""

    def __init__(self, until: datetime):
        self.until = until
        super().__init__(until.isoformat())


class AttemptClosed(AttemptError):
    """The attempt is submitted (or just expired) and takes no more answers."""


class InvalidAnswers(AttemptError):
    """Answers name questions or choices that are not in the attempt."""


# -- start ------------------------------------------------------------------------------


def attempt_start(*, user, quiz: QuizPage, rng: random.Random | None = None) -> Attempt:
    """The learner's attempt in progress at `quiz`, or a new one with questions drawn and
    snapshotted (keys, points and rules), so grading never depends on a later edit.

    Raises AttemptLimitReached when every allowed attempt is used, and AttemptCoolingDown
    while the quiz's cool-down after failed attempts runs.
    """
    existing = _in_progress(user=user, quiz_key=quiz.translation_key)
    if existing is not None and not attempt_expire_if_due(attempt=existing):
        return existing
    previous = list(
        Attempt.objects.filter(user=user, quiz_key=quiz.translation_key)
        .order_by("-number")
        .values("number", "passed", "submitted_at", "question_ids")
    )
    used = previous[0]["number"] if previous else 0
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise AttemptLimitReached
    until = attempt_cooldown_until(quiz=quiz, previous=previous)
    if until is not None:
        raise AttemptCoolingDown(until)
    last_ids = set(previous[0]["question_ids"]) if previous else set()
    question_ids, choice_order = attempt_draw(
        quiz=quiz, rng=rng or random.SystemRandom(), avoid=last_ids
    )
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
                snapshot=[question_to_data(quiz.questions_by_id[qid]) for qid in question_ids],
                pass_mark=quiz.pass_mark,
                bank_version=quiz.live_revision_id or quiz.latest_revision_id,
            )
            AttemptEvent.objects.create(attempt=attempt, kind=AttemptEvent.Kind.STARTED, at=now)
    except IntegrityError:
        # A concurrent start won the race (the constraints saw to it): use its attempt.
        existing = _in_progress(user=user, quiz_key=quiz.translation_key)
        if existing is None:
            raise
        return existing
    return attempt


def attempt_cooldown_until(*, quiz: QuizPage, previous: list[dict]) -> datetime | None:
    """When the learner may start again, if the cool-down after failed attempts is running.

    `previous` holds the learner's attempts (number, passed, submitted_at), newest first.
    """
    if not quiz.cooldown_hours or not previous:
        return None
    failures = [a for a in previous if a["submitted_at"] is not None and not a["passed"]]
    if len(failures) < quiz.cooldown_after_failures or any(a["passed"] for a in previous):
        return None
    until = failures[0]["submitted_at"] + timedelta(hours=quiz.cooldown_hours)
    return until if until > timezone.now() else None


def attempt_draw(
    *, quiz: QuizPage, rng: random.Random, avoid: set[str] | frozenset[str] = frozenset()
) -> tuple[list[str], dict[str, list[str]]]:
    """Question ids in drawn order, and each question's choice (or answer) order.

    Draws from the online bank only, rule by rule (N per objective, or N from the whole
    bank); a case is drawn whole and counts as its questions; questions in `avoid` (the last
    attempt's) are taken only when the bank has too few others.
    """
    groups = question_groups(quiz.online_questions)
    rules = quiz.draw_rule_list()
    if rules:
        chosen: list[int] = []
        for objective, count in rules:
            candidates = [
                index
                for index, group in enumerate(groups)
                if index not in chosen and (not objective or group[0].objective == objective)
            ]
            chosen.extend(_groups_pick(groups, candidates, count, rng=rng, avoid=avoid))
        groups = [groups[index] for index in sorted(chosen)]
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


def _groups_pick(
    groups: list[list[Question]],
    candidates: list[int],
    count: int,
    *,
    rng: random.Random,
    avoid: set[str] | frozenset[str],
) -> list[int]:
    """Indexes of candidate groups adding up to `count` questions (as close as the sizes
    allow, never over), fresh groups before those in `avoid`."""
    fresh = [i for i in candidates if not any(q.id in avoid for q in groups[i])]
    seen = [i for i in candidates if i not in fresh]
    best: list[int] = []
    for _try in range(20):
        rng.shuffle(fresh)
        rng.shuffle(seen)
        picked: list[int] = []
        total = 0
        for index in fresh + seen:
            size = len(groups[index])
            if total + size <= count:
                picked.append(index)
                total += size
            if total == count:
                return picked
        if total > sum(len(groups[i]) for i in best):
            best = picked
    return best


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
        questions = list(attempt_questions(attempt=locked).values())
        pass_mark = locked.pass_mark
        if pass_mark is None:  # attempts started before snapshots
            pass_mark = attempt_quiz_page(attempt=locked).pass_mark
        result = score_attempt(questions, locked.answers, pass_mark=pass_mark)
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
        # Not on commit: a grade committed before its completion and certificate would leave
        # a passed learner without them if the database went away in between, and a second
        # submit finds the attempt graded and sends nothing (tests/reliability).
        attempt_graded.send(sender=Attempt, attempt=locked)
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


def attempt_questions(*, attempt: Attempt, quiz: QuizPage | None = None) -> dict[str, Question]:
    """The attempt's questions in drawn order, graded as drawn (the snapshot), worded in
    `quiz`'s language where that translation has them and as drawn otherwise.

    Without `quiz` the snapshot is returned as is (for grading). Attempts started before
    snapshots existed fall back to the page's questions.
    """
    if not attempt.snapshot:
        quiz = quiz or attempt_quiz_page(attempt=attempt)
        return {
            q: quiz.questions_by_id[q] for q in attempt.question_ids if q in quiz.questions_by_id
        }
    drawn = [question_from_data(data) for data in attempt.snapshot]
    if quiz is None:
        return {q.id: q for q in drawn}
    words = quiz.questions_by_id
    return {q.id: question_localized(q, words.get(q.id)) for q in drawn}


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
            # Tests differ in size: only percentage points of each one's maximum compare.
            "points": (attempt.score or Decimal(0)) - (pre.score or Decimal(0)),
            "percent": (attempt.percent or Decimal(0)) - (pre.percent or Decimal(0)),
            "pre_percent": pre.percent or Decimal(0),
            "post_percent": attempt.percent or Decimal(0),
        },
    )
    return gain
