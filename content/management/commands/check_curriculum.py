from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.loader import CURRICULUM_DIR, CurriculumError, curriculum_read


class Command(BaseCommand):
    help = (
        "Validate the curriculum files against content/curriculum/SCHEMA.md and compare each "
        "translation with English, without touching the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("modules", nargs="*", help="Module slugs (default: every module).")
        parser.add_argument("--curriculum", type=Path, default=CURRICULUM_DIR)

    def handle(self, *args, modules: list[str], curriculum: Path, **options):
        try:
            found = curriculum_read(directory=curriculum, modules=modules or None)
        except CurriculumError as exc:
            raise CommandError(f"{len(exc.errors)} problem(s):\n" + "\n".join(exc.errors)) from exc
        for module, documents in sorted(found.items()):
            self.stdout.write(f"OK {module}: {', '.join(sorted(documents))}")
