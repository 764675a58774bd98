import uuid
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.reports import (
    COMPLEMENT,
    FEWER_THAN,
    SHOWN,
    SMALL,
    WITHHELD,
    course_learner_results_for,
    course_results_for,
)
from tests.courses.reports_data import (
    Spec,
    enrol,
    grant_learner_export,
    row,
    rows_of,
    tables_of,
)
from tests.factories.courses import (
    CohortFactory,
    CohortMembershipFactory,
)
from tests.factories.users import UserFactory
from training_site.accounts.models import Roles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles_reach_the_admin")]


def one_place(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def expected(specs: list[Spec], *, group: bool = False) -> list:
    """The five figures worked out from the specs by hand, rates and averages to the nearest
    5; an average of one to four learners reads "fewer than 5" (in a group and in the total)."""
    counted = [spec for spec in specs if spec.counted]
    bests = [max(spec.finals) for spec in counted if spec.finals]
    gains = [spec.gain for spec in counted if spec.gain is not None]
    completed = sum(1 for spec in counted if spec.completed)

    def average(values):
        if not values:
            return None
        if len(values) < 5:
            return "fewer than 5"
        return nearest_five(Decimal(sum(values)) / len(values))

    return [
        len(counted),
        completed,
        nearest_five(Decimal(100 * completed) / len(counted)) if counted else None,
        average(bests),
        average(gains),
    ]


def nearest_five(value: Decimal) -> Decimal:
    return (value / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 5


def test_the_figures_add_up_from_each_learners_records(course, built):
    results = course_results_for(course_key=course.translation_key)
    assert results.total_cells == expected(built)
    for breakdown, attribute, key in [
        ("gender", "gender", "woman"),
        ("gender", "gender", "man"),
        ("country", "country", "KE"),
        ("country", "country", "GH"),
        ("service", "service", "military"),
        ("service", "service", "police"),
    ]:
        group = [spec for spec in built if getattr(spec, attribute) == key]
        cells = [
            str(cell) if cell == FEWER_THAN else cell for cell in row(results, breakdown, key).cells
        ]
        assert cells == expected(group, group=True), key


def test_every_gender_has_a_row_and_a_blank_one_reads_not_given(course, built):
    results = course_results_for(course_key=course.translation_key)
    gender = next(b for b in results.breakdowns if b.key == "gender")
    assert [r.key for r in gender.rows] == ["woman", "man", "another", "undisclosed", ""]
    assert str(gender.rows[-1].label) == "Not given"


def test_a_group_of_fewer_than_five_shows_no_figures(course, built):
    results = course_results_for(course_key=course.translation_key)
    nepal = row(results, "country", "NP")
    assert nepal.figures.enrolled == sum(1 for s in built if s.country == "NP" and s.counted)
    assert nepal.withheld == SMALL
    assert nepal.cells == [FEWER_THAN] * 5
    assert str(FEWER_THAN) == "fewer than 5"
    # Nepal and Bangladesh together hold five learners: no other country needs withholding.
    assert row(results, "country", "KE").withheld == SHOWN


def test_the_smallest_other_group_is_withheld_when_the_total_would_reveal_a_small_one(
    course, final, pre_test
):
    for spec in [Spec("woman", finals=(50,))] * 2 + [Spec("man", finals=(90,))] * 6:
        enrol(spec, course=course, final=final, pre_test=pre_test)
    results = course_results_for(course_key=course.translation_key)
    assert row(results, "gender", "woman").withheld == SMALL
    men = row(results, "gender", "man")
    assert men.withheld == COMPLEMENT
    assert men.cells == [WITHHELD] * 5
    # The whole group is the reader's own and is shown.
    assert results.total_cells[0] == 8


def test_no_group_is_withheld_for_the_total_when_the_withheld_ones_hold_five(
    course, final, pre_test
):
    specs = [Spec("another")] * 3 + [Spec("undisclosed")] * 2 + [Spec("man")] * 6
    for spec in specs:
        enrol(spec, course=course, final=final, pre_test=pre_test)
    results = course_results_for(course_key=course.translation_key)
    assert row(results, "gender", "man").withheld == SHOWN
    assert row(results, "gender", "man").cells[0] == 6


def test_an_average_of_fewer_than_five_learners_is_withheld_in_a_shown_group(
    course, final, pre_test
):
    specs = [Spec("man", finals=(90,))] * 3 + [Spec("man")] * 3 + [Spec("woman")] * 6
    for spec in specs:
        enrol(spec, course=course, final=final, pre_test=pre_test)
    results = course_results_for(course_key=course.translation_key)
    men = row(results, "gender", "man")
    assert men.cells[:3] == [6, 0, Decimal("0.0")]
    assert men.cells[3] == FEWER_THAN
    assert men.cells[4] is None
    # Three final scores in the whole scope: the total withholds their average too.
    assert results.total_cells[3] == FEWER_THAN


def test_countries_beyond_the_top_ten_are_added_up(course, final, pre_test):
    codes = ["KE", "GH", "NP", "BD", "IN", "PK", "RW", "SN", "EG", "ID", "FR", "BR"]
    for index, code in enumerate(codes):
        for _ in range(len(codes) - index):  # fewer learners the later the country
            enrol(Spec(country=code), course=course, final=final, pre_test=pre_test)
    enrol(Spec(country=""), course=course, final=final, pre_test=pre_test)
    results = course_results_for(course_key=course.translation_key)
    country = next(b for b in results.breakdowns if b.key == "country")
    assert [r.key for r in country.rows] == [*codes[:10], "other", ""]
    assert row(results, "country", "KE").label == "Kenya"
    assert row(results, "country", "other").figures.enrolled == 2 + 1


def test_a_cohort_counts_only_its_members(course, final, pre_test, trainer):
    cohort = CohortFactory(trainer=trainer, course_key=course.translation_key)
    members = [
        enrol(Spec("woman", completed=True), course=course, final=final, pre_test=pre_test)
        for _ in range(5)
    ]
    for spec in members:
        CohortMembershipFactory(cohort=cohort, user=spec.user)
    enrol(Spec("man"), course=course, final=final, pre_test=pre_test)
    results = course_results_for(course_key=course.translation_key, cohort=cohort)
    assert results.total_cells == expected(members)
    learners = course_learner_results_for(course_key=course.translation_key, cohort=cohort)
    assert {learner.email for learner in learners} == {spec.user.email for spec in members}


def queries_for(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def results_page_calls(client, course):
    query = {"course": str(course.translation_key)}
    return [
        lambda: course_results_for(course_key=course.translation_key),
        lambda: list(course_learner_results_for(course_key=course.translation_key)),
        lambda: client.get(reverse("course_results:index"), query),
        lambda: client.get(reverse("course_results:summary"), query),
        lambda: client.get(reverse("course_results:learners"), query),
    ]


def test_the_report_takes_as_many_queries_for_fifty_learners_as_for_five(
    client, course, final, pre_test, administrator
):
    client.force_login(administrator)
    genders = ["woman", "man", "another", "undisclosed", ""]

    def add(count: int):
        for index in range(count):
            enrol(
                Spec(genders[index % 5], ["KE", "GH", "NP"][index % 3], finals=(50, 70), gain=9),
                course=course,
                final=final,
                pre_test=pre_test,
            )

    calls = results_page_calls(client, course)
    add(5)
    for call in calls:  # warm the per-process caches (content types, locales, site)
        call()
    small = [queries_for(call) for call in calls]
    add(45)
    large = [queries_for(call) for call in calls]
    assert large == small
    assert small[:2] == [1, 1]


def test_the_results_page_takes_no_more_queries_for_thirty_learners_than_for_two(
    client, course, final, pre_test, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    query = {"course": str(course.translation_key)}

    def add(count: int):
        for index in range(count):
            spec = Spec(["woman", "man"][index % 2], finals=(60 + index,), completed=True, gain=5)
            enrol(spec, course=course, final=final, pre_test=pre_test)

    add(2)
    client.get(reverse("course_results:index"), query)  # warm the per-process caches
    with CaptureQueriesContext(connection) as two:
        client.get(reverse("course_results:index"), query)
    add(28)

    with django_assert_max_num_queries(len(two)):
        page = client.get(reverse("course_results:index"), query)

    assert page.status_code == 200
    assert 'id="chart-completion_by_gender"' in page.content.decode()


def reader(client, user):
    client.force_login(user)
    return client


def test_the_summary_csv_holds_the_figures_of_the_page(client, course, built, administrator):
    reader(client, administrator)
    query = {"course": str(course.translation_key)}
    page = client.get(reverse("course_results:index"), query)
    assert page.status_code == 200
    rows = tables_of(client.get(reverse("course_results:summary"), query))["Figures"]
    assert rows[0][:3] == ["Breakdown", "Group", "Learners enrolled"]
    total = expected(built)
    assert rows[1] == ["All", "All learners", *[str(value) for value in total]]
    by_group = {(line[0], line[1]): line[2:] for line in rows[1:]}
    women = expected([spec for spec in built if spec.gender == "woman"])
    assert by_group[("Gender", "Woman")] == [str(value) for value in women]
    assert by_group[("Country", "Nepal")] == ["fewer than 5"] * 5
    assert by_group[("Gender", "Another gender")] == ["fewer than 5"] * 5
    body = page.content.decode()
    assert f"<td>{total[0]}</td>" in body
    assert "fewer than 5" in body


def test_the_learners_csv_has_a_line_per_counted_learner(client, course, built, administrator):
    built[0].user.full_name = "=HYPERLINK(1)"
    built[0].user.save()
    reader(client, administrator)
    rows = rows_of(
        client.get(reverse("course_results:learners"), {"course": str(course.translation_key)})
    )
    assert rows[0] == [
        "Name",
        "E-mail",
        "Country",
        "Service",
        "Gender",
        "Enrolled",
        "Completed",
        "Best final assessment (%)",
        "Knowledge gain (percentage points)",
    ]
    counted = [spec for spec in built if spec.counted]
    by_email = {line[1]: line for line in rows[1:]}
    assert set(by_email) == {spec.user.email for spec in counted}
    first = by_email[built[0].user.email]
    assert first[0] == "'=HYPERLINK(1)"  # not run as a formula by a spreadsheet
    assert first[2:5] == ["Kenya", "Military", "Woman"]
    assert first[6] == timezone.localdate().isoformat()
    assert first[7:] == [str(one_place(max(built[0].finals))), str(one_place(built[0].gain))]
    no_final = by_email[built[4].user.email]
    assert no_final[6:] == ["", "", ""]


@pytest.fixture
def two_cohorts(course, final, pre_test, trainer):
    mine = CohortFactory(trainer=trainer, course_key=course.translation_key, name="Mine")
    theirs = CohortFactory(course_key=course.translation_key, name="Theirs cohort")
    for cohort, name in ((mine, "Mina Member"), (theirs, "Theo Theirs")):
        enrol(Spec(name=name), course=course, final=final, pre_test=pre_test, cohort=cohort)
    enrol(Spec(name="Sol Self"), course=course, final=final, pre_test=pre_test)
    return mine, theirs


def names_in(response) -> set[str]:
    return {line[0] for line in rows_of(response)[1:]}


def test_a_trainer_reads_only_the_learners_of_the_cohorts_they_run(
    client, course, two_cohorts, trainer
):
    mine, _theirs = two_cohorts
    grant_learner_export(trainer)
    reader(client, trainer)
    url = reverse("course_results:learners")
    key = str(course.translation_key)
    assert names_in(client.get(url, {"course": key})) == {"Mina Member"}
    assert names_in(client.get(url, {"course": key, "cohort": mine.pk})) == {"Mina Member"}
    summary = tables_of(client.get(reverse("course_results:summary"), {"course": key}))["Figures"]
    assert summary[1][2] == "fewer than 5"  # one learner: not even the total is shown
    page = client.get(reverse("course_results:index")).content.decode()
    assert "Mine" in page
    assert "Theirs cohort" not in page


@pytest.mark.parametrize("name", ["index", "summary", "learners"])
def test_a_trainer_asking_for_another_trainers_cohort_gets_404(
    client, course, two_cohorts, trainer, name
):
    _mine, theirs = two_cohorts
    other_course_cohort = CohortFactory(trainer=trainer)
    grant_learner_export(trainer)
    reader(client, trainer)
    key = str(course.translation_key)
    # (LocaleMiddleware turns an admin 404 into a redirect to /en/admin/…, itself a 404.)
    for cohort_id in (theirs.pk, theirs.pk + 1000, other_course_cohort.pk, "x"):
        response = client.get(
            reverse(f"course_results:{name}"), {"course": key, "cohort": cohort_id}, follow=True
        )
        assert response.status_code == 404, cohort_id
        assert "Theo Theirs" not in response.content.decode()


@pytest.mark.parametrize("name", ["index", "summary", "learners"])
def test_an_unknown_course_gets_404(client, course, administrator, name):
    reader(client, administrator)
    for key in (str(uuid.uuid4()), "not-a-key"):
        response = client.get(reverse(f"course_results:{name}"), {"course": key}, follow=True)
        assert response.status_code == 404, key


def test_an_administrator_reads_every_enrolled_learner(client, course, two_cohorts, administrator):
    _mine, theirs = two_cohorts
    reader(client, administrator)
    url = reverse("course_results:learners")
    key = str(course.translation_key)
    assert names_in(client.get(url, {"course": key})) == {
        "Mina Member",
        "Theo Theirs",
        "Sol Self",
    }
    assert names_in(client.get(url, {"course": key, "cohort": theirs.pk})) == {"Theo Theirs"}


@pytest.mark.parametrize("name", ["index", "summary", "learners"])
def test_someone_in_the_admin_who_is_no_trainer_gets_403(client, course, name):
    institution = UserFactory(roles=[Roles.INSTITUTIONS])
    reader(client, institution)
    response = client.get(
        reverse(f"course_results:{name}"), {"course": str(course.translation_key)}
    )
    assert response.status_code == 403


def test_a_learner_is_sent_away_from_the_results(client, course, learner):
    reader(client, learner)
    response = client.get(reverse("course_results:learners"), {"course": "x"})
    assert response.status_code == 302
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_the_course_list_has_one_english_title_per_course(client, translated_course, administrator):
    reader(client, administrator)
    response = client.get(reverse("course_results:index"), {"course": ""})
    assert response.status_code == 200  # the empty choice shows the form again
    body = response.content.decode()
    assert body.count(f'value="{translated_course.translation_key}"') == 1
    assert f">{translated_course.title}<" in body
    assert f"{translated_course.title} [fr]" not in body


def test_the_results_menu_item_shows_for_trainers_only(client, trainer):
    url = reverse("course_results:index")
    assert url in reader(client, trainer).get(reverse("wagtailadmin_home")).content.decode()
    client.logout()
    institution = UserFactory(roles=[Roles.INSTITUTIONS])
    assert url not in reader(client, institution).get(reverse("wagtailadmin_home")).content.decode()


def test_a_cohort_of_fewer_than_five_shows_no_figures_even_in_the_total(
    course, final, pre_test, trainer
):
    cohort = CohortFactory(trainer=trainer, course_key=course.translation_key)
    spec = enrol(Spec("woman", finals=(40,)), course=course, final=final, pre_test=pre_test)
    CohortMembershipFactory(cohort=cohort, user=spec.user)

    results = course_results_for(course_key=course.translation_key, cohort=cohort)

    assert results.total_cells == [FEWER_THAN] * 5


def test_two_overlapping_scopes_cannot_be_subtracted_to_one_learners_score(
    course, final, pre_test, trainer
):
    """The issue's case: Kenya, 6 learners at 100 against 7 with a seventh at 40."""
    cohort = CohortFactory(trainer=trainer, course_key=course.translation_key)
    for _ in range(6):
        spec = enrol(
            Spec("woman", "KE", finals=(100,)), course=course, final=final, pre_test=pre_test
        )
        CohortMembershipFactory(cohort=cohort, user=spec.user)
    enrol(Spec("woman", "KE", finals=(40,)), course=course, final=final, pre_test=pre_test)

    six = course_results_for(course_key=course.translation_key, cohort=cohort).total_cells[3]
    seven = course_results_for(course_key=course.translation_key).total_cells[3]

    assert (six, seven) == (100, 90)  # 91.4 published as 90
    assert 7 * seven - 6 * six != 40


def test_only_holders_of_the_export_permission_get_the_learners_csv(
    client, course, built, trainer, administrator
):
    CohortFactory(trainer=trainer, course_key=course.translation_key)
    url = reverse("course_results:learners") + f"?course={course.translation_key}"

    assert reader(client, trainer).get(url).status_code == 403
    assert reader(client, administrator).get(url).status_code == 200
    assert (
        reverse("course_results:learners")
        not in reader(client, trainer)
        .get(reverse("course_results:index") + f"?course={course.translation_key}")
        .content.decode()
    )


def test_the_results_header_and_title_name_the_report_course_and_cohort(
    client, course, two_cohorts, administrator
):
    mine, _theirs = two_cohorts
    reader(client, administrator)

    html = client.get(
        reverse("course_results:index"), {"course": str(course.translation_key), "cohort": mine.pk}
    ).content.decode()

    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Results" in title and course.title in title and "Mine" in title
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert "Results" in header and ">Home<" not in header.split("Results", 1)[1]
