from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.http import FileResponse
from django.shortcuts import resolve_url


def admin_login(request):
    """Send every admin login through allauth, so rate limits and MFA apply there too."""
    return redirect_to_login(request.GET.get("next", "/admin/"), resolve_url("account_login"))


def service_worker(request):
    """The offline service worker, served from the site root so its scope covers every page."""
    response = FileResponse(
        open(finders.find("training_site/js/sw.js"), "rb"),  # noqa: SIM115 (FileResponse closes)
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response
