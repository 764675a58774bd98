"""Join codes are made by the server (8 Crockford characters) and wrong ones are throttled per
learner."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses.models import Cohort
from courses.models.cohorts import JOIN_CODE_ALPHABET, join_code_generate, join_code_normalise
from courses.services import cohort_join
from tests.factories.courses import CohortFactory
from tests.factories.users import TrainerFactory, UserFactory

pytestmark = pytest.mark.django_db
CROCKFORD = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    settings.COHORT_JOIN_RATE = (3, 900)
    cache.clear()
    yield
    cache.clear()


def test_generated_codes_are_eight_crockford_characters():
    codes = {join_code_generate() for _ in range(500)}
    assert set(JOIN_CODE_ALPHABET) == CROCKFORD
    assert len(codes) == 500
    assert all(len(code) == 8 and set(code) <= CROCKFORD for code in codes)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(" ab2c-d3ef ", "AB2CD3EF"), ("OI1L 0000", "01110000"), ("abcdefgh", "ABCDEFGH")],
)
def test_typed_codes_forgive_case_dashes_spaces_and_look_alike_letters(typed, stored):
    assert join_code_normalise(typed) == stored


def test_a_learner_joins_with_the_code_written_loosely(course):
    cohort = CohortFactory(course_key=course.translation_key, join_code="AB0CD1EF")
    assert cohort_join(user=UserFactory(), join_code="ab-oc-di-ef") == cohort


def test_a_trainer_cannot_choose_the_code_in_the_admin(client, course):
    trainer = TrainerFactory()
    client.force_login(trainer)
    response = client.post(
        reverse("cohorts:add"),
        {"name": "Goma April", "course_key": str(course.translation_key), "join_code": "A"},
    )
    assert response.status_code == 302
    code = Cohort.objects.get(name="Goma April").join_code
    assert len(code) == 8 and set(code) <= CROCKFORD


def test_the_database_refuses_a_short_code():
    cohort = CohortFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(join_code="A")


def test_wrong_codes_are_throttled_per_learner(client, course):
    cohort = CohortFactory(course_key=course.translation_key)
    guesser, other = UserFactory(), UserFactory()
    for attempt in range(3):
        assert cohort_join(user=guesser, join_code=f"WRONG00{attempt}") is None
    # Even the right code waits now, and nothing is looked up.
    with pytest.raises(ValidationError) as raised:
        cohort_join(user=guesser, join_code=cohort.join_code)
    assert raised.value.code == "throttled"
    assert not cohort.members.filter(pk=guesser.pk).exists()
    # Another learner is not affected.
    assert cohort_join(user=other, join_code=cohort.join_code) == cohort


def test_the_join_page_says_to_wait(client, course):
    client.force_login(UserFactory())
    url = reverse("courses:cohort_join")
    for _ in range(3):
        client.post(url, {"join_code": "WRONG999"})
    response = client.post(url, {"join_code": "WRONG999"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Too many wrong codes. Try again in 15 minutes." in body
    assert "No cohort has this code" not in body


def test_the_migration_replaces_hand_made_codes_and_keeps_generated_ones():
    migration = importlib.import_module("courses.migrations.0008_regenerate_weak_join_codes")
    hand_made = CohortFactory(join_code="GOMA-2026")
    previous_alphabet = CohortFactory(join_code="UUVWXYZ9")
    migration.regenerate_weak_codes(apps, None)
    hand_made.refresh_from_db()
    previous_alphabet.refresh_from_db()
    assert hand_made.join_code != "GOMA-2026"
    assert len(hand_made.join_code) == 8 and set(hand_made.join_code) <= CROCKFORD
    assert previous_alphabet.join_code == "UUVWXYZ9"
