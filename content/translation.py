"""Translated pages made through wagtail-localize, as its "Translate this page" makes them.

`translation_put` gives an English page a `TranslationSource`, a `Translation` per target
locale and, for each of the source's string segments, the `StringTranslation` that a file
(or any other text already written) gives it; then wagtail-localize writes the target page.
A trainer can later "Sync translated pages" and translate only what changed, then
`translation_submit` sends the translated page through the page's moderation workflow.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

TOOL_NAME = "curriculum files"

__all__ = [
    "TOOL_NAME",
    "translation_for_page",
    "translation_put",
    "translation_source_sync",
    "translation_submit",
]


def translation_source_sync(*, page: Page) -> TranslationSource:
    """The page's translation source, brought up to date with the page (new segments for
    changed text; a no-op when nothing changed)."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    return source


@transaction.atomic
def translation_put(
    *,
    source: TranslationSource,
    locale: Locale,
    fields: Mapping[str, Any],
    differs: Callable[[Page, Mapping[str, Any]], bool],
) -> tuple[Page, str]:
    """Make `source`'s page in `locale` hold `fields` through wagtail-localize: its
    translation record, one string translation per source segment (read from `fields`
    at the same content path), then the target page saved and published by
    `Translation.save_target`. `differs(page, fields)` says whether a page needs writing.
    Returns (page, "created" | "updated" | "unchanged")."""
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
    model = source.specific_content_type.model_class()
    page = model.objects.filter(translation_key=source.object_id, locale=locale).first()
    existed = page is not None
    current = page is not None and not differs(page, fields)
    if current and not _untranslated(source=source, locale=locale):
        return page, "unchanged"
    _strings_store(source=source, locale=locale, target=model(locale=locale, **fields))
    if current:  # the page already says it (made before wagtail-localize knew it, say)
        return page, "unchanged"
    # publish=False, then publish here: save_target defers publishing to on_commit, and the
    # loader's callers (and tests) need the page live inside their transaction.
    translation.save_target(publish=False)
    page = translation.get_target_instance()
    page.get_latest_revision().publish()
    return model.objects.get(pk=page.pk), "updated" if existed else "created"


def _untranslated(*, source: TranslationSource, locale: Locale) -> bool:
    """Whether a string of the source has no translation into `locale` yet."""
    return (
        source.stringsegment_set.annotate_translation(locale)
        .filter(translation__isnull=True)
        .exists()
    )


def _strings_store(*, source: TranslationSource, locale: Locale, target: Page) -> None:
    """One StringTranslation per source string segment, from `target`'s text at the same
    content path (the n-th string of a path answers the source's n-th)."""
    translated: dict[str, list[StringSegmentValue]] = defaultdict(list)
    for value in extract_segments(target):
        if isinstance(value, StringSegmentValue):
            translated[value.path].append(value)
    wanted = {}
    seen: dict[str, int] = defaultdict(int)
    segments = source.stringsegment_set.select_related("string", "context").order_by("order")
    for segment in segments:
        path = segment.context.path
        index = seen[path]
        seen[path] += 1
        if index >= len(translated[path]):
            continue  # nothing at that place: wagtail-localize shows the source text
        value = translated[path][index]
        data = _links_renamed(value, json.loads(segment.attrs or "{}"))
        wanted[(segment.string_id, segment.context_id)] = data
    existing = {
        (row.translation_of_id, row.context_id): row
        for row in StringTranslation.objects.filter(
            locale=locale, context_id__in={key[1] for key in wanted}
        )
    }
    now = timezone.now()
    new, changed = [], []
    for (string_id, context_id), data in wanted.items():
        row = existing.get((string_id, context_id))
        if row is None:
            new.append(
                StringTranslation(
                    translation_of_id=string_id,
                    context_id=context_id,
                    locale=locale,
                    data=data,
                    translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                    tool_name=TOOL_NAME,
                )
            )
        elif row.data != data or row.has_error:
            row.data, row.has_error, row.field_error, row.updated_at = data, False, "", now
            row.tool_name = TOOL_NAME
            changed.append(row)
    StringTranslation.objects.bulk_create(new, batch_size=500)
    StringTranslation.objects.bulk_update(
        changed, ["data", "has_error", "field_error", "updated_at", "tool_name"], batch_size=500
    )


def _links_renamed(value: StringSegmentValue, source_attrs: dict) -> str:
    """The translated string's HTML with each link carrying the id of the source's link to
    the same address (wagtail-localize restores addresses from the source); a link the
    source string doesn't have keeps its text only."""
    if not value.attrs:
        return value.string.data
    by_href = {attrs.get("href"): name for name, attrs in source_attrs.items()}
    soup = BeautifulSoup(value.string.data, "html.parser")
    for element in soup.find_all("a"):
        href = value.attrs.get(element.get("id"), {}).get("href")
        if href in by_href:
            element.attrs = {"id": by_href[href]}
        else:
            element.unwrap()
    return str(soup)


def translation_for_page(*, page: Page) -> Translation | None:
    """The enabled wagtail-localize translation whose target is `page`, if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


@transaction.atomic
def translation_submit(*, translation: Translation, user) -> Page:
    """Save the translation's current text as a draft revision of its page and send that draft
    to the page's moderation workflow (or back to it, when the reviewer asked for changes), as
    Wagtail's editor does with "Submit for moderation". Raises PermissionDenied when `user`
    may not edit the page or the page has no workflow to go through."""
    page = translation.get_target_instance().specific
    permissions = page.permissions_for_user(user)
    state = page.current_workflow_state
    resubmit = state is not None and state.status == state.STATUS_NEEDS_CHANGES
    if not permissions.can_edit() or not (resubmit or permissions.can_submit_for_moderation()):
        raise PermissionDenied
    # A draft revision only, as Wagtail's "Save draft": save_target(publish=False) would also
    # write the text into the page's row, which is what visitors see, before any approval.
    draft = translation.source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    draft.save_revision(user=user)
    page = type(page).objects.get(pk=page.pk)
    if resubmit:
        state.resume(user=user)
    else:
        page.get_workflow().start(page, user)
    return page
