"""The organisation name and signatory title in the page's language: pages, e-mails, PDFs."""

import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from wagtail.models import Site

from certificates.rendering import certificate_pdf_context, certificate_render_pdf
from certificates.services import certificate_issue
from tests.certificates.conftest import pass_final
from training_site.models import OrganisationSettings

NAMES = {"en": "Training Centre", "fr": "Centre de formation", "ar": "مركز التدريب"}


@pytest.fixture
def organisation(home):
    cache.clear()
    stored = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    stored.organisation_name, stored.organisation_name_fr, stored.organisation_name_ar = (
        NAMES.values()
    )
    stored.signatory_title = "Director"
    stored.signatory_title_ar = "المدير"
    stored.save()
    yield stored
    cache.clear()


@pytest.mark.parametrize(
    ("language", "name", "title"),
    [
        ("en", "Training Centre", "Director"),
        ("fr", "Centre de formation", "Director"),  # no French title: the English one
        ("fr-ca", "Centre de formation", "Director"),
        ("ar", "مركز التدريب", "المدير"),
        ("es", "Training Centre", "Director"),  # no Spanish fields at all
        (None, "Training Centre", "Director"),
    ],
)
def test_the_name_and_title_come_in_the_language_else_in_english(language, name, title):
    settings = OrganisationSettings(
        organisation_name="Training Centre",
        organisation_name_fr="Centre de formation",
        organisation_name_ar="مركز التدريب",
        signatory_title="Director",
        signatory_title_ar="المدير",
    )
    assert settings.name_in(language) == name
    assert settings.signatory_title_in(language) == title
    with translation.override(language):
        assert settings.name == name
        assert settings.title == title


@pytest.mark.parametrize(
    ("language", "short"),
    [
        ("en", "Centre"),
        ("fr", "Centre de formation"),  # no French short name: the French name
        ("ar", "المركز"),
        ("es", "Centre"),
    ],
)
def test_the_short_name_comes_in_the_language_else_the_languages_own_name(language, short):
    settings = OrganisationSettings(
        organisation_name="Training Centre",
        organisation_name_fr="Centre de formation",
        organisation_name_ar="مركز التدريب",
        short_name="Centre",
        short_name_fr="",
        short_name_ar="المركز",
    )
    assert settings.short_name_in(language) == short
    with translation.override(language):
        assert settings.short == short


def test_without_any_short_name_the_header_uses_the_name():
    settings = OrganisationSettings(
        organisation_name="Training Centre", short_name="", short_name_fr="", short_name_ar=""
    )
    assert settings.short_name_in("en") == "Training Centre"
    assert settings.short_name_in("ar") == settings.name_in("ar")


def test_new_settings_have_french_and_arabic_names_out_of_the_box():
    settings = OrganisationSettings()
    assert settings.name_in("fr") != settings.name_in("en")
    assert settings.name_in("ar") != settings.name_in("en")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_page_header_and_title_show_the_name_in_the_pages_language(
    client, translated_course, organisation, language
):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    brand = html[html.index('class="site-header__brand"') :]
    assert brand.startswith(f'class="site-header__brand" href="/{language}/">')
    assert brand.index(f'<span class="site-header__name">{NAMES[language]}</span>') < brand.index(
        "</a>"
    )
    assert f"· {NAMES[language]}</title>" in html


@pytest.mark.django_db
def test_the_certificate_carries_the_name_and_title_of_its_language(
    translated_course, learner, organisation, settings
):
    settings.SITE_URL = "https://training.example.org"
    pass_final(translated_course, learner, right=9, total=10)
    certificate = certificate_issue(user=learner, course_key=translated_course.translation_key)
    arabic = certificate_pdf_context(certificate=certificate, language="ar")
    assert (arabic["organisation_name"], arabic["signatory_title"]) == ("مركز التدريب", "المدير")
    french = certificate_pdf_context(certificate=certificate, language="fr")
    assert (french["organisation_name"], french["signatory_title"]) == (
        "Centre de formation",
        "Director",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("title_ar", "printed"), [("المدير", "المدير"), ("", "Director")])
def test_an_arabic_pdf_prints_the_arabic_title_else_the_english_one(
    translated_course, learner, organisation, settings, title_ar, printed
):
    settings.SITE_URL = "https://training.example.org"
    organisation.signatory_title_ar = title_ar
    organisation.save()
    pass_final(translated_course, learner, right=9, total=10)
    certificate = certificate_issue(
        user=learner, course_key=translated_course.translation_key, language="ar"
    )
    reader = PdfReader(io.BytesIO(certificate_render_pdf(certificate=certificate, language="ar")))
    lines = reader.pages[0].extract_text().splitlines()
    assert printed in lines


@pytest.mark.django_db
def test_account_emails_greet_with_the_organisation_name_not_the_host(
    client, home, organisation, learner
):
    client.post(reverse("account_reset_password"), {"email": learner.email})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Hello from Training Centre!" in body
    assert "Hello from example.com" not in body and "127.0.0.1" not in body


@pytest.mark.django_db
def test_the_certificate_email_is_signed_by_the_organisation_and_isolates_the_code(
    course, learner, organisation, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://training.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(user=learner, course_key=course.translation_key)
    body = mail.outbox[0].body
    assert body.rstrip().endswith("Training Centre")
    assert f"\u2066{certificate.formatted_code}\u2069" in body


def test_the_e_mail_greeting_is_translated_with_the_organisation_name(home, organisation):
    with translation.override("fr"):
        body = render_to_string("account/email/base_message.txt", {})
    assert "Centre de formation" in body
    assert "Hello from" not in body


@pytest.mark.django_db
def test_administrators_edit_the_names_per_language_in_the_settings(client, home):
    from tests.factories.users import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["training_site", "organisationsettings", site.pk])
    html = client.get(url).content.decode()
    for field in (
        "organisation_name_fr",
        "organisation_name_ar",
        "short_name",
        "short_name_fr",
        "short_name_ar",
        "signatory_title_ar",
    ):
        assert f'name="{field}"' in html
