from django.urls import path

from . import admin_views

app_name = "certificates_admin"

urlpatterns = [
    path("<int:pk>/revoke/", admin_views.revoke, name="revoke"),
    path("<int:pk>/reissue/", admin_views.reissue, name="reissue"),
    path("exports/<int:pk>/", admin_views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", admin_views.export_download, name="export_download"),
]
