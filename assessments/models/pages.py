from collections import Counter
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from assessments.blocks import DrawRulesBlock, QuizStreamBlock
from assessments.panels import BankSizePanel
from assessments.questions import CLASSROOM, ONLINE, Question, questions_from_stream


class QuizKind(models.TextChoices):
    KNOWLEDGE_CHECK = "knowledge_check", _("Knowledge check")
    PRE_TEST = "pre_test", _("Pre-test")
    FINAL = "final", _("Final assessment")


class ReviewPolicy(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each", _("After each attempt")
    AFTER_PASSING = "after_pass", _("After passing or the last attempt")
    AFTER_LAST_ATTEMPT = "after_last", _("After the last attempt")
    NEVER = "never", _("Never")


class QuestionsPerPage(models.TextChoices):
    ONE = "one", _("One question per page")
    FIVE = "five", _("About five questions per page (a case stays on one page)")
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
        _("maximum attempts"),
        default=0,
        help_text=_(
            "0 means unlimited attempts. A final assessment with unlimited attempts may not "
            "show answers after each attempt."
        ),
    )
    cooldown_hours = models.PositiveSmallIntegerField(
        _("cool-down (hours)"),
        default=0,
        help_text=_("Hours a learner waits before the next attempt after failing; 0 for none."),
    )
    cooldown_after_failures = models.PositiveSmallIntegerField(
        _("cool-down after failed attempts"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("The cool-down starts once a learner has failed this many attempts."),
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
        help_text=_(
            "Without draw rules: draw this many online questions at random from the whole "
            "bank; 0 uses them all."
        ),
    )
    draw_rules = StreamField(
        DrawRulesBlock(),
        blank=True,
        verbose_name=_("draw rules"),
        help_text=_(
            "How many online questions each attempt draws per objective. Consecutive "
            "attempts get different questions where the bank allows."
        ),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    review_policy = models.CharField(
        _("show answers and explanations"),
        max_length=20,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.AFTER_PASSING,
        help_text=_(
            "When learners see correct answers and explanations. Before that they see which "
            "questions they missed and the lesson to revisit."
        ),
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
                FieldPanel("cooldown_hours"),
                FieldPanel("cooldown_after_failures"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("questions_per_attempt"),
                BankSizePanel(),
                FieldPanel("draw_rules"),
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
            ),
            # A final with unlimited attempts and answers after each could be passed by
            # reading the review of a blank attempt.
            models.CheckConstraint(
                condition=~models.Q(kind="final", max_attempts=0, review_policy="after_each"),
                name="quiz_final_not_gameable",
            ),
        ]

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        if (
            self.kind == QuizKind.FINAL
            and not self.max_attempts
            and self.review_policy == ReviewPolicy.AFTER_EACH_ATTEMPT
        ):
            errors.setdefault("review_policy", []).append(
                _(
                    "A final assessment with unlimited attempts cannot show the answers after "
                    "each attempt: limit the attempts or show answers after passing."
                )
            )
        sizes = self.bank_sizes()
        for rule in self.draw_rule_list():
            available = sizes.get(rule[0], 0) if rule[0] else sum(sizes.values())
            if rule[1] > available:
                errors.setdefault("draw_rules", []).append(
                    _(
                        "A rule draws %(count)s questions for %(objective)s but the online "
                        "bank has %(available)s."
                    )
                    % {
                        "count": rule[1],
                        "objective": rule[0] or _("the whole bank"),
                        "available": available,
                    }
                )
        if errors:
            raise ValidationError(errors)

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
        context["question_count"] = self.draw_size
        return context

    @cached_property
    def question_list(self) -> list[Question]:
        return questions_from_stream(self.questions)

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.question_list}

    @cached_property
    def online_questions(self) -> list[Question]:
        """The bank learners' attempts draw from."""
        return [q for q in self.question_list if q.use == ONLINE]

    @cached_property
    def classroom_questions(self) -> list[Question]:
        """Questions printed in workshop packs, never drawn online."""
        return [q for q in self.question_list if q.use == CLASSROOM]

    def bank_sizes(self) -> dict[str, int]:
        """Online questions per objective ("" for untagged ones)."""
        return dict(Counter(q.objective for q in self.online_questions))

    def draw_rule_list(self) -> list[tuple[str, int]]:
        """(objective, count) pairs; "" as objective means the whole online bank."""
        rules = [(r.value["objective"] or "", r.value["count"]) for r in self.draw_rules]
        if not rules and self.questions_per_attempt:
            rules = [("", self.questions_per_attempt)]
        return rules

    @property
    def draw_size(self) -> int:
        """How many questions one attempt has."""
        rules = self.draw_rule_list()
        if not rules:
            return len(self.online_questions)
        return min(sum(count for _objective, count in rules), len(self.online_questions))
