"""Workshop packs: the files, their contents, secrecy of the answer key, RTL text, rebuilds."""

import io
import re
import zipfile

import pypdf
import pytest
from django.utils.translation import get_language_info

from assessments.models import QuizPage
from tests.factories.pages import translate_tree
from tests.factories.workshops import build_pack_course
from workshops.models import WorkshopPack, WorkshopPackStatus
from workshops.packs import PACK_FILES, pack_archive_build, timetable_build
from workshops.services import workshop_pack_build

PARTICIPANT_FILES = [f.name for f in PACK_FILES if f.for_participants]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def pack_course(catalogue):
    return build_pack_course(catalogue, lessons=2, title="Stockpile")


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def english_files(pack_course):
    return unzip(pack_archive_build(course=pack_course, version=1, revision_id=None))


def test_the_zip_holds_every_file_the_readme_lists(english_files):
    readme = english_files["README.txt"].decode()
    listed = re.findall(r"^- (\S+):", readme, flags=re.MULTILINE)

    assert len(listed) == len(PACK_FILES)
    assert sorted(listed) == sorted(english_files)


def test_the_readme_states_language_and_version(pack_course):
    files = unzip(pack_archive_build(course=pack_course, version=7, revision_id=None))
    readme = files["README.txt"].decode()

    assert "English (en)" in readme
    assert "Version: 7" in readme


def test_each_pdf_opens_and_names_the_lessons(english_files, pack_course):
    titles = [lesson.title for lesson in pack_course.lessons()]
    assert len(titles) == 2
    for name, data in english_files.items():
        if not name.endswith(".pdf"):
            continue
        text = normalise(pdf_text(data))
        assert pack_course.title in text, name
        for title in titles:
            assert title in text, (name, title)


def test_the_handout_renders_lesson_blocks_and_the_glossary(english_files):
    text = normalise(pdf_text(english_files["participant_handout.pdf"]))

    assert "Stockpile lesson 1 text: count, record and report." in text
    assert "Stockpile lesson 2 term" in text
    assert "Glossary" in text


def test_the_facilitator_guide_has_both_timetables_scenarios_and_gender_advice(english_files):
    text = normalise(pdf_text(english_files["facilitator_guide.pdf"]))

    assert "One-day workshop" in text
    assert "Two-day workshop" in text
    assert "Stockpile lesson 1 scenario" in text
    assert "Stockpile lesson 1 discussion question?" in text
    assert "Facilitation notes" in text
    assert "mixed-gender" in text


def test_the_results_sheet_csv_has_the_import_columns(english_files):
    header = english_files["attendance_sheet.csv"].decode("utf-8-sig").strip()

    assert header == "name,country,service,gender,pre_test_score,post_test_score"


def test_the_answer_key_holds_the_classroom_banks_answers_and_explanations(english_files):
    key = normalise(pdf_text(english_files["answer_key.pdf"]))

    for prefix in ("Classroom A", "Classroom B"):
        assert f"{prefix} rightanswer one" in key
        assert f"{prefix} explanation one" in key
        assert f"{prefix} explanation three" in key
    assert "1 → B" in key  # Rifle → Weapon, answers sorted alphabetically


def test_no_file_of_the_pack_prints_an_online_question(english_files):
    """The online final ("Posttest ...") and pre-test ("Pretest ...") never leave the
    platform: only the classroom bank is printed."""
    for name, data in english_files.items():
        if name.endswith(".xlsx"):  # the blank results sheet: column names only
            assert data.startswith(b"PK"), name
            continue
        text = normalise(pdf_text(data)) if name.endswith(".pdf") else data.decode("utf-8-sig")
        for online in ("Posttest", "Pretest"):
            assert f"{online} question one?" not in text, name
            assert f"{online} rightanswer one" not in text, name
            assert f"{online} explanation" not in text, name


def test_no_participant_file_gives_away_an_answer(english_files, pack_course):
    from assessments.models import QuizPage

    for name in PARTICIPANT_FILES:
        text = normalise(pdf_text(english_files[name]))
        for quiz in QuizPage.objects.child_of(pack_course):
            for question in quiz.question_list:
                assert question.explanation not in text, name
                correct = [c.text for c in question.choices if c.correct]
                wrong = [c.text for c in question.choices if not c.correct]
                if question.type in ("single_choice", "multiple_select"):
                    for text_of_correct in correct:
                        # Only on a test paper, and then only among its unmarked options.
                        if text_of_correct in text:
                            assert name in ("pre_test.pdf", "post_test.pdf"), name
                            assert all(w in text for w in wrong), name
        assert "Correct answer" not in text, name
        assert "Explanation" not in text, name


def test_the_two_papers_are_parallel_forms_of_the_classroom_bank(english_files):
    pre = normalise(pdf_text(english_files["pre_test.pdf"]))
    post = normalise(pdf_text(english_files["post_test.pdf"]))
    stems = [
        f"{prefix} {stem}"
        for prefix in ("Classroom A", "Classroom B")
        for stem in ("question one?", "statement two.", "match three.")
    ]
    on_pre = {stem for stem in stems if stem in pre}
    on_post = {stem for stem in stems if stem in post}

    assert on_pre | on_post == set(stems) and not on_pre & on_post
    # Each paper covers both objectives.
    assert all(any(s.startswith(p) for s in on_pre) for p in ("Classroom A", "Classroom B"))
    assert all(any(s.startswith(p) for s in on_post) for p in ("Classroom A", "Classroom B"))


def test_a_course_without_a_classroom_bank_gets_papers_that_say_so(catalogue):
    from assessments.models import QuizPage

    course = build_pack_course(catalogue, lessons=1, title="Bare")
    final = QuizPage.objects.child_of(course).get(kind="final")
    final.questions = [b for b in final.questions.raw_data if b["value"]["use"] != "classroom"]
    final.save()
    files = unzip(pack_archive_build(course=course, version=1, revision_id=None))
    paper = normalise(pdf_text(files["pre_test.pdf"]))
    assert "This course has no classroom questions yet" in paper
    assert "Posttest question one?" not in paper


def test_an_arabic_pack_is_right_to_left_and_extracts_arabic(pack_course):
    arabic = translate_tree(pack_course, "ar")
    lesson = arabic.specific.lessons().first()
    lesson.title = "إدارة المخزونات"
    lesson.save_revision().publish()

    files = unzip(pack_archive_build(course=arabic.specific, version=1, revision_id=None))

    for name in (n for n in files if n.endswith(".pdf")):
        text = pdf_text(files[name])
        assert re.search(r"[\u0600-\u06FF]", text), name
        assert "المخزونات" in text or "تانوزخملا" in text, name  # logical or visual order
    arabic_name = get_language_info("ar")["name_local"]
    assert f"{arabic_name} (ar)" in files["README.txt"].decode()


def test_a_build_stores_the_pack_stamped_with_the_published_revision(pack_course):
    revision = pack_course.save_revision()
    revision.publish()
    pack_course.refresh_from_db()

    pack = workshop_pack_build(course_id=pack_course.pk)

    assert pack.status == WorkshopPackStatus.READY
    assert pack.revision_id == pack_course.live_revision_id == revision.pk
    assert pack.version == 1
    assert pack.size_bytes == pack.file.size > 0
    assert zipfile.ZipFile(pack.file.open("rb")).testzip() is None


def test_publishing_a_lesson_rebuilds_the_pack_and_keeps_serving_the_old_one_meanwhile(
    pack_course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pack_course.save_revision().publish()
    first = WorkshopPack.objects.get(course=pack_course)
    assert first.version == 1 and first.file
    first_name = first.file.name

    lesson = pack_course.lessons().first()
    lesson.title = "Renamed lesson"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lesson.save_revision().publish()
    during = WorkshopPack.objects.get(course=pack_course)
    assert during.status == WorkshopPackStatus.BUILDING
    assert during.file.name == first_name  # the previous pack is still served
    for callback in callbacks:
        callback()

    rebuilt = WorkshopPack.objects.get(course=pack_course)
    assert rebuilt.version == 2
    assert rebuilt.status == WorkshopPackStatus.READY
    assert rebuilt.file.name != first_name
    assert "Renamed lesson" in normalise(
        pdf_text(unzip(rebuilt.file.read())["participant_handout.pdf"])
    )


def test_several_publishes_in_one_transaction_build_once(
    pack_course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pack_course.save_revision().publish()
        for lesson in pack_course.get_children().specific():
            lesson.save_revision().publish()

    assert WorkshopPack.objects.get(course=pack_course).version == 1


def test_publishing_a_page_outside_any_course_queues_nothing(
    home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()

    assert not WorkshopPack.objects.exists()


def test_timetables_start_with_the_pre_test_and_end_with_the_post_test():
    sessions = [(f"Lesson {n}", 60) for n in range(1, 7)]

    one_day = timetable_build(sessions=sessions, days=1)
    two_days = timetable_build(sessions=sessions, days=2)

    assert len(one_day) == 1 and len(two_days) == 2
    assert one_day[0][1].title == "Pre-test"
    assert two_days[-1][-2].title == "Post-test"
    lessons = [slot.title for day in two_days for slot in day if slot.title.startswith("Lesson")]
    assert lessons == [title for title, _minutes in sessions]
    assert any(slot.title == "Lunch" for slot in one_day[0])
    assert all(day[-1].end <= "18:00" for day in one_day + two_days)


@pytest.fixture
def long_pack_course(catalogue):
    course = build_pack_course(catalogue, lessons=8, title="Stockpile management of weapons")
    for lesson in course.specific.lessons():
        lesson.title = f"{lesson.title}: storing, accounting for and securing what a unit holds"
        lesson.save_revision().publish()
    return course


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_certificate_of_attendance_fits_one_page(long_pack_course, language):
    translated = translate_tree(long_pack_course, language)

    files = unzip(pack_archive_build(course=translated.specific, version=1, revision_id=None))

    certificate = pypdf.PdfReader(io.BytesIO(files["certificate_of_attendance.pdf"]))
    assert len(certificate.pages) == 1
    if language == "fr":  # nothing clipped: the signature lines at the bottom are there
        assert "Animateur" in normalise(certificate.pages[0].extract_text())


def test_arabic_papers_label_options_with_arabic_letters(pack_course):
    from django.utils import translation

    from workshops.packs import option_letters, paper_questions

    with translation.override("ar"):
        letters = option_letters()
    assert letters[:4] == "أبجد"
    quizzes = QuizPage.objects.child_of(pack_course).specific()
    questions = [question for quiz in quizzes for question in quiz.classroom_questions]
    with translation.override("ar"):
        paper = paper_questions(questions=questions)
    assert paper and paper[0].options[0][0] == "أ"
