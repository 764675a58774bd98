from functools import cached_property

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from assessments.blocks import QuizStreamBlock
from assessments.questions import Question, questions_from_stream


class QuizKind(models.TextChoices):
    KNOWLEDGE_CHECK = "knowledge_check", _("Knowledge check")
    PRE_TEST = "pre_test", _("Pre-test")
    FINAL = "final", _("Final assessment")


class ReviewPolicy(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each", _("After each attempt")
    AFTER_PASSING = "after_pass", _("After passing")
    AFTER_LAST_ATTEMPT = "after_last", _("After the last attempt")
    NEVER = "never", _("Never")


class QuestionsPerPage(models.TextChoices):
    ONE = "one", _("One question per page")
    ALL = "all", _("All questions on one page")


class QuizPage(Page):
    """A quiz of a course. Questions live in `questions`; attempts key on `translation_key`."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("What the quiz covers and how it counts.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=QuizKind.choices,
        default=QuizKind.KNOWLEDGE_CHECK,
        help_text=_(
            "Final assessments must be passed to complete the course; pre-tests and "
            "knowledge checks do not count towards completion."
        ),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=75,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The score, in percent, a learner needs to pass (0 to 100)."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=0, help_text=_("0 means unlimited attempts.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no time limit. The server enforces it."),
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        help_text=_("Draw this many questions at random from the pool; 0 uses them all."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    review_policy = models.CharField(
        _("show answers and explanations"),
        max_length=20,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.AFTER_EACH_ATTEMPT,
        help_text=_("When learners see correct answers and explanations."),
    )
    questions_per_page = models.CharField(
        _("questions per page"),
        max_length=8,
        choices=QuestionsPerPage.choices,
        default=QuestionsPerPage.ALL,
    )
    questions = StreamField(
        QuizStreamBlock(),
        blank=True,
        verbose_name=_("questions"),
        help_text=_(
            "Add questions, or a case with its questions. Single-choice questions need "
            "exactly one correct choice; every question needs at least two choices."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("questions"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("questions_per_attempt"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
                FieldPanel("review_policy"),
                FieldPanel("questions_per_page"),
            ],
            _("Quiz rules"),
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=0, pass_mark__lte=100),
                name="quiz_pass_mark_between_0_and_100",
            )
        ]

    def get_context(self, request, *args, **kwargs):
        from assessments import selectors

        context = super().get_context(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            summary = selectors.attempt_summary_for_quiz(user=user, quiz_key=self.translation_key)
            in_progress = selectors.attempt_in_progress(user=user, quiz_key=self.translation_key)
            attempts_left = (
                max(0, self.max_attempts - summary["used"]) if self.max_attempts else None
            )
            context.update(
                summary=summary,
                in_progress=in_progress,
                attempts_left=attempts_left,
                can_start=in_progress is not None or attempts_left is None or attempts_left > 0,
            )
        context["question_count"] = (
            min(self.questions_per_attempt, len(self.question_list))
            if self.questions_per_attempt
            else len(self.question_list)
        )
        return context

    @cached_property
    def question_list(self) -> list[Question]:
        return questions_from_stream(self.questions)

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.question_list}
