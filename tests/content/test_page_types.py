import pytest
from wagtail.models import Page

from assessments.models import QuizPage
from content.loader import curriculum_load
from content.models import HomePage, StandardPage, WorkshopPackIndexPage
from courses.models import CourseIndexPage, CoursePage, LessonPage
from tests.factories.pages import StandardPageFactory, translate_tree

RULES = [
    (HomePage, {Page}, {CourseIndexPage, StandardPage, WorkshopPackIndexPage}),
    (StandardPage, {HomePage, StandardPage, CoursePage}, {StandardPage}),
    (WorkshopPackIndexPage, {HomePage}, set()),
    (CourseIndexPage, {HomePage}, {CoursePage}),
    (CoursePage, {CourseIndexPage}, {LessonPage, QuizPage, StandardPage}),
    (LessonPage, {CoursePage}, set()),
    (QuizPage, {CoursePage}, set()),
]


@pytest.mark.parametrize(
    ("model", "parents", "children"), RULES, ids=lambda v: getattr(v, "__name__", "")
)
def test_page_type_has_its_allowed_parents_and_children(model, parents, children):
    assert set(model.allowed_parent_page_models()) == parents
    assert set(model.allowed_subpage_models()) == children


@pytest.mark.parametrize("model", [HomePage, WorkshopPackIndexPage])
def test_page_type_appears_once_under_its_parent(model):
    assert model.max_count_per_parent == 1


@pytest.fixture
def full_site(catalogue, curriculum_dir):
    """Every page type, in en, fr and ar: home, about, workshop packs, and a loaded module."""
    home = catalogue.get_parent()
    StandardPageFactory(parent=home, title="About", slug="about")
    home.add_child(instance=WorkshopPackIndexPage(title="Workshop packs", slug="workshop-packs"))
    for language in ("fr", "ar"):
        translate_tree(home, language)
    curriculum_load(catalogue=catalogue, directory=curriculum_dir)
    return home


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_page_type_renders_in_every_language(client, full_site, language):
    pages = Page.objects.filter(depth__gte=2, locale__language_code=language).specific()
    seen = set()

    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)
        seen.add(type(page))

    assert seen == {model for model, _, _ in RULES}
