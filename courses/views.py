import json
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from training_site.selectors import page_in_language, server_time_ms
from training_site.spreadsheets import Sheet, export_filename, spreadsheet_response

from .forms import CohortJoinForm
from .job_aids import job_aid_filename, job_aid_find, job_aid_pdf
from .models import CoursePage, LessonPage
from .selectors import (
    course_index_for_locale,
    course_lessons,
    course_progress_for,
    course_quizzes_for,
    courses_to_take_next,
    dashboard_for,
    enrolment_for,
    learner_data_export,
)
from .services import cohort_join, enrolment_create, enrolment_withdraw, lesson_progress_complete


def _course_page(course_key, *, language: str) -> CoursePage:
    """The live course page with `course_key`, in `language` when translated."""
    page = page_in_language(
        CoursePage.objects.live(), translation_key=course_key, language=language
    )
    if page is None:
        raise Http404
    return page


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def enrol(request, course_key):
    course = _course_page(course_key, language=get_language())
    enrolment_create(user=request.user, course_key=course.translation_key)
    messages.success(request, _("You are enrolled in %(course)s.") % {"course": course.title})
    return redirect(_next_or(request, course.get_url(request=request)))


@login_required
@require_http_methods(["GET", "POST"])
def unenrol(request, course_key):
    """GET asks for confirmation; POST leaves the course (progress is kept)."""
    course = _course_page(course_key, language=get_language())
    if request.method == "GET":
        return render(request, "courses/unenrol_confirm.html", {"course": course})
    if enrolment_withdraw(user=request.user, course_key=course.translation_key):
        messages.success(
            request,
            _("You have left %(course)s. Your progress is kept if you enrol again.")
            % {"course": course.title},
        )
    return redirect(_next_or(request, course.get_url(request=request)))


@login_required
@require_POST
def lesson_complete(request, lesson_id: int):
    """Mark a lesson completed; JSON for scripts, otherwise a redirect to the next lesson."""
    lesson = LessonPage.objects.live().public().filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    course = lesson.course
    if not course.live:
        raise Http404
    lesson_progress_complete(user=request.user, lesson=lesson, course_key=course.translation_key)
    lessons = course_lessons(course=course)
    progress = course_progress_for(user=request.user, course=course, lessons=lessons)
    _previous, following = progress.neighbours(lesson)
    target = following or course
    target_url = target.get_url(request=request)
    if "application/json" in request.headers.get("Accept", ""):
        # The course's completed lessons as of `rendered_at`: what the device keeps to bring
        # its cached pages up to date (courses/js/progress.js).
        return JsonResponse(
            {
                "completed": True,
                "lesson_key": str(lesson.translation_key),
                "course_key": str(course.translation_key),
                "completed_keys": [
                    str(item.lesson.translation_key) for item in progress.items if item.completed
                ],
                "rendered_at": server_time_ms(),
                "completed_count": progress.completed_count,
                "total": progress.total,
                "percent": progress.percent,
                "course_completed": progress.enrolment is not None
                and progress.enrolment.completed_at is not None,
                "next_url": target_url,
                "progress_label": _("%(done)s of %(total)s lessons completed")
                % {"done": progress.completed_count, "total": progress.total},
            }
        )
    return redirect(target_url)


@login_required
def dashboard(request):
    language = get_language()
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    catalogue = course_index_for_locale(locale=locale) if locale else None
    return render(
        request,
        "courses/dashboard.html",
        {
            "courses": dashboard_for(user=request.user, language=language),
            "catalogue": catalogue,
        },
    )


@login_required
def my_data(request):
    return render(request, "courses/my_data.html")


EXPORT_COLUMNS = [
    "record",
    "course_key",
    "item_key",
    "started_at",
    "completed_at",
    "status",
    "percent",
    "passed",
    "detail",
]


def _export_rows(data: dict):
    for name, value in data["profile"].items():
        yield {"record": "profile", "item_key": name, "detail": value}
    for row in data["enrolments"]:
        yield {
            "record": "enrolment",
            "course_key": row["course_key"],
            "started_at": row["enrolled_at"],
            "completed_at": row["completed_at"],
            "status": "left" if row["unenrolled_at"] else "active",
            "detail": f"source={row['source']}",
        }
    for row in data["lesson_progress"]:
        yield {
            "record": "lesson_progress",
            "course_key": row["course_key"],
            "item_key": row["lesson_key"],
            "started_at": row["first_viewed_at"],
            "completed_at": row["completed_at"],
        }
    for row in data["attempts"]:
        yield {
            "record": "attempt",
            "course_key": row["course_key"],
            "item_key": row["quiz_key"],
            "started_at": row["started_at"],
            "completed_at": row["submitted_at"],
            "status": row["status"],
            "percent": row["percent"],
            "passed": row["passed"],
            "detail": f"kind={row['quiz_kind']};number={row['number']};language={row['language']}",
        }


@login_required
def my_data_download(request, fmt: str):
    """The learner's own records only; there is no parameter that names another learner."""
    data = learner_data_export(user=request.user)
    filename = export_filename("my-learning-records")
    if fmt != "json":
        rows = ([row.get(key) for key in EXPORT_COLUMNS] for row in _export_rows(data))
        sheet = Sheet(title=_("My data"), header=EXPORT_COLUMNS, rows=rows)
        return spreadsheet_response(sheets=[sheet], filename=filename, fmt=fmt)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def cohort_join_view(request):
    form = CohortJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = cohort_join(user=request.user, join_code=form.cleaned_data["join_code"])
        except ValidationError as throttled:
            form.add_error("join_code", throttled)
            cohort = None
        if cohort is None and not form.has_error("join_code"):
            form.add_error("join_code", _("No cohort has this code. Check it with your trainer."))
        elif cohort is not None:
            messages.success(request, _("You have joined %(cohort)s.") % {"cohort": cohort.name})
            try:
                course = _course_page(cohort.course_key, language=get_language())
            except Http404:
                return redirect("courses:dashboard")
            return redirect(course.get_url(request=request))
    return render(request, "courses/cohort_join.html", {"form": form})


def job_aid_pdf_view(request, course_id: int, aid_id):
    """A course's job aid as a printable PDF: public, like the lessons that link to it."""
    course = CoursePage.objects.live().public().filter(pk=course_id).first()
    aid = job_aid_find(course=course, aid_id=aid_id) if course is not None else None
    if aid is None:
        raise Http404
    position = [str(a.id) for a in course.job_aids].index(str(aid.id)) + 1
    response = HttpResponse(job_aid_pdf(course=course, aid=aid), content_type="application/pdf")
    filename = job_aid_filename(position=position, aid=aid)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_required
def course_complete(request, course_key):
    """The finish line: the certificate (downloads, verification link and QR), the score and
    knowledge gain, and what to take next. Before completion, back to the course page."""
    from assessments.selectors import knowledge_gain_for

    course = _course_page(course_key, language=get_language())
    enrolment = enrolment_for(user=request.user, course_key=course.translation_key)
    if enrolment is None or enrolment.completed_at is None:
        messages.info(
            request, _("Finish the lessons and pass the final assessment to complete it.")
        )
        return redirect(course.get_url(request=request))
    context = {
        "course": course,
        "enrolment": enrolment,
        "quizzes": [q for q in course_quizzes_for(user=request.user, course=course) if q.passed],
        "knowledge_gain": knowledge_gain_for(user=request.user, course_key=course.translation_key),
        "next_courses": courses_to_take_next(user=request.user, course=course),
    }
    return render(request, "courses/course_complete.html", context)
