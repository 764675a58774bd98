from datetime import timedelta

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from ..credentials import signing_available
from ..rendering import certificate_qr_svg_data_uri
from ..selectors import (
    certificate_verification_url,
    certificates_for_user,
    course_pages_by_language,
)

register = template.Library()

NEW_FOR = timedelta(days=14)


@register.inclusion_tag("certificates/includes/learner_certificates.html", takes_context=True)
def learner_certificates(context, course_key=None) -> dict:
    """The learner's certificates for the dashboard (or only the one for `course_key`, with
    its QR code, for the completion screen), each with its download languages and
    verification link (a fixed number of queries whatever the number of certificates). The
    completion screen's card leads with a download in the page's language."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"certificates": [], "request": request}
    certificates = list(certificates_for_user(user=user))
    if course_key is not None:
        certificates = [
            c for c in certificates if str(c.course_key) == str(course_key) and not c.is_revoked
        ]
    pages = course_pages_by_language(course_keys=[c.course_key for c in certificates])
    language_names = dict(settings.LANGUAGES)
    now = timezone.now()
    current = (get_language() or "").split("-")[0]
    rows = []
    for certificate in certificates:
        found = pages.get(certificate.course_key, {})
        languages = [code for code in language_names if code in found]
        if certificate.language not in languages:
            languages.insert(0, certificate.language)
        main = current if current in languages else certificate.language
        rows.append(
            {
                "certificate": certificate,
                "is_new": not certificate.is_revoked and now - certificate.issued_at < NEW_FOR,
                "languages": [(code, language_names.get(code, code)) for code in languages],
                # The completion screen's main button: the PDF in the page's language.
                "main_language": (main, language_names.get(main, main)),
                # In the page's language, as the PDFs print theirs: any language verifies.
                "verification_url": (
                    url := certificate_verification_url(
                        certificate=certificate,
                        language=current if current in language_names else None,
                    )
                ),
                "qr": certificate_qr_svg_data_uri(url=url) if course_key is not None else None,
            }
        )
    return {
        "certificates": rows,
        "request": request,
        "single": course_key is not None,
        "signing_available": signing_available(),
    }
