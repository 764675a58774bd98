import pytest


@pytest.mark.django_db
def test_course_page_renders_in_every_language(client, translated_course):
    from wagtail.models import Locale

    for code in ("en", "fr", "ar"):
        page = translated_course.get_translation(Locale.objects.get(language_code=code))
        response = client.get(page.url)
        assert response.status_code == 200, (code, page.url)
        assert page.title in response.content.decode()
