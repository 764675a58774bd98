"""Question blocks for quizzes.

A question's identity is its stream block id; a choice's (or matching pair's) identity is
its list item id. Both are UUIDs that wagtail-localize keeps across translations, so
attempts and item analysis work across languages.
"""

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from training_site.blocks import RICH_TEXT_FEATURES, lesson_position_block

MAX_OBJECTIVES = 12


# "o1"... as the course page numbers its objectives; not text, so never sent for translation.
OBJECTIVE_CHOICES = [
    (f"o{n}", format_lazy("{} {}", _("Objective"), n)) for n in range(1, MAX_OBJECTIVES + 1)
]


def _objective_block() -> blocks.ChoiceBlock:
    return blocks.ChoiceBlock(
        label=_("Objective"),
        required=False,
        choices=OBJECTIVE_CHOICES,
        help_text=_(
            "The course objective this tests, numbered as on the course page. Draw rules "
            "pick questions by objective. Inside a case, the case's objective applies."
        ),
    )


def _use_block() -> blocks.ChoiceBlock:
    return blocks.ChoiceBlock(
        label=_("Use"),
        choices=[
            ("online", _("Online: drawn for learners")),
            ("classroom", _("Classroom: printed in workshop packs only")),
        ],
        default="online",
        help_text=_(
            "Classroom questions never appear online, and online questions never appear in "
            "a workshop pack, so no printed answer key grades a certificate."
        ),
    )


def _lesson_block() -> blocks.ChoiceBlock:
    return lesson_position_block(
        label=_("Lesson to revisit"),
        required=False,
        help_text=_(
            "The lesson that teaches this, counted in course order. A learner who misses the "
            "question is pointed there before the answers may be shown."
        ),
    )


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Choice"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(
        label=_("Feedback"),
        required=False,
        max_length=500,
        help_text=_("Optional. Shown in the review when a learner picked this choice."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Choice")


class MatchingPairBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(label=_("Item"), max_length=300)
    answer = blocks.CharBlock(
        label=_("Matching answer"),
        max_length=300,
        help_text=_("Learners pick this from a list of all the answers of the question."),
    )

    class Meta:
        icon = "link"
        label = _("Pair")


class BaseQuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("Question"))
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        help_text=_("Shown in the review after the attempt; name the source."),
    )
    points = blocks.IntegerBlock(label=_("Points"), default=1, min_value=1, max_value=100)
    tag = blocks.CharBlock(
        label=_("Tag"),
        required=False,
        max_length=100,
        help_text=_("Optional: the standard and clause tested, e.g. “MOSAIC 05.20”."),
    )
    objective = _objective_block()
    use = _use_block()
    lesson = _lesson_block()

    question_type = ""

    class Meta:
        icon = "help"


class ChoiceQuestionBlock(BaseQuestionBlock):
    choices = blocks.ListBlock(AnswerChoiceBlock(), label=_("Choices"), min_num=2)

    def clean(self, value):
        value = super().clean(value)
        choices = value.get("choices") or []
        if len(choices) < 2:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Give at least two choices."))}
            )
        self.check_correct_count(sum(1 for choice in choices if choice["correct"]))
        return value

    def check_correct_count(self, count: int) -> None:
        raise NotImplementedError


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    question_type = "single_choice"

    def check_correct_count(self, count: int) -> None:
        if count != 1:
            raise StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(
                        _("A single-choice question needs exactly one correct choice.")
                    )
                }
            )

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        template = "assessments/blocks/question.html"


class MultipleSelectQuestionBlock(ChoiceQuestionBlock):
    scoring = blocks.ChoiceBlock(
        label=_("Scoring"),
        choices=[
            ("all_or_nothing", _("All or nothing")),
            ("partial", _("Partial credit (wrong ticks subtract, never below zero)")),
        ],
        default="all_or_nothing",
    )

    question_type = "multiple_select"

    def check_correct_count(self, count: int) -> None:
        if count < 1:
            raise StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(
                        _("A multiple-select question needs at least one correct choice.")
                    )
                }
            )

    class Meta:
        icon = "tasks"
        label = _("Multiple select")
        template = "assessments/blocks/question.html"


class TrueFalseQuestionBlock(BaseQuestionBlock):
    correct_answer = blocks.ChoiceBlock(
        label=_("Correct answer"),
        choices=[("true", _("True")), ("false", _("False"))],
        default="true",
    )
    feedback_true = blocks.CharBlock(label=_("Feedback for “True”"), required=False)
    feedback_false = blocks.CharBlock(label=_("Feedback for “False”"), required=False)

    question_type = "true_false"

    class Meta:
        icon = "tick"
        label = _("True or false")
        template = "assessments/blocks/question.html"


class MatchingQuestionBlock(BaseQuestionBlock):
    pairs = blocks.ListBlock(MatchingPairBlock(), label=_("Pairs"), min_num=2)

    question_type = "matching"

    def clean(self, value):
        value = super().clean(value)
        if len(value.get("pairs") or []) < 2:
            raise StructBlockValidationError(
                block_errors={"pairs": ValidationError(_("Give at least two pairs."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Matching")
        template = "assessments/blocks/question.html"


class CaseQuestionsBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_select = MultipleSelectQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    matching = MatchingQuestionBlock()


class CaseBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    scenario = blocks.RichTextBlock(label=_("Scenario"), features=RICH_TEXT_FEATURES)
    questions = CaseQuestionsBlock(label=_("Questions about this case"))
    objective = _objective_block()
    use = _use_block()
    lesson = _lesson_block()

    class Meta:
        icon = "group"
        label = _("Case with questions")
        template = "assessments/blocks/case.html"


class QuizStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_select = MultipleSelectQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    matching = MatchingQuestionBlock()
    case = CaseBlock()


class DrawRuleBlock(blocks.StructBlock):
    objective = blocks.ChoiceBlock(
        label=_("Objective"),
        required=False,
        choices=OBJECTIVE_CHOICES,
        help_text=_("Leave empty to draw from the whole online bank."),
    )
    count = blocks.IntegerBlock(
        label=_("Questions to draw"),
        min_value=1,
        max_value=500,
        help_text=_("A case counts as the number of questions in it; cases are drawn whole."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Draw rule")


class DrawRulesBlock(blocks.StreamBlock):
    rule = DrawRuleBlock()
