from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.demo import ACCOUNTS, DEMO_PASSWORD, demo_load
from content.loader import CURRICULUM_DIR, CurriculumError


class Command(BaseCommand):
    help = (
        "Build or update the demo site: home pages in en/fr/ar, the catalogue, the curriculum "
        "from content/curriculum/, permissions, the review workflow and demo accounts. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--curriculum",
            type=Path,
            default=CURRICULUM_DIR,
            help="Folder of <module>.<language>.yaml files (default: content/curriculum).",
        )

    def handle(self, *args, curriculum: Path, **options):
        try:
            result = demo_load(directory=curriculum)
        except CurriculumError as exc:
            raise CommandError(
                "The curriculum has errors; nothing was changed.\n" + "\n".join(exc.errors)
            ) from exc
        pages = result.curriculum
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo site ready. Curriculum pages: {len(pages.created)} created, "
                f"{len(pages.updated)} updated, {len(pages.unchanged)} unchanged."
            )
        )
        self.stdout.write("Demo logins (demo only, never use these on a public server):")
        for spec in ACCOUNTS:
            roles = ", ".join(str(role) for role in spec["roles"])
            self.stdout.write(f"  {spec['email']:<26} {DEMO_PASSWORD}   ({roles})")
