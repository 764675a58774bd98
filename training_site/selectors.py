"""Reads every app shares: a page in the reader's language, and the organisation settings."""

from collections.abc import Iterable
from uuid import UUID

from django.core.cache import cache
from django.db.models import Model, QuerySet
from django.utils import timezone
from wagtail.models import Page, Site

from .models import OrganisationSettings

ORGANISATION_CACHE_KEY = "training_site:organisation-settings:{site}"
ORGANISATION_CACHE_SECONDS = 60 * 60


def _base_language(code: str | None) -> str | None:
    return code.split("-")[0] if code else None


def _pages(pages: type[Model] | QuerySet) -> QuerySet:
    queryset = pages.objects.all() if isinstance(pages, type) else pages
    return queryset.select_related("locale").order_by("path")


def _choose(candidates: list, languages: list[str], *, any_language: bool):
    by_language: dict[str, Page] = {}
    for page in candidates:
        by_language.setdefault(page.locale.language_code, page)
    for code in languages:
        if code in by_language:
            return by_language[code]
    return candidates[0] if candidates and any_language else None


def page_in_language(
    pages: type[Model] | QuerySet,
    *,
    translation_key: UUID,
    language: str | None,
    fallback: str | None = None,
    any_language: bool = True,
):
    """The page of `pages` (a page model or queryset, e.g. `CoursePage.objects.live()`) with
    `translation_key` in `language`, else in `fallback`, else (unless `any_language` is off)
    the first in tree order; None when there is none. One query."""
    languages = [code for code in (_base_language(language), _base_language(fallback)) if code]
    candidates = list(_pages(pages).filter(translation_key=translation_key))
    return _choose(candidates, languages, any_language=any_language)


def pages_in_language(
    pages: type[Model] | QuerySet,
    *,
    translation_keys: Iterable[UUID],
    language: str | None,
    fallback: str | None = None,
) -> dict[UUID, Page]:
    """`page_in_language` for many keys at once: {translation_key: page}. One query."""
    languages = [code for code in (_base_language(language), _base_language(fallback)) if code]
    grouped: dict[UUID, list] = {}
    for page in _pages(pages).filter(translation_key__in=list(translation_keys)):
        grouped.setdefault(page.translation_key, []).append(page)
    return {
        key: _choose(candidates, languages, any_language=True)
        for key, candidates in grouped.items()
    }


def organisation_settings(*, request=None, site: Site | None = None) -> OrganisationSettings:
    """The organisation settings of `site`, else of the request's site, else of the default
    site; unsaved defaults when there is no site. Cached: no query on a warm cache once the
    site is known; saving the settings clears the entry (see signal_handlers)."""
    if site is None and request is not None:
        site = Site.find_for_request(request)
    key = ORGANISATION_CACHE_KEY.format(site=site.pk if site else "default")
    found = cache.get(key)
    if found is not None:
        return found
    if site is None:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return OrganisationSettings()
    found = OrganisationSettings.for_site(site)
    cache.set(key, found, timeout=ORGANISATION_CACHE_SECONDS)
    return found


def organisation_settings_forget(*, site_id: int) -> None:
    """Drop the cached settings of a site (and of the default-site look-up)."""
    cache.delete_many(
        [
            ORGANISATION_CACHE_KEY.format(site=site_id),
            ORGANISATION_CACHE_KEY.format(site="default"),
        ]
    )


def server_time_ms() -> int:
    """The server's clock in epoch milliseconds: pages and answers say when they were made, so
    a device can tell a cached copy from a newer one without trusting its own clock."""
    return int(timezone.now().timestamp() * 1000)
