import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.factories.pages import CourseIndexPageFactory, build_course, build_site, translate_tree
from tests.factories.users import UserFactory
from tests.network import free_port


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` only run when the database is PostgreSQL."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, whatever language an earlier test activated."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rows an earlier test rolled back can come back
    with the same ids, and must not meet fragments cached for them (site root paths, lesson
    bodies)."""
    cache.clear()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """Rows that every test of a module reads, written once: module-scoped fixtures that
    depend on this one write inside `with django_db_blocker.unblock():`, in a transaction
    rolled back when the module ends. Each test still runs in its own savepoint (the `db`
    fixture), so what a test writes is undone before the next one. Not for modules with
    transactional tests, which flush the database. `--dist loadfile` (pyproject) keeps a
    module on one xdist worker, so the rows are built once."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield django_db_blocker
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()  # Wagtail caches site root paths of the rows just rolled back


@pytest.fixture
def shared_rows(db):
    """Per test on top of `module_db`: its own savepoint over the module's rows (the cache is
    emptied for every test by `empty_cache`)."""


@pytest.fixture
def home(db):
    return build_site()


@pytest.fixture
def catalogue(home):
    return CourseIndexPageFactory(parent=home)


@pytest.fixture
def course(catalogue):
    return build_course(catalogue, lessons=3)


@pytest.fixture
def translated_course(course):
    """The course (with home and catalogue) in en, fr and ar."""
    translate_tree(course.get_parent().get_parent(), "fr")
    translate_tree(course.get_parent().get_parent(), "ar")
    return course


@pytest.fixture
def learner(db):
    return UserFactory(email="learner@example.org", full_name="Amina Learner")


@pytest.fixture
def other_learner(db):
    return UserFactory(email="other@example.org", full_name="Other Learner")


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (no downloaded browsers). Browser tests only."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def _wait_for_server(address: str, server: subprocess.Popen | None = None) -> None:
    parts = urlsplit(address)
    for _ in range(600):  # moto imports for a few seconds on a busy machine
        if server is not None and server.poll() is not None:
            pytest.fail(f".ci/s3-server exited with {server.returncode}")
        with socket.socket() as attempt:
            if attempt.connect_ex((parts.hostname, parts.port or 80)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"No S3 server answers at {address}")


@pytest.fixture(scope="session")
def s3_endpoint():
    """The address of a real S3-compatible server on this machine: S3_TEST_ENDPOINT when set
    (.ci/run starts one), else a moto server started here by .ci/s3-server on a free port and
    stopped at the end of the session."""
    if endpoint := os.environ.get("S3_TEST_ENDPOINT"):
        _wait_for_server(endpoint)
        yield endpoint.rstrip("/")
        return
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        ["bash", str(Path(__file__).parent.parent / ".ci" / "s3-server"), str(port)],  # noqa: S607
        env={**os.environ, "PYTHON": sys.executable},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(endpoint, server)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=30)
