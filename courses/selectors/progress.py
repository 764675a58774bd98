"""Course and lesson reads, and a learner's enrolment and progress through the lessons."""

import operator
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from uuid import UUID

from django.db.models import Q
from wagtail.models import Locale, Page

from training_site.page_cache import pages_cached

from ..models import CourseIndexPage, CoursePage, Enrolment, LessonPage, LessonProgress


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


def lesson_access_for(*, user, course: CoursePage) -> str:
    """Who may read the course's lessons: "ok"; "login" for a visitor when the course keeps
    lessons for learners; "enrol" for a signed-in learner not enrolled in such a course."""
    if course.allow_anonymous_lessons:
        return "ok"
    if not getattr(user, "is_authenticated", False):
        return "login"
    enrolment = enrolment_for(user=user, course_key=course.translation_key)
    return "ok" if enrolment is not None and enrolment.is_active else "enrol"
