from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Page

from training_site.page_cache import pages_cached

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    """Links to this page in each content language: the page's translation when it exists,
    otherwise the same URL under the other language prefix. On a Wagtail page the translations
    come from the pages cache (one query when it is cold)."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    translations: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        host = request.get_host() if request else ""
        translations = pages_cached(
            f"translations:{host}:{page.pk}", lambda: _translation_urls(page, request)
        )
    links = []
    path = request.get_full_path() if request else "/"
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        url = translations.get(code) or translate_url(path, code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


def _translation_urls(page: Page, request) -> dict[str, str]:
    urls = {}
    for other in page.get_translations(inclusive=True).live().select_related("locale"):
        url = other.get_url(request=request)
        if url:
            urls[other.locale.language_code] = url
    return urls


@register.simple_tag
def organisation_name() -> str:
    """The organisation name in the active language, for templates rendered without a request
    (e-mails sent by tasks); pages use the `organisation` context variable."""
    from training_site.selectors import organisation_settings

    return organisation_settings().name


@register.simple_tag
def server_time() -> int:
    """When this page is rendered, in epoch milliseconds on the server's clock."""
    from training_site.selectors import server_time_ms

    return server_time_ms()


@register.filter
def isolate_ltr(value) -> str:
    """Wrap plain text (a code, a number) in left-to-right isolate marks (U+2066 … U+2069) so
    it keeps its order and stays whole inside right-to-left text; for text e-mails. Web pages
    and PDFs use <bdi dir="ltr"> instead."""
    return f"\u2066{value}\u2069"


@register.filter
def bdi(value, direction: str = "") -> str:
    """`value` escaped inside <bdi> (with dir="ltr" for codes, numbers and addresses) so it
    cannot reorder the text around it, even inside a translated sentence."""
    if direction not in ("", "ltr", "rtl"):
        raise template.TemplateSyntaxError(f"bdi: unknown direction {direction!r}")
    if direction:
        return format_html('<bdi dir="{}">{}</bdi>', direction, value)
    return format_html("<bdi>{}</bdi>", value)
