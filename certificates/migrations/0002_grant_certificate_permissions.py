from django.db import migrations

GRANTS = {
    "Trainers": ["view_certificate", "revoke_certificate"],
    "Administrators": ["view_certificate", "revoke_certificate"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("certificates")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="certificates", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="certificates", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("accounts", "0002_create_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
