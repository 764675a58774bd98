import pytest

from courses.models import Enrolment, LessonProgress
from courses.services import enrolment_create, lesson_progress_complete
from courses.signals import enrolment_completed
from tests.concurrency import run_in_parallel

PARALLEL = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_mark_complete_requests_leave_one_row_and_no_error(learner, course):
    lesson = course.lessons().first()
    _results, errors = run_in_parallel(
        lambda: lesson_progress_complete(
            user=learner, lesson=lesson, course_key=course.translation_key
        ),
        threads=PARALLEL,
    )
    assert errors == []
    assert LessonProgress.objects.filter(user=learner).count() == 1
    assert LessonProgress.objects.get(user=learner).completed_at is not None
    assert Enrolment.objects.filter(user=learner).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_completion_of_the_last_lesson_completes_the_course_once(learner, course):
    lessons = list(course.lessons())
    enrolment_create(user=learner, course_key=course.translation_key)
    for lesson in lessons[:-1]:
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    received = []
    enrolment_completed.connect(
        lambda sender, enrolment, **kw: received.append(enrolment.pk),
        weak=False,
        dispatch_uid="test-once",
    )
    try:
        _results, errors = run_in_parallel(
            lambda: lesson_progress_complete(
                user=learner, lesson=lessons[-1], course_key=course.translation_key
            ),
            threads=PARALLEL,
        )
    finally:
        enrolment_completed.disconnect(dispatch_uid="test-once")
    assert errors == []
    assert len(received) == 1
    assert Enrolment.objects.get(user=learner).completed_at is not None
