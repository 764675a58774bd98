from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published


def workshop_pack_rebuild_on_publish(sender, instance, **kwargs) -> None:
    """Publishing a course, or any page under it, queues a rebuild of that language's pack."""
    from .selectors import workshop_pack_course_for_page
    from .services import workshop_pack_rebuild_request

    course = workshop_pack_course_for_page(page=instance)
    if course is not None:
        workshop_pack_rebuild_request(course=course)


def organisation_settings_forget(sender, instance, **kwargs) -> None:
    from django.core.cache import cache

    from .selectors import ORGANISATION_CACHE_KEY

    cache.delete(ORGANISATION_CACHE_KEY.format(site_id=instance.site_id))


def connect() -> None:
    from .models import OrganisationSettings

    for signal in (post_save, post_delete):
        signal.connect(
            organisation_settings_forget,
            sender=OrganisationSettings,
            dispatch_uid=f"content_organisation_forget_{signal is post_save}",
        )
    page_published.connect(
        workshop_pack_rebuild_on_publish, dispatch_uid="content_workshop_pack_rebuild"
    )
