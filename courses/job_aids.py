"""Job aids as one-page PDFs, in the course's language: rendered once per course revision and
kept in the cache (an accelerator: without it they are rendered again)."""

from django.core.cache import cache
from django.utils import translation
from django.utils.text import slugify

from training_site.pdf import pdf_fonts, render_pdf

from .models import CoursePage

CACHE_SECONDS = 60 * 60 * 24 * 30


def job_aid_find(*, course: CoursePage, aid_id: str):
    """The course's job aid block with this id (the same in every language), or None."""
    return next((aid for aid in course.job_aids if str(aid.id) == str(aid_id)), None)


def job_aid_filename(*, position: int, aid) -> str:
    slug = slugify(aid.value["title"], allow_unicode=True)[:60] or "job-aid"
    return f"{position:02d}-{slug}.pdf"


def job_aid_pdf(*, course: CoursePage, aid) -> bytes:
    """The job aid as PDF bytes (A4, one page for the aids the curriculum ships)."""
    key = f"courses:job-aid:{course.pk}:{course.live_revision_id}:{aid.id}"
    data = _cache_get(key)
    if data is None:
        language = course.locale.language_code
        with translation.override(language):
            data = render_pdf(
                "courses/job_aid.html",
                {
                    "course": course,
                    "aid": aid.value,
                    "language_code": language,
                    "direction": "rtl" if translation.get_language_bidi() else "ltr",
                    "fonts": pdf_fonts(),
                },
            )
        _cache_set(key, data)
    return data


def _cache_get(key: str) -> bytes | None:
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - the cache may be down; render instead
        return None


def _cache_set(key: str, data: bytes) -> None:
    try:
        cache.set(key, data, CACHE_SECONDS)
    except Exception:  # noqa: BLE001, S110 - a cache that fails only costs a render
        pass
