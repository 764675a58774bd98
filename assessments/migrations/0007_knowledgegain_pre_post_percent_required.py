from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_backfill_knowledgegain_pre_post_percent"),
    ]

    operations = [
        migrations.AlterField(
            model_name="knowledgegain",
            name="pre_percent",
            field=models.DecimalField(
                decimal_places=2,
                help_text="The pre-test attempt's percent, as compared (for reports).",
                max_digits=5,
                verbose_name="pre-test percent",
            ),
        ),
        migrations.AlterField(
            model_name="knowledgegain",
            name="post_percent",
            field=models.DecimalField(
                decimal_places=2,
                help_text="The final attempt's percent, as compared (for reports).",
                max_digits=5,
                verbose_name="final percent",
            ),
        ),
    ]
