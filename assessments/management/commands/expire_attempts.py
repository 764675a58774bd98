from django.core.management.base import BaseCommand

from assessments.tasks import attempts_expire_task


class Command(BaseCommand):
    help = (
        "Submit quiz attempts past their deadline (run periodically, e.g. every minute by "
        "`manage.py run_periodic`)."
    )

    def handle(self, *args, **options):
        result = attempts_expire_task.enqueue()
        if result.is_finished:
            self.stdout.write(f"{result.return_value} attempt(s) submitted.")
        else:
            self.stdout.write("Expiry task enqueued.")
