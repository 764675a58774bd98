from .services import enrolment_completion_check_for


def attempt_graded_receiver(sender, *, attempt, **kwargs) -> None:
    """A graded final assessment may complete the course."""
    enrolment_completion_check_for(user=attempt.user, course_key=attempt.course_key)


def connect() -> None:
    from assessments.signals import attempt_graded

    from . import xapi
    from .signals import enrolment_completed

    attempt_graded.connect(
        attempt_graded_receiver, dispatch_uid="courses.enrolment_completion_on_attempt_graded"
    )
    attempt_graded.connect(xapi.attempt_graded_receiver, dispatch_uid="courses.xapi_attempt")
    enrolment_completed.connect(
        xapi.enrolment_completed_receiver, dispatch_uid="courses.xapi_enrolment"
    )
