"""System checks: a credential signing key that is set must be usable, so a typo fails at
start-up (`manage.py check`) rather than on the first certificate download."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def credential_signing_key_check(app_configs=None, **kwargs) -> list[Error]:
    from .credentials.keys import retired_keys, signing_key_parse

    errors = []
    value = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if value:
        try:
            signing_key_parse(value)
        except ImproperlyConfigured as error:
            errors.append(Error(str(error), id="certificates.E001"))
    try:
        retired_keys()
    except ValueError as error:
        errors.append(Error(f"CREDENTIAL_RETIRED_KEYS: {error}", id="certificates.E002"))
    return errors
