import pytest
import yaml
from wagtail.models import Page

from content.loader import CurriculumError, curriculum_load, curriculum_read

from .conftest import MODULE, curriculum_edit

EN, FR, AR = f"{MODULE}.en.yaml", f"{MODULE}.fr.yaml", f"{MODULE}.ar.yaml"


def _set(path: list, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


CASES = [
    pytest.param(
        EN,
        _set(["final", "questions", 0, "choices", 1, "text"], KeyError),
        f"{EN}: final.questions[0].choices[1]: 'text' is required",
        id="missing field",
    ),
    pytest.param(
        EN,
        _set(["lessons", 2, "estimated_minutes"], "ten"),
        f"{EN}: lessons[2].estimated_minutes: must be a whole number, not str",
        id="wrong type",
    ),
    pytest.param(
        FR,
        _set(["final", "questions", 0, "choices", 2, "text"], 1325),
        f"{FR}: final.questions[0].choices[2].text: must be text, not a number",
        id="number where text belongs",
    ),
    pytest.param(
        EN,
        _set(["final", "questions", 0, "choices", 1, "correct"], True),
        f"{EN}: final.questions[0].choices: needs exactly one correct choice, has 2",
        id="single choice with two correct",
    ),
    pytest.param(
        EN,
        _set(["final", "questions", 1, "choices", 0, "corect"], True),
        f"{EN}: final.questions[1].choices[0]: unknown field 'corect'",
        id="misspelt field",
    ),
    pytest.param(
        EN,
        _set(["final", "questions", 3, "questions", 0, "type"], "essay"),
        f"{EN}: final.questions[3].questions[0].type: must be one of",
        id="unknown question type in a case",
    ),
    pytest.param(
        EN,
        _set(["lessons", 5], KeyError),
        f"{EN}: lessons: needs exactly 6 lessons, has 5",
        id="five lessons",
    ),
    pytest.param(
        EN,
        _set(["lessons", 1, "slug"], "first-steps"),
        f"{EN}: lessons[1].slug: 'first-steps' is used twice",
        id="duplicate lesson slug",
    ),
    pytest.param(
        FR,
        _set(["final", "questions", 0, "choices", 2], KeyError),
        f"{FR}: final.questions[0].choices: has 2 items; {EN} has 3",
        id="fr has a choice fewer",
    ),
    pytest.param(
        FR,
        _set(["final", "questions", 2, "id"], "q99"),
        f"{FR}: final.questions[2].id: is 'q99'; must be 'q03' as in {EN}",
        id="fr question id differs",
    ),
    pytest.param(
        AR,
        _set(["final", "questions", 1, "choices", 2, "correct"], True),
        f"{AR}: final.questions[1].choices[2].correct: is True; must be False as in {EN}",
        id="ar correct flag differs",
    ),
    pytest.param(
        FR,
        _set(["lessons", 0, "body", 2, "type"], "text"),
        f"{FR}: lessons[0].body[2]",
        id="fr block type differs",
    ),
    pytest.param(
        FR,
        _set(["language"], "ar"),
        f"{FR}: language: is 'ar' but the file name says 'fr'",
        id="language does not match the file name",
    ),
]


@pytest.mark.parametrize(("filename", "change", "message"), CASES)
def test_a_mistake_is_reported_with_its_file_and_place(curriculum_dir, filename, change, message):
    curriculum_edit(curriculum_dir, filename, change)

    with pytest.raises(CurriculumError) as caught:
        curriculum_read(directory=curriculum_dir)

    assert any(error.startswith(message) for error in caught.value.errors), caught.value.errors


def test_the_fixture_curriculum_is_valid(curriculum_dir):
    documents = curriculum_read(directory=curriculum_dir)

    assert sorted(documents[MODULE]) == ["ar", "en", "fr"]


def test_a_yaml_syntax_error_names_the_file_and_line(curriculum_dir):
    (curriculum_dir / FR).write_text("module: field-safety\ntitle: [unclosed\n", "utf-8")

    with pytest.raises(CurriculumError) as caught:
        curriculum_read(directory=curriculum_dir)

    assert any(error.startswith(f"{FR}: line ") for error in caught.value.errors)


def test_a_translation_without_its_english_source_is_an_error(curriculum_dir):
    (curriculum_dir / EN).unlink()

    with pytest.raises(CurriculumError) as caught:
        curriculum_read(directory=curriculum_dir)

    assert f"{EN}: missing; English is the source language" in caught.value.errors


def test_every_error_is_reported_at_once(curriculum_dir):
    curriculum_edit(curriculum_dir, EN, _set(["title"], KeyError))
    curriculum_edit(curriculum_dir, AR, _set(["lessons", 0, "summary"], ""))

    with pytest.raises(CurriculumError) as caught:
        curriculum_read(directory=curriculum_dir)

    assert f"{EN}: (top level): 'title' is required" in caught.value.errors
    assert f"{AR}: lessons[0].summary: must not be empty" in caught.value.errors


@pytest.mark.django_db
def test_an_invalid_file_leaves_the_database_untouched(curriculum_dir, translated_catalogue):
    curriculum_edit(curriculum_dir, FR, _set(["pretest", "questions", 0, "answer"], "no"))
    pages_before = Page.objects.count()

    with pytest.raises(CurriculumError):
        curriculum_load(catalogue=translated_catalogue, directory=curriculum_dir)

    assert Page.objects.count() == pages_before


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_back_every_page(
    curriculum_dir, translated_catalogue, monkeypatch
):
    # Patched where `_module_build` looks it up: the package's name would not reach it.
    from content.loader import pages

    pages_before = Page.objects.count()
    original = pages._lesson_fields

    def fail_on_the_arabic_lessons(module, lesson, **kwargs):
        fields = original(module, lesson, **kwargs)
        if fields["title"].startswith("[ar]") and lesson["id"] == "l4":
            raise RuntimeError("disk full")
        return fields

    monkeypatch.setattr(pages, "_lesson_fields", fail_on_the_arabic_lessons)

    with pytest.raises(RuntimeError):
        curriculum_load(catalogue=translated_catalogue, directory=curriculum_dir)

    assert Page.objects.count() == pages_before


def test_fixture_translations_have_the_english_structure():
    # Guard against the fixtures drifting apart when someone edits one of them.
    from content.curriculum_schema import structure_compare

    from .conftest import FIXTURES

    en = yaml.safe_load((FIXTURES / EN).read_text("utf-8"))
    for name in (FR, AR):
        other = yaml.safe_load((FIXTURES / name).read_text("utf-8"))
        assert structure_compare(en, other, source_name=EN, filename=name) == []
