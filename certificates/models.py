from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training_site.storage import private_name, private_storage

from .codes import CODE_LENGTH, code_format, code_generate


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    """What a learner was certified for, as it was when issued (a snapshot)."""

    # Issued records, not content: nothing an editor needs "usage" of. Wagtail would otherwise
    # queue a reference-index job on every save, at the save rather than the commit, which
    # fails for a certificate whose insert lost a race and was rolled back.
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    course_key = models.UUIDField(
        _("course key"),
        db_index=True,
        help_text=_("The translation key shared by every language version of the course."),
    )
    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=code_generate,
        editable=False,
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    holder_name = models.CharField(_("holder name"), max_length=150)
    course_title = models.CharField(_("course title"), max_length=255)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    show_score = models.BooleanField(_("score shown on certificate"), default=False)
    assessment = models.JSONField(
        _("assessment"),
        default=list,
        blank=True,
        help_text=_(
            "The final assessment it was earned on: attempt, percent, pass mark, bank version "
            "and draw size, per final quiz."
        ),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    notified_at = models.DateTimeField(
        _("holder notified at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the e-mail telling the holder it was issued was sent."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    reissue_of = models.ForeignKey(
        "self",
        verbose_name=_("reissue of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reissues",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        permissions = [("revoke_certificate", _("Can revoke and reissue certificates"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key"],
                condition=Q(revoked_at__isnull=True),
                name="certificates_one_valid_per_learner_course",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("issued_at")),
                name="certificates_revoked_after_issued",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="certificates_score_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.course_title} · {self.formatted_code}"

    @property
    def formatted_code(self) -> str:
        return code_format(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


def certificate_file_path(instance: "CertificateFile", filename: str) -> str:
    return private_name("certificates", filename)


class CertificateFile(models.Model):
    """A rendered PDF of a certificate in one language, kept until the template changes."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="files", verbose_name=_("certificate")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    template_version = models.PositiveIntegerField(_("template version"))
    file = models.FileField(_("file"), upload_to=certificate_file_path, storage=private_storage)
    rendered_at = models.DateTimeField(_("rendered at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate file")
        verbose_name_plural = _("certificate files")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "language"], name="certificates_one_file_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate.code} ({self.language}, v{self.template_version})"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def export_file_path(instance: "CertificateExport", filename: str) -> str:
    return private_name("certificate_exports", filename)


class CertificateExport(models.Model):
    """A ZIP of selected certificates' PDFs, built by a background task."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    certificates = models.ManyToManyField(Certificate, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    file = models.FileField(
        _("file"), upload_to=export_file_path, storage=private_storage, blank=True
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("certificate export")
        verbose_name_plural = _("certificate exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="certificates_export_done_le_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.done}/{self.total} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100
