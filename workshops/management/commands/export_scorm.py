"""`manage.py export_scorm <course-slug> <language> <zip>`: a course as a SCORM 1.2 package."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.models import CoursePage
from workshops.scorm import scorm_package_build


class Command(BaseCommand):
    help = (
        "Write a course as a SCORM 1.2 package (lessons and the classroom bank's final) "
        "for an LMS such as Moodle."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the course page's slug (of its English page)")
        parser.add_argument("language", help="language code of the package: en, fr or ar")
        parser.add_argument("zip", type=Path, help="where to write the package")

    def handle(self, *args, slug: str, language: str, zip: Path, **options):
        course = (
            CoursePage.objects.live()
            .filter(locale__language_code=language)
            .filter(
                translation_key__in=CoursePage.objects.filter(slug=slug).values("translation_key")
            )
            .first()
        )
        if course is None:
            raise CommandError(f"No live course {slug!r} in language {language!r}.")
        zip.write_bytes(scorm_package_build(course=course))
        self.stdout.write(f"Wrote {zip} ({zip.stat().st_size // 1024} KB).")
