"""Workshop packs: the files of a pack, rendered from the pages learners read, zipped.

Pure building only (pages in, bytes out); storing and logging live in `workshops.services`.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import QuizKind, QuizPage
from assessments.questions import Question, question_groups
from courses.job_aids import job_aid_filename, job_aid_pdf
from courses.models import CoursePage, LessonPage
from training_site.pdf import pdf_fonts, render_pdf
from training_site.selectors import organisation_settings
from training_site.spreadsheets import CSV, XLSX, Sheet, spreadsheet_bytes

STYLESHEET_PATH = "workshops/css/pack.css"
RESULTS_COLUMNS = ("name", "country", "service", "gender", "pre_test_score", "post_test_score")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Arabic papers label options in abjad order (أ ب ج د ...), as Arabic tests do.
ARABIC_LETTERS = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"


def option_letters(language_code: str | None = None) -> str:
    """The option labels of a paper in `language_code` (the active language by default)."""
    code = (language_code or translation.get_language() or "en").split("-")[0]
    return ARABIC_LETTERS if code == "ar" else LETTERS


DAY_START_MINUTES = 8 * 60 + 30
TEACHING_MINUTES_PER_DAY = 6 * 60


@dataclass(frozen=True)
class PackFile:
    name: str
    description: str
    for_participants: bool


PACK_FILES: tuple[PackFile, ...] = (
    PackFile("README.txt", gettext_lazy("This file: contents, language and version."), False),
    PackFile(
        "facilitator_guide.pdf",
        gettext_lazy("Facilitator guide: timetables, lesson notes, scenarios."),
        False,
    ),
    PackFile(
        "participant_handout.pdf", gettext_lazy("Participant handout: lessons and glossary."), True
    ),
    PackFile("pre_test.pdf", gettext_lazy("Pre-test paper (questions only)."), True),
    PackFile("post_test.pdf", gettext_lazy("Post-test paper (questions only)."), True),
    PackFile(
        "answer_key.pdf",
        gettext_lazy("Answer key for both tests. Keep it from participants."),
        False,
    ),
    PackFile("attendance_sheet.pdf", gettext_lazy("Attendance and results sheet to print."), True),
    PackFile(
        "attendance_sheet.csv",
        gettext_lazy("Results sheet to fill in and upload on the workshop packs page."),
        False,
    ),
    PackFile(
        "attendance_sheet.xlsx",
        gettext_lazy("The same results sheet as an Excel workbook."),
        False,
    ),
    PackFile(
        "certificate_of_attendance.pdf",
        gettext_lazy("Certificate of attendance with blank lines for names."),
        True,
    ),
)


@dataclass
class LessonNotes:
    number: int
    lesson: LessonPage
    key_points: list[str] = field(default_factory=list)
    scenarios: list = field(default_factory=list)
    glossary: list[tuple[str, str]] = field(default_factory=list)

    @property
    def classroom_minutes(self) -> int:
        """Reading time plus whole-group discussion of each scenario."""
        return self.lesson.estimated_minutes + 20 * len(self.scenarios)


@dataclass(frozen=True)
class Slot:
    start: str
    end: str
    title: str
    is_break: bool = False


@dataclass(frozen=True)
class PaperQuestion:
    number: int
    question: Question
    options: list[tuple[str, str]]  # (letter, text) in the order printed
    items: list[tuple[int, str]]  # matching only: (number, item)
    correct: list[tuple[str, str]]  # answer key: (label, text)


def lesson_notes_collect(*, course: CoursePage) -> list[LessonNotes]:
    notes = []
    for number, lesson in enumerate(course.lessons(), start=1):
        lesson_notes = LessonNotes(number=number, lesson=lesson)
        for child in lesson.body:
            if child.block_type == "key_points":
                lesson_notes.key_points.extend(child.value["items"])
            elif child.block_type == "callout" and child.value["kind"] == "key_point":
                lesson_notes.key_points.append(child.value["title"] or "")
            elif child.block_type == "scenario":
                lesson_notes.scenarios.append(child)
            elif child.block_type == "glossary":
                lesson_notes.glossary.extend(
                    (term["term"], term["definition"]) for term in child.value["terms"]
                )
        lesson_notes.key_points = [point for point in lesson_notes.key_points if point]
        notes.append(lesson_notes)
    return notes


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _split_days(sessions: list[tuple[str, int]], days: int) -> list[list[tuple[str, int]]]:
    total = sum(minutes for _title, minutes in sessions)
    groups: list[list[tuple[str, int]]] = [[] for _day in range(days)]
    day, elapsed = 0, 0
    for index, session in enumerate(sessions):
        remaining_sessions = len(sessions) - index
        remaining_days = days - day - 1
        if (
            groups[day]
            and day < days - 1
            and (
                elapsed + session[1] / 2 > total * (day + 1) / days
                or remaining_sessions <= remaining_days
            )
        ):
            day += 1
        groups[day].append(session)
        elapsed += session[1]
    return groups


def timetable_build(*, sessions: list[tuple[str, int]], days: int) -> list[list[Slot]]:
    """Lay lessons out over `days` days, with a pre-test first, a post-test last and breaks.

    Lesson times are scaled to fill (or fit in) six hours of teaching a day."""
    total = sum(minutes for _title, minutes in sessions) or 1
    scale = days * TEACHING_MINUTES_PER_DAY * 0.8 / total
    scale = min(scale, 1.5) if days > 1 else min(scale, 1.0)
    scaled = [(title, max(15, round(minutes * scale / 5) * 5)) for title, minutes in sessions]
    timetable = []
    for day_index, day_sessions in enumerate(_split_days(scaled, days)):
        items: list[tuple[str, int, bool]] = []
        if day_index == 0:
            items += [(_("Welcome and introductions"), 30, False), (_("Pre-test"), 30, False)]
        else:
            items.append((_("Recap of the previous day"), 20, False))
        items += [(title, minutes, False) for title, minutes in day_sessions]
        if day_index == days - 1:
            items += [
                (_("Post-test"), 30, False),
                (_("Evaluation and certificates"), 30, False),
            ]
        slots, clock, since_break, had_lunch = [], DAY_START_MINUTES, 0, False
        for title, minutes, _is_break in items:
            if since_break >= 90:
                pause, label = (
                    (60, _("Lunch"))
                    if clock >= 12 * 60 and not had_lunch
                    else (
                        15,
                        _("Break"),
                    )
                )
                had_lunch = had_lunch or pause == 60
                slots.append(Slot(_clock(clock), _clock(clock + pause), label, True))
                clock, since_break = clock + pause, 0
            slots.append(Slot(_clock(clock), _clock(clock + minutes), title))
            clock += minutes
            since_break += minutes
        timetable.append(slots)
    return timetable


def pack_questions_select(*, quiz: QuizPage | None) -> list[Question]:
    """The questions a pack prints on its papers and answer key: the classroom bank only.

    An answer key that leaves the platform must never grade an online certificate, so
    online questions (the certification bank) are never printed."""
    if quiz is None:
        return []
    return list(quiz.classroom_questions)


def paper_forms(*, questions: list[Question]) -> tuple[list[Question], list[Question]]:
    """Two parallel papers (pre-test, post-test) from the classroom bank: questions sorted by
    objective and dealt alternately, a case's questions kept together."""
    groups = sorted(question_groups(questions), key=lambda group: group[0].objective)
    pre = [q for group in groups[0::2] for q in group]
    post = [q for group in groups[1::2] for q in group]
    return pre, post


def paper_questions(*, questions: list[Question]) -> list[PaperQuestion]:
    """Questions as printed on paper; matching answers sorted so order gives nothing away.
    `correct` is for the answer key only."""
    letters = option_letters()
    paper = []
    for number, question in enumerate(questions, start=1):
        if question.type == "matching":
            answers = sorted(question.answers, key=lambda choice: choice.text.casefold())
            letter_of = {choice.id: letters[i] for i, choice in enumerate(answers)}
            options = [(letters[i], choice.text) for i, choice in enumerate(answers)]
            items = [(i, choice.text) for i, choice in enumerate(question.choices, start=1)]
            correct = [
                (
                    f"{i} → {letter_of[choice.id]}",
                    next(a.text for a in answers if a.id == choice.id),
                )
                for i, choice in enumerate(question.choices, start=1)
            ]
        else:
            texts = {"true": _("True"), "false": _("False")}
            labelled = [
                (
                    letters[i],
                    texts.get(choice.text, choice.text)
                    if question.type == "true_false"
                    else choice.text,
                    choice.correct,
                )
                for i, choice in enumerate(question.choices)
            ]
            options = [(letter, text) for letter, text, _correct in labelled]
            items = []
            correct = [(letter, text) for letter, text, is_correct in labelled if is_correct]
        paper.append(PaperQuestion(number, question, options, items, correct))
    return paper


def course_quiz(course: CoursePage, kind: str) -> QuizPage | None:
    """The course's first live quiz of that kind, or None."""
    return QuizPage.objects.live().child_of(course).filter(kind=kind).order_by("path").first()


def results_sheet(fmt: str) -> bytes:
    """The empty results sheet (a header row) as CSV (UTF-8 with a byte-order mark) or XLSX."""
    sheet = Sheet(title=_("Results"), header=RESULTS_COLUMNS, rows=())
    return spreadsheet_bytes(sheets=[sheet], fmt=fmt)


def pack_files_render(
    *, course: CoursePage, version: int, revision_id: int | None, built_at: datetime
) -> dict[str, bytes]:
    """Render every file of the pack for the course's own language. Returns name → bytes."""
    language_code = course.locale.language_code
    with translation.override(language_code):
        lessons = lesson_notes_collect(course=course)
        bank = pack_questions_select(quiz=course_quiz(course, QuizKind.FINAL))
        pre_form, post_form = paper_forms(questions=bank)
        sessions = [(notes.lesson.title, notes.classroom_minutes) for notes in lessons]
        context = {
            "course": course,
            "lessons": lessons,
            "glossary": sorted(
                {item for notes in lessons for item in notes.glossary},
                key=lambda item: item[0].casefold(),
            ),
            "language_code": language_code,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "fonts": pdf_fonts(),
            "stylesheet": f"static:{STYLESHEET_PATH}",
            "version": version,
            "revision_id": revision_id,
            "built_at": built_at,
            "timetables": [
                (_("One-day workshop"), timetable_build(sessions=sessions, days=1)),
                (_("Two-day workshop"), timetable_build(sessions=sessions, days=2)),
            ],
            "has_classroom_bank": bool(bank),
            "pre_test_questions": paper_questions(questions=pre_form),
            "post_test_questions": paper_questions(questions=post_form),
            "results_columns": RESULTS_COLUMNS,
            "settings_organisation_name": organisation_settings(site=course.get_site()).name_in(
                language_code
            ),
            "blank_rows": range(20),
            "pack_files": PACK_FILES,
        }
        job_aids = {
            f"job-aids/{job_aid_filename(position=n, aid=aid)}": aid
            for n, aid in enumerate(course.job_aids, start=1)
        }
        context["job_aid_files"] = [(name, aid.value["title"]) for name, aid in job_aids.items()]
        context["answer_sections"] = [
            (_("Pre-test"), context["pre_test_questions"]),
            (_("Post-test"), context["post_test_questions"]),
        ]
        files = {
            "facilitator_guide.pdf": render_pdf("workshops/packs/facilitator_guide.html", context),
            "participant_handout.pdf": render_pdf(
                "workshops/packs/participant_handout.html", context
            ),
            "pre_test.pdf": render_pdf(
                "workshops/packs/test_paper.html",
                {
                    **context,
                    "paper_title": _("Pre-test"),
                    "questions": context["pre_test_questions"],
                },
            ),
            "post_test.pdf": render_pdf(
                "workshops/packs/test_paper.html",
                {
                    **context,
                    "paper_title": _("Post-test"),
                    "questions": context["post_test_questions"],
                },
            ),
            "answer_key.pdf": render_pdf("workshops/packs/answer_key.html", context),
            "attendance_sheet.pdf": render_pdf("workshops/packs/attendance_sheet.html", context),
            "attendance_sheet.csv": results_sheet(CSV),
            "attendance_sheet.xlsx": results_sheet(XLSX),
            "certificate_of_attendance.pdf": render_pdf(
                "workshops/packs/certificate_of_attendance.html", context
            ),
        }
        files["README.txt"] = render_to_string("workshops/packs/readme.txt", context).encode()
        printed = {name: job_aid_pdf(course=course, aid=aid) for name, aid in job_aids.items()}
    return {pack_file.name: files[pack_file.name] for pack_file in PACK_FILES} | printed


def pack_archive_build(
    *, course: CoursePage, version: int, revision_id: int | None, built_at: datetime | None = None
) -> bytes:
    """The pack as ZIP bytes, its files in one folder named after the course and language."""
    files = pack_files_render(
        course=course, version=version, revision_id=revision_id, built_at=built_at or timezone.now()
    )
    folder = f"{course.slug}-{course.locale.language_code}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{folder}/{name}", data)
    return buffer.getvalue()
