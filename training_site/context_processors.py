from django.utils.functional import SimpleLazyObject


def organisation(request) -> dict:
    """`organisation`: the site's OrganisationSettings, cached (see content.selectors)."""
    from content.selectors import organisation_settings_for_request

    return {
        "organisation": SimpleLazyObject(lambda: organisation_settings_for_request(request=request))
    }
