from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from training_site.permissions import RecordPermissionPolicy

from . import admin_urls
from .models import Certificate
from .services import ACTION_REISSUE, ACTION_REVOKE, certificate_export_request

# Certificates are records: trainers and administrators view them, and revoke or reissue
# them through the services.
register_permission_policy(Certificate, RecordPermissionPolicy(Certificate))


class StatusColumn(Column):
    def get_value(self, instance):
        return _("Revoked") if instance.is_revoked else _("Valid")


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 300
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    search_fields = ["code", "holder_name", "course_title", "user__email"]
    list_display = [
        "holder_name",
        "course_title",
        Column("formatted_code", label=_("Code")),
        "language",
        DateColumn("issued_at", label=_("Issued")),
        StatusColumn("status", label=_("Status")),
    ]
    list_filter = ["language", "issued_at"]
    inspect_view_fields = [
        "holder_name",
        "course_title",
        "formatted_code",
        "language",
        "score",
        "show_score",
        "issued_at",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "reissue_of",
    ]

    def get_queryset(self, request):
        return Certificate.objects.select_related("user")


register_snippet(CertificateViewSet)


@hooks.register("register_snippet_listing_buttons")
def certificate_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Certificate) or not user.has_perm("certificates.revoke_certificate"):
        return []
    buttons = []
    if not snippet.is_revoked:
        buttons.append(
            ListingButton(
                _("Revoke"),
                reverse("certificates_admin:revoke", kwargs={"pk": snippet.pk}),
                icon_name="cross",
                priority=20,
            )
        )
    buttons.append(
        ListingButton(
            _("Reissue"),
            reverse("certificates_admin:reissue", kwargs={"pk": snippet.pk}),
            icon_name="repeat",
            priority=30,
        )
    )
    return buttons


@hooks.register("register_admin_urls")
def certificate_admin_urls():
    return [path("certificates/", include(admin_urls))]


@hooks.register("register_log_actions")
def certificate_log_actions(actions):
    actions.register_action(ACTION_REVOKE, _("Revoke certificate"), _("Certificate revoked"))
    actions.register_action(ACTION_REISSUE, _("Reissue certificate"), _("Certificate reissued"))


class DownloadZipBulkAction(SnippetBulkAction):
    """Selected certificates' PDFs as one ZIP, built in the background."""

    display_name = _("Download ZIP")
    action_type = "certificates_zip"
    aria_label = _("Download the selected certificates as a ZIP")
    template_name = "certificates/admin/confirm_bulk_zip.html"
    action_priority = 10
    models = [Certificate]

    def check_perm(self, snippet):
        return self.request.user.has_perm("certificates.view_certificate")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        bulk_action = kwargs["self"]
        bulk_action.export = certificate_export_request(by=user, certificates=objects)
        return len(objects), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "A ZIP of %(count)d certificate is being built.",
            "A ZIP of %(count)d certificates is being built.",
            num_parent_objects,
        ) % {"count": num_parent_objects}

    def form_valid(self, form):
        response = super().form_valid(form)
        export = getattr(self, "export", None)
        if export is None:
            return response
        from django.shortcuts import redirect

        return redirect("certificates_admin:export_status", pk=export.pk)


hooks.register("register_bulk_action", DownloadZipBulkAction)
