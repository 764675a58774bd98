"""Request guards that hold for every view: control characters are refused at the edge, and
staff set up two-factor authentication before the admin opens."""

import re
from urllib.parse import unquote_plus

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

# C0 controls and DEL. PostgreSQL refuses NUL in text; the others have no business in a path.
PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Query values may carry a textarea's line breaks and tabs, nothing else below the space.
QUERY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class RejectControlCharactersMiddleware:
    """400 for a path or query string holding NUL or another control character (escaped or
    not), or a posted form field holding NUL, before any view or database query sees it.
    Forms refuse other control characters where they matter (names: training_site.sanitize)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        if PATH_CONTROL.search(request.path_info) or QUERY_CONTROL.search(query):
            return HttpResponseBadRequest(
                _("The address contains control characters."), content_type="text/plain"
            )
        if _posted_nul(request):
            return HttpResponseBadRequest(
                _("The form contains control characters."), content_type="text/plain"
            )
        return self.get_response(request)


def _posted_nul(request) -> bool:
    # Form fields only, not uploaded files (CSV cells are checked by their importer). The CSRF
    # middleware reads request.POST of every POST anyway, so parsing it here changes nothing.
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return False
    return any(
        "\x00" in name or any("\x00" in value for value in values)
        for name, values in request.POST.lists()
    )


class StaffTwoFactorMiddleware:
    """Users who may open the admin (Trainers, Administrators, superusers) are sent to set up
    TOTP, with a message, until they have; STAFF_REQUIRE_2FA=False turns this off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "STAFF_REQUIRE_2FA", True)
            and request.path_info.startswith(reverse("wagtailadmin_home"))
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(request.user, [Authenticator.Type.TOTP])
        ):
            messages.warning(
                request,
                _(
                    "Set up two-factor authentication with an authenticator app before "
                    "opening the admin."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
