"""Admin: the Results report. Trainers read the learners of the cohorts they run;
administrators read every learner enrolled. Figures and charts on screen and in the summary
export withhold small groups; the learners export lists the reader's own learners."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.coreutils import get_supported_content_language_variant

from training_site.spreadsheets import Sheet, export_filename, export_format, spreadsheet_response

from .charts import chart_render
from .models import Cohort, CoursePage
from .reports import (
    SMALL_GROUP,
    CourseResults,
    LearnerResult,
    Series,
    course_chart_series_for,
    course_learner_results_for,
    course_results_for,
)
from .selectors import cohort_user_sees_all, cohorts_visible_to

app_name = "course_results"


def results_reader(*, user) -> bool:
    """Holders of `courses.view_cohort_results` (trainers, administrators) read results."""
    return user.has_perm("courses.view_cohort_results")


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return results_reader(user=request.user)


def course_choices() -> list[tuple[str, str]]:
    """One (translation key, title) per course, titled in the default language when the
    course has it, by title. One query."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    titles: dict[str, tuple[bool, str]] = {}
    for key, title, language in CoursePage.objects.order_by("path").values_list(
        "translation_key", "title", "locale__language_code"
    ):
        preferred = language == default
        if str(key) not in titles or (preferred and not titles[str(key)][0]):
            titles[str(key)] = (preferred, title)
    return sorted(((key, title) for key, (_preferred, title) in titles.items()), key=lambda c: c[1])


class ResultsFilterForm(forms.Form):
    course = forms.ChoiceField(label=gettext_lazy("Course"))
    cohort = forms.TypedChoiceField(
        label=gettext_lazy("Cohort"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args,
        courses: list[tuple[str, str]],
        cohorts: list[Cohort],
        all_learners_label: str,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.cohorts = {cohort.pk: cohort for cohort in cohorts}
        titles = dict(courses)
        self.fields["course"].choices = [("", _("Choose a course")), *courses]
        grouped: dict[str, list[tuple[int, str]]] = {}
        for cohort in cohorts:
            title = titles.get(str(cohort.course_key), _("Unknown course"))
            grouped.setdefault(title, []).append((cohort.pk, cohort.name))
        self.fields["cohort"].choices = [("", all_learners_label), *sorted(grouped.items())]

    def clean(self):
        cleaned = super().clean()
        cohort_id = cleaned.get("cohort")
        cohort = self.cohorts.get(cohort_id) if cohort_id is not None else None
        if cohort is not None and str(cohort.course_key) != cleaned.get("course"):
            raise forms.ValidationError(_("This cohort follows another course."))
        cleaned["cohort"] = cohort
        return cleaned


@dataclass(frozen=True)
class Scope:
    course_key: UUID
    course_title: str
    cohort: Cohort | None
    cohorts: QuerySet | None  # a trainer's own cohorts of the course, when no cohort is chosen

    @property
    def query(self) -> str:
        query = f"course={self.course_key}"
        return f"{query}&cohort={self.cohort.pk}" if self.cohort else query

    def filename(self, kind: str) -> str:
        """`results-<course>` or `learners-<course>-<cohort>`, without the extension."""
        cohort = [self.cohort.name or self.cohort.pk] if self.cohort else []
        return export_filename(kind, self.course_title or "course", *cohort)


def _form(request: HttpRequest, *, sees_all: bool) -> ResultsFilterForm:
    visible = cohorts_visible_to(user=request.user).order_by("name")
    label = _("All enrolled learners") if sees_all else _("All my cohorts")
    return ResultsFilterForm(
        request.GET if request.GET.get("course") else None,
        courses=course_choices(),
        cohorts=list(visible),
        all_learners_label=label,
    )


def _scope(request: HttpRequest, form: ResultsFilterForm, *, sees_all: bool) -> Scope:
    """The course and learners asked for; 404 for an unknown course or a cohort the reader
    does not run (or of another course)."""
    if not form.is_bound or not form.is_valid():
        raise Http404
    course_key = UUID(form.cleaned_data["course"])
    cohort = form.cleaned_data["cohort"]
    cohorts = None
    if cohort is None and not sees_all:
        cohorts = Cohort.objects.filter(trainer=request.user, course_key=course_key)
    titles = dict(form.fields["course"].choices)
    return Scope(course_key, titles[str(course_key)], cohort, cohorts)


class ReaderRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not results_reader(user=request.user):
            # A response, not PermissionDenied, which Wagtail turns into a redirect.
            return permission_denied(request, exception=None)
        self.sees_all = cohort_user_sees_all(user=request.user)
        return super().dispatch(request, *args, **kwargs)


class ResultsView(ReaderRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/results.html"
    page_title = gettext_lazy("Results")
    header_icon = "table"

    def get_page_subtitle(self):
        """The course and cohort asked for (in the URL), so the header and the browser's title
        say what the figures are of."""
        scope = getattr(self, "_scope", None)
        if scope is None:
            return ""
        if scope.cohort is not None:
            return f"{scope.course_title} · {scope.cohort.name}"
        return scope.course_title

    def get_page_title(self):
        subtitle = self.get_page_subtitle()
        return f"{self.page_title} – {subtitle}" if subtitle else self.page_title

    def get_breadcrumbs_items(self) -> list[dict]:
        return self.breadcrumbs_items + [
            {"url": "", "label": self.page_title, "sublabel": self.get_page_subtitle()}
        ]

    def get_context_data(self, **kwargs):
        form = _form(self.request, sees_all=self.sees_all)
        scope = self._scope = (
            _scope(self.request, form, sees_all=self.sees_all) if form.is_bound else None
        )
        context = super().get_context_data(**kwargs)  # the header reads the scope
        context["form"] = form
        if scope is not None:
            context["scope"] = scope
            results = context["results"] = course_results_for(
                course_key=scope.course_key, cohort=scope.cohort, cohorts=scope.cohorts
            )
            context["charts"] = [
                chart_render(series, chart_id=f"chart-{series.key}")
                for series in course_chart_series_for(
                    results=results, cohort=scope.cohort, cohorts=scope.cohorts
                )
            ]
        context["headers"] = _figure_headers()
        context["sees_all"] = self.sees_all
        context["can_export_learners"] = learner_exporter(user=self.request.user)
        context["small_group"] = SMALL_GROUP
        return context


def _figure_headers() -> list[str]:
    return [
        _("Learners enrolled"),
        _("Completed"),
        _("Completion rate (%)"),
        _("Average best final assessment (%)"),
        _("Average knowledge gain (percentage points)"),
    ]


def _summary_rows(results: CourseResults) -> Iterator[list]:
    yield [_("All"), _("All learners"), *results.total_cells]
    for breakdown in results.breakdowns:
        for row in breakdown.rows:
            yield [breakdown.label, row.label, *row.cells]


def _series_sheet(series: Series) -> Sheet:
    return Sheet(
        title=series.short_title,
        header=[series.label_header, series.value_header],
        rows=([point.label, point.value] for point in series.points),
        chart=str(series.title),
    )


class SummaryExportView(ReaderRequiredMixin, View):
    """The figures of the Results page, tables and charts, as CSV or XLSX (`?format=`)."""

    def get(self, request, *args, **kwargs):
        form = _form(request, sees_all=self.sees_all)
        scope = _scope(request, form, sees_all=self.sees_all)
        results = course_results_for(
            course_key=scope.course_key, cohort=scope.cohort, cohorts=scope.cohorts
        )
        series = course_chart_series_for(
            results=results, cohort=scope.cohort, cohorts=scope.cohorts
        )
        figures = Sheet(
            title=_("Figures"),
            header=[_("Breakdown"), _("Group"), *_figure_headers()],
            rows=_summary_rows(results),
        )
        return spreadsheet_response(
            sheets=[figures, *map(_series_sheet, series)],
            filename=scope.filename("results"),
            fmt=export_format(request),
        )


def learner_exporter(*, user) -> bool:
    """Per-learner lines name each learner's gender, country and score: a separate
    permission, which administrators grant (see README, "Who sees what in reports")."""
    return user.has_perm("courses.export_learner_results")


def _learner_rows(learners: Iterable[LearnerResult]) -> Iterator[list]:
    zone = timezone.get_current_timezone()  # once, not twice per learner
    for learner in learners:
        yield [
            learner.name,
            learner.email,
            learner.country,
            learner.service,
            learner.gender,
            _date(learner.enrolled_at, zone),
            _date(learner.completed_at, zone),
            learner.best_final,
            learner.gain,
        ]


def _date(value, zone):
    return timezone.localdate(value, zone) if value else None


class LearnersExportView(ReaderRequiredMixin, View):
    """One line per learner in the reader's scope, as CSV or XLSX (`?format=`), streamed."""

    def get(self, request, *args, **kwargs):
        if not learner_exporter(user=request.user):
            return permission_denied(request, exception=None)
        form = _form(request, sees_all=self.sees_all)
        scope = _scope(request, form, sees_all=self.sees_all)
        learners = course_learner_results_for(
            course_key=scope.course_key, cohort=scope.cohort, cohorts=scope.cohorts
        )
        sheet = Sheet(
            title=_("Learners"),
            header=[
                _("Name"),
                _("E-mail"),
                _("Country"),
                _("Service"),
                _("Gender"),
                _("Enrolled"),
                _("Completed"),
                _("Best final assessment (%)"),
                _("Knowledge gain (percentage points)"),
            ],
            rows=_learner_rows(learners),
        )
        return spreadsheet_response(
            sheets=[sheet], filename=scope.filename("learners"), fmt=export_format(request)
        )


urlpatterns = [
    path("", ResultsView.as_view(), name="index"),
    path("summary/", SummaryExportView.as_view(), name="summary"),
    path("learners/", LearnersExportView.as_view(), name="learners"),
]
