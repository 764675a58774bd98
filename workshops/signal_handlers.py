from django.contrib.auth.signals import user_logged_in
from wagtail.signals import page_published

from .context_processors import workshop_nav_remember


def workshop_pack_rebuild_on_publish(sender, instance, **kwargs) -> None:
    """Publishing a course, or any page under it, queues a rebuild of that language's pack."""
    from .selectors import workshop_pack_course_for_page
    from .services import workshop_pack_rebuild_request

    course = workshop_pack_course_for_page(page=instance)
    if course is not None:
        workshop_pack_rebuild_request(course=course)


def connect() -> None:
    user_logged_in.connect(workshop_nav_remember, dispatch_uid="workshops_nav_remember")
    page_published.connect(
        workshop_pack_rebuild_on_publish, dispatch_uid="workshops_workshop_pack_rebuild"
    )
