"""Factories for enrolment, progress and cohorts, plus quiz/attempt builders the course
completion tests need."""

from decimal import Decimal

import factory
from django.utils import timezone

from assessments.models import Attempt, AttemptStatus, QuizKind, QuizPage
from courses.models import Cohort, CohortMembership, Enrolment, LessonProgress
from courses.services import enrolment_best_final_record
from tests.factories.users import TrainerFactory, UserFactory


class EnrolmentFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    course_key = factory.Faker("uuid4", cast_to=None)

    class Meta:
        model = Enrolment


class LessonProgressFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    lesson_key = factory.Faker("uuid4", cast_to=None)
    course_key = factory.Faker("uuid4", cast_to=None)

    class Meta:
        model = LessonProgress


class CohortFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Cohort {n}")
    course_key = factory.Faker("uuid4", cast_to=None)
    trainer = factory.SubFactory(TrainerFactory)

    class Meta:
        model = Cohort


class CohortMembershipFactory(factory.django.DjangoModelFactory):
    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)

    class Meta:
        model = CohortMembership


def attempt_graded_create(*, user, quiz: QuizPage, passed: bool = True, percent=90) -> Attempt:
    """A submitted attempt at `quiz` (without sending `attempt_graded`), its percent recorded
    as the enrolment's best final if higher, as grading does."""
    course = quiz.get_parent()
    number = Attempt.objects.filter(user=user, quiz_key=quiz.translation_key).count() + 1
    if quiz.kind == QuizKind.FINAL:
        enrolment_best_final_record(
            user_id=user.pk, course_key=course.translation_key, percent=Decimal(percent)
        )
    return Attempt.objects.create(
        user=user,
        quiz_key=quiz.translation_key,
        course_key=course.translation_key,
        quiz_kind=quiz.kind,
        number=number,
        status=AttemptStatus.SUBMITTED,
        submitted_at=timezone.now(),
        percent=percent,
        passed=passed,
    )
