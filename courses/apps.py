from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from assessments.signals import attempt_graded

        from .signal_handlers import attempt_graded_receiver

        attempt_graded.connect(
            attempt_graded_receiver, dispatch_uid="courses.enrolment_completion_on_attempt_graded"
        )
