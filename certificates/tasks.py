"""Background work (django-tasks): e-mail to new holders, bulk ZIP exports."""

from django_tasks import task


@task()
def certificate_notify_task(*, certificate_id: int) -> None:
    from .models import Certificate
    from .services import certificate_notify

    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is not None:
        certificate_notify(certificate=certificate)


@task()
def certificate_export_build_task(*, export_id: int) -> None:
    from .services import certificate_export_build

    certificate_export_build(export_id=export_id)
