"""Locust users for `make loadtest` (run by tests/benchmarks/loadtest.py, which seeds the
accounts and sessions and hands them over in LOADTEST_CONFIG).

- Learners enrol, read lessons, mark them completed, open their dashboard, and take the
  pre-test and the final: on each question page they autosave twice (some answers, then
  all) and go on; three in ten submits are double clicks (two POSTs at once). Seven in ten
  learners know the final's answers (except the matching questions), and a quarter are
  returning learners whose lessons are done (seeded) and who start with the final, so
  certificates are issued under load. Every answer the server acknowledged (autosave
  `saved: true`, or a page POST answered by a redirect) is written to LOADTEST_RECORD when
  Locust stops, for the database check, with the saves still in flight when Locust stopped
  their learner.
- Trainers open the Results report of their cohort and of all their cohorts.

Requests go to gunicorn as nginx would send them (X-Forwarded-Proto: https, Origin and
Referer on POSTs); redirects are followed by hand, each hop counted under its own endpoint.
"""

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import gevent
from locust import HttpUser, between, events, task

CONFIG = json.loads(Path(os.environ["LOADTEST_CONFIG"]).read_text())
COURSE = CONFIG["course"]
LEARNERS = itertools.cycle(CONFIG["learners"])
TRAINERS = itertools.cycle(CONFIG["trainers"] or [{}])
# attempt id -> input name -> the values the server last acknowledged
SAVES: dict[str, dict[str, list[str]]] = {}
# The same for saves sent but not answered yet: when Locust stops a learner in the middle of
# one, the server may or may not have stored it.
IN_FLIGHT: dict[str, dict[str, list[str]]] = {}

ENDPOINTS = [
    (r"/quiz/attempts/\d+/page/\d+/autosave/$", "quiz autosave"),
    (r"/quiz/attempts/\d+/(page/\d+/)?$", "quiz page"),
    (r"/quiz/attempts/\d+/submit/$", "quiz submit"),
    (r"/quiz/attempts/\d+/result/$", "quiz result"),
    (r"/quiz/\d+/start/$", "quiz start"),
    (r"/learning/courses/[^/]+/enrol/$", "enrol"),
    (r"/learning/lessons/\d+/complete/$", "lesson complete"),
    (r"/learning/$", "dashboard"),
    (r"/admin/results/", "results report"),
    (r"/accounts/login/", "login page (signed out!)"),
]


def endpoint(path: str) -> str:
    for pattern, name in ENDPOINTS:
        if re.search(pattern, path):
            return name
    lessons = {urlsplit(lesson["url"]).path for lesson in COURSE["lessons"]}
    if path in lessons:
        return "lesson"
    if path in {urlsplit(COURSE["final"]["url"]).path, urlsplit(COURSE["url"]).path}:
        return "course or quiz page"
    return "other page"


@events.quitting.add_listener
def write_record(**_kwargs):
    record = {"acknowledged": SAVES, "in_flight": IN_FLIGHT}
    Path(os.environ["LOADTEST_RECORD"]).write_text(json.dumps(record))


class AttemptForm(HTMLParser):
    """A question page: its answer inputs, the autosave URL and the actions offered."""

    def __init__(self, html: str):
        super().__init__()
        self.action = ""
        self.autosave = ""
        self.choices: dict[str, tuple[str, list[str]]] = {}  # name -> (type, values)
        self.actions: list[str] = []
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and "data-autosave-url" in a:
            self.action, self.autosave = a.get("action", ""), a["data-autosave-url"]
        elif tag == "input" and a.get("type") in {"radio", "checkbox"}:
            self.choices.setdefault(a["name"], (a["type"], []))[1].append(a["value"])
        elif tag == "select":
            self._select = a["name"]
            self.choices[self._select] = ("select", [])
        elif tag == "option" and self._select and a.get("value"):
            self.choices[self._select][1].append(a["value"])
        elif tag == "button" and a.get("name") == "action":
            self.actions.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


class Site(HttpUser):
    abstract = True
    account: dict

    def on_start(self):
        self.origin = "https://" + urlsplit(self.host).netloc
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.client.cookies.set("sessionid", self.account["session"])
        self.client.cookies.set("csrftoken", self.account["csrf"])
        self.last_path = "/en/"

    def go(self, method: str, path: str, data: dict | None = None, *, name: str | None = None):
        """One request and the redirects after it; (first response, last response)."""
        first = None
        for _hop in range(5):
            headers = {}
            if method == "POST":
                headers = {"Origin": self.origin, "Referer": self.origin + self.last_path}
                data = {"csrfmiddlewaretoken": self.account["csrf"], **(data or {})}
            response = self.client.request(
                method,
                path,
                data=data,
                headers=headers,
                name=name or endpoint(urlsplit(path).path),
                allow_redirects=False,
                timeout=120,
            )
            for cookie in self.client.cookies:
                cookie.secure = False  # Locust stands for the TLS proxy: send them back
            first = first or response
            if not response.is_redirect:
                self.last_path = urlsplit(response.url).path
                if "/accounts/login/" in self.last_path:
                    self._fail("signed out", response.url)
                return first, response
            path, method, data, name = (
                urljoin(response.url, response.headers["Location"]),
                "GET",
                None,
                None,
            )
        return first, response

    def _fail(self, name: str, detail: str) -> None:
        self.environment.events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=AssertionError(detail),
            context={},
        )


class Learner(Site):
    wait_time = between(5, 15)

    def on_start(self):
        self.account = next(LEARNERS)
        super().on_start()
        self.knows_answers = self.account["returning"] or random.random() < 0.7
        self.go("GET", COURSE["url"])
        self.go("POST", f"/en/learning/courses/{COURSE['key']}/enrol/")
        if self.account["returning"]:  # lessons read before: straight to the final
            self.final()

    @task(6)
    def read_lesson(self):
        self.go("GET", random.choice(COURSE["lessons"])["url"])

    @task(2)
    def complete_lesson(self):
        lesson = random.choice(COURSE["lessons"])
        self.go("POST", f"/en/learning/lessons/{lesson['id']}/complete/")

    @task(1)
    def dashboard(self):
        self.go("GET", "/en/learning/")

    @task(1)
    def pretest(self):
        if COURSE["pretest"]:
            self.take_quiz(COURSE["pretest"], key={})

    @task(1)
    def final(self):
        final = COURSE["final"]
        self.take_quiz(final, key=final["key"] if self.knows_answers else {})

    def take_quiz(self, quiz: dict, *, key: dict[str, list[str]]):
        _first, page = self.go("POST", f"/en/quiz/{quiz['id']}/start/")
        match = re.search(r"/quiz/attempts/(\d+)/", page.url)
        if not match:
            return  # no attempt left: the quiz page says so
        attempt = match.group(1)
        for _page in range(12):
            path = urlsplit(page.url).path
            if not re.search(r"/quiz/attempts/\d+/(page/\d+/)?$", path):
                break
            form = AttemptForm(page.text)
            answers = self.answers(form, key)
            gevent.sleep(random.uniform(1, 4))
            some = {name: values for name, values in answers.items() if random.random() < 0.5}
            self.autosave(attempt, form, some)
            gevent.sleep(random.uniform(1, 4))
            self.autosave(attempt, form, answers)
            action = "next" if "next" in form.actions else "review"
            self.sending(attempt, form, answers)
            first, page = self.go(
                "POST", urljoin(page.url, form.action), {**answers, "action": action}
            )
            self.answered(attempt, form, answers, stored=first.is_redirect)
        if "/submit/" in urlsplit(page.url).path:
            gevent.sleep(random.uniform(1, 3))
            submit = urlsplit(page.url).path
            if random.random() < 0.3:  # a double click
                gevent.joinall([gevent.spawn(self.go, "POST", submit) for _ in range(2)])
            else:
                self.go("POST", submit)

    def answers(self, form: AttemptForm, key: dict[str, list[str]]) -> dict[str, list[str]]:
        chosen: dict[str, list[str]] = {}
        # A matching question: one select per pair, all offering the same answers (tokens);
        # each answer is used once, or the page comes back with an error.
        shuffled = {
            tuple(values): random.sample(values, len(values))
            for kind, values in form.choices.values()
            if kind == "select"
        }
        for name, (kind, values) in form.choices.items():
            if kind == "select":
                chosen[name] = [shuffled[tuple(values)].pop()]
            elif name[2:] in key:
                chosen[name] = key[name[2:]]
            elif kind == "radio":
                chosen[name] = [random.choice(values)]
            else:
                chosen[name] = random.sample(values, random.randint(1, len(values)))
        return chosen

    def autosave(self, attempt: str, form: AttemptForm, answers: dict[str, list[str]]):
        data = {**answers, "action": "autosave"}
        self.sending(attempt, form, answers)
        _first, response = self.go("POST", form.autosave, data)
        saved = response.status_code == 200 and response.json().get("saved")
        self.answered(attempt, form, answers, stored=bool(saved))

    @staticmethod
    def sending(attempt: str, form: AttemptForm, answers: dict[str, list[str]]):
        IN_FLIGHT[attempt] = {name: answers.get(name, []) for name in form.choices}

    @staticmethod
    def answered(attempt: str, form: AttemptForm, answers: dict[str, list[str]], *, stored: bool):
        """The server answered; if it said it stored them, it now holds these answers for
        every question of the page (a question left blank is saved blank)."""
        IN_FLIGHT.pop(attempt, None)
        if stored:
            saved = SAVES.setdefault(attempt, {})
            for name in form.choices:
                saved[name] = answers.get(name, [])


class Trainer(Site):
    wait_time = between(10, 30)
    fixed_count = len(CONFIG["trainers"])

    def on_start(self):
        self.account = next(TRAINERS)
        super().on_start()

    @task(2)
    def all_my_cohorts(self):
        self.go("GET", f"/admin/results/?course={COURSE['key']}", name="results report (all mine)")

    @task(1)
    def one_cohort(self):
        self.go(
            "GET",
            f"/admin/results/?course={COURSE['key']}&cohort={self.account['cohort']}",
            name="results report (a cohort)",
        )
