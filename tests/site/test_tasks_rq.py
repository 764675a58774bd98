"""The production task backend: tasks queue on a real Redis and a worker runs them."""

import pytest
import redis
from django.core import mail
from django.test import override_settings

from certificates.services import certificate_issue

REDIS_URL = "redis://127.0.0.1:6379/15"
RQ_SETTINGS = {
    "RQ_QUEUES": {"default": {"URL": REDIS_URL}},
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
}


@pytest.fixture
def redis_queue():
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (CI has it)")
    connection.flushdb()
    with override_settings(**RQ_SETTINGS):
        yield connection
    connection.flushdb()


def test_certificate_email_waits_in_redis_until_a_worker_sends_it(
    redis_queue, course, learner, django_capture_on_commit_callbacks
):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()  # building the course queued Wagtail's own reference-index tasks
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(user=learner, course_key=course.translation_key)

    assert "certificates.tasks.certificate_notify_task" in [job.func_name for job in queue.jobs]
    assert mail.outbox == []

    worker = django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)
    worker.work(burst=True)

    assert queue.count == 0
    assert [message.to for message in mail.outbox] == [[learner.email]]
