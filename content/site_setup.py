"""The site's skeleton on any database, empty or not: a locale per content language, a home page
and a course catalogue in each, the default site on the home page, and the role map applied to
them (`training_site.accounts.roles`). `manage.py setup_site` runs it; so does `load_demo`.

Pages are created when missing and never changed afterwards, so editors' changes survive a rerun.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from courses.models import CourseIndexPage
from training_site.accounts.roles import roles_sync

from .loader import stable_id
from .models import HomePage

SITE_NAME = "Arms Management Training"
HOME_KEY = stable_id("site", "home")
CATALOGUE_KEY = stable_id("site", "catalogue")
HOME = {
    "en": {
        "title": "Arms management training for peace operations",
        "introduction": (
            "Free online courses for military and police peacekeepers on keeping weapons and "
            "ammunition safe, secure and accounted for."
        ),
    },
    "fr": {
        "title": "Formation à la gestion des armes pour les opérations de paix",
        "introduction": (
            "Des cours en ligne gratuits pour les Casques bleus militaires et policiers : "
            "garder les armes et les munitions en sécurité, sous bonne garde et bien comptées."
        ),
    },
    "ar": {
        "title": "التدريب على إدارة الأسلحة لعمليات السلام",
        "introduction": (
            "دورات مجانية عبر الإنترنت لحفظة السلام من العسكريين والشرطة حول حفظ الأسلحة "
            "والذخيرة بأمان وحراستها وحصرها."
        ),
    },
}
CATALOGUE = {
    "en": {"title": "Courses", "introduction": "Choose a course and start with its pre-test."},
    "fr": {"title": "Cours", "introduction": "Choisissez un cours et commencez par son pré-test."},
    "ar": {"title": "الدورات", "introduction": "اختر دورة وابدأ باختبارها القبلي."},
}


@dataclass
class SiteSetup:
    """The pages by language code, the default site, one line per record made, and the role
    map's references that name nothing installed."""

    homes: dict[str, HomePage]
    catalogues: dict[str, CourseIndexPage]
    site: Site
    changes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@transaction.atomic
def site_setup(*, prune_roles: bool = False) -> SiteSetup:
    """Create what is missing of the skeleton and grant the roles; a second run changes nothing.
    With `prune_roles`, also take from the role groups what the role map doesn't give them."""
    changes: list[str] = []
    locales = {}
    for code in get_content_languages():
        locales[code], created = Locale.objects.get_or_create(language_code=code)
        if created:
            changes.append(f"locale {code}")
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    address = _welcome_page_remove(changes)
    homes = _homes(locales, changes)
    site = _site_sync(homes[default_code], address, changes)
    catalogues = {code: _catalogue(home, changes) for code, home in homes.items()}
    roles = roles_sync(prune=prune_roles)
    return SiteSetup(
        homes=homes,
        catalogues=catalogues,
        site=site,
        changes=changes + roles.changes,
        missing=roles.missing,
    )


def _welcome_page_remove(changes: list[str]) -> tuple[str, int]:
    """Delete Wagtail's welcome page (it holds the slug "home"); return the default site's
    address, which the deletion takes with it."""
    site = Site.objects.filter(is_default_site=True).first()
    address = (site.hostname, site.port) if site else ("localhost", 80)
    plain = ContentType.objects.get_for_model(Page)
    for page in Page.objects.filter(depth=2, content_type=plain):
        if page.is_leaf():
            page.delete()
            changes.append(f"removed Wagtail's welcome page {page.title!r}")
    return address


def _homes(locales: dict[str, Locale], changes: list[str]) -> dict[str, HomePage]:
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    current = site.root_page.specific if site else None
    # A site whose root is already a home page keeps it; its translations share its key.
    key = current.translation_key if isinstance(current, HomePage) else HOME_KEY
    homes = {}
    for code, locale in locales.items():
        slug = "home" if code == "en" else f"home-{code}"
        homes[code] = _page_ensure(
            HomePage, root, locale, key, {**HOME.get(code, HOME["en"]), "slug": slug}, changes
        )
    return homes


def _catalogue(home: HomePage, changes: list[str]) -> CourseIndexPage:
    existing = CourseIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    texts = CATALOGUE.get(home.locale.language_code, CATALOGUE["en"])
    return _page_ensure(
        CourseIndexPage, home, home.locale, CATALOGUE_KEY, {**texts, "slug": "courses"}, changes
    )


def _page_ensure(model, parent: Page, locale: Locale, key, fields: dict, changes: list[str]):
    page = model.objects.filter(translation_key=key, locale=locale).first()
    if page is None:
        page = model(translation_key=key, locale=locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        changes.append(f"{model._meta.verbose_name} {page.title!r} ({locale.language_code})")
    return page


def _site_sync(home: HomePage, address: tuple[str, int], changes: list[str]) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = address
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=SITE_NAME,
        )
        changes.append(f"default site {hostname}:{port}")
    elif not isinstance(site.root_page.specific, HomePage):
        site.root_page = home
        site.save(update_fields=["root_page"])
        changes.append(f"default site {site.hostname}:{site.port} shows {home.title!r}")
    return site
