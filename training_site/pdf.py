"""PDF rendering with WeasyPrint, shared by certificates and workshop packs.

WeasyPrint may load only the project's own static files: no network, no `file:` access
outside the static folders, whatever a name or title in the document contains.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_SCHEME = "static:"


class BlockedResourceError(ValueError):
    pass


def static_url_fetcher(url: str, *args, **kwargs) -> dict:
    """Serve `static:<path>` (and the STATIC_URL prefix) from the project's static files; refuse
    anything else, so user-controlled text can never make the renderer fetch a resource."""
    from weasyprint.urls import default_url_fetcher

    path = None
    if url.startswith(STATIC_SCHEME):
        path = url[len(STATIC_SCHEME) :].lstrip("/")
    else:
        parsed = urlparse(url)
        if parsed.scheme in ("", "file") and parsed.path.startswith(settings.STATIC_URL):
            path = parsed.path[len(settings.STATIC_URL) :]
        elif parsed.scheme == "data":
            return default_url_fetcher(url, *args, **kwargs)
    if not path or ".." in Path(unquote(path)).parts:
        raise BlockedResourceError(f"Blocked resource: {url[:80]}")
    found = finders.find(unquote(path))
    if not found:
        raise BlockedResourceError(f"Unknown static file: {path[:80]}")
    return {"file_obj": open(found, "rb"), "filename": Path(found).name}  # noqa: SIM115


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes. Templates refer to assets as `static:<path>`."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=static_url_fetcher).write_pdf()
