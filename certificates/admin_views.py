"""Wagtail admin views for trainers and administrators: revoke, reissue, bulk export status."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from training_site.storage import private_file_exists, private_file_response

from .forms import ReasonForm
from .models import Certificate, CertificateExport, ExportStatus
from .selectors import certificates_visible_to
from .services import certificate_reissue, certificate_revoke

REVOKE_PERMISSION = "certificates.revoke_certificate"


def _require_revoke_permission(user) -> None:
    if not user.has_perm(REVOKE_PERMISSION):
        raise PermissionDenied


def _listing_url() -> str:
    return reverse(Certificate.snippet_viewset.get_url_name("list"))


def _reason_view(request, pk: int, *, action: str):
    _require_revoke_permission(request.user)
    certificate = get_object_or_404(certificates_visible_to(user=request.user), pk=pk)
    if action == "revoke" and certificate.is_revoked:
        messages.error(request, _("This certificate is already revoked."))
        return redirect(_listing_url())
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if action == "revoke":
                certificate_revoke(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Certificate revoked."))
            else:
                new = certificate_reissue(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("Certificate reissued with the new code %(code)s.")
                    % {"code": new.formatted_code},
                )
            return redirect(_listing_url())
        except ValidationError as error:
            form.add_error(None, error.messages)
    titles = {"revoke": _("Revoke certificate"), "reissue": _("Reissue certificate")}
    return render(
        request,
        "certificates/admin/reason_form.html",
        {
            "certificate": certificate,
            "form": form,
            "action": action,
            "page_title": titles[action],
            "header_icon": "doc-full",
            "cancel_url": _listing_url(),
        },
    )


def revoke(request, pk: int):
    return _reason_view(request, pk, action="revoke")


def reissue(request, pk: int):
    return _reason_view(request, pk, action="reissue")


def _export_for(request, pk: int) -> CertificateExport:
    export = get_object_or_404(CertificateExport, pk=pk)
    if export.requested_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return export


def export_status(request, pk: int):
    """Progress of a bulk ZIP; refreshes itself until the file is ready."""
    export = _export_for(request, pk)
    return render(
        request,
        "certificates/admin/export_status.html",
        {
            "export": export,
            "statuses": ExportStatus,
            "page_title": _("Certificates ZIP"),
            "header_icon": "download",
            "listing_url": _listing_url(),
        },
    )


def export_download(request, pk: int):
    export = _export_for(request, pk)
    if export.status != ExportStatus.READY or not private_file_exists(export.file):
        raise Http404
    return private_file_response(
        export.file, filename=f"certificates-{export.pk}.zip", content_type="application/zip"
    )
