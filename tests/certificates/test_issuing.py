import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import CertificateError, certificate_issue
from courses.signals import enrolment_completed
from tests.certificates.conftest import pass_final
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db


def test_the_database_holds_at_most_one_valid_certificate_per_learner_and_course(learner):
    first = CertificateFactory(user=learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(user=learner, course_key=first.course_key)


def test_a_revoked_certificate_does_not_block_a_new_one(learner):
    first = CertificateFactory(user=learner, revoked=True)
    second = CertificateFactory(user=learner, course_key=first.course_key)
    assert second.pk != first.pk


def test_issuing_snapshots_holder_course_language_score_and_assessment(course, learner):
    attempt = pass_final(course, learner, right=7, total=8)
    certificate = certificate_issue(user=learner, course_key=course.translation_key)
    assert certificate.assessment == [
        {
            "quiz_key": str(attempt.quiz_key),
            "attempt": 1,
            "percent": "87.50",
            "pass_mark": 75,
            "bank_version": attempt.bank_version,
            "draw_size": 8,
        }
    ]
    assert attempt.bank_version is not None
    assert certificate.holder_name == "Amina Learner"
    assert certificate.course_title == course.title
    assert certificate.language == "en"
    assert certificate.score == Decimal("87.50")
    assert certificate.show_score is True
    assert len(certificate.code) == 16

    learner.full_name = "Someone Else"
    learner.save()
    course.title = "Renamed"
    course.save_revision().publish()
    certificate.refresh_from_db()
    assert certificate.holder_name == "Amina Learner"
    assert certificate.course_title != "Renamed"


def test_the_score_is_hidden_when_the_course_says_so(course, learner):
    pass_final(course, learner, right=9, total=10)
    course.show_score_on_certificate = False
    course.save_revision().publish()
    certificate = certificate_issue(user=learner, course_key=course.translation_key)
    assert certificate.show_score is False


def test_issuing_uses_the_learners_language_when_the_course_exists_in_it(
    translated_course, learner
):
    learner.preferred_language = "ar"
    learner.save()
    certificate = certificate_issue(user=learner, course_key=translated_course.translation_key)
    assert certificate.language == "ar"
    assert certificate.course_title.endswith("[ar]")


def test_issuing_falls_back_to_the_default_language_when_the_course_is_not_translated(
    course, learner
):
    learner.preferred_language = "es"
    learner.save()
    certificate = certificate_issue(user=learner, course_key=course.translation_key)
    assert certificate.language == "en"


def test_issuing_twice_gives_the_same_certificate(course, learner):
    first = certificate_issue(user=learner, course_key=course.translation_key)
    second = certificate_issue(user=learner, course_key=course.translation_key)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_issuing_for_an_unknown_course_raises(learner):
    with pytest.raises(CertificateError):
        certificate_issue(user=learner, course_key=uuid.uuid4())


def test_a_new_certificate_is_emailed_to_the_learner_with_its_links(
    course, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(user=learner, course_key=course.translation_key)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["learner@example.org"]
    assert course.title in message.subject
    assert f"https://training.example.org/en/certificates/{certificate.pk}/en/" in message.body
    assert f"https://training.example.org/en/verify/{certificate.formatted_code}/" in message.body


def test_issuing_an_existing_certificate_sends_no_second_email(
    course, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(user=learner, course_key=course.translation_key)
        certificate_issue(user=learner, course_key=course.translation_key)
    assert len(mail.outbox) == 1


def test_a_completed_enrolment_issues_the_certificate_once(
    course, learner, django_capture_on_commit_callbacks
):
    enrolment = SimpleNamespace(
        pk=1, user=learner, course_key=course.translation_key, completed_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_completed.send(sender=None, enrolment=enrolment)
        enrolment_completed.send(sender=None, enrolment=enrolment)
    certificate = Certificate.objects.get()
    assert certificate.user == learner
    assert certificate.course_key == course.translation_key
    assert len(mail.outbox) == 1


def test_a_completed_enrolment_for_a_vanished_course_does_not_break_completion(learner):
    enrolment = SimpleNamespace(pk=1, user=learner, course_key=uuid.uuid4())
    enrolment_completed.send(sender=None, enrolment=enrolment)
    assert not Certificate.objects.exists()


def test_issuing_queues_no_reference_index_job(course, learner, django_capture_on_commit_callbacks):
    """Certificates are not content: Wagtail's reference index neither tracks them nor queues a
    job for them (one that failed under load for a rolled-back insert)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    with django_capture_on_commit_callbacks(execute=True):
        certificate = CertificateFactory(user=learner, course_key=course.translation_key)
        certificate.revoked_at = timezone.now()
        certificate.save()
    assert not ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Certificate)
    ).exists()
