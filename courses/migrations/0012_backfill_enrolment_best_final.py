"""Fills `Enrolment.best_final_percent` from the graded final attempts already stored; from
here on grading keeps it. One UPDATE, whatever the number of enrolments."""

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery


def backfill(apps, schema_editor):
    Attempt = apps.get_model("assessments", "Attempt")
    Enrolment = apps.get_model("courses", "Enrolment")
    best = (
        Attempt.objects.filter(
            user=OuterRef("user_id"),
            course_key=OuterRef("course_key"),
            quiz_kind="final",
            status="submitted",
            percent__isnull=False,
        )
        .order_by()
        .values("user")
        .annotate(best=Max("percent"))
        .values("best")
    )
    Enrolment.objects.update(best_final_percent=Subquery(best))


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_five_questions_per_page"),
        ("courses", "0011_enrolment_best_final_percent"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
