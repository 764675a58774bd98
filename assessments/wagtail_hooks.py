"""Admin: a read-only list of attempts for trainers, with an inspect view."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from assessments.models import Attempt


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Attempts are records: viewable with the model's view permission, never edited here."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Attempt, ReadOnlyPermissionPolicy(Attempt))


class AttemptViewSet(ModelViewSet):
    model = Attempt
    icon = "form"
    menu_label = _("Quiz attempts")
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["user", "quiz_kind", "number", "status", "percent", "passed", "submitted_at"]
    list_filter = ["status", "quiz_kind", "passed", "language"]
    search_fields = ["user__email", "user__full_name"]
    exclude_form_fields = ["answers", "question_ids", "choice_order", "question_results"]


@hooks.register("register_admin_viewset")
def register_attempt_viewset():
    return AttemptViewSet("attempts")
