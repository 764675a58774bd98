from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    """Links to this page in each content language: the page's translation when it exists,
    otherwise the same URL under the other language prefix. One query on a Wagtail page."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    translations: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        for other in page.get_translations(inclusive=True).live().select_related("locale"):
            url = other.get_url(request=request)
            if url:
                translations[other.locale.language_code] = url
    links = []
    path = request.get_full_path() if request else "/"
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        url = translations.get(code) or translate_url(path, code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}
