"""Reads: certificates of a learner, the languages a certificate exists in, verification."""

import uuid
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import translation

from training_site.selectors import page_in_language

from .codes import code_format, code_normalise
from .models import Certificate


class VerificationStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Verification:
    status: VerificationStatus
    certificate: Certificate | None = None
    code: str | None = None


def certificate_verify(*, code: str) -> Verification:
    """Look a code up as a person typed it. Never raises for bad input."""
    normalised = code_normalise(code)
    if normalised is None:
        return Verification(status=VerificationStatus.NOT_FOUND)
    certificate = Certificate.objects.filter(code=normalised).first()
    if certificate is None:
        return Verification(status=VerificationStatus.NOT_FOUND, code=normalised)
    status = VerificationStatus.REVOKED if certificate.is_revoked else VerificationStatus.VALID
    return Verification(status=status, certificate=certificate, code=normalised)


def certificate_verification_path(*, certificate: Certificate, language: str | None = None) -> str:
    """The verification page's path in `language`, by default the language the certificate
    was issued in (`Certificate.language`). The code verifies under every language."""
    with translation.override(language or certificate.language):
        return reverse("certificates:verify_code", kwargs={"code": code_format(certificate.code)})


def certificate_verification_url(*, certificate: Certificate, language: str | None = None) -> str:
    """The absolute URL of the verification page in `language` (default: the certificate's
    own), as printed and held by the QR code: SITE_URL plus the verification path."""
    path = certificate_verification_path(certificate=certificate, language=language)
    return settings.SITE_URL.rstrip("/") + path


def certificates_for_user(*, user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).order_by("-issued_at", "-pk")


def certificate_for_holder(*, user, pk: int) -> Certificate | None:
    """The learner's own certificate with this id, or None (object-level check)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Certificate.objects.filter(user=user, pk=pk).first()


def course_pages_by_language(*, course_keys: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
    """{course_key: {language_code: CoursePage}} for live course pages, in one query."""
    from courses.models import CoursePage

    pages: dict[uuid.UUID, dict] = {}
    queryset = (
        CoursePage.objects.live()
        .filter(translation_key__in=course_keys)
        .select_related("locale")
        .order_by("path")
    )
    for page in queryset:
        pages.setdefault(page.translation_key, {})[page.locale.language_code] = page
    return pages


def course_page_for(*, course_key: uuid.UUID, language: str):
    """The live course in exactly `language`, or None."""
    from courses.models import CoursePage

    return page_in_language(
        CoursePage.objects.live(),
        translation_key=course_key,
        language=language,
        any_language=False,
    )


def certificate_languages(*, certificate: Certificate) -> list[str]:
    """The languages the certificate can be downloaded in: those the course exists in."""
    found = course_pages_by_language(course_keys=[certificate.course_key]).get(
        certificate.course_key, {}
    )
    ordered = [code for code, _name in settings.LANGUAGES if code in found]
    if certificate.language not in ordered:
        ordered.insert(0, certificate.language)
    return ordered


def certificate_file_for_holder(*, user, pk: int, language: str, template_version: int):
    """The holder's stored, up-to-date PDF of certificate `pk` in `language` (one query), or
    None when it must be rendered first or the certificate is not theirs."""
    from .models import CertificateFile

    if not getattr(user, "is_authenticated", False):
        return None
    return (
        CertificateFile.objects.select_related("certificate")
        .filter(
            certificate__pk=pk,
            certificate__user=user,
            language=language,
            template_version=template_version,
        )
        .first()
    )


def certificates_visible_to(*, user) -> QuerySet[Certificate]:
    """Administrators see every certificate; a trainer only those of learners in the cohorts
    they run, for the cohort's course."""
    from courses.selectors import cohort_learners_of, cohort_user_sees_all

    queryset = Certificate.objects.select_related("user")
    if cohort_user_sees_all(user=user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    own = cohort_learners_of(trainer=user).filter(
        user=OuterRef("user"), cohort__course_key=OuterRef("course_key")
    )
    return queryset.filter(Exists(own))
