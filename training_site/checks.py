"""System checks for settings that would quietly weaken the platform."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=False)
def private_media_outside_public_folders(app_configs, **kwargs) -> list[Error]:
    """Private files must not sit under a folder that is served publicly."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if public and private.is_relative_to(Path(public).resolve()):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) is inside {name} ({public}), which is "
                    "served publicly.",
                    hint="Keep certificates, exports and packs in a folder of their own.",
                    id="training_site.E001",
                )
            )
    return errors
