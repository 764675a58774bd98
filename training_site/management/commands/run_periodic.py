import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the periodic jobs of PERIODIC_COMMANDS (management command: seconds between "
        "runs), each at start and then on its interval, until stopped. No cron needed: run one "
        "of these beside the workers (with TASKS_BACKEND=rq the commands only enqueue tasks)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then stop.")

    def handle(self, *args, once: bool = False, **options):
        jobs: dict[str, int] = dict(settings.PERIODIC_COMMANDS)
        due = dict.fromkeys(jobs, 0.0)
        while True:
            now = time.monotonic()
            for name, interval in jobs.items():
                if due[name] <= now:
                    due[name] = now + interval
                    self._run(name)
            if once:
                return
            time.sleep(max(0.0, min(due.values()) - time.monotonic()))

    def _run(self, name: str) -> None:
        close_old_connections()
        try:
            call_command(name, stdout=self.stdout)
        except Exception:
            # One failing run must not stop the scheduler; the next run tries again.
            logger.exception("Periodic job %s failed", name)
