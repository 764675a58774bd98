from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from training_site.storage import private_file_exists, private_file_response

from .codes import code_format, code_normalise
from .credentials import (
    certificate_credential,
    did_document,
    published_jwks,
    published_keys,
    signing_available,
)
from .credentials.keys import public_key_multibase
from .forms import VerifyForm
from .ratelimit import verification_rate_limited
from .rendering import CERTIFICATE_TEMPLATE_VERSION
from .selectors import (
    VerificationStatus,
    certificate_file_for_holder,
    certificate_for_holder,
    certificate_languages,
    certificate_verify,
)
from .services import certificate_pdf_file

ROBOTS = "noindex, nofollow"


def _verification_response(
    request, template: str, context: dict, status: int = 200
) -> HttpResponse:
    context = {"signing_available": signing_available(), **context}
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = ROBOTS
    return response


def _too_many(request) -> HttpResponse:
    limit, window = getattr(settings, "CERTIFICATES_VERIFY_RATE", (30, 600))
    response = _verification_response(
        request,
        "certificates/verify_limited.html",
        {"minutes": max(1, window // 60)},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


@require_GET
@never_cache
def verify(request):
    """The public form: a code typed in goes to its verification page (a GET, so shareable)."""
    form = VerifyForm(request.GET or None)
    if form.is_bound:
        if verification_rate_limited(request):
            return _too_many(request)
        if form.is_valid():
            normalised = code_normalise(form.cleaned_data["code"])
            if normalised:
                return redirect("certificates:verify_code", code=code_format(normalised))
            return _verification_response(
                request,
                "certificates/verify.html",
                {"form": form, "status": VerificationStatus.NOT_FOUND},
                status=404,
            )
    return _verification_response(request, "certificates/verify.html", {"form": form})


@require_GET
@never_cache
def verify_code(request, code: str):
    """What the QR code opens: valid, revoked (with date) or not found. Holder name, course and
    issue date only: no other personal data."""
    if verification_rate_limited(request):
        return _too_many(request)
    verification = certificate_verify(code=code)
    status = 404 if verification.status == VerificationStatus.NOT_FOUND else 200
    return _verification_response(
        request,
        "certificates/verify.html",
        {
            "form": VerifyForm(initial={"code": code[:64]}),
            "status": verification.status,
            "certificate": verification.certificate,
        },
        status=status,
    )


def _public(response: HttpResponse) -> HttpResponse:
    """Public, machine-read documents: any origin may fetch them (verifiers run in browsers)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Robots-Tag"] = ROBOTS
    return response


@require_GET
@never_cache
def credential(request, code: str):
    """The certificate's signed Open Badges 3.0 credential (JSON-LD). A revoked certificate's
    is refused with 410 Gone and a JSON body saying so (not the internal reason); an unknown
    code is 404."""
    if verification_rate_limited(request):
        return _too_many(request)
    verification = certificate_verify(code=code)
    if verification.status == VerificationStatus.NOT_FOUND:
        return _public(JsonResponse({"error": "not_found", "code": code[:64]}, status=404))
    certificate = verification.certificate
    if verification.status == VerificationStatus.REVOKED:
        body = {
            "error": "revoked",
            "code": certificate.formatted_code,
            "revoked_at": certificate.revoked_at.isoformat(),
            "detail": "This certificate was revoked and its credential is no longer valid.",
        }
        return _public(JsonResponse(body, status=410))
    if not signing_available():
        return _public(JsonResponse({"error": "no_signing_key"}, status=503))
    response = JsonResponse(
        certificate_credential(certificate=certificate),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    if request.GET.get("download"):
        response["Content-Disposition"] = (
            f'attachment; filename="credential-{certificate.formatted_code}.json"'
        )
    return _public(response)


@require_GET
def did_json(request):
    """The site's did:web DID document: the public keys credentials and QR codes verify with."""
    if not signing_available():
        raise Http404
    response = JsonResponse(did_document(), content_type="application/did+json")
    response["Cache-Control"] = "public, max-age=3600"
    return _public(response)


@require_GET
def verify_offline(request):
    """A self-contained page (save it while online) that checks a QR code's JWS in the browser
    with the published keys, without a connection."""
    available = signing_available()
    keys = published_keys() if available else {}
    context = {
        "keys": published_jwks() if available else {},
        "key_fingerprints": [(kid, public_key_multibase(key)) for kid, key in keys.items()],
    }
    return _verification_response(request, "certificates/verify_offline.html", context)


@login_required
@require_GET
def download(request, pk: int, language: str):
    """The holder's PDF in a language the course exists in; stored after the first render,
    served from private storage afterwards (one query on that path). Anyone else gets a 404."""
    stored = certificate_file_for_holder(
        user=request.user, pk=pk, language=language, template_version=CERTIFICATE_TEMPLATE_VERSION
    )
    if stored is not None:
        certificate = stored.certificate
        if not private_file_exists(stored.file):
            stored = None
    else:
        certificate = certificate_for_holder(user=request.user, pk=pk)
        if certificate is None:
            raise Http404
    if certificate.is_revoked:
        raise Http404
    if stored is None:
        if language not in certificate_languages(certificate=certificate):
            raise Http404
        stored = certificate_pdf_file(certificate=certificate, language=language)
    response = private_file_response(
        stored.file,
        filename=f"certificate-{certificate.formatted_code}-{language}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, max-age=0"
    return response
