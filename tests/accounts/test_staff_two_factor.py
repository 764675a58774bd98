"""Staff (everyone who may open /admin/) set up TOTP before the admin opens."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories.users import TrainerFactory, UserFactory
from training_site.accounts.models import Roles


@pytest.fixture(autouse=True)
def required(settings):
    settings.STAFF_REQUIRE_2FA = True


def administrator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=Roles.ADMINISTRATORS))
    return user


STAFF = {
    "trainer": lambda: TrainerFactory(),
    "administrator": administrator,
    "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
}


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/snippets/"])
def test_staff_without_totp_are_sent_to_set_it_up(client, db, role, path):
    client.force_login(STAFF[role]())
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert "two-factor authentication" in [str(m) for m in get_messages(response.wsgi_request)][0]


@pytest.mark.parametrize("role", STAFF)
def test_staff_with_totp_open_the_admin(client, home, role):
    user = STAFF[role]()
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_the_setup_page_itself_opens(client, db):
    client.force_login(TrainerFactory())
    response = client.get(reverse("mfa_activate_totp"))
    # allauth asks for the password again before showing the secret, never back to /admin/.
    assert response.status_code in {200, 302}
    assert not response.get("Location", "").startswith("/admin/")


def test_learners_and_institutions_are_not_asked(client, db):
    learner = UserFactory()
    institution = UserFactory(roles=[Roles.INSTITUTIONS])
    for user in (learner, institution):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.get("Location") != reverse("mfa_activate_totp")


def test_the_setting_relaxes_the_rule_for_development(client, home, settings):
    settings.STAFF_REQUIRE_2FA = False
    client.force_login(TrainerFactory())
    assert client.get("/admin/").status_code == 200


def test_a_trainer_signs_in_sets_up_totp_and_then_opens_the_admin(client, home):
    from allauth.account.models import EmailAddress

    from tests.accounts.test_mfa import activate_totp, log_in

    trainer = TrainerFactory(email="trainer@example.org")
    EmailAddress.objects.create(user=trainer, email=trainer.email, verified=True, primary=True)
    assert log_in(client, trainer).status_code == 302
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")
    activate_totp(client)
    assert client.get("/admin/").status_code == 200
