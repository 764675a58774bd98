"""The one place where text entered by users (not trusted editors) is cleaned of markup.

Users never enter HTML on this platform: their names, ranks and the like are plain text,
stripped of tags here before they are stored, and escaped by templates when shown.
"""

import html
import re

import bleach

# C0 and C1 controls and DEL; tabs and line breaks are refused too (names are one line).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class UnsafeText(ValueError):
    """The text holds a control character, or markup that survived stripping."""


def clean_text(value: str) -> str:
    """One line of plain text: tags are stripped, then entities decoded so "R&D" stays "R&D"
    (templates escape it when shown). Raises UnsafeText for control characters, and for `<` or
    `>` left after stripping (typed as such, or as `&lt;script&gt;`), which no name needs."""
    value = value or ""
    if CONTROL_CHARACTERS.search(value):
        raise UnsafeText("control characters")
    stripped = bleach.clean(value, tags=set(), attributes={}, strip=True, strip_comments=True)
    text = html.unescape(stripped)
    if "<" in text or ">" in text or CONTROL_CHARACTERS.search(text):
        raise UnsafeText("markup")
    return text


# Diagrams: a drawing subset of SVG. Editors paste SVG into lesson diagrams; whatever falls
# outside this list (scripts, links, styles, images, foreign content) is dropped.
SVG_NS = "http://www.w3.org/2000/svg"
SVG_ELEMENTS = frozenset(
    "svg g rect circle ellipse line polyline polygon path text tspan defs marker title desc".split()
)
SVG_ATTRIBUTES = frozenset(
    """viewBox x y x1 y1 x2 y2 cx cy r rx ry width height points d fill stroke stroke-width
    stroke-dasharray stroke-linecap stroke-linejoin opacity fill-opacity font-size font-weight
    text-anchor dominant-baseline transform id marker-start marker-end markerWidth markerHeight
    refX refY orient direction""".split()
)
MAX_SVG_CHARACTERS = 30_000


class UnsafeSvg(ValueError):
    """The markup is not a drawing this platform accepts (not SVG, too large, or a DTD)."""


def clean_svg(markup: str) -> str:
    """An SVG drawing reduced to SVG_ELEMENTS and SVG_ATTRIBUTES, serialised without
    namespace prefixes. Raises UnsafeSvg for markup that is not such a drawing."""
    from xml.etree import ElementTree

    from defusedxml.ElementTree import fromstring

    markup = (markup or "").strip()
    if len(markup) > MAX_SVG_CHARACTERS:
        raise UnsafeSvg(f"longer than {MAX_SVG_CHARACTERS} characters")
    if "<!" in markup:  # DOCTYPE, ENTITY, CDATA: nothing a drawing needs
        raise UnsafeSvg("declarations are not allowed")
    try:
        root = fromstring(markup)
    except ElementTree.ParseError as error:
        raise UnsafeSvg(f"not well-formed: {error}") from error
    if _local(root.tag) != "svg":
        raise UnsafeSvg("the drawing must be one <svg> element")
    _prune(root)
    ElementTree.register_namespace("", SVG_NS)
    if root.tag == "svg":  # written without its namespace: browsers need it inline
        root.set("xmlns", SVG_NS)
    return ElementTree.tostring(root, encoding="unicode")


def _safe_value(value: str) -> bool:
    """No script or outside reference: url() may only point inside the drawing (#id)."""
    lowered = value.lower()
    if "javascript:" in lowered or "data:" in lowered:
        return False
    return all(part.startswith("#") for part in re.findall(r"url\(\s*([^)]*)\)", lowered))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _prune(element) -> None:
    for name, value in list(element.attrib.items()):
        if name not in SVG_ATTRIBUTES or not _safe_value(value):
            del element.attrib[name]
    for child in list(element):
        if _local(child.tag) in SVG_ELEMENTS:
            _prune(child)
        else:
            element.remove(child)
