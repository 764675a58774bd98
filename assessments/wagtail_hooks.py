"""Admin: a read-only list of attempts, with an inspect view, and the item analysis of each
quiz (linked from the quiz page's menus and from the attempts). A trainer reads the attempts
of the learners in the cohorts they run; administrators read every attempt."""

import django_filters
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from assessments import admin_views, selectors
from assessments.models import Attempt, QuizPage
from assessments.scope import learner_scope
from training_site.page_menus import EditorPageMenuItem, page_menu_item_register
from training_site.permissions import RecordPermissionPolicy

ITEM_ANALYSIS_LABEL = _("Item analysis")


class AttemptPermissionPolicy(RecordPermissionPolicy):
    """Attempts are records: read with the model's view permission (never added, edited or
    deleted here), by a trainer only those of the learners in the cohorts they run."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            selectors.attempts_visible_to(user=user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Attempt.objects.none()
        return selectors.attempts_visible_to(user=user)


register_permission_policy(Attempt, AttemptPermissionPolicy(Attempt))


class AttemptFilterSet(WagtailFilterSet):
    """Quizzes by title (one choice whatever the languages), the cohorts the user may see,
    and the attempt's own fields."""

    quiz = django_filters.ChoiceFilter(label=_("Quiz"), field_name="quiz_key", choices=())
    cohort = django_filters.TypedChoiceFilter(
        label=_("Cohort"), method="filter_cohort", coerce=int, choices=()
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.WAGTAIL_CONTENT_LANGUAGES
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Attempt
        fields = ["quiz", "cohort", "status", "quiz_kind", "passed", "language", "submitted_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The quizzes of the attempts the reader may see: a trainer's list names no other.
        visible = selectors.attempts_visible_to(user=self.request.user)
        self.filters["quiz"].extra["choices"] = selectors.quiz_choices(attempts=visible)
        self.filters["cohort"].extra["choices"] = learner_scope().cohort_choices(
            user=self.request.user
        )

    def filter_cohort(self, queryset, name, value):
        # Within the user's scope already: a cohort only narrows it.
        return queryset.filter(learner_scope().in_cohort(cohort_id=value))


class VisibleAttemptsMixin:
    """Views of one attempt find it among those the user may read: others are a 404."""

    def get_base_object_queryset(self):
        return selectors.attempts_visible_to(user=self.request.user)


class AttemptIndexView(IndexView):
    """The attempts the user may read, with their quiz's title and a link to the quiz's
    item analysis. A fixed number of queries whatever the number of attempts."""

    def get_base_queryset(self):
        return selectors.attempts_with_quiz(
            queryset=selectors.attempts_visible_to(user=self.request.user)
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.quiz_page_id:
            buttons.append(
                MenuItem(
                    ITEM_ANALYSIS_LABEL,
                    url=reverse("assessments_admin:item_analysis", args=[instance.quiz_page_id]),
                    icon_name="table",
                    priority=40,
                )
            )
        return buttons


class AttemptInspectView(VisibleAttemptsMixin, InspectView):
    def get_object(self, queryset=None):
        queryset = selectors.attempts_with_quiz(queryset=self.get_base_object_queryset())
        return get_object_or_404(queryset, pk=unquote(str(self.pk)))

    def get_field_label(self, field_name, field):
        if field_name == "quiz_key":
            return capfirst(_("quiz"))
        return super().get_field_label(field_name, field)

    def get_quiz_key_display_value(self):
        return self.object.quiz_title or str(self.object.quiz_key)


class AttemptHistoryView(VisibleAttemptsMixin, HistoryView):
    pass


class AttemptUsageView(VisibleAttemptsMixin, UsageView):
    pass


class AttemptViewSet(ModelViewSet):
    model = Attempt
    icon = "form"
    menu_label = _("Quiz attempts")
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = AttemptIndexView
    inspect_view_class = AttemptInspectView
    history_view_class = AttemptHistoryView
    usage_view_class = AttemptUsageView
    filterset_class = AttemptFilterSet
    list_per_page = 50
    list_display = [
        "user",
        Column("quiz_title", label=capfirst(_("quiz"))),
        "quiz_kind",
        "number",
        "status",
        "percent",
        "passed",
        "submitted_at",
    ]
    search_fields = ["user__email", "user__full_name"]
    inspect_view_fields = [
        "user",
        "quiz_key",
        "quiz_kind",
        "number",
        "status",
        "language",
        "started_at",
        "deadline",
        "submitted_at",
        "expired",
        "score",
        "max_score",
        "percent",
        "pass_mark",
        "passed",
    ]
    exclude_form_fields = ["answers", "question_ids", "choice_order", "question_results"]


@hooks.register("register_admin_viewset")
def register_attempt_viewset():
    return AttemptViewSet("attempts")


@hooks.register("register_admin_urls")
def register_item_analysis_urls():
    urls = [
        path(
            "item-analysis/<int:quiz_id>/",
            admin_views.ItemAnalysisView.as_view(),
            name="item_analysis",
        ),
        path(
            "item-analysis/<int:quiz_id>/export/",
            admin_views.ItemAnalysisExportView.as_view(),
            name="item_analysis_export",
        ),
    ]
    return [path("assessments/", include((urls, "assessments_admin")))]


class ItemAnalysisMenuItem(EditorPageMenuItem):
    label = ITEM_ANALYSIS_LABEL
    icon_name = "table"
    url_name = "assessments_admin:item_analysis"


page_menu_item_register(
    ItemAnalysisMenuItem, page_model=QuizPage, listing_priority=45, header_priority=62
)
