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
