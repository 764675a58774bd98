from .services import enrolment_best_final_record, enrolment_completion_check_for


def attempt_graded_receiver(sender, *, attempt, **kwargs) -> None:
    """A graded final assessment raises the enrolment's best final and may complete the
    course (in the grading transaction: both or neither)."""
    from assessments.models import QuizKind

    if attempt.quiz_kind == QuizKind.FINAL and attempt.percent is not None:
        enrolment_best_final_record(
            user_id=attempt.user_id, course_key=attempt.course_key, percent=attempt.percent
        )
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
