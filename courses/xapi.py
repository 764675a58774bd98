"""xAPI statements for a Learning Record Store (LRS), when `XAPI_ENDPOINT` is set.

Three kinds, with ADL verbs: `completed` (a course), `passed` or `failed` (a graded assessment,
with `result.score.scaled`) and `answered` (each question of that assessment). Activity ids
are the pages' public URLs in the site's default language, so an activity keeps one id in
every language. The actor is an account on this site whose name is a keyed hash of the
user's id: the LRS never receives a name or an e-mail address.

Statement ids are derived from what they record, so a statement sent twice (a retried task)
is the same statement; the LRS keeps one.
"""

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments.models import Attempt, QuizPage
from assessments.questions import question_from_data
from courses.models import CoursePage, Enrolment
from training_site.selectors import page_in_language

VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
}
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
}
VERSION = "1.0.3"
STATEMENT_NAMESPACE = uuid.UUID("6f1c9a52-43e1-4b0c-9d1e-2a7d6f3c8b90")


def xapi_enabled() -> bool:
    return bool(settings.XAPI_ENDPOINT)


def actor(user) -> dict:
    """The learner as an anonymous account of this site: HMAC-SHA256 of the user id."""
    key = (settings.XAPI_ACTOR_SALT or settings.SECRET_KEY).encode()
    name = hmac.new(key, str(user.pk).encode(), hashlib.sha256).hexdigest()
    return {"objectType": "Agent", "account": {"homePage": settings.SITE_URL, "name": name}}


def _statement_id(*parts) -> str:
    return str(uuid.uuid5(STATEMENT_NAMESPACE, "/".join(str(part) for part in parts)))


def _activity(page, kind: str, *, fragment: str = "") -> dict:
    url = settings.SITE_URL.rstrip("/") + page.url + fragment
    definition = {"type": ACTIVITY_TYPES[kind]}
    if not fragment:
        definition["name"] = {page.locale.language_code: page.title}
    return {"objectType": "Activity", "id": url, "definition": definition}


INTERACTION_TYPES = {"true_false": "true-false", "matching": "matching"}


def _question_activity(quiz, question_id: str, question) -> dict:
    activity = _activity(quiz, "question", fragment=f"#question-{question_id}")
    if question is not None:
        activity["definition"]["interactionType"] = INTERACTION_TYPES.get(question.type, "choice")
        activity["definition"]["description"] = {quiz.locale.language_code: question.text}
    return activity


def _verb(name: str) -> dict:
    return {"id": VERBS[name], "display": {"en-US": name}}


def _timestamp(value) -> str:
    return (value or timezone.now()).isoformat()


def attempt_statements(attempt: Attempt) -> list[dict]:
    """`passed` or `failed` for a graded attempt, then `answered` for each of its questions."""
    quiz = page_in_language(
        QuizPage.objects.live(),
        translation_key=attempt.quiz_key,
        language=settings.LANGUAGE_CODE,
    )
    if quiz is None or attempt.percent is None:
        return []
    who = actor(attempt.user)
    verb = "passed" if attempt.passed else "failed"
    statements = [
        {
            "id": _statement_id("attempt", attempt.pk, verb),
            "actor": who,
            "verb": _verb(verb),
            "object": _activity(quiz, "assessment"),
            "result": {
                "score": {
                    "scaled": float(attempt.percent / Decimal(100)),
                    "raw": float(attempt.score),
                    "min": 0,
                    "max": float(attempt.max_score),
                },
                "success": attempt.passed,
                "completion": True,
            },
            "timestamp": _timestamp(attempt.submitted_at),
        }
    ]
    questions = {data["id"]: question_from_data(data) for data in attempt.snapshot or []}
    for question_id, result in (attempt.question_results or {}).items():
        answer = attempt.answers.get(question_id)
        response = (
            ",".join(f"{k}.{v}" for k, v in answer.items())
            if isinstance(answer, dict)
            else ",".join(answer or [])
        )
        statements.append(
            {
                "id": _statement_id("attempt", attempt.pk, "answered", question_id),
                "actor": who,
                "verb": _verb("answered"),
                "object": _question_activity(quiz, question_id, questions.get(question_id)),
                "result": {
                    "score": {"raw": float(result["score"]), "max": float(result["max_score"])},
                    "success": bool(result["correct"]),
                    "response": response,
                },
                "context": {"contextActivities": {"parent": [_activity(quiz, "assessment")]}},
                "timestamp": _timestamp(attempt.submitted_at),
            }
        )
    return statements


def enrolment_statements(enrolment: Enrolment) -> list[dict]:
    """`completed` for a completed course."""
    course = page_in_language(
        CoursePage.objects.live(),
        translation_key=enrolment.course_key,
        language=settings.LANGUAGE_CODE,
    )
    if course is None or enrolment.completed_at is None:
        return []
    return [
        {
            "id": _statement_id("enrolment", enrolment.pk, "completed"),
            "actor": actor(enrolment.user),
            "verb": _verb("completed"),
            "object": _activity(course, "course"),
            "result": {"completion": True},
            "timestamp": _timestamp(enrolment.completed_at),
        }
    ]


def statements_send(statements: list[dict]) -> None:
    """POST statements to the LRS. A 409 (already stored) counts as sent. Network errors and
    5xx answers raise ConnectionError, which the task's retries treat as transient."""
    if not statements:
        return
    url = settings.XAPI_ENDPOINT.rstrip("/") + "/statements"
    credentials = f"{settings.XAPI_USERNAME}:{settings.XAPI_PASSWORD}".encode()
    request = urllib.request.Request(  # noqa: S310 - the LRS URL comes from settings
        url,
        data=json.dumps(statements).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Experience-API-Version": VERSION,
            "Authorization": "Basic " + base64.b64encode(credentials).decode(),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.XAPI_TIMEOUT):  # noqa: S310
            return
    except urllib.error.HTTPError as error:
        if error.code == 409:
            return
        if error.code >= 500:
            raise ConnectionError(f"LRS answered {error.code}") from error
        raise
    except urllib.error.URLError as error:
        raise ConnectionError(f"LRS unreachable: {error.reason}") from error


# Both signals are sent inside the transaction that grades or completes: the statements are
# queued once it commits, so a worker never reads a grade that may still roll back.


def attempt_graded_receiver(sender, *, attempt, **kwargs) -> None:
    if xapi_enabled():
        from courses.tasks import xapi_attempt_task

        transaction.on_commit(lambda: xapi_attempt_task.enqueue(attempt_id=attempt.pk))


def enrolment_completed_receiver(sender, *, enrolment, **kwargs) -> None:
    if xapi_enabled():
        from courses.tasks import xapi_enrolment_task

        transaction.on_commit(lambda: xapi_enrolment_task.enqueue(enrolment_id=enrolment.pk))
