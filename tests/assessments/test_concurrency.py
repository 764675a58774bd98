"""Races on PostgreSQL: parallel submits grade once; parallel starts open one attempt."""

import pytest

from assessments import services
from assessments.models import Attempt, AttemptEvent
from assessments.signals import attempt_graded
from tests.assessments.conftest import correct_answers
from tests.concurrency import run_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 20


def test_twenty_parallel_submits_grade_the_attempt_once(quiz, learner):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_save_answers(attempt=attempt, answers=correct_answers(quiz))
    signals = []

    def receiver(sender, attempt, **kwargs):
        signals.append(attempt.pk)

    attempt_graded.connect(receiver, weak=False)
    try:
        results, errors = run_in_parallel(
            lambda: services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk)).status,
            threads=WORKERS,
        )
    finally:
        attempt_graded.disconnect(receiver)
    assert errors == []
    assert results == ["submitted"] * WORKERS
    assert signals == [attempt.pk]
    assert AttemptEvent.objects.filter(attempt=attempt, kind="submitted").count() == 1
    attempt.refresh_from_db()
    assert attempt.percent == 100


def test_parallel_starts_give_one_attempt_in_progress(quiz, learner):
    quiz_id = quiz.pk

    def start():
        from assessments.models import QuizPage

        return services.attempt_start(user=learner, quiz=QuizPage.objects.get(pk=quiz_id)).pk

    ids, errors = run_in_parallel(start, threads=WORKERS)
    assert errors == []
    assert len(ids) == WORKERS
    assert len(set(ids)) == 1
    assert Attempt.objects.filter(user=learner).count() == 1
