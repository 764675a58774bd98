"""Attempts at a quiz, their state-change log, and pre/post knowledge gain.

Attempts key on the quiz's and course's `translation_key` so they survive a change of
language; drawn question and choice ids are block ids, the same in every language.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import QuizKind


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Attempt(models.Model):
    """One learner's attempt at one quiz. Graded once, on submission or expiry."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    quiz_key = models.UUIDField(_("quiz key"), db_index=True)
    course_key = models.UUIDField(_("course key"), db_index=True)
    quiz_kind = models.CharField(
        _("quiz kind"), max_length=20, choices=QuizKind.choices, default=QuizKind.KNOWLEDGE_CHECK
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AttemptStatus.choices,
        default=AttemptStatus.IN_PROGRESS,
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    question_ids = models.JSONField(_("drawn questions"), default=list, blank=True)
    snapshot = models.JSONField(
        _("question snapshot"),
        default=list,
        blank=True,
        help_text=_("The drawn questions with their keys and points, as graded."),
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), null=True, blank=True)
    bank_version = models.PositiveIntegerField(
        _("bank version"),
        null=True,
        blank=True,
        help_text=_("The quiz page revision the questions were drawn from."),
    )
    choice_order = models.JSONField(_("choice order"), default=dict, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(
        _("maximum score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(
        _("percent"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), default=False)
    question_results = models.JSONField(_("per-question results"), default=dict, blank=True)
    expired = models.BooleanField(_("submitted at the deadline"), default=False)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz_key"],
                condition=models.Q(status="in_progress"),
                name="attempt_one_in_progress_per_learner_and_quiz",
            ),
            models.UniqueConstraint(
                fields=["user", "quiz_key", "number"],
                name="attempt_number_unique_per_learner_and_quiz",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True)
                | models.Q(percent__gte=0, percent__lte=100),
                name="attempt_percent_between_0_and_100",
            ),
            models.CheckConstraint(
                condition=models.Q(status="in_progress") | models.Q(submitted_at__isnull=False),
                name="attempt_submitted_has_submitted_at",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="attempt_status_deadline")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.quiz_key} · #{self.number}"

    def is_past_deadline(self, *, now=None) -> bool:
        return self.deadline is not None and (now or timezone.now()) >= self.deadline


class AttemptEvent(models.Model):
    """Append-only log of an attempt's state changes."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Started")
        SAVED = "saved", _("Answers saved")
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Expired and submitted")

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("attempt event")
        verbose_name_plural = _("attempt events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.attempt_id} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Attempt events are append-only.")
        super().save(*args, **kwargs)


class KnowledgeGain(models.Model):
    """Post-test minus pre-test for one learner and course, refreshed on each final grading."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="knowledge_gains",
    )
    course_key = models.UUIDField(_("course key"))
    pre_attempt = models.ForeignKey(
        Attempt, verbose_name=_("pre-test attempt"), on_delete=models.CASCADE, related_name="+"
    )
    post_attempt = models.ForeignKey(
        Attempt, verbose_name=_("final attempt"), on_delete=models.CASCADE, related_name="+"
    )
    points = models.DecimalField(_("gain in points"), max_digits=8, decimal_places=2)
    percent = models.DecimalField(_("gain in percentage points"), max_digits=6, decimal_places=2)
    pre_percent = models.DecimalField(
        _("pre-test percent"),
        max_digits=5,
        decimal_places=2,
        help_text=_("The pre-test attempt's percent, as compared (for reports)."),
    )
    post_percent = models.DecimalField(
        _("final percent"),
        max_digits=5,
        decimal_places=2,
        help_text=_("The final attempt's percent, as compared (for reports)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("knowledge gain")
        verbose_name_plural = _("knowledge gains")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key"], name="knowledge_gain_one_per_learner_and_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.course_key} · {self.percent}"
