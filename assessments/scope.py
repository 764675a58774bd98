"""Whose attempts a staff member may read.

Trainers read the attempts of the learners in the cohorts they run; cohorts live in a higher
layer (courses), which provides the scope through the ASSESSMENTS_LEARNER_SCOPE setting: the
dotted path of a class that follows `LearnerScope`. Without it nobody but superusers reads
anyone's attempts.
"""

from typing import Protocol

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string


class LearnerScope(Protocol):
    def sees_all(self, *, user) -> bool:
        """Whether `user` reads every learner's attempts."""

    def attempts(self, *, user) -> Q:
        """Over Attempt: the attempts `user` may read when they don't see all."""

    def cohort_choices(self, *, user) -> list[tuple[int, str]]:
        """(id, name) of the cohorts `user` may filter attempts by."""

    def in_cohort(self, *, cohort_id: int) -> Q:
        """Over Attempt: the attempts of the cohort's learners at its course's quizzes."""


class NoCohorts:
    """The scope when no app provides one: superusers see all, others nothing."""

    def sees_all(self, *, user) -> bool:
        return bool(getattr(user, "is_superuser", False))

    def attempts(self, *, user) -> Q:
        return Q(pk__in=[])

    def cohort_choices(self, *, user) -> list[tuple[int, str]]:
        return []

    def in_cohort(self, *, cohort_id: int) -> Q:
        return Q(pk__in=[])


def learner_scope() -> LearnerScope:
    path = getattr(settings, "ASSESSMENTS_LEARNER_SCOPE", "")
    return import_string(path)() if path else NoCohorts()


def attempts_filter(*, user) -> Q | None:
    """Over Attempt: what `user` may read; None when they read every attempt."""
    scope = learner_scope()
    if scope.sees_all(user=user):
        return None
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return scope.attempts(user=user)
