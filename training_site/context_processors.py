from django.utils.functional import SimpleLazyObject


def organisation(request) -> dict:
    """`organisation`: the site's OrganisationSettings, cached (see training_site.selectors)."""
    from .selectors import organisation_settings

    return {"organisation": SimpleLazyObject(lambda: organisation_settings(request=request))}
