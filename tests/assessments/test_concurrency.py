"""Races on PostgreSQL: parallel submits grade once; parallel starts open one attempt."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from assessments import services
from assessments.models import Attempt, AttemptEvent
from assessments.signals import attempt_graded
from tests.assessments.conftest import correct_answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 20


def _in_threads(function, n=WORKERS):
    barrier = Barrier(n)

    def run(_):
        try:
            barrier.wait()
            return function()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def test_twenty_parallel_submits_grade_the_attempt_once(quiz, learner):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_save_answers(attempt=attempt, answers=correct_answers(quiz))
    signals = []

    def receiver(sender, attempt, **kwargs):
        signals.append(attempt.pk)

    attempt_graded.connect(receiver, weak=False)
    try:
        results = _in_threads(
            lambda: services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk)).status
        )
    finally:
        attempt_graded.disconnect(receiver)
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

    ids = _in_threads(start)
    assert len(set(ids)) == 1
    assert Attempt.objects.filter(user=learner).count() == 1
