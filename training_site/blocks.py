"""The shared body stream: blocks every teaching page can use.

`courses` and `assessments` extend `BodyStreamBlock`; block templates live in
`training_site/templates/training_site/blocks/`.
"""

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from training_site.sanitize import UnsafeSvg, clean_svg

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "superscript"]
MAX_LESSONS = 20


def lesson_position_block(**kwargs) -> blocks.ChoiceBlock:
    """A choice of "Lesson 1" to "Lesson 20": a lesson named by its position in the course,
    the same in every translation (wagtail-localize never offers it for translation)."""
    return blocks.ChoiceBlock(
        choices=[(str(n), format_lazy("{} {}", _("Lesson"), n)) for n in range(1, MAX_LESSONS + 1)],
        **kwargs,
    )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "training_site/blocks/heading.html"
        preview_value = {"text": "Layered physical security", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "training_site/blocks/image.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("note", _("Note")),
            ("warning", _("Warning")),
            ("key_point", _("Key point")),
        ],
        default="note",
        label=_("Kind"),
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    body = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "training_site/blocks/callout.html"
        preview_value = {
            "kind": "warning",
            "title": "Stop and call qualified personnel",
            "body": "<p>Never handle damaged ammunition yourself.</p>",
        }


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(max_length=500), label=_("Points"))

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "training_site/blocks/key_points.html"
        preview_value = {"title": "Key points", "items": ["Count", "Record", "Report"]}


class ScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    situation = blocks.RichTextBlock(label=_("Situation"), features=RICH_TEXT_FEATURES)
    questions = blocks.ListBlock(blocks.CharBlock(max_length=500), label=_("Discussion questions"))
    debrief = blocks.RichTextBlock(
        label=_("Debrief"),
        required=False,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "The model answer: what a good decision weighs and the doctrine behind it. "
            "Learners open it after writing down their own answer."
        ),
    )

    class Meta:
        icon = "group"
        label = _("Scenario")
        template = "training_site/blocks/scenario.html"
        preview_value = {
            "title": "The quiet company base",
            "situation": "<p>Night sentries have been cut from four to two.</p>",
            "questions": ["What would you change first?"],
            "debrief": "<p>Restore the sentries and lock the keys away first.</p>",
        }


class DiagramBlock(blocks.StructBlock):
    """An SVG drawing (a flow, a layout, a form) with its text alternative and caption."""

    title = blocks.CharBlock(label=_("Caption"), max_length=200)
    alt = blocks.TextBlock(
        label=_("Text alternative"),
        help_text=_("What the diagram shows and means, for readers who cannot see it."),
    )
    svg = blocks.TextBlock(
        label=_("SVG"),
        help_text=_(
            "Paste an SVG drawing. Shapes, lines and text only: scripts, links, styles and "
            "images are removed. Keep it under 10 KB."
        ),
    )

    class Meta:
        icon = "image"
        label = _("Diagram")
        template = "training_site/blocks/diagram.html"
        preview_value = {
            "title": "Two-person rule",
            "alt": "Two keys held by two people open the armoury.",
            "svg": '<svg viewBox="0 0 200 60"><rect x="10" y="10" width="180" height="40" '
            'fill="#f2f5f9" stroke="#1f4e79"/><text x="100" y="36" font-size="14" '
            'text-anchor="middle">Two keys, two people</text></svg>',
        }

    def clean(self, value):
        value = super().clean(value)
        try:
            clean_svg(value["svg"])
        except UnsafeSvg as error:
            raise StructBlockValidationError(
                block_errors={"svg": ValidationError(_("Not a usable SVG drawing: %s") % error)}
            ) from error
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        try:
            context["drawing"] = mark_safe(clean_svg(value["svg"]))  # noqa: S308 - cleaned
        except UnsafeSvg:
            context["drawing"] = ""
        return context


class GlossaryTermBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("Term"), max_length=200)
    definition = blocks.TextBlock(label=_("Definition"))


class GlossaryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    terms = blocks.ListBlock(GlossaryTermBlock(), label=_("Terms"))

    class Meta:
        icon = "doc-full"
        label = _("Glossary terms")
        template = "training_site/blocks/glossary.html"
        preview_value = {
            "title": "Glossary",
            "terms": [{"term": "Diversion", "definition": "Loss of control over materiel."}],
        }


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address"), help_text=_("A YouTube or Vimeo link."))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Required for learners who cannot play video or hear audio."),
    )

    class Meta:
        icon = "media"
        label = _("Video with transcript")
        template = "training_site/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200)
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=300)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Document download")
        template = "training_site/blocks/document.html"


class SourcesBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(max_length=500), label=_("Sources"))

    class Meta:
        icon = "link"
        label = _("Sources")
        template = "training_site/blocks/sources.html"
        preview_value = {"title": "Sources", "items": ["Small Arms Survey (2017)"]}


class BodyStreamBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="training_site/blocks/rich_text.html",
    )
    heading = HeadingBlock()
    image = ImageBlock()
    callout = CalloutBlock()
    key_points = KeyPointsBlock()
    scenario = ScenarioBlock()
    diagram = DiagramBlock()
    glossary = GlossaryBlock()
    video = VideoBlock()
    document = DocumentBlock()
    sources = SourcesBlock()

    class Meta:
        block_counts = {}
