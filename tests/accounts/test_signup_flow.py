import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from training_site.accounts.models import Roles, User

SIGNUP = {
    "email": "fatou@example.org",
    "password1": "a-Long-passphrase-2026",
    "password2": "a-Long-passphrase-2026",
    "full_name": "Fatou Diallo",
    "country": "SN",
    "service": "police",
    "rank": "Inspector",
    "gender": "woman",
    "preferred_language": "fr",
}


@pytest.fixture
def signup_url(db):
    return reverse("account_signup")


def test_sign_up_verify_by_email_link_log_in_and_edit_profile(client, signup_url):
    response = client.post(signup_url, SIGNUP)
    assert response.status_code == 302

    user = User.objects.get(email="fatou@example.org")
    assert user.full_name == "Fatou Diallo"
    assert user.country.code == "SN"
    assert user.groups.filter(name=Roles.LEARNERS).exists()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.post("/" + path)
    assert confirm.status_code == 302
    assert user.emailaddress_set.get().verified

    client.logout()
    login = client.post(
        reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert login.status_code == 302
    profile_url = reverse("accounts:profile")
    assert client.get(profile_url).status_code == 200
    saved = client.post(
        profile_url,
        {
            "full_name": "Fatou A. Diallo",
            "country": "SN",
            "service": "police",
            "rank": "",
            "gender": "",
            "preferred_language": "ar",
        },
    )
    assert saved.status_code == 302
    assert saved["Location"].startswith("/ar/")
    user.refresh_from_db()
    assert user.full_name == "Fatou A. Diallo"
    assert user.preferred_language == "ar"


def test_login_before_verification_is_refused_with_a_message(client, signup_url):
    client.post(signup_url, SIGNUP)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password1": "123", "password2": "123"}, "password1"),
        ({"email": ""}, "email"),
        ({"full_name": ""}, "full_name"),
        ({"country": ""}, "country"),
    ],
)
def test_bad_sign_up_reshows_the_form_with_errors_and_keeps_what_was_typed(
    client, signup_url, change, field
):
    data = {**SIGNUP, **change}
    response = client.post(signup_url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    if data["full_name"]:
        assert 'value="Fatou Diallo"' in html
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_duplicate_email_makes_no_second_account_and_warns_the_owner(client, signup_url, learner):
    # allauth prevents account enumeration: the form looks accepted, and the owner of the
    # address is told by e-mail that someone tried to sign up with it.
    response = client.post(signup_url, {**SIGNUP, "email": learner.email})
    assert response.status_code == 302
    assert User.objects.filter(email=learner.email).count() == 1
    assert [message.to for message in mail.outbox] == [[learner.email]]
    assert "already" in mail.outbox[0].body.lower()


def test_role_groups_exist_after_migrations(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Roles}
    trainers = Group.objects.get(name=Roles.TRAINERS)
    assert trainers.permissions.filter(codename="access_admin").exists()


def test_profile_requires_login(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_wagtail_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_markup_typed_into_names_is_stored_as_plain_text(client, signup_url):
    client.post(signup_url, {**SIGNUP, "full_name": "<b>Fatou</b> <script>x</script>Diallo"})
    user = User.objects.get(email=SIGNUP["email"])
    assert "<" not in user.full_name
    assert user.full_name.startswith("Fatou")
    assert user.full_name.endswith("Diallo")


def test_a_name_made_only_of_markup_is_refused(client, signup_url):
    response = client.post(signup_url, {**SIGNUP, "full_name": "<i></i>"})
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_plain_punctuation_in_names_is_kept_as_typed(client, signup_url):
    client.post(signup_url, {**SIGNUP, "full_name": "Fatou N'Diaye & Sons"})
    assert User.objects.get(email=SIGNUP["email"]).full_name == "Fatou N'Diaye & Sons"
