"""First step of moving models out of `content` without losing data: give their tables the
names of their new apps. `workshops.0001_initial` and `training_site.0001_...` then take the
models over in the migration state, and `content.0005` drops them from this app's state."""

from django.db import migrations

WORKSHOP_MODELS = (
    "workshoppackindexpage",
    "institution",
    "institutionmembership",
    "workshoppack",
    "workshoppackdownload",
    "workshop",
    "workshopparticipant",
)


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0003_body_blocks_from_training_site'),
    ]

    operations = [
        migrations.AlterModelTable(name=name, table=f"workshops_{name}") for name in WORKSHOP_MODELS
    ] + [
        migrations.AlterModelTable(
            name="organisationsettings", table="training_site_organisationsettings"
        ),
    ]
