"""Results of a course for trainers: enrolment, completion, final-assessment scores and
knowledge gain, disaggregated by gender, country and service, with small groups withheld.

Reads only. Each selector issues one query whatever the number of learners or attempts.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, partial
from uuid import UUID

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from assessments.analysis import SMALL_GROUP
from training_site.accounts.models import Gender, Service
from training_site.spreadsheets import CHUNK_SIZE

from ..models import Cohort, CohortMembership, Enrolment

TOP_COUNTRIES = 10
"""Countries listed one by one; the others are added up in one row."""

NOT_GIVEN = ""
OTHER_COUNTRIES = "other"

# Why a row shows no figures.
SHOWN = ""
SMALL = "small"  # fewer than SMALL_GROUP learners
COMPLEMENT = "complement"  # would let a reader subtract their way to a small group

FEWER_THAN = lazy(lambda: gettext("fewer than %(count)d") % {"count": SMALL_GROUP}, str)()
WITHHELD = _("withheld")

ONE_PLACE = Decimal("0.1")
ROUNDING_STEP = Decimal(5)
"""Rates and averages are shown to the nearest 5 (percent or points): two overlapping scopes
(6 learners and 7 learners) then can't be subtracted to one learner's score."""
# Sums of many percents overflow the five digits of the percent fields.
SUM_FIELD = DecimalField(max_digits=14, decimal_places=2)


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _shown(value: Decimal | None) -> Decimal | None:
    """A rate or average as published: to the nearest ROUNDING_STEP."""
    if value is None:
        return None
    steps = (value / ROUNDING_STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (steps * ROUNDING_STEP).quantize(Decimal(1))


@dataclass
class Figures:
    """Counts and sums for a group of learners; averages and rates derive from them, so
    groups add up exactly."""

    enrolled: int = 0
    completed: int = 0
    final_count: int = 0
    final_sum: Decimal = Decimal(0)
    gain_count: int = 0
    gain_sum: Decimal = Decimal(0)
    # Of the gain_count learners with a gain: the pre-test and final percents it compares.
    pre_test_sum: Decimal = Decimal(0)
    post_test_sum: Decimal = Decimal(0)

    @property
    def completion_rate(self) -> Decimal | None:
        """Completed as a percentage of enrolled."""
        if not self.enrolled:
            return None
        return _rounded(Decimal(100 * self.completed) / self.enrolled)

    @property
    def average_final(self) -> Decimal | None:
        """Mean of each learner's best final-assessment percent, over learners with one."""
        if not self.final_count:
            return None
        return _rounded(self.final_sum / self.final_count)

    @property
    def average_gain(self) -> Decimal | None:
        """Mean knowledge gain in percentage points, over learners with a pre- and post-test."""
        if not self.gain_count:
            return None
        return _rounded(self.gain_sum / self.gain_count)

    def add(self, other: "Figures") -> None:
        self.enrolled += other.enrolled
        self.completed += other.completed
        self.final_count += other.final_count
        self.final_sum += other.final_sum
        self.gain_count += other.gain_count
        self.gain_sum += other.gain_sum
        self.pre_test_sum += other.pre_test_sum
        self.post_test_sum += other.post_test_sum


Cell = int | Decimal | Promise | None


@dataclass
class Row:
    key: str
    label: str | Promise
    figures: Figures
    withheld: str = SHOWN

    @property
    def cells(self) -> list[Cell]:
        """Enrolled, completed, completion rate, average final percent, average gain; a note
        in place of figures drawn from fewer than SMALL_GROUP learners; None for no data."""
        if self.withheld:
            note = FEWER_THAN if self.withheld == SMALL else WITHHELD
            return [note] * 5
        return _published(self.figures)


def _published(figures: Figures) -> list[Cell]:
    """The five cells of a group shown: rates and averages rounded to ROUNDING_STEP, and an
    average over fewer than SMALL_GROUP learners replaced by a note."""
    return [
        figures.enrolled,
        figures.completed,
        _shown(figures.completion_rate),
        _small_average(figures.average_final, figures.final_count),
        _small_average(figures.average_gain, figures.gain_count),
    ]


def _small_average(value: Decimal | None, count: int) -> Cell:
    return FEWER_THAN if 0 < count < SMALL_GROUP else _shown(value)


@dataclass
class Breakdown:
    key: str
    label: str | Promise
    rows: list[Row]


@dataclass
class CourseResults:
    course_key: UUID
    cohort: Cohort | None
    total: Figures
    breakdowns: list[Breakdown] = field(default_factory=list)

    @property
    def total_cells(self) -> list[Cell]:
        """The whole scope's figures, under the same rules as any group: a scope (a cohort,
        all learners) of fewer than SMALL_GROUP learners shows no figures."""
        if 0 < self.total.enrolled < SMALL_GROUP:
            return [FEWER_THAN] * 5
        return _published(self.total)


def _enrolments_in_scope(
    *, course_key: UUID, cohort: Cohort | None, cohorts: QuerySet | None
) -> QuerySet:
    """Enrolments in the course that count: current ones, and completed ones even if the
    learner left afterwards; limited to members of `cohort`, or of any of `cohorts`."""
    queryset = Enrolment.objects.filter(course_key=course_key).filter(
        Q(unenrolled_at__isnull=True) | Q(completed_at__isnull=False)
    )
    if cohort is not None:
        queryset = queryset.filter(
            Exists(CohortMembership.objects.filter(cohort=cohort, user=OuterRef("user_id")))
        )
    if cohorts is not None:
        queryset = queryset.filter(
            Exists(
                CohortMembership.objects.filter(
                    cohort__in=cohorts.values("pk"), user=OuterRef("user_id")
                )
            )
        )
    return queryset


def _with_scores(queryset: QuerySet, *, course_key: UUID) -> QuerySet:
    """Annotates each enrolment with the learner's best graded final-assessment percent
    (stored on the enrolment by grading), and knowledge gain in the course with the pre-test
    and final percents it compares (None when there is none). A join, no subquery per
    enrolment: a learner has at most one gain per course."""
    return queryset.alias(
        course_gain=FilteredRelation(
            "user__knowledge_gains", condition=Q(user__knowledge_gains__course_key=course_key)
        )
    ).annotate(
        best_final=F("best_final_percent"),
        gain=F("course_gain__percent"),
        pre_test=F("course_gain__pre_percent"),
        post_test=F("course_gain__post_percent"),
    )


GENDER_ROWS: list[tuple[str, str | Promise]] = [*Gender.choices, (NOT_GIVEN, _("Not given"))]
SERVICE_ROWS: list[tuple[str, str | Promise]] = [*Service.choices, (NOT_GIVEN, _("Not given"))]


def course_results_for(
    *, course_key: UUID, cohort: Cohort | None = None, cohorts: QuerySet | None = None
) -> CourseResults:
    """The course's figures for every learner enrolled, or for the members of `cohort`, or of
    any of `cohorts` (a trainer's own), with breakdowns by gender, country and service in
    which small groups are withheld. One query."""
    scope = _enrolments_in_scope(course_key=course_key, cohort=cohort, cohorts=cohorts)
    cells = (
        _with_scores(scope, course_key=course_key)
        .order_by()
        .values(gender=F("user__gender"), country=F("user__country"), service=F("user__service"))
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            final_count=Count("best_final"),
            final_sum=Sum("best_final", output_field=SUM_FIELD),
            gain_count=Count("gain"),
            gain_sum=Sum("gain", output_field=SUM_FIELD),
            pre_test_sum=Sum("pre_test", output_field=SUM_FIELD),
            post_test_sum=Sum("post_test", output_field=SUM_FIELD),
        )
    )
    total = Figures()
    by_gender: dict[str, Figures] = {}
    by_country: dict[str, Figures] = {}
    by_service: dict[str, Figures] = {}
    for cell in cells:
        figures = Figures(
            enrolled=cell["enrolled"],
            completed=cell["completed"],
            final_count=cell["final_count"],
            final_sum=Decimal(cell["final_sum"] or 0),
            gain_count=cell["gain_count"],
            gain_sum=Decimal(cell["gain_sum"] or 0),
            pre_test_sum=Decimal(cell["pre_test_sum"] or 0),
            post_test_sum=Decimal(cell["post_test_sum"] or 0),
        )
        total.add(figures)
        for groups, key in (
            (by_gender, cell["gender"]),
            (by_country, str(cell["country"] or "")),
            (by_service, cell["service"]),
        ):
            groups.setdefault(key or NOT_GIVEN, Figures()).add(figures)
    return CourseResults(
        course_key=course_key,
        cohort=cohort,
        total=total,
        breakdowns=[
            Breakdown("gender", _("Gender"), _fixed_rows(GENDER_ROWS, by_gender)),
            Breakdown("country", _("Country"), _country_rows(by_country)),
            Breakdown("service", _("Service"), _fixed_rows(SERVICE_ROWS, by_service)),
        ],
    )


def _fixed_rows(choices: list[tuple[str, str | Promise]], groups: dict[str, Figures]) -> list[Row]:
    """One row per choice, present or not, then any value outside the choices."""
    rows = [Row(key, label, groups.get(key, Figures())) for key, label in choices]
    known = {key for key, _label in choices}
    rows += [Row(key, key, figures) for key, figures in groups.items() if key not in known]
    return _withhold_small_groups(rows)


def _country_rows(groups: dict[str, Figures]) -> list[Row]:
    """The TOP_COUNTRIES largest countries, then the others together, then "not given"."""
    named = sorted(
        (key for key in groups if key != NOT_GIVEN),
        key=lambda key: (-groups[key].enrolled, countries.name(key) or key),
    )
    rows = [Row(key, countries.name(key) or key, groups[key]) for key in named[:TOP_COUNTRIES]]
    if len(named) > TOP_COUNTRIES:
        others = Figures()
        for key in named[TOP_COUNTRIES:]:
            others.add(groups[key])
        rows.append(Row(OTHER_COUNTRIES, _("Other countries"), others))
    if NOT_GIVEN in groups:
        rows.append(Row(NOT_GIVEN, _("Not given"), groups[NOT_GIVEN]))
    return _withhold_small_groups(rows)


def _withhold_small_groups(rows: list[Row]) -> list[Row]:
    """Withholds rows of fewer than SMALL_GROUP learners, and, while the withheld learners
    are fewer than SMALL_GROUP yet not none, the smallest shown rows too: otherwise the total
    minus the shown rows gives the small group's figures."""
    hidden = 0
    for row in rows:
        if row.figures.enrolled < SMALL_GROUP:
            row.withheld = SMALL
            hidden += row.figures.enrolled
    shown = sorted((row for row in rows if not row.withheld), key=lambda row: row.figures.enrolled)
    for row in shown:
        if not 0 < hidden < SMALL_GROUP:
            break
        row.withheld = COMPLEMENT
        hidden += row.figures.enrolled
    return rows


@dataclass(frozen=True)
class LearnerResult:
    name: str
    email: str
    country: str
    service: str
    gender: str
    enrolled_at: datetime
    completed_at: datetime | None
    best_final: Decimal | None
    gain: Decimal | None


def course_learner_results_for(
    *, course_key: UUID, cohort: Cohort | None = None, cohorts: QuerySet | None = None
) -> Iterator[LearnerResult]:
    """One line per learner counted by `course_results_for` with the same arguments, by name.
    Country, service and gender as their (translated) labels. One query, read in chunks as
    the lines are consumed (exports stream them)."""
    rows = (
        _with_scores(
            _enrolments_in_scope(course_key=course_key, cohort=cohort, cohorts=cohorts),
            course_key=course_key,
        )
        .order_by("user__full_name", "user__email")
        .values(
            "user__full_name",
            "user__email",
            "user__country",
            "user__service",
            "user__gender",
            "enrolled_at",
            "completed_at",
            "best_final",
            "gain",
        )
    )
    # Labels translated once per value, not once per learner (most of an export's time), in
    # the language active while the lines are read.
    labels = _Labels()
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield _learner_result(row, labels)


class _Labels:
    """Country, service and gender labels in the active language, each translated once."""

    def __init__(self) -> None:
        self.country = cache(_country_label)
        self.service = cache(partial(_label, dict(SERVICE_ROWS)))
        self.gender = cache(partial(_label, dict(GENDER_ROWS)))


def _country_label(code: str) -> str:
    return countries.name(code) if code else str(_("Not given"))


def _label(choices: dict[str, str | Promise], value: str) -> str:
    return str(choices.get(value or NOT_GIVEN, value))


def _learner_result(row: dict, labels: _Labels) -> LearnerResult:
    return LearnerResult(
        name=row["user__full_name"],
        email=row["user__email"],
        country=labels.country(str(row["user__country"] or "")),
        service=labels.service(row["user__service"]),
        gender=labels.gender(row["user__gender"]),
        enrolled_at=row["enrolled_at"],
        completed_at=row["completed_at"],
        best_final=_rounded(Decimal(row["best_final"])) if row["best_final"] is not None else None,
        gain=_rounded(Decimal(row["gain"])) if row["gain"] is not None else None,
    )
