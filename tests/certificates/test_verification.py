import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.codes import code_format
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db

CODE = "7QJ4M2XK9D0PZRTV"


@pytest.fixture
def certificate(learner):
    return CertificateFactory(
        user=learner, code=CODE, holder_name="Amina Learner", course_title="Stockpile management"
    )


def verify(client, code, **extra):
    return client.get(reverse("certificates:verify_code", kwargs={"code": code}), **extra)


@pytest.mark.parametrize(
    "typed",
    [
        "7QJ4-M2XK-9D0P-ZRTV",
        "7QJ4M2XK9D0PZRTV",
        "7qj4-m2xk-9d0p-zrtv",
        "7qj4m2xk9dOpzrtv",  # O read as 0
        "7QJ4-M2XK-9DoP-ZRTV",
    ],
)
def test_a_valid_code_shows_holder_course_and_date_however_it_is_typed(client, certificate, typed):
    response = verify(client, typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Valid certificate" in body
    assert "Amina Learner" in body
    assert "Stockpile management" in body
    assert "learner@example.org" not in body  # no other personal data
    assert "Revoked" not in body


def test_crockford_reads_i_and_l_as_one(client, learner):
    CertificateFactory(user=learner, code="1111222233334444")
    for typed in ("IIII-2222-3333-4444", "llll-2222-3333-4444", "1iL1222233334444"):
        assert "Valid certificate" in verify(client, typed).content.decode()


def test_a_revoked_code_says_revoked_with_the_date(client, certificate):
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = "Secret internal reason"
    certificate.save()
    response = verify(client, certificate.code)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Revoked on" in body
    assert "Valid certificate" not in body
    assert "Secret internal reason" not in body


@pytest.mark.parametrize("typed", ["ZZZZ-ZZZZ-ZZZZ-ZZZZ", "not-a-code", "7QJ4-M2XK-9D0P-ZRTU"])
def test_an_unknown_or_malformed_code_is_not_found(client, certificate, typed):
    response = verify(client, typed)
    assert response.status_code == 404
    assert "Not found" in response.content.decode()
    assert "Amina Learner" not in response.content.decode()


def test_verification_pages_are_not_indexed(client, certificate):
    for response in (verify(client, certificate.code), client.get(reverse("certificates:verify"))):
        assert response["X-Robots-Tag"].startswith("noindex")
        assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_form_sends_a_typed_code_to_its_page(client, certificate):
    response = client.get(reverse("certificates:verify"), {"code": "7qj4 m2xk 9dop zrtv"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certificates:verify_code", kwargs={"code": code_format(CODE)}
    )


def test_the_form_says_not_found_for_a_malformed_code(client, certificate):
    response = client.get(reverse("certificates:verify"), {"code": "hello"})
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_the_empty_form_needs_no_login_and_counts_no_lookup(client, settings):
    settings.CERTIFICATES_VERIFY_RATE = (1, 600)
    for _ in range(3):
        assert client.get(reverse("certificates:verify")).status_code == 200


def test_lookups_are_rate_limited_per_client(client, certificate, settings):
    settings.CERTIFICATES_VERIFY_RATE = (30, 600)
    for _ in range(30):
        assert verify(client, certificate.code).status_code == 200
    response = verify(client, certificate.code)
    assert response.status_code == 429
    assert "Too many checks" in response.content.decode()
    assert "10 minutes" in response.content.decode()
    assert response["Retry-After"] == "600"
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "Amina Learner" not in response.content.decode()
    # The form counts too.
    assert client.get(reverse("certificates:verify"), {"code": CODE}).status_code == 429
    # Another client is not affected.
    assert verify(client, certificate.code, REMOTE_ADDR="10.9.8.7").status_code == 200


def test_the_example_code_in_the_help_stays_whole_in_arabic(client):
    from django.utils import translation

    with translation.override("ar"):
        url = reverse("certificates:verify")
    body = client.get(url).content.decode()
    assert '<code dir="ltr">ABCD-EFGH-JKMN-PQRS</code>' in body
    (code_input,) = re.findall(r'<input[^>]*name="code"[^>]*>', body)
    assert 'dir="ltr"' in code_input
