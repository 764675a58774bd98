import logging

from .services import CertificateError, certificate_issue

logger = logging.getLogger(__name__)


def issue_certificate_on_completion(sender, *, enrolment, **kwargs) -> None:
    """A completed enrolment earns the learner a certificate (idempotent)."""
    try:
        certificate_issue(user=enrolment.user, course_key=enrolment.course_key)
    except CertificateError:
        logger.exception(
            "No certificate for completed enrolment %s", getattr(enrolment, "pk", None)
        )


def connect() -> None:
    from courses.signals import enrolment_completed

    enrolment_completed.connect(
        issue_certificate_on_completion, dispatch_uid="certificates_issue_on_completion"
    )
