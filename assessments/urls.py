from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("<int:quiz_id>/start/", views.attempt_start_view, name="start"),
    path("attempts/<int:attempt_id>/", views.attempt_page_view, name="attempt"),
    path(
        "attempts/<int:attempt_id>/page/<int:page_number>/",
        views.attempt_page_view,
        name="question_page",
    ),
    path(
        "attempts/<int:attempt_id>/page/<int:page_number>/autosave/",
        views.attempt_autosave_view,
        name="autosave",
    ),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit_view, name="submit"),
    path("attempts/<int:attempt_id>/result/", views.attempt_result_view, name="result"),
]
