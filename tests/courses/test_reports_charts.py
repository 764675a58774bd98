"""Charts of the Results page: server-rendered SVG drawing exactly the published figures."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from defusedxml import ElementTree
from django.urls import reverse
from wagtail.users.models import UserProfile

from courses.charts import chart_for
from courses.reports import Point, Series, course_chart_series_for, course_results_for
from tests.courses.reports_data import Spec, enrol, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles_reach_the_admin")]


SVG = "{http://www.w3.org/2000/svg}"


def series_of(course, **scope) -> dict[str, Series]:
    results = course_results_for(course_key=course.translation_key, **scope)
    return {series.key: series for series in course_chart_series_for(results=results, **scope)}


def svgs_in(html: str) -> dict:
    """Each chart's SVG by the id of its figure."""
    charts = {}
    for figure_id, svg in re.findall(
        r'<figure class="course-results__chart" id="([\w-]+)">\s*(<svg.*?</svg>)', html, re.S
    ):
        charts[figure_id] = ElementTree.fromstring(svg)
    return charts


def bar_labels(svg) -> list[str]:
    return [rect.find(f"{SVG}title").text.split(":")[0] for rect in svg.iter(f"{SVG}rect")]


def test_each_chart_is_an_accessible_svg_with_a_bar_per_published_group(
    client, course, built, administrator
):
    client.force_login(administrator)
    html = client.get(
        reverse("course_results:index"), {"course": str(course.translation_key)}
    ).content.decode()

    charts = svgs_in(html)
    assert set(charts) == {
        "chart-completion_over_time",
        "chart-score_distribution",
        "chart-knowledge_gain",
        "chart-completion_by_gender",
        "chart-completion_by_country",
    }
    for figure_id, svg in charts.items():
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{figure_id}-title {figure_id}-desc"
        assert svg.find(f"{SVG}title").get("id") == f"{figure_id}-title"
        assert svg.find(f"{SVG}desc").text
    assert charts["chart-completion_by_gender"].find(f"{SVG}title").text == (
        "Completion rate by gender"
    )
    results = course_results_for(course_key=course.translation_key)
    gender_rows = next(b for b in results.breakdowns if b.key == "gender").rows
    published = [r.label for r in gender_rows if not r.withheld]
    assert bar_labels(charts["chart-completion_by_gender"]) == published == ["Woman", "Man"]
    # The same figure as the table's completion rate, in the bar's text and the fallback table.
    woman = row(results, "gender", "woman").cells[2]
    assert f'<th scope="row">Woman</th><td>{woman} %</td>' in html


def test_a_withheld_group_never_appears_in_a_chart(client, course, built, administrator):
    client.force_login(administrator)
    html = client.get(
        reverse("course_results:index"), {"course": str(course.translation_key)}
    ).content.decode()

    country = svgs_in(html)["chart-completion_by_country"]
    assert bar_labels(country) == ["Ghana", "Kenya"]  # five each, by name
    figure = html.split('id="chart-completion_by_country"', 1)[1].split("</figure>", 1)[0]
    assert "Nepal" not in figure
    assert "Bangladesh" not in figure
    assert "2 groups are not drawn: too few learners." in figure
    # Every band of best scores holds fewer than five learners: no bar at all.
    assert bar_labels(svgs_in(html)["chart-score_distribution"]) == []


def test_a_score_band_is_withheld_with_the_next_smallest_when_the_total_would_reveal_it(
    course, final, pre_test
):
    for percent, count in ((85, 6), (95, 5), (40, 2)):
        for _ in range(count):
            enrol(Spec(finals=(percent,)), course=course, final=final, pre_test=pre_test)

    bands = series_of(course)["score_distribution"]

    assert bands.points == [Point("80-89", "80–89", 6)]
    assert bands.withheld == 2


def test_completions_are_counted_by_month_without_small_months(course, final, pre_test):
    for month, count in ((1, 5), (3, 6), (4, 2)):
        with time_machine.travel(datetime(2026, month, 10, 12, tzinfo=UTC), tick=False):
            for _ in range(count):
                enrol(Spec(completed=True), course=course, final=final, pre_test=pre_test)

    months = series_of(course)["completion_over_time"]

    # April (2) is too small; January (5) goes with it, or the total would give April away.
    assert months.points == [Point("2026-03", "March 2026", 6)]


def test_pre_and_post_test_averages_show_from_five_learners(course, final, pre_test):
    for _ in range(4):
        enrol(Spec(finals=(80,), gain=70), course=course, final=final, pre_test=pre_test)
    assert series_of(course)["knowledge_gain"].points == []

    enrol(Spec(finals=(62,), gain=52), course=course, final=final, pre_test=pre_test)

    # Pre-tests at 10 %; finals average (4 × 80 + 62) / 5 = 76.4, published as 75.
    assert series_of(course)["knowledge_gain"].points == [
        Point("pre_test", "Pre-test", Decimal(10)),
        Point("final", "Final assessment", Decimal(75)),
    ]


def test_fewer_than_five_learners_draw_no_bar(course, final, pre_test):
    for _ in range(3):
        enrol(
            Spec(completed=True, finals=(90,), gain=80),
            course=course,
            final=final,
            pre_test=pre_test,
        )

    assert all(not series.points for series in series_of(course).values())


def test_in_arabic_the_bars_grow_from_the_right(course, built):
    series = series_of(course)["completion_by_gender"]

    ltr, rtl = chart_for(series, rtl=False), chart_for(series, rtl=True)

    assert [bar.width for bar in ltr.bars] == [bar.width for bar in rtl.bars]
    assert all(bar.x == ltr.axis_x for bar in ltr.bars)
    assert all(round(bar.x + bar.width, 1) == rtl.axis_x for bar in rtl.bars)
    assert rtl.axis_x == ltr.width - ltr.axis_x
    assert all(bar.label_x > rtl.axis_x > bar.value_x for bar in rtl.bars)


def test_the_arabic_results_page_draws_right_to_left(client, course, built, administrator):
    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = "ar"
    profile.save()
    client.force_login(administrator)
    html = client.get(
        reverse("course_results:index"), {"course": str(course.translation_key)}
    ).content.decode()

    svg = svgs_in(html)["chart-completion_by_gender"]
    assert svg.get("direction") == "rtl"


def test_a_full_score_is_in_the_top_band_and_a_learner_without_a_final_in_none(
    course, final, pre_test
):
    for finals in [(100,)] * 5 + [()] * 5:
        enrol(Spec(finals=finals), course=course, final=final, pre_test=pre_test)

    assert series_of(course)["score_distribution"].points == [Point("90-100", "90–100", 5)]
