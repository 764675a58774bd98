"""The learner's dashboard: active enrolments with progress, last activity and quiz results."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from training_site.selectors import pages_in_language

from ..models import CoursePage, Enrolment, LessonPage, LessonProgress
from .progress import PROGRESS_FIELDS, CourseProgress, _children_of_any, _progress_from_rows


@dataclass
class QuizSummary:
    quiz_key: UUID
    title: str
    page_id: int | None
    attempts: int = 0
    best_percent: Decimal | None = None
    passed: bool = False
    last_submitted_at: datetime | None = None


@dataclass
class DashboardCourse:
    enrolment: Enrolment
    course: CoursePage | None
    progress: CourseProgress
    quizzes: list[QuizSummary] = field(default_factory=list)


def dashboard_for(*, user, language: str) -> list[DashboardCourse]:
    """The learner's active enrolments, newest first, each with its course page (in `language`
    when translated), progress, last activity and quiz results. Six queries whatever the
    number of enrolments, lessons or attempts."""
    from assessments.models import QuizKind
    from assessments.selectors import attempts_for_user

    enrolments = list(
        Enrolment.objects.filter(user=user, unenrolled_at__isnull=True).order_by(
            "-enrolled_at", "-pk"
        )
    )
    if not enrolments:
        return []
    keys = [enrolment.course_key for enrolment in enrolments]
    courses = pages_in_language(CoursePage.objects.live(), translation_keys=keys, language=language)
    lessons_by_course: dict[str, list[LessonPage]] = {
        course.path: [] for course in courses.values()
    }
    lesson_query = (
        LessonPage.objects.live()
        .filter(_children_of_any([(course.path, course.depth) for course in courses.values()]))
        .defer_streamfields()
        .order_by("path")
    )
    for lesson in lesson_query:
        lessons_by_course[lesson.path[: -lesson.steplen]].append(lesson)
    rows_by_course: dict[UUID, list[dict]] = {}
    for row in LessonProgress.objects.filter(user=user).values(*PROGRESS_FIELDS):
        rows_by_course.setdefault(row["course_key"], []).append(row)
    quizzes_by_course: dict[UUID, dict[UUID, QuizSummary]] = {}
    for attempt in attempts_for_user(user=user):
        summaries = quizzes_by_course.setdefault(attempt.course_key, {})
        summary = summaries.get(attempt.quiz_key)
        if summary is None:
            summary = summaries[attempt.quiz_key] = QuizSummary(
                quiz_key=attempt.quiz_key,
                title=attempt.quiz_title or "",
                page_id=attempt.quiz_page_id,
                last_submitted_at=attempt.submitted_at,
            )
        summary.attempts += 1
        summary.passed = summary.passed or (
            attempt.passed and attempt.quiz_kind != QuizKind.PRE_TEST
        )
        if attempt.percent is not None and (
            summary.best_percent is None or attempt.percent > summary.best_percent
        ):
            summary.best_percent = attempt.percent
    result = []
    for enrolment in enrolments:
        course = courses.get(enrolment.course_key)
        lessons = lessons_by_course.get(course.path, []) if course else []
        progress = _progress_from_rows(
            enrolment=enrolment,
            lessons=lessons,
            rows=rows_by_course.get(enrolment.course_key, []),
        )
        quizzes = list(quizzes_by_course.get(enrolment.course_key, {}).values())
        if quizzes:
            latest_quiz = max(quiz.last_submitted_at for quiz in quizzes if quiz.last_submitted_at)
            if progress.last_activity_at is None or latest_quiz > progress.last_activity_at:
                progress.last_activity_at = latest_quiz
        result.append(
            DashboardCourse(enrolment=enrolment, course=course, progress=progress, quizzes=quizzes)
        )
    return result
