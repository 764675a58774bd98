"""The figures drawn on the Results page and carried in its exports, under the same rules as
the tables: a group left out of a table is left out of a chart."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, IntegerField, QuerySet
from django.db.models.functions import Cast, Floor, TruncMonth
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import Cohort
from .figures import (
    NOT_GIVEN,
    SMALL_GROUP,
    Breakdown,
    CourseResults,
    Figures,
    Row,
    _enrolments_in_scope,
    _shown,
    _withhold_small_groups,
)


@dataclass(frozen=True)
class Point:
    key: str
    label: str | Promise
    value: int | Decimal


@dataclass
class Series:
    """One chart's figures, as published: only groups shown in the tables (or, for counts of
    learners per period or score band, groups of at least SMALL_GROUP), rounded as there."""

    key: str
    title: str | Promise
    label_header: str | Promise
    value_header: str | Promise
    points: list[Point]
    withheld: int = 0  # groups left out: too small, or withheld with them
    percent: bool = False  # values on a 0–100 scale

    @property
    def short_title(self) -> str | Promise:
        """A name of at most 31 characters (in English), for a spreadsheet's tab."""
        return SHORT_TITLES[self.key]


SHORT_TITLES = {
    "completion_over_time": _("Completions by month"),
    "score_distribution": _("Score bands"),
    "knowledge_gain": _("Pre- and post-test"),
    "completion_by_gender": _("Completion by gender"),
    "completion_by_country": _("Completion by country"),
}


SCORE_BAND = 10
"""Width, in percent, of the score distribution's bands (the last one takes 100)."""


def course_chart_series_for(
    *,
    results: CourseResults,
    cohort: Cohort | None = None,
    cohorts: QuerySet | None = None,
) -> list[Series]:
    """The figures drawn on the Results page and carried in its exports: completion over
    time, the distribution of best final scores, pre- and post-test averages, and completion
    by gender and by country (from `results`, which `course_results_for` built for the same
    scope). Two queries."""
    course_key = results.course_key
    scope = _enrolments_in_scope(course_key=course_key, cohort=cohort, cohorts=cohorts)
    rows = [
        _count_series(
            "completion_over_time",
            _("Learners who completed the course, by month"),
            _("Month"),
            _("Learners who completed"),
            _completions_by_month(scope),
        ),
        _count_series(
            "score_distribution",
            _("Learners by best final assessment score"),
            _("Score (%)"),
            _("Learners"),
            _score_bands(scope),
        ),
        _knowledge_series(results.total),
    ]
    for breakdown in results.breakdowns:
        if breakdown.key in BREAKDOWN_TITLES:
            rows.append(_completion_by(breakdown))
    return rows


def _count_series(key, title, label_header, value_header, counts: list[Row]) -> Series:
    counts = _withhold_small_groups(counts)
    return Series(
        key,
        title,
        label_header,
        value_header,
        [Point(row.key, row.label, row.figures.enrolled) for row in counts if not row.withheld],
        withheld=sum(1 for row in counts if row.withheld and row.figures.enrolled),
    )


def _completions_by_month(scope: QuerySet) -> list[Row]:
    months = (
        scope.filter(completed_at__isnull=False)
        .order_by()
        .values(month=TruncMonth("completed_at"))
        .annotate(learners=Count("pk"))
        .order_by("month")
    )
    return [
        Row(
            month["month"].strftime("%Y-%m"),
            date_format(month["month"], "YEAR_MONTH_FORMAT"),
            Figures(enrolled=month["learners"]),
        )
        for month in months
    ]


def _score_bands(scope: QuerySet) -> list[Row]:
    """Learners per band of SCORE_BAND points of their best final score (stored on the
    enrolment), every band listed; learners without a final are left out. 100 joins the top
    band."""
    bands = (
        scope.filter(best_final_percent__isnull=False)
        .order_by()
        .values(band=Cast(Floor(F("best_final_percent") / SCORE_BAND), IntegerField()))
        .annotate(learners=Count("pk"))
    )
    top = 100 // SCORE_BAND - 1
    counts: dict[int, int] = {}
    for band in bands:
        key = min(int(band["band"]), top)
        counts[key] = counts.get(key, 0) + band["learners"]
    rows = []
    for band in range(100 // SCORE_BAND):
        low = band * SCORE_BAND
        high = 100 if band == 100 // SCORE_BAND - 1 else low + SCORE_BAND - 1
        rows.append(Row(f"{low}-{high}", f"{low}–{high}", Figures(enrolled=counts.get(band, 0))))
    return rows


def _knowledge_series(total: Figures) -> Series:
    """Average pre-test and final percent of the learners with both (the pair their knowledge
    gain compares), shown from SMALL_GROUP learners, to the nearest ROUNDING_STEP."""
    learners = total.gain_count
    shown = learners >= SMALL_GROUP
    return Series(
        "knowledge_gain",
        _("Average score before and after the course"),
        _("Test"),
        _("Average score (%)"),
        [
            Point("pre_test", _("Pre-test"), _shown(total.pre_test_sum / learners)),
            Point("final", _("Final assessment"), _shown(total.post_test_sum / learners)),
        ]
        if shown
        else [],
        withheld=0 if shown or not learners else 2,
        percent=True,
    )


BREAKDOWN_TITLES = {
    "gender": _("Completion rate by gender"),
    "country": _("Completion rate by country"),
}


def _completion_by(breakdown: Breakdown) -> Series:
    """Completion rate of each group the table shows, as the table shows it."""
    points = []
    for row in breakdown.rows:
        rate = row.cells[2]
        if not row.withheld and isinstance(rate, Decimal):
            points.append(Point(row.key or NOT_GIVEN, row.label, rate))
    return Series(
        f"completion_by_{breakdown.key}",
        BREAKDOWN_TITLES[breakdown.key],
        breakdown.label,
        _("Completion rate (%)"),
        points,
        withheld=sum(1 for row in breakdown.rows if row.withheld and row.figures.enrolled),
        percent=True,
    )
