import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford's base 32: codes are read aloud and copied from whiteboards, so the letters that
# look like digits (I, L, O) and U are left out, and typing them is forgiven on the way in.
JOIN_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
JOIN_CODE_LENGTH = 8  # 40 bits; wrong guesses are throttled per learner (courses.services)
_JOIN_CODE_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def join_code_generate() -> str:
    """A fresh join code: the server makes every code, trainers don't choose them."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def join_code_normalise(typed: str) -> str:
    """What a learner typed, as stored: upper case, without dashes or spaces, with O, I and L
    read as 0, 1 and 1. (Codes made before Crockford's alphabet hold none of those.)"""
    return typed.strip().upper().translate(_JOIN_CODE_TYPOS)


class Cohort(models.Model):
    """A class of learners that a trainer runs for one course; learners join with the code."""

    name = models.CharField(
        _("name"), max_length=150, help_text=_("For example: Entebbe, March 2026, group B.")
    )
    course_key = models.UUIDField(
        _("course"), help_text=_("Translation key of the course page the cohort follows.")
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        related_name="cohorts_run",
        help_text=_("The trainer who runs the cohort and sees its results."),
    )
    join_code = models.CharField(
        _("join code"),
        max_length=16,
        unique=True,
        default=join_code_generate,
        editable=False,
        help_text=_("Made by the server; learners type this code to join the cohort."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="courses.CohortMembership",
        related_name="cohorts",
        verbose_name=_("members"),
        blank=True,
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-created_at"]
        # The standard permissions cover every cohort; these, a trainer's own cohorts.
        permissions = [
            ("run_cohort", "Can run cohorts and manage the ones they run"),
            ("view_cohort_results", "Can read the results of the learners they may see"),
            ("export_learner_results", "Can export results one line per learner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("join_code"), JOIN_CODE_LENGTH),
                name="cohort_join_code_min_length",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CohortMembership(models.Model):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("cohort membership")
        verbose_name_plural = _("cohort memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"], name="cohort_membership_one_per_learner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.cohort}"
