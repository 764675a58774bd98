"""PDF rendering with WeasyPrint, shared by certificates and workshop packs.

WeasyPrint may load only the project's own static files: no network, no `file:` access
outside the static folders, whatever a name or title in the document contains.
"""

import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_SCHEME = "static:"
# The fonts embedded in every PDF (Latin and Arabic), as static paths.
PDF_FONTS = {
    "regular": "training_site/fonts/DejaVuSans.ttf",
    "bold": "training_site/fonts/DejaVuSans-Bold.ttf",
}


class BlockedResourceError(ValueError):
    pass


def static_path_for(url: str) -> str | None:
    """The static-file path a `static:<path>` (or STATIC_URL) URL names; None for `data:`.
    Raises BlockedResourceError for anything else, or for a path outside the static files."""
    path = None
    if url.startswith(STATIC_SCHEME):
        path = url[len(STATIC_SCHEME) :].lstrip("/")
    else:
        parsed = urlparse(url)
        if parsed.scheme in ("", "file") and parsed.path.startswith(settings.STATIC_URL):
            path = parsed.path[len(settings.STATIC_URL) :]
        elif parsed.scheme == "data":
            return None
    if not path or ".." in Path(unquote(path)).parts:
        raise BlockedResourceError(f"Blocked resource: {url[:80]}")
    found = finders.find(unquote(path))
    if not found:
        raise BlockedResourceError(f"Unknown static file: {path[:80]}")
    return found


@cache
def _fetcher_class():
    # WeasyPrint >= 70 wants a URLFetcher subclass returning URLFetcherResponse objects.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticURLFetcher(URLFetcher):
        """Serve `static:<path>` (and the STATIC_URL prefix) from the project's static files;
        refuse anything else, so user-controlled text can never make the renderer fetch."""

        def fetch(self, url, headers=None):
            found = static_path_for(url)
            if found is None:  # data: URIs carry their content with them
                return super().fetch(url, headers)
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticURLFetcher


def static_url_fetcher():
    """A fresh fetcher that only serves the project's static files (and data: URIs)."""
    return _fetcher_class()(allowed_protocols={"static", "data", "file"}, allow_redirects=False)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes. Templates refer to assets as `static:<path>`."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=static_url_fetcher()).write_pdf()


def pdf_fonts() -> dict[str, str]:
    """The embedded fonts as `static:` URLs for templates: {"regular": ..., "bold": ...}."""
    return {name: f"{STATIC_SCHEME}{path}" for name, path in PDF_FONTS.items()}
