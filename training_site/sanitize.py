"""The one place where HTML entered by users (not trusted editors) is cleaned."""

import bleach

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def clean_html(value: str) -> str:
    """Keep a small safe subset of HTML; strip everything else (scripts, styles, events)."""
    return bleach.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def clean_text(value: str) -> str:
    """Plain text: no markup at all survives."""
    return bleach.clean(value or "", tags=set(), attributes={}, strip=True, strip_comments=True)
