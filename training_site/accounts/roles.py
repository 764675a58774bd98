"""Model permissions of the role groups. Page permissions are set where pages exist
(`content.demo.site_permissions_sync`)."""

from django.contrib.auth.models import Group, Permission

from .models import Roles

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Roles.TRAINERS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtail_localize.submit_translation",
    ],
    Roles.ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
        "wagtail_localize.submit_translation",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.delete_user",
        "accounts.view_user",
        "auth.add_group",
        "auth.change_group",
        "auth.view_group",
        "wagtailcore.add_locale",
        "wagtailcore.change_locale",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        "wagtailcore.change_site",
        "content.change_organisationsettings",
        "content.view_organisationsettings",
    ],
}


def roles_sync() -> None:
    """Give each role group its model permissions; idempotent (runs after every migrate)."""
    for role in Roles:
        Group.objects.get_or_create(name=role)
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        perms = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm:
                perms.append(perm)
        group.permissions.add(*perms)
