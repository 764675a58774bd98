"""Background work (django-tasks): e-mail to new holders, bulk ZIP exports."""

from django_tasks import task

from training_site.tasks import retry_transient


@task()
@retry_transient
def certificate_notify_task(*, certificate_id: int) -> None:
    """E-mail the holder of a new certificate, unless that was done already."""
    from .models import Certificate
    from .services import certificate_notify

    certificate = (
        Certificate.objects.select_related("user")
        .filter(pk=certificate_id, notified_at__isnull=True)
        .first()
    )
    if certificate is not None:
        certificate_notify(certificate=certificate)


@task()
@retry_transient
def certificates_notify_pending_task() -> int:
    """Resend the e-mails of certificates whose holders were never notified. Run it periodically."""
    from .services import certificates_notify_pending

    return certificates_notify_pending()


@task()
def certificate_export_build_task(*, export_id: int) -> None:
    # No retry: the build records its own failure on the export, which the trainer sees.
    from .services import certificate_export_build

    certificate_export_build(export_id=export_id)
