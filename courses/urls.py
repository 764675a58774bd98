from django.urls import path, re_path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/<uuid:course_key>/enrol/", views.enrol, name="enrol"),
    path("courses/<uuid:course_key>/unenrol/", views.unenrol, name="unenrol"),
    path("courses/<uuid:course_key>/complete/", views.course_complete, name="complete"),
    path("lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    path("my-data/", views.my_data, name="my_data"),
    re_path(
        r"^my-data/download\.(?P<fmt>json|csv|xlsx)$",
        views.my_data_download,
        name="my_data_download",
    ),
    path("cohorts/join/", views.cohort_join_view, name="cohort_join"),
    path("job-aids/<int:course_id>/<uuid:aid_id>.pdf", views.job_aid_pdf_view, name="job_aid"),
]
