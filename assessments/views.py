"""Learner screens of a quiz attempt. Thin: services decide, display shapes.

Every view takes the attempt through `_own_attempt`, so another learner's attempt is a 404,
and touches expiry first, so an attempt past its deadline is submitted before anything else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from assessments import selectors, services
from assessments.display import (
    attempt_pages,
    missed_items,
    question_views,
    review_allowed,
    review_items,
    shown_questions,
    unanswered_numbers,
)
from assessments.forms import page_answers_parse
from assessments.models import Attempt, AttemptStatus, QuizPage


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    attempt = get_object_or_404(Attempt, pk=attempt_id, user=request.user)
    services.attempt_expire_if_due(attempt=attempt)
    return attempt


def _quiz(attempt: Attempt) -> QuizPage:
    try:
        return services.attempt_quiz_page(attempt=attempt)
    except QuizPage.DoesNotExist as exc:
        raise Http404 from exc


def _result_redirect(attempt: Attempt) -> HttpResponse:
    return redirect("assessments:result", attempt_id=attempt.pk)


@login_required
@require_POST
def attempt_start_view(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(QuizPage.objects.live().public(), pk=quiz_id)
    try:
        attempt = services.attempt_start(user=request.user, quiz=quiz)
    except services.AttemptLimitReached:
        messages.error(request, _("You have used all your attempts at this quiz."))
        return redirect(quiz.url)
    except services.AttemptCoolingDown as exc:
        messages.error(
            request,
            _("You can try again from %(when)s. Use the time to revisit the lessons.")
            % {"when": date_format(localtime(exc.until), "DATETIME_FORMAT")},
        )
        return redirect(quiz.url)
    return redirect("assessments:question_page", attempt_id=attempt.pk, page_number=1)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attempt_page_view(request: HttpRequest, attempt_id: int, page_number: int = 1) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return _result_redirect(attempt)
    quiz = _quiz(attempt)
    pages = attempt_pages(attempt=attempt, quiz=quiz)
    if not 1 <= page_number <= len(pages):
        raise Http404
    page_ids = pages[page_number - 1]
    shown = shown_questions(attempt=attempt, quiz=quiz)
    questions = [shown[qid] for qid in page_ids]
    answers = attempt.answers
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            posted, errors = page_answers_parse(
                data=request.POST, questions=questions, attempt=attempt
            )
            services.attempt_answers_validate(attempt=attempt, answers=posted)
        except services.InvalidAnswers:
            return HttpResponseBadRequest(_("These answers do not belong to this attempt."))
        if errors:
            answers = {**attempt.answers, **posted}
        else:
            try:
                services.attempt_save_answers(attempt=attempt, answers=posted)
            except services.AttemptClosed:
                return _result_redirect(attempt)
            return _after_save(request, attempt, page_number, len(pages))
    views = question_views(attempt=attempt, quiz=quiz, question_ids=page_ids, answers=answers)
    context = {
        "page": quiz,
        "quiz": quiz,
        "attempt": attempt,
        "questions": views,
        "first_number": views[0].number if views else None,
        "last_number": views[-1].number if views else None,
        "errors": errors,
        "page_number": page_number,
        "page_count": len(pages),
        "question_count": sum(len(p) for p in pages),
    }
    return TemplateResponse(request, "assessments/attempt_page.html", context)


def _after_save(request, attempt: Attempt, page_number: int, page_count: int) -> HttpResponse:
    action = request.POST.get("action", "save")
    if action == "next" and page_number < page_count:
        page_number += 1
    elif action == "previous" and page_number > 1:
        page_number -= 1
    elif action == "review" or (action == "next" and page_number == page_count):
        return redirect("assessments:submit", attempt_id=attempt.pk)
    else:
        messages.success(request, _("Your answers are saved."))
    return redirect("assessments:question_page", attempt_id=attempt.pk, page_number=page_number)


@never_cache
@login_required
@require_POST
def attempt_autosave_view(request: HttpRequest, attempt_id: int, page_number: int) -> HttpResponse:
    """JSON for the autosave script: whether the answers were saved, and the deadline."""
    attempt = _own_attempt(request, attempt_id)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return JsonResponse({"saved": False, "closed": True}, status=409)
    quiz = _quiz(attempt)
    pages = attempt_pages(attempt=attempt, quiz=quiz)
    if not 1 <= page_number <= len(pages):
        raise Http404
    shown = shown_questions(attempt=attempt, quiz=quiz)
    questions = [shown[qid] for qid in pages[page_number - 1]]
    try:
        posted, errors = page_answers_parse(data=request.POST, questions=questions, attempt=attempt)
        if errors:
            return JsonResponse({"saved": False, "errors": errors}, status=400)
        services.attempt_save_answers(attempt=attempt, answers=posted)
    except services.InvalidAnswers:
        return JsonResponse({"saved": False}, status=400)
    except services.AttemptClosed:
        return JsonResponse({"saved": False, "closed": True}, status=409)
    return JsonResponse(
        {"saved": True, "deadline": attempt.deadline.isoformat() if attempt.deadline else None}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attempt_submit_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return _result_redirect(attempt)
    if request.method == "POST":
        services.attempt_submit(attempt=attempt)
        return _result_redirect(attempt)
    quiz = _quiz(attempt)
    pages = attempt_pages(attempt=attempt, quiz=quiz)
    numbers = unanswered_numbers(attempt=attempt, quiz=quiz)
    page_of = {}
    for page_index, ids in enumerate(pages, start=1):
        for qid in ids:
            page_of[attempt.question_ids.index(qid) + 1] = page_index
    context = {
        "page": quiz,
        "quiz": quiz,
        "attempt": attempt,
        "unanswered": [(number, page_of.get(number, 1)) for number in numbers],
        "page_count": len(pages),
    }
    return TemplateResponse(request, "assessments/attempt_submit.html", context)


@never_cache
@login_required
def attempt_result_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.status != AttemptStatus.SUBMITTED:
        return redirect("assessments:question_page", attempt_id=attempt.pk, page_number=1)
    quiz = _quiz(attempt)
    summary = selectors.attempt_summary_for_quiz(user=request.user, quiz_key=attempt.quiz_key)
    show_review = review_allowed(
        quiz=quiz, attempt=attempt, attempts_used=summary["used"], passed=summary["passed"]
    )
    attempts_left = None if not quiz.max_attempts else max(0, quiz.max_attempts - summary["used"])
    missed = [] if show_review else missed_items(attempt=attempt, quiz=quiz)
    if missed:
        lessons = selectors.course_lessons_for_quiz(quiz=quiz, request=request)
        for item in missed:
            item.lesson = lessons.get(item.lesson)
    context = {
        "page": quiz,
        "quiz": quiz,
        "attempt": attempt,
        "summary": summary,
        "attempts_left": attempts_left,
        "can_retake": attempts_left is None or attempts_left > 0,
        "review": review_items(attempt=attempt, quiz=quiz) if show_review else None,
        "missed": missed,
        "diagnostic": attempt.quiz_kind == "pre_test",
        "pass_mark": quiz.pass_mark if attempt.pass_mark is None else attempt.pass_mark,
        "knowledge_gain": selectors.knowledge_gain_for(
            user=request.user, course_key=attempt.course_key
        )
        if attempt.quiz_kind == "final"
        else None,
        "start_url": reverse("assessments:start", kwargs={"quiz_id": quiz.pk}),
    }
    return TemplateResponse(request, "assessments/attempt_result.html", context)
