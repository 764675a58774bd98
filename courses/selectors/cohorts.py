"""Cohorts: who sees which cohorts, and whose attempts a trainer reads."""

from django.db.models import Exists, OuterRef, Q


def cohort_user_sees_all(*, user) -> bool:
    """Holders of the standard `courses.view_cohort` (administrators, superusers) see every
    cohort and its learners; holders of `courses.run_cohort` (trainers) only those they run."""
    return user.has_perm("courses.view_cohort")


def cohort_learners_of(*, trainer):
    """Cohort memberships in cohorts `trainer` runs: filter with OuterRef("user") and
    OuterRef("course_key") to keep a trainer's view to their own learners."""
    from ..models import CohortMembership

    return CohortMembership.objects.filter(cohort__trainer=trainer)


def cohorts_visible_to(*, user):
    from django.db.models import Count

    from ..models import Cohort

    queryset = Cohort.objects.select_related("trainer").annotate(member_count=Count("members"))
    if cohort_user_sees_all(user=user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(trainer=user)


class CohortLearnerScope:
    """Whose attempts a staff member reads (`assessments.scope.LearnerScope`, named by the
    ASSESSMENTS_LEARNER_SCOPE setting): a trainer those of the learners in the cohorts they
    run, at the cohort's course; holders of `courses.view_cohort` every attempt."""

    def sees_all(self, *, user) -> bool:
        return cohort_user_sees_all(user=user)

    def attempts(self, *, user) -> Q:
        own = cohort_learners_of(trainer=user).filter(
            user=OuterRef("user"), cohort__course_key=OuterRef("course_key")
        )
        return Q(Exists(own))

    def cohort_choices(self, *, user) -> list[tuple[int, str]]:
        from ..models import Cohort

        cohorts = Cohort.objects.all()
        if not cohort_user_sees_all(user=user):
            if not getattr(user, "is_authenticated", False):
                return []
            cohorts = cohorts.filter(trainer=user)
        return list(cohorts.order_by("name", "pk").values_list("pk", "name"))

    def in_cohort(self, *, cohort_id: int) -> Q:
        from ..models import CohortMembership

        members = CohortMembership.objects.filter(
            cohort_id=cohort_id, user=OuterRef("user"), cohort__course_key=OuterRef("course_key")
        )
        return Q(Exists(members))
