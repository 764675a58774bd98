"""The learner's language: sign-up offers the page's, sign-in lands in the preferred one."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_sign_up_form_defaults_to_the_pages_language(client, language):
    with translation.override(language):
        url = reverse("account_signup")
    form = client.get(url).context["form"]
    assert form.fields["preferred_language"].initial == language


def test_signing_in_lands_in_the_preferred_language(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    UserFactory(email="amira@example.org", preferred_language="ar")
    with translation.override("en"):
        login = reverse("account_login")
    response = client.post(
        login, {"login": "amira@example.org", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    with translation.override("ar"):
        assert response.url == reverse("courses:dashboard")
    assert response.url.startswith("/ar/")
