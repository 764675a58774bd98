"""The course page's quizzes with the learner's results, its resources and the next step."""

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from wagtail.models import Page

from ..models import CoursePage, Enrolment
from .progress import CourseProgress


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
