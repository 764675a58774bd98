from collections.abc import Iterable

from .models import Roles


def user_has_role(*, user, roles: Iterable[Roles]) -> bool:
    """True for an active, signed-in member of any of `roles`; superusers hold every role.
    One query (none for visitors and superusers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=list(roles)).exists()
