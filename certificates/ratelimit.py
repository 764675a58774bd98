"""A fixed-window rate limit per client, kept in Django's cache (shared by all processes when
the cache is Redis)."""

from django.conf import settings
from django.core.cache import cache

DEFAULT_VERIFY_RATE = (30, 600)  # lookups, seconds


def client_ip(request) -> str:
    # REMOTE_ADDR only: the proxy in front must set it (X-Forwarded-For is client-controlled).
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one event for `key`; True when the limit for the window is exceeded."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=window)
            count = 1
    return count > limit


def verification_rate_limited(request) -> bool:
    limit, window = getattr(settings, "CERTIFICATES_VERIFY_RATE", DEFAULT_VERIFY_RATE)
    return rate_limit_hit(scope="verify", key=client_ip(request), limit=limit, window=window)
