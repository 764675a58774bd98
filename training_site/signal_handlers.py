from django.db.models.signals import post_delete, post_save


def organisation_settings_changed(sender, instance, **kwargs) -> None:
    """Saved or deleted settings must not be served from the cache."""
    from .selectors import organisation_settings_forget

    organisation_settings_forget(site_id=instance.site_id)


def connect() -> None:
    from wagtail.models import PageViewRestriction, Site

    from .models import OrganisationSettings
    from .routing import page_view_restrictions_forget, sites_forget

    for signal in (post_save, post_delete):
        signal.connect(
            organisation_settings_changed,
            sender=OrganisationSettings,
            dispatch_uid=f"training_site_organisation_forget_{signal is post_save}",
        )
        signal.connect(
            sites_forget, sender=Site, dispatch_uid=f"training_site_sites_{signal is post_save}"
        )
        signal.connect(
            page_view_restrictions_forget,
            sender=PageViewRestriction,
            dispatch_uid=f"training_site_view_restrictions_{signal is post_save}",
        )
