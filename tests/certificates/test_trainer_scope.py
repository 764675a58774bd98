"""Trainers see and act on the certificates of learners in the cohorts they run, and no others."""

import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateExport
from certificates.services import certificate_issue
from tests.factories.courses import CohortFactory, CohortMembershipFactory
from tests.factories.users import TrainerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(course):
    """Trainers A and B each run a cohort of the course with one certified learner."""
    trainers, certificates = {}, {}
    for name in ("a", "b"):
        trainer = TrainerFactory(is_staff=True)
        learner = UserFactory(full_name=f"Learner {name.upper()}")
        cohort = CohortFactory(trainer=trainer, course_key=course.translation_key)
        CohortMembershipFactory(cohort=cohort, user=learner)
        trainers[name] = trainer
        certificates[name] = certificate_issue(user=learner, course_key=course.translation_key)
    return trainers, certificates


def listing(client) -> str:
    url = reverse(Certificate.snippet_viewset.get_url_name("list"))
    return client.get(url).content.decode()


def test_a_trainer_lists_only_certificates_of_their_cohorts(client, setting):
    trainers, certificates = setting
    client.force_login(trainers["a"])
    html = listing(client)
    assert "Learner A" in html
    assert "Learner B" not in html


def test_an_administrator_lists_every_certificate(client, setting):
    _trainers, certificates = setting
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = listing(client)
    assert "Learner A" in html and "Learner B" in html


def test_a_cohort_of_another_course_gives_no_access(client, setting, catalogue):
    from tests.factories.pages import build_course

    trainers, certificates = setting
    other_course = build_course(catalogue, lessons=1)
    outsider = TrainerFactory(is_staff=True)
    cohort = CohortFactory(trainer=outsider, course_key=other_course.translation_key)
    CohortMembershipFactory(cohort=cohort, user=certificates["a"].user)
    client.force_login(outsider)
    assert "Learner A" not in listing(client)


@pytest.mark.parametrize("action", ["revoke", "reissue"])
def test_trainer_b_cannot_revoke_or_reissue_trainer_as_certificates(client, setting, action):
    trainers, certificates = setting
    target = certificates["a"]
    url = reverse(f"certificates_admin:{action}", kwargs={"pk": target.pk})
    client.force_login(trainers["b"])
    # (A 404 under /admin/ first redirects to the language-prefixed path, which 404s too.)
    assert client.get(url, follow=True).status_code == 404
    response = client.post(url, {"reason": "Not my learner"}, follow=True)
    assert response.status_code == 404
    target.refresh_from_db()
    assert not target.is_revoked
    assert Certificate.objects.count() == 2
    # Trainer A may: the same request succeeds for the trainer who runs the cohort.
    client.force_login(trainers["a"])
    assert client.post(url, {"reason": "Name corrected"}).status_code == 302
    target.refresh_from_db()
    assert target.is_revoked


def test_trainer_b_cannot_inspect_trainer_as_certificate(client, setting):
    trainers, certificates = setting
    viewset = Certificate.snippet_viewset
    client.force_login(trainers["b"])
    own = reverse(viewset.get_url_name("inspect"), args=[certificates["b"].pk])
    other = reverse(viewset.get_url_name("inspect"), args=[certificates["a"].pk])
    assert client.get(own).status_code == 200
    assert client.get(other, follow=True).status_code == 404
    for view in ("history", "usage"):
        url = reverse(viewset.get_url_name(view), args=[certificates["a"].pk])
        assert client.get(url, follow=True).status_code == 404


def test_trainer_b_cannot_export_trainer_as_certificates(
    client, setting, django_capture_on_commit_callbacks
):
    trainers, certificates = setting
    bulk_url = reverse(
        "wagtail_bulk_action", args=("certificates", "certificate", "certificates_zip")
    )
    query = f"?id={certificates['a'].pk}&id={certificates['b'].pk}"
    client.force_login(trainers["b"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url + query)
    export = CertificateExport.objects.get()
    assert list(export.certificates.all()) == [certificates["b"]]
    # Nor read another trainer's export.
    client.force_login(trainers["a"])
    status = reverse("certificates_admin:export_status", kwargs={"pk": export.pk})
    download = reverse("certificates_admin:export_download", kwargs={"pk": export.pk})
    assert client.get(status, follow=True).status_code == 404
    assert client.get(download, follow=True).status_code == 404
