"""The moved models now belong to `workshops` and `training_site`: drop them from this app's
migration state only. Their tables (renamed in 0004) and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0004_rename_tables_for_workshops_and_training_site'),
        ('training_site', '0001_organisation_settings_from_content'),
        ('workshops', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WorkshopParticipant"),
                migrations.DeleteModel(name="Workshop"),
                migrations.DeleteModel(name="WorkshopPackDownload"),
                migrations.DeleteModel(name="WorkshopPack"),
                migrations.DeleteModel(name="InstitutionMembership"),
                migrations.DeleteModel(name="Institution"),
                migrations.DeleteModel(name="WorkshopPackIndexPage"),
                migrations.DeleteModel(name="OrganisationSettings"),
            ],
            database_operations=[],
        ),
    ]
