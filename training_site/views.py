from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url


def admin_login(request):
    """Send every admin login through allauth, so rate limits and MFA apply there too."""
    return redirect_to_login(request.GET.get("next", "/admin/"), resolve_url("account_login"))
