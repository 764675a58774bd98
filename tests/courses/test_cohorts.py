import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses.models import Cohort, CohortMembership, Enrolment, EnrolmentSource
from courses.services import cohort_join, enrolment_create
from tests.factories.courses import CohortFactory
from tests.factories.users import TrainerFactory, UserFactory
from training_site.accounts.models import Roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(course):
    return CohortFactory(course_key=course.translation_key, name="Entebbe March")


def test_join_codes_are_unique(cohort):
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(join_code=cohort.join_code)


def test_joining_a_cohort_enrols_the_learner_through_the_cohort(learner, cohort):
    assert cohort_join(user=learner, join_code=cohort.join_code.lower()) == cohort
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.source == EnrolmentSource.COHORT
    assert enrolment.cohort == cohort
    assert cohort_join(user=learner, join_code=cohort.join_code) == cohort
    assert CohortMembership.objects.filter(user=learner).count() == 1


def test_a_self_enrolled_learner_who_joins_a_cohort_keeps_one_enrolment(learner, cohort):
    enrolment_create(user=learner, course_key=cohort.course_key)
    cohort_join(user=learner, join_code=cohort.join_code)
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.cohort == cohort
    assert enrolment.source == EnrolmentSource.COHORT


def test_an_unknown_code_joins_nothing(learner, cohort):
    assert cohort_join(user=learner, join_code="NOPE1234") is None
    assert not Enrolment.objects.exists()


def test_the_join_form_enrols_and_goes_to_the_course(client, learner, cohort, course):
    client.force_login(learner)
    url = reverse("courses:cohort_join")
    assert client.get(url).status_code == 200
    response = client.post(url, {"join_code": cohort.join_code})
    assert response.status_code == 302
    assert response["Location"] == course.url
    assert Enrolment.objects.get(user=learner).cohort == cohort


def test_the_join_form_explains_a_wrong_code(client, learner, cohort):
    client.force_login(learner)
    response = client.post(reverse("courses:cohort_join"), {"join_code": "WRONG999"})
    assert response.status_code == 200
    assert "No cohort has this code" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_join_form_needs_sign_in(client, cohort):
    response = client.post(reverse("courses:cohort_join"), {"join_code": cohort.join_code})
    assert response.status_code == 302
    assert not CohortMembership.objects.exists()


def admin_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def trainer(db):
    trainer = TrainerFactory()
    # Trainers reach the admin; the role's permissions come from training_site.accounts.roles.
    from django.contrib.auth.models import Permission

    trainer.groups.get(name=Roles.TRAINERS).permissions.add(
        Permission.objects.get(codename="access_admin")
    )
    return trainer


def test_a_trainer_sees_only_the_cohorts_they_run(client, trainer, course):
    mine = CohortFactory(trainer=trainer, name="My cohort", course_key=course.translation_key)
    theirs = CohortFactory(name="Their cohort", course_key=course.translation_key)
    admin_client(client, trainer)
    body = client.get(reverse("cohorts:index")).content.decode()
    assert "My cohort" in body
    assert "Their cohort" not in body
    assert client.get(reverse("cohorts:edit", args=[mine.pk])).status_code == 200
    # (LocaleMiddleware turns an admin 404 into a redirect to /en/admin/…, itself a 404.)
    for name in ("cohorts:edit", "cohorts:delete", "cohorts:inspect", "cohorts:history"):
        response = client.get(reverse(name, args=[theirs.pk]), follow=True)
        assert response.status_code == 404, name
        assert "Their cohort" not in response.content.decode()
    client.post(reverse("cohorts:delete", args=[theirs.pk]), follow=True)
    assert Cohort.objects.filter(pk=theirs.pk).exists()


def test_an_administrator_sees_every_cohort(client, course):
    admin = UserFactory(roles=[Roles.ADMINISTRATORS])
    from django.contrib.auth.models import Permission

    Group.objects.get(name=Roles.ADMINISTRATORS).permissions.add(
        Permission.objects.get(codename="access_admin")
    )
    CohortFactory(name="First cohort", course_key=course.translation_key)
    CohortFactory(name="Second cohort", course_key=course.translation_key)
    admin_client(client, admin)
    body = client.get(reverse("cohorts:index")).content.decode()
    assert "First cohort" in body
    assert "Second cohort" in body


def test_a_trainer_creates_a_cohort_they_run(client, trainer, course):
    admin_client(client, trainer)
    response = client.post(
        reverse("cohorts:add"),
        {"name": "Goma April", "course_key": str(course.translation_key), "join_code": "GOMA2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cohort = Cohort.objects.get(name="Goma April")
    assert cohort.trainer == trainer
    assert cohort.course_key == course.translation_key


def test_a_learner_cannot_open_the_cohort_admin(client, learner, cohort):
    client.force_login(learner)
    response = client.get(reverse("cohorts:index"))
    assert response.status_code in (302, 403)
