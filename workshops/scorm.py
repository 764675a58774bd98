"""SCORM 1.2 package of a course, for an institution's own LMS (Moodle and the like).

One SCO: `index.html` lists the lessons (static pages under `lessons/`, diagrams inline and
images copied under `media/`) and carries the final as a scored quiz. The quiz reports
`cmi.core.lesson_status`, `cmi.core.score.raw` (a percentage) and one interaction per question
through the SCORM 1.2 runtime API; the manifest's mastery score is the final's pass mark.

Its questions are the **classroom** bank's, like a workshop pack's papers: the keys travel
inside the package, so the online certification bank never does.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from assessments.models import QuizKind
from assessments.questions import Question
from courses.models import CoursePage, LessonPage
from training_site.selectors import organisation_settings
from workshops.packs import course_quiz, pack_questions_select

SCHEMAS = Path(__file__).parent / "scorm_schemas"
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")
MEDIA_URL = re.compile(r'(src|href)="(' + re.escape(settings.MEDIA_URL) + r'[^"]+)"')
SITE_PATH = re.compile(r'href="(/[^"]*)"')


@dataclass(frozen=True)
class ScormLesson:
    number: int
    title: str
    filename: str
    body: str


def _question_data(question: Question) -> dict:
    """What the package's script needs to grade one question (keys included, by design)."""
    return {
        "id": question.id,
        "type": question.type,
        "points": float(question.points),
        "scoring": question.scoring,
        "correct": sorted(question.correct_ids),
        "pairs": [choice.id for choice in question.choices] if question.type == "matching" else [],
    }


def _static_body(html: str, files: dict[str, bytes]) -> str:
    """Copy media the body uses into the package and point at the copies; other links of the
    site become absolute, so they still work from the LMS."""

    def copy(match: re.Match) -> str:
        attribute, url = match.groups()
        name = unquote(url.removeprefix(settings.MEDIA_URL))
        if default_storage.exists(name):
            with default_storage.open(name) as file:
                files[f"media/{name}"] = file.read()
            return f'{attribute}="../media/{name}"'
        return f'{attribute}="{settings.SITE_URL.rstrip("/")}{url}"'

    html = MEDIA_URL.sub(copy, html)
    return SITE_PATH.sub(lambda m: f'href="{settings.SITE_URL.rstrip("/")}{m.group(1)}"', html)


def _lessons(course: CoursePage, files: dict[str, bytes]) -> list[ScormLesson]:
    lessons = []
    # With their bodies, in one query (`course.lessons()` leaves the bodies out).
    pages = LessonPage.objects.live().child_of(course).order_by("path")
    for number, lesson in enumerate(pages, start=1):
        body = render_to_string("workshops/scorm/body.html", {"page": lesson})
        filename = f"lessons/{number:02d}.html"
        lessons.append(ScormLesson(number, lesson.title, filename, _static_body(body, files)))
    return lessons


def scorm_package_build(*, course: CoursePage) -> bytes:
    """The course as a SCORM 1.2 package (ZIP bytes), in the course's own language."""
    language_code = course.locale.language_code
    files: dict[str, bytes] = {}
    with translation.override(language_code):
        quiz = course_quiz(course, QuizKind.FINAL)
        questions = pack_questions_select(quiz=quiz)
        lessons = _lessons(course, files)
        context = {
            "course": course,
            "identifier": f"{slugify(course.slug)}-{language_code}",
            "language_code": language_code,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "organisation_name": organisation_settings(site=course.get_site()).name_in(
                language_code
            ),
            "lessons": lessons,
            "questions": questions,
            "quiz_data": {
                "passMark": quiz.pass_mark if quiz else 0,
                "questions": [_question_data(question) for question in questions],
            },
            "mastery_score": quiz.pass_mark if quiz and questions else None,
        }
        for lesson in lessons:
            page = render_to_string("workshops/scorm/lesson.html", {**context, "lesson": lesson})
            files[lesson.filename] = page.encode()
        files["index.html"] = render_to_string("workshops/scorm/index.html", context).encode()
        files["sco.js"] = render_to_string("workshops/scorm/sco.js").encode()
        files["sco.css"] = render_to_string("workshops/scorm/sco.css").encode()
    for name in SCHEMA_FILES:
        files[name] = (SCHEMAS / name).read_bytes()
    manifest = render_to_string(
        "workshops/scorm/imsmanifest.xml", {**context, "files": sorted(files)}
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest.encode())
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


def scorm_filename(*, course: CoursePage) -> str:
    return f"{course.slug}-{course.locale.language_code}-scorm12.zip"
