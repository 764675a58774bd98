"""The one place where text entered by users (not trusted editors) is cleaned of markup.

Users never enter HTML on this platform: their names, ranks and the like are plain text,
stripped of tags here before they are stored, and escaped by templates when shown.
"""

import html

import bleach


def clean_text(value: str) -> str:
    """Plain text: tags are removed and entities decoded, so "R&D" stays "R&D" (templates
    escape it when shown)."""
    stripped = bleach.clean(value or "", tags=set(), attributes={}, strip=True, strip_comments=True)
    return html.unescape(stripped)
