"""Lesson diagrams: SVG reduced to a drawing subset, rendered with a text alternative."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from training_site.blocks import DiagramBlock
from training_site.sanitize import UnsafeSvg, clean_svg

DRAWING = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" onload="steal()">'
    "<script>alert(1)</script><style>*{}</style>"
    '<g><rect x="1" y="1" width="98" height="38" fill="#f2f5f9" style="x"/>'
    '<a href="javascript:alert(1)"><text>link</text></a>'
    "<foreignObject><div>html</div></foreignObject>"
    '<text x="50" y="25" font-size="14" text-anchor="middle">Two keys &amp; two people</text>'
    '<path d="M0 0 L10 10" fill="url(data:x)"/></g></svg>'
)


def test_a_drawing_keeps_its_shapes_and_text_and_loses_everything_else():
    clean = clean_svg(DRAWING)
    for kept in ('viewBox="0 0 100 40"', "<rect", 'fill="#f2f5f9"', "Two keys &amp; two people"):
        assert kept in clean
    for dropped in ("onload", "script", "style", "href", "link", "foreignObject", "html", "data:"):
        assert dropped not in clean


@pytest.mark.parametrize(
    "markup",
    [
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg viewBox="0 0 1 1"><text>&a;</text></svg>',
        "<html><svg/></html>",
        "<svg><rect></svg>",
        "<svg>" + "<rect/>" * 10_000 + "</svg>",
    ],
)
def test_declarations_other_roots_broken_or_huge_markup_are_refused(markup):
    with pytest.raises(UnsafeSvg):
        clean_svg(markup)


def test_the_block_renders_a_figure_with_its_text_alternative():
    block = DiagramBlock()
    html = block.render(
        block.to_python({"title": "Two-person rule", "alt": "Two keys, two people", "svg": DRAWING})
    )
    assert 'role="img" aria-label="Two keys, two people"' in html
    assert "<figcaption" in html and "Two-person rule" in html
    assert "<svg" in html and "script" not in html


def test_the_editor_refuses_markup_that_is_no_drawing():
    block = DiagramBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "T", "alt": "A", "svg": "<div>not svg</div>"}))
