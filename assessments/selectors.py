"""Reads about attempts, used by courses (enrolment, dashboard) and certificates.

Every selector issues a fixed number of queries whatever the number of attempts or quizzes.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db.models import (
    Case,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import get_language
from wagtail.models import Page

from assessments.models import Attempt, AttemptStatus, KnowledgeGain, QuizKind, QuizPage
from training_site.selectors import page_in_language


def attempt_passed_quiz_keys(*, user, quiz_keys: Iterable[UUID]) -> set[UUID]:
    """Quiz keys among `quiz_keys` with at least one submitted, passed attempt by `user`."""
    keys = list(quiz_keys)
    if not keys or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Attempt.objects.filter(
            user=user, quiz_key__in=keys, status=AttemptStatus.SUBMITTED, passed=True
        )
        .values_list("quiz_key", flat=True)
        .distinct()
    )


def course_final_score(*, user, course_key: UUID) -> Decimal | None:
    """Best percent over passed final-assessment attempts of the course; with several final
    quizzes, the mean of their bests; None when no final quiz is passed. One query."""
    bests = list(
        Attempt.objects.filter(
            user=user,
            course_key=course_key,
            quiz_kind=QuizKind.FINAL,
            status=AttemptStatus.SUBMITTED,
            passed=True,
        )
        .values("quiz_key")
        .annotate(best=Max("percent"))
        .values_list("best", flat=True)
    )
    if not bests:
        return None
    mean = sum((Decimal(best) for best in bests), Decimal(0)) / len(bests)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def course_final_evidence(*, user, course_key: UUID) -> list[dict]:
    """What a certificate was earned on: per passed final quiz, its best attempt's quiz key,
    attempt number, percent, pass mark, bank version and draw size (JSON-ready). One query."""
    attempts = Attempt.objects.filter(
        user=user,
        course_key=course_key,
        quiz_kind=QuizKind.FINAL,
        status=AttemptStatus.SUBMITTED,
        passed=True,
    ).order_by("quiz_key", "-percent", "submitted_at")
    evidence: dict[UUID, dict] = {}
    for attempt in attempts.only(
        "quiz_key", "number", "percent", "pass_mark", "bank_version", "question_ids"
    ):
        evidence.setdefault(
            attempt.quiz_key,
            {
                "quiz_key": str(attempt.quiz_key),
                "attempt": attempt.number,
                "percent": str(attempt.percent),
                "pass_mark": attempt.pass_mark,
                "bank_version": attempt.bank_version,
                "draw_size": len(attempt.question_ids),
            },
        )
    return list(evidence.values())


def _quiz_page_subquery(field: str, language: str) -> Subquery:
    """The quiz page's `field` in the current language if translated, else any locale."""
    pages = (
        Page.objects.filter(translation_key=OuterRef("quiz_key"))
        .annotate(
            _preferred=Case(
                When(locale__language_code=language, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("_preferred", "pk")
        .values(field)[:1]
    )
    return Subquery(pages)


def attempts_for_user(*, user) -> QuerySet[Attempt]:
    """The learner's submitted attempts, newest first, annotated with `quiz_title` and
    `quiz_page_id` (in the active language when translated). One query."""
    language = (get_language() or "en").split("-")[0]
    return (
        Attempt.objects.filter(user=user, status=AttemptStatus.SUBMITTED)
        .annotate(
            quiz_title=_quiz_page_subquery("title", language),
            quiz_page_id=_quiz_page_subquery("pk", language),
        )
        .order_by("-submitted_at", "-pk")
    )


def attempt_in_progress(*, user, quiz_key: UUID) -> Attempt | None:
    return Attempt.objects.filter(
        user=user, quiz_key=quiz_key, status=AttemptStatus.IN_PROGRESS
    ).first()


def attempt_summary_for_quiz(*, user, quiz_key: UUID) -> dict:
    """Counts for a quiz's start page: attempts used, best percent, any passed. One query."""
    from django.db.models import Count, Q

    row = Attempt.objects.filter(user=user, quiz_key=quiz_key).aggregate(
        used=Count("pk"),
        best=Max("percent", filter=Q(status=AttemptStatus.SUBMITTED)),
        passed=Count("pk", filter=Q(status=AttemptStatus.SUBMITTED, passed=True)),
    )
    return {"used": row["used"], "best": row["best"], "passed": bool(row["passed"])}


def knowledge_gain_for(*, user, course_key: UUID) -> KnowledgeGain | None:
    return (
        KnowledgeGain.objects.filter(user=user, course_key=course_key)
        .select_related("pre_attempt", "post_attempt")
        .first()
    )


def _analysed_attempts(*, quiz, all_attempts: bool, learners: Q | None) -> QuerySet[Attempt]:
    submitted = Attempt.objects.filter(
        quiz_key=quiz.translation_key, status=AttemptStatus.SUBMITTED
    )
    if not all_attempts:
        submitted = submitted.filter(number=1)
    if learners is not None:
        submitted = submitted.filter(learners)
    return submitted


def quiz_item_analysis(
    *, quiz, all_attempts: bool = False, learners: Q | None = None
) -> tuple[list, list]:
    """Item analysis of the online bank of `quiz` (all languages): each learner's first
    submitted attempt, or every submitted attempt with `all_attempts`; only the attempts
    `learners` (a filter over Attempt, see `scope.attempts_filter`) matches. One query."""
    from assessments.analysis import GradedAttempt, item_analysis

    submitted = _analysed_attempts(quiz=quiz, all_attempts=all_attempts, learners=learners)
    attempts = [
        GradedAttempt(percent=row[0] or Decimal(0), answers=row[1], question_results=row[2])
        for row in submitted.values_list("percent", "answers", "question_results")
    ]
    return item_analysis(quiz.online_questions, attempts)


def quiz_learner_count(*, quiz, all_attempts: bool = False, learners: Q | None = None) -> int:
    """How many learners the item analysis of `quiz` with the same arguments counts. One
    query."""
    submitted = _analysed_attempts(quiz=quiz, all_attempts=all_attempts, learners=learners)
    return submitted.values("user").distinct().count()


def quiz_results_for(*, user, quiz_keys: Iterable[UUID]) -> dict[UUID, dict]:
    """Per quiz key: attempts used, best submitted percent and whether any attempt passed.
    One query whatever the number of quizzes; {} for a visitor."""
    from django.db.models import Count, Q

    if not getattr(user, "is_authenticated", False):
        return {}
    rows = (
        Attempt.objects.filter(user=user, quiz_key__in=list(quiz_keys))
        .values("quiz_key")
        .annotate(
            used=Count("pk"),
            best=Max("percent", filter=Q(status=AttemptStatus.SUBMITTED)),
            passed_count=Count("pk", filter=Q(status=AttemptStatus.SUBMITTED, passed=True)),
        )
    )
    return {
        row["quiz_key"]: {
            "used": row["used"],
            "best": row["best"],
            "passed": bool(row["passed_count"]),
        }
        for row in rows
    }


def attempts_with_quiz(*, queryset: QuerySet[Attempt]) -> QuerySet[Attempt]:
    """`queryset` annotated with `quiz_title` and `quiz_page_id`, in the active language when
    the quiz is translated. Adds subqueries, not queries."""
    language = (get_language() or "en").split("-")[0]
    return queryset.annotate(
        quiz_title=_quiz_page_subquery("title", language),
        quiz_page_id=_quiz_page_subquery("pk", language),
    )


def attempts_visible_to(*, user) -> QuerySet[Attempt]:
    """The attempts `user` may read in the admin, with their learner: every attempt for
    those who see all cohorts, else those of learners in the cohorts they run, at their
    cohort's course (`scope.learner_scope`). Adds no query of its own."""
    from assessments.scope import attempts_filter

    queryset = Attempt.objects.select_related("user")
    learners = attempts_filter(user=user)
    return queryset if learners is None else queryset.filter(learners)


def quiz_choices(*, attempts: QuerySet[Attempt] | None = None) -> list[tuple[str, str]]:
    """(translation key, title) of every quiz, or of those `attempts` were made at, titled in
    the active language when translated (else in the first language it was written in), by
    title. One query."""
    language = (get_language() or "en").split("-")[0]
    titles: dict[str, tuple[int, str]] = {}
    quizzes = QuizPage.objects.all()
    if attempts is not None:
        quizzes = quizzes.filter(translation_key__in=attempts.order_by().values("quiz_key"))
    rows = quizzes.values_list("translation_key", "title", "locale__language_code")
    for key, title, code in rows.order_by("pk"):
        rank = 0 if code == language else 1
        if str(key) not in titles or rank < titles[str(key)][0]:
            titles[str(key)] = (rank, title)
    return sorted(((key, title) for key, (_rank, title) in titles.items()), key=lambda c: c[1])


def quiz_in_language(*, quiz: QuizPage, language: str, fallback: str) -> QuizPage:
    """The translation of `quiz` in `language`, else in `fallback`, else `quiz`. One query."""
    found = page_in_language(
        QuizPage,
        translation_key=quiz.translation_key,
        language=language,
        fallback=fallback,
        any_language=False,
    )
    return found or quiz


def course_lessons_for_quiz(*, quiz, request=None) -> dict[str, dict]:
    """The quiz's sibling lessons, by position ("1", "2"...) as question blocks count them:
    {position: {"title", "url"}}. Found by page type, as lessons belong to a higher layer."""
    lessons = (
        quiz.get_siblings()
        .live()
        .filter(content_type__app_label="courses", content_type__model="lessonpage")
        .order_by("path")
    )
    return {
        str(position): {"title": lesson.title, "url": lesson.get_url(request)}
        for position, lesson in enumerate(lessons, start=1)
    }


def attempt_best_final_percent() -> Subquery:
    """The best graded final-assessment percent of the learner `OuterRef("user_id")` in the
    course `OuterRef("course_key")` (None without one), for annotating or updating rows keyed
    by learner and course."""
    return Subquery(
        Attempt.objects.filter(
            user=OuterRef("user_id"),
            course_key=OuterRef("course_key"),
            quiz_kind=QuizKind.FINAL,
            status=AttemptStatus.SUBMITTED,
            percent__isnull=False,
        )
        .order_by()
        .values("user")
        .annotate(best=Max("percent"))
        .values("best")
    )
