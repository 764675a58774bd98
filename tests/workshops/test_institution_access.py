"""Institutions out of the box: header links by permission, a 403 that says what to ask for,
error pages in every interface language."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories.users import UserFactory
from tests.factories.workshops import institution_user
from training_site.accounts.models import Roles
from workshops.models import WorkshopPackIndexPage
from workshops.services import institution_membership_set

pytestmark = pytest.mark.django_db


def test_institution_members_see_packs_and_workshops_in_the_header(client, home):
    client.force_login(institution_user())

    html = client.get("/en/").content.decode()

    assert f'href="{reverse("workshops:pack_index")}"' in html
    assert f'href="{reverse("workshops:workshop_list")}"' in html


def test_learners_see_no_workshop_links(client, home, learner):
    client.force_login(learner)

    html = client.get("/en/").content.decode()

    assert reverse("workshops:pack_index") not in html
    assert reverse("workshops:workshop_list") not in html


def test_the_packs_link_leads_to_the_packs_page(client, home):
    page = home.add_child(instance=WorkshopPackIndexPage(title="Packs", slug="workshop-packs"))
    client.force_login(institution_user())

    response = client.get(reverse("workshops:pack_index"))

    assert response.status_code == 302
    assert response["Location"] == page.url


def test_an_institution_user_without_membership_gets_a_french_403_saying_what_to_ask_for(
    client, home
):
    client.force_login(UserFactory(roles=[Roles.INSTITUTIONS]))

    response = client.get("/fr/workshops/")

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Autorisation nécessaire" in html
    assert "ajouter votre compte à votre institution" in html


def test_memberships_are_set_once_per_user():
    user = UserFactory(roles=[Roles.INSTITUTIONS])

    first = institution_membership_set(user=user, name="Centre", country="JO")
    again = institution_membership_set(user=user, name="Centre", country="JO")

    assert first.pk == again.pk
    assert again.institution.name == "Centre"


TITLES = {
    "403.html": "Permission needed",
    "404.html": "Page not found",
    "500.html": "Something went wrong",
}


@pytest.mark.parametrize("template", TITLES)
@pytest.mark.parametrize("language", ["fr", "ar", "es", "pt"])
def test_error_pages_are_translated_in_every_interface_language(template, language, home):
    request = RequestFactory().get("/")
    request.user = UserFactory()
    with translation.override(language):
        html = render_to_string(template, {"exception": ""}, request=request)
        expected = translation.gettext(TITLES[template])

    assert expected != TITLES[template]
    assert expected in html
