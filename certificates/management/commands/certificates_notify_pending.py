from django.core.management.base import BaseCommand

from certificates.tasks import certificates_notify_pending_task


class Command(BaseCommand):
    help = (
        "E-mail holders of certificates whose e-mail never went out (run periodically, "
        "e.g. from `manage.py run_periodic`)."
    )

    def handle(self, *args, **options):
        result = certificates_notify_pending_task.enqueue()
        if result.is_finished:
            self.stdout.write(f"{result.return_value} certificate e-mail(s) sent.")
        else:
            self.stdout.write("Resend task enqueued.")
