from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_add_enrolment_progress_cohort"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="cohort",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("run_cohort", "Can run cohorts and manage the ones they run"),
                    ("view_cohort_results", "Can read the results of the learners they may see"),
                ],
                "verbose_name": "cohort",
                "verbose_name_plural": "cohorts",
            },
        ),
    ]
