"""Copies each knowledge gain's pre-test and final percents from its two attempts (as
`knowledge_gain_update` now stores them), before 0007 makes the fields required."""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    Attempt = apps.get_model("assessments", "Attempt")
    KnowledgeGain = apps.get_model("assessments", "KnowledgeGain")

    def percent_of(field: str):
        return Coalesce(
            Subquery(Attempt.objects.filter(pk=OuterRef(field)).values("percent")[:1]), 0
        )

    KnowledgeGain.objects.update(
        pre_percent=percent_of("pre_attempt_id"), post_percent=percent_of("post_attempt_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_knowledgegain_pre_post_percent"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
