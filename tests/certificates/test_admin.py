import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates.models import Certificate, CertificateExport, ExportStatus
from certificates.selectors import VerificationStatus, certificate_verify
from certificates.services import (
    ACTION_REISSUE,
    ACTION_REVOKE,
    certificate_export_request,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from tests.factories.certificates import CertificateFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True, full_name="Ada Admin")


@pytest.fixture
def certificate(course, learner):
    return certificate_issue(user=learner, course_key=course.translation_key)


def entries_for(certificate, action):
    return ModelLogEntry.objects.filter(object_id=str(certificate.pk), action=action)


def test_trainers_and_administrators_may_view_and_revoke_certificates():
    for name in ("Trainers", "Administrators"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_certificate", "revoke_certificate"} <= codenames
    learners = Group.objects.get(name="Learners")
    assert not learners.permissions.filter(codename="revoke_certificate").exists()


def test_revoking_needs_a_reason(certificate, admin_user):
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, by=admin_user, reason="   ")
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_revoking_records_who_when_why_in_the_audit_log(certificate, admin_user):
    certificate_revoke(certificate=certificate, by=admin_user, reason="Identity fraud")
    certificate.refresh_from_db()
    assert certificate.revoked_by == admin_user
    assert certificate.revocation_reason == "Identity fraud"
    entry = entries_for(certificate, ACTION_REVOKE).get()
    assert entry.user == admin_user
    assert entry.data["reason"] == "Identity fraud"
    assert entry.message == "Certificate revoked"
    assert certificate_verify(code=certificate.code).status == VerificationStatus.REVOKED


def test_reissuing_gives_a_new_code_and_the_old_one_shows_as_revoked(
    certificate, admin_user, learner
):
    learner.full_name = "Amina B. Learner"
    learner.save()
    new = certificate_reissue(certificate=certificate, by=admin_user, reason="Name corrected")
    assert new.code != certificate.code
    assert new.holder_name == "Amina B. Learner"
    assert new.reissue_of == certificate
    assert certificate_verify(code=certificate.code).status == VerificationStatus.REVOKED
    assert certificate_verify(code=new.code).status == VerificationStatus.VALID
    assert entries_for(certificate, ACTION_REVOKE).get().user == admin_user
    entry = entries_for(new, ACTION_REISSUE).get()
    assert entry.data["old_code"] == certificate.code
    assert entry.data["reason"] == "Name corrected"


def test_the_admin_lists_and_searches_certificates(client, admin_user, certificate):
    CertificateFactory(holder_name="Someone Different", course_title="Other course")
    client.force_login(admin_user)
    url = reverse(Certificate.snippet_viewset.get_url_name("list"))
    response = client.get(url)
    assert response.status_code == 200
    assert "Amina Learner" in response.content.decode()
    assert "Someone Different" in response.content.decode()
    response = client.get(url, {"q": "Amina"})
    assert "Amina Learner" in response.content.decode()
    assert "Someone Different" not in response.content.decode()
    assert reverse("certificates_admin:revoke", kwargs={"pk": certificate.pk}) in (
        client.get(url).content.decode()
    )


def test_nobody_edits_or_adds_certificates_in_the_admin(client, admin_user, certificate):
    client.force_login(admin_user)
    viewset = Certificate.snippet_viewset
    assert client.get(reverse(viewset.get_url_name("add"))).status_code in (302, 403)
    edit = reverse(viewset.get_url_name("edit"), args=[certificate.pk])
    assert client.get(edit).status_code in (302, 403)
    inspect = reverse(viewset.get_url_name("inspect"), args=[certificate.pk])
    assert client.get(inspect).status_code == 200


def test_revoking_in_the_admin_requires_a_reason_and_logs_it(client, admin_user, certificate):
    client.force_login(admin_user)
    url = reverse("certificates_admin:revoke", kwargs={"pk": certificate.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    response = client.post(url, {"reason": "Completed by someone else"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert entries_for(certificate, ACTION_REVOKE).count() == 1


def test_reissuing_in_the_admin_logs_it(client, admin_user, certificate):
    client.force_login(admin_user)
    url = reverse("certificates_admin:reissue", kwargs={"pk": certificate.pk})
    response = client.post(url, {"reason": "Name corrected"})
    assert response.status_code == 302
    new = Certificate.objects.valid().get()
    assert new.pk != certificate.pk
    assert entries_for(new, ACTION_REISSUE).count() == 1


def test_a_staff_member_without_the_permission_cannot_revoke(client, certificate):
    staff = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    url = reverse("certificates_admin:revoke", kwargs={"pk": certificate.pk})
    response = client.post(url, {"reason": "x"})
    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_a_bulk_zip_is_built_in_the_background_with_progress_and_a_download(
    client,
    admin_user,
    translated_course,
    learner,
    other_learner,
    django_capture_on_commit_callbacks,
):
    first = certificate_issue(user=learner, course_key=translated_course.translation_key)
    second = certificate_issue(user=other_learner, course_key=translated_course.translation_key)
    revoked = CertificateFactory(revoked=True)
    client.force_login(admin_user)
    bulk_url = reverse(
        "wagtail_bulk_action", args=("certificates", "certificate", "certificates_zip")
    )
    query = f"?id={first.pk}&id={second.pk}&id={revoked.pk}"
    assert client.get(bulk_url + query).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url + query)
    export = CertificateExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certificates_admin:export_status", kwargs={"pk": export.pk}
    )
    assert export.status == ExportStatus.READY
    assert (export.done, export.total) == (2, 2)

    status_page = client.get(response["Location"]).content.decode()
    download = reverse("certificates_admin:export_download", kwargs={"pk": export.pk})
    assert download in status_page
    response = client.get(download)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == sorted(
        f"certificate-{c.formatted_code}-{c.language}.pdf" for c in (first, second)
    )
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_an_export_is_only_for_the_person_who_asked(client, certificate, admin_user):
    export = certificate_export_request(by=admin_user, certificates=[certificate])
    other = UserFactory(is_staff=True, is_superuser=False)
    from django.contrib.auth.models import Permission

    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    url = reverse("certificates_admin:export_status", kwargs={"pk": export.pk})
    # A 404 (which the locale middleware may turn into a redirect), never the page.
    assert client.get(url).status_code in (302, 404)
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
