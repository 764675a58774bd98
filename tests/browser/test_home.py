import pytest
from wagtail.models import Locale

from tests.factories.pages import translate_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_in_three_languages(home, course):
    translate_tree(home, "fr")
    translate_tree(home, "ar")
    return home


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_home_page_opens_with_the_right_direction(
    chromium, live_server, site_in_three_languages, screenshot_dir, language, direction
):
    home = site_in_three_languages.get_translation(Locale.objects.get(language_code=language))
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}{home.url}")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == home.title
    page.screenshot(path=str(screenshot_dir / f"home_{language}.png"), full_page=True)
    page.close()


def test_language_switcher_moves_between_translations(
    chromium, live_server, site_in_three_languages
):
    page = chromium.new_page()
    page.goto(f"{live_server.url}/en/")
    page.click('a[hreflang="ar"]')
    page.wait_for_load_state()
    assert page.url.endswith("/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_home_and_catalogue_have_no_wcag_aa_violations(
    chromium, live_server, site_in_three_languages, course, language
):
    from axe_playwright_python.sync_playwright import Axe

    locale = Locale.objects.get(language_code=language)
    catalogue = course.get_parent().get_translation(locale)
    page = chromium.new_page()
    for url in (site_in_three_languages.get_translation(locale).url, catalogue.url):
        page.goto(f"{live_server.url}{url}")
        results = Axe().run(
            page,
            options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag22aa"]}},
        )
        violations = results.response["violations"]
        assert violations == [], [(v["id"], v["nodes"][0]["html"]) for v in violations]
    page.close()
