from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
    path(
        "certificates/<int:pk>/<str:language>/certificate.pdf",
        views.download,
        name="download",
    ),
]
