"""The learner data export: everything the platform records about one learner."""

from ..models import Enrolment, LessonProgress
from .progress import PROGRESS_FIELDS


def learner_data_export(*, user) -> dict:
    """Everything the platform records about the learner, as plain JSON-ready data."""
    from assessments.models import Attempt

    def iso(value):
        return value.isoformat() if value else None

    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "country": str(user.country or ""),
            "service": user.service,
            "rank": user.rank,
            "gender": user.gender,
            "preferred_language": user.preferred_language,
            "date_joined": iso(user.date_joined),
        },
        "enrolments": [
            {
                "course_key": str(row["course_key"]),
                "source": row["source"],
                "enrolled_at": iso(row["enrolled_at"]),
                "completed_at": iso(row["completed_at"]),
                "unenrolled_at": iso(row["unenrolled_at"]),
            }
            for row in Enrolment.objects.filter(user=user)
            .order_by("enrolled_at", "pk")
            .values("course_key", "source", "enrolled_at", "completed_at", "unenrolled_at")
        ],
        "lesson_progress": [
            {
                "lesson_key": str(row["lesson_key"]),
                "course_key": str(row["course_key"]),
                "first_viewed_at": iso(row["first_viewed_at"]),
                "completed_at": iso(row["completed_at"]),
            }
            for row in LessonProgress.objects.filter(user=user)
            .order_by("first_viewed_at", "pk")
            .values(*PROGRESS_FIELDS)
        ],
        "attempts": [
            {
                "quiz_key": str(row["quiz_key"]),
                "course_key": str(row["course_key"]),
                "quiz_kind": row["quiz_kind"],
                "number": row["number"],
                "status": row["status"],
                "language": row["language"],
                "started_at": iso(row["started_at"]),
                "submitted_at": iso(row["submitted_at"]),
                "percent": str(row["percent"]) if row["percent"] is not None else None,
                "passed": row["passed"],
            }
            for row in Attempt.objects.filter(user=user)
            .order_by("started_at", "pk")
            .values(
                "quiz_key",
                "course_key",
                "quiz_kind",
                "number",
                "status",
                "language",
                "started_at",
                "submitted_at",
                "percent",
                "passed",
            )
        ],
    }
