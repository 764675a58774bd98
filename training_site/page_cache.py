"""Reads of published pages kept in the cache until any page changes.

Where a URL leads, a page's translations and a course's lessons change only when an editor
publishes, unpublishes, moves, saves or deletes a page, so every learner can share them. One
version token in the cache stamps each entry; a change to any page (or site, or locale)
replaces the token, and every entry stamped before it is ignored from then on (and expires on
its own). A read is one cache round trip: the token and the entry
together.

The token changes at the save, for the saving process's own reads, and again at the commit: a
reader elsewhere between the save and the commit stores the old page under the save's token,
which the commit retires.

Several processes share these entries only through a shared cache (Redis in production, see
README); with the local-memory cache each process keeps its own, and a change made in one
process reaches the others' entries within PAGES_CACHE_SECONDS.
"""

import hashlib
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from wagtail.models.pages import COMMENTS_RELATION_NAME

PAGES_VERSION_KEY = "training:pages:version"
PAGES_CACHE_SECONDS = 3600


def _key(name: str) -> str:
    # Paths come from the request: hashed, any length and any character make a valid key.
    return "training:pages:" + hashlib.blake2b(name.encode(), digest_size=16).hexdigest()


def _current_version(found: dict) -> str | None:
    version = found.get(PAGES_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(PAGES_VERSION_KEY, version, timeout=None):
            # Another process set it first (or the cache is down: then nothing is stored).
            version = cache.get(PAGES_VERSION_KEY)
    return version


def pages_cached[T](name: str, compute: Callable[[], T], *, keep: Callable[[T], bool] = bool) -> T:
    """The value stored under `name` since pages last changed, else `compute()`, stored when
    `keep(value)` says so (by default when it is truthy: not-found results aren't kept, so
    requests for random paths can't fill the cache)."""
    key = _key(name)
    found = cache.get_many([PAGES_VERSION_KEY, key])
    entry = found.get(key)
    version = _current_version(found)
    if entry is not None and version is not None and entry[0] == version:
        return entry[1]
    value = compute()
    if version is not None and keep(value):
        cache.set(key, (version, value), timeout=PAGES_CACHE_SECONDS)
    return value


# What saving a draft writes on the live page row: nothing a visitor sees changes.
DRAFT_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def pages_changed(update_fields=None, **kwargs) -> None:
    """Retire every entry now, for the rest of this transaction, and again once it commits,
    for what other processes read meanwhile (a signal receiver). A saved draft retires
    nothing: editors saving as they write would otherwise empty the cache for everyone."""
    if update_fields and DRAFT_FIELDS.issuperset(update_fields):
        return
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(PAGES_VERSION_KEY, uuid.uuid4().hex, timeout=None)
