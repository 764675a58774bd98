"""The real curriculum (content/curriculum/*.yaml): the product, not a fixture."""

import re

import pytest

from assessments.models import QuizPage
from assessments.services import attempt_save_answers, attempt_start, attempt_submit
from content.curriculum_schema import INVARIANT_KEYS
from content.loader import CURRICULUM_DIR, curriculum_load, curriculum_read, stable_id
from courses.models import CoursePage, LessonPage
from tests.factories.pages import CourseIndexPageFactory, build_site, translate_tree
from tests.factories.users import UserFactory

MODULES = ("stockpile-management", "recovered-weapons", "gender-perspective")
LANGUAGES = ("en", "fr", "ar")
# Text that rightly stays the same in every language: document codes and resolution numbers.
SAME_IN_EVERY_LANGUAGE = {
    "MOSAIC 05.20",
    "MOSAIC 05.30",
    "MOSAIC 05.31",
    "IATG 01.50",
    "IATG 03.50",
    "IATG 08.10",
    "IATG 10.10",
    "IATG 12.20",
    "IDDRS 2.30",
    "IDDRS 4.10",
    "IDDRS 4.11",
    "IDDRS 5.10",
    "1325 (2000)",
    "2117 (2013)",
    "2444 (2018)",
    "2457 (2019)",
    # Words French spells as English does.
    "Date",
    "Calibre",
    "Signatures",
}
# Fields that hold codes, not prose (a question's tag names a standard clause).
CODE_FIELDS = INVARIANT_KEYS | {"module", "language", "tag"}


@pytest.fixture(scope="module")
def documents():
    return curriculum_read(directory=CURRICULUM_DIR, modules=MODULES)


def _question_count(questions: list[dict]) -> int:
    return sum(len(q["questions"]) if q["type"] == "case" else 1 for q in questions)


@pytest.mark.parametrize("module", MODULES)
def test_each_module_exists_in_english_french_and_arabic(module):
    for language in LANGUAGES:
        assert (CURRICULUM_DIR / f"{module}.{language}.yaml").exists(), (module, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("module", MODULES)
def test_each_module_has_six_lessons_a_pre_test_a_final_bank_and_a_classroom_bank(
    documents, module, language
):
    document = documents[module][language]
    final = document["final"]

    assert len(document["lessons"]) == 6
    assert 8 <= _question_count(document["pretest"]["questions"]) <= 10
    assert _question_count(final["questions"]) >= 40
    assert _question_count(document["classroom"]["questions"]) >= 20
    assert (final["pass_mark"], final["max_attempts"], sum(final["draw"].values())) == (75, 3, 20)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("module", MODULES)
def test_every_scenario_has_a_debrief(documents, module, language):
    scenarios = [
        block
        for lesson in documents[module][language]["lessons"]
        for block in lesson["body"]
        if block["type"] == "scenario"
    ]
    assert scenarios
    assert all(block.get("debrief", "").strip() for block in scenarios)


def test_every_shipped_module_meets_the_item_writing_standard():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("check_items", *MODULES, stdout=out)  # raises CommandError below standard
    assert out.getvalue().count("✓") == len(MODULES) * len(LANGUAGES)


# Acronyms and document codes ("DDR", "AMISOM, ATMIS, AUSSOM", "IDDRS 4.11 (2020)").
CODE_TEXT = re.compile(r"^[A-Z][A-Z0-9]+(?:[ ,/.()-]+[A-Z0-9]+)*\)?$")


def _identical_text(source, translation, place: str, found: list) -> None:
    if isinstance(source, dict):
        if source.get("type") == "sources":
            return  # citations keep publications' own titles (and "Sources" is French too)
        for key, value in source.items():
            is_code = key in CODE_FIELDS and not (key == "answer" and isinstance(value, str))
            if key in translation and not is_code:
                _identical_text(value, translation[key], f"{place}.{key}", found)
    elif isinstance(source, list):
        for index, (a, b) in enumerate(zip(source, translation, strict=False)):
            _identical_text(a, b, f"{place}[{index}]", found)
    elif isinstance(source, str) and source.strip() == str(translation).strip():
        text = source.strip()
        if text not in SAME_IN_EVERY_LANGUAGE and not CODE_TEXT.match(text):
            found.append(f"{place}: {source[:60]!r}")


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("module", MODULES)
def test_no_translated_field_is_left_in_english(documents, module, language):
    found: list[str] = []

    _identical_text(documents[module]["en"], documents[module][language], "", found)

    assert found == []


@pytest.fixture(scope="module")
def module_loaded(module_db, documents):
    """The whole curriculum loaded once for the module into a catalogue in en, fr and ar."""
    with module_db.unblock():
        home = build_site()
        catalogue = CourseIndexPageFactory(parent=home)
        translate_tree(home, "fr")
        translate_tree(home, "ar")
        curriculum_load(catalogue=catalogue, documents=documents)
        return catalogue


@pytest.fixture
def loaded(module_loaded, shared_rows):
    return type(module_loaded).objects.get(pk=module_loaded.pk)


def _quiz(module: str, quiz: str, language: str) -> QuizPage:
    return QuizPage.objects.get(
        translation_key=stable_id(module, quiz), locale__language_code=language
    )


@pytest.mark.django_db
def test_the_curriculum_loads_in_every_language_with_the_same_ids_and_reloads_unchanged(
    loaded, documents
):
    for module in MODULES:
        shapes = {}
        for language in LANGUAGES:
            course = CoursePage.objects.get(
                translation_key=stable_id(module, "course"), locale__language_code=language
            )
            assert LessonPage.objects.child_of(course).live().count() == 6
            pretest, final = _quiz(module, "pretest", language), _quiz(module, "final", language)
            document = documents[module][language]
            assert (pretest.kind, len(pretest.question_list)) == (
                "pre_test",
                _question_count(document["pretest"]["questions"]),
            )
            assert (final.kind, final.draw_size, final.pass_mark) == ("final", 20, 75)
            assert len(final.online_questions) == _question_count(document["final"]["questions"])
            assert len(final.classroom_questions) == _question_count(
                document["classroom"]["questions"]
            )
            shapes[language] = [
                (q.id, q.type, [(c.id, c.correct) for c in q.choices], [a.id for a in q.answers])
                for quiz in (pretest, final)
                for q in quiz.question_list
            ]
        assert shapes["en"] == shapes["fr"] == shapes["ar"], module

    again = curriculum_load(catalogue=loaded, documents=documents)

    assert (len(again.created), len(again.updated)) == (0, 0)
    assert len(again.unchanged) == len(MODULES) * len(LANGUAGES) * 10


def _answers(quiz: QuizPage, attempt, *, right: bool) -> dict:
    answers = {}
    for question_id in attempt.question_ids:
        question = quiz.questions_by_id[question_id]
        if question.type == "matching":
            ids = [pair.id for pair in question.choices]
            shifted = ids if right else ids[1:] + ids[:1]
            answers[question_id] = dict(zip(ids, shifted, strict=True))
        else:
            answers[question_id] = [
                choice.id for choice in question.choices if choice.correct == right
            ]
    return answers


@pytest.mark.django_db
@pytest.mark.parametrize("module", MODULES)
def test_the_answer_key_passes_the_final_and_all_wrong_answers_fail_it(loaded, module):
    for language, right in (("en", True), ("fr", False), ("ar", True), ("ar", False)):
        learner = UserFactory()
        quiz = _quiz(module, "final", language)
        attempt = attempt_start(user=learner, quiz=quiz)

        attempt_save_answers(attempt=attempt, answers=_answers(quiz, attempt, right=right))
        attempt = attempt_submit(attempt=attempt)

        assert attempt.passed is right, (module, language, attempt.percent)
        assert attempt.percent == (100 if right else 0)


@pytest.mark.django_db
def test_pack_papers_and_the_online_bank_are_disjoint_for_every_module_and_language(loaded):
    from workshops.packs import pack_questions_select, paper_forms, paper_questions

    for module in MODULES:
        for language in LANGUAGES:
            final = _quiz(module, "final", language)
            pre, post = paper_forms(questions=pack_questions_select(quiz=final))
            printed = paper_questions(questions=pre) + paper_questions(questions=post)
            online = final.online_questions
            assert len(printed) >= 20, (module, language)
            assert not {p.question.id for p in printed} & {q.id for q in online}
            online_texts = {q.text for q in online} | {q.explanation for q in online}
            assert not {p.question.text for p in printed} & online_texts, (module, language)
            assert all(p.question.use == "classroom" for p in printed)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("module", MODULES)
def test_every_lesson_has_a_light_diagram_with_a_text_alternative(documents, module, language):
    import gzip

    from training_site.sanitize import clean_svg

    for lesson in documents[module][language]["lessons"]:
        diagrams = [block for block in lesson["body"] if block["type"] == "diagram"]
        assert diagrams, (lesson["id"], "has no diagram")
        for diagram in diagrams:
            assert len(diagram["alt"].strip()) > 20, (lesson["id"], diagram["title"])
            drawing = clean_svg(diagram["svg"])
            assert "<text" in drawing  # labels survive the sanitiser
            assert len(gzip.compress(drawing.encode())) < 10 * 1024, diagram["title"]


@pytest.mark.django_db
def test_every_job_aid_prints_on_one_page_in_every_language(loaded):
    import io

    import pypdf

    from courses.job_aids import job_aid_pdf

    for module in MODULES:
        for language in LANGUAGES:
            course = CoursePage.objects.get(
                translation_key=stable_id(module, "course"), locale__language_code=language
            )
            assert len(course.job_aids) >= 2, (module, language)
            for aid in course.job_aids:
                reader = pypdf.PdfReader(io.BytesIO(job_aid_pdf(course=course, aid=aid)))
                text = reader.pages[0].extract_text()
                assert len(reader.pages) == 1, (module, language, aid.value["title"])
                if language == "ar":
                    assert re.search(r"[\u0600-\u06FF]{3}", text), (module, aid.value["title"])
                else:
                    assert aid.value["sections"][0]["heading"].split()[0] in text
