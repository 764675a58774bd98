import pytest
from django.urls import reverse

from assessments import services
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_admins_can_list_attempts_but_not_add_them(quiz, learner, client):
    services.attempt_start(user=learner, quiz=quiz)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    listing = client.get(reverse("attempts:index"))
    assert listing.status_code == 200
    assert learner.full_name in listing.content.decode()
    assert client.get(reverse("attempts:add")).status_code in (302, 403)
