import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

from assessments import services
from assessments.models import QuizPage
from tests.factories.pages import translate_tree
from tests.factories.quizzes import QuizPageFactory, single_choice, true_false
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def analysis_url(page_id: int) -> str:
    return reverse("assessments_admin:item_analysis", args=[page_id])


def csv_url(page_id: int) -> str:
    return reverse("assessments_admin:item_analysis_export", args=[page_id]) + "?format=csv"


def admin_user(*, can_edit_under=None, language: str = "", sees_all: bool = True):
    """A user with admin access who, given a page, may edit it and the pages below it; who
    reads every learner's attempts with `sees_all`, else only those of their cohorts."""
    group = Group.objects.create(name=f"Editors {Group.objects.count()}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if sees_all:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="courses", codename="view_cohort")
        )
    if can_edit_under is not None:
        GroupPagePermission.objects.create(
            group=group,
            page=can_edit_under,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename="change_page"
            ),
        )
    user = UserFactory(roles=[])
    user.groups.add(group)
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


def submit(quiz, answers: dict, *, user=None):
    """A submitted attempt with `answers` given as choice indexes by question id."""
    user = user or UserFactory()
    questions = quiz.questions_by_id
    attempt = services.attempt_start(user=user, quiz=quiz)
    services.attempt_save_answers(
        attempt=attempt,
        answers={qid: [questions[qid].choices[index].id] for qid, index in answers.items()},
    )
    return services.attempt_submit(attempt=attempt)


@pytest.fixture
def graded_quiz(course, monkeypatch):
    """Four attempts ranked 0, 33, 67 and 100 %: the record question separates the best two
    from the weakest two, the storage question does not."""
    quiz = QuizPageFactory(
        parent=course,
        questions=[
            single_choice("Which record is kept?", tag="MOSAIC 05.20", points=2),
            true_false("Ammunition may be stored with weapons.", answer="false"),
        ],
    )
    # Four respondents show the formulas; the real threshold has its own tests.
    monkeypatch.setattr("assessments.analysis.MIN_RESPONDENTS", 1)
    record, storage = (question.id for question in quiz.question_list)
    for record_choice, storage_choice in ((0, 1), (0, 0), (2, 1), (2, 0)):
        submit(quiz, {record: record_choice, storage: storage_choice})
    return quiz


def table_rows(html: str) -> list[list[str]]:
    from wagtail.test.utils import WagtailTestUtils

    soup = WagtailTestUtils.get_soup(html)
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("table tbody tr")
    ]


def test_the_item_analysis_screen_shows_each_question_and_the_tag_averages(
    client, graded_quiz, course
):
    client.force_login(admin_user(can_edit_under=course))
    response = client.get(analysis_url(graded_quiz.pk))
    assert response.status_code == 200
    first_choice_text = graded_quiz.question_list[0].choices[2].text
    assert table_rows(response.content.decode()) == [
        [
            "Which record is kept?",
            "MOSAIC 05.20",
            "4",
            "0.50",
            "1.00",
            f"{first_choice_text} (2)",
            "—",
        ],
        [
            "Ammunition may be stored with weapons.",
            "—",
            "4",
            "0.50",
            "0.00",
            "True (2)",
            "Weak discrimination (under 0.2)",
        ],
        ["MOSAIC 05.20", "1", "50 %"],
    ]
    assert response.context["header_title"] == f"Item analysis: {graded_quiz.title}"


def test_the_csv_export_has_a_row_per_question_with_plain_numbers(client, graded_quiz, course):
    client.force_login(admin_user(can_edit_under=course))
    response = client.get(csv_url(graded_quiz.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"{graded_quiz.slug}-item-analysis.csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    record = graded_quiz.question_list[0]
    assert lines[0][:4] == ["id", "Question", "Tag", "Answers"]
    assert lines[1] == [
        record.id,
        "Which record is kept?",
        "MOSAIC 05.20",
        "4",
        "0.500",
        "1.000",
        record.choices[2].text,
        "2",
        "",
    ]
    assert len(lines) == 3


def test_the_csv_export_defuses_texts_a_spreadsheet_would_run_as_formulas(client, course):
    quiz = QuizPageFactory(parent=course, questions=[single_choice("=HYPERLINK(1)", tag="@T")])
    client.force_login(admin_user(can_edit_under=course))
    body = b"".join(client.get(csv_url(quiz.pk)).streaming_content)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[1][1:3] == ["'=HYPERLINK(1)", "'@T"]


def test_question_texts_are_in_the_admin_language_when_the_quiz_is_translated(
    client, translated_course
):
    quiz = QuizPageFactory(
        parent=translated_course, questions=[single_choice("Which record is kept?")]
    )
    french = translate_tree(quiz, "fr")
    stream = french.questions.raw_data
    stream[0]["value"]["question"] = "Quel registre est tenu ?"
    french.questions = list(stream)
    french.save()
    submit(quiz, {quiz.question_list[0].id: 1})

    client.force_login(admin_user(can_edit_under=translated_course, language="fr"))
    response = client.get(analysis_url(quiz.pk))
    assert table_rows(response.content.decode())[0][:3] == ["Quel registre est tenu ?", "—", "1"]

    # No Arabic translation of the quiz: English, even when reached from the French page.
    client.force_login(admin_user(can_edit_under=french, language="ar"))
    response = client.get(analysis_url(french.pk))
    assert table_rows(response.content.decode())[0][0] == "Which record is kept?"


def test_the_screen_says_so_when_nobody_has_submitted_an_attempt(client, course):
    quiz = QuizPageFactory(parent=course)
    client.force_login(admin_user(can_edit_under=course))
    response = client.get(analysis_url(quiz.pk))
    assert "No submitted attempts yet." in response.content.decode()
    assert all(row[3] == "—" for row in table_rows(response.content.decode()))


@pytest.mark.parametrize("view", [analysis_url, csv_url])
def test_admin_users_who_cannot_edit_the_quiz_get_a_403(client, graded_quiz, catalogue, view):
    elsewhere = catalogue.add_child(instance=type(catalogue)(title="Other", slug="other"))
    client.force_login(admin_user(can_edit_under=elsewhere))
    response = client.get(view(graded_quiz.pk))
    assert response.status_code == 403
    assert "Which record is kept?" not in response.content.decode()


@pytest.mark.parametrize("view", [analysis_url, csv_url])
def test_users_without_admin_access_are_sent_to_log_in(client, graded_quiz, learner, view):
    client.force_login(learner)
    response = client.get(view(graded_quiz.pk))
    assert response.status_code == 302
    assert "Which record is kept?" not in response.content.decode()


@pytest.mark.parametrize("view", [analysis_url, csv_url])
def test_an_unknown_quiz_or_a_page_that_is_no_quiz_is_a_404(client, course, view):
    client.force_login(admin_user(can_edit_under=course))
    # LocaleMiddleware first tries the path under /en/ (the site's catch-all), hence follow.
    assert client.get(view(987654), follow=True).status_code == 404
    assert client.get(view(course.pk), follow=True).status_code == 404


def test_the_number_of_queries_does_not_grow_with_the_number_of_attempts(
    client, course, django_assert_max_num_queries
):
    quiz = QuizPageFactory(parent=course)
    first = quiz.question_list[0].id
    client.force_login(admin_user(can_edit_under=course))
    for _ in range(5):
        submit(quiz, {first: 1})
    client.get(analysis_url(quiz.pk))  # warm per-process caches
    with CaptureQueriesContext(connection) as five:
        client.get(analysis_url(quiz.pk))
    for _ in range(45):
        submit(quiz, {first: 1})
    with django_assert_max_num_queries(len(five)):
        response = client.get(analysis_url(quiz.pk))
    assert table_rows(response.content.decode())[0][2] == "50"


def test_quiz_pages_link_to_their_item_analysis_in_the_explorer_and_the_editor(
    client, graded_quiz, course
):
    client.force_login(admin_user(can_edit_under=course))
    url = analysis_url(graded_quiz.pk)
    explorer = client.get(reverse("wagtailadmin_explore", args=[course.pk])).content.decode()
    assert url in explorer
    lessons = course.get_children().not_type(QuizPage)
    assert lessons and all(analysis_url(lesson.pk) not in explorer for lesson in lessons)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[graded_quiz.pk]))
    assert url in editor.content.decode()


def test_the_attempts_listing_names_the_quiz_and_links_to_its_item_analysis(client, graded_quiz):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(reverse("attempts:index")).content.decode()
    assert graded_quiz.title in listing
    assert analysis_url(graded_quiz.pk) in listing


def test_below_ten_respondents_the_screen_withholds_indices_and_says_why(client, course):
    quiz = QuizPageFactory(parent=course, questions=[single_choice("Which record is kept?")])
    (question,) = quiz.question_list
    for index in range(9):
        submit(quiz, {question.id: index % 2})
    client.force_login(admin_user(can_edit_under=course))
    html = client.get(analysis_url(quiz.pk)).content.decode()
    (row,) = table_rows(html)
    assert row[2:5] == ["9", "—", "—"] and row[-1] == "Too few answers"
    assert "appear once an item has 10 answers" in html
    submit(quiz, {question.id: 0})
    (row,) = table_rows(client.get(analysis_url(quiz.pk)).content.decode())
    assert row[2:4] == ["10", "0.60"] and row[-1] != "Too few answers"


def test_each_learners_first_attempt_counts_unless_all_attempts_are_asked_for(client, course):
    quiz = QuizPageFactory(parent=course, questions=[single_choice("Which record is kept?")])
    (question,) = quiz.question_list
    learners = [UserFactory() for _ in range(10)]
    for learner in learners:  # first attempts: all wrong; retakes: all right
        submit(quiz, {question.id: 1}, user=learner)
        submit(quiz, {question.id: 0}, user=learner)
    client.force_login(admin_user(can_edit_under=course))
    (first,) = table_rows(client.get(analysis_url(quiz.pk)).content.decode())
    (every,) = table_rows(client.get(analysis_url(quiz.pk) + "?attempts=all").content.decode())
    assert first[2:4] == ["10", "0.00"] and "Very hard" in first[-1]
    assert every[2:4] == ["20", "0.50"]
