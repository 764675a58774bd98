"""Blocks of course pages: printable job aids (checklists and forms for the field)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from training_site.blocks import lesson_position_block


class JobAidSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("checklist", _("Checklist (tick boxes)")),
            ("fields", _("Form fields (a line to write on)")),
            ("steps", _("Numbered steps")),
        ],
        default="checklist",
    )
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Items"))

    class Meta:
        icon = "list-ul"
        label = _("Section")


class JobAidBlock(blocks.StructBlock):
    """A one-page aid printed from the lesson that teaches it, and included in workshop packs."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    lesson = lesson_position_block(
        label=_("Lesson"), help_text=_("The lesson that links to it, counted in course order.")
    )
    purpose = blocks.TextBlock(label=_("Purpose"), help_text=_("Who uses it, and when."))
    sections = blocks.ListBlock(JobAidSectionBlock(), label=_("Sections"))
    note = blocks.TextBlock(
        label=_("Note"), required=False, help_text=_("Its doctrinal basis, printed at the foot.")
    )

    class Meta:
        icon = "clipboard-list"
        label = _("Job aid")


class JobAidStreamBlock(blocks.StreamBlock):
    job_aid = JobAidBlock()
