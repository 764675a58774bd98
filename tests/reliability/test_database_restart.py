"""PostgreSQL goes away in the middle of a final assessment's submit, then comes back.

The test runs its own throwaway PostgreSQL cluster (initdb in a temporary folder, on a free
port, as the `postgres` OS user when run as root), loaded with a copy of the test database's
schema, and stops it with `pg_ctl -m immediate` (a crash: no clean shutdown) at each moment of
the chain attempt graded → course completed → certificate issued. The machine's shared server
is only read (pg_dump of this run's test database). The chain is one transaction, so afterwards
the attempt is still in progress with its answers, no enrolment is completed without its
certificate, and submitting again grades once and finishes the chain.
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.db.models.signals import post_save, pre_save
from django.test import Client
from django.urls import reverse

import courses.signal_handlers
from assessments import services as attempts
from assessments.models import Attempt, AttemptEvent, AttemptStatus
from certificates.models import Certificate
from courses.models import Enrolment
from courses.services import lesson_progress_complete
from tests.assessments.conftest import correct_answers
from tests.factories.pages import CourseIndexPageFactory, build_course, build_site
from tests.factories.quizzes import FinalQuizPageFactory
from tests.factories.users import UserFactory
from tests.network import free_port

pytestmark = pytest.mark.postgres

# Read at collection, before pytest-django points the connection at the test database.
CONFIGURED_NAME = connection.settings_dict["NAME"]


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PrivateCluster:
    """A PostgreSQL cluster of our own in a temporary folder; nobody else connects to it."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="reliability-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_owner: list[str] = []
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        subprocess.run(  # noqa: S603 (fixed programs from the PostgreSQL packages)
            [*self.as_owner, str(self.bindir / program), *args],
            check=check,
            capture_output=True,
            timeout=120,
        )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-o", options, "start")

    def crash(self) -> None:
        """Stop at once, as a crash or an OOM kill would: sessions cut, no checkpoint."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def destroy(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, name: str, *, copy_of: dict | None = None) -> None:
        """Create database `name` here, with the schema and rows of `copy_of` (a Django
        database's settings) when given."""
        here = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        psql = [str(self.bindir / "psql"), *here, "-q", "-v", "ON_ERROR_STOP=1"]
        create = [*psql, "-d", "postgres", "-c", f'CREATE DATABASE "{name}"']
        subprocess.run(create, check=True, capture_output=True)  # noqa: S603
        if copy_of is None:
            return
        source = [
            "-h", copy_of.get("HOST") or "127.0.0.1",
            "-p", str(copy_of.get("PORT") or 5432),
            "-U", copy_of.get("USER") or "postgres",
        ]  # fmt: skip
        dump = subprocess.run(  # noqa: S603
            [str(self.bindir / "pg_dump"), *source, "--no-owner", "--no-acl", copy_of["NAME"]],
            check=True,
            capture_output=True,
            env={**os.environ, "PGPASSWORD": copy_of.get("PASSWORD") or ""},
            timeout=120,
        )
        load = [*psql, "-d", name]
        subprocess.run(load, input=dump.stdout, check=True, capture_output=True)  # noqa: S603


@contextmanager
def connected_to(cluster: PrivateCluster, name: str):
    """Point Django's connection at the private cluster, and back to the test database."""
    private = {"HOST": "127.0.0.1", "PORT": str(cluster.port), "NAME": name}
    private |= {"USER": "postgres", "PASSWORD": ""}  # initdb's superuser, trusted locally
    saved = {key: connection.settings_dict[key] for key in private}
    connection.close()
    connection.settings_dict.update(private)
    cache.clear()  # site root paths of the other database
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)
        cache.clear()


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker):
    bindir = _bindir()
    if bindir is None:
        pytest.skip("the PostgreSQL server programs (initdb, pg_ctl) are not installed here")
    cluster = PrivateCluster(bindir)
    try:
        cluster.init()
        cluster.start()
        with django_db_blocker.unblock():
            # A copy of this run's migrated test database takes seconds; migrating an empty
            # one (when no other test asked for the test database) takes a minute.
            migrated = connection.settings_dict["NAME"] != CONFIGURED_NAME
            cluster.create_database(
                "restart", copy_of=connection.settings_dict if migrated else None
            )
            with connected_to(cluster, "restart"):
                if not migrated:
                    call_command("migrate", verbosity=0)
                yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="module")
def final(cluster):
    """A course of one lesson and a final assessment, built in the private cluster."""
    course = build_course(CourseIndexPageFactory(parent=build_site()), lessons=1)
    return FinalQuizPageFactory(parent=course)


def ready_to_submit(final) -> tuple[Client, Attempt]:
    """A learner who has read every lesson and answered the final correctly, signed in."""
    learner = UserFactory()
    course = final.get_parent().specific
    Enrolment.objects.create(user=learner, course_key=course.translation_key)
    for lesson in course.lessons():
        lesson_progress_complete(user=learner, lesson=lesson, course_key=course.translation_key)
    attempt = attempts.attempt_start(user=learner, quiz=final)
    attempts.attempt_save_answers(attempt=attempt, answers=correct_answers(final))
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    return client, attempt


@contextmanager
def crash_at(moment: str, cluster: PrivateCluster, monkeypatch):
    """Crash the database once, at `moment` of the submit."""
    crashed = []

    def crash(*args, **kwargs):
        if not crashed:
            crashed.append(moment)
            cluster.crash()

    if moment == "while grading":  # the attempt row is updated, the event is being written
        post_save.connect(crash, sender=AttemptEvent, weak=False)
    elif moment == "between the grade and the completion":
        check = courses.signal_handlers.enrolment_completion_check_for

        def crash_then_check(**kwargs):
            crash()
            return check(**kwargs)

        monkeypatch.setattr(
            courses.signal_handlers, "enrolment_completion_check_for", crash_then_check
        )
    elif moment == "after completion, before the certificate":
        pre_save.connect(crash, sender=Certificate, weak=False)
    elif moment == "after the certificate, before commit":
        post_save.connect(crash, sender=Certificate, weak=False)
    try:
        yield crashed
    finally:
        post_save.disconnect(crash, sender=AttemptEvent)
        pre_save.disconnect(crash, sender=Certificate)
        post_save.disconnect(crash, sender=Certificate)
        monkeypatch.undo()


MOMENTS = [
    "while grading",
    "between the grade and the completion",
    "after completion, before the certificate",
    "after the certificate, before commit",
]


def assert_nothing_is_half_done() -> None:
    graded_fields_missing = Attempt.objects.filter(status=AttemptStatus.SUBMITTED).filter(
        percent__isnull=True
    ) | Attempt.objects.filter(status=AttemptStatus.SUBMITTED, submitted_at__isnull=True)
    assert list(graded_fields_missing) == []
    assert (
        list(Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, percent__isnull=False)) == []
    )
    completed = Enrolment.objects.filter(completed_at__isnull=False)
    certified = set(Certificate.objects.valid().values_list("user_id", "course_key"))
    assert [e.pk for e in completed if (e.user_id, e.course_key) not in certified] == []


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_crash_mid_submit_leaves_nothing_half_done_and_submitting_again_finishes(
    cluster, final, monkeypatch, moment
):
    client, attempt = ready_to_submit(final)
    submit = reverse("assessments:submit", kwargs={"attempt_id": attempt.pk})

    with crash_at(moment, cluster, monkeypatch) as crashed:
        response = client.post(submit)
    cluster.start()
    close_old_connections()  # as the next request does (the test client skips it)

    assert crashed == [moment]
    assert response.status_code == 500
    assert_nothing_is_half_done()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS  # the grade went with what followed it
    assert attempt.answers == correct_answers(final)
    assert not Enrolment.objects.filter(user=attempt.user, completed_at__isnull=False).exists()
    assert not Certificate.objects.filter(user=attempt.user).exists()

    response = client.post(submit)

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed, attempt.percent) == (AttemptStatus.SUBMITTED, True, 100)
    assert attempt.events.filter(kind=AttemptEvent.Kind.SUBMITTED).count() == 1
    enrolment = Enrolment.objects.get(user=attempt.user)
    assert enrolment.completed_at is not None
    assert Certificate.objects.valid().filter(user=attempt.user).count() == 1
    assert_nothing_is_half_done()
