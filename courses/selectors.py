"""Reads about courses, enrolments and progress.

Every selector issues a fixed number of queries whatever the number of lessons, enrolments,
progress rows or attempts.
"""

import operator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import reduce
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from wagtail.models import Locale, Page

from training_site.page_cache import pages_cached
from training_site.selectors import pages_in_language

from .models import CourseIndexPage, CoursePage, Enrolment, LessonPage, LessonProgress


def course_index_for_locale(*, locale: Locale) -> CourseIndexPage | None:
    """The catalogue page in `locale`, if it exists and is live."""
    return CourseIndexPage.objects.live().filter(locale=locale).first()


def _children_of_any(pages: list[tuple[str, int]]) -> Q:
    """Matches the children of the pages given as (path, depth); matches nothing for none."""
    if not pages:
        return Q(pk__in=[])
    return reduce(
        operator.or_, (Q(path__startswith=path, depth=depth + 1) for path, depth in pages)
    )


def course_requirement_keys(*, course_key: UUID) -> tuple[set[UUID], set[UUID]]:
    """Translation keys of the course's live lessons and live final assessments, in any
    language: what a learner must complete and pass. Three queries."""
    from assessments.models import QuizKind, QuizPage

    courses = list(
        CoursePage.objects.filter(translation_key=course_key).values_list("path", "depth")
    )
    children = _children_of_any(courses)
    lesson_keys = set(
        LessonPage.objects.live().filter(children).values_list("translation_key", flat=True)
    )
    final_keys = set(
        QuizPage.objects.live()
        .filter(children, kind=QuizKind.FINAL)
        .values_list("translation_key", flat=True)
    )
    return lesson_keys, final_keys


def enrolment_for(*, user, course_key: UUID) -> Enrolment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(user=user, course_key=course_key).first()


@dataclass
class LessonItem:
    lesson: LessonPage
    completed: bool
    viewed: bool


@dataclass
class CourseProgress:
    """A learner's progress through the lessons of one course page (in one language)."""

    enrolment: Enrolment | None
    items: list[LessonItem]
    last_activity_at: datetime | None = None

    @property
    def is_enrolled(self) -> bool:
        return self.enrolment is not None and self.enrolment.is_active

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def completed_count(self) -> int:
        return sum(1 for item in self.items if item.completed)

    @property
    def next_lesson(self) -> LessonPage | None:
        """The first lesson not completed yet, in course order."""
        return next((item.lesson for item in self.items if not item.completed), None)

    @property
    def percent(self) -> int:
        if not self.items:
            return 0
        return round(100 * self.completed_count / self.total)

    def neighbours(self, lesson: Page) -> tuple[LessonPage | None, LessonPage | None]:
        """The lessons before and after `lesson` in the course."""
        lessons = [item.lesson for item in self.items]
        for index, candidate in enumerate(lessons):
            if candidate.pk == lesson.pk:
                previous = lessons[index - 1] if index > 0 else None
                following = lessons[index + 1] if index + 1 < len(lessons) else None
                return previous, following
        return None, None


def _progress_from_rows(
    *, enrolment: Enrolment | None, lessons: list[LessonPage], rows: list[dict]
) -> CourseProgress:
    by_key = {row["lesson_key"]: row for row in rows}
    items = [
        LessonItem(
            lesson=lesson,
            completed=bool(by_key.get(lesson.translation_key, {}).get("completed_at")),
            viewed=lesson.translation_key in by_key,
        )
        for lesson in lessons
    ]
    progress = CourseProgress(enrolment=enrolment, items=items)
    if rows:
        progress.last_activity_at = max(
            row["completed_at"] or row["first_viewed_at"] for row in rows
        )
    if enrolment is not None and progress.last_activity_at is None:
        progress.last_activity_at = enrolment.enrolled_at
    return progress


def course_lessons(*, course: CoursePage) -> list[LessonPage]:
    """The course's live lessons in tree order, without their bodies: shared by every visitor
    until a page changes (training_site.page_cache), one query when the cache is cold."""
    return pages_cached(
        f"lessons:{course.pk}", lambda: list(course.lessons()), keep=lambda lessons: True
    )


PROGRESS_FIELDS = ("lesson_key", "course_key", "first_viewed_at", "completed_at")


def course_progress_for(*, user, course: CoursePage, lessons: list[LessonPage]) -> CourseProgress:
    """The learner's enrolment and per-lesson state for `lessons` of `course`. Two queries for
    a signed-in learner, none for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return _progress_from_rows(enrolment=None, lessons=lessons, rows=[])
    enrolment = enrolment_for(user=user, course_key=course.translation_key)
    rows = list(
        LessonProgress.objects.filter(user=user, course_key=course.translation_key).values(
            *PROGRESS_FIELDS
        )
    )
    return _progress_from_rows(enrolment=enrolment, lessons=lessons, rows=rows)


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


def learner_data_export(*, user) -> dict:
    """Everything the platform records about the learner, as plain JSON-ready data."""
    from assessments.models import Attempt

    def iso(value):
        return value.isoformat() if value else None

    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "country": str(user.country or ""),
            "service": user.service,
            "rank": user.rank,
            "gender": user.gender,
            "preferred_language": user.preferred_language,
            "date_joined": iso(user.date_joined),
        },
        "enrolments": [
            {
                "course_key": str(row["course_key"]),
                "source": row["source"],
                "enrolled_at": iso(row["enrolled_at"]),
                "completed_at": iso(row["completed_at"]),
                "unenrolled_at": iso(row["unenrolled_at"]),
            }
            for row in Enrolment.objects.filter(user=user)
            .order_by("enrolled_at", "pk")
            .values("course_key", "source", "enrolled_at", "completed_at", "unenrolled_at")
        ],
        "lesson_progress": [
            {
                "lesson_key": str(row["lesson_key"]),
                "course_key": str(row["course_key"]),
                "first_viewed_at": iso(row["first_viewed_at"]),
                "completed_at": iso(row["completed_at"]),
            }
            for row in LessonProgress.objects.filter(user=user)
            .order_by("first_viewed_at", "pk")
            .values(*PROGRESS_FIELDS)
        ],
        "attempts": [
            {
                "quiz_key": str(row["quiz_key"]),
                "course_key": str(row["course_key"]),
                "quiz_kind": row["quiz_kind"],
                "number": row["number"],
                "status": row["status"],
                "language": row["language"],
                "started_at": iso(row["started_at"]),
                "submitted_at": iso(row["submitted_at"]),
                "percent": str(row["percent"]) if row["percent"] is not None else None,
                "passed": row["passed"],
            }
            for row in Attempt.objects.filter(user=user)
            .order_by("started_at", "pk")
            .values(
                "quiz_key",
                "course_key",
                "quiz_kind",
                "number",
                "status",
                "language",
                "started_at",
                "submitted_at",
                "percent",
                "passed",
            )
        ],
    }


def lesson_access_for(*, user, course: CoursePage) -> str:
    """Who may read the course's lessons: "ok"; "login" for a visitor when the course keeps
    lessons for learners; "enrol" for a signed-in learner not enrolled in such a course."""
    if course.allow_anonymous_lessons:
        return "ok"
    if not getattr(user, "is_authenticated", False):
        return "login"
    enrolment = enrolment_for(user=user, course_key=course.translation_key)
    return "ok" if enrolment is not None and enrolment.is_active else "enrol"


def cohort_user_sees_all(*, user) -> bool:
    """Holders of the standard `courses.view_cohort` (administrators, superusers) see every
    cohort and its learners; holders of `courses.run_cohort` (trainers) only those they run."""
    return user.has_perm("courses.view_cohort")


def cohort_learners_of(*, trainer):
    """Cohort memberships in cohorts `trainer` runs: filter with OuterRef("user") and
    OuterRef("course_key") to keep a trainer's view to their own learners."""
    from .models import CohortMembership

    return CohortMembership.objects.filter(cohort__trainer=trainer)


def cohorts_visible_to(*, user):
    from django.db.models import Count

    from .models import Cohort

    queryset = Cohort.objects.select_related("trainer").annotate(member_count=Count("members"))
    if cohort_user_sees_all(user=user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(trainer=user)


class CohortLearnerScope:
    """Whose attempts a staff member reads (`assessments.scope.LearnerScope`, named by the
    ASSESSMENTS_LEARNER_SCOPE setting): a trainer those of the learners in the cohorts they
    run, at the cohort's course; holders of `courses.view_cohort` every attempt."""

    def sees_all(self, *, user) -> bool:
        return cohort_user_sees_all(user=user)

    def attempts(self, *, user) -> Q:
        own = cohort_learners_of(trainer=user).filter(
            user=OuterRef("user"), cohort__course_key=OuterRef("course_key")
        )
        return Q(Exists(own))

    def cohort_choices(self, *, user) -> list[tuple[int, str]]:
        from .models import Cohort

        cohorts = Cohort.objects.all()
        if not cohort_user_sees_all(user=user):
            if not getattr(user, "is_authenticated", False):
                return []
            cohorts = cohorts.filter(trainer=user)
        return list(cohorts.order_by("name", "pk").values_list("pk", "name"))

    def in_cohort(self, *, cohort_id: int) -> Q:
        from .models import CohortMembership

        members = CohortMembership.objects.filter(
            cohort_id=cohort_id, user=OuterRef("user"), cohort__course_key=OuterRef("course_key")
        )
        return Q(Exists(members))


@dataclass
class CourseQuiz:
    quiz: Page
    used: int = 0
    best_percent: Decimal | None = None
    passed: bool = False


def course_quizzes_for(*, user, course: CoursePage) -> list[CourseQuiz]:
    """The course's live quizzes in tree order with the learner's results. Two queries."""
    from assessments.models import QuizKind, QuizPage
    from assessments.selectors import quiz_results_for

    quizzes = list(QuizPage.objects.live().child_of(course).defer_streamfields().order_by("path"))
    results = quiz_results_for(user=user, quiz_keys=[quiz.translation_key for quiz in quizzes])
    items = []
    for quiz in quizzes:
        result = results.get(quiz.translation_key, {})
        items.append(
            CourseQuiz(
                quiz=quiz,
                used=result.get("used", 0),
                best_percent=result.get("best"),
                # A pre-test is diagnostic: its pass mark of 0 % would read as "passed".
                passed=quiz.kind != QuizKind.PRE_TEST and result.get("passed", False),
            )
        )
    return items


def course_resources(*, course: CoursePage):
    """Live resource pages under the course (such as its glossary), in tree order. Their type
    is the setting COURSE_RESOURCE_PAGE_MODEL (a page type of an app above this one)."""
    resource_model = apps.get_model(settings.COURSE_RESOURCE_PAGE_MODEL)
    return resource_model.objects.live().child_of(course).defer_streamfields().order_by("path")


@dataclass
class NextStep:
    """The one thing a learner should do next in a course: its kind, label and where."""

    kind: str  # pretest | lesson | final | complete
    label: str
    url: str


def course_next_step(
    *, course: CoursePage, progress: CourseProgress, quizzes: list[CourseQuiz], request=None
) -> NextStep | None:
    """Pre-test (before any lesson) → the next unread lesson → each final assessment not yet
    passed → the completion screen. None when the learner is not enrolled."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not progress.is_enrolled:
        return None
    if progress.enrolment.completed_at:
        url = reverse("courses:complete", kwargs={"course_key": course.translation_key})
        return NextStep("complete", _("See your certificate"), url)
    pretest = next((q for q in quizzes if q.quiz.kind == "pre_test"), None)
    if pretest is not None and not pretest.used and not progress.completed_count:
        return NextStep("pretest", _("Take the pre-test"), pretest.quiz.get_url(request))
    unread = next((item.lesson for item in progress.items if not item.completed), None)
    if unread is not None:
        label = (
            _("Start the first lesson")
            if not progress.completed_count
            else _("Continue: %(lesson)s") % {"lesson": unread.title}
        )
        return NextStep("lesson", label, unread.get_url(request))
    final = next((q for q in quizzes if q.quiz.kind == "final" and not q.passed), None)
    if final is not None:
        return NextStep("final", _("Take the final assessment"), final.quiz.get_url(request))
    return None


def courses_to_take_next(*, user, course: CoursePage, limit: int = 3) -> list[CoursePage]:
    """Other live courses of the catalogue the learner is not enrolled in. Two queries."""
    enrolled = Enrolment.objects.filter(user=user, unenrolled_at__isnull=True).values("course_key")
    return list(
        CoursePage.objects.live()
        .public()
        .sibling_of(course, inclusive=False)
        .exclude(translation_key__in=enrolled)
        .defer_streamfields()
        .order_by("path")[:limit]
    )
