"""Trainer item-analysis screen and its CSV and XLSX export, in the Wagtail admin.

Open to admin users who can edit the quiz page; the numbers come from
`selectors.quiz_item_analysis`, the question texts from the quiz in the admin's language. Those
who see every cohort read the analysis over every learner; a trainer, over the learners of the
cohorts they run, and no figures when those are fewer than SMALL_GROUP.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from assessments import selectors
from assessments.analysis import (
    MIN_RESPONDENTS,
    SMALL_GROUP,
    Flag,
    QuestionAnalysis,
    TagAnalysis,
)
from assessments.display import TRUE_FALSE_LABELS
from assessments.models import QuizPage
from assessments.scope import attempts_filter
from training_site.spreadsheets import (
    CSV,
    XLSX,
    Sheet,
    export_filename,
    export_format,
    spreadsheet_response,
)

EMPTY = "—"


@dataclass(frozen=True)
class QuestionRow:
    analysis: QuestionAnalysis
    wrong_answer: str


class QuizAnalysisMixin:
    """Loads the quiz (404 when unknown) and refuses users who cannot edit it (403)."""

    request: HttpRequest
    kwargs: dict

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["quiz_id"])
        if not self.quiz.permissions_for_user(request.user).can_edit():
            # Wagtail turns a raised PermissionDenied into a redirect; trainers get a 403.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    @property
    def all_attempts(self) -> bool:
        return self.request.GET.get("attempts") == "all"

    @cached_property
    def display_quiz(self) -> QuizPage:
        return selectors.quiz_in_language(
            quiz=self.quiz, language=get_language() or "", fallback=settings.LANGUAGE_CODE
        )

    @cached_property
    def learners(self) -> Q | None:
        """The attempts counted: None for every learner's."""
        return attempts_filter(user=self.request.user)

    @cached_property
    def withheld(self) -> bool:
        """A trainer's analysis over fewer than SMALL_GROUP learners shows no figures, as
        course results don't: a handful of answers would tell whose they are."""
        if self.learners is None:
            return False
        count = selectors.quiz_learner_count(
            quiz=self.quiz, all_attempts=self.all_attempts, learners=self.learners
        )
        return 0 < count < SMALL_GROUP

    @cached_property
    def analysis(self) -> tuple[list[QuestionRow], list[TagAnalysis]]:
        if self.withheld:
            return [], []
        quiz = self.display_quiz
        questions, tags = selectors.quiz_item_analysis(
            quiz=quiz, all_attempts=self.all_attempts, learners=self.learners
        )
        rows = [
            QuestionRow(analysis=row, wrong_answer=_wrong_answer_label(quiz, row))
            for row in questions
        ]
        return rows, tags


def _wrong_answer_label(quiz: QuizPage, row: QuestionAnalysis) -> str:
    question = quiz.questions_by_id.get(row.question_id)
    if question is not None and question.type == "true_false":
        return str(TRUE_FALSE_LABELS.get(row.common_wrong_answer, row.common_wrong_answer))
    return row.common_wrong_answer


def _decimal(value: float | None, places: int = 2) -> str:
    return EMPTY if value is None else number_format(value, places)


FLAG_LABELS = {
    Flag.HARD: gettext_lazy("Very hard (facility under 0.2)"),
    Flag.EASY: gettext_lazy("Very easy (facility over 0.95)"),
    Flag.WEAK: gettext_lazy("Weak discrimination (under 0.2)"),
}


def _flags_cell(row: QuestionRow) -> str:
    if not row.analysis.enough_respondents:
        return str(_("Too few answers"))
    return "; ".join(str(FLAG_LABELS[flag]) for flag in row.analysis.flags) or EMPTY


def _wrong_answer_cell(row: QuestionRow) -> str:
    if not row.wrong_answer:
        return EMPTY
    return f"{row.wrong_answer} ({number_format(row.analysis.common_wrong_count)})"


class ItemAnalysisView(QuizAnalysisMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "assessments/admin/item_analysis.html"
    header_icon = "table"
    page_title = gettext_lazy("Item analysis")

    def get_page_subtitle(self) -> str:
        return self.display_quiz.get_admin_display_title()

    def get_breadcrumbs_items(self) -> list[dict]:
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.quiz.pk]),
                "label": self.quiz.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        url = reverse("assessments_admin:item_analysis_export", args=[self.quiz.pk])
        attempts = "&attempts=all" if self.all_attempts else ""
        return [
            HeaderButton(label, url=f"{url}?format={fmt}{attempts}", icon_name="download")
            for label, fmt in ((_("Download XLSX"), XLSX), (_("Download CSV"), CSV))
        ]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        rows, tags = self.analysis
        context.update(
            quiz=self.display_quiz,
            has_responses=any(row.analysis.responses for row in rows),
            all_attempts=self.all_attempts,
            own_cohorts=self.learners is not None,
            withheld=self.withheld,
            small_group=SMALL_GROUP,
            min_respondents=MIN_RESPONDENTS,
            flagged=sum(1 for row in rows if row.analysis.flags),
            questions_table=None if self.withheld else _questions_table(rows),
            tags_table=Table(
                [
                    Column("tag", label=_("Tag")),
                    Column("questions", label=_("Questions")),
                    Column(
                        "average",
                        label=_("Average score"),
                        accessor=lambda t: f"{number_format(t.average * 100, 0)} %",
                    ),
                ],
                tags,
            )
            if tags
            else None,
        )
        return context


def _questions_table(rows: list[QuestionRow]) -> Table:
    return Table(
        [
            Column("text", label=_("Question"), accessor="analysis.text"),
            Column("tag", label=_("Tag"), accessor=lambda r: r.analysis.tag or EMPTY),
            Column("responses", label=_("Answers"), accessor="analysis.responses"),
            Column(
                "facility",
                label=_("Facility"),
                accessor=lambda r: _decimal(r.analysis.facility),
            ),
            Column(
                "discrimination",
                label=_("Discrimination"),
                accessor=lambda r: _decimal(r.analysis.discrimination),
            ),
            Column(
                "wrong_answer",
                label=_("Most chosen wrong answer"),
                accessor=_wrong_answer_cell,
            ),
            Column("flags", label=_("Review"), accessor=_flags_cell),
        ],
        rows,
    )


class ItemAnalysisExportView(QuizAnalysisMixin, View):
    """The item analysis as CSV or XLSX (`?format=`)."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        rows, _tags = self.analysis
        header, *lines = _export_lines(rows)
        return spreadsheet_response(
            sheets=[Sheet(title=_("Item analysis"), header=header, rows=lines)],
            filename=export_filename(self.quiz.slug, "item-analysis"),
            fmt=export_format(request),
        )


def _export_lines(rows: list[QuestionRow]) -> Iterator[list]:
    yield [
        "id",
        _("Question"),
        _("Tag"),
        _("Answers"),
        _("Facility"),
        _("Discrimination"),
        _("Most chosen wrong answer"),
        _("Times chosen"),
        _("Review"),
    ]
    for row in rows:
        analysis = row.analysis
        yield [
            analysis.question_id,
            analysis.text,
            analysis.tag,
            analysis.responses,
            _thousandths(analysis.facility),
            _thousandths(analysis.discrimination),
            row.wrong_answer,
            analysis.common_wrong_count,
            " ".join(analysis.flags),
        ]


def _thousandths(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.001"))
