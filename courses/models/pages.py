from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import BodyStreamBlock


class CourseLevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseIndexPage(Page):
    """The catalogue: the live courses under it, in the current language."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.courses()
        return context

    def courses(self):
        return (
            CoursePage.objects.live()
            .public()
            .child_of(self)
            .select_related("image")
            .order_by("path")
        )


class CoursePage(Page):
    """A module: its overview, and the lessons and quizzes beneath it in order."""

    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences shown in the catalogue.")
    )
    audience = models.TextField(
        _("audience"), blank=True, help_text=_("Who the course is for and what they need first.")
    )
    objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("Objective"), max_length=500))],
        blank=True,
        verbose_name=_("learning objectives"),
        help_text=_("What a learner can do after the course, one objective per item."),
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"),
        default=180,
        help_text=_("How long an average learner needs for the whole course."),
    )
    level = models.CharField(
        _("level"), max_length=16, choices=CourseLevel.choices, default=CourseLevel.INTRODUCTORY
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Shown small in the catalogue; keep it light."),
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        verbose_name=_("overview"),
        help_text=_("Optional further overview content shown on the course page."),
    )
    allow_anonymous_lessons = models.BooleanField(
        _("lessons readable without an account"),
        default=True,
        help_text=_("When off, visitors must sign in and enrol to read the lessons."),
    )
    show_score_on_certificate = models.BooleanField(
        _("show score on certificate"),
        default=True,
        help_text=_("Print the final assessment score on the learner's certificate."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("level"), FieldPanel("image")],
            _("Details"),
        ),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("allow_anonymous_lessons"),
        FieldPanel("show_score_on_certificate"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "assessments.QuizPage", "content.StandardPage"]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = list(self.lessons())
        return context

    @property
    def estimated_hours(self) -> float:
        return round(self.estimated_minutes / 60, 1)

    def lessons(self):
        """Live lessons in tree order (one query)."""
        return LessonPage.objects.live().child_of(self).order_by("path")


class LessonPage(Page):
    """One lesson of a course: a body of teaching blocks."""

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One sentence shown in the lesson list.")
    )
    estimated_minutes = models.PositiveIntegerField(_("estimated duration (minutes)"), default=30)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
