"""Throttles behind a simulated reverse proxy: the client address comes from the trusted hops
only, and failed logins slow a guesser without locking the account's owner out."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories.certificates import CertificateFactory
from tests.factories.users import UserFactory
from training_site.clients import client_ip

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.1"
LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
TOO_MANY = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner(db):
    user = UserFactory(email="owner@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: whatever the client writes in the header is ignored.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # One proxy: the hop it appended, not what the client wrote before it.
        (1, PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        # Two proxies: the second hop from the right.
        (2, PROXY, "1.2.3.4, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        # Fewer hops than proxies (a request that went around them): REMOTE_ADDR.
        (2, "203.0.113.9", "1.2.3.4", "203.0.113.9"),
        # Garbage in the trusted hop: REMOTE_ADDR, never the garbage.
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, None, PROXY),
        (1, PROXY, "[2001:db8::1]", "2001:db8::1"),
    ],
)
def test_the_client_address_comes_from_trusted_hops_only(
    settings, count, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from(remote, forwarded)) == expected


def log_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def via_proxy(address: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def test_a_guesser_cannot_lock_the_owner_out_of_their_own_browser(owner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    owners_browser = Client()
    assert (
        log_in(owners_browser, owner.email, PASSWORD, **via_proxy("198.51.100.5")).status_code
        == 302
    )
    owners_browser.post(reverse("account_logout"))

    # Guesses from many addresses fill the account's shared bucket...
    guesser = Client()
    for attempt in range(6):
        response = log_in(guesser, owner.email, "wrong", **via_proxy(f"203.0.113.{attempt}"))
    assert TOO_MANY in response.content.decode()
    # ...and even the right password from an unknown browser waits: that is what slows them.
    stranger = log_in(Client(), owner.email, PASSWORD, **via_proxy("203.0.113.99"))
    assert stranger.status_code == 200
    assert TOO_MANY in stranger.content.decode()

    # The owner's browser, known from its earlier sign-in, still gets in.
    response = log_in(owners_browser, owner.email, PASSWORD, **via_proxy("198.51.100.5"))
    assert response.status_code == 302
    assert owners_browser.session["_auth_user_id"] == str(owner.pk)


def test_the_owners_browser_has_its_own_limit_for_wrong_passwords(owner):
    browser = Client()
    log_in(browser, owner.email, PASSWORD)
    browser.post(reverse("account_logout"))
    for _ in range(5):
        assert TOO_MANY not in log_in(browser, owner.email, "wrong").content.decode()
    assert TOO_MANY in log_in(browser, owner.email, "wrong").content.decode()


def test_a_forged_known_device_cookie_counts_as_unknown(owner):
    guesser = Client()
    guesser.cookies["known_device"] = "forged"
    for _ in range(5):
        log_in(guesser, owner.email, "wrong")
    assert TOO_MANY in log_in(guesser, owner.email, "wrong").content.decode()


def test_the_hard_limit_is_per_client_address_behind_the_proxy(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    users = UserFactory.create_batch(11)
    attacker = via_proxy("203.0.113.66")
    for user in users[:10]:  # one wrong guess for each of ten accounts
        log_in(Client(), user.email, "wrong", **attacker)
    assert TOO_MANY in log_in(Client(), users[10].email, "wrong", **attacker).content.decode()
    # Everyone else behind the same proxy still signs in.
    EmailAddress.objects.create(user=users[10], email=users[10].email, verified=True)
    assert (
        log_in(Client(), users[10].email, PASSWORD, **via_proxy("198.51.100.8")).status_code == 302
    )


def test_spoofed_forwarded_for_is_ignored_without_a_trusted_proxy(db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    users = UserFactory.create_batch(11)
    for number, user in enumerate(users):
        response = log_in(
            Client(),
            user.email,
            "wrong",
            REMOTE_ADDR="203.0.113.66",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    assert TOO_MANY in response.content.decode()


@pytest.fixture
def certificate(db):
    return CertificateFactory()


def verify(code: str, **extra):
    return Client().get(reverse("certificates:verify"), {"code": code}, **extra)


def test_verify_limits_each_client_behind_the_proxy_apart(certificate, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CERTIFICATES_VERIFY_RATE = (3, 600)
    for _ in range(3):
        assert verify(certificate.code, **via_proxy("203.0.113.1")).status_code != 429
    assert verify(certificate.code, **via_proxy("203.0.113.1")).status_code == 429
    assert verify(certificate.code, **via_proxy("203.0.113.2")).status_code != 429
    # A client can't escape its limit by writing the header itself.
    spoofed = via_proxy("198.51.100.1, 203.0.113.1")
    assert verify(certificate.code, **spoofed).status_code == 429
