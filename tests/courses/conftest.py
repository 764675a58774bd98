"""Fixtures of the Results tests (test_reports*.py); their learners and readers are in
reports_data.py."""

import pytest

from tests.courses.reports_data import admin_access_for_roles, learners_built
from tests.factories.quizzes import FinalQuizPageFactory, QuizPageFactory
from tests.factories.users import TrainerFactory, UserFactory
from training_site.accounts.models import Roles


@pytest.fixture
def roles_reach_the_admin(db):
    """Trainers, Administrators and Institutions may enter the admin (the role map's rule)."""
    admin_access_for_roles()


@pytest.fixture
def final(course):
    return FinalQuizPageFactory(parent=course)


@pytest.fixture
def pre_test(course):
    return QuizPageFactory(parent=course, kind="pre_test", title="Pre-test")


@pytest.fixture
def trainer(db):
    return TrainerFactory(full_name="Tess Trainer")


@pytest.fixture
def administrator(db):
    return UserFactory(roles=[Roles.ADMINISTRATORS], full_name="Ada Administrator")


@pytest.fixture
def built(course, final, pre_test):
    return learners_built(course=course, final=final, pre_test=pre_test)
