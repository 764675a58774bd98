"""The certificate e-mail is recorded when sent; a periodic job resends the ones that failed."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail import send_mail as real_send_mail
from django.core.management import call_command
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_issue
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db


def smtp_failing(times: int):
    """Patch send_mail so the first `times` sends fail as an SMTP server that hung up."""
    calls = {"n": 0}

    def send(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= times:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send_mail(*args, **kwargs)

    return mock.patch("django.core.mail.send_mail", side_effect=send)


def issue(course, learner, capture):
    with capture(execute=True):
        return certificate_issue(user=learner, course_key=course.translation_key)


def test_the_sent_email_is_recorded_on_the_certificate(
    course, learner, django_capture_on_commit_callbacks
):
    certificate = issue(course, learner, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert certificate.notified_at is not None
    assert len(mail.outbox) == 1


def test_an_smtp_hiccup_is_retried_by_the_task_itself(
    course, learner, django_capture_on_commit_callbacks
):
    with smtp_failing(1):
        certificate = issue(course, learner, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert certificate.notified_at is not None
    assert len(mail.outbox) == 1


def test_an_email_that_failed_every_try_is_resent_by_the_periodic_job(
    course, learner, django_capture_on_commit_callbacks, settings
):
    settings.TASKS_RETRY_ATTEMPTS = 2
    with smtp_failing(2):  # the SMTP server is down for the task's two tries
        certificate = issue(course, learner, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert certificate.notified_at is None
    assert mail.outbox == []

    call_command("certificates_notify_pending")  # too early: the task had no grace yet
    assert mail.outbox == []

    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        call_command("certificates_notify_pending")
        call_command("certificates_notify_pending")  # a second run sends nothing more
    certificate.refresh_from_db()
    assert certificate.notified_at is not None
    assert [message.to for message in mail.outbox] == [[learner.email]]
    assert course.title in mail.outbox[0].subject


def test_the_periodic_job_skips_notified_and_revoked_certificates(learner):
    long_ago = timezone.now() - timedelta(days=1)
    CertificateFactory(user=learner, issued_at=long_ago, notified_at=long_ago)
    CertificateFactory(user=learner, issued_at=long_ago, revoked=True)
    call_command("certificates_notify_pending")
    assert mail.outbox == []


def test_one_failing_send_does_not_stop_the_others(learner):
    first = CertificateFactory(user=learner, issued_at=timezone.now() - timedelta(hours=2))
    second = CertificateFactory(issued_at=timezone.now() - timedelta(hours=1))
    with smtp_failing(1):  # the first send fails; the job logs it and goes on
        call_command("certificates_notify_pending")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.notified_at is None
    assert second.notified_at is not None
    assert [message.to for message in mail.outbox] == [[second.user.email]]


def test_the_task_does_not_send_twice(learner):
    from certificates.tasks import certificate_notify_task

    certificate = CertificateFactory(user=learner)
    certificate_notify_task.enqueue(certificate_id=certificate.pk)
    certificate_notify_task.enqueue(certificate_id=certificate.pk)
    assert len(mail.outbox) == 1
    assert Certificate.objects.get().notified_at is not None


def test_the_email_links_the_pdf_and_verification_page_in_the_certificates_language(
    translated_course, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(
            user=learner, course_key=translated_course.translation_key, language="ar"
        )
    [message] = mail.outbox
    site = "https://training.example.org"
    assert f"{site}/ar/verify/{certificate.formatted_code}/\n" in message.body
    assert f"{site}/ar/certificates/{certificate.pk}/ar/certificate.pdf\n" in message.body
