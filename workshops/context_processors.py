"""Header links for institution users, read from the session so pages add no query."""

from .selectors import user_can_download_packs

SESSION_KEY = "workshops_nav"


def workshop_nav_flags(*, user) -> dict[str, bool]:
    """Which workshop links the header shows this user (by permission, not group name)."""
    return {
        "packs": user_can_download_packs(user=user),
        "workshops": user.has_perm("workshops.report_workshop"),
    }


def workshop_nav_remember(sender, request, user, **kwargs) -> None:
    """On sign-in: work the flags out once (connected to `user_logged_in`)."""
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = workshop_nav_flags(user=user)


def workshop_nav(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    session = getattr(request, "session", None)
    flags = session.get(SESSION_KEY) if session is not None else None
    if flags is None:  # a session from before this release: work them out once
        flags = workshop_nav_flags(user=user)
        if session is not None:
            session[SESSION_KEY] = flags
    return {"workshop_nav": flags}
