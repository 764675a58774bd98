from decimal import Decimal

import pytest
from django.utils import translation

from assessments import selectors, services
from assessments.models import Attempt
from tests.assessments.conftest import correct_answers, wrong_answers
from tests.factories.pages import translate_tree
from tests.factories.quizzes import QuizPageFactory, single_choice, true_false

pytestmark = pytest.mark.django_db


def take(user, quiz, answers):
    attempt = services.attempt_start(user=user, quiz=quiz)
    services.attempt_save_answers(attempt=attempt, answers=answers)
    return services.attempt_submit(attempt=attempt)


def test_passed_quiz_keys_lists_only_quizzes_passed_by_that_learner(
    course, learner, other_learner, django_assert_num_queries
):
    passed, failed, untouched, others = (QuizPageFactory(parent=course) for _ in range(4))
    take(learner, passed, correct_answers(passed))
    take(learner, failed, wrong_answers(failed))
    take(other_learner, others, correct_answers(others))
    services.attempt_start(user=learner, quiz=untouched)
    keys = [q.translation_key for q in (passed, failed, untouched, others)]
    with django_assert_num_queries(1):
        result = selectors.attempt_passed_quiz_keys(user=learner, quiz_keys=iter(keys))
    assert result == {passed.translation_key}


def test_course_final_score_is_the_mean_of_the_best_passed_final_scores(course, learner):
    questions = [single_choice(f"Q{i}") for i in range(4)]
    final_a = QuizPageFactory(
        parent=course, kind="final", pass_mark=50, max_attempts=3, questions=questions
    )
    final_b = QuizPageFactory(
        parent=course,
        kind="final",
        pass_mark=50,
        max_attempts=3,
        questions=[true_false(), true_false()],
    )
    check = QuizPageFactory(parent=course, kind="knowledge_check")
    assert selectors.course_final_score(user=learner, course_key=course.translation_key) is None
    right = correct_answers(final_a)
    ids = [q.id for q in final_a.question_list]
    take(learner, final_a, {qid: right[qid] for qid in ids[:2]})  # 50%
    take(learner, final_a, {qid: right[qid] for qid in ids[:3]})  # 75%
    take(learner, final_b, correct_answers(final_b))  # 100%
    take(learner, check, correct_answers(check))
    score = selectors.course_final_score(user=learner, course_key=course.translation_key)
    assert score == (Decimal("75") + Decimal("100")) / 2


def test_course_final_score_ignores_failed_finals(course, learner):
    final = QuizPageFactory(parent=course, kind="final", max_attempts=3)
    take(learner, final, wrong_answers(final))
    assert selectors.course_final_score(user=learner, course_key=course.translation_key) is None


def test_attempts_for_user_titles_quizzes_in_the_active_language_in_one_query(
    translated_course, learner, other_learner, django_assert_num_queries
):
    quizzes = [QuizPageFactory(parent=translated_course) for _ in range(3)]
    french = [translate_tree(q, "fr") for q in quizzes]
    for quiz in quizzes:
        take(learner, quiz, {})
    take(other_learner, quizzes[0], {})
    services.attempt_start(user=learner, quiz=quizzes[0])  # in progress: not listed
    with translation.override("fr"), django_assert_num_queries(1):
        rows = list(selectors.attempts_for_user(user=learner))
    assert sorted(row.quiz_title for row in rows) == sorted(page.title for page in french)
    assert {row.quiz_page_id for row in rows} == {page.pk for page in french}
    assert all(row.user_id == learner.pk and row.status == "submitted" for row in rows)
    assert Attempt.objects.filter(user=learner).count() == 4
