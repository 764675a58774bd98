"""The certificate PDF: its template context, its QR code, and rendering via training_site.pdf."""

import base64
import logging

import segno
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info

from training_site.pdf import render_pdf
from training_site.selectors import organisation_settings

from .credentials import qr_url, signing_available
from .models import Certificate
from .selectors import certificate_verification_url, course_page_for

logger = logging.getLogger(__name__)

# Bump when the template or its assets change: stored PDFs are then re-rendered on next download.
# 2: the QR code adds a signed JWS (certificates/credentials)
# 3: the printed link and the QR code lead to the verification page in the PDF's language
CERTIFICATE_TEMPLATE_VERSION = 3
CERTIFICATE_TEMPLATE = "certificates/pdf/certificate.html"


def certificate_qr(*, url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def certificate_qr_text(
    *, certificate: Certificate, verification_url: str, course_title: str
) -> str:
    """What the certificate's QR code holds: the verification URL, with the signed claims
    (a JWS for offline checks) as its fragment when a signing key is available."""
    if not signing_available():
        logger.error("No CREDENTIAL_SIGNING_KEY: the QR code of %s is not signed", certificate.pk)
        return verification_url
    return qr_url(
        verification_url=verification_url, certificate=certificate, course_title=course_title
    )


def certificate_qr_svg_data_uri(*, url: str) -> str:
    return certificate_qr(url=url).svg_data_uri(scale=4, border=2, dark="#111")


def _image_data_uri(image) -> str | None:
    """A Wagtail image (uploaded by an administrator) inlined as a data: URI, since the PDF
    renderer may fetch nothing but static files."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition("max-600x300|format-png")
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except Exception:  # a missing file must not stop a certificate
        logger.exception("Could not read image %s for a certificate", image.pk)
        return None
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def certificate_pdf_context(*, certificate: Certificate, language: str) -> dict:
    """Everything the certificate template shows, in `language`."""
    organisation = organisation_settings()
    if language == certificate.language:
        course_title = certificate.course_title
    else:
        page = course_page_for(course_key=certificate.course_key, language=language)
        course_title = page.title if page else certificate.course_title
    # The page in the PDF's language; the code, the signed claims and the credential's id do not
    # depend on it, so any language's page verifies the same certificate.
    verification_url = certificate_verification_url(certificate=certificate, language=language)
    return {
        "certificate": certificate,
        "language": language,
        "language_bidi": get_language_info(language)["bidi"],
        "holder_name": certificate.holder_name,
        "course_title": course_title,
        "issued_at": certificate.issued_at,
        "score": certificate.score if certificate.show_score else None,
        "code": certificate.formatted_code,
        "verification_url": verification_url,
        "qr_data_uri": certificate_qr_svg_data_uri(
            url=certificate_qr_text(
                certificate=certificate,
                verification_url=verification_url,
                course_title=course_title,
            )
        ),
        "organisation_name": organisation.name_in(language),
        "logo_data_uri": _image_data_uri(organisation.logo),
        "signatory_name": organisation.signatory_name,
        "signatory_title": organisation.signatory_title_in(language),
        "signature_data_uri": _image_data_uri(organisation.signature_image),
        "template_version": CERTIFICATE_TEMPLATE_VERSION,
    }


def certificate_render_pdf(*, certificate: Certificate, language: str) -> bytes:
    """Render the certificate to PDF bytes in `language` (no storage)."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language: {language!r}")
    with translation.override(language):
        return render_pdf(
            CERTIFICATE_TEMPLATE,
            certificate_pdf_context(certificate=certificate, language=language),
        )
