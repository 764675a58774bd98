"""Writes: issuing, revoking and reissuing certificates, their stored PDFs, and bulk exports."""

import logging
import uuid
import zipfile
from datetime import timedelta
from tempfile import SpooledTemporaryFile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from assessments.selectors import course_final_evidence, course_final_score
from courses.models import CoursePage
from training_site.selectors import page_in_language

from .models import Certificate, CertificateExport, CertificateFile, ExportStatus
from .rendering import CERTIFICATE_TEMPLATE_VERSION, certificate_render_pdf
from .selectors import course_page_for

logger = logging.getLogger(__name__)

ACTION_REVOKE = "certificates.revoke"
ACTION_REISSUE = "certificates.reissue"
# How long the periodic job leaves a new certificate to its own e-mail task before resending.
NOTIFY_GRACE = timedelta(minutes=10)


class CertificateError(Exception):
    """The certificate cannot be issued (for example, the course no longer exists)."""


def _course_page(*, course_key: uuid.UUID, language: str | None):
    """The live course in `language`, else in the site's default language, else the course in
    any language (live or not)."""
    return page_in_language(
        CoursePage.objects.live(),
        translation_key=course_key,
        language=language,
        fallback=settings.LANGUAGE_CODE,
        any_language=False,
    ) or page_in_language(CoursePage, translation_key=course_key, language=None)


def certificate_issue(*, user, course_key: uuid.UUID, language: str | None = None) -> Certificate:
    """Issue the learner's certificate for the course, or return the valid one they hold.

    Safe to call twice or in parallel: the conditional unique constraint keeps one valid
    certificate per learner and course. Notifies the learner (e-mail) after commit when new.
    """
    existing = Certificate.objects.valid().filter(user=user, course_key=course_key).first()
    if existing:
        return existing
    page = _course_page(course_key=course_key, language=language or user.preferred_language)
    if page is None:
        raise CertificateError(f"No course with translation key {course_key}")
    score = course_final_score(user=user, course_key=course_key)
    assessment = course_final_evidence(user=user, course_key=course_key)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    user=user,
                    course_key=course_key,
                    holder_name=user.full_name or user.email,
                    course_title=page.title,
                    language=page.locale.language_code,
                    score=score,
                    show_score=page.show_score_on_certificate and score is not None,
                    assessment=assessment,
                )
        except IntegrityError:
            # Another request issued it first (or, once in 2**80, the code collided).
            existing = Certificate.objects.valid().filter(user=user, course_key=course_key).first()
            if existing:
                return existing
            continue
        _notify_after_commit(certificate)
        return certificate
    raise CertificateError("Could not issue a certificate")


def _notify_after_commit(certificate: Certificate) -> None:
    from .tasks import certificate_notify_task

    transaction.on_commit(
        lambda: certificate_notify_task.enqueue(certificate_id=certificate.pk), robust=True
    )


def certificate_notify(*, certificate: Certificate) -> None:
    """E-mail the holder that their certificate is ready, with download and verification links."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from .selectors import certificate_verification_url

    with translation.override(certificate.language):
        context = {
            "certificate": certificate,
            "download_url": settings.SITE_URL.rstrip("/")
            + reverse(
                "certificates:download",
                kwargs={"pk": certificate.pk, "language": certificate.language},
            ),
            "verification_url": certificate_verification_url(certificate=certificate),
        }
        subject = _("Your certificate for %(course)s") % {"course": certificate.course_title}
        body = render_to_string("certificates/email/certificate_issued.txt", context)
    send_mail(" ".join(subject.split()), body, None, [certificate.user.email])
    certificate.notified_at = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(notified_at=certificate.notified_at)


def certificates_notify_pending(*, older_than: timedelta = NOTIFY_GRACE, limit: int = 200) -> int:
    """E-mail the holders of valid certificates whose e-mail has not gone out (it failed, or the
    queue was down), issued at least `older_than` ago so the first send has had its chance.
    Returns how many were sent; a failure is logged and left for the next run."""
    pending = (
        Certificate.objects.valid()
        .filter(notified_at__isnull=True, issued_at__lte=timezone.now() - older_than)
        .select_related("user")
        .order_by("issued_at")[:limit]
    )
    sent = 0
    for certificate in pending:
        try:
            certificate_notify(certificate=certificate)
        except Exception:
            logger.exception("Certificate e-mail for %s failed; next run retries", certificate.pk)
        else:
            sent += 1
    return sent


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    return reason


def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a valid certificate and record who did it and why in the audit log."""
    reason = _require_reason(reason)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_revoked:
            raise ValidationError(_("This certificate is already revoked."))
        _mark_revoked(locked, by=by, reason=reason)
        log(locked, ACTION_REVOKE, user=by, data={"reason": reason, "code": locked.code})
    return locked


def _mark_revoked(certificate: Certificate, *, by, reason: str) -> None:
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])


def certificate_reissue(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Replace a certificate with a new one under a new code (revoking the old one), taking
    the holder's current name and the course's current title. Both steps are audit-logged."""
    reason = _require_reason(reason)
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not old.is_revoked:
            _mark_revoked(old, by=by, reason=reason)
            log(old, ACTION_REVOKE, user=by, data={"reason": reason, "code": old.code})
        page = course_page_for(course_key=old.course_key, language=old.language)
        try:
            with transaction.atomic():
                new = Certificate.objects.create(
                    user=old.user,
                    course_key=old.course_key,
                    holder_name=old.user.full_name or old.holder_name,
                    course_title=page.title if page else old.course_title,
                    language=old.language,
                    score=old.score,
                    show_score=old.show_score,
                    assessment=old.assessment,
                    reissue_of=old,
                )
        except IntegrityError as error:
            raise ValidationError(
                _("The learner already holds a valid certificate for this course.")
            ) from error
        log(
            new,
            ACTION_REISSUE,
            user=by,
            data={"reason": reason, "old_code": old.code, "code": new.code},
        )
    _notify_after_commit(new)
    return new


def certificate_pdf_file(*, certificate: Certificate, language: str) -> CertificateFile:
    """The stored PDF in `language`, rendered and stored first if missing or out of date."""
    stored = CertificateFile.objects.filter(certificate=certificate, language=language).first()
    if (
        stored is not None
        and stored.template_version == CERTIFICATE_TEMPLATE_VERSION
        and stored.file
        and stored.file.storage.exists(stored.file.name)
    ):
        return stored
    pdf = certificate_render_pdf(certificate=certificate, language=language)
    name = f"certificate-{certificate.code}-{language}-v{CERTIFICATE_TEMPLATE_VERSION}.pdf"
    with transaction.atomic():
        stored, _created = CertificateFile.objects.select_for_update().get_or_create(
            certificate=certificate,
            language=language,
            defaults={"template_version": CERTIFICATE_TEMPLATE_VERSION},
        )
        old_name = stored.file.name if stored.file else None
        stored.template_version = CERTIFICATE_TEMPLATE_VERSION
        stored.file.save(name, ContentFile(pdf), save=False)
        stored.save()
    if old_name and old_name != stored.file.name:
        storage = stored.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return stored


def certificate_export_request(*, by, certificates) -> CertificateExport:
    """Queue a ZIP of the valid certificates among `certificates`; returns the export to watch."""
    valid = [certificate for certificate in certificates if not certificate.is_revoked]
    export = CertificateExport.objects.create(requested_by=by, total=len(valid))
    export.certificates.set(valid)
    from .tasks import certificate_export_build_task

    transaction.on_commit(lambda: certificate_export_build_task.enqueue(export_id=export.pk))
    return export


def certificate_export_build(*, export_id: int) -> CertificateExport:
    """Build the export's ZIP, counting progress as it goes; marks it ready or failed."""
    export = CertificateExport.objects.get(pk=export_id)
    CertificateExport.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING, done=0)
    try:
        with SpooledTemporaryFile(max_size=20 * 1024 * 1024) as buffer:
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
                for certificate in export.certificates.order_by("pk"):
                    stored = certificate_pdf_file(
                        certificate=certificate, language=certificate.language
                    )
                    with stored.file.open("rb") as handle:
                        archive.writestr(
                            f"certificate-{certificate.formatted_code}-{certificate.language}.pdf",
                            handle.read(),
                        )
                    CertificateExport.objects.filter(pk=export_id).update(done=F("done") + 1)
            buffer.seek(0)
            export.refresh_from_db()
            export.file.save(f"certificates-{export.pk}.zip", File(buffer), save=False)
        export.status = ExportStatus.READY
        export.save(update_fields=["file", "status"])
    except Exception as error:
        logger.exception("Certificate export %s failed", export_id)
        CertificateExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=str(error)[:1000]
        )
        export.refresh_from_db()
    return export
