from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.signals import enrolment_completed

        from .signal_handlers import issue_certificate_on_completion

        enrolment_completed.connect(
            issue_certificate_on_completion, dispatch_uid="certificates_issue_on_completion"
        )
