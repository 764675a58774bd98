import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction

from assessments import services
from assessments.models import Attempt, AttemptEvent, AttemptStatus, KnowledgeGain
from assessments.signals import attempt_graded
from tests.assessments.conftest import correct_answers, wrong_answers
from tests.factories.quizzes import QuizPageFactory, single_choice

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def graded(monkeypatch):
    calls = []

    def receiver(sender, attempt, **kwargs):
        calls.append(attempt.pk)

    attempt_graded.connect(receiver, weak=False)
    yield calls
    attempt_graded.disconnect(receiver)


def test_start_records_every_question_and_choice_order_keyed_on_translation_keys(quiz, learner):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    assert attempt.quiz_key == quiz.translation_key
    assert attempt.course_key == quiz.get_parent().translation_key
    assert attempt.question_ids == [q.id for q in quiz.question_list]
    assert set(attempt.choice_order) == set(attempt.question_ids)
    assert attempt.number == 1 and attempt.status == AttemptStatus.IN_PROGRESS
    assert list(attempt.events.values_list("kind", flat=True)) == ["started"]


def test_start_returns_the_attempt_in_progress_instead_of_a_second_one(quiz, learner):
    first = services.attempt_start(user=learner, quiz=quiz)
    again = services.attempt_start(user=learner, quiz=quiz)
    assert again.pk == first.pk
    assert Attempt.objects.filter(user=learner).count() == 1


def test_start_draws_the_configured_number_of_questions_keeping_cases_together(course, learner):
    quiz = QuizPageFactory(
        parent=course, questions_per_attempt=3, shuffle_questions=True, shuffle_choices=True
    )
    attempt = services.attempt_start(user=learner, quiz=quiz, rng=random.Random(4))
    pool = {q.id: q for q in quiz.question_list}
    assert len(attempt.question_ids) == 3
    assert set(attempt.question_ids) <= set(pool)
    for qid in attempt.question_ids:
        question = pool[qid]
        options = question.answers if question.type == "matching" else question.choices
        assert sorted(attempt.choice_order[qid]) == sorted(o.id for o in options)
    case_positions = [i for i, qid in enumerate(attempt.question_ids) if pool[qid].case]
    assert (
        case_positions == list(range(case_positions[0], case_positions[0] + len(case_positions)))
        if case_positions
        else True
    )


def test_shuffling_changes_the_order_for_some_seed(course, learner):
    quiz = QuizPageFactory(
        parent=course, shuffle_questions=True, questions=[single_choice(f"Q{i}") for i in range(8)]
    )
    orders = {
        tuple(services.attempt_draw(quiz=quiz, rng=random.Random(seed))[0]) for seed in range(5)
    }
    assert len(orders) > 1


def test_save_merges_page_answers_and_logs_the_change(quiz, learner):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    answers = correct_answers(quiz)
    first, second = attempt.question_ids[:2]
    services.attempt_save_answers(attempt=attempt, answers={first: answers[first]})
    services.attempt_save_answers(attempt=attempt, answers={second: answers[second]})
    attempt.refresh_from_db()
    assert attempt.answers == {first: answers[first], second: answers[second]}
    assert attempt.events.filter(kind=AttemptEvent.Kind.SAVED).count() == 2


@pytest.mark.parametrize("field", ["question", "choice", "matching_key"])
def test_save_rejects_ids_that_are_not_in_the_drawn_questions(quiz, learner, field):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    by_type = {q.type: q for q in quiz.question_list}
    bad = {
        "question": {"not-a-question": ["x"]},
        "choice": {by_type["single_choice"].id: ["not-a-choice"]},
        "matching_key": {by_type["matching"].id: {"nope": by_type["matching"].choices[0].id}},
    }[field]
    with pytest.raises(services.InvalidAnswers):
        services.attempt_save_answers(attempt=attempt, answers=bad)
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_submit_grades_once_and_sends_the_signal_once(
    quiz, learner, graded, django_capture_on_commit_callbacks
):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_save_answers(attempt=attempt, answers=correct_answers(quiz))
    with django_capture_on_commit_callbacks(execute=True):
        services.attempt_submit(attempt=attempt)
        services.attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.percent == Decimal(100) and attempt.passed
    assert attempt.score == attempt.max_score == sum(q.points for q in quiz.question_list)
    assert graded == [attempt.pk]
    assert attempt.events.filter(kind="submitted").count() == 1


def test_a_wrong_attempt_fails(quiz, learner):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_save_answers(attempt=attempt, answers=wrong_answers(quiz))
    services.attempt_submit(attempt=attempt)
    assert attempt.percent == 0 and not attempt.passed


def test_save_after_submit_is_refused(quiz, learner):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_submit(attempt=attempt)
    qid = attempt.question_ids[0]
    with pytest.raises(services.AttemptClosed):
        services.attempt_save_answers(attempt=attempt, answers={qid: []})


def test_retake_starts_a_new_numbered_attempt_until_the_limit(course, learner):
    quiz = QuizPageFactory(parent=course, max_attempts=2)
    first = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_submit(attempt=first)
    second = services.attempt_start(user=learner, quiz=quiz)
    assert (first.number, second.number) == (1, 2)
    services.attempt_submit(attempt=second)
    with pytest.raises(services.AttemptLimitReached):
        services.attempt_start(user=learner, quiz=quiz)
    assert Attempt.objects.filter(user=learner).count() == 2


def test_saving_past_the_deadline_submits_with_what_was_saved(course, learner):
    quiz = QuizPageFactory(parent=course, time_limit_minutes=10)
    answers = correct_answers(quiz)
    with time_machine.travel(T0, tick=False) as clock:
        attempt = services.attempt_start(user=learner, quiz=quiz)
        assert attempt.deadline == T0 + timedelta(minutes=10)
        first = attempt.question_ids[0]
        services.attempt_save_answers(attempt=attempt, answers={first: answers[first]})
        clock.move_to(T0 + timedelta(minutes=10, seconds=1))
        with pytest.raises(services.AttemptClosed):
            services.attempt_save_answers(attempt=attempt, answers=answers)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.expired
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == quiz.questions_by_id[first].points
    assert attempt.events.filter(kind="expired").count() == 1


def test_starting_again_after_the_deadline_expires_the_old_attempt_first(course, learner):
    quiz = QuizPageFactory(parent=course, time_limit_minutes=5)
    with time_machine.travel(T0, tick=False) as clock:
        first = services.attempt_start(user=learner, quiz=quiz)
        clock.shift(timedelta(minutes=6))
        second = services.attempt_start(user=learner, quiz=quiz)
    first.refresh_from_db()
    assert first.status == AttemptStatus.SUBMITTED and first.expired
    assert second.number == 2 and second.status == AttemptStatus.IN_PROGRESS


def test_periodic_expiry_submits_only_attempts_past_their_deadline(course, learner, other_learner):
    timed = QuizPageFactory(parent=course, time_limit_minutes=5)
    untimed = QuizPageFactory(parent=course)
    with time_machine.travel(T0, tick=False) as clock:
        due = services.attempt_start(user=learner, quiz=timed)
        clock.shift(timedelta(minutes=3))
        not_yet = services.attempt_start(user=other_learner, quiz=timed)
        open_ended = services.attempt_start(user=learner, quiz=untimed)
        clock.shift(timedelta(minutes=3))
        assert services.attempts_expire_due() == 1
        assert services.attempts_expire_due() == 0
    statuses = dict(Attempt.objects.values_list("pk", "status"))
    assert statuses == {
        due.pk: "submitted",
        not_yet.pk: "in_progress",
        open_ended.pk: "in_progress",
    }


def test_the_expiry_task_and_command_submit_due_attempts(course, learner):
    from django.core.management import call_command

    from assessments.tasks import attempts_expire_task

    quiz = QuizPageFactory(parent=course, time_limit_minutes=1)
    with time_machine.travel(T0, tick=False) as clock:
        first = services.attempt_start(user=learner, quiz=quiz)
        clock.shift(timedelta(minutes=2))
        result = attempts_expire_task.enqueue()
        assert result.return_value == 1
        second = services.attempt_start(user=learner, quiz=quiz)
        clock.shift(timedelta(minutes=2))
        call_command("expire_attempts")
    assert set(Attempt.objects.values_list("pk", "status")) == {
        (first.pk, "submitted"),
        (second.pk, "submitted"),
    }


def test_database_allows_only_one_attempt_in_progress(quiz, learner):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            user=learner, quiz_key=attempt.quiz_key, course_key=attempt.course_key, number=2
        )


def test_database_keeps_attempt_numbers_unique(quiz, learner):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_submit(attempt=attempt)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            user=learner,
            quiz_key=attempt.quiz_key,
            course_key=attempt.course_key,
            number=1,
            status="submitted",
            submitted_at=T0,
        )


def test_attempt_events_are_append_only(quiz, learner):
    event = services.attempt_start(user=learner, quiz=quiz).events.get()
    event.kind = "submitted"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_final_after_pre_test_stores_the_knowledge_gain(course, learner):
    pre = QuizPageFactory(parent=course, kind="pre_test")
    final = QuizPageFactory(parent=course, kind="final", max_attempts=3)
    pre_attempt = services.attempt_start(user=learner, quiz=pre)
    services.attempt_save_answers(
        attempt=pre_attempt,
        answers={
            q: a
            for q, a in correct_answers(pre).items()
            if pre.questions_by_id[q].type == "true_false"
        },
    )
    services.attempt_submit(attempt=pre_attempt)
    post_attempt = services.attempt_start(user=learner, quiz=final)
    services.attempt_save_answers(attempt=post_attempt, answers=correct_answers(final))
    services.attempt_submit(attempt=post_attempt)
    gain = KnowledgeGain.objects.get(user=learner)
    assert gain.points == post_attempt.score - pre_attempt.score
    assert gain.percent == post_attempt.percent - pre_attempt.percent
    assert gain.percent > 0


def test_no_knowledge_gain_without_a_pre_test(course, learner):
    final = QuizPageFactory(parent=course, kind="final", max_attempts=3)
    services.attempt_submit(attempt=services.attempt_start(user=learner, quiz=final))
    assert not KnowledgeGain.objects.exists()


def test_attempts_survive_a_change_of_language(translated_course, learner):
    from django.utils import translation

    quiz = QuizPageFactory(parent=translated_course)
    from tests.factories.pages import translate_tree

    arabic = translate_tree(quiz, "ar")
    with translation.override("fr"):
        attempt = services.attempt_start(user=learner, quiz=quiz)
    with translation.override("ar"):
        again = services.attempt_start(user=learner, quiz=arabic.specific)
        assert services.attempt_quiz_page(attempt=again).pk == arabic.pk
    assert again.pk == attempt.pk
