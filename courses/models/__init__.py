from .cohorts import Cohort, CohortMembership
from .enrolment import Enrolment, EnrolmentSource
from .pages import CourseIndexPage, CourseLevel, CoursePage, LessonPage
from .progress import LessonProgress

__all__ = [
    "Cohort",
    "CohortMembership",
    "CourseIndexPage",
    "CourseLevel",
    "CoursePage",
    "Enrolment",
    "EnrolmentSource",
    "LessonPage",
    "LessonProgress",
]
