"""Writes: enrolment, lesson progress, course completion, cohorts."""

from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from training_site.clients import rate_limit_hit, rate_limit_reached

from .models import Cohort, CohortMembership, Enrolment, EnrolmentSource, LessonPage, LessonProgress
from .models.cohorts import join_code_normalise
from .selectors import course_requirement_keys
from .signals import enrolment_completed


def enrolment_create(
    *,
    user,
    course_key: UUID,
    source: str = EnrolmentSource.SELF,
    cohort: Cohort | None = None,
) -> Enrolment:
    """Enrol `user` in the course, or restore their earlier enrolment with all its progress.
    Idempotent and safe under concurrent calls (insert-or-ignore, then read)."""
    from assessments.selectors import attempt_best_final_percent

    if cohort is not None:
        source = EnrolmentSource.COHORT
    Enrolment.objects.bulk_create(
        [Enrolment(user=user, course_key=course_key, source=source, cohort=cohort)],
        ignore_conflicts=True,
    )
    enrolment = Enrolment.objects.annotate(graded_best=attempt_best_final_percent()).get(
        user=user, course_key=course_key
    )
    changes: dict = {}
    if enrolment.best_final_percent is None and enrolment.graded_best is not None:
        # Finals graded before the enrolment existed (no enrolment to record them on then).
        changes["best_final_percent"] = enrolment.graded_best
    if enrolment.unenrolled_at is not None:
        changes["unenrolled_at"] = None
    if cohort is not None and enrolment.cohort_id != cohort.pk:
        changes.update(cohort=cohort, source=EnrolmentSource.COHORT)
    if changes:
        Enrolment.objects.filter(pk=enrolment.pk).update(**changes)
        for name, value in changes.items():
            setattr(enrolment, name, value)
    return enrolment


def enrolment_best_final_record(*, user_id: int, course_key: UUID, percent: Decimal) -> None:
    """Raise the learner's stored best final percent in the course to `percent` if that is
    higher. A guarded update: of two gradings at once, the second to take the row lock
    re-reads the first one's value, so the higher percent stays whatever the order."""
    Enrolment.objects.filter(user_id=user_id, course_key=course_key).filter(
        Q(best_final_percent__isnull=True) | Q(best_final_percent__lt=percent)
    ).update(best_final_percent=percent)


def enrolment_withdraw(*, user, course_key: UUID) -> bool:
    """Unenrol `user`; the enrolment and progress rows stay so that enrolling again restores
    them. Returns False when there was no active enrolment."""
    return (
        Enrolment.objects.filter(
            user=user, course_key=course_key, unenrolled_at__isnull=True
        ).update(unenrolled_at=timezone.now())
        > 0
    )


def enrolment_completion_check(*, enrolment: Enrolment) -> bool:
    """Complete the enrolment if every live lesson is completed and every live final assessment
    passed (pre-tests and knowledge checks don't count). Sets `completed_at` once with a
    guarded update and then sends `enrolment_completed`; a completed enrolment stays completed
    whatever later edits. Returns whether the enrolment is complete."""
    from assessments.selectors import attempt_passed_quiz_keys

    if enrolment.completed_at is not None:
        return True
    lesson_keys, final_keys = course_requirement_keys(course_key=enrolment.course_key)
    if not lesson_keys and not final_keys:
        return False
    if lesson_keys:
        done = set(
            LessonProgress.objects.filter(
                user_id=enrolment.user_id, lesson_key__in=lesson_keys, completed_at__isnull=False
            ).values_list("lesson_key", flat=True)
        )
        if lesson_keys - done:
            return False
    if final_keys and final_keys - attempt_passed_quiz_keys(
        user=enrolment.user, quiz_keys=final_keys
    ):
        return False
    now = timezone.now()
    with transaction.atomic():
        updated = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=now
        )
        if updated:
            enrolment.completed_at = now
            # Inside the transaction: if a receiver fails, completion rolls back and the next
            # check tries again, so a completion never goes without its certificate.
            enrolment_completed.send(sender=Enrolment, enrolment=enrolment)
            return True
    enrolment.refresh_from_db(fields=["completed_at"])
    return True


def enrolment_completion_check_for(*, user, course_key: UUID) -> bool:
    """Re-check completion of `user`'s enrolment in the course, if they are enrolled."""
    enrolment = Enrolment.objects.filter(user=user, course_key=course_key).first()
    return enrolment is not None and enrolment_completion_check(enrolment=enrolment)


def lesson_progress_record(*, user, lesson: LessonPage, course_key: UUID) -> None:
    """Note that `user` opened `lesson` (the first time only). One query."""
    LessonProgress.objects.bulk_create(
        [LessonProgress(user=user, lesson_key=lesson.translation_key, course_key=course_key)],
        ignore_conflicts=True,
    )


def lesson_progress_complete(*, user, lesson: LessonPage, course_key: UUID) -> Enrolment:
    """Mark `lesson` completed for `user` (enrolling them if needed), then re-check course
    completion. Repeats and concurrent requests leave one row, completed once."""
    now = timezone.now()
    enrolment = enrolment_create(user=user, course_key=course_key)
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(
                user=user,
                lesson_key=lesson.translation_key,
                course_key=course_key,
                first_viewed_at=now,
                completed_at=now,
            )
        ],
        ignore_conflicts=True,
    )
    LessonProgress.objects.filter(
        user=user, lesson_key=lesson.translation_key, completed_at__isnull=True
    ).update(completed_at=now)
    enrolment_completion_check(enrolment=enrolment)
    return enrolment


# Wrong join codes a learner may type per window before joining pauses: (codes, seconds).
DEFAULT_COHORT_JOIN_RATE = (10, 900)


def cohort_join(*, user, join_code: str) -> Cohort | None:
    """Add `user` to the cohort with `join_code` and enrol them in its course (source cohort).
    Returns None for an unknown code; raises ValidationError (code "throttled") once the user
    has typed COHORT_JOIN_RATE wrong codes in its window, without looking the code up."""
    limit, window = getattr(settings, "COHORT_JOIN_RATE", DEFAULT_COHORT_JOIN_RATE)
    if rate_limit_reached(scope="cohort-join", key=str(user.pk), limit=limit):
        raise ValidationError(
            _("Too many wrong codes. Try again in %(minutes)s minutes.")
            % {"minutes": max(1, window // 60)},
            code="throttled",
        )
    cohort = Cohort.objects.filter(join_code=join_code_normalise(join_code)).first()
    if cohort is None:
        rate_limit_hit(scope="cohort-join", key=str(user.pk), limit=limit, window=window)
        return None
    with transaction.atomic():
        CohortMembership.objects.bulk_create(
            [CohortMembership(cohort=cohort, user=user)], ignore_conflicts=True
        )
        enrolment_create(user=user, course_key=cohort.course_key, cohort=cohort)
    return cohort
