"""The export layer: every download in XLSX and CSV, streamed, formula-guarded."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.reports import course_chart_series_for, course_results_for
from tests.courses.reports_data import (
    grant_learner_export,
    streamed,
    tables_of,
)
from tests.factories.users import UserFactory
from tests.factories.workshops import InstitutionFactory
from training_site.spreadsheets import (
    CSV,
    XLSX,
    Sheet,
    export_filename,
    export_format,
    spreadsheet_response,
)
from workshops.models import Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles_reach_the_admin")]


def workbook_of(response):
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(streamed(response)))


def values(worksheet) -> list[list]:
    return [list(line) for line in worksheet.iter_rows(values_only=True)]


def as_text(value) -> str:
    """A cell as the CSV writes it."""
    return "" if value is None else str(value)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("?format=xlsx", XLSX), ("?format=csv", CSV), ("", CSV), ("?format=exe", CSV)],
)
def test_the_format_comes_from_the_request(query, expected):
    assert export_format(RequestFactory().get("/export/" + query)) == expected


def test_file_names_are_slugs_of_their_parts():
    assert export_filename("results", "Gestion des stocks", "Cohorte A") == (
        "results-gestion-des-stocks-cohorte-a"
    )
    assert export_filename("إدارة") == "export"


def test_both_formats_guard_formulas_and_keep_numbers_and_dates():
    def sheet():
        rows = [["=HYPERLINK(1)", "+cmd", -5, Decimal("12.5"), date(2026, 3, 2), None]]
        return Sheet(title="Sheet", header=["a", "b", "c", "d", "e", "f"], rows=iter(rows))

    csv_response = spreadsheet_response(sheets=[sheet()], filename="x", fmt=CSV)
    xlsx_response = spreadsheet_response(sheets=[sheet()], filename="x", fmt=XLSX)

    assert isinstance(csv_response, StreamingHttpResponse)
    assert csv_response["Content-Disposition"] == 'attachment; filename="x.csv"'
    body = streamed(csv_response).decode("utf-8")
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body[1:])))[1] == [
        "'=HYPERLINK(1)",
        "'+cmd",
        "-5",
        "12.5",
        "2026-03-02",
        "",
    ]
    worksheet = workbook_of(xlsx_response).active
    line = next(worksheet.iter_rows(min_row=2))
    assert [cell.value for cell in line] == [
        "'=HYPERLINK(1)",
        "'+cmd",
        -5,
        12.5,
        datetime(2026, 3, 2),
        None,
    ]
    assert [cell.data_type for cell in line[:4]] == ["s", "s", "n", "n"]


def test_the_summary_xlsx_holds_the_figures_and_the_chart_data_of_the_page(
    client, course, built, administrator
):
    client.force_login(administrator)
    query = {"course": str(course.translation_key)}
    csv_tables = tables_of(
        client.get(reverse("course_results:summary"), {**query, "format": "csv"})
    )
    workbook = workbook_of(
        client.get(reverse("course_results:summary"), {**query, "format": "xlsx"})
    )

    results = course_results_for(course_key=course.translation_key)
    series = course_chart_series_for(results=results)
    assert workbook.sheetnames == [
        "Figures",
        "Completions by month",
        "Score bands",
        "Pre- and post-test",
        "Completion by gender",
        "Completion by country",
    ]
    figures = values(workbook["Figures"])
    assert [[as_text(value) for value in line] for line in figures] == csv_tables["Figures"]
    assert figures[1][2] == len([spec for spec in built if spec.counted])  # a number
    gender = values(workbook["Completion by gender"])
    by_gender = next(s for s in series if s.key == "completion_by_gender")
    assert gender == [
        ["Gender", "Completion rate (%)"],
        *[[point.label, point.value] for point in by_gender.points],
    ]
    assert [line[0] for line in gender[1:]] == ["Woman", "Man"]
    countries = values(workbook["Completion by country"])
    assert [line[0] for line in countries[1:]] == ["Ghana", "Kenya"]  # Nepal is withheld
    assert csv_tables["Completion by country"] == [
        [as_text(value) for value in line] for line in countries
    ]


def test_the_learners_xlsx_guards_formulas_and_keeps_numbers(client, course, built, administrator):
    built[0].user.full_name = "=HYPERLINK(1)"
    built[0].user.save()
    client.force_login(administrator)

    workbook = workbook_of(
        client.get(
            reverse("course_results:learners"),
            {"course": str(course.translation_key), "format": "xlsx"},
        )
    )

    lines = values(workbook["Learners"])
    assert lines[0][:2] == ["Name", "E-mail"]
    by_email = {line[1]: line for line in lines[1:]}
    assert len(by_email) == len([spec for spec in built if spec.counted])
    first = by_email[built[0].user.email]
    assert first[0] == "'=HYPERLINK(1)"
    assert first[5] == datetime.combine(timezone.localdate(), datetime.min.time())
    assert first[7:] == [Decimal(max(built[0].finals)), Decimal(built[0].gain)]


def test_the_learners_export_is_named_after_the_course(client, course, built, administrator):
    client.force_login(administrator)
    response = client.get(
        reverse("course_results:learners"),
        {"course": str(course.translation_key), "format": "xlsx"},
    )
    assert f'filename="learners-{course.slug}.xlsx"' in response["Content-Disposition"]


def test_a_trainer_without_the_export_permission_gets_no_learners_xlsx(
    client, course, built, trainer
):
    client.force_login(trainer)
    url = reverse("course_results:learners")
    query = {"course": str(course.translation_key), "format": "xlsx"}
    assert client.get(url, query).status_code == 403
    grant_learner_export(trainer)
    assert client.get(url, query).status_code == 200


def test_the_workshop_list_export_in_xlsx_goes_through_the_guard(client, course):
    Workshop.objects.create(
        institution=InstitutionFactory(),
        course=course,
        course_key=course.translation_key,
        course_title=course.title,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 3),
        place="=HYPERLINK(1)",
        facilitator="@cmd",
    )
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    csv_response = client.get(reverse("workshop:index") + "?export=csv")
    xlsx_response = client.get(reverse("workshop:index") + "?export=xlsx")

    assert isinstance(csv_response, StreamingHttpResponse)
    lines = list(csv.reader(io.StringIO(streamed(csv_response).decode("utf-8-sig"))))
    assert lines[1][4:] == ["'=HYPERLINK(1)", "'@cmd"]
    (header, line) = values(workbook_of(xlsx_response).active)
    assert header[4:] == ["Place", "Facilitator"]
    assert line[4:] == ["'=HYPERLINK(1)", "'@cmd"]
    assert line[2] == datetime(2026, 3, 2)


def test_the_learner_downloads_their_records_as_xlsx(client, learner):
    learner.full_name = "=HYPERLINK(evil)"
    learner.save()
    client.force_login(learner)

    workbook = workbook_of(client.get(reverse("courses:my_data_download", args=["xlsx"])))

    lines = values(workbook.active)
    assert lines[0][0] == "record"
    profile = {line[2]: line[8] for line in lines[1:] if line[0] == "profile"}
    assert profile["full_name"] == "'=HYPERLINK(evil)"
    assert profile["email"] == learner.email


@pytest.mark.parametrize("fmt", [CSV, XLSX])
def test_the_blank_results_sheet_of_a_pack_comes_back_through_the_upload(fmt):
    from openpyxl import Workbook

    from workshops.packs import results_sheet
    from workshops.results import results_sheet_parse

    blank = results_sheet(fmt)
    participant = ["Zoé Ndiaye", "SN", "police", "woman", "40", "85"]
    if fmt == XLSX:
        header = values(load_workbook(io.BytesIO(blank)).active)[0]
        filled = Workbook()
        filled.active.append(header)
        filled.active.append(participant)
        output = io.BytesIO()
        filled.save(output)
        data = output.getvalue()
    else:
        data = blank + (",".join(participant) + "\r\n").encode()

    (row,) = results_sheet_parse(data=data)
    assert (row.name, row.pre_test_score, row.post_test_score) == (
        "Zoé Ndiaye",
        Decimal(40),
        Decimal(85),
    )
