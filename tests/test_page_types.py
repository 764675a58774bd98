"""Every page type's place in the tree, in one table, checked with Wagtail's page assertions:
allowed parents and children, the full can-create matrix, creation from the admin's form data,
and a render in every content language."""

from django.apps import apps
from wagtail.models import Locale, Page, get_page_models
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.factories.pages import (
    CourseIndexPageFactory,
    LessonPageFactory,
    StandardPageFactory,
    build_course,
    build_site,
    translate_tree,
)
from tests.factories.quizzes import QuizPageFactory
from tests.factories.users import UserFactory

# page type: (allowed parents, allowed children, at most one per parent). Models are named by
# class so the table holds wherever an app keeps its models.
RULES = {
    "HomePage": ({"Page"}, {"CourseIndexPage", "StandardPage", "WorkshopPackIndexPage"}, True),
    "StandardPage": ({"HomePage", "StandardPage", "CoursePage"}, {"StandardPage"}, False),
    "WorkshopPackIndexPage": ({"HomePage"}, set(), True),
    "CourseIndexPage": ({"HomePage"}, {"CoursePage"}, False),
    "CoursePage": ({"CourseIndexPage"}, {"LessonPage", "QuizPage", "StandardPage"}, False),
    "LessonPage": ({"CoursePage"}, set(), False),
    "QuizPage": ({"CoursePage"}, set(), False),
}


def page_models() -> dict[str, type[Page]]:
    """Every page model of the project (Wagtail's base `Page` included), by class name."""
    return {model.__name__: model for model in get_page_models()}


class PageTypeRulesTests(WagtailPageTestCase):
    def setUp(self):
        self.models = page_models()

    def models_named(self, names: set[str]) -> set[type[Page]]:
        return {self.models[name] for name in names}

    def test_the_table_covers_every_page_type(self):
        self.assertEqual(set(self.models) - {"Page"}, set(RULES))

    def test_each_page_type_has_its_allowed_parents_and_children(self):
        for name, (parents, children, _once) in RULES.items():
            with self.subTest(name):
                model = self.models[name]
                self.assertAllowedParentPageTypes(model, self.models_named(parents))
                self.assertAllowedSubpageTypes(model, self.models_named(children))

    def test_a_page_type_can_be_created_exactly_where_the_table_says(self):
        for parent_name, (_parents, children, _once) in RULES.items():
            parent = self.models[parent_name]
            for child_name, child in self.models.items():
                if child_name == "Page":
                    continue
                with self.subTest(parent=parent_name, child=child_name):
                    if child_name in children:
                        self.assertCanCreateAt(parent, child)
                    else:
                        self.assertCanNotCreateAt(parent, child)

    def test_home_and_workshop_pack_pages_appear_once_under_their_parent(self):
        for name, (_parents, _children, once) in RULES.items():
            with self.subTest(name):
                self.assertEqual(self.models[name].max_count_per_parent, 1 if once else None)


class PageTypeAdminTests(WagtailPageTestCase):
    """Creatable from the admin's own form, as an editor would submit it."""

    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.catalogue = CourseIndexPageFactory(parent=cls.home)
        cls.course = build_course(cls.catalogue, lessons=1)

    def setUp(self):
        self.client.force_login(UserFactory(is_superuser=True, is_staff=True))

    def test_an_editor_creates_a_course_in_the_catalogue(self):
        self.assertCanCreate(
            self.catalogue,
            apps.get_model("courses", "CoursePage"),
            nested_form_data(
                {
                    "title": "Ammunition accounting",
                    "summary": "Count, record and report ammunition.",
                    "audience": "",
                    "objectives": streamfield([]),
                    "estimated_minutes": "120",
                    "level": "introductory",
                    "body": streamfield([]),
                    "job_aids": streamfield([]),
                    "allow_anonymous_lessons": "",
                    "show_score_on_certificate": "on",
                }
            ),
        )

    def test_an_editor_creates_a_lesson_in_a_course(self):
        self.assertCanCreate(
            self.course,
            apps.get_model("courses", "LessonPage"),
            nested_form_data(
                {
                    "title": "Registers",
                    "summary": "Why every weapon is on the register.",
                    "estimated_minutes": "20",
                    "body": streamfield([("rich_text", rich_text("<p>Count and record.</p>"))]),
                }
            ),
        )

    def test_an_editor_creates_a_standard_page_under_home_and_in_a_course(self):
        for parent in (self.home, self.course):
            with self.subTest(parent.specific_class.__name__):
                self.assertCanCreate(
                    parent,
                    apps.get_model("content", "StandardPage"),
                    nested_form_data(
                        {
                            "title": f"Glossary of {parent.title}",
                            "introduction": "Terms used in this module.",
                            "body": streamfield([]),
                        }
                    ),
                )


class PageTypeRenderTests(WagtailPageTestCase):
    """One page of every type, translated into fr and ar, renders for a visitor with the
    language and direction of its locale."""

    @classmethod
    def setUpTestData(cls):
        models = page_models()
        cls.home = build_site()
        StandardPageFactory(parent=cls.home, title="About", slug="about")
        cls.home.add_child(
            instance=models["WorkshopPackIndexPage"](title="Workshop packs", slug="workshop-packs")
        )
        catalogue = CourseIndexPageFactory(parent=cls.home)
        course = build_course(catalogue, lessons=0, allow_anonymous_lessons=True)
        LessonPageFactory(parent=course)
        QuizPageFactory(parent=course)
        StandardPageFactory(parent=course, title="Glossary")
        for language in ("fr", "ar"):
            translate_tree(cls.home, language)

    def test_every_page_type_renders_in_every_language(self):
        for language in ("en", "fr", "ar"):
            locale = Locale.objects.get(language_code=language)
            pages = Page.objects.filter(depth__gte=2, locale=locale).specific()
            self.assertEqual({type(page).__name__ for page in pages}, set(RULES))
            for page in pages:
                with self.subTest(language=language, page=type(page).__name__):
                    self.assertPageIsRenderable(page)
                    html = self.client.get(page.url).content.decode()
                    direction = "rtl" if language == "ar" else "ltr"
                    self.assertIn(f'<html lang="{language}" dir="{direction}">', html)
                    self.assertIn(page.title, html)
