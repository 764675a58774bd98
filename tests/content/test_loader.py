import pytest
from wagtail.models import Locale, Page, Revision

from assessments.models import QuizPage
from assessments.questions import questions_from_stream
from content.loader import curriculum_load, stable_id, text_to_html, text_to_plain
from content.models import StandardPage
from courses.models import CoursePage, LessonPage
from tests.factories.pages import CourseIndexPageFactory, build_site, translate_tree

from .conftest import MODULE, curriculum_edit

# The fixture curriculum is loaded once for the module (see `module_db`).
pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "fr", "ar")


@pytest.fixture(scope="module")
def first_load(module_db, module_curriculum_dir):
    """The fixture curriculum loaded once into a catalogue in en, fr and ar: the catalogue and
    what the load reported. Tests read it; what they write is rolled back after each."""
    with module_db.unblock():
        home = build_site()
        catalogue = CourseIndexPageFactory(parent=home)
        translate_tree(home, "fr")
        translate_tree(home, "ar")
        return catalogue, curriculum_load(catalogue=catalogue, directory=module_curriculum_dir)


@pytest.fixture
def loaded(first_load, shared_rows):
    """The catalogue that holds the loaded curriculum, fresh from the database."""
    catalogue, _result = first_load
    return type(catalogue).objects.get(pk=catalogue.pk)


def _course(language: str) -> CoursePage:
    return CoursePage.objects.get(
        translation_key=stable_id(MODULE, "course"), locale__language_code=language
    )


def _snapshot() -> list[tuple]:
    """Everything a re-run must not change: pages, keys, revisions and block ids."""
    rows = []
    for page in Page.objects.order_by("path").specific():
        blocks = []
        for name in ("body", "questions", "objectives"):
            stream = getattr(page, name, None)
            if stream is not None:
                blocks.append([block["id"] for block in stream.raw_data])
        if isinstance(page, QuizPage):
            blocks.append([(q.id, [c.id for c in q.choices]) for q in page.question_list])
        rows.append(
            (
                page.pk,
                page.path,
                str(page.translation_key),
                page.locale_id,
                page.title,
                blocks,
                Revision.page_revisions.filter(object_id=str(page.pk)).count(),
            )
        )
    return rows


def test_text_becomes_escaped_rich_text_paragraphs():
    html = text_to_html("Count, **record** and report.\n\nNever *improvise* <b>here</b> & there.\n")

    assert html == (
        "<p>Count, <b>record</b> and report.</p>"
        "<p>Never <i>improvise</i> &lt;b&gt;here&lt;/b&gt; &amp; there.</p>"
    )


def test_plain_fields_lose_their_emphasis_markers():
    assert text_to_plain(" MOSAIC 05.20 *Stockpile management* and **more** ") == (
        "MOSAIC 05.20 Stockpile management and more"
    )


def test_a_module_becomes_a_course_with_pre_test_lessons_final_and_glossary(loaded):
    course = _course("en")
    assert course.get_parent().specific == loaded
    children = [page.specific for page in course.get_children()]
    assert [type(page) for page in children] == (
        [QuizPage] + [LessonPage] * 6 + [QuizPage, StandardPage]
    )
    pretest, final, glossary = children[0], children[7], children[8]
    assert (pretest.kind, pretest.slug) == ("pre_test", "pre-test")
    assert (final.kind, final.slug, final.pass_mark, final.time_limit_minutes) == (
        "final",
        "final-assessment",
        75,
        None,
    )
    assert [page.slug for page in children[1:7]] == [
        "first-steps",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
    ]
    assert glossary.body[0].block_type == "glossary"
    assert [str(o.value) for o in course.objectives] == ["Report a find.", "Keep people back."]
    assert all(page.live for page in children)


def test_lesson_blocks_keep_their_kinds_and_text(loaded):
    lesson = LessonPage.objects.get(slug="first-steps", locale__language_code="en")
    assert [block.block_type for block in lesson.body] == [
        "heading",
        "rich_text",
        "callout",
        "key_points",
        "scenario",
        "sources",
    ]
    assert "<b>record</b>" in lesson.body[1].value.source
    assert list(lesson.body[3].value["items"]) == ["Count", "Record"]
    assert lesson.body[2].value["kind"] == "warning"


def test_every_language_is_a_translation_of_the_english_pages(loaded):
    english = [page for page in _course("en").get_descendants(inclusive=True)]
    for language in ("fr", "ar"):
        locale = Locale.objects.get(language_code=language)
        translations = [page.get_translation(locale) for page in english]
        assert [p.slug for p in translations] == [p.slug for p in english]
        assert translations[0].get_parent().locale == locale
        assert all(p.title.startswith(f"[{language}]") for p in translations[1:])
    assert _course("fr").title == "Sécurité sur le terrain"


def test_question_and_choice_ids_are_the_same_in_every_language(loaded):
    shapes = {}
    for language in LANGUAGES:
        quiz = QuizPage.objects.get(slug="final-assessment", locale__language_code=language)
        questions = questions_from_stream(quiz.questions)
        shapes[language] = [
            (q.id, q.type, [(c.id, c.correct) for c in q.choices], q.case and q.case.id)
            for q in questions
        ]
    assert shapes["fr"] == shapes["en"] == shapes["ar"]
    ids = [question[0] for question in shapes["en"]]
    assert ids == [stable_id(MODULE, "final", q) for q in ("q01", "q02", "q03", "q04", "q05")]
    first_choices = [choice[0] for choice in shapes["en"][0][2]]
    assert first_choices == [stable_id(MODULE, "final", "q01", c) for c in ("a", "b", "c")]


def test_lesson_body_block_ids_are_the_same_in_every_language(loaded):
    def block_ids(language):
        lesson = LessonPage.objects.get(slug="first-steps", locale__language_code=language)
        return [
            (block["id"], [item["id"] for item in block["value"].get("items", [])])
            for block in lesson.body.raw_data
            if isinstance(block["value"], dict)
        ] + [block["id"] for block in lesson.body.raw_data]

    ids = {language: block_ids(language) for language in LANGUAGES}
    assert len(ids["en"]) == 5 + 6  # blocks with fields, then every block
    assert ids["en"] == ids["fr"] == ids["ar"]


def test_loading_twice_changes_nothing(loaded, first_load, module_curriculum_dir):
    _catalogue, first = first_load
    before = _snapshot()

    second = curriculum_load(catalogue=loaded, directory=module_curriculum_dir)

    assert len(first.created) == 30
    assert (len(second.created), len(second.updated), len(second.unchanged)) == (0, 0, 30)
    assert _snapshot() == before


def test_an_edited_file_updates_the_pages_in_place_with_a_new_revision(loaded, curriculum_dir):
    quiz = QuizPage.objects.get(slug="final-assessment", locale__language_code="fr")
    ids_before = [(q.id, [c.id for c in q.choices]) for q in quiz.question_list]
    revision_before = quiz.latest_revision_id

    def reword(document):
        document["final"]["questions"][0]["question"] = "Qu'est-ce qui vient en premier ?"

    curriculum_edit(curriculum_dir, f"{MODULE}.fr.yaml", reword)
    result = curriculum_load(catalogue=loaded, directory=curriculum_dir)

    quiz = QuizPage.objects.get(pk=quiz.pk)
    assert [page.pk for page in result.updated] == [quiz.pk]
    assert quiz.latest_revision_id != revision_before
    assert quiz.question_list[0].text == "Qu'est-ce qui vient en premier ?"
    assert [(q.id, [c.id for c in q.choices]) for q in quiz.question_list] == ids_before


def test_a_module_without_translations_loads_in_english_only(curriculum_dir, catalogue):
    (curriculum_dir / f"{MODULE}.fr.yaml").unlink()
    (curriculum_dir / f"{MODULE}.ar.yaml").unlink()

    result = curriculum_load(catalogue=catalogue, directory=curriculum_dir)

    assert len(result.created) == 10
    assert {page.locale.language_code for page in result.created} == {"en"}
    assert not CoursePage.objects.filter(locale__language_code="fr").exists()
