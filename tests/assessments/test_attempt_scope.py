"""Whose attempts a trainer reads in the admin (the attempts list, its inspect view and the
item analysis): the learners of the cohorts they run, at their cohort's course. Those who see
all cohorts (administrators, superusers) read every attempt."""

import csv
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import AttemptStatus
from tests.assessments.test_item_analysis_admin import analysis_url, csv_url, submit, table_rows
from tests.factories.courses import CohortFactory, CohortMembershipFactory, attempt_graded_create
from tests.factories.pages import build_course
from tests.factories.quizzes import QuizPageFactory, single_choice
from tests.factories.users import UserFactory
from tests.factories.workshops import trainer_user
from training_site.accounts.models import Roles
from training_site.accounts.roles import roles_sync

pytestmark = pytest.mark.django_db

LIST = reverse("attempts:index")


def inspect_url(attempt) -> str:
    return reverse("attempts:inspect", args=[attempt.pk])


@dataclass
class World:
    quiz: object
    trainer_a: object
    trainer_b: object
    cohort_a: object
    cohort_b: object
    learner_a: object
    learner_b: object
    loner: object  # in no cohort
    administrator: object


@pytest.fixture
def world(course) -> World:
    quiz = QuizPageFactory(parent=course, questions=[single_choice("Which record is kept?")])
    roles_sync()  # trainers may edit the quiz, as on a real site
    trainer_a, trainer_b = trainer_user(), trainer_user()
    key = course.translation_key
    cohort_a = CohortFactory(trainer=trainer_a, course_key=key, name="Entebbe A")
    cohort_b = CohortFactory(trainer=trainer_b, course_key=key, name="Brindisi B")
    learner_a = UserFactory(full_name="Learner Alpha")
    learner_b = UserFactory(full_name="Learner Bravo")
    CohortMembershipFactory(cohort=cohort_a, user=learner_a)
    CohortMembershipFactory(cohort=cohort_b, user=learner_b)
    return World(
        quiz=quiz,
        trainer_a=trainer_a,
        trainer_b=trainer_b,
        cohort_a=cohort_a,
        cohort_b=cohort_b,
        learner_a=learner_a,
        learner_b=learner_b,
        loner=UserFactory(full_name="Learner Loner"),
        administrator=UserFactory(roles=[Roles.ADMINISTRATORS]),
    )


def listed(client, user, query: str = "") -> str:
    client.force_login(user)
    response = client.get(LIST + query)
    assert response.status_code == 200
    return response.content.decode()


# -- the attempts list and its inspect view ----------------------------------------------------


def test_a_trainer_lists_the_attempts_of_their_own_cohorts_learners_only(client, world):
    for learner in (world.learner_a, world.learner_b, world.loner):
        attempt_graded_create(user=learner, quiz=world.quiz)

    html = listed(client, world.trainer_a)

    assert "Learner Alpha" in html
    assert "Learner Bravo" not in html
    assert "Learner Loner" not in html


@pytest.mark.parametrize(
    ("reader", "owner", "status"),
    [
        ("trainer_a", "learner_a", 200),
        ("trainer_a", "learner_b", 404),
        ("trainer_b", "learner_a", 404),
        ("trainer_a", "loner", 404),
        ("administrator", "learner_b", 200),
        ("administrator", "loner", 200),
    ],
)
def test_the_inspect_view_of_an_attempt_out_of_the_readers_scope_is_a_404(
    client, world, reader, owner, status
):
    attempt = attempt_graded_create(user=getattr(world, owner), quiz=world.quiz)
    client.force_login(getattr(world, reader))

    # LocaleMiddleware first tries an unknown path under /en/, hence follow.
    response = client.get(inspect_url(attempt), follow=True)

    assert response.status_code == status
    assert (world.quiz.title in response.content.decode()) is (status == 200)


@pytest.mark.parametrize("reader", ["trainer_a", "trainer_b"])
def test_a_learner_in_no_cohort_is_seen_by_no_trainer(client, world, reader):
    attempt_graded_create(user=world.loner, quiz=world.quiz)

    assert "Learner Loner" not in listed(client, getattr(world, reader))


@pytest.mark.parametrize("role", ["administrator", "superuser"])
def test_a_learner_in_no_cohort_is_seen_by_those_who_see_all_cohorts(client, world, role):
    attempt_graded_create(user=world.loner, quiz=world.quiz)
    reader = (
        UserFactory(is_superuser=True, is_staff=True)
        if role == "superuser"
        else world.administrator
    )

    html = listed(client, reader)

    assert "Learner Loner" in html
    assert "Learner Alpha" not in html  # no attempt yet: the list is of attempts, not people


def test_a_cohort_covers_the_attempts_at_its_own_course_only(client, world, catalogue):
    other_course = build_course(catalogue, lessons=1)
    other_quiz = QuizPageFactory(parent=other_course, title="Quiz of another course")
    attempt_graded_create(user=world.learner_a, quiz=other_quiz)

    def quiz_titles(reader) -> list[str]:
        return [row[1] for row in table_rows(listed(client, reader))]

    assert quiz_titles(world.trainer_a) == []
    assert quiz_titles(world.administrator) == ["Quiz of another course"]


def test_trainers_find_quiz_attempts_in_the_admin_menu_and_plain_editors_do_not(client, world):
    client.force_login(world.trainer_a)
    assert "Quiz attempts" in client.get(reverse("wagtailadmin_home")).content.decode()

    editor = UserFactory(roles=[])
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert "Quiz attempts" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(LIST).status_code == 302


def test_without_a_learner_scope_setting_only_superusers_read_attempts(client, world, settings):
    settings.ASSESSMENTS_LEARNER_SCOPE = ""
    attempt_graded_create(user=world.learner_a, quiz=world.quiz)

    assert "Learner Alpha" not in listed(client, world.trainer_a)
    assert "Learner Alpha" not in listed(client, world.administrator)
    assert "Learner Alpha" in listed(client, UserFactory(is_superuser=True, is_staff=True))


# -- filters, pages and queries ------------------------------------------------------------------


def test_the_cohort_filter_offers_and_applies_the_readers_cohorts_only(client, world):
    for learner in (world.learner_a, world.learner_b):
        attempt_graded_create(user=learner, quiz=world.quiz)

    by_a = listed(client, world.administrator, f"?cohort={world.cohort_a.pk}")
    assert "Learner Alpha" in by_a
    assert "Learner Bravo" not in by_a

    response = client.get(LIST)  # still the administrator
    choices = dict(response.context["filters"].form.fields["cohort"].choices)
    assert {world.cohort_a.pk, world.cohort_b.pk} <= set(choices)

    client.force_login(world.trainer_a)
    response = client.get(LIST)
    choices = dict(response.context["filters"].form.fields["cohort"].choices)
    assert world.cohort_a.pk in choices
    assert world.cohort_b.pk not in choices
    # Asking for another trainer's cohort shows nothing of it.
    assert "Learner Bravo" not in listed(client, world.trainer_a, f"?cohort={world.cohort_b.pk}")


def test_the_quiz_filter_offers_only_the_quizzes_of_attempts_the_reader_sees(
    client, world, catalogue
):
    other_quiz = QuizPageFactory(parent=build_course(catalogue, lessons=1), title="Elsewhere")
    attempt_graded_create(user=world.learner_a, quiz=world.quiz)
    attempt_graded_create(user=world.loner, quiz=other_quiz)

    def quiz_choices(reader) -> set[str]:
        client.force_login(reader)
        response = client.get(LIST)
        return {
            str(title) for _key, title in response.context["filters"].form.fields["quiz"].choices
        }

    assert world.quiz.title in quiz_choices(world.trainer_a)
    assert "Elsewhere" not in quiz_choices(world.trainer_a)
    assert "Elsewhere" in quiz_choices(world.administrator)


def test_the_quiz_status_and_date_filters_narrow_the_list(client, world, course):
    other_quiz = QuizPageFactory(parent=course, title="Stockpile check")
    attempt_graded_create(user=world.learner_a, quiz=world.quiz)
    in_progress = attempt_graded_create(user=world.learner_a, quiz=other_quiz)
    in_progress.status = AttemptStatus.IN_PROGRESS
    in_progress.submitted_at = None
    in_progress.save(update_fields=["status", "submitted_at"])

    def quiz_titles(query: str) -> set[str]:
        listed(client, world.trainer_a)
        rows = table_rows(client.get(LIST + query).content.decode())
        return {row[1] for row in rows}

    assert quiz_titles("") == {world.quiz.title, "Stockpile check"}
    assert quiz_titles(f"?quiz={other_quiz.translation_key}") == {"Stockpile check"}
    assert quiz_titles("?status=submitted") == {world.quiz.title}
    assert quiz_titles("?status=in_progress") == {"Stockpile check"}
    assert quiz_titles("?submitted_at_from=2000-01-01") == {world.quiz.title}
    assert quiz_titles("?submitted_at_to=2000-01-01") == set()


def test_the_list_shows_fifty_attempts_a_page(client, world):
    learners = UserFactory.create_batch(51)
    for learner in learners:
        CohortMembershipFactory(cohort=world.cohort_a, user=learner)
        attempt_graded_create(user=learner, quiz=world.quiz)

    listed(client, world.trainer_a)
    assert len(table_rows(client.get(LIST).content.decode())) == 50
    assert len(table_rows(client.get(LIST + "?p=2").content.decode())) == 1


def test_the_number_of_queries_does_not_grow_with_the_number_of_attempts(
    client, world, django_assert_max_num_queries
):
    def add_learners(count: int) -> None:
        for learner in UserFactory.create_batch(count):
            CohortMembershipFactory(cohort=world.cohort_a, user=learner)
            attempt_graded_create(user=learner, quiz=world.quiz)
            attempt_graded_create(user=learner, quiz=world.quiz)

    add_learners(2)
    client.force_login(world.trainer_a)
    client.get(LIST)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    add_learners(20)

    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST)

    assert len(table_rows(response.content.decode())) == 44


# -- item analysis ---------------------------------------------------------------------------


def cohort_answers(world: World, cohort, count: int, choice: int) -> None:
    """`count` new learners join `cohort` and answer the quiz's question with `choice`."""
    (question,) = world.quiz.question_list
    for learner in UserFactory.create_batch(count):
        CohortMembershipFactory(cohort=cohort, user=learner)
        submit(world.quiz, {question.id: choice}, user=learner)


@pytest.fixture
def few_respondents(monkeypatch):
    """Facility shows from one answer: these tests are about whose answers count."""
    monkeypatch.setattr("assessments.analysis.MIN_RESPONDENTS", 1)


def test_a_trainer_reads_the_item_analysis_of_their_cohorts_learners_only(
    client, world, few_respondents
):
    cohort_answers(world, world.cohort_a, 5, choice=0)  # right
    cohort_answers(world, world.cohort_b, 5, choice=1)  # wrong
    (question,) = world.quiz.question_list
    submit(world.quiz, {question.id: 1}, user=world.loner)

    client.force_login(world.trainer_a)
    response = client.get(analysis_url(world.quiz.pk))
    (row,) = table_rows(response.content.decode())
    assert row[2:4] == ["5", "1.00"]
    assert "Counting the learners of the cohorts you run." in response.content.decode()

    client.force_login(world.administrator)
    (row,) = table_rows(client.get(analysis_url(world.quiz.pk)).content.decode())
    assert row[2:4] == ["11", "0.45"]


def test_below_five_learners_a_trainers_item_analysis_withholds_its_figures(
    client, world, few_respondents
):
    cohort_answers(world, world.cohort_a, 4, choice=0)
    client.force_login(world.trainer_a)

    html = client.get(analysis_url(world.quiz.pk)).content.decode()
    assert "the figures are withheld" in html
    assert table_rows(html) == []
    body = b"".join(client.get(csv_url(world.quiz.pk)).streaming_content)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(lines) == 1  # the header only

    # Administrators read the whole population (every attempt is theirs to read anyway).
    client.force_login(world.administrator)
    (row,) = table_rows(client.get(analysis_url(world.quiz.pk)).content.decode())
    assert row[2] == "4"

    cohort_answers(world, world.cohort_a, 1, choice=0)
    client.force_login(world.trainer_a)
    html = client.get(analysis_url(world.quiz.pk)).content.decode()
    assert "the figures are withheld" not in html
    (row,) = table_rows(html)
    assert row[2:4] == ["5", "1.00"]


def test_a_trainer_whose_learners_have_not_answered_sees_no_figures(client, world):
    cohort_answers(world, world.cohort_b, 5, choice=0)
    client.force_login(world.trainer_a)

    html = client.get(analysis_url(world.quiz.pk)).content.decode()

    assert "No submitted attempts yet." in html
    assert all(row[2] == "0" for row in table_rows(html))
