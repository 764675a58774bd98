"""Admin under the site's own rules: no third-party avatars, date pickers without inline
scripts (the CSP allows scripts by nonce only)."""

import pytest
from django.urls import reverse

from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home):
    # `home`: the dashboard links the site's root page, which a transactional test run
    # earlier on the same worker may have flushed with the rows that migrations made.
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="a@example.org"))
    return client


def test_the_admin_requests_no_gravatar(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "gravatar.com" not in html


@pytest.mark.parametrize(
    ("widget", "function"),
    [
        ("AdminDateInput", "initDateChooser"),
        ("AdminDateTimeInput", "initDateTimeChooser"),
        ("AdminTimeInput", "initTimeChooser"),
    ],
)
def test_date_pickers_start_from_a_static_script_not_an_inline_one(widget, function):
    from wagtail.admin import widgets

    html = getattr(widgets, widget)().render("day", None, attrs={"id": "id_day"})

    assert f'data-admin-chooser="{function}"' in html
    assert 'data-admin-chooser-target="id_day"' in html
    assert "<script" not in html


def test_every_admin_page_loads_the_picker_starter(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "training_site/js/admin_choosers" in html
