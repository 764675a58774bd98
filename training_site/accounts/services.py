from django.contrib.auth.models import Group

from .models import Roles, User


def user_join_learners(*, user: User) -> None:
    """Put a new user in the Learners group (created by migration; made here if missing)."""
    group, _ = Group.objects.get_or_create(name=Roles.LEARNERS)
    user.groups.add(group)
