from functools import cached_property

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.shortcuts import redirect
from django.template.loader import select_template
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import JobAidStreamBlock
from training_site.blocks import BodyStreamBlock
from training_site.routing import TypedChildRoutingMixin, ViewRestrictionsCacheMixin


class CourseLevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseIndexPage(TypedChildRoutingMixin, Page):
    """The catalogue: the live courses under it, in the current language."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    routed_child_model = "courses.CoursePage"
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


class CoursePage(TypedChildRoutingMixin, Page):
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
    job_aids = StreamField(
        JobAidStreamBlock(),
        blank=True,
        verbose_name=_("job aids"),
        help_text=_(
            "Printable one-page checklists and forms. Each lesson links to its own; workshop "
            "packs include them all."
        ),
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
        FieldPanel("job_aids"),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("allow_anonymous_lessons"),
        FieldPanel("show_score_on_certificate"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
    ]
    routed_child_model = "courses.LessonPage"
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "assessments.QuizPage", "content.StandardPage"]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import (
            course_lessons,
            course_next_step,
            course_progress_for,
            course_quizzes_for,
            course_resources,
        )

        context = super().get_context(request, *args, **kwargs)
        lessons = course_lessons(course=self)
        context["lessons"] = lessons
        context["progress"] = course_progress_for(user=request.user, course=self, lessons=lessons)
        context["quizzes"] = course_quizzes_for(user=request.user, course=self)
        context["resources"] = course_resources(course=self)
        context["next_step"] = course_next_step(
            course=self, progress=context["progress"], quizzes=context["quizzes"], request=request
        )
        return context

    @property
    def cover(self):
        """The course's cover drawing, for `{% include course.cover %}`: the inline SVG
        courses/covers/<slug>.svg (drawn for the shipped modules), else a generic one."""
        return select_template(
            [f"courses/covers/{self.slug.replace('-', '_')}.svg", "courses/covers/course.svg"]
        )

    @property
    def estimated_hours(self) -> float:
        return round(self.estimated_minutes / 60, 1)

    def lessons(self):
        """Live lessons in tree order, without their bodies (one query)."""
        return LessonPage.objects.live().child_of(self).defer_streamfields().order_by("path")


class LessonPage(ViewRestrictionsCacheMixin, Page):
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

    def serve(self, request, *args, **kwargs):
        from courses.selectors import lesson_access_for

        course = self.course
        access = lesson_access_for(user=request.user, course=course)
        if access == "login":
            return redirect_to_login(request.get_full_path())
        if access == "enrol":
            messages.info(request, _("Enrol in the course to read its lessons."))
            return redirect(course.get_url(request=request))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_lessons, course_progress_for
        from courses.services import lesson_progress_record

        context = super().get_context(request, *args, **kwargs)
        course = self.course
        lessons = course_lessons(course=course)
        progress = course_progress_for(user=request.user, course=course, lessons=lessons)
        item = next((item for item in progress.items if item.lesson.pk == self.pk), None)
        if (
            request.user.is_authenticated
            and not getattr(request, "is_preview", False)
            and (item is None or not item.viewed)
        ):
            lesson_progress_record(
                user=request.user, lesson=self, course_key=course.translation_key
            )
        previous, following = progress.neighbours(self)
        position = next((n for n, lesson in enumerate(lessons, 1) if lesson.pk == self.pk), 0)
        context.update(
            job_aids=[aid for aid in course.job_aids if aid.value["lesson"] == str(position)],
            course=course,
            progress=progress,
            lesson_completed=bool(item and item.completed),
            previous_lesson=previous,
            next_lesson=following,
        )
        return context

    @cached_property
    def course(self) -> CoursePage:
        """The course the lesson belongs to: the page that routed to it, else one query."""
        parent = getattr(self, "_cached_parent_obj", None)
        if isinstance(parent, CoursePage):
            return parent
        return CoursePage.objects.get(path=self.path[: -self.steplen])
