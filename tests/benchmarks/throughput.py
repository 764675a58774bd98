"""Requests per second of the signed-in Arabic lesson and the anonymous lesson, against the
floor of a bare Wagtail site (`wagtail start`, its home page) served with the same gunicorn
settings, in one run: `make bench` (or `python -m tests.benchmarks.throughput`).

Both sites run with production settings (DEBUG off, manifest static files) on SQLite in a
temporary folder, behind `gunicorn --workers 2`. A thread pool of keep-alive clients on this
machine drives each URL for a fixed time; client and server share the cores, so the ratios,
not the absolute figures, are what compare. Aims (issue #18): signed-in lesson at least 0.5×
the floor, anonymous lesson at least 0.7×. Figures are machine-dependent; README says on what.
"""

import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.network import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKERS = os.environ.get("BENCH_WORKERS", "2")
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
AIMS = {"signed-in Arabic lesson": 0.5, "anonymous lesson": 0.7}
# The site answers as if behind a TLS proxy, as it does in production.
HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass
class Result:
    name: str
    requests_per_second: float
    errors: int


def _run(args: list[str], *, env: dict, cwd: Path) -> str:
    done = subprocess.run(  # noqa: S603 - the benchmark's own commands
        args, env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextmanager
def _gunicorn(app: str, *, env: dict, cwd: Path):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(BIN / "gunicorn"), app, "--workers", WORKERS, "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(base + "/", headers=HEADERS, timeout=5)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(f"gunicorn {app} did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _drive(name: str, url: str, *, cookies: dict | None = None) -> Result:
    """Hit `url` from CLIENTS threads for SECONDS after a short warm-up; count 200s."""
    counts = [0] * CLIENTS
    errors = [0] * CLIENTS
    stop = threading.Event()
    measuring = threading.Event()

    def client(index: int) -> None:
        session = requests.Session()
        session.headers.update(HEADERS)
        session.cookies.update(cookies or {})
        while not stop.is_set():
            response = session.get(url, allow_redirects=False, timeout=30)
            if measuring.is_set():
                if response.status_code == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    measuring.set()
    started = time.perf_counter()
    time.sleep(SECONDS)
    measuring.clear()
    elapsed = time.perf_counter() - started
    stop.set()
    for thread in threads:
        thread.join()
    return Result(name, sum(counts) / elapsed, sum(errors))


def _project_env(workdir: Path) -> dict:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "training_site.settings.production",
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "DATABASE_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private_media"),
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnop",
        "SITE_URL": "http://127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STAFF_REQUIRE_2FA": "0",
        "LOG_LEVEL": "ERROR",
    }


SIGNED_IN = """
from django.test import Client
from django.contrib.auth import get_user_model
from courses.models import LessonPage
from courses.services import enrolment_create
lesson = LessonPage.objects.live().filter(locale__language_code="ar").order_by("path").first()
anonymous = LessonPage.objects.live().filter(locale__language_code="en").order_by("path").first()
learner = get_user_model().objects.get(email="learner@example.org")
enrolment_create(user=learner, course_key=lesson.get_parent().translation_key)
client = Client()
client.force_login(learner)
print(lesson.url, anonymous.url, client.cookies["sessionid"].value)
"""


def _project(workdir: Path) -> tuple[dict, str, str, str]:
    env = _project_env(workdir)
    manage = [str(BIN / "python"), "manage.py"]
    _run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT)
    _run([*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT)
    _run([*manage, "load_demo"], env=env, cwd=ROOT)
    ar_url, en_url, session = (
        _run([*manage, "shell", "-c", SIGNED_IN], env=env, cwd=ROOT).splitlines()[-1].split()
    )
    return env, ar_url, en_url, session


def _floor(workdir: Path) -> tuple[dict, Path]:
    """A bare Wagtail project from `wagtail start`, production settings, migrated."""
    _run([str(BIN / "wagtail"), "start", "floor", str(workdir)], env=os.environ.copy(), cwd=workdir)
    (workdir / "floor" / "settings" / "local.py").write_text(
        'SECRET_KEY = "benchmark-only-floor-key"\nALLOWED_HOSTS = ["127.0.0.1"]\n'
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", '
        f'"NAME": "{workdir / "floor.sqlite3"}", "CONN_MAX_AGE": 60}}}}\n'
    )
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "floor.settings.production"}
    for command in ("migrate", "collectstatic"):
        _run([str(BIN / "python"), "manage.py", command, "--noinput", "-v0"], env=env, cwd=workdir)
    return env, workdir


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-rps-") as temp:
        temp = Path(temp)
        (temp / "site").mkdir()
        (temp / "floor").mkdir()
        sys.stdout.write("Building the demo site and a bare Wagtail site…\n")
        env, ar_url, en_url, session = _project(temp / "site")
        floor_env, floor_dir = _floor(temp / "floor")
        with _gunicorn("floor.wsgi", env=floor_env, cwd=floor_dir) as base:
            floor = _drive("bare Wagtail home page (floor)", base + "/")
        with _gunicorn("training_site.wsgi", env=env, cwd=ROOT) as base:
            signed_in = _drive(
                "signed-in Arabic lesson", base + ar_url, cookies={"sessionid": session}
            )
            anonymous = _drive("anonymous lesson", base + en_url)
    sys.stdout.write(
        f"\ngunicorn --workers {WORKERS}, {CLIENTS} clients, {SECONDS:.0f} s each, "
        f"{os.cpu_count()} CPUs shared by clients and servers\n"
    )
    sys.stdout.write(f"{'page':<34}{'req/s':>8}{'errors':>8}{'× floor':>9}  aim\n")
    failed = False
    for result in (floor, signed_in, anonymous):
        ratio = result.requests_per_second / floor.requests_per_second
        aim = AIMS.get(result.name)
        verdict = "" if aim is None else f"≥ {aim}× {'met' if ratio >= aim else 'NOT met'}"
        failed |= result.errors > 0
        sys.stdout.write(
            f"{result.name:<34}{result.requests_per_second:>8.1f}{result.errors:>8}"
            f"{ratio:>8.2f}×  {verdict}\n"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
