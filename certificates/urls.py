from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    # Before verify/<code>/: "offline" is not a code.
    path("verify/offline/", views.verify_offline, name="verify_offline"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
    path("verify/<str:code>/credential.json", views.credential, name="credential"),
    path(
        "certificates/<int:pk>/<str:language>/certificate.pdf",
        views.download,
        name="download",
    ),
]
