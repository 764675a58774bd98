"""Background work (django-tasks): xAPI statements to the LRS."""

from django_tasks import task

from training_site.tasks import retry_transient


@task()
@retry_transient
def xapi_attempt_task(*, attempt_id: int) -> None:
    """Send a graded attempt's statements (passed/failed, answered) to the LRS."""
    from assessments.models import Attempt

    from .xapi import attempt_statements, statements_send

    attempt = Attempt.objects.select_related("user").filter(pk=attempt_id).first()
    if attempt is not None:
        statements_send(attempt_statements(attempt))


@task()
@retry_transient
def xapi_enrolment_task(*, enrolment_id: int) -> None:
    """Send a completed course's statement to the LRS."""
    from .models import Enrolment
    from .xapi import enrolment_statements, statements_send

    enrolment = Enrolment.objects.select_related("user").filter(pk=enrolment_id).first()
    if enrolment is not None:
        statements_send(enrolment_statements(enrolment))
