from allauth.account.signals import user_signed_up
from django.apps import apps
from django.db.models.signals import post_migrate

from .services import user_join_learners


def add_new_user_to_learners(sender, request, user, **kwargs) -> None:
    user_join_learners(user=user)


def sync_role_permissions(sender, **kwargs) -> None:
    # post_migrate fires once per app, in INSTALLED_APPS order: wait for the last one,
    # when every app's permissions exist.
    if sender is not [c for c in apps.get_app_configs() if c.models_module][-1]:
        return
    from .roles import roles_sync

    roles_sync()


def connect() -> None:
    user_signed_up.connect(add_new_user_to_learners, dispatch_uid="accounts_join_learners")
    post_migrate.connect(sync_role_permissions, dispatch_uid="accounts_roles_sync")
