from django.contrib.admin.utils import unquote
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import HistoryView, InspectView, SnippetViewSet, UsageView

from training_site.permissions import RecordPermissionPolicy

from . import admin_urls
from .models import Certificate
from .selectors import certificates_visible_to
from .services import ACTION_REISSUE, ACTION_REVOKE, certificate_export_request


class CertificatePermissionPolicy(RecordPermissionPolicy):
    """Certificates are records: trainers and administrators view them (and revoke or
    reissue them through the services), a trainer only for learners of their cohorts."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            certificates_visible_to(user=user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Certificate.objects.none()
        return certificates_visible_to(user=user)


register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


class VisibleCertificatesMixin:
    """Views of one certificate find it among those the user may see: others are a 404."""

    def get_base_object_queryset(self):
        return certificates_visible_to(user=self.request.user)


class CertificateInspectView(VisibleCertificatesMixin, InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(self.get_base_object_queryset(), pk=unquote(str(self.pk)))


class CertificateHistoryView(VisibleCertificatesMixin, HistoryView):
    pass


class CertificateUsageView(VisibleCertificatesMixin, UsageView):
    pass


class VisibleCertificatesChooserMixin:
    """The chooser lists and returns only the certificates the user may see (Wagtail's
    default would hand any admin user every holder's name and code)."""

    def get_object_list(self):
        return certificates_visible_to(user=self.request.user)

    def get_object(self, pk):
        return self.get_object_list().get(pk=pk)

    def get_objects(self, pks):
        return self.get_object_list().filter(pk__in=pks)


class CertificateChooseView(VisibleCertificatesChooserMixin, chooser.ChooseView):
    pass


class CertificateChooseResultsView(VisibleCertificatesChooserMixin, chooser.ChooseResultsView):
    pass


class CertificateChosenView(VisibleCertificatesChooserMixin, chooser.SnippetChosenView):
    pass


class CertificateChosenMultipleView(
    VisibleCertificatesChooserMixin, chooser.SnippetChosenMultipleView
):
    pass


class CertificateChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = CertificateChooseView
    choose_results_view_class = CertificateChooseResultsView
    chosen_view_class = CertificateChosenView
    chosen_multiple_view_class = CertificateChosenMultipleView


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
    inspect_view_class = CertificateInspectView
    history_view_class = CertificateHistoryView
    usage_view_class = CertificateUsageView
    chooser_viewset_class = CertificateChooserViewSet
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
        "assessment",
        "issued_at",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "reissue_of",
    ]

    def get_queryset(self, request):
        return with_reissuable(certificates_visible_to(user=request.user))


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
    if _reissuable(snippet):
        buttons.append(
            ListingButton(
                _("Reissue"),
                reverse("certificates_admin:reissue", kwargs={"pk": snippet.pk}),
                icon_name="repeat",
                priority=30,
            )
        )
    return buttons


def with_reissuable(queryset):
    """Annotates `reissuable`: not replaced already, and no other valid certificate for the
    learner and course (reissuing either would end in an error). In the listing's query."""
    successor = Certificate.objects.filter(reissue_of=OuterRef("pk"))
    other_valid = Certificate.objects.filter(
        user=OuterRef("user"), course_key=OuterRef("course_key"), revoked_at__isnull=True
    ).exclude(pk=OuterRef("pk"))
    return queryset.annotate(reissuable=~Exists(successor) & ~Exists(other_valid))


def _reissuable(certificate: Certificate) -> bool:
    if hasattr(certificate, "reissuable"):
        return certificate.reissuable
    return (
        with_reissuable(Certificate.objects.filter(pk=certificate.pk))
        .values_list("reissuable", flat=True)
        .first()
        or False
    )


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
        if not hasattr(self, "_visible_ids"):
            visible = certificates_visible_to(user=self.request.user)
            self._visible_ids = set(visible.values_list("pk", flat=True))
        return (
            self.request.user.has_perm("certificates.view_certificate")
            and snippet.pk in self._visible_ids
        )

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
