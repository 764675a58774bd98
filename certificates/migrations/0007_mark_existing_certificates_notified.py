from django.db import migrations
from django.db.models import F


def mark_notified(apps, schema_editor):
    """Certificates issued before `notified_at` existed were e-mailed when issued (or will never
    be): don't let the periodic resend job mail every past holder again."""
    Certificate = apps.get_model("certificates", "Certificate")
    Certificate.objects.filter(notified_at__isnull=True).update(notified_at=F("issued_at"))


class Migration(migrations.Migration):
    dependencies = [("certificates", "0006_certificate_notified_at")]

    operations = [migrations.RunPython(mark_notified, migrations.RunPython.noop)]
