import pytest

from assessments.models import QuizKind
from assessments.signals import attempt_graded
from courses.models import Enrolment
from courses.services import enrolment_create, lesson_progress_complete
from tests.factories.courses import attempt_graded_create
from tests.factories.quizzes import FinalQuizPageFactory

pytestmark = pytest.mark.django_db


def test_a_graded_final_assessment_completes_the_course(learner, course):
    quiz = FinalQuizPageFactory(parent=course, kind=QuizKind.FINAL)
    for lesson in course.lessons():
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    assert Enrolment.objects.get(user=learner).completed_at is None
    attempt = attempt_graded_create(user=learner, quiz=quiz, passed=True)
    attempt_graded.send(sender=type(attempt), attempt=attempt)
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_a_graded_attempt_without_enrolment_is_ignored(learner, course):
    quiz = FinalQuizPageFactory(parent=course, kind=QuizKind.FINAL)
    attempt = attempt_graded_create(user=learner, quiz=quiz, passed=True)
    attempt_graded.send(sender=type(attempt), attempt=attempt)
    assert not Enrolment.objects.filter(user=learner).exists()


def test_a_failed_final_assessment_does_not_complete_the_course(learner, course):
    quiz = FinalQuizPageFactory(parent=course, kind=QuizKind.FINAL)
    enrolment_create(user=learner, course_key=course.translation_key)
    for lesson in course.lessons():
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    attempt = attempt_graded_create(user=learner, quiz=quiz, passed=False, percent=10)
    attempt_graded.send(sender=type(attempt), attempt=attempt)
    assert Enrolment.objects.get(user=learner).completed_at is None
