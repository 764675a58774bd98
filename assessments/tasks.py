"""Background work for assessments, through Django's tasks framework (django-tasks)."""

from django_tasks import task

from assessments.services import attempts_expire_due
from training_site.tasks import retry_transient


@task()
@retry_transient
def attempts_expire_task() -> int:
    """Submit every attempt past its deadline with its saved answers. Run it periodically."""
    return attempts_expire_due()
