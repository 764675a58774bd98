from django.core.management.base import BaseCommand

from content.site_setup import site_setup


class Command(BaseCommand):
    help = (
        "Create what is missing of the site: a locale per content language, a home page and a "
        "course catalogue in each, the default site, and the role groups with their "
        "permissions and the Trainer review workflow (training_site/accounts/roles.py). "
        "Changes nothing that exists; safe to run on every deployment."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--prune-roles",
            action="store_true",
            help="Also remove from the role groups the permissions the role map doesn't give.",
        )

    def handle(self, *args, prune_roles: bool, **options):
        result = site_setup(prune_roles=prune_roles)
        for change in result.changes:
            self.stdout.write(f"  + {change}")
        for reference in result.missing:
            self.stderr.write(
                self.style.WARNING(f"The role map names {reference!r}, which isn't installed.")
            )
        summary = f"{len(result.changes)} changes" if result.changes else "nothing to change"
        self.stdout.write(self.style.SUCCESS(f"Site ready ({summary})."))
