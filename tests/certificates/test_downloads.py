import pytest
from django.urls import reverse

from certificates.services import certificate_issue, certificate_revoke
from tests.factories.users import TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(translated_course, learner):
    return certificate_issue(user=learner, course_key=translated_course.translation_key)


def download_url(certificate, language="en"):
    return reverse("certificates:download", kwargs={"pk": certificate.pk, "language": language})


def test_the_holder_downloads_their_certificate_as_a_pdf(client, learner, certificate):
    client.force_login(learner)
    response = client.get(download_url(certificate, "ar"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"certificate-{certificate.formatted_code}-ar.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_language_the_course_does_not_exist_in_is_not_offered(client, learner, certificate):
    client.force_login(learner)
    assert client.get(download_url(certificate, "es")).status_code == 404


def test_a_learner_cannot_download_another_learners_certificate(client, other_learner, certificate):
    client.force_login(other_learner)
    assert client.get(download_url(certificate)).status_code == 404


def test_a_visitor_must_sign_in_to_download(client, certificate):
    response = client.get(download_url(certificate))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_revoked_certificate_cannot_be_downloaded_by_its_holder(client, learner, certificate):
    certificate_revoke(certificate=certificate, by=TrainerFactory(), reason="Issued in error")
    client.force_login(learner)
    assert client.get(download_url(certificate)).status_code == 404


def test_the_dashboard_lists_my_certificates_with_downloads_and_verification_link(
    rf, learner, other_learner, certificate, translated_course
):
    from django.template import Context, Template

    certificate_issue(user=other_learner, course_key=translated_course.translation_key)
    request = rf.get("/")
    request.user = learner
    html = Template("{% load certificates_tags %}{% learner_certificates %}").render(
        Context({"request": request})
    )
    assert "My certificates" in html
    assert certificate.course_title in html
    assert html.count('class="certificate-card ') + html.count('class="certificate-card"') == 1
    for language in ("en", "fr", "ar"):
        assert download_url(certificate, language) in html
    assert f"https://training.example.org/en/verify/{certificate.formatted_code}/" in html
    assert "Congratulations" in html


def test_the_dashboard_links_the_verification_page_in_its_own_language(rf, learner, certificate):
    from django.template import Context, Template
    from django.utils import translation

    request = rf.get("/")
    request.user = learner
    with translation.override("ar"):
        html = Template("{% load certificates_tags %}{% learner_certificates %}").render(
            Context({"request": request})
        )
    assert certificate.language == "en"
    assert f"https://training.example.org/ar/verify/{certificate.formatted_code}/" in html
    assert "/en/verify/" not in html


def test_the_dashboard_invites_a_learner_without_certificates(rf, other_learner):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = other_learner
    html = Template("{% load certificates_tags %}{% learner_certificates %}").render(
        Context({"request": request})
    )
    assert "Complete a course to earn its certificate." in html
