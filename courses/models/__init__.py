from .pages import CourseIndexPage, CourseLevel, CoursePage, LessonPage

__all__ = ["CourseIndexPage", "CourseLevel", "CoursePage", "LessonPage"]
