"""Admin: a read-only list of attempts for trainers, with an inspect view, and the item
analysis of each quiz (linked from the quiz page's menus and from the attempts)."""

from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from assessments import admin_views, selectors
from assessments.models import Attempt, QuizPage
from training_site.page_menus import EditorPageMenuItem, page_menu_item_register
from training_site.permissions import RecordPermissionPolicy

ITEM_ANALYSIS_LABEL = _("Item analysis")


# Attempts are records: viewable with the model's view permission, never edited here.
register_permission_policy(Attempt, RecordPermissionPolicy(Attempt))


class AttemptIndexView(IndexView):
    """Attempts with their quiz's title, and a link to the quiz's item analysis."""

    def get_base_queryset(self):
        return selectors.attempts_with_quiz(queryset=super().get_base_queryset())

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


class AttemptViewSet(ModelViewSet):
    model = Attempt
    icon = "form"
    menu_label = _("Quiz attempts")
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = AttemptIndexView
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
    list_filter = ["status", "quiz_kind", "passed", "language"]
    search_fields = ["user__email", "user__full_name"]
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
