"""allauth glue: the client address behind trusted proxies, and a login throttle that slows a
password guesser without locking the account's owner out.

Failed logins are limited twice (ACCOUNT_RATE_LIMITS["login_failed"]): per client address, a
hard limit whatever the account; and per account, counted separately for each browser that
has signed in to that account before (a signed "known device" cookie) and once for all other
browsers together. A guesser who doesn't hold the owner's cookie fills only the shared
bucket, so the owner's own browser keeps its password working.
"""

import hashlib
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import signing
from django.urls import translate_url

from training_site.clients import client_ip

DEVICE_COOKIE = "known_device"
DEVICE_COOKIE_SALT = "training_site.accounts.known_device"
DEVICE_COOKIE_AGE = 180 * 24 * 3600
DEVICE_COOKIE_ACCOUNTS = 10  # the most recent accounts a shared computer remembers


def _account_digest(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:24]


def known_device(request) -> dict:
    """The signed cookie's content: {"id": random token, "accounts": [account digests]}."""
    try:
        device = signing.loads(
            request.COOKIES[DEVICE_COOKIE], salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_AGE
        )
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    if not isinstance(device, dict) or not isinstance(device.get("accounts"), list):
        return {}
    if not isinstance(device.get("id"), str):
        return {}
    return device


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_ip(request)

    def get_login_redirect_url(self, request) -> str:
        """Signing in lands in the learner's preferred language."""
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", "")
        return translate_url(url, language) if language else url

    def pre_authenticate(self, request, **credentials) -> None:
        """allauth's check, keyed per account and per known device (see the module)."""
        key = self._get_login_attempts_cache_key(request, **credentials)
        login = credentials.get("email", credentials.get("username", "")) or ""
        device = known_device(request)
        if login and _account_digest(login) in device.get("accounts", ()):
            key = f"{key}:device:{device['id']}"
        self._login_failed_rl_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed", key=key
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def post_login(self, request, user, **kwargs):
        """Remember this browser for the account that just signed in."""
        response = super().post_login(request, user, **kwargs)
        device = known_device(request) or {"id": secrets.token_urlsafe(16), "accounts": []}
        digest = _account_digest(user.email or "")
        accounts = [digest, *(a for a in device["accounts"] if a != digest)]
        device["accounts"] = accounts[:DEVICE_COOKIE_ACCOUNTS]
        response.set_cookie(
            DEVICE_COOKIE,
            signing.dumps(device, salt=DEVICE_COOKIE_SALT),
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
        return response
