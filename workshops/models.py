"""Institutions, workshop packs and their downloads, and workshops with reported results."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from training_site.accounts.models import Gender, Service
from training_site.storage import private_name, private_storage


class WorkshopPackIndexPage(Page):
    """Lists the workshop packs that institutions can download (see workshops.packs)."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("workshop packs page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import (
            user_can_download_packs,
            user_can_report_workshops,
            workshop_pack_index,
        )

        context = super().get_context(request, *args, **kwargs)
        context["modules"] = workshop_pack_index(locale=self.locale)
        context["can_download"] = user_can_download_packs(user=request.user)
        context["can_report"] = user_can_report_workshops(user=request.user)
        return context


class Institution(models.Model):
    """A regional training institution that downloads packs and reports workshop results."""

    name = models.CharField(_("name"), max_length=200, help_text=_("The institution's full name."))
    country = CountryField(_("country"), help_text=_("Where the institution is based."))

    panels = [FieldPanel("name"), FieldPanel("country")]

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="institution_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class InstitutionMembership(models.Model):
    """Ties a user of the Institutions group to the one institution they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="institution_membership",
        help_text=_("A user in the Institutions group."),
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("The institution this user downloads packs and reports results for."),
    )

    panels = [FieldPanel("user"), FieldPanel("institution")]

    class Meta:
        verbose_name = _("institution membership")
        verbose_name_plural = _("institution memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.institution}"


class WorkshopPackStatus(models.TextChoices):
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def pack_file_path(instance: "WorkshopPack", filename: str) -> str:
    return private_name("workshop_packs", filename)


class WorkshopPack(models.Model):
    """The stored ZIP for one course in one language; rebuilt when the course is published.

    While a rebuild runs, `file` still holds the previous pack, which keeps being served."""

    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="workshop_pack",
        help_text=_("The course, in one language, that the pack is built from."),
    )
    file = models.FileField(
        _("file"), upload_to=pack_file_path, storage=private_storage, blank=True
    )
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Counts the builds of this pack.")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("course revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The course's published revision the stored file was built from."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=WorkshopPackStatus.choices,
        default=WorkshopPackStatus.BUILDING,
    )
    requested_at = models.DateTimeField(_("rebuild requested at"), default=timezone.now)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop pack")
        verbose_name_plural = _("workshop packs")
        permissions = [("download_pack", "Can download workshop packs")]

    def __str__(self) -> str:
        return f"{self.course.title} ({self.language_code})"

    @property
    def language_code(self) -> str:
        return self.course.locale.language_code

    @property
    def is_rebuilding(self) -> bool:
        return self.status == WorkshopPackStatus.BUILDING


class WorkshopPackDownload(models.Model):
    """One download of a pack: who, for which institution, which pack and version, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_email = models.EmailField(_("user e-mail"))
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    institution_name = models.CharField(_("institution name"), max_length=200, blank=True)
    pack = models.ForeignKey(
        WorkshopPack,
        verbose_name=_("pack"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="downloads",
    )
    course_title = models.CharField(_("course"), max_length=255)
    language_code = models.CharField(_("language"), max_length=8)
    version = models.PositiveIntegerField(_("version"))
    downloaded_at = models.DateTimeField(_("downloaded at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("workshop pack download")
        verbose_name_plural = _("workshop pack downloads")
        ordering = ["-downloaded_at"]

    def __str__(self) -> str:
        return f"{self.user_email} – {self.course_title} ({self.language_code})"


class Workshop(models.Model):
    """An in-person workshop an institution ran from a pack, with its reported results."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    course_key = models.UUIDField(
        _("course translation key"),
        db_index=True,
        help_text=_("Identifies the course across its languages."),
    )
    course_title = models.CharField(_("course title"), max_length=255)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200)
    facilitator = models.CharField(_("facilitator"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-start_date", "-id"]
        permissions = [
            ("report_workshop", "Can upload the results of their institution's workshops")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="workshop_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_title} – {self.place} ({self.start_date:%Y-%m-%d})"


SCORE_RANGE = models.Q(
    models.Q(pre_test_score__isnull=True)
    | models.Q(pre_test_score__gte=0, pre_test_score__lte=100),
    models.Q(post_test_score__isnull=True)
    | models.Q(post_test_score__gte=0, post_test_score__lte=100),
)


class WorkshopParticipant(models.Model):
    """One row of a workshop's results sheet. Scores are percentages.

    Snapshot fields (name, country...) are what a later certificate of attendance will print."""

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    row_number = models.PositiveIntegerField(_("row in the results sheet"))
    name = models.CharField(_("name"), max_length=150)
    country = CountryField(_("country"), blank=True)
    service = models.CharField(_("service"), max_length=16, choices=Service.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    pre_test_score = models.DecimalField(
        _("pre-test score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    post_test_score = models.DecimalField(
        _("post-test score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    attended = models.BooleanField(_("attended"), default=True)

    class Meta:
        verbose_name = _("workshop participant")
        verbose_name_plural = _("workshop participants")
        ordering = ["workshop", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "row_number"], name="workshop_participant_unique_row"
            ),
            models.CheckConstraint(condition=SCORE_RANGE, name="workshop_participant_score_range"),
        ]

    def __str__(self) -> str:
        return self.name
