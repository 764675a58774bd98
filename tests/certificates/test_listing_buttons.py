"""Certificate rows offer only the actions that apply to their state."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from tests.factories.certificates import CertificateFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def listing(client) -> str:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client.get(reverse(Certificate.snippet_viewset.get_url_name("list"))).content.decode()


def actions(html: str, certificate: Certificate) -> set[str]:
    return {
        name
        for name in ("revoke", "reissue")
        if reverse(f"certificates_admin:{name}", kwargs={"pk": certificate.pk}) in html
    }


def test_a_valid_certificate_offers_revoke_and_reissue(client):
    valid = CertificateFactory()

    assert actions(listing(client), valid) == {"revoke", "reissue"}


def test_a_revoked_certificate_offers_reissue_only(client):
    revoked = CertificateFactory(revoked=True)

    assert actions(listing(client), revoked) == {"reissue"}


def test_a_certificate_already_reissued_offers_nothing(client):
    old = CertificateFactory(revoked=True)
    new = CertificateFactory(user=old.user, course_key=old.course_key, reissue_of=old)

    html = listing(client)

    assert actions(html, old) == set()
    assert actions(html, new) == {"revoke", "reissue"}


def test_a_revoked_certificate_replaced_by_a_new_one_is_not_reissued_again(client):
    old = CertificateFactory(revoked=True)
    CertificateFactory(user=old.user, course_key=old.course_key)  # earned again

    assert actions(listing(client), old) == set()
