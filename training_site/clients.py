"""Who is asking: the client address behind a known number of trusted proxies, and a
fixed-window rate limit per key kept in Django's cache.

`TRUSTED_PROXY_COUNT` (default 0) is the number of proxies under our control in front of the
application. Each appends the address it saw to X-Forwarded-For, so the client address is the
entry that many places from the right; anything further left was written by the client and is
ignored. With 0, X-Forwarded-For is ignored altogether and REMOTE_ADDR is the client.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client address as the trusted proxies saw it; REMOTE_ADDR when none is trusted or
    the header doesn't hold as many hops as there are proxies (a request that bypassed them)."""
    remote = request.META.get("REMOTE_ADDR") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
        if len(hops) >= count:
            forwarded = _address(hops[-count])
            if forwarded:
                return forwarded
    return _address(remote) or remote or "unknown"


def rate_limit_reached(*, scope: str, key: str, limit: int) -> bool:
    """True when `key` has already used up its `limit` for the current window (counts nothing)."""
    return (cache.get(f"ratelimit:{scope}:{key}") or 0) >= limit


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
