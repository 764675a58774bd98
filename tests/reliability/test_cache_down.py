"""The cache is an accelerator: with Redis unreachable every page renders from the database,
sessions hold, and rate limits let requests through (with a logged warning)."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.factories.users import UserFactory
from tests.network import free_port
from training_site.accounts.models import Roles
from training_site.cache import ResilientRedisCacheClient, outages_reset

PASSWORD = "correct horse battery staple"
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1
LIMITS = {"login_failed": "10/m/ip,5/5m/key", "signup": "20/m/ip"}


def redis_cache(location: str, **options) -> dict:
    return {
        "default": {
            "BACKEND": "training_site.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, **options},
        }
    }


@pytest.fixture
def redis_down(settings):
    outages_reset()
    settings.CACHES = redis_cache(NOWHERE)
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    settings.CERTIFICATES_VERIFY_RATE = (3, 600)
    yield
    outages_reset()


def person(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_every_page_answers_without_redis(client, home, redis_down, caplog):
    learner = person()
    admin = person(is_staff=True, is_superuser=True, roles=[Roles.ADMINISTRATORS])
    caplog.set_level(logging.WARNING, logger="training_site.cache")

    assert client.get("/en/").status_code == 200
    assert client.get(reverse("certificates:verify")).status_code == 200
    assert client.get(reverse("account_login")).status_code == 200
    assert client.get(reverse("courses:dashboard")).status_code == 302  # to sign in

    assert sign_in(client, learner).status_code == 302
    assert client.get(reverse("courses:dashboard")).status_code == 200  # session from the DB
    client.logout()
    assert client.get(reverse("courses:dashboard")).status_code == 302

    assert sign_in(client, admin).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert "unreachable" in caplog.text


def test_rate_limits_let_requests_through_with_a_logged_warning(client, home, redis_down, caplog):
    """Failing open is the documented choice (README): a limit that fails closed would lock
    everyone out of signing in, and /verify/ codes carry 80 random bits, so an outage gives a
    guesser nothing to use."""
    owner = person()
    caplog.set_level(logging.WARNING, logger="training_site.cache")

    wrong = [
        client.post(reverse("account_login"), {"login": owner.email, "password": "wrong"})
        for _ in range(12)
    ]
    lookups = [
        client.get(reverse("certificates:verify_code", kwargs={"code": "AAAA-BBBB-CCCC-DDDD"}))
        for _ in range(5)
    ]

    assert {response.status_code for response in wrong} == {200}  # the form again, never 429
    assert {response.status_code for response in lookups} == {404}  # not found, never 429
    assert sign_in(client, owner).status_code == 302
    assert "rate limits let requests through" in caplog.text


def test_an_outage_costs_one_failed_connection_per_retry_period(redis_down, monkeypatch):
    calls = []
    real = ResilientRedisCacheClient.get_client

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ResilientRedisCacheClient, "get_client", counting)

    assert [cache.get(f"key-{n}", "miss") for n in range(20)] == ["miss"] * 20
    assert len(calls) == 1


# With a real Redis: what changed during an outage doesn't come back when Redis does.


@pytest.fixture
def live_redis(settings):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],  # noqa: S607
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    outages_reset()
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{port}/0", retry_after=0)
    yield
    outages_reset()
    server.terminate()
    server.wait(timeout=5)


@pytest.fixture
def partition(monkeypatch):
    """Cut this process off from Redis (while the data in it stays) until `heal()`."""
    real = ResilientRedisCacheClient.get_client

    def unreachable(self, *args, **kwargs):
        raise RedisConnectionError("simulated partition")

    class Partition:
        def cut(self):
            monkeypatch.setattr(ResilientRedisCacheClient, "get_client", unreachable)

        def heal(self):
            monkeypatch.setattr(ResilientRedisCacheClient, "get_client", real)

    return Partition()


def test_keys_written_during_an_outage_are_dropped_when_redis_answers_again(live_redis, partition):
    cache.set("organisation", "old name")
    partition.cut()
    cache.delete("organisation")  # e.g. the settings were saved meanwhile
    partition.heal()

    assert cache.get("organisation") is None  # not the stale "old name"
    cache.set("organisation", "new name")
    assert cache.get("organisation") == "new name"


def test_a_sign_out_during_an_outage_stays_signed_out_after_it(client, home, live_redis, partition):
    learner = person()
    assert sign_in(client, learner).status_code == 302
    assert client.get(reverse("courses:dashboard")).status_code == 200  # session now cached
    session_cookie = client.cookies["sessionid"].value

    partition.cut()
    client.post(reverse("account_logout"))
    partition.heal()
    client.cookies["sessionid"] = session_cookie  # the old cookie, replayed

    assert client.get(reverse("courses:dashboard")).status_code == 302
