import pytest
from django.db import IntegrityError, transaction

from assessments.models import QuizKind
from courses.models import Enrolment, EnrolmentSource, LessonProgress
from courses.services import (
    enrolment_completion_check,
    enrolment_create,
    enrolment_withdraw,
    lesson_progress_complete,
    lesson_progress_record,
)
from courses.signals import enrolment_completed
from tests.factories.courses import attempt_graded_create
from tests.factories.pages import LessonPageFactory
from tests.factories.quizzes import FinalQuizPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def completions():
    received = []

    def receiver(sender, *, enrolment, **kwargs):
        received.append(enrolment.pk)

    enrolment_completed.connect(receiver, dispatch_uid="test-completions")
    yield received
    enrolment_completed.disconnect(dispatch_uid="test-completions")


def complete_all(user, course):
    for lesson in course.lessons():
        lesson_progress_complete(user=user, lesson=lesson, course_key=course.translation_key)


def test_a_learner_has_at_most_one_enrolment_per_course(learner, course):
    Enrolment.objects.create(user=learner, course_key=course.translation_key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=learner, course_key=course.translation_key)


def test_a_learner_has_at_most_one_progress_row_per_lesson(learner, course):
    lesson = course.lessons().first()
    key = dict(user=learner, lesson_key=lesson.translation_key, course_key=course.translation_key)
    LessonProgress.objects.create(**key)
    with pytest.raises(IntegrityError), transaction.atomic():
        LessonProgress.objects.create(**key)


def test_enrolling_twice_keeps_one_enrolment(learner, course):
    first = enrolment_create(user=learner, course_key=course.translation_key)
    second = enrolment_create(user=learner, course_key=course.translation_key)
    assert first.pk == second.pk
    assert Enrolment.objects.filter(user=learner).count() == 1
    assert first.source == EnrolmentSource.SELF


def test_unenrolling_keeps_records_and_enrolling_again_restores_them(learner, course):
    lesson = course.lessons().first()
    lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    assert enrolment_withdraw(user=learner, course_key=course.translation_key)
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.unenrolled_at is not None
    assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 1

    restored = enrolment_create(user=learner, course_key=course.translation_key)
    assert restored.pk == enrolment.pk
    assert restored.is_active
    assert Enrolment.objects.get(pk=enrolment.pk).unenrolled_at is None
    assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 1


def test_withdrawing_without_an_enrolment_does_nothing(learner, course):
    assert not enrolment_withdraw(user=learner, course_key=course.translation_key)


def test_viewing_a_lesson_records_the_first_view_only(learner, course):
    lesson = course.lessons().first()
    lesson_progress_record(user=learner, lesson=lesson, course_key=course.translation_key)
    first = LessonProgress.objects.get(user=learner).first_viewed_at
    lesson_progress_record(user=learner, lesson=lesson, course_key=course.translation_key)
    row = LessonProgress.objects.get(user=learner)
    assert row.first_viewed_at == first
    assert row.completed_at is None


def test_completing_a_lesson_twice_keeps_the_first_completion_time(learner, course):
    lesson = course.lessons().first()
    lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    first = LessonProgress.objects.get(user=learner).completed_at
    lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    assert LessonProgress.objects.get(user=learner).completed_at == first


def test_completing_a_lesson_enrols_the_learner(learner, course):
    lesson = course.lessons().first()
    lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    assert Enrolment.objects.get(user=learner).course_key == course.translation_key


def test_the_course_completes_when_the_last_lesson_is_completed(learner, course, completions):
    lessons = list(course.lessons())
    for lesson in lessons[:-1]:
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    assert Enrolment.objects.get(user=learner).completed_at is None
    lesson_progress_complete(user=learner, lesson=lessons[-1], course_key=course.translation_key)
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is not None
    assert completions == [enrolment.pk]


def test_completion_is_signalled_once_whatever_the_repeats(learner, course, completions):
    complete_all(learner, course)
    complete_all(learner, course)
    enrolment = Enrolment.objects.get(user=learner)
    first = enrolment.completed_at
    assert enrolment_completion_check(enrolment=enrolment)
    # A stale copy (completed_at unknown) must not complete or signal twice.
    stale = Enrolment.objects.get(pk=enrolment.pk)
    stale.completed_at = None
    assert enrolment_completion_check(enrolment=stale)
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at == first
    assert completions == [enrolment.pk]


def test_a_lesson_unpublished_after_completion_is_not_required(learner, course, completions):
    lessons = list(course.lessons())
    lesson_progress_complete(user=learner, lesson=lessons[0], course_key=course.translation_key)
    lessons[0].unpublish()
    lesson_progress_complete(user=learner, lesson=lessons[1], course_key=course.translation_key)
    assert Enrolment.objects.get(user=learner).completed_at is None
    lesson_progress_complete(user=learner, lesson=lessons[2], course_key=course.translation_key)
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_an_unpublished_lesson_never_opened_is_not_required(learner, course):
    lessons = list(course.lessons())
    lessons[2].unpublish()
    for lesson in lessons[:2]:
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_a_new_lesson_blocks_completion_until_it_is_completed(learner, course):
    lessons = list(course.lessons())
    for lesson in lessons[:2]:
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    LessonPageFactory(parent=course)
    lesson_progress_complete(user=learner, lesson=lessons[2], course_key=course.translation_key)
    assert Enrolment.objects.get(user=learner).completed_at is None


def test_a_final_assessment_must_be_passed(learner, course, completions):
    quiz = FinalQuizPageFactory(parent=course, kind=QuizKind.FINAL)
    complete_all(learner, course)
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is None
    attempt_graded_create(user=learner, quiz=quiz, passed=False, percent=40)
    assert not enrolment_completion_check(enrolment=enrolment)
    attempt_graded_create(user=learner, quiz=quiz, passed=True, percent=90)
    assert enrolment_completion_check(enrolment=enrolment)
    assert completions == [enrolment.pk]


@pytest.mark.parametrize("kind", [QuizKind.PRE_TEST, QuizKind.KNOWLEDGE_CHECK])
def test_pre_tests_and_knowledge_checks_do_not_count(learner, course, kind):
    FinalQuizPageFactory(parent=course, kind=kind)
    complete_all(learner, course)
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_a_quiz_added_after_completion_does_not_take_completion_away(learner, course, completions):
    complete_all(learner, course)
    enrolment = Enrolment.objects.get(user=learner)
    completed_at = enrolment.completed_at
    assert completed_at is not None
    FinalQuizPageFactory(parent=course, kind=QuizKind.FINAL)
    LessonPageFactory(parent=course)
    assert enrolment_completion_check(enrolment=Enrolment.objects.get(pk=enrolment.pk))
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at == completed_at
    assert completions == [enrolment.pk]


def test_a_course_without_lessons_or_finals_never_completes(learner, catalogue):
    from tests.factories.pages import build_course

    empty = build_course(catalogue, lessons=0)
    enrolment = enrolment_create(user=learner, course_key=empty.translation_key)
    assert not enrolment_completion_check(enrolment=enrolment)


def test_a_failing_receiver_rolls_completion_back_so_it_is_retried(learner, course):
    def boom(sender, **kwargs):
        raise RuntimeError("certificate service down")

    enrolment_completed.connect(boom, dispatch_uid="test-boom")
    try:
        with pytest.raises(RuntimeError):
            complete_all(learner, course)
    finally:
        enrolment_completed.disconnect(dispatch_uid="test-boom")
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is None
    assert enrolment_completion_check(enrolment=enrolment)
    assert Enrolment.objects.get(user=learner).completed_at is not None
