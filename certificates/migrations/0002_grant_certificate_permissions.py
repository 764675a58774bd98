from django.db import migrations

# This migration used to grant the certificate permissions to Trainers and Administrators.
# The role map (training_site/accounts/roles.py) grants them now, after every migrate.


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("accounts", "0002_create_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
