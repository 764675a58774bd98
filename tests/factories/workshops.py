"""Builders for workshop-pack tests: a course with teaching blocks and pre/post tests,
institutions and their users."""

import factory
from django.contrib.auth.models import Group

from assessments.models import QuizKind, QuizPage
from courses.models import CoursePage
from tests.factories.pages import CoursePageFactory, LessonPageFactory
from tests.factories.quizzes import QuizPageFactory, block_id, choice, question, tagged
from tests.factories.users import UserFactory
from training_site.accounts.models import Roles
from workshops.models import Institution, InstitutionMembership


def lesson_body(title: str) -> list[dict]:
    return [
        {"type": "heading", "value": {"text": f"{title}: why it matters", "level": "h2"}},
        {"type": "rich_text", "value": f"<p>{title} text: count, record and report.</p>"},
        {"type": "key_points", "value": {"title": "", "items": [f"{title} key point"]}},
        {
            "type": "scenario",
            "value": {
                "title": f"{title} scenario",
                "situation": "<p>Night sentries have been cut from four to two.</p>",
                "questions": [f"{title} discussion question?"],
            },
        },
        {
            "type": "glossary",
            "value": {
                "title": "Glossary",
                "terms": [{"term": f"{title} term", "definition": "A defined word."}],
            },
        },
    ]


def quiz_questions(prefix: str) -> list[dict]:
    """Three questions whose correct texts and explanations are easy to search for."""
    return [
        question(
            "single_choice",
            f"{prefix} question one?",
            explanation=f"{prefix} explanation one",
            points=1,
            tag="",
            choices=[
                choice(f"{prefix} rightanswer one", correct=True),
                choice(f"{prefix} wrong one"),
            ],
        ),
        question(
            "true_false",
            f"{prefix} statement two.",
            explanation=f"{prefix} explanation two",
            points=1,
            tag="",
            correct_answer="true",
            feedback_true="",
            feedback_false="",
        ),
        question(
            "matching",
            f"{prefix} match three.",
            explanation=f"{prefix} explanation three",
            points=1,
            tag="",
            pairs=[
                {"type": "item", "id": block_id(), "value": {"prompt": p, "answer": a}}
                for p, a in (("Rifle", "Weapon"), ("Grenade", "Ammunition"))
            ],
        ),
    ]


def pack_quiz(*, parent, title: str, kind: str) -> QuizPage:
    """A quiz whose texts start with its title, so tests can find them in the PDFs. A final
    also holds a classroom bank: "Classroom A ..." (objective o1) and "Classroom B ..." (o2)."""
    questions = quiz_questions(title)
    if kind == QuizKind.FINAL:
        for prefix, objective in (("Classroom A", "o1"), ("Classroom B", "o2")):
            questions += [
                tagged(q, use="classroom", objective=objective) for q in quiz_questions(prefix)
            ]
    policy = {"max_attempts": 3, "review_policy": "after_pass"} if kind == QuizKind.FINAL else {}
    return QuizPageFactory(parent=parent, title=title, kind=kind, questions=questions, **policy)


def build_pack_course(parent, *, lessons: int = 2, **kwargs) -> CoursePage:
    """A course with lessons that use scenarios, key points and glossaries, and two tests."""
    course = CoursePageFactory(parent=parent, **kwargs)
    for number in range(1, lessons + 1):
        title = f"{course.title} lesson {number}"
        LessonPageFactory(parent=course, title=title, body=lesson_body(title))
    pack_quiz(parent=course, title="Pretest", kind=QuizKind.PRE_TEST)
    pack_quiz(parent=course, title="Posttest", kind=QuizKind.FINAL)
    return course


class InstitutionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Training Centre {n}")
    country = "KE"

    class Meta:
        model = Institution


def institution_user(*, institution: Institution | None = None, **kwargs):
    """A user in the Institutions group, a member of `institution` (a new one by default)."""
    user = UserFactory(roles=[Roles.INSTITUTIONS], **kwargs)
    InstitutionMembership.objects.create(user=user, institution=institution or InstitutionFactory())
    return user


def trainer_user(**kwargs):
    user = UserFactory(roles=[Roles.TRAINERS], **kwargs)
    Group.objects.get_or_create(name=Roles.TRAINERS)
    return user
