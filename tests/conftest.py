import pytest

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
