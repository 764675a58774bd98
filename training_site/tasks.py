"""Retries for background work: a task body that meets a transient error runs again.

The retry happens inside the task itself, so it works the same with the immediate backend
(development, tests) and with RQ workers (production), and needs nothing from the queue.
"""

import functools
import logging
import smtplib
import time
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection

logger = logging.getLogger(__name__)

# SMTP refusals of a sender or recipient are permanent: trying again only repeats them.
PERMANENT_SMTP_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def is_transient(error: BaseException) -> bool:
    """Whether `error` is worth another try: a lost database connection or lock timeout, an
    SMTP server that dropped or refused the connection, a network error."""
    if isinstance(error, PERMANENT_SMTP_ERRORS):
        return False
    return isinstance(
        error, OperationalError | smtplib.SMTPException | ConnectionError | TimeoutError
    )


def retry_delays(*, attempts: int, base: float, cap: float) -> list[float]:
    """The waits between `attempts` tries: base, 2·base, 4·base…, each at most `cap` seconds."""
    return [min(cap, base * 2**n) for n in range(attempts - 1)]


def retry_transient[**P, R](body: Callable[P, R]) -> Callable[P, R]:
    """Run the decorated function again after a transient error, waiting longer each time
    (TASKS_RETRY_ATTEMPTS tries in all, TASKS_RETRY_DELAY seconds doubled up to
    TASKS_RETRY_MAX_DELAY). Other errors, and the last transient one, are raised.

    Put it under `@task()`; the body must be safe to run twice (idempotent)."""

    @functools.wraps(body)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        delays = retry_delays(
            attempts=settings.TASKS_RETRY_ATTEMPTS,
            base=settings.TASKS_RETRY_DELAY,
            cap=settings.TASKS_RETRY_MAX_DELAY,
        )
        for try_number, delay in enumerate([*delays, None], start=1):
            try:
                return body(*args, **kwargs)
            except Exception as error:
                if delay is None or not is_transient(error):
                    raise
                logger.warning(
                    "%s failed (try %d of %d: %r); trying again in %.1f s",
                    body.__qualname__,
                    try_number,
                    len(delays) + 1,
                    error,
                    delay,
                )
                time.sleep(delay)
                if isinstance(error, OperationalError) and not connection.in_atomic_block:
                    # A dropped database connection is replaced rather than reused.
                    close_old_connections()
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper
