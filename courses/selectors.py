from wagtail.models import Locale

from .models import CourseIndexPage


def course_index_for_locale(*, locale: Locale) -> CourseIndexPage | None:
    """The catalogue page in `locale`, if it exists and is live."""
    return CourseIndexPage.objects.live().filter(locale=locale).first()
