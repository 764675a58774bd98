"""Replace join codes a trainer chose by hand that are shorter than 8 characters or hold
characters outside the generated alphabets; generated codes (which learners may already hold)
are kept."""

import secrets

from django.db import migrations

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREVIOUS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # the alphabet generated before Crockford's
LENGTH = 8


def regenerate_weak_codes(apps, schema_editor):
    Cohort = apps.get_model("courses", "Cohort")
    taken = set(Cohort.objects.values_list("join_code", flat=True))
    allowed = set(CROCKFORD) | set(PREVIOUS)
    for cohort in Cohort.objects.only("pk", "join_code"):
        code = cohort.join_code
        if len(code) >= LENGTH and set(code) <= allowed:
            continue
        while code in taken:
            code = "".join(secrets.choice(CROCKFORD) for _ in range(LENGTH))
        taken.add(code)
        Cohort.objects.filter(pk=cohort.pk).update(join_code=code)


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_course_job_aids")]

    operations = [migrations.RunPython(regenerate_weak_codes, migrations.RunPython.noop)]
