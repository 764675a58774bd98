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


def quiz_form(*, title: str, correct: tuple[bool, ...], pass_mark: int) -> dict:
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
                            "choices": _choices(*correct),
                        },
                    )
                ]
            ),
            "kind": "final",
            "pass_mark": str(pass_mark),
            "max_attempts": "0",
            "time_limit_minutes": "",
            "questions_per_attempt": "0",
            "review_policy": "after_each",
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
