"""QuizPage in the Wagtail admin: where it may be created, and what its form accepts."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from assessments.models import QuizPage
from courses.models import LessonPage
from tests.factories.users import UserFactory


def _choices(*correct: bool) -> dict:
    """ListBlock form data (form_data has no helper for lists): one item per flag."""
    data = {
        str(i): {
            "value": {"text": f"Choice {i}", "correct": "on" if flag else "", "feedback": ""},
            "deleted": "",
            "order": str(i),
            "id": "",
        }
        for i, flag in enumerate(correct)
    }
    data["count"] = str(len(correct))
    return data


def quiz_form(
    *,
    title: str,
    correct: tuple[bool, ...],
    pass_mark: int,
    max_attempts: int = 3,
    review_policy: str = "after_each",
    draw: int | None = None,
) -> dict:
    """POST data of the admin's add form: one single-choice question, published."""
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "introduction": "Check what you learned.",
            "questions": streamfield(
                [
                    (
                        "single_choice",
                        {
                            "question": "Which record is kept for every weapon?",
                            "explanation": "The register, per MOSAIC 05.20.",
                            "points": "1",
                            "tag": "MOSAIC 05.20",
                            "objective": "o1",
                            "use": "online",
                            "lesson": "",
                            "choices": _choices(*correct),
                        },
                    )
                ]
            ),
            "kind": "final",
            "pass_mark": str(pass_mark),
            "max_attempts": str(max_attempts),
            "cooldown_hours": "0",
            "cooldown_after_failures": "2",
            "time_limit_minutes": "",
            "questions_per_attempt": "0",
            "draw_rules": streamfield(
                [("rule", {"objective": "o1", "count": str(draw)})] if draw else []
            ),
            "shuffle_choices": "on",
            "review_policy": review_policy,
            "questions_per_page": "all",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["assessments", "quizpage", parent.pk])


@pytest.mark.django_db
def test_an_editor_can_create_a_quiz_with_a_single_choice_question_in_a_course(
    admin_client, course
):
    response = admin_client.post(
        add_url(course), quiz_form(title="Registers", correct=(True, False, False), pass_mark=75)
    )
    assert response.status_code == 302, response.context["form"].errors
    quiz = QuizPage.objects.get(title="Registers")
    assert quiz.get_parent().specific == course and quiz.live
    (question,) = quiz.question_list
    assert question.type == "single_choice" and question.tag == "MOSAIC 05.20"
    assert [choice.correct for choice in question.choices] == [True, False, False]
    assert quiz.kind == "final" and quiz.pass_mark == 75


@pytest.mark.django_db
def test_the_admin_form_refuses_two_correct_choices_and_a_pass_mark_of_101(admin_client, course):
    response = admin_client.post(
        add_url(course), quiz_form(title="Registers", correct=(True, True, False), pass_mark=101)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"questions", "pass_mark"}
    block_errors = errors.as_data()["questions"][0].block_errors[0].block_errors
    assert "exactly one correct choice" in str(block_errors["choices"])
    assert not QuizPage.objects.filter(title="Registers").exists()


@pytest.mark.django_db
def test_a_quiz_cannot_be_added_under_a_lesson_from_the_admin(admin_client, course):
    lesson = course.get_children().type(LessonPage).first()
    response = admin_client.get(add_url(lesson))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not QuizPage.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_final_with_unlimited_attempts_and_answers_after_each(
    admin_client, course
):
    form = quiz_form(title="Gameable", correct=(True, False), pass_mark=75, max_attempts=0)
    response = admin_client.post(add_url(course), form)
    assert response.status_code == 200
    assert "unlimited attempts" in str(response.context["form"].errors["review_policy"])
    assert not QuizPage.objects.filter(title="Gameable").exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_draw_larger_than_the_objectives_bank(admin_client, course):
    response = admin_client.post(
        add_url(course), quiz_form(title="Big draw", correct=(True, False), pass_mark=75, draw=2)
    )
    assert response.status_code == 200
    assert "the online bank has 1" in str(response.context["form"].errors["draw_rules"])
    ok = admin_client.post(
        add_url(course), quiz_form(title="Small draw", correct=(True, False), pass_mark=75, draw=1)
    )
    assert ok.status_code == 302
    assert QuizPage.objects.get(title="Small draw").draw_size == 1


@pytest.mark.django_db
def test_the_database_refuses_a_gameable_final_whatever_the_form_says(course):
    from django.db import IntegrityError, transaction

    from tests.factories.quizzes import FinalQuizPageFactory

    final = FinalQuizPageFactory(parent=course, max_attempts=3, review_policy="after_each")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizPage.objects.filter(pk=final.pk).update(max_attempts=0)
    assert QuizPage.objects.filter(pk=final.pk).update(max_attempts=0, review_policy="after_pass")


@pytest.mark.django_db
def test_the_editor_shows_the_online_bank_per_objective(admin_client, course):
    from tests.factories.quizzes import FinalQuizPageFactory, single_choice, tagged

    final = FinalQuizPageFactory(
        parent=course,
        questions=[
            tagged(single_choice(f"Q{i}"), objective="o1" if i < 3 else "o2") for i in range(5)
        ]
        + [tagged(single_choice("Printed"), objective="o1", use="classroom")],
    )
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[final.pk])).content.decode()
    assert "The online bank holds 5 questions; each attempt draws 5." in html
    assert "Classroom questions (never online): 1." in html
    assert "<td>O1</td><td>3</td>" in html and "<td>O2</td><td>2</td>" in html
