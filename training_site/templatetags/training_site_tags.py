import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
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


_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# A run of Latin text: from a letter to a letter, digit, closing mark or bracket, through the
# spaces, digits and punctuation a title or a reference has ("IATG 09.10", "E.G. and M.").
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9\s.,:;'’?!&/()\-–]*[A-Za-z0-9.?!)]")


@register.filter
def isolate_latin(value) -> str:
    """Right-to-left text with every Latin run (an English title, an author, a document
    number) escaped inside <bdi>, so its punctuation and brackets stay where the writer put
    them; text without right-to-left letters is only escaped."""
    text = str(value)
    if not _RIGHT_TO_LEFT.search(text):
        return conditional_escape(text)
    parts, done = [], 0
    for match in _LATIN_RUN.finditer(text):
        run = match.group()
        while run.endswith(")") and run.count(")") > run.count("("):
            run = run[:-1].rstrip()  # the bracket closes around the run, in the Arabic text
        parts += [conditional_escape(text[done : match.start()]), format_html("<bdi>{}</bdi>", run)]
        done = match.start() + len(run)
    parts.append(conditional_escape(text[done:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


@register.filter
def bdi(value, direction: str = "") -> str:
    """`value` escaped inside <bdi> (with dir="ltr" for codes, numbers and addresses) so it
    cannot reorder the text around it, even inside a translated sentence."""
    if direction not in ("", "ltr", "rtl"):
        raise template.TemplateSyntaxError(f"bdi: unknown direction {direction!r}")
    if direction:
        return format_html('<bdi dir="{}">{}</bdi>', direction, value)
    return format_html("<bdi>{}</bdi>", value)
