"""The offline QR check page in Debian's chromium: WebCrypto Ed25519 verifies the JWS with the
key embedded in the page, after the page is loaded and the browser is offline."""

import base64
import json

import pytest
from django.urls import reverse
from nacl.signing import SigningKey

from certificates.credentials import secret_key_multibase
from certificates.rendering import certificate_qr_text
from certificates.selectors import certificate_verification_url
from certificates.services import certificate_issue
from tests.certificates.conftest import pass_final

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def qr_text(course, learner, settings):
    settings.CREDENTIAL_SIGNING_KEY = secret_key_multibase(SigningKey(bytes(range(32))))
    pass_final(course, learner, right=20, total=25)
    certificate = certificate_issue(user=learner, course_key=course.translation_key)
    return certificate_qr_text(
        certificate=certificate,
        verification_url=certificate_verification_url(certificate=certificate),
        course_title=certificate.course_title,
    )


def check(page, text: str, name: str) -> str:
    page.fill("#certificate-offline-text", text)
    page.fill("#certificate-offline-name", name)
    page.click("#certificate-offline-form button[type=submit]")
    result = page.locator("#certificate-offline-result")
    result.locator("h2").wait_for()
    return result.inner_text()


def test_the_offline_page_checks_a_qr_code_without_a_connection(
    chromium, live_server, qr_text, course
):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(live_server.url + reverse("certificates:verify_offline"))
    context.set_offline(True)

    genuine = check(page, qr_text, "  Amina   Learner")
    assert "Genuine" in genuine
    assert "The name matches" in genuine
    assert course.title in genuine

    wrong_name = check(page, qr_text, "Amina Lerner")
    assert "Genuine" in wrong_name
    assert "does NOT match" in wrong_name

    url, token = qr_text.split("#jws=")
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps({**claims, "date": "2020-01-01"}).encode())
    forged_text = f"{url}#jws={header}.{forged.decode().rstrip('=')}.{signature}"
    assert "Not genuine" in check(page, forged_text, "")
    context.close()


def test_the_verification_and_offline_pages_have_no_wcag_aa_violations(
    chromium, live_server, qr_text
):
    from axe_playwright_python.sync_playwright import Axe

    page = chromium.new_page()
    verification_url = qr_text.split("#jws=")[0].replace("https://training.example.org", "")
    for url in (verification_url, reverse("certificates:verify_offline")):
        page.goto(live_server.url + url)
        if url.endswith("/offline/"):
            assert "Genuine" in check(page, qr_text, "Amina Learner")  # result region shown
        else:
            assert "Valid certificate" in page.content()
        results = Axe().run(
            page,
            options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag22aa"]}},
        )
        violations = results.response["violations"]
        assert violations == [], [(v["id"], v["nodes"][0]["html"]) for v in violations]
    page.close()
