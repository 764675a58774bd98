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
