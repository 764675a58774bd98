"""Admin permission policies shared by the apps."""

from wagtail.permission_policies import ModelPermissionPolicy

READ_ONLY_ACTIONS = frozenset({"add", "change", "delete"})


class RecordPermissionPolicy(ModelPermissionPolicy):
    """For records (attempts, certificates, download logs): viewable with the model's view
    permission, never added, edited or deleted in the admin."""

    def user_has_permission(self, user, action):
        if action in READ_ONLY_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action not in READ_ONLY_ACTIONS]
        )
