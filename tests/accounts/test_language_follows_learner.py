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


def test_the_arabic_sign_up_form_has_no_english_empty_choice(client):
    """Django's "- Select an option -" has no Arabic translation; the form uses ours."""
    with translation.override("ar"):
        url = reverse("account_signup")
        choose = translation.gettext("Choose…")
    assert choose != "Choose…"  # the Arabic catalogue has it
    html = client.get(url).content.decode()
    for name in ("country", "service", "gender"):
        select = html[html.index(f'name="{name}"') :]
        first_option = select[select.index("<option") : select.index("</option>")]
        assert first_option.endswith(f">{choose}")
    assert "Select an option" not in html
