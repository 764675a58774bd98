"""The SCORM package run in Debian's chromium inside an LMS: scorm-again (npm) plays the
SCORM 1.2 runtime API, as Moodle's player would. A correct run ends `passed` with the score the
platform's own scoring gives; a wrong run ends `failed`; no call leaves an error code."""

import functools
import http.server
import io
import shutil
import subprocess
import threading
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from assessments.models import QuizKind, QuizPage
from assessments.scoring import score_question
from tests.factories.workshops import build_pack_course
from workshops.scorm import scorm_package_build

# Transactional like the other browser tests, so it runs among them (pytest-django runs
# rolled-back tests first, and a browser test there left the Arabic walk without its pages).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HARNESS = Path(__file__).parent / "scorm_lms"
RUNTIME = HARNESS / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
LMS_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>LMS</title><script src="scorm12.min.js"></script>
<script>
  window.errors = [];
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  var calls = ["LMSInitialize", "LMSSetValue", "LMSGetValue", "LMSCommit", "LMSFinish"];
  calls.forEach(function (name) {
    var call = window.API[name].bind(window.API);
    window.API[name] = function () {
      var result = call.apply(null, arguments);
      var code = String(window.API.LMSGetLastError());
      if (code !== "0") { window.errors.push([name, Array.from(arguments), code]); }
      return result;
    };
  });
</script></head>
<body><iframe id="sco" src="package/index.html" style="width:100%;height:90vh"></iframe></body>
</html>"""


@pytest.fixture(scope="module")
def runtime() -> Path:
    """scorm-again, installed from the npm registry with the committed lock file."""
    if not RUNTIME.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: install Node.js and npm to run the SCORM runtime test")
        command = [npm, "ci", "--no-audit", "--no-fund"]
        subprocess.run(command, cwd=HARNESS, check=True)  # noqa: S603 - fixed arguments
    return RUNTIME


@pytest.fixture
def lms(runtime, catalogue, tmp_path):
    """The package and the LMS page served over HTTP; yields (url, final quiz)."""
    course = build_pack_course(catalogue, lessons=2, title="Stockpile")
    with zipfile.ZipFile(io.BytesIO(scorm_package_build(course=course))) as archive:
        archive.extractall(tmp_path / "package")
    shutil.copy(runtime, tmp_path / "scorm12.min.js")
    (tmp_path / "lms.html").write_text(LMS_PAGE)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/lms.html", course
    server.shutdown()


def answer(frame, question, *, right: bool) -> list[str] | dict[str, str]:
    """Answer one question in the SCO; returns the answer in the platform's scoring form."""
    if question.type == "matching":
        pairs = [choice.id for choice in question.choices]
        chosen = {pair: pair if right else "" for pair in pairs}
        for pair, value in chosen.items():
            frame.locator(f'select[name="{question.id}:{pair}"]').select_option(value)
        return chosen
    ids = [c.id for c in question.choices if c.correct == right]
    for choice_id in ids if right else ids[:1]:
        frame.locator(f'input[name="{question.id}"][value="{choice_id}"]').check()
    return ids if right else ids[:1]


def run(chromium, url, course, *, right: bool):
    final = QuizPage.objects.child_of(course).get(kind=QuizKind.FINAL)
    questions = final.classroom_questions
    page = chromium.new_page()
    page.goto(url)
    frame = page.frame_locator("#sco")
    answers = {question.id: answer(frame, question, right=right) for question in questions}
    frame.get_by_role("button").click()
    frame.locator("#result").wait_for(state="visible")
    state = page.evaluate(
        """() => ({
            status: API.LMSGetValue("cmi.core.lesson_status"),
            raw: API.LMSGetValue("cmi.core.score.raw"),
            interactions: API.LMSGetValue("cmi.interactions._count"),
            errors: window.errors,
        })"""
    )
    page.close()
    results = [score_question(q, answers[q.id]) for q in questions]
    earned = sum(result.score for result in results)
    total = sum(result.max_score for result in results)
    expected = (100 * earned / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return state, expected, final.pass_mark, len(questions)


def test_a_correct_run_ends_passed_with_the_right_score(chromium, lms):
    url, course = lms
    state, expected, _pass_mark, count = run(chromium, url, course, right=True)

    assert state["errors"] == []
    assert state["status"] == "passed"
    assert state["raw"] == str(expected) == "100"
    assert int(state["interactions"]) == count


def test_a_wrong_run_ends_failed_with_the_platforms_score(chromium, lms):
    url, course = lms
    state, expected, pass_mark, _count = run(chromium, url, course, right=False)

    assert state["errors"] == []
    assert state["status"] == "failed"
    assert state["raw"] == str(expected)
    assert expected < pass_mark
