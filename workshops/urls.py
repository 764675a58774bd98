from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("workshops/packs/", views.pack_index, name="pack_index"),
    path(
        "packs/<slug:slug>/<str:language_code>/download/",
        views.pack_download,
        name="pack_download",
    ),
    path("workshops/", views.workshop_list, name="workshop_list"),
    path("workshops/upload/", views.workshop_upload, name="workshop_upload"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop_detail"),
]
