"""Stored workshop packs leave the public media folder for the private storage, under
unguessable names (a one-time move; a pack whose file is missing is rebuilt on publish)."""

from django.db import migrations

from training_site.storage import private_files_move


def move(apps, schema_editor):
    private_files_move(
        apps.get_model("workshops", "WorkshopPack"), field="file", folder="workshop_packs"
    )


def move_back(apps, schema_editor):
    private_files_move(
        apps.get_model("workshops", "WorkshopPack"),
        field="file",
        folder="workshop_packs",
        reverse=True,
    )


class Migration(migrations.Migration):
    dependencies = [("workshops", "0003_private_storage")]

    operations = [migrations.RunPython(move, move_back)]
