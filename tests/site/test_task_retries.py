"""Task bodies retry transient errors (database, SMTP, network) with a growing, bounded wait."""

import smtplib
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import IntegrityError, OperationalError

from training_site.tasks import is_transient, retry_delays, retry_transient


def failing(times: int, error: Exception):
    """A body that raises `error` on its first `times` calls, then returns how often it ran."""
    calls = []

    def body():
        calls.append(1)
        if len(calls) <= times:
            raise error
        return len(calls)

    return body, calls


@pytest.fixture
def no_sleep():
    with mock.patch("training_site.tasks.time.sleep") as sleep:
        yield sleep


def test_waits_double_from_the_base_up_to_the_cap():
    assert retry_delays(attempts=6, base=1, cap=10) == [1, 2, 4, 8, 10]
    assert retry_delays(attempts=1, base=1, cap=10) == []


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (OperationalError("database is locked"), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPConnectError(421, "busy"), True),
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")}), False),
        (IntegrityError("duplicate"), False),
        (ValueError("bug"), False),
    ],
)
def test_only_errors_that_may_pass_are_transient(error, transient):
    assert is_transient(error) is transient


@pytest.mark.django_db
def test_a_transient_error_is_retried_with_backoff_until_it_passes(settings, no_sleep):
    settings.TASKS_RETRY_ATTEMPTS, settings.TASKS_RETRY_DELAY = 4, 0.5
    body, calls = failing(2, OperationalError("database is locked"))
    assert retry_transient(body)() == 3
    assert [call.args[0] for call in no_sleep.call_args_list] == [0.5, 1.0]


def test_the_last_transient_error_is_raised_after_the_bounded_tries(settings, no_sleep):
    settings.TASKS_RETRY_ATTEMPTS = 3
    body, calls = failing(10, smtplib.SMTPServerDisconnected("down"))
    with pytest.raises(smtplib.SMTPServerDisconnected):
        retry_transient(body)()
    assert len(calls) == 3


def test_other_errors_are_raised_at_once(no_sleep):
    body, calls = failing(1, ValueError("bug"))
    with pytest.raises(ValueError, match="bug"):
        retry_transient(body)()
    assert len(calls) == 1
    no_sleep.assert_not_called()


def test_a_task_keeps_its_import_path_under_the_retry_decorator():
    # RQ workers find a task by its path: the decorator must not hide the module attribute.
    from certificates.tasks import certificate_notify_task

    assert certificate_notify_task.module_path == "certificates.tasks.certificate_notify_task"


@pytest.fixture
def periodic(settings):
    settings.PERIODIC_COMMANDS = {"expire_attempts": 60, "certificates_notify_pending": 300}
    # The scheduler drops stale database connections between runs; there are none here.
    with mock.patch("training_site.management.commands.run_periodic.close_old_connections"):
        yield


@pytest.mark.usefixtures("periodic")
def test_run_periodic_once_runs_every_configured_command():
    with mock.patch("training_site.management.commands.run_periodic.call_command") as run:
        call_command("run_periodic", "--once")
    assert [call.args[0] for call in run.call_args_list] == [
        "expire_attempts",
        "certificates_notify_pending",
    ]


@pytest.mark.usefixtures("periodic")
def test_a_failing_periodic_job_does_not_stop_the_others():
    with mock.patch(
        "training_site.management.commands.run_periodic.call_command",
        side_effect=[OperationalError("down"), None],
    ) as run:
        call_command("run_periodic", "--once")
    assert run.call_count == 2
