"""Reads about courses, enrolments and progress.

Every selector issues a fixed number of queries whatever the number of lessons, enrolments,
progress rows or attempts.
"""

from .cohorts import (
    CohortLearnerScope,
    cohort_learners_of,
    cohort_user_sees_all,
    cohorts_visible_to,
)
from .course_page import (
    CourseQuiz,
    NextStep,
    course_next_step,
    course_quizzes_for,
    course_resources,
    courses_to_take_next,
)
from .dashboard import DashboardCourse, QuizSummary, dashboard_for
from .export import learner_data_export
from .progress import (
    PROGRESS_FIELDS,
    CourseProgress,
    LessonItem,
    course_index_for_locale,
    course_lessons,
    course_progress_for,
    course_requirement_keys,
    enrolment_for,
    lesson_access_for,
)

__all__ = [
    "PROGRESS_FIELDS",
    "CohortLearnerScope",
    "CourseProgress",
    "CourseQuiz",
    "DashboardCourse",
    "LessonItem",
    "NextStep",
    "QuizSummary",
    "cohort_learners_of",
    "cohort_user_sees_all",
    "cohorts_visible_to",
    "course_index_for_locale",
    "course_lessons",
    "course_next_step",
    "course_progress_for",
    "course_quizzes_for",
    "course_requirement_keys",
    "course_resources",
    "courses_to_take_next",
    "dashboard_for",
    "enrolment_for",
    "learner_data_export",
    "lesson_access_for",
]
