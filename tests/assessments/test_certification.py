"""A certificate that certifies: banks, stratified draws, snapshots and the attempt policy."""

import random
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Attempt
from tests.assessments.conftest import correct_answers
from tests.factories.quizzes import (
    FinalQuizPageFactory,
    case,
    single_choice,
    tagged,
    true_false,
)

pytestmark = pytest.mark.django_db


def bank(*, per_objective: int = 5, cases: int = 2, classroom: int = 3) -> list[dict]:
    """Online questions for objectives o1-o3 (some in two-question cases) plus classroom ones."""
    blocks = []
    for n in (1, 2, 3):
        for i in range(per_objective):
            blocks.append(tagged(single_choice(f"o{n} question {i}"), objective=f"o{n}"))
    for i in range(cases):
        blocks.append(
            tagged(
                case(single_choice(f"case {i} first"), true_false(f"case {i} second")),
                objective="o2",
            )
        )
    for i in range(classroom):
        blocks.append(tagged(single_choice(f"printed {i}"), objective="o1", use="classroom"))
    return blocks


def rules(*pairs: tuple[str, int]) -> list[tuple[str, dict]]:
    return [("rule", {"objective": objective, "count": count}) for objective, count in pairs]


@pytest.fixture
def final(course):
    return FinalQuizPageFactory(
        parent=course, questions=bank(), draw_rules=rules(("o1", 3), ("o2", 4), ("o3", 2))
    )


def test_draws_keep_cases_whole_and_counts_per_objective_over_500_seeds(final):
    by_id = final.questions_by_id
    case_sizes = Counter(q.case.id for q in final.question_list if q.case)
    drew_a_case = 0
    for seed in range(500):
        ids, _order = services.attempt_draw(quiz=final, rng=random.Random(seed))
        drawn = [by_id[qid] for qid in ids]
        assert Counter(q.objective for q in drawn) == {"o1": 3, "o2": 4, "o3": 2}
        assert all(q.use == "online" for q in drawn)
        in_cases = Counter(q.case.id for q in drawn if q.case)
        assert all(count == case_sizes[case_id] for case_id, count in in_cases.items())
        # A case's questions are drawn next to each other.
        for case_id in in_cases:
            positions = [i for i, q in enumerate(drawn) if q.case and q.case.id == case_id]
            assert positions == list(range(positions[0], positions[0] + len(positions)))
        drew_a_case += bool(in_cases)
    assert drew_a_case > 100  # the property was exercised, not dodged


def test_consecutive_attempts_get_different_questions_where_the_bank_allows(final, learner):
    first = services.attempt_start(user=learner, quiz=final, rng=random.Random(1))
    services.attempt_submit(attempt=first)
    second = services.attempt_start(user=learner, quiz=final, rng=random.Random(1))
    o1 = {q.id for q in final.question_list if q.objective == "o1" and q.use == "online"}
    # o1 has 5 questions and draws 3: the second attempt takes the 2 unseen ones first.
    assert o1 - set(first.question_ids) <= set(second.question_ids)


def test_classroom_questions_are_never_drawn_online(final):
    classroom = {q.id for q in final.classroom_questions}
    assert len(classroom) == 3
    for seed in range(100):
        ids, _order = services.attempt_draw(quiz=final, rng=random.Random(seed))
        assert not classroom & set(ids)


def test_the_attempt_is_graded_against_its_snapshot_whatever_the_language(
    translated_course, learner
):
    """Started in English; a question then goes missing from the French page. Submitting
    through French scores exactly as through English."""
    from django.utils import translation

    from tests.factories.pages import translate_tree

    final = FinalQuizPageFactory(
        parent=translated_course, questions=[single_choice(f"Q{i}") for i in range(4)]
    )
    translate_tree(final, "fr")
    french = final.get_translation(final.locale.__class__.objects.get(language_code="fr")).specific
    scores = {}
    for language in ("en", "fr"):
        with translation.override("en"):
            attempt = services.attempt_start(user=learner, quiz=final)
        right = correct_answers(final)
        dropped = attempt.question_ids[0]
        if language == "fr":
            french.questions = [b for b in french.questions.raw_data if b["id"] != dropped]
            french.save_revision().publish()
        answers = {qid: right[qid] for qid in attempt.question_ids[:3]}
        with translation.override(language):
            services.attempt_save_answers(attempt=attempt, answers=answers)
            attempt = services.attempt_submit(attempt=attempt)
        scores[language] = (attempt.score, attempt.max_score, attempt.percent)
        Attempt.objects.filter(pk=attempt.pk).delete()
    assert scores["en"] == scores["fr"] == (3, 4, 75)


def test_a_question_missing_from_the_translation_is_shown_as_drawn(translated_course, learner):
    from django.utils import translation

    from assessments.display import shown_questions
    from tests.factories.pages import translate_tree

    final = FinalQuizPageFactory(
        parent=translated_course, questions=[single_choice(f"Q{i}") for i in range(2)]
    )
    translate_tree(final, "fr")
    french = final.get_translation(final.locale.__class__.objects.get(language_code="fr")).specific
    raw = list(french.questions.raw_data)
    raw[0]["value"]["question"] = "Question en français"
    french.questions = raw[:1]
    french.save_revision().publish()
    with translation.override("en"):
        attempt = services.attempt_start(user=learner, quiz=final)
    french.refresh_from_db()
    shown = shown_questions(attempt=attempt, quiz=french)
    assert list(shown) == attempt.question_ids  # nothing dropped
    assert shown[raw[0]["id"]].text == "Question en français"
    assert shown[attempt.snapshot[1]["id"]].text == "Q1"


def test_a_blank_attempt_then_retakes_never_reveal_the_keys_while_attempts_remain(
    course, learner, learner_client
):
    final = FinalQuizPageFactory(
        parent=course,
        max_attempts=3,
        questions=[tagged(single_choice(f"Q{i}"), objective="o1", lesson="1") for i in range(3)],
    )
    start = reverse("assessments:start", kwargs={"quiz_id": final.pk})
    secrets = [q.explanation for q in final.question_list] + ["quiz-review", "✓"]
    for number in (1, 2):
        learner_client.post(start)
        attempt = Attempt.objects.get(user=learner, number=number)
        learner_client.post(reverse("assessments:submit", kwargs={"attempt_id": attempt.pk}))
        html = learner_client.get(
            reverse("assessments:result", kwargs={"attempt_id": attempt.pk})
        ).content.decode()
        assert "Questions to work on" in html
        for secret in secrets:
            assert secret not in html
    # The last attempt used: now the answers may be shown.
    learner_client.post(start)
    last = Attempt.objects.get(user=learner, number=3)
    learner_client.post(reverse("assessments:submit", kwargs={"attempt_id": last.pk}))
    html = learner_client.get(
        reverse("assessments:result", kwargs={"attempt_id": last.pk})
    ).content.decode()
    assert all(q.explanation in html for q in final.question_list)


def test_missed_questions_point_to_the_lesson_that_teaches_them(course, learner, learner_client):
    from courses.models import LessonPage

    first_lesson = course.get_children().type(LessonPage).first()
    final = FinalQuizPageFactory(
        parent=course, questions=[tagged(single_choice("Q"), objective="o1", lesson="1")]
    )
    attempt = services.attempt_submit(attempt=services.attempt_start(user=learner, quiz=final))
    html = learner_client.get(
        reverse("assessments:result", kwargs={"attempt_id": attempt.pk})
    ).content.decode()
    assert f'href="{first_lesson.url}"' in html and first_lesson.title in html


def test_a_cool_down_follows_the_second_failed_attempt(course, learner):
    final = FinalQuizPageFactory(
        parent=course, max_attempts=5, cooldown_hours=24, cooldown_after_failures=2
    )
    for _ in range(2):
        services.attempt_submit(attempt=services.attempt_start(user=learner, quiz=final))
    with pytest.raises(services.AttemptCoolingDown) as refused:
        services.attempt_start(user=learner, quiz=final)
    assert refused.value.until > timezone.now() + timedelta(hours=23)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert services.attempt_start(user=learner, quiz=final).number == 3


def test_the_start_view_explains_the_cool_down(course, learner, learner_client):
    final = FinalQuizPageFactory(parent=course, cooldown_hours=12, cooldown_after_failures=1)
    services.attempt_submit(attempt=services.attempt_start(user=learner, quiz=final))
    response = learner_client.post(
        reverse("assessments:start", kwargs={"quiz_id": final.pk}), follow=True
    )
    assert "You can try again from" in response.content.decode()
    assert Attempt.objects.filter(user=learner).count() == 1


def test_choices_are_shuffled_by_default_on_a_new_final(course):
    from assessments.models import QuizPage

    assert QuizPage._meta.get_field("shuffle_choices").default is True
    assert QuizPage._meta.get_field("review_policy").default == "after_pass"


def test_a_long_final_shows_about_five_questions_a_page_and_keeps_cases_whole(
    course, learner, learner_client
):
    from assessments.display import attempt_pages

    questions = [single_choice(f"Q{i}") for i in range(4)]
    questions.append(case(single_choice("case first"), true_false("case second")))
    questions += [single_choice(f"R{i}") for i in range(6)]
    final = FinalQuizPageFactory(parent=course, questions=questions, questions_per_page="five")
    attempt = services.attempt_start(user=learner, quiz=final)
    pages = attempt_pages(attempt=attempt, quiz=final)
    assert [len(page) for page in pages] == [4, 5, 3]  # the case moved whole to page 2
    assert sum(pages, []) == attempt.question_ids
    html = learner_client.get(
        reverse("assessments:question_page", kwargs={"attempt_id": attempt.pk, "page_number": 2})
    ).content.decode()
    assert "Questions 5–9 of 12" in html
    assert 'class="button--secondary">Save answers' in html
