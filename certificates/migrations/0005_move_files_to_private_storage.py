"""Stored PDFs and ZIP exports leave the public media folder for the private storage, under
unguessable names (a one-time move; files already missing are rendered again on demand)."""

from django.db import migrations

from training_site.storage import private_files_move


def move(apps, schema_editor, reverse=False):
    for model, folder in (
        ("CertificateFile", "certificates"),
        ("CertificateExport", "certificate_exports"),
    ):
        private_files_move(
            apps.get_model("certificates", model), field="file", folder=folder, reverse=reverse
        )


def move_back(apps, schema_editor):
    move(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0004_private_storage")]

    operations = [migrations.RunPython(move, move_back)]
