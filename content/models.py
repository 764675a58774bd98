from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyStreamBlock


class HomePage(Page):
    """The site's front page in each language: a welcome and a path into the catalogue."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences that say what the platform is for."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "courses.CourseIndexPage",
        "content.StandardPage",
        "content.WorkshopPackIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_index_for_locale

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = course_index_for_locale(locale=self.locale)
        return context


class StandardPage(Page):
    """A plain content page: about, help, a module glossary."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    parent_page_types = ["content.HomePage", "content.StandardPage", "courses.CoursePage"]
    subpage_types = ["content.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class WorkshopPackIndexPage(Page):
    """Lists the workshop packs that institutions can download (see content.packs)."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("workshop packs page")


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The organisation behind the site: its name and logo, and who signs certificates."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        default="Arms Management Training for Peace Operations",
        help_text=_("Shown in the page header and on certificates."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A small logo for certificates and workshop packs."),
    )
    signatory_name = models.CharField(
        _("signatory name"),
        max_length=150,
        blank=True,
        help_text=_("The person whose name appears under the signature on certificates."),
    )
    signatory_title = models.CharField(
        _("signatory title"),
        max_length=200,
        blank=True,
        help_text=_("For example: Director, Regional Peacekeeping Training Centre."),
    )
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A scanned signature with a transparent or white background."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("organisation_name"), FieldPanel("logo")], _("Organisation")),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_title"),
                FieldPanel("signature_image"),
            ],
            _("Certificate signatory"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation settings")
