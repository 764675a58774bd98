"""The /verify/ look-up limit: a fixed window per client address (see training_site.clients
for how the address is found behind trusted proxies)."""

from django.conf import settings

from training_site.clients import client_ip, rate_limit_hit

DEFAULT_VERIFY_RATE = (30, 600)  # lookups, seconds

__all__ = ["DEFAULT_VERIFY_RATE", "client_ip", "rate_limit_hit", "verification_rate_limited"]


def verification_rate_limited(request) -> bool:
    limit, window = getattr(settings, "CERTIFICATES_VERIFY_RATE", DEFAULT_VERIFY_RATE)
    return rate_limit_hit(scope="verify", key=client_ip(request), limit=limit, window=window)
