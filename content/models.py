from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from training_site.blocks import BodyStreamBlock
from training_site.routing import TypedChildRoutingMixin


class HomePage(TypedChildRoutingMixin, Page):
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
        "workshops.WorkshopPackIndexPage",
    ]
    routed_child_model = "courses.CourseIndexPage"
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
