"""The QR code's signed claims (a compact Ed25519 JWS) as read from the certificate PDF by
zxing-cpp, and the credential in the certificate's language."""

import json

import pytest
from nacl.signing import SigningKey

from certificates.credentials import (
    JWSError,
    certificate_claims,
    certificate_credential,
    jws_sign,
    jws_verify,
    name_sha256,
    published_keys,
    secret_key_multibase,
)
from certificates.credentials.jws import b64url
from certificates.rendering import certificate_render_pdf
from certificates.selectors import certificate_verification_url
from certificates.services import certificate_issue
from tests.certificates.conftest import pass_final, read_qr_from_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixed_key(settings):
    settings.CREDENTIAL_SIGNING_KEY = secret_key_multibase(SigningKey(bytes(range(32))))


@pytest.fixture
def certificate(course, learner):
    pass_final(course, learner, right=23, total=25)
    return certificate_issue(user=learner, course_key=course.translation_key)


def test_the_credential_is_in_the_certificates_language(translated_course, learner, fixed_key):
    pass_final(translated_course, learner, right=25, total=25)
    certificate = certificate_issue(
        user=learner, course_key=translated_course.translation_key, language="fr"
    )
    achievement = certificate_credential(certificate=certificate)["credentialSubject"][
        "achievement"
    ]
    assert achievement["inLanguage"] == "fr"
    assert achievement["name"] == certificate.course_title
    assert achievement["name"].endswith("[fr]")


# The QR code's JWS


def test_the_jws_round_trips_and_any_change_fails(certificate, fixed_key):
    claims = certificate_claims(certificate=certificate)
    assert claims == {
        "code": certificate.formatted_code,
        "course": certificate.course_title,
        "date": certificate.issued_at.date().isoformat(),
        "name_sha256": name_sha256("Amina Learner"),
    }
    token = jws_sign(claims)
    assert jws_verify(token, keys=published_keys()) == claims
    header, payload, signature = token.split(".")

    forged = b64url(json.dumps({**claims, "course": "Other"}).encode())
    with pytest.raises(JWSError):
        jws_verify(f"{header}.{forged}.{signature}", keys=published_keys())


def test_the_name_fingerprint_ignores_spacing_and_unicode_form():
    assert name_sha256("  Amina   Learner ") == name_sha256("Amina Learner")
    assert name_sha256("Zoe\u0301") == name_sha256("Zo\u00e9")
    assert name_sha256("Amina Learner") != name_sha256("Amina Lerner")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pdfs_qr_code_scans_to_the_verification_url_and_a_valid_jws(
    translated_course, learner, fixed_key, language
):
    pass_final(translated_course, learner, right=23, total=25)
    certificate = certificate_issue(user=learner, course_key=translated_course.translation_key)
    assert certificate.language == "en"
    [text] = read_qr_from_pdf(certificate_render_pdf(certificate=certificate, language=language))
    url = certificate_verification_url(certificate=certificate, language=language)
    assert url.startswith(f"https://training.example.org/{language}/verify/")
    assert text.startswith(url + "#jws=")  # the page in the PDF's language
    claims = jws_verify(text.removeprefix(url + "#jws="), keys=published_keys())
    assert claims["code"] == certificate.formatted_code
    assert claims["name_sha256"] == name_sha256(certificate.holder_name)
    if language == "ar":
        assert claims["course"].endswith("[ar]")  # the title as printed on that PDF


def test_without_a_signing_key_the_qr_keeps_only_the_url(certificate, settings):
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_DEV_KEY = False
    pdf = certificate_render_pdf(certificate=certificate, language="en")
    assert read_qr_from_pdf(pdf) == [certificate_verification_url(certificate=certificate)]


def test_a_long_arabic_title_and_name_still_scan(certificate, fixed_key):
    certificate.holder_name = "عبد الرحمن بن محمد بن عبد الله الهاشمي " * 2
    certificate.course_title = "إدارة مخزونات الأسلحة والذخيرة المملوكة للوحدات في عمليات السلام"
    certificate.language = "ar"
    [text] = read_qr_from_pdf(certificate_render_pdf(certificate=certificate, language="ar"))
    assert "#jws=" in text
