"""`make loadtest`: Locust against the production profile that `deploy/smoke.py` keeps up.

Run by `deploy/smoke.py --then`, which sets the stack's environment (production settings,
DATABASE_URL, REDIS_URL, SMOKE_BASE_URL, SMOKE_MAILDIR). It
1. seeds learners (enrolled nowhere yet) and trainers (TOTP set up, each running a cohort of
   the learners), and a signed-in session for each: the load is the learning, not 200
   password hashes at once;
2. runs Locust headless (tests/benchmarks/locustfile.py) for the given users and duration;
3. prints p50/p95/p99 per endpoint and the errors;
4. once the RQ queue is empty, checks in the database that every answer the server
   acknowledged is stored, no attempt was graded twice, no certificate was doubled and every
   certificate's e-mail went out once.
Exit status 1 on any request error or failed check.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
LOAD_DOMAIN = "load.example.org"


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def seed(*, learners: int, trainers: int) -> dict:
    """Accounts, sessions and the course map the locustfile reads."""
    from importlib import import_module

    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from assessments.models import QuizKind, QuizPage
    from courses.models import Cohort, CohortMembership, CoursePage, LessonProgress
    from courses.services import enrolment_create
    from training_site.accounts.models import Roles, User

    store = import_module(settings.SESSION_ENGINE).SessionStore

    def session_for(user) -> str:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    course = CoursePage.objects.live().filter(locale__language_code="en").order_by("path").first()
    quizzes = QuizPage.objects.live().child_of(course)
    final = quizzes.get(kind=QuizKind.FINAL)
    pretest = quizzes.filter(kind=QuizKind.PRE_TEST).first()
    with transaction.atomic():
        # What an earlier run on the same database left (cohorts protect their trainer).
        Cohort.objects.filter(trainer__email__endswith="@" + LOAD_DOMAIN).delete()
        User.objects.filter(email__endswith="@" + LOAD_DOMAIN).delete()
        people = []
        for role, count in (("learner", learners), ("trainer", trainers)):
            for number in range(count):
                user = User(
                    email=f"{role}-{number}@{LOAD_DOMAIN}",
                    full_name=f"Load {role.title()} {number}",
                    country="KE",
                    service="police",
                    preferred_language="en",
                )
                user.set_unusable_password()
                people.append(user)
        User.objects.bulk_create(people)
        people = list(User.objects.filter(email__endswith="@" + LOAD_DOMAIN).order_by("pk"))
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in people
        )
        learner_rows = [user for user in people if user.email.startswith("learner-")]
        trainer_rows = [user for user in people if user.email.startswith("trainer-")]
        trainer_group = Group.objects.get(name=Roles.TRAINERS)
        learner_group = Group.objects.filter(name=Roles.LEARNERS).first()
        cohorts = []
        for number, trainer in enumerate(trainer_rows):
            trainer.groups.add(trainer_group)
            TOTP.activate(trainer, generate_totp_secret())
            cohort = Cohort.objects.create(
                name=f"Load cohort {number}", course_key=course.translation_key, trainer=trainer
            )
            cohorts.append(cohort)
        lessons = list(course.lessons())
        returning = set()
        for number, learner in enumerate(learner_rows):
            if learner_group is not None:
                learner.groups.add(learner_group)
            if cohorts:
                CohortMembership.objects.create(cohort=cohorts[number % len(cohorts)], user=learner)
            if number % 4 == 0:  # a returning learner: lessons done, the final ahead
                returning.add(learner.pk)
                enrolment_create(user=learner, course_key=course.translation_key)
                now = timezone.now()
                LessonProgress.objects.bulk_create(
                    LessonProgress(
                        user=learner,
                        lesson_key=lesson.translation_key,
                        course_key=course.translation_key,
                        first_viewed_at=now,
                        completed_at=now,
                    )
                    for lesson in lessons
                )

    def key_of(quiz) -> dict[str, list[str]]:
        return {q.id: sorted(q.correct_ids) for q in quiz.online_questions if q.type != "matching"}

    return {
        "learners": [
            {
                "email": user.email,
                "session": session_for(user),
                "csrf": _get_new_csrf_string(),
                "returning": user.pk in returning,
            }
            for user in learner_rows
        ],
        "trainers": [
            {
                "email": user.email,
                "session": session_for(user),
                "csrf": _get_new_csrf_string(),
                "cohort": cohort.pk,
            }
            for user, cohort in zip(trainer_rows, cohorts, strict=True)
        ],
        "course": {
            "key": str(course.translation_key),
            "url": course.url,
            "lessons": [{"id": lesson.pk, "url": lesson.url} for lesson in lessons],
            "final": {"id": final.pk, "url": final.url, "key": key_of(final)},
            "pretest": {"id": pretest.pk, "url": pretest.url} if pretest else None,
        },
    }


def run_locust(*, base: str, users: int, duration: str, config: Path, out: Path) -> int:
    spawn_rate = max(1, users // 30)
    command = [
        str(Path(sys.executable).parent / "locust"),
        "--locustfile",
        str(ROOT / "tests/benchmarks/locustfile.py"),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        duration,
        "--stop-timeout",
        "60",
        "--csv",
        str(out / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "LOADTEST_CONFIG": str(config), "LOADTEST_RECORD": str(out / "saves.json")}
    say(f"loadtest: {users} users (spawn {spawn_rate}/s) for {duration} against {base}")
    return subprocess.run(command, cwd=ROOT, env=env).returncode  # noqa: S603


def print_stats(out: Path) -> int:
    """The per-endpoint table from Locust's CSV; returns the number of failed requests."""
    rows = list(csv.DictReader((out / "locust_stats.csv").open()))
    say(
        f"\n{'endpoint':<34}{'requests':>9}{'errors':>8}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'req/s':>8}"
    )
    failures = 0
    for row in rows:
        name = row["Name"] if row["Type"] else "(all)"
        label = f"{row['Type']} {name}".strip()[:33]
        say(
            f"{label:<34}{row['Request Count']:>9}{row['Failure Count']:>8}{row['50%']:>8}"
            f"{row['95%']:>8}{row['99%']:>8}{float(row['Requests/s']):>8.1f}"
        )
        if row["Name"] == "Aggregated":
            failures = int(row["Failure Count"])
    failures_csv = out / "locust_failures.csv"
    if failures_csv.exists():
        for row in csv.DictReader(failures_csv.open()):
            say(
                f"  error: {row['Method']} {row['Name']}: {row['Error'][:120]}"
                f" × {row['Occurrences']}"
            )
    return failures


def wait_for_queue(timeout: float = 300) -> int:
    """Wait until the worker has run every queued task; the jobs still queued."""
    import django_rq

    queue = django_rq.get_queue("default")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = queue.count + queue.started_job_registry.count
        if not pending:
            return 0
        time.sleep(1)
    return queue.count + queue.started_job_registry.count


def check_database(record: Path, maildir: Path | None) -> list[tuple[str, bool, str]]:
    """(check, passed, detail) for saved answers, grading and certificates."""
    from django.db.models import Count, Q

    from assessments.display import matching_tokens
    from assessments.models import Attempt, AttemptEvent, AttemptStatus
    from assessments.questions import question_from_data
    from certificates.models import Certificate

    checks = []
    recorded = json.loads(record.read_text()) if record.exists() else {}
    saves, in_flight = recorded.get("acknowledged", {}), recorded.get("in_flight", {})
    attempts = Attempt.objects.filter(user__email__endswith="@" + LOAD_DOMAIN)
    wanted = [int(pk) for pk in {*saves, *in_flight}]
    by_pk = {attempt.pk: attempt for attempt in attempts.filter(pk__in=wanted)}
    lost = []
    compared = 0
    for attempt_pk in sorted({*saves, *in_flight}, key=int):
        attempt = by_pk.get(int(attempt_pk))
        if attempt is None:
            lost.append(f"attempt {attempt_pk} missing")
            continue
        questions = {data["id"]: question_from_data(data) for data in attempt.snapshot}
        acknowledged, pending = saves.get(attempt_pk, {}), in_flight.get(attempt_pk, {})
        for name in {*acknowledged, *pending}:
            # A save Locust stopped waiting for may or may not have been stored: either the
            # last acknowledged answer or the one in flight is right, nothing else.
            candidates = [acknowledged.get(name)] + ([pending[name]] if name in pending else [])
            qid = next((q for q in questions if name == f"q-{q}" or name.startswith(f"q-{q}-")), "")
            pair = name[len(f"q-{qid}-") :]
            question = questions.get(qid)
            if question is None:
                lost.append(f"{attempt_pk}: {name} names no question")
                continue
            compared += 1
            stored = attempt.answers.get(qid)
            if question.type == "matching":
                tokens = matching_tokens(attempt=attempt, question_id=qid)
                want = [tokens.get(v[0]) if v and v[0] else None for v in candidates]
                have = (stored or {}).get(pair)
            else:
                want = [sorted(dict.fromkeys(v)) if v is not None else [] for v in candidates]
                have = sorted(stored or [])
            if have not in want:
                lost.append(f"{attempt_pk}: {name} saved {want[0]!r}, stored {have!r}")
    checks.append(
        (
            "no acknowledged answer lost",
            not lost,
            f"{compared} answers in {len(by_pk)} attempts compared "
            f"({sum(map(len, in_flight.values()))} in flight at the stop); {len(lost)} differ "
            + "; ".join(lost[:5]),
        )
    )

    grading = attempts.annotate(
        gradings=Count(
            "events",
            filter=Q(events__kind__in=[AttemptEvent.Kind.SUBMITTED, AttemptEvent.Kind.EXPIRED]),
        )
    )
    submitted = grading.filter(status=AttemptStatus.SUBMITTED)
    twice = submitted.filter(gradings__gt=1).count()
    never = submitted.filter(gradings=0).count()
    open_graded = grading.filter(status=AttemptStatus.IN_PROGRESS, gradings__gt=0).count()
    checks.append(
        (
            "no attempt graded twice",
            not (twice or never or open_graded),
            f"{submitted.count()} submitted attempts ({attempts.count()} in all), "
            f"{twice} graded twice, {never} without a grading event, {open_graded} open but graded",
        )
    )

    certificates = Certificate.objects.filter(user__email__endswith="@" + LOAD_DOMAIN)
    doubled = (
        certificates.filter(revoked_at__isnull=True)
        .values("user", "course_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    unnotified = certificates.filter(notified_at__isnull=True).count()
    detail = (
        f"{certificates.count()} certificates, {doubled} learners with two, "
        f"{unnotified} not notified"
    )
    mails_ok = True
    if maildir is not None and maildir.exists():
        import mailbox

        bodies = [
            message.as_bytes().decode(errors="replace")
            for message in mailbox.Maildir(maildir, create=False)
        ]
        sent = Counter(
            certificate.formatted_code
            for certificate in certificates
            for body in bodies
            if certificate.formatted_code in body
        )
        wrong = [code for code in (c.formatted_code for c in certificates) if sent[code] != 1]
        mails_ok = not wrong
        detail += f", {len(wrong)} without exactly one e-mail"
    checks.append(
        (
            "no certificate doubled, each e-mailed once",
            not doubled and not unnotified and mails_ok,
            detail,
        )
    )
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", default="5m", help="Locust --run-time: 30s, 5m…")
    parser.add_argument(
        "--trainers", type=int, default=None, help="default: users / 20, at least 1"
    )
    args = parser.parse_args()
    base = os.environ.get("SMOKE_BASE_URL")
    if not base:
        sys.exit("Run through `make loadtest` (deploy/smoke.py --then …): SMOKE_BASE_URL is unset.")

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    trainers = args.trainers if args.trainers is not None else max(1, args.users // 20)
    learners = max(1, args.users - trainers)
    out = Path(tempfile.mkdtemp(prefix="loadtest-"))
    config = out / "config.json"
    config.write_text(json.dumps(seed(learners=learners, trainers=trainers)))
    say(f"loadtest: seeded {learners} learners and {trainers} trainers; output in {out}")

    status = run_locust(base=base, users=args.users, duration=args.duration, config=config, out=out)
    failures = print_stats(out)
    pending = wait_for_queue()
    maildir = os.environ.get("SMOKE_MAILDIR")
    checks = check_database(out / "saves.json", Path(maildir) if maildir else None)
    checks.append(("RQ queue drained", pending == 0, f"{pending} jobs still queued"))
    checks.append(("no request error", failures == 0, f"{failures} failed requests"))
    say("")
    for name, passed, detail in checks:
        say(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")
    ok = status == 0 and all(passed for _name, passed, _detail in checks)
    say(f"loadtest: {'PASS' if ok else 'FAIL'} (locust exit status {status})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
