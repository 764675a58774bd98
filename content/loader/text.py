"""Stable ids for page keys and block ids, and curriculum text → rich or plain text."""

import html
import re
import uuid
from typing import Any

# Fixed forever: changing it would change every translation key and block id.
NAMESPACE = uuid.UUID("6f1c2b0e-3d4a-5b6c-8d7e-9fa0b1c2d3e4")


def stable_id(*parts: str) -> str:
    """A deterministic UUID (as a string) for a page key or block id."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def text_to_html(text: str) -> str:
    """Plain text with blank-line paragraphs, `**bold**` and `*italic*` → Wagtail rich text."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        escaped = " ".join(html.escape(paragraph, quote=False).split())
        escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
        escaped = re.sub(r"\*(.+?)\*", r"<i>\1</i>", escaped)
        out.append(f"<p>{escaped}</p>")
    return "".join(out)


def text_to_plain(text: str) -> str:
    """The same text for a plain-text field: emphasis markers dropped."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text.strip())
    return re.sub(r"\*(.+?)\*", r"\1", text)


def _item(value: Any, *parts: str) -> dict:
    return {"type": "item", "value": value, "id": stable_id(*parts)}
