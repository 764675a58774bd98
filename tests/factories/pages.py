"""Page builders for tests: a site with locales en/fr/ar, a catalogue, courses, lessons."""

import factory
import wagtail_factories
from wagtail.models import Locale, Page, Site

from content.models import HomePage, StandardPage
from courses.models import CourseIndexPage, CoursePage, LessonPage


def ensure_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "fr", "ar")
    }


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    introduction = "Training for peace operations."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")

    class Meta:
        model = StandardPage


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Courses"
    slug = "courses"

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "What the course is about."
    audience = "Peacekeepers."

    class Meta:
        model = CoursePage


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "A lesson."
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "Why it matters", "level": "h2"}},
            {"type": "rich_text", "value": "<p>Count, record and report.</p>"},
        ]
    )

    class Meta:
        model = LessonPage


def build_site() -> HomePage:
    """An English home page as the default site's root, replacing Wagtail's welcome page."""
    locales = ensure_locales()
    root = Page.get_first_root_node()
    if root is None:  # transactional tests flush the rows that migrations made
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales["en"]))
        from training_site.accounts.roles import roles_sync

        roles_sync()
    Page.objects.filter(depth=2).delete()  # Wagtail's welcome page
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    return home


def build_course(parent: CourseIndexPage, *, lessons: int = 3, **kwargs) -> CoursePage:
    course = CoursePageFactory(parent=parent, **kwargs)
    for _ in range(lessons):
        LessonPageFactory(parent=course)
    return course


def translate_tree(page: Page, language_code: str) -> Page:
    """Copy `page` and its descendants into another locale, published, keeping translation keys."""
    locale = Locale.objects.get(language_code=language_code)
    copy = page.specific.copy_for_translation(locale, copy_parents=True)
    copy.title = f"{page.title} [{language_code}]"
    copy.save_revision().publish()
    for child in page.get_children().specific():
        translate_tree(child, language_code)
    return copy
