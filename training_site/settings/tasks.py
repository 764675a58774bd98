"""Background work: the tasks backend, retries of transient errors and periodic commands."""

import os

# INSTALLED_APPS is core's list, the one base.py exports: appending here adds the app.
from .core import INSTALLED_APPS

# Background work: Django's tasks framework (the django-tasks package Wagtail 8 uses).
# TASKS_BACKEND=immediate (default) runs tasks in the request; TASKS_BACKEND=rq queues them on
# Redis (REDIS_URL) for `manage.py rqworker default` processes.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A task body meeting a transient error (database, SMTP, network) runs again after 1, 2, 4 s
# (training_site.tasks.retry_transient).
TASKS_RETRY_ATTEMPTS = int(os.environ.get("TASKS_RETRY_ATTEMPTS", "4"))
TASKS_RETRY_DELAY = float(os.environ.get("TASKS_RETRY_DELAY", "1"))
TASKS_RETRY_MAX_DELAY = float(os.environ.get("TASKS_RETRY_MAX_DELAY", "30"))
# `manage.py run_periodic` runs these management commands every so many seconds.
PERIODIC_COMMANDS = {"expire_attempts": 60, "certificates_notify_pending": 300}
