"""Results of a course for trainers: the figures of the tables (`figures`) and of the charts
(`series`), with small groups withheld. Reads only."""

from .figures import (
    COMPLEMENT,
    FEWER_THAN,
    NOT_GIVEN,
    OTHER_COUNTRIES,
    SHOWN,
    SMALL,
    SMALL_GROUP,
    TOP_COUNTRIES,
    WITHHELD,
    Breakdown,
    Cell,
    CourseResults,
    Figures,
    LearnerResult,
    Row,
    course_learner_results_for,
    course_results_for,
)
from .series import SCORE_BAND, Point, Series, course_chart_series_for

__all__ = [
    "COMPLEMENT",
    "FEWER_THAN",
    "NOT_GIVEN",
    "OTHER_COUNTRIES",
    "SCORE_BAND",
    "SHOWN",
    "SMALL",
    "SMALL_GROUP",
    "TOP_COUNTRIES",
    "WITHHELD",
    "Breakdown",
    "Cell",
    "CourseResults",
    "Figures",
    "LearnerResult",
    "Point",
    "Row",
    "Series",
    "course_chart_series_for",
    "course_learner_results_for",
    "course_results_for",
]
