from django_tasks import task

from training_site.tasks import retry_transient


@task()
@retry_transient
def workshop_pack_build_task(*, course_id: int) -> None:
    """Build (or skip, when already fresh) the workshop pack of one course in one language."""
    from .services import workshop_pack_build

    workshop_pack_build(course_id=course_id)
