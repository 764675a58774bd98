"""xAPI statements: built from graded attempts and completed courses, sent by tasks to an LRS
named in settings, and read back from a real one (Ralph, file-system backend)."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from assessments import services
from assessments.models import QuizKind
from courses.services import enrolment_create
from courses.xapi import VERBS, actor, attempt_statements, statements_send
from tests.factories.quizzes import QuizPageFactory, single_choice, true_false
from tests.network import free_port

pytestmark = pytest.mark.django_db

RALPH = "ralph-malph[cli,lrs]==5.1.0"
RALPH_VENV = Path(django_settings.BASE_DIR) / ".venv" / "ralph"
USER, PASSWORD = "platform", "lrs-test-password"
# `ralph runserver -b fs` as uvicorn without its reloader, and with one change: Ralph's file
# backend creates its statements file on the first POST and refuses every later one ("already
# exists and overwrite is not allowed"), so writes append, as a real LRS store does.
SERVE = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend
FSDataBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""


@pytest.fixture(scope="module")
def lrs(tmp_path_factory):
    """A Ralph LRS from PyPI in its own virtualenv (its pins clash with ours), on a free port,
    storing statements in files. Yields its xAPI root URL."""
    ralph = RALPH_VENV / "bin" / "ralph"
    if not ralph.exists():
        subprocess.run([sys.executable, "-m", "venv", str(RALPH_VENV)], check=True)  # noqa: S603
        pip = [str(RALPH_VENV / "bin" / "pip"), "install", "--quiet", RALPH, "requests"]
        subprocess.run(pip, check=True)  # noqa: S603 - fixed arguments
    home = tmp_path_factory.mktemp("ralph")
    env = os.environ | {"RALPH_APP_DIR": str(home), "RALPH_RUNSERVER_BACKEND": "fs"}
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(ralph), "auth", "-u", USER, "-p", PASSWORD, "-s", "all"]
        + ["-A", "platform", "http://127.0.0.1", "-w"],
        env=env,
        check=True,
        capture_output=True,
    )
    (home / "statements").mkdir()
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(RALPH_VENV / "bin" / "python"), "-c", SERVE, str(port)],
        env=env | {"RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(home / "statements")},
        stdout=(home / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    root = f"http://127.0.0.1:{port}/xAPI/"
    for _ in range(150):
        try:
            read(root, "statements")
            break
        except OSError:
            time.sleep(0.2)
    yield root
    server.terminate()
    server.wait(timeout=10)


def read(root: str, path: str) -> dict:
    import base64

    request = urllib.request.Request(  # noqa: S310 - the test's own LRS
        root + path,
        headers={
            "X-Experience-API-Version": "1.0.3",
            "Authorization": "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
        },
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return json.load(response)


def stored(root: str, statement_id: str) -> dict:
    """The statement the LRS holds under `statement_id` (Ralph answers a statementId query
    with a statement list; a conformant LRS with the statement itself)."""
    found = read(root, f"statements?statementId={statement_id}")
    statements = found.get("statements", [found])
    assert [statement["id"] for statement in statements] == [statement_id]
    return statements[0]


@pytest.fixture
def final(course):
    return QuizPageFactory(
        parent=course,
        kind=QuizKind.FINAL,
        max_attempts=3,
        review_policy="after_pass",
        questions=[
            single_choice("Which record is kept?", points=2),
            true_false("Ammunition may be stored with weapons.", answer="false"),
        ],
    )


@pytest.fixture
def graded(django_capture_on_commit_callbacks):
    """Grade an attempt with every answer right (or wrong), running what waits for commit."""

    def grade(quiz, user, *, right: bool):
        with django_capture_on_commit_callbacks(execute=True):
            return _graded(quiz, user, right=right)

    return grade


def _graded(quiz, user, *, right: bool):
    attempt = services.attempt_start(user=user, quiz=quiz)
    questions = services.attempt_questions(attempt=attempt)
    answers = {
        qid: [next(c.id for c in question.choices if c.correct == right)]
        for qid, question in questions.items()
    }
    services.attempt_save_answers(attempt=attempt, answers=answers)
    return services.attempt_submit(attempt=attempt)


def test_the_actor_is_a_keyed_hash_never_a_name_or_address(learner, settings):
    settings.XAPI_ACTOR_SALT = "salt-one"
    first = actor(learner)
    settings.XAPI_ACTOR_SALT = "salt-two"
    second = actor(learner)

    assert learner.email not in json.dumps(first)
    assert learner.full_name not in json.dumps(first)
    assert first["account"]["homePage"] == settings.SITE_URL
    assert len(first["account"]["name"]) == 64
    assert first["account"]["name"] != second["account"]["name"]


def test_a_graded_attempt_gives_its_verdict_then_one_statement_per_question(final, learner, graded):
    attempt = graded(final, learner, right=True)
    statements = attempt_statements(attempt)

    assert [s["verb"]["id"] for s in statements] == [VERBS["passed"]] + [VERBS["answered"]] * 2
    assert statements[0]["result"]["score"]["scaled"] == 1.0
    assert statements[0]["object"]["id"] == django_settings.SITE_URL.rstrip("/") + final.url
    assert attempt_statements(attempt) == statements  # same ids when built again


def test_nothing_is_sent_while_no_lrs_is_configured(final, learner, settings, monkeypatch, graded):
    settings.XAPI_ENDPOINT = ""
    sent = []
    monkeypatch.setattr("courses.xapi.statements_send", sent.append)
    graded(final, learner, right=True)
    assert sent == []


def test_statements_wait_for_the_grade_to_commit(
    final, learner, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.XAPI_ENDPOINT = "http://lrs.invalid/xAPI/"
    sent = []
    monkeypatch.setattr("courses.xapi.statements_send", sent.append)
    with django_capture_on_commit_callbacks() as callbacks:
        _graded(final, learner, right=True)
    assert sent == []
    for callback in callbacks:
        callback()
    assert [[s["verb"]["id"] for s in batch][0] for batch in sent] == [VERBS["passed"]]


def test_an_unreachable_lrs_is_a_transient_error(settings):
    from training_site.tasks import is_transient

    settings.XAPI_ENDPOINT = f"http://127.0.0.1:{free_port()}/xAPI/"
    with pytest.raises(ConnectionError) as error:
        statements_send([{"id": "x"}])
    assert is_transient(error.value)


def test_statements_reach_the_lrs_and_read_back_by_id(
    lrs, final, learner, course, settings, graded
):
    settings.XAPI_ENDPOINT = lrs
    settings.XAPI_USERNAME, settings.XAPI_PASSWORD = USER, PASSWORD
    enrolment_create(user=learner, course_key=course.translation_key)
    failed = graded(final, learner, right=False)
    passed = graded(final, learner, right=True)

    verdicts = [attempt_statements(failed)[0], attempt_statements(passed)[0]]
    held = [stored(lrs, statement["id"]) for statement in verdicts]
    assert [s["verb"]["id"] for s in held] == [VERBS["failed"], VERBS["passed"]]
    assert [s["result"]["score"]["scaled"] for s in held] == [0.0, 1.0]
    assert held[1]["actor"]["account"] == actor(learner)["account"]
    answered = attempt_statements(passed)[1]
    assert stored(lrs, answered["id"])["result"]["success"] is True


def test_completing_a_course_sends_completed(lrs, final, learner, course, settings, graded):
    from courses.services import lesson_progress_complete
    from courses.xapi import enrolment_statements

    settings.XAPI_ENDPOINT = lrs
    settings.XAPI_USERNAME, settings.XAPI_PASSWORD = USER, PASSWORD
    enrolment = enrolment_create(user=learner, course_key=course.translation_key)
    for lesson in course.lessons():
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    graded(final, learner, right=True)
    enrolment.refresh_from_db()

    (completed,) = enrolment_statements(enrolment)
    held = stored(lrs, completed["id"])
    assert held["verb"]["id"] == VERBS["completed"]
    assert held["object"]["id"] == django_settings.SITE_URL.rstrip("/") + course.url


def test_a_statement_sent_twice_is_stored_once(lrs, final, learner, settings, graded):
    settings.XAPI_ENDPOINT = lrs
    settings.XAPI_USERNAME, settings.XAPI_PASSWORD = USER, PASSWORD
    attempt = graded(final, learner, right=True)
    statements_send(attempt_statements(attempt))  # the task sent them once already

    mine = [
        s
        for s in read(lrs, "statements?limit=100")["statements"]
        if s["id"] == attempt_statements(attempt)[0]["id"]
    ]
    assert len(mine) == 1
