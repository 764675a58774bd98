import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories.users import UserFactory

PASSWORD = "correct horse battery staple"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(autouse=True)
def clock():
    """A stopped clock: a code computed here is still current when the server checks it."""
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def administrator(db):
    user = UserFactory(email="chief@example.org", is_superuser=True, is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def activate_totp(client) -> str:
    """Open the activation page (allauth asks for the password again first), confirm a code,
    and return the TOTP secret."""
    first = client.get(reverse("mfa_activate_totp"))
    assert first.status_code == 302
    assert reverse("account_reauthenticate") in first["Location"]
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert activated.status_code == 302
    return secret


def test_totp_protects_the_login_of_the_admin_too(client, administrator, home, clock):
    assert log_in(client, administrator).status_code == 302
    secret = activate_totp(client)
    assert administrator.authenticator_set.filter(type="totp").exists()
    clock.shift(timedelta(seconds=30))  # the next 30-second window: a code not used yet

    client.post(reverse("account_logout"))
    response = log_in(client, administrator)
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("mfa_authenticate"))
    # The password alone does not open the admin.
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert client.session["_auth_user_id"] == str(administrator.pk)
    assert client.get("/admin/").status_code == 200


def test_recovery_codes_are_offered_after_activating_totp(client, administrator):
    log_in(client, administrator)
    activate_totp(client)
    assert administrator.authenticator_set.filter(type="recovery_codes").exists()
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
