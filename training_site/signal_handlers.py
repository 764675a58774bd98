from django.db.models.signals import post_delete, post_save


def organisation_settings_changed(sender, instance, **kwargs) -> None:
    """Saved or deleted settings must not be served from the cache."""
    from .selectors import organisation_settings_forget

    organisation_settings_forget(site_id=instance.site_id)


def connect() -> None:
    from .models import OrganisationSettings

    for signal in (post_save, post_delete):
        signal.connect(
            organisation_settings_changed,
            sender=OrganisationSettings,
            dispatch_uid=f"training_site_organisation_forget_{signal is post_save}",
        )
