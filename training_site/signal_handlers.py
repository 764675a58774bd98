from django.db.models.signals import post_delete, post_migrate, post_save


def organisation_settings_changed(sender, instance, **kwargs) -> None:
    """Saved or deleted settings must not be served from the cache."""
    from .selectors import organisation_settings_forget

    organisation_settings_forget(site_id=instance.site_id)


def connect() -> None:
    from wagtail.models import Locale, PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_unpublished, post_page_move

    from .models import OrganisationSettings
    from .page_cache import pages_changed
    from .routing import page_view_restrictions_forget, sites_forget

    # Any saved, deleted, moved or unpublished page (or site, or locale) retires the cached
    # routes, translations and lesson lists (training_site.page_cache).
    for model in [*get_page_models(), Site, Locale]:
        for signal in (post_save, post_delete):
            signal.connect(
                pages_changed,
                sender=model,
                dispatch_uid=f"training_site_pages_{model._meta.label}_{signal is post_save}",
            )
    for name, signal in (
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
        ("migrated", post_migrate),
    ):
        signal.connect(pages_changed, dispatch_uid=f"training_site_pages_{name}")

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
