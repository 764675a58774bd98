from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Self-enrolled")
    COHORT = "cohort", _("Through a cohort")


class Enrolment(models.Model):
    """A learner's enrolment in a course, keyed by the course page's translation key so it
    holds in every language. Unenrolling keeps the row (and its progress); enrolling again
    restores it. `completed_at` is set once, by `enrolment_completion_check`;
    `best_final_percent` only rises, by `enrolment_best_final_record`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course_key = models.UUIDField(
        _("course"), help_text=_("Translation key of the course page (the same in every language).")
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    unenrolled_at = models.DateTimeField(
        _("unenrolled at"),
        null=True,
        blank=True,
        help_text=_("Set while the learner has left the course; records are kept."),
    )
    source = models.CharField(
        _("source"), max_length=16, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF
    )
    cohort = models.ForeignKey(
        "courses.Cohort",
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    best_final_percent = models.DecimalField(
        _("best final assessment (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The learner's best graded final-assessment percent in the course, kept by "
            "grading so that reports need not search the attempts."
        ),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key"], name="enrolment_one_per_learner_and_course"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=F("enrolled_at")),
                name="enrolment_completed_after_enrolled",
            ),
            models.CheckConstraint(
                condition=Q(best_final_percent__isnull=True)
                | Q(best_final_percent__gte=0, best_final_percent__lte=100),
                name="enrolment_best_final_percent_between_0_and_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course_key}"

    @property
    def is_active(self) -> bool:
        return self.unenrolled_at is None
