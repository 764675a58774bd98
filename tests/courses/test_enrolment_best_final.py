"""The best final-assessment percent stored on the enrolment for reports: kept by grading,
filled on enrolling and by the backfill migration, never lowered, right under races."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from assessments.models import Attempt, AttemptStatus, QuizKind
from assessments.signals import attempt_graded
from courses.models import Enrolment
from courses.services import enrolment_best_final_record, enrolment_create
from tests.concurrency import run_in_parallel
from tests.factories.courses import EnrolmentFactory
from tests.factories.pages import build_course
from tests.factories.quizzes import FinalQuizPageFactory, QuizPageFactory

pytestmark = pytest.mark.django_db


def _graded(*, user, quiz, percent, status=AttemptStatus.SUBMITTED) -> Attempt:
    """An attempt stored as grading leaves it, without recording anything else."""
    return Attempt.objects.create(
        user=user,
        quiz_key=quiz.translation_key,
        course_key=quiz.get_parent().translation_key,
        quiz_kind=quiz.kind,
        number=Attempt.objects.filter(user=user, quiz_key=quiz.translation_key).count() + 1,
        status=status,
        submitted_at=timezone.now() if status == AttemptStatus.SUBMITTED else None,
        percent=percent,
    )


def _best(user) -> Decimal | None:
    return Enrolment.objects.get(user=user).best_final_percent


def test_each_graded_final_raises_the_best_final_and_a_lower_one_keeps_it(learner, course):
    enrolment_create(user=learner, course_key=course.translation_key)
    final = FinalQuizPageFactory(parent=course)
    assert _best(learner) is None
    for percent, best in ((60, 60), (85, 85), (70, 85)):
        attempt = _graded(user=learner, quiz=final, percent=percent)
        attempt_graded.send(sender=Attempt, attempt=attempt)
        assert _best(learner) == best


def test_other_quizzes_and_other_courses_leave_the_best_final_alone(learner, course):
    enrolment_create(user=learner, course_key=course.translation_key)
    check = QuizPageFactory(parent=course, kind=QuizKind.KNOWLEDGE_CHECK)
    pre_test = QuizPageFactory(parent=course, kind=QuizKind.PRE_TEST)
    other_final = FinalQuizPageFactory(parent=build_course(course.get_parent(), lessons=0))
    for quiz in (check, pre_test, other_final):
        attempt_graded.send(sender=Attempt, attempt=_graded(user=learner, quiz=quiz, percent=99))
    assert _best(learner) is None


def test_enrolling_after_finals_were_graded_picks_up_the_best_of_them(learner, course):
    final = FinalQuizPageFactory(parent=course)
    _graded(user=learner, quiz=final, percent=Decimal("72.50"))
    _graded(user=learner, quiz=final, percent=Decimal("64.00"))
    _graded(user=learner, quiz=final, percent=100, status=AttemptStatus.IN_PROGRESS)
    enrolment = enrolment_create(user=learner, course_key=course.translation_key)
    assert enrolment.best_final_percent == Decimal("72.50")
    assert _best(learner) == Decimal("72.50")


def test_enrolling_again_keeps_the_stored_best_final(learner, course):
    enrolment_create(user=learner, course_key=course.translation_key)
    enrolment_best_final_record(
        user_id=learner.pk, course_key=course.translation_key, percent=Decimal(88)
    )
    Enrolment.objects.filter(user=learner).update(unenrolled_at=timezone.now())
    enrolment = enrolment_create(user=learner, course_key=course.translation_key)
    assert enrolment.best_final_percent == 88


def test_the_backfill_migration_stores_each_learners_best_graded_final(
    learner, other_learner, course
):
    migration = importlib.import_module("courses.migrations.0012_backfill_enrolment_best_final")
    final = FinalQuizPageFactory(parent=course)
    pre_test = QuizPageFactory(parent=course, kind=QuizKind.PRE_TEST)
    for user in (learner, other_learner):
        EnrolmentFactory(user=user, course_key=course.translation_key)
    _graded(user=learner, quiz=final, percent=55)
    _graded(user=learner, quiz=final, percent=81)
    _graded(user=learner, quiz=pre_test, percent=95)
    _graded(user=other_learner, quiz=pre_test, percent=40)
    migration.backfill(apps, None)
    assert _best(learner) == 81
    assert _best(other_learner) is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_finals_graded_at_once_leave_the_highest_whatever_the_order(learner, course):
    enrolment_create(user=learner, course_key=course.translation_key)
    percents = iter([Decimal(p) for p in (40, 95, 70, 88, 55, 91, 62, 77)])
    _results, errors = run_in_parallel(
        lambda: enrolment_best_final_record(
            user_id=learner.pk, course_key=course.translation_key, percent=next(percents)
        ),
        threads=8,
    )
    assert errors == []
    assert _best(learner) == 95
