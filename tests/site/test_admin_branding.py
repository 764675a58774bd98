from tests.factories.users import UserFactory


def test_admin_dashboard_carries_the_platform_brand(client, home):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Arms Management Training · Admin" in html
    assert "Arms Management Training: write, translate and publish modules" in html
