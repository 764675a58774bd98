from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonProgress(models.Model):
    """A learner's record of one lesson, keyed by translation keys so that a lesson completed
    in one language is completed in all. Written only by `lesson_progress_*` services."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson_key = models.UUIDField(_("lesson"), help_text=_("Translation key of the lesson page."))
    course_key = models.UUIDField(_("course"), help_text=_("Translation key of the course page."))
    first_viewed_at = models.DateTimeField(_("first viewed at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key"], name="lesson_progress_one_per_learner_and_lesson"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=F("first_viewed_at")),
                name="lesson_progress_completed_after_viewed",
            ),
        ]
        indexes = [models.Index(fields=["user", "course_key"], name="lesson_progress_user_course")]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_key}"
