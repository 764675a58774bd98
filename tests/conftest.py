import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.factories.pages import CourseIndexPageFactory, build_course, build_site, translate_tree
from tests.factories.users import UserFactory


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
    """Per test on top of `module_db`: a cache emptied of what an earlier test left
    (site root paths of a site it built and rolled back)."""
    cache.clear()


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
