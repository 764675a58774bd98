"""System checks for settings that would quietly weaken the platform."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning


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


@register(Tags.security, deploy=False)
def s3_media_settings(app_configs, **kwargs) -> list[Error | CheckWarning]:
    """S3 media needs all of its settings (media would otherwise land where nobody meant), and
    private files on S3 are served by signed URLs, never by the proxy's internal redirect."""
    from training_site.settings.base import S3_REQUIRED_SETTINGS, s3_settings_error

    values = {name: getattr(settings, name, "") for name in S3_REQUIRED_SETTINGS}
    if error := s3_settings_error(values):
        return [
            Error(
                error,
                hint="Set all of them (README, Deployment: media on S3) or none.",
                id="training_site.E002",
            )
        ]
    if values["AWS_STORAGE_BUCKET_NAME"] and settings.PRIVATE_FILES_ACCEL_REDIRECT:
        return [
            CheckWarning(
                "PRIVATE_FILES_ACCEL_REDIRECT is ignored while media is on S3: private files "
                "are served as short-lived signed URLs.",
                hint="Unset it, and drop the proxy's internal location for private files.",
                id="training_site.W002",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def shared_cache_in_production(app_configs, **kwargs) -> list[CheckWarning]:
    """Cached routes, translations and lesson lists are retired through the cache itself
    (training_site.page_cache): a process's local memory can't hear of another's changes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            CheckWarning(
                "The cache is each process's local memory: with several workers, an editor's "
                "change reaches the other workers' cached pages only after an hour.",
                hint="Set REDIS_URL (README, Configuration) to share one cache.",
                id="training_site.W003",
            )
        ]
    return []
