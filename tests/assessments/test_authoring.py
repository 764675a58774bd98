import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from assessments.blocks import (
    MatchingQuestionBlock,
    MultipleSelectQuestionBlock,
    QuizStreamBlock,
    SingleChoiceQuestionBlock,
)
from tests.factories.quizzes import QuizPageFactory, matching, multiple_select, single_choice


def _value(block, raw):
    return block.to_python(raw["value"])


@pytest.mark.parametrize(
    ("correct_flags", "valid"),
    [
        ((True, False, False), True),
        ((False, False, False), False),
        ((True, True, False), False),
    ],
)
def test_single_choice_needs_exactly_one_correct_choice(correct_flags, valid):
    raw = single_choice(n=len(correct_flags))
    for item, flag in zip(raw["value"]["choices"], correct_flags, strict=True):
        item["value"]["correct"] = flag
    block = SingleChoiceQuestionBlock()
    if valid:
        block.clean(_value(block, raw))
    else:
        with pytest.raises(StructBlockValidationError):
            block.clean(_value(block, raw))


@pytest.mark.parametrize(
    "block_class,builder",
    [
        (SingleChoiceQuestionBlock, lambda: single_choice(n=1)),
        (MultipleSelectQuestionBlock, lambda: multiple_select(n=1, correct=(0,))),
        (MatchingQuestionBlock, lambda: matching(n=1)),
    ],
)
def test_every_question_needs_at_least_two_choices(block_class, builder):
    block = block_class()
    with pytest.raises((StructBlockValidationError, ValidationError)):
        block.clean(_value(block, builder()))


def test_multiple_select_needs_a_correct_choice():
    block = MultipleSelectQuestionBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(_value(block, multiple_select(correct=())))


def test_a_valid_quiz_stream_cleans():
    stream = QuizStreamBlock()
    value = stream.to_python([single_choice(), multiple_select(), matching()])
    assert len(stream.clean(value)) == 3


def test_stream_errors_surface_from_a_bad_question():
    stream = QuizStreamBlock()
    with pytest.raises(StreamBlockValidationError):
        stream.clean(stream.to_python([single_choice(correct=5)]))


@pytest.mark.django_db
@pytest.mark.parametrize(("mark", "valid"), [(0, True), (100, True), (101, False)])
def test_pass_mark_must_be_between_0_and_100(course, mark, valid):
    quiz = QuizPageFactory.build(pass_mark=mark)
    if valid:
        quiz.clean_fields(exclude=["path", "depth", "slug", "questions"])
    else:
        with pytest.raises(ValidationError) as info:
            quiz.clean_fields(exclude=["path", "depth", "slug", "questions"])
        assert "pass_mark" in info.value.message_dict


def test_quiz_fields_have_help_text_for_editors():
    from assessments.models import QuizPage

    for name in (
        "introduction",
        "kind",
        "pass_mark",
        "max_attempts",
        "time_limit_minutes",
        "questions_per_attempt",
        "review_policy",
        "questions",
    ):
        assert QuizPage._meta.get_field(name).help_text, name
