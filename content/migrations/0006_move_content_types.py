"""Point the moved models' content types at their new apps. Pages, revisions, permissions and
group grants refer to content types by id, so they follow without being touched."""

from django.db import migrations

MOVES = {
    "workshops": (
        "workshoppackindexpage",
        "institution",
        "institutionmembership",
        "workshoppack",
        "workshoppackdownload",
        "workshop",
        "workshopparticipant",
    ),
    "training_site": ("organisationsettings",),
}


def _move(apps, *, source: str, targets: dict[str, tuple[str, ...]]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for target, models in targets.items():
        for model in models:
            old = ContentType.objects.filter(app_label=source, model=model).first()
            if old is None:
                continue  # a fresh database: post_migrate creates the new rows
            # A row already made for the new app would block the move; the old row wins,
            # since pages and grants point at it.
            ContentType.objects.filter(app_label=target, model=model).delete()
            old.app_label = target
            old.save(update_fields=["app_label"])
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    LiveContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move(apps, source="content", targets=MOVES)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for target, models in MOVES.items():
        for model in models:
            row = ContentType.objects.filter(app_label=target, model=model).first()
            if row is not None:
                ContentType.objects.filter(app_label="content", model=model).delete()
                row.app_label = "content"
                row.save(update_fields=["app_label"])


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0005_remove_moved_models'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
